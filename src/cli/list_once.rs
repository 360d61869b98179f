//! `atlas-restores list`: fetch every target once and print the jobs; exit
//! 0 when everything was fetched, 1 when a target failed, 2 when there is
//! nothing to watch. A reader that stops early (`| head`) ends it quietly.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::exits::unless_closed;
use crate::cli::launch::Launch;
use crate::cli::{ListArgs, USAGE};
use crate::config;
use crate::list::{self, watch_list};

pub async fn run(launch: &Launch, args: &ListArgs) -> color_eyre::Result<ExitCode> {
    let targets = &launch.settings.targets;
    if targets.is_empty() {
        eprintln!("error: {}", config::nothing_to_watch());
        return Ok(ExitCode::from(USAGE));
    }
    let watch = watch_list::expand(&launch.client, targets).await;
    let results = list::fetch_all(&launch.client, &watch).await;
    let now = chrono::Utc::now();
    let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr().lock());
    let complete = match list::print(&results, &watch, args.output, now, &mut out, &mut err) {
        Ok(complete) => out.flush().map(|()| complete),
        Err(error) => Err(error),
    };
    let complete = match complete {
        Ok(complete) => complete,
        Err(error) => {
            unless_closed(Err(error))?;
            return Ok(ExitCode::SUCCESS);
        }
    };
    Ok(if complete {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
