//! The one-shot `list` command: fetch every target once, print a table or
//! one JSON object, and report each failed target on stderr.

use std::io::{self, Write};
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use serde_json::{Value, json};

use crate::atlas::Target;
use crate::atlas::failure::{self, Retry};
use crate::atlas::fetch::fetch_sent_jobs;
use crate::atlas::pages::Listing;
use crate::atlas::printable::printable;
use crate::atlas::{AtlasError, Client, ClusterKind, RestoreJob, SentJob};
use crate::list::watch_list::WatchList;
use crate::poller::IN_FLIGHT;
use crate::ui::format;

pub mod csv;
pub mod history;
pub mod watch_list;

/// The longest `Retry-After` that `list` waits out, once per cluster,
/// before it reports the failure.
pub const PATIENCE: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// One row per job, for people.
    Table,
    /// One JSON object with every job as Atlas sent it.
    Json,
    /// One CSV row per job (RFC 4180), with a header row.
    Csv,
}

/// One target's outcome.
pub struct TargetResult {
    pub target: Target,
    /// Dedicated or Flex, as learnt while fetching it.
    pub kind: ClusterKind,
    pub result: Result<Listing<SentJob>, AtlasError>,
}

/// Fetches every target of `watch`, at most [`IN_FLIGHT`] at a time, in order.
pub async fn fetch_all(client: &Client, watch: &WatchList) -> Vec<TargetResult> {
    futures_util::stream::iter(watch.targets.iter().cloned())
        .map(|target| async move {
            let result = fetch_patiently(client, &target).await;
            log_fetched(&target, &result);
            let kind = client.kind_of(&target.group_id, &target.cluster_name);
            TargetResult {
                target,
                kind,
                result,
            }
        })
        .buffered(IN_FLIGHT)
        .collect()
        .await
}

/// The target's jobs; when Atlas asks to wait [`PATIENCE`] or less, waits
/// that long once and asks again.
async fn fetch_patiently(client: &Client, target: &Target) -> Result<Listing<SentJob>, AtlasError> {
    let first = fetch_sent_jobs(client, target).await;
    let wait = match &first {
        Err(error) => match failure::retry(error) {
            Retry::RateLimited {
                retry_after: Some(wait),
            } if wait <= PATIENCE => wait,
            _ => return first,
        },
        Ok(_) => return first,
    };
    tracing::info!(target: "atlas_restores::list", cluster = %target, wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX), "waiting as Atlas asked (Retry-After)");
    tokio::time::sleep(wait).await;
    fetch_sent_jobs(client, target).await
}

fn log_fetched(target: &Target, result: &Result<Listing<SentJob>, AtlasError>) {
    match result {
        Ok(listing) => {
            tracing::info!(target: "atlas_restores::list", cluster = %target, jobs = listing.items.len(), total_count = listing.total_count, "fetch succeeded");
        }
        Err(error) => {
            let message = failure::describe(error, target);
            tracing::warn!(target: "atlas_restores::list", cluster = %target, error = message, "fetch failed");
        }
    }
}

/// Prints `results` to `out` and one line per failure (targets and project
/// expansion) to `err`. Returns whether everything was fetched.
pub fn print(
    results: &[TargetResult],
    watch: &WatchList,
    format: OutputFormat,
    now: DateTime<Utc>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<bool> {
    match format {
        OutputFormat::Json => writeln!(out, "{}", json_document(results))?,
        OutputFormat::Table => write_table(results, watch, now, out)?,
        OutputFormat::Csv => write_csv(results, now, out)?,
    }
    for (group_id, error) in &watch.errors {
        let message = failure::describe(error, &Target::new(group_id.as_str(), ""));
        let line = format!("project {group_id}: cannot list its clusters: {message}");
        writeln!(err, "error: {}", printable(&line))?;
    }
    for result in results {
        if let Err(error) = &result.result {
            writeln!(
                err,
                "error: {}",
                printable(&failure_line(&result.target, error))
            )?;
        }
    }
    Ok(watch.errors.is_empty() && results.iter().all(|r| r.result.is_ok()))
}

/// `{"clusters":[{"groupId","clusterName","kind","totalCount","error","results"}]}`
/// with each job exactly as Atlas sent it; `kind` is `dedicated` or `flex`.
pub fn json_document(results: &[TargetResult]) -> Value {
    let clusters: Vec<Value> = results
        .iter()
        .map(|r| {
            let (total_count, error, jobs) = match &r.result {
                Ok(listing) => (
                    json!(listing.total_count),
                    Value::Null,
                    json!(listing.items),
                ),
                Err(error) => (
                    Value::Null,
                    json!(failure::describe(error, &r.target)),
                    json!([]),
                ),
            };
            json!({
                "groupId": r.target.group_id,
                "clusterName": r.target.cluster_name,
                "kind": r.kind.word(),
                "totalCount": total_count,
                "error": error,
                "results": jobs,
            })
        })
        .collect();
    json!({ "clusters": clusters })
}

/// `cluster GROUP/NAME: message`, with the message the dashboard shows.
fn failure_line(target: &Target, error: &AtlasError) -> String {
    format!("cluster {target}: {}", failure::describe(error, target))
}

const HEADERS: [&str; 8] = [
    "ID", "CLUSTER", "KIND", "TYPE", "STATUS", "CREATED", "EXPIRES", "TARGET",
];

fn write_table(
    results: &[TargetResult],
    watch: &WatchList,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let one_project = watch
        .targets
        .iter()
        .all(|t| watch.targets.first().map(|f| &f.group_id) == Some(&t.group_id));
    let mut rows: Vec<[String; 8]> = Vec::new();
    for result in results {
        let Ok(listing) = &result.result else {
            continue;
        };
        let cluster = if one_project {
            result.target.cluster_name.clone()
        } else {
            let project = watch
                .project_name(&result.target.group_id)
                .unwrap_or_else(|| result.target.group_id.clone());
            format!("{project}/{}", result.target.cluster_name)
        };
        for job in &listing.items {
            rows.push(table_row(
                job,
                &cluster,
                result.kind,
                &result.target.group_id,
                watch,
                now,
            ));
        }
    }
    let mut widths = HEADERS.map(|h| h.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    write_line(out, &HEADERS.map(str::to_string), &widths)?;
    for row in &rows {
        write_line(out, row, &widths)?;
    }
    Ok(())
}

fn table_row(
    job: &RestoreJob,
    cluster: &str,
    kind: ClusterKind,
    group_id: &str,
    watch: &WatchList,
    now: DateTime<Utc>,
) -> [String; 8] {
    let created = job
        .created()
        .map(|at| at.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "—".into());
    let expires = job
        .expires_at
        .map(|at| format::countdown_exact(at, now))
        .unwrap_or_else(|| "—".into());
    // The target cluster, with its project when that is another project.
    let target = match (&job.target_group_id, &job.target_cluster_name) {
        (_, None) => "—".to_string(),
        (Some(group), Some(name)) if group != group_id => {
            let project = watch
                .project_name(group)
                .unwrap_or_else(|| group.to_string());
            format!("{project}/{name}")
        }
        (_, Some(name)) => name.to_string(),
    };
    [
        printable(&job.id).into_owned(),
        printable(cluster).into_owned(),
        kind.word().to_string(),
        printable(job.delivery_type.as_str()).into_owned(),
        job.status_at(now).to_string(),
        created,
        expires,
        printable(&target).into_owned(),
    ]
}

fn write_line(out: &mut dyn Write, cells: &[String; 8], widths: &[usize; 8]) -> io::Result<()> {
    let mut line = String::new();
    for (index, (cell, width)) in cells.iter().zip(widths).enumerate() {
        if index > 0 {
            line.push_str("  ");
        }
        line.push_str(cell);
        if index + 1 < cells.len() {
            line.extend(std::iter::repeat_n(
                ' ',
                width.saturating_sub(cell.chars().count()),
            ));
        }
    }
    writeln!(out, "{line}")
}

/// The CSV header, in the order of [`csv_row`]'s fields (`kind`, the
/// newest, last: readers by position keep working).
pub const CSV_HEADER: [&str; 11] = [
    "id",
    "groupId",
    "clusterName",
    "deliveryType",
    "status",
    "createdAt",
    "expiresAt",
    "targetGroupId",
    "targetClusterName",
    "deliveryUrls",
    "kind",
];

/// A header row and one row per job of every fetched target (RFC 4180).
fn write_csv(results: &[TargetResult], now: DateTime<Utc>, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(crate::list::csv::record(&CSV_HEADER).as_bytes())?;
    for result in results {
        let Ok(listing) = &result.result else {
            continue;
        };
        for job in &listing.items {
            let row = csv_row(job, &result.target, result.kind, now);
            out.write_all(crate::list::csv::record(&row).as_bytes())?;
        }
    }
    Ok(())
}

/// One job's fields, its status at `now`; times in RFC 3339 UTC, empty
/// when absent; download URLs joined by spaces; its cluster's kind.
pub fn csv_row(
    job: &RestoreJob,
    target: &Target,
    kind: ClusterKind,
    now: DateTime<Utc>,
) -> [String; 11] {
    let time = |at: Option<DateTime<Utc>>| {
        at.map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            .unwrap_or_default()
    };
    let delivery_type = match &job.delivery_type {
        crate::atlas::DeliveryType::Missing => String::new(),
        other => other.as_str().to_string(),
    };
    [
        job.id.to_string(),
        target.group_id.clone(),
        target.cluster_name.clone(),
        delivery_type,
        job.status_at(now).to_string(),
        time(job.created()),
        time(job.expires_at),
        job.target_group_id
            .as_deref()
            .unwrap_or_default()
            .to_string(),
        job.target_cluster_name
            .as_deref()
            .unwrap_or_default()
            .to_string(),
        job.download_urls().join(" "),
        kind.word().to_string(),
    ]
}
