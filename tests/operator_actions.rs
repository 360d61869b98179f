//! The operator keys as the app sees them: `y`/`Y` copy, `o` opens, `x`
//! cancels behind `--allow-cancel` and a confirmation, `e` exports; each
//! asks the event loop for an effect or says on the flash why not.

mod common;

use atlas_restores::app::{App, CancelRequest, Effect, FlashKind};
use atlas_restores::atlas::Target;
use atlas_restores::atlas::{JobStatus, RestoreJob};
use atlas_restores::dashboard::effects::export::{self, ExportRequest};
use common::screen::{render, screen_text};
use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::{Value, json};

fn press(app: &mut App, c: char) -> Option<Effect> {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn flash_text(app: &App) -> String {
    app.flash().map(|f| f.text.clone()).unwrap_or_default()
}

/// A ready download with a delivery URL and two shard URLs, a running
/// automated restore, and a failed one.
fn app() -> App {
    let sharded = job(json!({
        "id": object_id(5, 1),
        "deliveryType": "download",
        "deliveryUrl": ["https://restore.example.net/1/all.tar.gz"],
        "components": [
            {"replicaSetName": "rs0", "downloadUrl": "https://restore.example.net/1/rs0.tar.gz"},
            {"replicaSetName": "rs1", "downloadUrl": "https://restore.example.net/1/rs1.tar.gz"},
        ],
        "expiresAt": rfc3339(minutes_from_now(50)),
        "unknownField": {"kept": true},
    }));
    let data = StoreBuilder::new()
        .target("g1", "alpha", vec![sharded, automated_job(10, 2, "copy")])
        .target("g2", "beta", vec![flagged_job(20, 3, "failed")])
        .build();
    App::new(data)
}

#[test]
fn y_copies_every_download_url_one_per_line() {
    let mut app = app();
    let effect = press(&mut app, 'y');
    let text = "https://restore.example.net/1/all.tar.gz\n\
                https://restore.example.net/1/rs0.tar.gz\n\
                https://restore.example.net/1/rs1.tar.gz";
    assert_eq!(
        effect,
        Some(Effect::Copy {
            text: text.to_string(),
            what: "3 URLs".to_string()
        })
    );
}

#[test]
fn capital_y_copies_the_job_id() {
    let mut app = app();
    press(&mut app, 'j');
    let effect = press(&mut app, 'Y');
    assert_eq!(
        effect,
        Some(Effect::Copy {
            text: object_id(10, 2),
            what: "the job id".to_string()
        })
    );
}

#[test]
fn y_on_a_job_without_urls_says_so_and_copies_nothing() {
    let mut app = app();
    press(&mut app, 'j');
    assert_eq!(press(&mut app, 'y'), None);
    assert_eq!(
        flash_text(&app),
        "no delivery URL to copy: the job is in progress"
    );
    assert_eq!(app.flash().map(|f| f.kind), Some(FlashKind::Error));
}

#[test]
fn o_opens_the_first_download_url() {
    let mut app = app();
    let effect = press(&mut app, 'o');
    let url = "https://restore.example.net/1/all.tar.gz".to_string();
    assert_eq!(effect, Some(Effect::Open { url }));
    press(&mut app, 'j');
    assert_eq!(press(&mut app, 'o'), None);
    assert!(flash_text(&app).starts_with("no delivery URL to open"));
}

#[test]
fn x_without_allow_cancel_says_the_dashboard_is_read_only() {
    let mut app = app();
    assert_eq!(press(&mut app, 'x'), None);
    assert!(app.confirming().is_none());
    assert_eq!(
        flash_text(&app),
        "read-only: start with --allow-cancel to cancel jobs"
    );
}

#[test]
fn x_then_y_cancels_the_selected_job() {
    let mut app = app();
    app.set_allow_cancel(true);
    press(&mut app, 'j');
    assert_eq!(press(&mut app, 'x'), None, "nothing happens before y");
    let request = CancelRequest {
        target: Target::new("g1", "alpha"),
        job_id: object_id(10, 2),
    };
    assert_eq!(app.confirming(), Some(&request));
    assert_eq!(press(&mut app, 'y'), Some(Effect::Cancel(request)));
    assert!(app.confirming().is_none());
}

#[test]
fn any_other_key_keeps_the_job() {
    let mut app = app();
    app.set_allow_cancel(true);
    press(&mut app, 'x');
    assert_eq!(press(&mut app, 'n'), None);
    assert!(app.confirming().is_none());
    assert!(flash_text(&app).starts_with("kept restore job"));
    press(&mut app, 'x');
    let esc = app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert_eq!(esc, None);
    assert!(app.confirming().is_none());
    assert_eq!(app.selected_row(), Some(0), "the key did nothing else");
}

#[test]
fn a_finished_job_cannot_be_cancelled() {
    let mut app = app();
    app.set_allow_cancel(true);
    press(&mut app, 'G');
    assert_eq!(
        app.selected_job().map(|(_, j)| j.status()),
        Some(JobStatus::Failed)
    );
    assert_eq!(press(&mut app, 'x'), None);
    assert!(app.confirming().is_none());
    assert_eq!(
        flash_text(&app),
        format!(
            "restore job {} is failed: it cannot be cancelled",
            object_id(20, 3)
        )
    );
}

#[test]
fn the_confirmation_popup_names_the_job_the_cluster_and_cancel() {
    let mut app = app();
    app.set_allow_cancel(true);
    press(&mut app, 'x');
    let screen = screen_text(&render(&mut app, 160, 40));
    assert!(
        screen.contains(&format!("Cancel restore job {}", object_id(5, 1))),
        "{screen}"
    );
    assert!(screen.contains("of cluster g1/alpha?"), "{screen}");
    assert!(
        screen.contains("y: cancel it, any other key: keep it"),
        "{screen}"
    );
}

#[test]
fn the_flash_replaces_the_key_hints_but_help_and_quit_until_cleared() {
    let mut app = app();
    press(&mut app, 'x');
    let draw = |app: &mut App| screen_text(&render(app, 160, 40));
    let screen = draw(&mut app);
    let status = screen.lines().last().unwrap_or_default();
    assert!(
        status.contains("read-only: start with --allow-cancel to cancel jobs   ? help · q quit"),
        "{status}"
    );
    assert!(!status.contains("/ filter"), "{status}");
    let serial = app.flash_serial();
    app.clear_flash();
    assert_eq!(app.flash_serial(), serial);
    assert!(draw(&mut app).contains("? help · / filter"));
}

#[test]
fn e_exports_the_visible_jobs_in_table_order() {
    let mut app = app();
    press(&mut app, 's'); // by expiry: the download first, then the rest
    press(&mut app, '4'); // only failed
    let Some(Effect::Export(request)) = press(&mut app, 'e') else {
        panic!("e asks for an export");
    };
    assert_eq!(request.statuses, [JobStatus::Failed]);
    let ids: Vec<&str> = request.jobs.iter().map(|j| j.job.id.as_str()).collect();
    assert_eq!(ids, [object_id(20, 3)]);
    assert_eq!(request.jobs[0].group_id, "g2");
    assert_eq!(request.jobs[0].cluster_name, "beta");
    press(&mut app, '0');
    let Some(Effect::Export(request)) = press(&mut app, 'e') else {
        panic!("e asks for an export");
    };
    let ids: Vec<String> = request.jobs.iter().map(|j| j.job.id.to_string()).collect();
    assert_eq!(ids, row_ids(&app));
}

#[test]
fn the_export_file_is_valid_json_with_every_modelled_field_of_the_jobs() {
    let mut app = app();
    let Some(Effect::Export(request)) = press(&mut app, 'e') else {
        panic!("e asks for an export");
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = export::write(&request, dir.path(), now()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        path.file_name().and_then(|n| n.to_str()),
        Some("atlas-restores-20240501-120000.json")
    );
    assert!(path.is_absolute());
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let document: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert_eq!(document["exportedAt"], "2024-05-01T12:00:00Z");
    assert_eq!(document["filter"], json!({"text": "", "status": []}));
    let jobs = document["jobs"].as_array().cloned().unwrap_or_default();
    assert_eq!(jobs.len(), 3);
    assert_eq!(jobs[0]["groupId"], "g1");
    assert_eq!(jobs[0]["clusterName"], "alpha");
    assert_eq!(jobs[0]["job"]["components"][1]["replicaSetName"], "rs1");
    assert_eq!(
        jobs[0]["job"]["deliveryUrl"],
        json!(["https://restore.example.net/1/all.tar.gz"])
    );
    // Every field the dashboard knows is written back in Atlas's names: the
    // exported object reads back as the same job.
    for (written, exported) in jobs.iter().zip(&request.jobs) {
        let read_back = RestoreJob::from_value(written["job"].clone());
        assert_eq!(read_back.ok().as_ref(), Some(&exported.job));
    }
    // The dashboard keeps no text as sent: a field it does not model is not
    // exported (`list --output json` gives the objects as sent).
    assert_eq!(jobs[0]["job"].get("unknownField"), None);
    let message = export::outcome_message(&Ok(path.clone()), 3);
    assert_eq!(
        message,
        Ok(format!("exported 3 jobs to {}", path.display()))
    );
}

#[test]
fn exports_in_the_same_second_get_their_own_files_and_never_overwrite() {
    let request = |text: &str| ExportRequest {
        filter_text: text.into(),
        statuses: Vec::new(),
        jobs: Vec::new(),
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let paths: Vec<std::path::PathBuf> = ["first", "second", "third"]
        .into_iter()
        .map(|text| export::write(&request(text), dir.path(), now()))
        .map(|written| written.unwrap_or_else(|e| panic!("e pressed again fails: {e}")))
        .collect();
    let names: Vec<&str> = paths
        .iter()
        .filter_map(|p| p.file_name().and_then(|n| n.to_str()))
        .collect();
    assert_eq!(
        names,
        [
            "atlas-restores-20240501-120000.json",
            "atlas-restores-20240501-120000-2.json",
            "atlas-restores-20240501-120000-3.json",
        ]
    );
    for (path, text) in paths.iter().zip(["first", "second", "third"]) {
        let written: Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap_or_default())
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            written["filter"]["text"], text,
            "each file kept its own export"
        );
    }
}

#[cfg(unix)]
#[test]
fn export_files_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let request = ExportRequest {
        filter_text: String::new(),
        statuses: Vec::new(),
        jobs: Vec::new(),
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for _ in 0..2 {
        let path = export::write(&request, dir.path(), now()).unwrap_or_else(|e| panic!("{e}"));
        let mode = std::fs::metadata(&path).map(|m| m.permissions().mode() & 0o777);
        assert_eq!(
            mode.ok(),
            Some(0o600),
            "{}: holds delivery URLs",
            path.display()
        );
    }
}

#[test]
fn every_new_key_is_in_the_help() {
    let mut app = app();
    press(&mut app, '?');
    let screen = screen_text(&render(&mut app, 160, 45));
    for words in [
        "copy the job's download URLs",
        "copy the job id",
        "open the download URL",
        "cancel the job",
        "export the jobs shown",
    ] {
        assert!(screen.contains(words), "{words} not in:\n{screen}");
    }
}
