//! The `history` command: what the restore history file remembers, read
//! offline (no Atlas, no credentials): the status changes since a time, and
//! how long each cluster's restores took over the last 30 days, as a table,
//! JSON or CSV.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Value, json};

use super::OutputFormat;
use super::csv;
use crate::atlas::{DeliveryType, Target};
use crate::history::{DurationStats, Durations, HistoryError, HistoryFile, Transition, WINDOW};

/// What the command prints.
pub struct Report {
    pub since: DateTime<Utc>,
    pub transitions: Vec<Transition>,
    pub durations: Durations,
}

/// Reads the file at `path`: transitions observed since `since`, and the
/// durations of the jobs created within [`WINDOW`] of `now`, of `clusters`
/// (all when empty).
pub fn read(
    path: &Path,
    since: DateTime<Utc>,
    clusters: &[Target],
    now: DateTime<Utc>,
) -> Result<Report, HistoryError> {
    let file = HistoryFile::open_existing(path)?;
    let transitions = file.transitions(since, clusters)?;
    let jobs = file.jobs_since(now - WINDOW, clusters)?;
    let mut by_cluster: Vec<(Target, Vec<crate::atlas::RestoreJob>)> = Vec::new();
    for (target, job) in jobs {
        match by_cluster.last_mut() {
            Some((last, list)) if *last == target => list.push(job),
            _ => by_cluster.push((target, vec![job])),
        }
    }
    let durations = Durations::of(by_cluster.iter().map(|(t, j)| (t, j.as_slice())), now);
    Ok(Report {
        since,
        transitions,
        durations,
    })
}

/// Writes `report` to `out` in `format`.
pub fn print(report: &Report, format: OutputFormat, out: &mut dyn Write) -> std::io::Result<()> {
    match format {
        OutputFormat::Table => table(report, out),
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &as_json(report))?;
            writeln!(out)
        }
        OutputFormat::Csv => csv_sections(report, out),
    }
}

fn cluster(target: &Target) -> String {
    format!("{}/{}", target.group_id, target.cluster_name)
}

fn when(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S").to_string()
}

fn iso(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn span(delta: TimeDelta) -> String {
    crate::ui::format::duration(delta.num_seconds())
}

fn from_word(transition: &Transition) -> &'static str {
    transition.from.map_or("new", |status| status.word())
}

fn table(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let changes = &report.transitions;
    writeln!(
        out,
        "status changes since {} UTC: {}",
        when(report.since),
        changes.len()
    )?;
    if !changes.is_empty() {
        let rows: Vec<[String; 6]> = changes
            .iter()
            .map(|t| {
                [
                    when(t.observed_at),
                    cluster(&t.target),
                    t.job_id.clone(),
                    from_word(t).to_string(),
                    t.to.word().to_string(),
                    t.atlas_at.map_or_else(|| "—".to_string(), when),
                ]
            })
            .collect();
        let head = [
            "observed (UTC)",
            "cluster",
            "job",
            "from",
            "to",
            "Atlas time (UTC)",
        ];
        aligned(out, &head, &rows)?;
    }
    writeln!(out)?;
    let all = report.durations.all();
    writeln!(
        out,
        "durations of finished restores, last 30 days: {} kinds",
        all.len()
    )?;
    if !all.is_empty() {
        let rows: Vec<[String; 5]> = all
            .iter()
            .map(|(target, delivery, stats)| {
                [
                    cluster(target),
                    delivery.as_str().to_string(),
                    stats.count.to_string(),
                    span(stats.p50),
                    span(stats.p95),
                ]
            })
            .collect();
        aligned(out, &["cluster", "type", "count", "p50", "p95"], &rows)?;
    }
    Ok(())
}

/// Columns padded to their widest cell, two spaces apart.
fn aligned<const N: usize>(
    out: &mut dyn Write,
    head: &[&str; N],
    rows: &[[String; N]],
) -> std::io::Result<()> {
    let mut widths = head.map(|h| h.chars().count());
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        padded.join("  ").trim_end().to_string()
    };
    writeln!(out, "{}", line(head.to_vec()))?;
    for row in rows {
        writeln!(out, "{}", line(row.iter().map(String::as_str).collect()))?;
    }
    Ok(())
}

fn stats_json(target: &Target, delivery: &DeliveryType, stats: DurationStats) -> Value {
    json!({
        "groupId": target.group_id,
        "clusterName": target.cluster_name,
        "deliveryType": delivery.as_str(),
        "count": stats.count,
        "p50Seconds": stats.p50.num_seconds(),
        "p95Seconds": stats.p95.num_seconds(),
    })
}

fn as_json(report: &Report) -> Value {
    let transitions: Vec<Value> = report
        .transitions
        .iter()
        .map(|t| {
            json!({
                "groupId": t.target.group_id,
                "clusterName": t.target.cluster_name,
                "jobId": t.job_id,
                "from": t.from.map(|s| s.word()),
                "to": t.to.word(),
                "observedAt": iso(t.observed_at),
                "atlasAt": t.atlas_at.map(iso),
            })
        })
        .collect();
    let durations: Vec<Value> = report
        .durations
        .all()
        .into_iter()
        .map(|(target, delivery, stats)| stats_json(target, delivery, stats))
        .collect();
    json!({
        "since": iso(report.since),
        "transitions": transitions,
        "durations": durations,
    })
}

/// Two CSV tables, each with its header row, a blank line between them.
fn csv_sections(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(
        csv::record(&[
            "observed_at",
            "group_id",
            "cluster",
            "job_id",
            "from",
            "to",
            "atlas_at",
        ])
        .as_bytes(),
    )?;
    for t in &report.transitions {
        let fields = [
            iso(t.observed_at),
            t.target.group_id.clone(),
            t.target.cluster_name.clone(),
            t.job_id.clone(),
            t.from.map_or(String::new(), |s| s.word().to_string()),
            t.to.word().to_string(),
            t.atlas_at.map_or(String::new(), iso),
        ];
        out.write_all(csv::record(&fields).as_bytes())?;
    }
    out.write_all(b"\r\n")?;
    out.write_all(
        csv::record(&[
            "group_id",
            "cluster",
            "delivery_type",
            "count",
            "p50_seconds",
            "p95_seconds",
        ])
        .as_bytes(),
    )?;
    for (target, delivery, stats) in report.durations.all() {
        let fields = [
            target.group_id.clone(),
            target.cluster_name.clone(),
            delivery.as_str().to_string(),
            stats.count.to_string(),
            stats.p50.num_seconds().to_string(),
            stats.p95.num_seconds().to_string(),
        ];
        out.write_all(csv::record(&fields).as_bytes())?;
    }
    Ok(())
}
