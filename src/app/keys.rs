//! The key map: one table that both dispatches keys and builds the help
//! overlay, so what `?` shows is what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// A key as the table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A printable character, with or without Shift.
    Char(char),
    /// Ctrl plus a letter.
    Ctrl(char),
    Code(KeyCode),
}

/// What a key asks the app to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Down,
    Up,
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    First,
    Last,
    NextSort,
    ReverseSort,
    StartFilter,
    /// `1`…`6`: the digit toggles its status in the status filter.
    ToggleStatus,
    /// `7`: in progress and ready only (again: every status).
    ActiveStatuses,
    /// `0`: every status.
    AllStatuses,
    FocusDetail,
    ToggleFocus,
    /// `d`: hide or show the detail pane.
    HideDetail,
    /// `z`: the detail pane fills the body, or goes back.
    ZoomDetail,
    /// `L`: the detail pane's API links folded or listed.
    ApiLinks,
    Back,
    Refresh,
    PickClusters,
    CopyUrls,
    CopyId,
    Open,
    Cancel,
    Export,
    /// `!`: the failing-clusters panel.
    Failing,
    /// `l`: the events panel.
    Events,
    /// `a`: acknowledge the new failures.
    Acknowledge,
    /// `t`: the timeline instead of the list, or back.
    Timeline,
    /// `+`: a shorter timeline span.
    ZoomIn,
    /// `-`: a longer timeline span.
    ZoomOut,
    Help,
    Quit,
}

/// What a key asks while a filter is being typed (other characters are text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterCommand {
    Keep,
    Clear,
    DeleteChar,
    Quit,
}

/// One line of the key map.
#[derive(Debug, Clone, Copy)]
pub struct Binding<C: 'static> {
    pub keys: &'static [Key],
    pub command: C,
    pub help: &'static str,
}

/// Keys of the dashboard; the help overlay lists them in this order.
pub const BINDINGS: &[Binding<Command>] = &[
    bind(
        &[Key::Char('j'), Key::Code(KeyCode::Down)],
        Command::Down,
        "move down (scroll the focused detail)",
    ),
    bind(
        &[Key::Char('k'), Key::Code(KeyCode::Up)],
        Command::Up,
        "move up (scroll the focused detail)",
    ),
    bind(
        &[Key::Code(KeyCode::PageDown), Key::Ctrl('f')],
        Command::PageDown,
        "page down",
    ),
    bind(
        &[Key::Code(KeyCode::PageUp), Key::Ctrl('b')],
        Command::PageUp,
        "page up",
    ),
    bind(&[Key::Ctrl('d')], Command::HalfPageDown, "half a page down"),
    bind(&[Key::Ctrl('u')], Command::HalfPageUp, "half a page up"),
    bind(
        &[Key::Char('g'), Key::Code(KeyCode::Home)],
        Command::First,
        "first job",
    ),
    bind(
        &[Key::Char('G'), Key::Code(KeyCode::End)],
        Command::Last,
        "last job",
    ),
    bind(
        &[Key::Char('s')],
        Command::NextSort,
        "sort by the next column (created, expires, status, cluster, type, id)",
    ),
    bind(&[Key::Char('S')], Command::ReverseSort, "reverse the sort"),
    bind(
        &[Key::Char('/')],
        Command::StartFilter,
        "filter as you type (words, field:value, !term; see below)",
    ),
    bind(
        &STATUS_DIGITS,
        Command::ToggleStatus,
        "toggle 1 in progress, 2 ready, 3 finished, 4 failed, 5 cancelled, 6 expired",
    ),
    bind(
        &[Key::Char('7')],
        Command::ActiveStatuses,
        "only the active jobs: in progress and ready (again: all)",
    ),
    bind(&[Key::Char('0')], Command::AllStatuses, "every status"),
    bind(
        &[Key::Code(KeyCode::Enter)],
        Command::FocusDetail,
        "focus the detail pane",
    ),
    bind(
        &[Key::Code(KeyCode::Tab)],
        Command::ToggleFocus,
        "switch focus between table and detail",
    ),
    bind(
        &[Key::Char('d')],
        Command::HideDetail,
        "hide or show the detail pane (the table gets its rows)",
    ),
    bind(
        &[Key::Char('z')],
        Command::ZoomDetail,
        "zoom the detail pane to the whole body (z or Esc back)",
    ),
    bind(
        &[Key::Char('L')],
        Command::ApiLinks,
        "expand or fold the detail pane's API links",
    ),
    bind(
        &[Key::Code(KeyCode::Esc)],
        Command::Back,
        "back to the table (out of the zoom); clear the filter text",
    ),
    bind(
        &[Key::Char('r')],
        Command::Refresh,
        "refresh every cluster now",
    ),
    bind(
        &[Key::Char('c')],
        Command::PickClusters,
        "pick the clusters to watch (the picker lists its keys)",
    ),
    bind(
        &[Key::Char('y')],
        Command::CopyUrls,
        "copy the job's download URLs to the clipboard (OSC 52)",
    ),
    bind(&[Key::Char('Y')], Command::CopyId, "copy the job id"),
    bind(
        &[Key::Char('o')],
        Command::Open,
        "open the download URL in the browser",
    ),
    bind(
        &[Key::Char('x')],
        Command::Cancel,
        "cancel the job (asks first; needs --allow-cancel)",
    ),
    bind(
        &[Key::Char('e')],
        Command::Export,
        "export the jobs shown to a JSON file",
    ),
    bind(
        &[Key::Char('!')],
        Command::Failing,
        "failing clusters: full messages, last success, next retry",
    ),
    bind(
        &[Key::Char('l')],
        Command::Events,
        "this session's status changes, newest first (Esc, l or q closes)",
    ),
    bind(
        &[Key::Char('t')],
        Command::Timeline,
        "timeline: one lane per cluster, a bar per job (t, Esc or q: back to the list)",
    ),
    bind(
        &[Key::Char('+')],
        Command::ZoomIn,
        "timeline: zoom in (7d, 24h, 6h)",
    ),
    bind(
        &[Key::Char('-')],
        Command::ZoomOut,
        "timeline: zoom out (6h, 24h, 7d)",
    ),
    bind(
        &[Key::Char('a')],
        Command::Acknowledge,
        "acknowledge the new failures",
    ),
    bind(
        &[Key::Char('?')],
        Command::Help,
        "this help: j/k, PgUp/PgDn, g/G scroll; q, Esc or ? close",
    ),
    bind(&[Key::Char('q'), Key::Ctrl('c')], Command::Quit, "quit"),
];

/// Keys while typing a filter; any other character is added to it.
pub const FILTER_BINDINGS: &[Binding<FilterCommand>] = &[
    bind(
        &[Key::Code(KeyCode::Enter)],
        FilterCommand::Keep,
        "keep the filter",
    ),
    bind(
        &[Key::Code(KeyCode::Esc)],
        FilterCommand::Clear,
        "clear the filter",
    ),
    bind(
        &[Key::Code(KeyCode::Backspace)],
        FilterCommand::DeleteChar,
        "delete a character",
    ),
    bind(&[Key::Ctrl('c')], FilterCommand::Quit, "quit"),
];

const STATUS_DIGITS: [Key; 6] = [
    Key::Char('1'),
    Key::Char('2'),
    Key::Char('3'),
    Key::Char('4'),
    Key::Char('5'),
    Key::Char('6'),
];

const fn bind<C: Copy>(keys: &'static [Key], command: C, help: &'static str) -> Binding<C> {
    Binding {
        keys,
        command,
        help,
    }
}

/// The command `event` is bound to in `table`.
pub fn lookup<C: Copy>(table: &[Binding<C>], event: &KeyEvent) -> Option<C> {
    table
        .iter()
        .find(|binding| binding.keys.iter().any(|key| key.matches(event)))
        .map(|binding| binding.command)
}

/// Whether the event is a press (or auto-repeat), not a release.
pub fn is_press(event: &KeyEvent) -> bool {
    event.kind != KeyEventKind::Release
}

/// The character a key types into the filter, if it types one.
pub fn typed_char(event: &KeyEvent) -> Option<char> {
    match event.code {
        KeyCode::Char(c) if !has_command_modifier(event) => Some(c),
        _ => None,
    }
}

fn has_command_modifier(event: &KeyEvent) -> bool {
    event
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

impl Key {
    pub fn matches(self, event: &KeyEvent) -> bool {
        match self {
            Key::Char(c) => event.code == KeyCode::Char(c) && !has_command_modifier(event),
            Key::Ctrl(c) => {
                event.modifiers.contains(KeyModifiers::CONTROL)
                    && matches!(event.code, KeyCode::Char(typed) if typed.eq_ignore_ascii_case(&c))
            }
            Key::Code(code) => event.code == code,
        }
    }

    /// How the help overlay names the key.
    pub fn label(self) -> String {
        match self {
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{c}"),
            Key::Code(code) => code_label(code).to_string(),
        }
    }
}

fn code_label(code: KeyCode) -> &'static str {
    match code {
        KeyCode::Down => "↓",
        KeyCode::Up => "↑",
        KeyCode::PageDown => "PgDn",
        KeyCode::PageUp => "PgUp",
        KeyCode::Home => "Home",
        KeyCode::End => "End",
        KeyCode::Enter => "Enter",
        KeyCode::Tab => "Tab",
        KeyCode::Esc => "Esc",
        KeyCode::Backspace => "Backspace",
        _ => "?",
    }
}

/// All labels of a binding, joined for display.
pub fn keys_label<C>(binding: &Binding<C>) -> String {
    if binding.keys == STATUS_DIGITS {
        return "1…6".to_string();
    }
    let labels: Vec<String> = binding.keys.iter().map(|key| key.label()).collect();
    labels.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn shifted_letters_and_control_keys_find_their_commands() {
        let shifted = press(KeyCode::Char('S'), KeyModifiers::SHIFT);
        assert_eq!(lookup(BINDINGS, &shifted), Some(Command::ReverseSort));
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(lookup(BINDINGS, &ctrl_c), Some(Command::Quit));
        let ctrl_j = press(KeyCode::Char('j'), KeyModifiers::CONTROL);
        assert_eq!(lookup(BINDINGS, &ctrl_j), None);
    }

    #[test]
    fn no_key_is_bound_twice() {
        let keys: Vec<Key> = BINDINGS
            .iter()
            .flat_map(|b| b.keys.iter().copied())
            .collect();
        for (at, key) in keys.iter().enumerate() {
            assert!(!keys[at + 1..].contains(key), "{key:?} bound twice");
        }
    }
}
