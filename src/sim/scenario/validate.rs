//! The checks run on a scenario before a world is built from it, so that a
//! bad file fails at load with its location rather than later.

use chrono::DateTime;
use serde_json::{Map, Value};

use super::{JobSim, Scenario};
use crate::sim::times::{TimeSpec, parse_duration, parse_time, resolve_fields};

impl Scenario {
    /// Checks everything that would otherwise fail when the world is built.
    pub(super) fn validate(&self) -> Result<(), (String, String)> {
        let creds = &self.credentials;
        if creds.client_id.is_some() != creds.client_secret.is_some() {
            return Err((
                "credentials".into(),
                "clientId and clientSecret go together".into(),
            ));
        }
        let epoch = DateTime::UNIX_EPOCH;
        let mut ids = std::collections::HashSet::new();
        for (pi, p) in self.projects.iter().enumerate() {
            let ploc = format!("project {pi} ({:?})", p.name);
            if !is_object_id(&p.id) {
                return Err((ploc, format!("id {:?} is not 24 hex digits", p.id)));
            }
            if let Some(c) = &p.created {
                parse_time(c).map_err(|e| (ploc.clone(), format!("created: {e}")))?;
            }
            for c in &p.clusters {
                let cloc = format!("{ploc}, cluster {:?}", c.name);
                for (ji, job) in c.jobs.iter().enumerate() {
                    let jloc = match job.get("id").and_then(Value::as_str) {
                        Some(id) => format!("{cloc}, job {ji} ({id})"),
                        None => format!("{cloc}, job {ji}"),
                    };
                    let fail = |m: String| (jloc.clone(), m);
                    job_created(job).map_err(fail)?;
                    job_sim(job).map_err(fail)?;
                    if let Some(id) = job.get("id") {
                        let id = id.as_str().filter(|s| is_object_id(s));
                        let id = id.ok_or_else(|| fail("id is not 24 hex digits".into()))?;
                        if !ids.insert(id.to_string()) {
                            return Err(fail(format!("duplicate job id {id}")));
                        }
                    }
                    let mut copy = job.clone();
                    resolve_fields(&mut copy, epoch).map_err(fail)?;
                }
                for (si, s) in c.snapshots.iter().enumerate() {
                    let sloc = format!("{cloc}, snapshot {si}");
                    if !s
                        .get("id")
                        .and_then(Value::as_str)
                        .is_some_and(is_object_id)
                    {
                        return Err((sloc, "id is missing or not 24 hex digits".into()));
                    }
                    let mut copy = s.clone();
                    resolve_fields(&mut copy, epoch).map_err(|m| (sloc, m))?;
                }
                for (fi, f) in c.faults.iter().enumerate() {
                    if f.status.is_some_and(|s| !(100..=599).contains(&s)) {
                        return Err((format!("{cloc}, fault {fi}"), "bad status".into()));
                    }
                }
            }
        }
        Ok(())
    }
}

/// The job's `created` time: the `created` key, else the time in its id.
pub(crate) fn job_created(job: &Map<String, Value>) -> Result<TimeSpec, String> {
    match job.get("created") {
        Some(Value::String(s)) => parse_time(s).map_err(|e| format!("created: {e}")),
        Some(_) => Err("created must be a string like \"-20m\"".into()),
        None => {
            let id = job.get("id").and_then(Value::as_str).unwrap_or_default();
            let secs = id
                .get(..8)
                .and_then(|h| i64::from_str_radix(h, 16).ok())
                .ok_or_else(|| "needs \"created\" (or an \"id\" to take it from)".to_string())?;
            DateTime::from_timestamp(secs, 0)
                .map(TimeSpec::Absolute)
                .ok_or_else(|| "id holds no valid time".to_string())
        }
    }
}

/// The job's `sim` key, with its durations checked.
pub(crate) fn job_sim(job: &Map<String, Value>) -> Result<JobSim, String> {
    let Some(v) = job.get("sim") else {
        return Ok(JobSim::default());
    };
    let sim: JobSim = serde_json::from_value(v.clone()).map_err(|e| format!("sim: {e}"))?;
    for d in [&sim.ready_after, &sim.fail_after].into_iter().flatten() {
        parse_duration(d).map_err(|e| format!("sim: {e}"))?;
    }
    if let Some(c) = &sim.cancel
        && c != "notAllowed"
    {
        return Err(format!("sim.cancel: {c:?} is not \"notAllowed\""));
    }
    Ok(sim)
}

pub(crate) fn is_object_id(s: &str) -> bool {
    s.len() == 24 && s.bytes().all(|b| b.is_ascii_hexdigit())
}
