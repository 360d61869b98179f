//! The fields a filter term can name (`cluster:prod`), each with where its
//! text comes from: what every job of a target shares (decided once per
//! target), the job's status word, or the job's own fields. Adding a field
//! is one line in [`FIELDS`].

use std::fmt;

use crate::atlas::RestoreJob;
use crate::poller::store::TargetState;

/// Tells whether a text holds the term's value.
pub type Hit<'a> = &'a dyn Fn(&str) -> bool;

/// Where a field's text comes from.
#[derive(Clone, Copy)]
pub enum Texts {
    /// Shared by every job of a target (given with its cluster label).
    Target(fn(&TargetState, &str, Hit) -> bool),
    /// The job's status word at the app's clock.
    Status,
    /// The job's own fields.
    Job(fn(&RestoreJob, Hit) -> bool),
}

/// A field name and where its text comes from.
pub struct FieldSpec {
    pub name: &'static str,
    pub texts: Texts,
}

/// Every field, in the order the help and the errors list them.
pub const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        name: "cluster",
        texts: Texts::Target(|state, label, hit| hit(label) || hit(&state.target.cluster_name)),
    },
    FieldSpec {
        name: "project",
        texts: Texts::Target(|state, _, hit| {
            hit(&state.target.group_id) || state.project_name.as_deref().is_some_and(hit)
        }),
    },
    FieldSpec {
        name: "type",
        texts: Texts::Job(|job, hit| hit(job.delivery_type.as_str())),
    },
    FieldSpec {
        name: "status",
        texts: Texts::Status,
    },
    FieldSpec {
        name: "target",
        texts: Texts::Job(|job, hit| {
            job.target_cluster_name.as_deref().is_some_and(hit)
                || job.target_group_id.as_deref().is_some_and(hit)
        }),
    },
    FieldSpec {
        name: "id",
        texts: Texts::Job(|job, hit| hit(&job.id)),
    },
    FieldSpec {
        name: "kind",
        texts: Texts::Job(|job, hit| hit(job.kind().word())),
    },
];

/// One of [`FIELDS`].
#[derive(Clone, Copy)]
pub struct Field(&'static FieldSpec);

impl Field {
    /// The field named `name` (any case).
    pub fn named(name: &str) -> Option<Field> {
        FIELDS
            .iter()
            .find(|spec| spec.name.eq_ignore_ascii_case(name))
            .map(Field)
    }

    pub fn name(self) -> &'static str {
        self.0.name
    }

    pub fn texts(self) -> Texts {
        self.0.texts
    }
}

impl PartialEq for Field {
    fn eq(&self, other: &Field) -> bool {
        self.0.name == other.0.name
    }
}

impl Eq for Field {}

impl fmt::Debug for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name)
    }
}

/// The field names, space-separated, for the help and the errors.
pub fn names() -> String {
    let names: Vec<&str> = FIELDS.iter().map(|spec| spec.name).collect();
    names.join(" ")
}
