//! The lenient one-pass reader of a job's typed fields: every known field
//! accepts any JSON and keeps only what fits; unknown fields are skipped.
//! A repeated key counts once, the last one winning (as in a JSON object).

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
                ComponentKey::DownloadUrl => component.download_url = scalar(&mut map)?.string(),
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
