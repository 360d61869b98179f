//! The restore job as Atlas sends it: a typed view for the fields we use, and
//! the raw JSON text kept beside it so that nothing Atlas sends is lost.
//!
//! Parsing is lenient field by field: a field with an unexpected shape is
//! treated as absent in the typed view but stays in the raw text. The typed
//! view is read in one pass over the job's text, skipping unknown fields;
//! the text itself is kept as sent (a [`RawValue`]), not as a `Value` tree.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use serde_json::value::RawValue;

/// One Cloud Backup restore job.
#[derive(Debug, Clone, PartialEq)]
pub struct RestoreJob {
    pub id: String,
    pub delivery_type: DeliveryType,
    pub snapshot_id: Option<String>,
    /// When the source snapshot was taken.
    pub timestamp: Option<DateTime<Utc>>,
    pub target_cluster_name: Option<String>,
    pub target_group_id: Option<String>,
    /// `deliveryUrl`: a single string in the old v1.0 docs, an array in the spec.
    pub delivery_urls: Vec<String>,
    pub components: Vec<Component>,
    pub private_download_urls: Vec<PrivateDownloadUrl>,
    pub cancelled: bool,
    pub expired: bool,
    pub failed: bool,
    pub expires_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Only in the old v1.0 docs; v2 traffic has no `createdAt`.
    pub created_at: Option<DateTime<Utc>>,
    pub desired_timestamp: Option<DesiredTimestamp>,
    pub oplog_ts: Option<i64>,
    pub oplog_inc: Option<i64>,
    pub point_in_time_utc_seconds: Option<i64>,
    pub links: Vec<Link>,
    raw: RawJson,
}

/// A job's JSON text exactly as sent. Two texts are equal when they are the
/// same text or, failing that, the same JSON value (as the object map was).
#[derive(Clone)]
struct RawJson(Box<RawValue>);

impl PartialEq for RawJson {
    fn eq(&self, other: &RawJson) -> bool {
        let (mine, theirs) = (self.0.get(), other.0.get());
        mine == theirs
            || serde_json::from_str::<Value>(mine).ok()
                == serde_json::from_str::<Value>(theirs).ok()
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0.get(), f)
    }
}

/// `deliveryType`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DeliveryType {
    Automated,
    Download,
    PointInTime,
    /// A value this version does not know, kept as sent.
    Other(String),
    /// No `deliveryType` at all.
    Missing,
}

/// One shard's part of a sharded cluster's restore.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    pub replica_set_name: Option<String>,
    /// Null once used or expired.
    pub download_url: Option<String>,
    pub private_download_urls: Vec<PrivateDownloadUrl>,
}

/// A download URL reachable over a private endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct PrivateDownloadUrl {
    pub delivery_url: String,
    pub endpoint_id: Option<String>,
}

/// `desiredTimestamp`: the point in time asked for; every part may be null.
#[derive(Debug, Clone, PartialEq)]
pub struct DesiredTimestamp {
    pub date: Option<DateTime<Utc>>,
    pub increment: Option<i64>,
    pub time: Option<i64>,
}

/// A link of the `links` array.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub href: String,
    pub rel: String,
}

/// The derived status of a job (Atlas has no status field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum JobStatus {
    InProgress,
    Ready,
    Finished,
    Failed,
    Cancelled,
    Expired,
}

/// The reasons a JSON value is not a restore job at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobShapeError {
    NotAnObject,
}

impl fmt::Display for JobShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JobShapeError::NotAnObject => f.write_str("a restore job is not a JSON object"),
        }
    }
}

impl std::error::Error for JobShapeError {}

impl JobStatus {
    pub const ALL: [JobStatus; 6] = [
        JobStatus::InProgress,
        JobStatus::Ready,
        JobStatus::Finished,
        JobStatus::Failed,
        JobStatus::Cancelled,
        JobStatus::Expired,
    ];

    /// The word shown to the user.
    pub fn word(self) -> &'static str {
        match self {
            JobStatus::InProgress => "in progress",
            JobStatus::Ready => "ready",
            JobStatus::Finished => "finished",
            JobStatus::Failed => "failed",
            JobStatus::Cancelled => "cancelled",
            JobStatus::Expired => "expired",
        }
    }
}

impl fmt::Display for JobStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

impl DeliveryType {
    fn parse(value: Option<&str>) -> DeliveryType {
        match value {
            Some("automated") => DeliveryType::Automated,
            Some("download") => DeliveryType::Download,
            Some("pointInTime") => DeliveryType::PointInTime,
            Some(other) => DeliveryType::Other(other.to_string()),
            None => DeliveryType::Missing,
        }
    }

    /// The word as Atlas spells it (`—` when absent).
    pub fn as_str(&self) -> &str {
        match self {
            DeliveryType::Automated => "automated",
            DeliveryType::Download => "download",
            DeliveryType::PointInTime => "pointInTime",
            DeliveryType::Other(other) => other,
            DeliveryType::Missing => "—",
        }
    }

    /// Automated and point-in-time restores go onto a target cluster.
    pub fn has_target(&self) -> bool {
        matches!(self, DeliveryType::Automated | DeliveryType::PointInTime)
    }
}

impl fmt::Display for DeliveryType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl RestoreJob {
    /// Reads a job from one element of `results`.
    pub fn from_value(value: Value) -> Result<RestoreJob, JobShapeError> {
        if !value.is_object() {
            return Err(JobShapeError::NotAnObject);
        }
        let raw =
            serde_json::value::to_raw_value(&value).map_err(|_| JobShapeError::NotAnObject)?;
        RestoreJob::from_raw(raw).map_err(|_| JobShapeError::NotAnObject)
    }

    /// Reads a job from its JSON text, keeping the text as it is.
    pub fn from_raw(raw: Box<RawValue>) -> Result<RestoreJob, serde_json::Error> {
        let mut deserializer = serde_json::Deserializer::from_str(raw.get());
        let fields = serde::Deserializer::deserialize_map(&mut deserializer, lenient::JobVisitor)?;
        Ok(fields.into_job(RawJson(raw)))
    }

    /// The JSON object exactly as Atlas sent it, as text.
    pub fn raw_json(&self) -> &str {
        self.raw.0.get()
    }

    /// The JSON object Atlas sent, parsed again (for rare uses: export).
    pub fn raw_value(&self) -> Value {
        serde_json::from_str(self.raw.0.get()).unwrap_or(Value::Null)
    }

    /// Status, first match wins: cancelled, failed, expired, a download with
    /// a URL is ready, `finishedAt` set is finished, else in progress.
    pub fn status(&self) -> JobStatus {
        if self.cancelled {
            JobStatus::Cancelled
        } else if self.failed {
            JobStatus::Failed
        } else if self.expired {
            JobStatus::Expired
        } else if self.delivery_type == DeliveryType::Download && self.has_download_url() {
            JobStatus::Ready
        } else if self.finished_at.is_some() {
            JobStatus::Finished
        } else {
            JobStatus::InProgress
        }
    }

    /// Whether any delivery URL or shard download URL is present.
    pub fn has_download_url(&self) -> bool {
        self.delivery_urls.iter().any(|url| !url.is_empty())
            || self
                .components
                .iter()
                .any(|c| c.download_url.as_deref().is_some_and(|url| !url.is_empty()))
    }

    /// Every URL a user can download from: delivery URLs, then shard URLs.
    pub fn download_urls(&self) -> Vec<&str> {
        let shard_urls = self
            .components
            .iter()
            .filter_map(|c| c.download_url.as_deref());
        self.delivery_urls
            .iter()
            .map(String::as_str)
            .chain(shard_urls)
            .filter(|url| !url.is_empty())
            .collect()
    }

    /// `createdAt` when present, else the time inside the ObjectId `id`.
    pub fn created(&self) -> Option<DateTime<Utc>> {
        self.created_at.or_else(|| object_id_time(&self.id))
    }

    /// The href of the first link whose `rel` ends in `/{name}` or is `name`.
    pub fn link(&self, name: &str) -> Option<&str> {
        find_link(&self.links, name)
    }
}

/// The href of the first link whose `rel`'s last path segment is `name`.
pub fn find_link<'a>(links: &'a [Link], name: &str) -> Option<&'a str> {
    links
        .iter()
        .find(|link| link.rel.rsplit('/').next() == Some(name))
        .map(|link| link.href.as_str())
}

/// The creation time held in the first 8 hex digits of an ObjectId.
pub fn object_id_time(id: &str) -> Option<DateTime<Utc>> {
    let prefix = id.get(..8)?;
    if id.len() != 24 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let seconds = u32::from_str_radix(prefix, 16).ok()?;
    DateTime::from_timestamp(i64::from(seconds), 0)
}

/// Parses an RFC 3339 date, with or without fractional seconds.
pub fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|date| date.with_timezone(&Utc))
}

impl Serialize for RestoreJob {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.raw.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for RestoreJob {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        RestoreJob::from_raw(raw).map_err(serde::de::Error::custom)
    }
}

/// The lenient one-pass reader of a job's typed fields: every known field
/// accepts any JSON and keeps only what fits; unknown fields are skipped.
/// A repeated key counts once, the last one winning (as in a JSON object).
mod lenient {
    use std::borrow::Cow;
    use std::fmt;

    use serde::Deserialize;
    use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

    use super::{
        Component, DateTime, DeliveryType, DesiredTimestamp, Link, PrivateDownloadUrl, RawJson,
        RestoreJob, Utc, parse_date,
    };

    /// A JSON value as far as a scalar field cares.
    pub(super) enum Scalar<'de> {
        Str(Cow<'de, str>),
        Bool(bool),
        Int(i64),
        Other,
    }

    impl<'de> Scalar<'de> {
        fn string(self) -> Option<String> {
            match self {
                Scalar::Str(text) => Some(text.into_owned()),
                _ => None,
            }
        }

        fn flag(self) -> bool {
            matches!(self, Scalar::Bool(true))
        }

        fn integer(self) -> Option<i64> {
            match self {
                Scalar::Int(n) => Some(n),
                _ => None,
            }
        }

        fn date(self) -> Option<DateTime<Utc>> {
            match self {
                Scalar::Str(text) => parse_date(&text),
                _ => None,
            }
        }
    }

    struct ScalarVisitor;

    impl<'de> Visitor<'de> for ScalarVisitor {
        type Value = Scalar<'de>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any JSON value")
        }

        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Scalar::Bool(v))
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Scalar::Int(v))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(i64::try_from(v).map_or(Scalar::Other, Scalar::Int))
        }

        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(Scalar::Other)
        }

        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok(Scalar::Str(Cow::Borrowed(v)))
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Scalar::Str(Cow::Owned(v.to_string())))
        }

        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(Scalar::Str(Cow::Owned(v)))
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Scalar::Other)
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Scalar::Other)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(Scalar::Other)
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(Scalar::Other)
        }
    }

    impl<'de> Deserialize<'de> for Scalar<'de> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(ScalarVisitor)
        }
    }

    /// A value that is kept only when it is an object of the right shape.
    trait FromObject<'de>: Sized {
        fn from_object<A: MapAccess<'de>>(map: A) -> Result<Option<Self>, A::Error>;
    }

    /// `Some` for an object that fits, `None` for anything else.
    struct Object<T>(Option<T>);

    impl<'de, T: FromObject<'de>> Deserialize<'de> for Object<T> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V<T>(std::marker::PhantomData<T>);
            impl<'de, T: FromObject<'de>> Visitor<'de> for V<T> {
                type Value = Object<T>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("any JSON value")
                }
                fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                    T::from_object(map).map(Object)
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                    while seq.next_element::<IgnoredAny>()?.is_some() {}
                    Ok(Object(None))
                }
                fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                    Ok(Object(None))
                }
                fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                    Ok(Object(None))
                }
                fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                    Ok(Object(None))
                }
                fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                    Ok(Object(None))
                }
                fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
                    Ok(Object(None))
                }
                fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                    Ok(Object(None))
                }
                fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                    Ok(Object(None))
                }
                fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                    d.deserialize_any(self)
                }
            }
            d.deserialize_any(V(std::marker::PhantomData))
        }
    }

    /// An array's elements that fit (`T` yields `None` for the rest); any
    /// other JSON is an empty list, but for what [`Element::lone_string`]
    /// keeps of a lone string (the old single-string `deliveryUrl`).
    struct List<T>(Vec<T>);

    trait Element<'de>: Sized {
        fn element<A: SeqAccess<'de>>(seq: &mut A) -> Result<Option<Option<Self>>, A::Error>;
        /// What a lone string (not in an array) gives.
        fn lone_string(_: &str) -> Option<Self> {
            None
        }
    }

    impl<'de, T: FromObject<'de>> Element<'de> for T {
        fn element<A: SeqAccess<'de>>(seq: &mut A) -> Result<Option<Option<Self>>, A::Error> {
            Ok(seq.next_element::<Object<T>>()?.map(|object| object.0))
        }
    }

    /// A string element of `deliveryUrl`.
    struct Url(String);

    impl<'de> Element<'de> for Url {
        fn element<A: SeqAccess<'de>>(seq: &mut A) -> Result<Option<Option<Self>>, A::Error> {
            Ok(seq
                .next_element::<Scalar<'de>>()?
                .map(|scalar| scalar.string().map(Url)))
        }

        fn lone_string(text: &str) -> Option<Self> {
            (!text.is_empty()).then(|| Url(text.to_string()))
        }
    }

    impl<'de, T: Element<'de>> Deserialize<'de> for List<T> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V<T>(std::marker::PhantomData<T>);
            impl<'de, T: Element<'de>> Visitor<'de> for V<T> {
                type Value = List<T>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("any JSON value")
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                    let mut items = Vec::new();
                    while let Some(item) = T::element(&mut seq)? {
                        items.extend(item);
                    }
                    Ok(List(items))
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                    Ok(List(Vec::new()))
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                    Ok(List(T::lone_string(v).into_iter().collect()))
                }
                fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                    Ok(List(Vec::new()))
                }
                fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                    Ok(List(Vec::new()))
                }
                fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                    Ok(List(Vec::new()))
                }
                fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                    Ok(List(Vec::new()))
                }
                fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                    Ok(List(Vec::new()))
                }
                fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                    Ok(List(Vec::new()))
                }
                fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                    d.deserialize_any(self)
                }
            }
            d.deserialize_any(V(std::marker::PhantomData))
        }
    }

    /// The names of the known keys; every other key is `Other`.
    macro_rules! keys {
        ($name:ident { $($variant:ident = $text:literal),* $(,)? }) => {
            enum $name { $($variant,)* Other }

            impl<'de> Deserialize<'de> for $name {
                fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    struct V;
                    impl<'de> Visitor<'de> for V {
                        type Value = $name;
                        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                            f.write_str("a key")
                        }
                        fn visit_str<E: de::Error>(self, v: &str) -> Result<$name, E> {
                            Ok(match v {
                                $($text => $name::$variant,)*
                                _ => $name::Other,
                            })
                        }
                    }
                    d.deserialize_identifier(V)
                }
            }
        };
    }

    keys!(JobKey {
        Id = "id",
        DeliveryType = "deliveryType",
        SnapshotId = "snapshotId",
        Timestamp = "timestamp",
        TargetClusterName = "targetClusterName",
        TargetGroupId = "targetGroupId",
        DeliveryUrl = "deliveryUrl",
        Components = "components",
        PrivateDownloadDeliveryUrls = "privateDownloadDeliveryUrls",
        Cancelled = "cancelled",
        Expired = "expired",
        Failed = "failed",
        ExpiresAt = "expiresAt",
        FinishedAt = "finishedAt",
        CreatedAt = "createdAt",
        DesiredTimestamp = "desiredTimestamp",
        OplogTs = "oplogTs",
        OplogInc = "oplogInc",
        PointInTimeUtcSeconds = "pointInTimeUTCSeconds",
        Links = "links",
    });

    keys!(ComponentKey {
        ReplicaSetName = "replicaSetName",
        DownloadUrl = "downloadUrl",
        PrivateDownloadDeliveryUrls = "privateDownloadDeliveryUrls",
    });

    keys!(PrivateUrlKey {
        DeliveryUrl = "deliveryUrl",
        EndpointId = "endpointId",
    });

    keys!(DesiredKey {
        Date = "date",
        Increment = "increment",
        Time = "time",
    });

    keys!(LinkKey {
        Href = "href",
        Rel = "rel",
    });

    fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
        map.next_value::<IgnoredAny>().map(|_| ())
    }

    fn scalar<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Scalar<'de>, A::Error> {
        map.next_value::<Scalar<'de>>()
    }

    impl<'de> FromObject<'de> for Component {
        fn from_object<A: MapAccess<'de>>(mut map: A) -> Result<Option<Self>, A::Error> {
            let mut component = Component {
                replica_set_name: None,
                download_url: None,
                private_download_urls: Vec::new(),
            };
            while let Some(key) = map.next_key::<ComponentKey>()? {
                match key {
                    ComponentKey::ReplicaSetName => {
                        component.replica_set_name = scalar(&mut map)?.string();
                    }
                    ComponentKey::DownloadUrl => {
                        component.download_url = scalar(&mut map)?.string()
                    }
                    ComponentKey::PrivateDownloadDeliveryUrls => {
                        component.private_download_urls = map.next_value::<List<_>>()?.0;
                    }
                    ComponentKey::Other => skip(&mut map)?,
                }
            }
            Ok(Some(component))
        }
    }

    impl<'de> FromObject<'de> for PrivateDownloadUrl {
        fn from_object<A: MapAccess<'de>>(mut map: A) -> Result<Option<Self>, A::Error> {
            let (mut delivery_url, mut endpoint_id) = (None, None);
            while let Some(key) = map.next_key::<PrivateUrlKey>()? {
                match key {
                    PrivateUrlKey::DeliveryUrl => delivery_url = scalar(&mut map)?.string(),
                    PrivateUrlKey::EndpointId => endpoint_id = scalar(&mut map)?.string(),
                    PrivateUrlKey::Other => skip(&mut map)?,
                }
            }
            Ok(delivery_url.map(|delivery_url| PrivateDownloadUrl {
                delivery_url,
                endpoint_id,
            }))
        }
    }

    impl<'de> FromObject<'de> for DesiredTimestamp {
        fn from_object<A: MapAccess<'de>>(mut map: A) -> Result<Option<Self>, A::Error> {
            let mut desired = DesiredTimestamp {
                date: None,
                increment: None,
                time: None,
            };
            while let Some(key) = map.next_key::<DesiredKey>()? {
                match key {
                    DesiredKey::Date => desired.date = scalar(&mut map)?.date(),
                    DesiredKey::Increment => desired.increment = scalar(&mut map)?.integer(),
                    DesiredKey::Time => desired.time = scalar(&mut map)?.integer(),
                    DesiredKey::Other => skip(&mut map)?,
                }
            }
            Ok(Some(desired))
        }
    }

    impl<'de> FromObject<'de> for Link {
        fn from_object<A: MapAccess<'de>>(mut map: A) -> Result<Option<Self>, A::Error> {
            let (mut href, mut rel) = (None, None);
            while let Some(key) = map.next_key::<LinkKey>()? {
                match key {
                    LinkKey::Href => href = scalar(&mut map)?.string(),
                    LinkKey::Rel => rel = scalar(&mut map)?.string(),
                    LinkKey::Other => skip(&mut map)?,
                }
            }
            Ok(href.map(|href| Link {
                href,
                rel: rel.unwrap_or_default(),
            }))
        }
    }

    /// Every typed field of a job, read from its object.
    #[derive(Default)]
    pub(super) struct JobFields {
        id: Option<String>,
        delivery_type: Option<String>,
        snapshot_id: Option<String>,
        timestamp: Option<DateTime<Utc>>,
        target_cluster_name: Option<String>,
        target_group_id: Option<String>,
        delivery_urls: Vec<String>,
        components: Vec<Component>,
        private_download_urls: Vec<PrivateDownloadUrl>,
        cancelled: bool,
        expired: bool,
        failed: bool,
        expires_at: Option<DateTime<Utc>>,
        finished_at: Option<DateTime<Utc>>,
        created_at: Option<DateTime<Utc>>,
        desired_timestamp: Option<DesiredTimestamp>,
        oplog_ts: Option<i64>,
        oplog_inc: Option<i64>,
        point_in_time_utc_seconds: Option<i64>,
        links: Vec<Link>,
    }

    impl JobFields {
        pub(super) fn into_job(self, raw: RawJson) -> RestoreJob {
            RestoreJob {
                id: self.id.unwrap_or_default(),
                delivery_type: DeliveryType::parse(self.delivery_type.as_deref()),
                snapshot_id: self.snapshot_id,
                timestamp: self.timestamp,
                target_cluster_name: self.target_cluster_name,
                target_group_id: self.target_group_id,
                delivery_urls: self.delivery_urls,
                components: self.components,
                private_download_urls: self.private_download_urls,
                cancelled: self.cancelled,
                expired: self.expired,
                failed: self.failed,
                expires_at: self.expires_at,
                finished_at: self.finished_at,
                created_at: self.created_at,
                desired_timestamp: self.desired_timestamp,
                oplog_ts: self.oplog_ts,
                oplog_inc: self.oplog_inc,
                point_in_time_utc_seconds: self.point_in_time_utc_seconds,
                links: self.links,
                raw,
            }
        }
    }

    /// Reads a job object; anything else is refused.
    pub(super) struct JobVisitor;

    impl<'de> Visitor<'de> for JobVisitor {
        type Value = JobFields;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a restore job object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JobFields, A::Error> {
            let mut job = JobFields::default();
            while let Some(key) = map.next_key::<JobKey>()? {
                match key {
                    JobKey::Id => job.id = scalar(&mut map)?.string(),
                    JobKey::DeliveryType => job.delivery_type = scalar(&mut map)?.string(),
                    JobKey::SnapshotId => job.snapshot_id = scalar(&mut map)?.string(),
                    JobKey::Timestamp => job.timestamp = scalar(&mut map)?.date(),
                    JobKey::TargetClusterName => {
                        job.target_cluster_name = scalar(&mut map)?.string();
                    }
                    JobKey::TargetGroupId => job.target_group_id = scalar(&mut map)?.string(),
                    JobKey::DeliveryUrl => {
                        job.delivery_urls = map
                            .next_value::<List<Url>>()?
                            .0
                            .into_iter()
                            .map(|url| url.0)
                            .collect();
                    }
                    JobKey::Components => job.components = map.next_value::<List<_>>()?.0,
                    JobKey::PrivateDownloadDeliveryUrls => {
                        job.private_download_urls = map.next_value::<List<_>>()?.0;
                    }
                    JobKey::Cancelled => job.cancelled = scalar(&mut map)?.flag(),
                    JobKey::Expired => job.expired = scalar(&mut map)?.flag(),
                    JobKey::Failed => job.failed = scalar(&mut map)?.flag(),
                    JobKey::ExpiresAt => job.expires_at = scalar(&mut map)?.date(),
                    JobKey::FinishedAt => job.finished_at = scalar(&mut map)?.date(),
                    JobKey::CreatedAt => job.created_at = scalar(&mut map)?.date(),
                    JobKey::DesiredTimestamp => {
                        job.desired_timestamp = map.next_value::<Object<_>>()?.0;
                    }
                    JobKey::OplogTs => job.oplog_ts = scalar(&mut map)?.integer(),
                    JobKey::OplogInc => job.oplog_inc = scalar(&mut map)?.integer(),
                    JobKey::PointInTimeUtcSeconds => {
                        job.point_in_time_utc_seconds = scalar(&mut map)?.integer();
                    }
                    JobKey::Links => job.links = map.next_value::<List<_>>()?.0,
                    JobKey::Other => skip(&mut map)?,
                }
            }
            Ok(job)
        }
    }
}
