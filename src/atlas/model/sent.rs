//! A restore job with its JSON text exactly as Atlas sent it: what the
//! one-shot `list` reads, so that `list --output json` gives every object
//! back byte for byte. The dashboard keeps only the typed [`RestoreJob`].

use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use serde_json::value::RawValue;

use super::{Flex, JobShapeError, RestoreJob};

/// A job's typed view and its text as sent.
#[derive(Clone)]
pub struct SentJob {
    job: RestoreJob,
    raw: Box<RawValue>,
}

impl SentJob {
    /// Reads a job from its JSON text, keeping the text as it is.
    pub fn from_raw(raw: Box<RawValue>) -> Result<SentJob, serde_json::Error> {
        let job = serde_json::from_str(raw.get())?;
        Ok(SentJob { job, raw })
    }

    /// Reads a Flex cluster's job from its JSON text, keeping the text.
    pub fn from_flex_raw(raw: Box<RawValue>) -> Result<SentJob, serde_json::Error> {
        let Flex(job) = serde_json::from_str(raw.get())?;
        Ok(SentJob { job, raw })
    }

    /// Reads a job from one element of `results`.
    pub fn from_value(value: Value) -> Result<SentJob, JobShapeError> {
        if !value.is_object() {
            return Err(JobShapeError::NotAnObject);
        }
        let raw =
            serde_json::value::to_raw_value(&value).map_err(|_| JobShapeError::NotAnObject)?;
        SentJob::from_raw(raw).map_err(|_| JobShapeError::NotAnObject)
    }

    /// The JSON object exactly as Atlas sent it, as text.
    pub fn raw_json(&self) -> &str {
        self.raw.get()
    }

    /// The JSON object Atlas sent, parsed again.
    pub fn raw_value(&self) -> Value {
        serde_json::from_str(self.raw.get()).unwrap_or(Value::Null)
    }

    /// The typed view alone, the text dropped.
    pub fn into_job(self) -> RestoreJob {
        self.job
    }

    /// The typed view and the text, apart.
    pub fn into_parts(self) -> (RestoreJob, Box<RawValue>) {
        (self.job, self.raw)
    }
}

/// A job made here (not sent by Atlas): its text is the typed fields
/// written in Atlas's names.
impl From<RestoreJob> for SentJob {
    fn from(job: RestoreJob) -> SentJob {
        let raw =
            serde_json::value::to_raw_value(&job).unwrap_or_else(|_| RawValue::NULL.to_owned());
        SentJob { job, raw }
    }
}

impl Deref for SentJob {
    type Target = RestoreJob;

    fn deref(&self) -> &RestoreJob {
        &self.job
    }
}

/// Two jobs are equal when their texts are the same text or, failing that,
/// the same JSON value (as the object map was).
impl PartialEq for SentJob {
    fn eq(&self, other: &SentJob) -> bool {
        let (mine, theirs) = (self.raw.get(), other.raw.get());
        mine == theirs
            || serde_json::from_str::<Value>(mine).ok()
                == serde_json::from_str::<Value>(theirs).ok()
    }
}

impl fmt::Debug for SentJob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.raw.get(), f)
    }
}

/// Writes the text as sent.
impl Serialize for SentJob {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.raw.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for SentJob {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        SentJob::from_raw(raw).map_err(serde::de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for Flex<SentJob> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        SentJob::from_flex_raw(raw)
            .map(Flex)
            .map_err(serde::de::Error::custom)
    }
}
