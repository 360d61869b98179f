//! The shape of the code, checked: the top-level modules form layers that
//! only look down (no import cycles), and the view (`app`, `ui`) neither does
//! I/O nor reads the clock, so a frame depends only on the state and `now`.
//!
//! The layers, lowest first, are the README's Architecture section.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Lowest first: a module may use the ones before it, never those after.
const LAYERS: [&str; 10] = [
    "atlas",     // the Admin API: client, auth, pages, errors, model
    "sim",       // the simulator speaks the same API
    "config",    // every source of settings and the one resolver
    "history",   // the SQLite record of jobs and transitions
    "poller",    // background refresh, the store and the history writer
    "app",       // pure view state
    "ui",        // pure drawing
    "list",      // the one-shot command and its formats
    "dashboard", // the event loop, terminal and effects
    "cli",       // the process: arguments, start, dispatch
];

/// What a frame must never depend on: I/O, processes, the environment and
/// the clock.
const IMPURE: [&str; 9] = [
    "Utc::now",
    "Local::now",
    "Instant::now",
    "SystemTime",
    "std::fs",
    "std::env",
    "std::process",
    "tokio::",
    "reqwest",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// The code of a file without its unit tests (`#[cfg(test)]` and after) and
/// without comments.
fn production_code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
    let before_tests = text.split("#[cfg(test)]").next().unwrap_or_default();
    before_tests
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level module a file belongs to (`None` for lib.rs and main.rs).
fn top_module(path: &Path) -> Option<String> {
    let relative = path.strip_prefix(src()).ok()?;
    let mut parts = relative.components();
    let first = parts.next()?.as_os_str().to_str()?;
    if parts.next().is_none() {
        let stem = first.strip_suffix(".rs")?;
        return (stem != "lib" && stem != "main").then(|| stem.to_string());
    }
    Some(first.to_string())
}

/// The top-level modules named by `crate::…` paths in `code`, including
/// grouped imports such as `use crate::{app, ui};`.
fn crate_references(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inside = group.split('}').next().unwrap_or_default();
            for item in inside.split(',') {
                found.insert(leading_ident(item.trim()));
            }
        } else {
            found.insert(leading_ident(rest));
        }
    }
    found.retain(|name| !name.is_empty());
    found
}

fn leading_ident(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// Which top-level modules each top-level module uses.
fn dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files(&src()) {
        let Some(module) = top_module(&file) else {
            continue;
        };
        let used = crate_references(&production_code(&file));
        let entry = graph.entry(module.clone()).or_default();
        entry.extend(used.into_iter().filter(|used| *used != module));
    }
    graph
}

#[test]
fn the_top_level_modules_are_the_layers() {
    let found: BTreeSet<String> = dependencies().into_keys().collect();
    let expected: BTreeSet<String> = LAYERS.iter().map(|layer| layer.to_string()).collect();
    assert_eq!(
        found, expected,
        "src/ should hold exactly these top-level modules (update LAYERS and the README's Architecture section together)"
    );
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let rank = |name: &str| LAYERS.iter().position(|layer| *layer == name);
    let mut upward = Vec::new();
    for (module, used) in dependencies() {
        for dependency in used {
            match (rank(&module), rank(&dependency)) {
                (Some(from), Some(to)) if to < from => {}
                _ => upward.push(format!("{module} -> {dependency}")),
            }
        }
    }
    assert!(
        upward.is_empty(),
        "these uses point up or sideways (an import cycle in the making): {upward:?}"
    );
}

#[test]
fn the_view_does_no_io_and_reads_no_clock() {
    let mut impure = Vec::new();
    for layer in ["app", "ui"] {
        for file in rust_files(&src().join(layer)) {
            let code = production_code(&file);
            for word in IMPURE {
                if code.contains(word) {
                    impure.push(format!("{}: {word}", file.display()));
                }
            }
        }
    }
    assert!(impure.is_empty(), "drawing must stay pure: {impure:?}");
}

#[test]
fn the_checks_see_real_references() {
    // The scanner itself: a grouped import and a path in an expression.
    let code = "use crate::{app, ui::theme};\nlet x = crate::atlas::Target::new(a, b);";
    let found: Vec<String> = crate_references(code).into_iter().collect();
    assert_eq!(found, ["app", "atlas", "ui"]);
    assert!(dependencies()["ui"].contains("app"), "ui draws the app");
}
