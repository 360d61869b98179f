//! `atlas-restores history`: reads the restore history file and prints it;
//! no Atlas, no credentials. `--cluster GROUP_ID/NAME` (repeatable) narrows
//! it to those clusters; `--history PATH` names another file.

use std::io::Write;
use std::process::ExitCode;

use chrono::{TimeDelta, Utc};

use super::exits::unless_closed;
use super::{GlobalArgs, HistoryArgs, USAGE};
use crate::atlas::Target;
use crate::list::history;

pub fn run(
    global: &GlobalArgs,
    args: &HistoryArgs,
    env: &dyn Fn(&str) -> Option<String>,
) -> color_eyre::Result<ExitCode> {
    if global.no_history {
        eprintln!("error: --no-history: there is no history to print");
        return Ok(ExitCode::from(USAGE));
    }
    let set = |name: &str| env(name).filter(|value| !value.trim().is_empty());
    let file = match crate::config::load_file(global.config.as_deref(), &set) {
        Ok(file) => file,
        Err(error) => {
            eprintln!("error: {error}");
            return Ok(ExitCode::from(USAGE));
        }
    };
    let Some(path) = crate::config::history_path(global, &file, env, false) else {
        eprintln!(
            "error: no history is kept (`history = false` in {}), or no folder for it: set XDG_STATE_HOME or HOME, or give --history PATH",
            file.path
                .as_deref()
                .map_or("the config file".into(), |p| p.display().to_string())
        );
        return Ok(ExitCode::from(USAGE));
    };
    let mut clusters = Vec::new();
    for name in &global.clusters {
        match name.split_once('/') {
            Some((group, cluster)) if !group.is_empty() && !cluster.is_empty() => {
                clusters.push(Target::new(group, cluster));
            }
            _ => {
                eprintln!("error: history --cluster {name:?}: give it as GROUP_ID/NAME");
                return Ok(ExitCode::from(USAGE));
            }
        }
    }
    let now = Utc::now();
    let back = TimeDelta::from_std(args.since).unwrap_or(TimeDelta::MAX);
    let since = now
        .checked_sub_signed(back)
        .unwrap_or(chrono::DateTime::<Utc>::MIN_UTC);
    let report = match history::read(&path, since, &clusters, now) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {error}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let mut out = std::io::stdout().lock();
    unless_closed(history::print(&report, args.output, &mut out).and_then(|()| out.flush()))?;
    Ok(ExitCode::SUCCESS)
}
