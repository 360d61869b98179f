//! The config file's `exclude` (the picker's saved exclusions) with
//! projects named by the flags, and the Atlas UI's host from the base URL.

use super::*;

#[test]
fn the_files_exclusions_hold_when_project_comes_from_the_flags_and_the_ui_is_on_its_host() {
    let home = TempHome::new("exclude");
    home.own(
        "clusters = [\"00000000000000000000bf01/orders\"]\nexclude = [\"00000000000000000000bf01/search\"]\n",
    );
    let settings = resolved(
        &home,
        &[
            "--project",
            "00000000000000000000bf01",
            "--base-url",
            "https://cloud.mongodbgov.com/some/path",
        ],
        &ENV_KEY,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        settings.targets.clusters.is_empty(),
        "--project overrides clusters"
    );
    assert_eq!(
        settings.targets.exclude,
        vec![Target::new("00000000000000000000bf01", "search")],
        "but not the exclusions"
    );
    assert_eq!(
        settings.transport.ui_origin().as_deref(),
        Some("https://cloud.mongodbgov.com")
    );
}
