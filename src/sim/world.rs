//! The live state of a simulator: projects, clusters and their jobs built
//! from the scenario at start (relative times resolved, ids generated), the
//! fault counters, and cancellations made through the API.

use std::collections::HashSet;

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Map, Value, json};

use super::digest::md5_hex;
use super::jobs::{Job, LinkCtx};
use super::scenario::{ClusterSpec, FaultSpec, Scenario, is_object_id, job_created, job_sim};
use super::times::{resolve_fields, rfc3339};

pub struct World {
    pub projects: Vec<Project>,
}

pub struct Project {
    pub id: String,
    pub name: String,
    pub org_id: String,
    pub created: DateTime<Utc>,
    pub clusters: Vec<Cluster>,
}

pub struct Cluster {
    pub spec: ClusterSpec,
    pub id: String,
    /// Newest first, as Atlas lists them.
    pub jobs: Vec<Job>,
    pub faults: Vec<LiveFault>,
    pub snapshots: Vec<Map<String, Value>>,
    pub replica_set_names: Vec<String>,
}

/// A fault and how many more requests it may fail (`None` = forever).
pub struct LiveFault {
    pub spec: FaultSpec,
    pub remaining: Option<u64>,
}

/// A 24-hex ObjectId whose first 8 digits are `time` in Unix seconds.
pub fn object_id(time: DateTime<Utc>, seed: &str) -> String {
    let secs = u32::try_from(time.timestamp().max(0)).unwrap_or(u32::MAX);
    format!("{secs:08x}{}", &md5_hex(seed)[..16])
}

impl World {
    /// Adds a cluster to a project while the simulator runs; `false` when
    /// the project is unknown or already has a cluster of that name.
    pub fn add_cluster(
        &mut self,
        group_id: &str,
        spec: &ClusterSpec,
        start: DateTime<Utc>,
    ) -> bool {
        let mut used: HashSet<String> = self
            .projects
            .iter()
            .flat_map(|p| p.clusters.iter())
            .flat_map(|c| c.jobs.iter().map(|j| j.id.clone()))
            .collect();
        let Some(project) = self.projects.iter_mut().find(|p| p.id == group_id) else {
            return false;
        };
        if project.clusters.iter().any(|c| c.spec.name == spec.name) {
            return false;
        }
        project
            .clusters
            .push(build_cluster(group_id, spec, start, &mut used));
        true
    }

    /// Deletes a cluster; `false` when there was none.
    pub fn remove_cluster(&mut self, group_id: &str, name: &str) -> bool {
        let Some(project) = self.projects.iter_mut().find(|p| p.id == group_id) else {
            return false;
        };
        let before = project.clusters.len();
        project.clusters.retain(|c| c.spec.name != name);
        project.clusters.len() < before
    }

    pub fn build(scenario: &Scenario, start: DateTime<Utc>) -> World {
        let mut used: HashSet<String> = HashSet::new();
        for p in &scenario.projects {
            for c in &p.clusters {
                let ids = c.jobs.iter().filter_map(|j| j.get("id")?.as_str());
                used.extend(ids.map(str::to_string));
            }
        }
        let projects = scenario
            .projects
            .iter()
            .map(|p| {
                let created = p
                    .created
                    .as_deref()
                    .and_then(|c| super::times::parse_time(c).ok())
                    .map_or(start - TimeDelta::days(400), |t| t.resolve(start));
                Project {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    org_id: p
                        .org_id
                        .clone()
                        .unwrap_or_else(|| object_id(created, &format!("org:{}", p.id))),
                    created,
                    clusters: p
                        .clusters
                        .iter()
                        .map(|c| build_cluster(&p.id, c, start, &mut used))
                        .collect(),
                }
            })
            .collect();
        World { projects }
    }

    pub fn project(&self, id: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.id == id)
    }

    pub fn project_mut(&mut self, id: &str) -> Option<&mut Project> {
        self.projects.iter_mut().find(|p| p.id == id)
    }
}

impl Project {
    pub fn cluster(&self, name: &str) -> Option<&Cluster> {
        self.clusters.iter().find(|c| c.spec.name == name)
    }

    pub fn cluster_mut(&mut self, name: &str) -> Option<&mut Cluster> {
        self.clusters.iter_mut().find(|c| c.spec.name == name)
    }

    pub fn render(&self, base: &str) -> Value {
        json!({
            "clusterCount": self.clusters.len(),
            "created": rfc3339(self.created),
            "id": self.id,
            "links": [{"href": format!("{base}/groups/{}", self.id), "rel": "self"}],
            "name": self.name,
            "orgId": self.org_id,
        })
    }
}

impl Cluster {
    pub fn sharded(&self) -> bool {
        self.spec.cluster_type.eq_ignore_ascii_case("SHARDED")
    }

    pub fn render(&self, base: &str, group: &str) -> Value {
        let mut o = self.spec.extra.clone();
        let s = &self.spec;
        let fields = json!({
            "backupEnabled": s.backup_enabled,
            "clusterType": s.cluster_type,
            "groupId": group,
            "id": self.id,
            "links": [{"href": format!("{base}/groups/{group}/clusters/{}", s.name), "rel": "self"}],
            "mongoDBVersion": s.mongodb_version,
            "name": s.name,
            "paused": s.paused,
            "stateName": s.state_name,
        });
        if let Value::Object(f) = fields {
            o.extend(f);
        }
        o.sort_keys();
        Value::Object(o)
    }

    pub fn link_ctx<'a>(&'a self, base: &'a str, v2: bool, group: &'a str) -> LinkCtx<'a> {
        LinkCtx {
            base,
            v2,
            group,
            cluster: &self.spec.name,
            sharded: self.sharded(),
        }
    }
}

fn build_cluster(
    group: &str,
    c: &ClusterSpec,
    start: DateTime<Utc>,
    used: &mut HashSet<String>,
) -> Cluster {
    let seed = format!("{group}/{}", c.name);
    let mut unique_id = |time: DateTime<Utc>, what: &str| {
        let mut n = 0u32;
        loop {
            let id = object_id(time, &format!("{seed}/{what}/{n}"));
            if used.insert(id.clone()) {
                return id;
            }
            n += 1;
        }
    };
    let mut jobs = Vec::new();
    for (i, spec) in c.jobs.iter().enumerate() {
        let created = job_created(spec).map_or(start, |t| t.resolve(start));
        let sim = job_sim(spec).unwrap_or_default();
        let mut raw = spec.clone();
        raw.remove("created");
        raw.remove("sim");
        // Validated when the scenario was parsed.
        let _ = resolve_fields(&mut raw, start);
        let id = match raw.get("id").and_then(Value::as_str) {
            Some(id) if is_object_id(id) => id.to_string(),
            _ => unique_id(created, &format!("job{i}")),
        };
        raw.insert("id".into(), id.clone().into());
        if !raw.contains_key("snapshotId") {
            let taken = if c.flex {
                "snapshotFinishedDate"
            } else {
                "timestamp"
            };
            let snap_time =
                super::times::date_field(&raw, taken).unwrap_or(created - TimeDelta::hours(1));
            raw.insert("snapshotId".into(), unique_id(snap_time, &id).into());
        }
        jobs.push(Job::new(id, created, raw, &sim, start));
    }
    for i in 0..c.generated_jobs {
        let created = start - TimeDelta::minutes(7 * (i64::from(i) + 1));
        let id = unique_id(created, &format!("gen{i}"));
        let taken = created - TimeDelta::hours(1 + i64::from(i % 23));
        if c.flex {
            let snapshot = unique_id(taken, &format!("gensnap{i}"));
            let raw = super::flex::generated_job(&id, &snapshot, created, taken, group, &c.name);
            jobs.push(Job::new(id, created, raw, &Default::default(), start));
            continue;
        }
        let raw = json!({
            "cancelled": false,
            "deliveryType": "automated",
            "expired": false,
            "failed": false,
            "finishedAt": rfc3339(created + TimeDelta::minutes(9)),
            "id": id,
            "snapshotId": unique_id(taken, &format!("gensnap{i}")),
            "targetClusterName": c.name,
            "targetGroupId": group,
            "timestamp": rfc3339(taken),
        });
        if let Value::Object(raw) = raw {
            jobs.push(Job::new(id, created, raw, &Default::default(), start));
        }
    }
    jobs.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| b.id.cmp(&a.id)));
    let snapshots = c
        .snapshots
        .iter()
        .map(|s| {
            let mut s = s.clone();
            let _ = resolve_fields(&mut s, start);
            s
        })
        .collect();
    let short = &md5_hex(&seed)[..6];
    let replica_set_names = c.replica_set_names.clone().unwrap_or_else(|| {
        if c.cluster_type.eq_ignore_ascii_case("SHARDED") {
            vec![
                format!("atlas-{short}-shard-0"),
                format!("atlas-{short}-shard-1"),
                format!("atlas-{short}-config-0"),
            ]
        } else {
            vec![format!("atlas-{short}-shard-0")]
        }
    });
    Cluster {
        id: c
            .id
            .clone()
            .unwrap_or_else(|| object_id(start - TimeDelta::days(200), &seed)),
        spec: c.clone(),
        jobs,
        faults: c
            .faults
            .iter()
            .map(|f| LiveFault {
                spec: f.clone(),
                remaining: f.times,
            })
            .collect(),
        snapshots,
        replica_set_names,
    }
}
