//! Colours measured as xterm shows them: the RGB of each terminal colour
//! (xterm's 16 ANSI colours; the 6×6×6 cube with levels 0, 95, 135, 175,
//! 215, 255; the grey ramp 8 + 10n), WCAG 2's relative luminance and
//! contrast ratio, and the hue angle. `tests/colour_contrast.rs` holds every
//! theme to its numbers.

use ratatui::style::Color;

/// Red, green, blue, 0–255.
pub type Rgb = [u8; 3];

/// xterm's 16 ANSI colours (its defaults, `XTerm*color0`…`color15`).
const ANSI: [Rgb; 16] = [
    [0, 0, 0],
    [205, 0, 0],
    [0, 205, 0],
    [205, 205, 0],
    [0, 0, 238],
    [205, 0, 205],
    [0, 205, 205],
    [229, 229, 229],
    [127, 127, 127],
    [255, 0, 0],
    [0, 255, 0],
    [255, 255, 0],
    [92, 92, 255],
    [255, 0, 255],
    [0, 255, 255],
    [255, 255, 255],
];

/// The levels of each axis of the 256-colour cube (colours 16–231).
const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

/// What xterm shows for `color`; `None` for the terminal's own default.
pub fn rgb(color: Color) -> Option<Rgb> {
    let ansi = |n: usize| ANSI.get(n).copied();
    match color {
        Color::Reset => None,
        Color::Black => ansi(0),
        Color::Red => ansi(1),
        Color::Green => ansi(2),
        Color::Yellow => ansi(3),
        Color::Blue => ansi(4),
        Color::Magenta => ansi(5),
        Color::Cyan => ansi(6),
        Color::Gray => ansi(7),
        Color::DarkGray => ansi(8),
        Color::LightRed => ansi(9),
        Color::LightGreen => ansi(10),
        Color::LightYellow => ansi(11),
        Color::LightBlue => ansi(12),
        Color::LightMagenta => ansi(13),
        Color::LightCyan => ansi(14),
        Color::White => ansi(15),
        Color::Indexed(n @ 0..=15) => ansi(usize::from(n)),
        Color::Indexed(n @ 16..=231) => {
            let n = usize::from(n - 16);
            let level = |axis: usize| CUBE.get(axis % 6).copied();
            Some([level(n / 36)?, level(n / 6)?, level(n)?])
        }
        Color::Indexed(n) => {
            let grey = 8 + 10 * (n - 232);
            Some([grey; 3])
        }
        Color::Rgb(r, g, b) => Some([r, g, b]),
    }
}

/// WCAG 2 relative luminance, 0 (black) to 1 (white).
pub fn luminance([r, g, b]: Rgb) -> f64 {
    let linear = |channel: u8| {
        let c = f64::from(channel) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// WCAG 2 contrast ratio, 1 (same) to 21 (black on white); symmetric.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// The hue angle in degrees (0 red, 120 green, 240 blue), as HSL and HSV
/// define it; `None` for a grey, which has none.
pub fn hue([r, g, b]: Rgb) -> Option<f64> {
    let (r, g, b) = (f64::from(r), f64::from(g), f64::from(b));
    let max = r.max(g).max(b);
    let chroma = max - r.min(g).min(b);
    if chroma == 0.0 {
        return None;
    }
    let sector = if max == r {
        ((g - b) / chroma).rem_euclid(6.0)
    } else if max == g {
        (b - r) / chroma + 2.0
    } else {
        (r - g) / chroma + 4.0
    };
    Some(60.0 * sector)
}

/// How far apart two hues are on the circle, 0–180 degrees.
pub fn hue_distance(a: f64, b: f64) -> f64 {
    let d = (a - b).rem_euclid(360.0);
    d.min(360.0 - d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_256_colour_table_is_xterms() {
        assert_eq!(rgb(Color::Indexed(16)), Some([0, 0, 0]));
        assert_eq!(rgb(Color::Indexed(45)), Some([0, 215, 255]));
        assert_eq!(rgb(Color::Indexed(75)), Some([95, 175, 255]));
        assert_eq!(rgb(Color::Indexed(203)), Some([255, 95, 95]));
        assert_eq!(rgb(Color::Indexed(231)), Some([255, 255, 255]));
        assert_eq!(rgb(Color::Indexed(232)), Some([8, 8, 8]));
        assert_eq!(rgb(Color::Indexed(255)), Some([238, 238, 238]));
        assert_eq!(rgb(Color::Indexed(9)), rgb(Color::LightRed));
        assert_eq!(rgb(Color::Blue), Some([0, 0, 238]));
        assert_eq!(rgb(Color::Reset), None);
    }

    #[test]
    fn contrast_follows_wcag() {
        let (black, white) = ([0, 0, 0], [255, 255, 255]);
        assert!((contrast(black, white) - 21.0).abs() < 1e-9);
        assert!((contrast(white, white) - 1.0).abs() < 1e-9);
        // WebAIM's checker: #767676 on white is 4.54:1.
        assert!((contrast([118, 118, 118], white) - 4.54).abs() < 0.01);
    }

    #[test]
    fn hues_go_round_the_circle() {
        assert_eq!(hue([255, 0, 0]), Some(0.0));
        assert_eq!(hue([0, 255, 0]), Some(120.0));
        assert_eq!(hue([0, 0, 255]), Some(240.0));
        assert_eq!(hue([255, 0, 255]), Some(300.0));
        assert_eq!(hue([128, 128, 128]), None);
        assert!((hue_distance(350.0, 10.0) - 20.0).abs() < 1e-9);
        assert!((hue_distance(0.0, 180.0) - 180.0).abs() < 1e-9);
    }
}
