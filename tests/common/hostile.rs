//! Strategies for hostile input: strings with escapes and bidi overrides,
//! dates at and past the edges, any JSON, restore jobs shaped like Atlas's
//! (or not), and page envelopes with wild `next` links.

use chrono::{DateTime, Utc};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Value, json};

/// Strings a hostile or broken server might send: any Unicode, terminal
/// escapes, control and bidi characters, nothing at all.
pub fn nasty_string() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,24}",
        "[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}a-z\\u{202e}\\u{200d}]{0,12}",
        select(vec![
            "",
            "\u{1b}[31mred\u{1b}[0m",
            "line\r\nbreak\ttab",
            "é漢😀\u{301}\u{202e}שלום",
            "null",
            "true",
            "6600000000000000000000aa",
        ])
        .prop_map(str::to_string),
    ]
}

/// Date texts: valid RFC 3339 anywhere in 0000..=9999, the shapes around it,
/// and the extremes chrono itself can hold (which RFC 3339 cannot).
pub fn date_text() -> impl Strategy<Value = String> {
    prop_oneof![
        (-62_167_219_200_i64..253_402_300_799).prop_map(|seconds| {
            DateTime::from_timestamp(seconds, 0)
                .map(|at| at.to_rfc3339())
                .unwrap_or_default()
        }),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,12})?(Z|[+-][0-9]{2}:[0-9]{2})",
        select(vec![
            "+262142-12-31T23:59:59Z",
            "-262143-01-01T00:00:00Z",
            "9999-12-31T23:59:59-23:59",
            "0000-01-01T00:00:00+23:59",
            "2024-02-30T00:00:00Z",
            "2024-05-01T25:61:61Z",
            "2024-05-01",
        ])
        .prop_map(str::to_string),
        nasty_string(),
    ]
}

/// Any JSON at all, nested a few levels, numbers at their limits.
pub fn garbage() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        nasty_string().prop_map(Value::from),
        date_text().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..4)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

pub fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "id",
            "deliveryType",
            "deliveryUrl",
            "components",
            "links",
            "href",
            "rel",
            "expiresAt",
            "replicaSetName",
            "downloadUrl",
            "date",
        ])
        .prop_map(str::to_string),
        nasty_string(),
    ]
}

pub fn object(pairs: Vec<(String, Value)>) -> Value {
    Value::Object(pairs.into_iter().collect())
}

pub fn url_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        "https://[a-z]{1,8}\\.example\\.net/[a-z0-9/]{0,20}".prop_map(Value::from),
        nasty_string().prop_map(Value::from),
        garbage(),
    ]
}

pub fn component() -> impl Strategy<Value = Value> {
    prop_oneof![
        (nasty_string(), url_value(), garbage()).prop_map(|(name, url, private)| {
            json!({"replicaSetName": name, "downloadUrl": url,
                   "privateDownloadDeliveryUrls": [{"deliveryUrl": url_value_text(&private), "endpointId": private}]})
        }),
        garbage(),
    ]
}

pub fn url_value_text(value: &Value) -> Value {
    value.as_str().map_or(Value::Null, Value::from)
}

pub fn link() -> impl Strategy<Value = Value> {
    prop_oneof![
        (nasty_string(), href()).prop_map(|(rel, href)| json!({"rel": rel, "href": href})),
        href().prop_map(|href| json!({"rel": "next", "href": href})),
        garbage(),
    ]
}

/// `next` hrefs: good page links that may repeat, loops, garbage.
pub fn href() -> impl Strategy<Value = String> {
    prop_oneof![
        "http://h/x\\?pageNum=[0-9]{1,2}(&itemsPerPage=[0-9]{1,3})?",
        Just("http://h/x".to_string()),
        "https?://[a-z]{1,5}(:[0-9]{1,6})?/[a-z?=&%]{0,10}",
        nasty_string(),
    ]
}

/// One field of a restore job with a value shaped like Atlas's, or not.
pub fn job_field() -> impl Strategy<Value = (String, Value)> {
    let named = |name: &'static str, value: BoxedStrategy<Value>| {
        value.prop_map(move |value| (name.to_string(), value))
    };
    let hex_id = "[0-9a-f]{24}".prop_map(Value::from).boxed();
    let date = prop_oneof![date_text().prop_map(Value::from), garbage()].boxed();
    let flag = prop_oneof![
        any::<bool>().prop_map(Value::from),
        select(vec!["true", "false", "1"]).prop_map(Value::from),
        garbage(),
    ]
    .boxed();
    let integer = prop_oneof![
        any::<i64>().prop_map(Value::from),
        select(vec![i64::MIN, i64::MAX, 0, -1]).prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        Just(json!(1e300)),
        garbage(),
    ]
    .boxed();
    prop_oneof![
        named("id", prop_oneof![hex_id, garbage()].boxed()),
        named(
            "deliveryType",
            prop_oneof![
                select(vec!["automated", "download", "pointInTime"]).prop_map(Value::from),
                garbage(),
            ]
            .boxed()
        ),
        named(
            "deliveryUrl",
            prop_oneof![
                url_value(),
                prop::collection::vec(url_value(), 0..4).prop_map(Value::Array),
            ]
            .boxed()
        ),
        named(
            "components",
            prop::collection::vec(component(), 0..4)
                .prop_map(Value::Array)
                .boxed()
        ),
        named(
            "links",
            prop::collection::vec(link(), 0..4)
                .prop_map(Value::Array)
                .boxed()
        ),
        named("expiresAt", date.clone()),
        named("finishedAt", date.clone()),
        named("createdAt", date.clone()),
        named("timestamp", date.clone()),
        named("cancelled", flag.clone()),
        named("failed", flag.clone()),
        named("expired", flag),
        named("oplogTs", integer.clone()),
        named("pointInTimeUTCSeconds", integer.clone()),
        named(
            "desiredTimestamp",
            prop_oneof![
                (date, integer.clone(), integer).prop_map(|(date, increment, time)| {
                    json!({"date": date, "increment": increment, "time": time})
                }),
                garbage(),
            ]
            .boxed()
        ),
        (key(), garbage()),
    ]
}

pub fn job_object() -> impl Strategy<Value = Value> {
    prop::collection::vec(job_field(), 0..12).prop_map(object)
}

/// A page envelope of full jobs, sometimes missing parts or holding the
/// wrong shapes.
pub fn envelope() -> impl Strategy<Value = Value> {
    envelope_of(prop::collection::vec(prop_oneof![4 => job_object(), 1 => garbage()], 0..3).boxed())
}

/// An envelope whose results are cheap to make: for walks, where the links
/// matter and the jobs are fuzzed elsewhere.
pub fn thin_envelope() -> impl Strategy<Value = Value> {
    let result = prop_oneof![
        "[0-9a-f]{24}".prop_map(|id| json!({ "id": id })),
        Just(json!({})),
        Just(json!(null)),
    ];
    envelope_of(prop::collection::vec(result, 0..4).boxed())
}

pub fn envelope_of(results: BoxedStrategy<Vec<Value>>) -> impl Strategy<Value = Value> {
    let links = prop_oneof![
        4 => prop::collection::vec(link(), 0..4).prop_map(Value::Array),
        1 => garbage(),
    ];
    let total = prop_oneof![
        select(vec![0_u64, 1 << 31, 1 << 63, u64::MAX]).prop_map(Value::from),
        garbage(),
    ];
    (results, links, total, 0..8_u8).prop_map(|(results, links, total, shape)| match shape {
        0 => json!({"links": links, "totalCount": total}),
        1 => json!({"results": results}),
        _ => json!({"links": links, "results": results, "totalCount": total}),
    })
}

pub fn extreme_date() -> impl Strategy<Value = DateTime<Utc>> {
    prop_oneof![
        Just(DateTime::<Utc>::MIN_UTC),
        Just(DateTime::<Utc>::MAX_UTC),
        Just(DateTime::<Utc>::UNIX_EPOCH),
        (DateTime::<Utc>::MIN_UTC.timestamp()..=DateTime::<Utc>::MAX_UTC.timestamp())
            .prop_map(|s| DateTime::from_timestamp(s, 0).unwrap_or_default()),
        (-1_i64 << 40..1 << 40).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap_or_default()),
    ]
}
