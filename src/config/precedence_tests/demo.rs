//! `--demo` as a source: the simulator's URL, credentials and clusters in
//! place of the environment and the Atlas CLI profile (neither is read),
//! below the flags' targets, with our config file's interval, API version
//! and preferences, through the same checks as an account.

use super::*;

/// What `--demo` hands over once the simulator is up.
fn demo(base_url: &str) -> DemoSource {
    DemoSource {
        base_url: base_url.into(),
        credentials: ApiKey::new("demopub", "demopriv").into(),
        clusters: vec![
            Target::new("00000000000000000000d001", "orders"),
            Target::new("00000000000000000000d001", "billing"),
        ],
    }
}

const LOOPBACK: &str = "http://127.0.0.1:9";

fn demo_resolved(
    home: &TempHome,
    flags: &[&str],
    env: &[(&str, &str)],
) -> Result<Settings, ConfigError> {
    resolve(&args(flags), &home.env(env), Some(demo(LOOPBACK)))
}

/// Every source an account would read, all pointing elsewhere.
fn account_everywhere(name: &str) -> TempHome {
    let home = TempHome::new(name);
    home.atlascli(PROFILES);
    home.own(
        "clusters = [\"0000000000000000000000a1/a\"]\nprojects = [\"0000000000000000000000a2\"]\nbase_url = \"https://file.example\"\n\
         profile = \"sa\"\ninterval = \"1m\"\napi = \"v1\"\ntheme = \"light\"\n\
         [notifications]\nbell = true\n",
    );
    home
}

const ACCOUNT_ENV: [(&str, &str); 4] = [
    ENV_KEY[0],
    ENV_KEY[1],
    (ENV_BASE_URL, "https://env.example"),
    (ENV_PROJECT_ID, "00000000000000000000e001"),
];

#[test]
fn the_demo_replaces_the_environment_the_profile_and_the_files_targets() {
    let home = account_everywhere("demo");
    let settings = demo_resolved(&home, &["--base-url", "https://flag.example"], &ACCOUNT_ENV)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(settings.transport.base_url, LOOPBACK, "not the flag's URL");
    assert_eq!(settings.transport.credentials.public_id(), "demopub");
    assert_eq!(settings.transport.notice, None);
    assert_eq!(
        settings.targets.clusters,
        vec![
            Target::new("00000000000000000000d001", "orders"),
            Target::new("00000000000000000000d001", "billing")
        ]
    );
    assert!(settings.targets.projects.is_empty(), "not the file's");
    assert_eq!(settings.interval, Duration::from_secs(60), "the file's");
    assert_eq!(settings.transport.api, ApiVersion::V1, "the file's");
    assert_eq!(settings.preferences.theme, Theme::Light);
    assert!(settings.preferences.notify.bell);
}

#[test]
fn the_flags_targets_interval_and_api_beat_the_demo_and_the_file() {
    let home = account_everywhere("demoflags");
    let flags = [
        "--cluster",
        "0000000000000000000000a9/z",
        "--interval",
        "1s",
        "--api",
        "v2",
    ];
    let settings = demo_resolved(&home, &flags, &[]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        settings.targets.clusters,
        vec![Target::new("0000000000000000000000a9", "z")]
    );
    assert_eq!(
        settings.interval,
        Duration::from_secs(1),
        "loopback: no floor"
    );
    assert_eq!(settings.transport.api, ApiVersion::V2);
    let project = demo_resolved(&home, &["--project", "00000000000000000000d001"], &[]);
    let project = project.unwrap_or_else(|e| panic!("{e}"));
    assert!(project.targets.clusters.is_empty());
    assert_eq!(
        project.targets.projects,
        vec!["00000000000000000000d001".to_string()]
    );
    let bare = demo_resolved(&home, &["--cluster", "orders"], &ACCOUNT_ENV);
    assert!(
        bare.is_err_and(|e| e.0.contains("--cluster orders has no project")),
        "MONGODB_ATLAS_PROJECT_ID is not read"
    );
}

#[test]
fn the_demo_reads_no_profile_and_no_credentials_from_the_environment() {
    let home = TempHome::new("demonoprofile");
    let half_pair = [(ENV_CLIENT_ID, "id")];
    let settings = demo_resolved(&home, &["--profile", "nope"], &half_pair);
    let settings = settings.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(settings.transport.credentials.public_id(), "demopub");
    let typo = home.own("intervall = \"30s\"\n");
    let error = demo_resolved(&home, &[], &[]).err().map(|e| e.0);
    let error = error.unwrap_or_default();
    assert!(error.contains(path_str(&typo)) && error.contains("intervall"));
}

#[test]
fn a_demo_off_this_machine_meets_the_same_checks_as_an_account() {
    let home = TempHome::new("demoremote");
    let remote = |flags: &[&str]| {
        resolve(
            &args(flags),
            &home.env(&[]),
            Some(demo("http://demo.example")),
        )
    };
    let refused = remote(&[]);
    assert!(refused.is_err_and(|e| e.0.contains("--allow-insecure-http")));
    let allowed = remote(&["--allow-insecure-http"]).unwrap_or_else(|e| panic!("{e}"));
    let notice = allowed.transport.notice.unwrap_or_default();
    assert!(notice.contains("plain http://"), "{notice}");
    let fast = remote(&["--allow-insecure-http", "--interval", "1s"]);
    assert!(fast.is_err_and(|e| e.0.contains("too short")));
}

#[test]
fn the_demo_saves_the_picker_s_choice_only_to_an_explicit_config() {
    let home = account_everywhere("demo-save");
    let settings = demo_resolved(&home, &[], &[]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        settings.preferences.config_path, None,
        "the demo's clusters stay out of the user's own file"
    );
    let mine = home.path().join("demo.toml");
    std::fs::write(&mine, "").unwrap_or_else(|e| panic!("{e}"));
    let flag = ["--config", mine.to_str().unwrap_or_default()];
    let settings = demo_resolved(&home, &flag, &[]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(settings.preferences.config_path, Some(mine));
}
