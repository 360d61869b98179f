//! The dashboard's preferences: `NO_COLOR` over `--theme` over the file's
//! `theme`; notification flags over the file's `[notifications]`; the
//! clipboard, mouse, cancel permission and where `w` saves.

use super::*;

fn preferences(home: &TempHome, flags: &[&str], env: &[(&str, &str)]) -> Preferences {
    let flags = [flags, &["--project", "0000000000000000000000a0"]].concat();
    let env = [env, &ENV_KEY].concat();
    resolved(home, &flags, &env)
        .unwrap_or_else(|e| panic!("{e}"))
        .preferences
}

#[test]
fn no_color_beats_the_theme_flag_which_beats_the_file() {
    let home = TempHome::new("theme");
    assert_eq!(preferences(&home, &[], &[]).theme, Theme::Dark);
    home.own("theme = \"light\"\n");
    assert_eq!(preferences(&home, &[], &[]).theme, Theme::Light);
    let flag = preferences(&home, &["--theme", "16"], &[]);
    assert_eq!(flag.theme, Theme::Basic16, "the flag beats the file");
    let no_color = preferences(&home, &["--theme", "16"], &[("NO_COLOR", "1")]);
    assert_eq!(no_color.theme, Theme::Mono, "NO_COLOR beats the flag");
    let file_only = preferences(&home, &[], &[("NO_COLOR", "yes")]);
    assert_eq!(file_only.theme, Theme::Mono, "NO_COLOR beats the file");
    let empty = preferences(&home, &["--theme", "16"], &[("NO_COLOR", "")]);
    assert_eq!(empty.theme, Theme::Basic16, "an empty NO_COLOR is unset");
}

#[test]
fn notification_flags_switch_on_and_override_the_file() {
    let home = TempHome::new("notify");
    let none = preferences(&home, &[], &[]).notify;
    assert_eq!(none, NotificationRules::default());
    assert!(!none.enabled(), "nothing rings by default");
    home.own(
        "[notifications]\nbell = false\ndesktop = true\nexpiring_within = \"15m\"\n\
         on = [\"failed\"]\n",
    );
    let file = preferences(&home, &[], &[]).notify;
    assert!(!file.bell && file.desktop);
    assert_eq!(file.expiring_within, Duration::from_secs(900));
    assert_eq!(file.on, vec![NotifyOn::Failed]);
    let flags = preferences(&home, &["--bell", "--expiry-warning", "2m"], &[]).notify;
    assert!(flags.bell, "--bell switches the bell on");
    assert!(flags.desktop, "the file's desktop stays on");
    assert_eq!(flags.expiring_within, Duration::from_secs(120));
    assert_eq!(
        flags.on,
        vec![NotifyOn::Failed],
        "the events stay the file's"
    );
    let desktop = preferences(&TempHome::new("desk"), &["--desktop-notify"], &[]).notify;
    assert!(desktop.desktop && !desktop.bell);
    assert_eq!(desktop.expiring_within, DEFAULT_EXPIRING_WITHIN);
}

#[test]
fn clipboard_mouse_and_cancel_come_from_the_flags() {
    let home = TempHome::new("flags");
    let defaults = preferences(&home, &[], &[]);
    assert_eq!(defaults.clipboard, ClipboardMode::Osc52);
    assert!(defaults.mouse && !defaults.allow_cancel);
    let set = preferences(
        &home,
        &["--clipboard", "command", "--no-mouse", "--allow-cancel"],
        &[],
    );
    assert_eq!(set.clipboard, ClipboardMode::Command);
    assert!(!set.mouse && set.allow_cancel);
}

#[test]
fn w_saves_to_the_config_flag_else_the_usual_place() {
    let home = TempHome::new("save");
    let usual = preferences(&home, &[], &[]).config_path;
    assert_eq!(usual, Some(home.path().join("atlas-restores/config.toml")));
    let mine = home.write("mine.toml", "");
    let flag = preferences(&home, &["--config", path_str(&mine)], &[]).config_path;
    assert_eq!(flag, Some(mine));
}
