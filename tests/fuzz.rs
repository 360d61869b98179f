//! Hostile input for the parsing edge: arbitrary bytes and arbitrary JSON fed
//! to the page walker, the restore job model, the body excerpt, the date and
//! ObjectId readers and the time words. Nothing may panic, loop or grow
//! without bound; what parses must give back exactly what was sent.

use std::time::Duration;

use atlas_restores::app::countdown_is_live;
use atlas_restores::atlas::error::excerpt;
use atlas_restores::atlas::model::{RestoreJob, object_id_time, parse_date};
use atlas_restores::atlas::pages::{MAX_PAGES, PageWalk};
use atlas_restores::atlas::client::{MAX_RETRY_AFTER, parse_retry_after};
use atlas_restores::atlas::{AtlasError, ErrorKind, HttpFailure};
use atlas_restores::poller::{MAX_BACKOFF, backoff};
use atlas_restores::format;
use chrono::{DateTime, Utc};
use proptest::prelude::*;
use proptest::sample::select;
use reqwest::Url;
use serde_json::{Value, json};

/// Cases per property: thousands, yet the whole file runs in seconds.
const CASES: u32 = 3_000;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Strings a hostile or broken server might send: any Unicode, terminal
/// escapes, control and bidi characters, nothing at all.
fn nasty_string() -> impl Strategy<Value = String> {
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
fn date_text() -> impl Strategy<Value = String> {
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
fn garbage() -> impl Strategy<Value = Value> {
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
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..4)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

fn key() -> impl Strategy<Value = String> {
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

fn object(pairs: Vec<(String, Value)>) -> Value {
    Value::Object(pairs.into_iter().collect())
}

fn url_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        "https://[a-z]{1,8}\\.example\\.net/[a-z0-9/]{0,20}".prop_map(Value::from),
        nasty_string().prop_map(Value::from),
        garbage(),
    ]
}

fn component() -> impl Strategy<Value = Value> {
    prop_oneof![
        (nasty_string(), url_value(), garbage()).prop_map(|(name, url, private)| {
            json!({"replicaSetName": name, "downloadUrl": url,
                   "privateDownloadDeliveryUrls": [{"deliveryUrl": url_value_text(&private), "endpointId": private}]})
        }),
        garbage(),
    ]
}

fn url_value_text(value: &Value) -> Value {
    value.as_str().map_or(Value::Null, Value::from)
}

fn link() -> impl Strategy<Value = Value> {
    prop_oneof![
        (nasty_string(), href()).prop_map(|(rel, href)| json!({"rel": rel, "href": href})),
        href().prop_map(|href| json!({"rel": "next", "href": href})),
        garbage(),
    ]
}

/// `next` hrefs: good page links that may repeat, loops, garbage.
fn href() -> impl Strategy<Value = String> {
    prop_oneof![
        "http://h/x\\?pageNum=[0-9]{1,2}(&itemsPerPage=[0-9]{1,3})?",
        Just("http://h/x".to_string()),
        "https?://[a-z]{1,5}(:[0-9]{1,6})?/[a-z?=&%]{0,10}",
        nasty_string(),
    ]
}

/// One field of a restore job with a value shaped like Atlas's, or not.
fn job_field() -> impl Strategy<Value = (String, Value)> {
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

fn job_object() -> impl Strategy<Value = Value> {
    prop::collection::vec(job_field(), 0..12).prop_map(object)
}

/// A page envelope, sometimes missing parts or holding the wrong shapes.
fn envelope() -> impl Strategy<Value = Value> {
    let results = prop::collection::vec(prop_oneof![4 => job_object(), 1 => garbage()], 0..4);
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

fn url(text: &str) -> Url {
    Url::parse(text).unwrap_or_else(|error| panic!("{text}: {error}"))
}

/// Walks `pages` in turn (cycling) without a network, as the client does.
/// Returns how many pages were asked for and how the walk ended.
fn walk<T: serde::de::DeserializeOwned>(pages: &[Vec<u8>]) -> (usize, Result<usize, AtlasError>) {
    let mut walk = PageWalk::<T>::new("fuzz");
    let mut next = Some(url("http://h/x?pageNum=1"));
    let mut asked = 0;
    while let Some(at) = next {
        if let Err(error) = walk.visit(&at) {
            return (asked, Err(error));
        }
        let Some(body) = pages.get(asked % pages.len().max(1)) else {
            return (asked, Ok(0));
        };
        asked += 1;
        assert!(asked <= MAX_PAGES, "the walk must stop by itself");
        next = match walk.add_page(body, 200) {
            Ok(next) => next,
            Err(error) => return (asked, Err(error)),
        };
    }
    (asked, Ok(walk.finish().items.len()))
}

proptest! {
    #![proptest_config(config(CASES))]

    #[test]
    fn arbitrary_bytes_never_panic_the_page_parser(body in prop::collection::vec(any::<u8>(), 0..256)) {
        for walker in [0, 1] {
            let (asked, ended) = if walker == 0 {
                walk::<RestoreJob>(std::slice::from_ref(&body))
            } else {
                walk::<Value>(std::slice::from_ref(&body))
            };
            prop_assert!(asked <= MAX_PAGES);
            if let Err(error) = ended {
                prop_assert!(!error.to_string().contains('\u{1b}'), "{error}");
            }
        }
    }

    #[test]
    fn damaged_envelopes_never_panic_the_page_parser(page in envelope(), cut in any::<prop::sample::Index>(), flip in any::<u8>()) {
        let mut body = page.to_string().into_bytes();
        let at = cut.index(body.len().max(1));
        if let Some(byte) = body.get_mut(at) {
            *byte ^= flip;
        }
        let _ = walk::<RestoreJob>(std::slice::from_ref(&body));
        body.truncate(at);
        let _ = walk::<Value>(&[body]);
    }

    #[test]
    fn page_walks_with_random_next_links_always_end(pages in prop::collection::vec(envelope(), 1..6)) {
        let bodies: Vec<Vec<u8>> = pages.iter().map(|p| p.to_string().into_bytes()).collect();
        let (asked, ended) = walk::<RestoreJob>(&bodies);
        prop_assert!(asked <= MAX_PAGES);
        if let Ok(items) = ended {
            let sent: usize = pages.iter().take(asked)
                .filter_map(|p| p.get("results").and_then(Value::as_array)).map(Vec::len).sum();
            prop_assert!(items <= sent, "{items} items from {sent} sent");
        }
        let _ = walk::<Value>(&bodies);
    }

    #[test]
    fn arbitrary_json_jobs_parse_and_give_back_what_was_sent(input in job_object()) {
        let job = RestoreJob::from_value(input.clone());
        prop_assert!(job.is_ok());
        let Ok(job) = job else { return Ok(()) };
        prop_assert_eq!(&job.id, input.get("id").and_then(Value::as_str).unwrap_or(""));
        let _ = (job.status(), job.created(), job.link("snapshot"), job.link("next"));
        let urls = job.download_urls();
        prop_assert!(urls.iter().all(|url| !url.is_empty()));
        prop_assert_eq!(job.has_download_url(), !urls.is_empty());
        prop_assert_eq!(serde_json::to_value(&job).ok(), Some(input.clone()));
        // Compared as text: serde_json's default float parsing may move a
        // float by one ulp, so text -> Value -> text is the exact round trip.
        prop_assert_eq!(serde_json::to_string(&job).ok(), serde_json::to_string(&input).ok());
        prop_assert_eq!(serde_json::from_value::<RestoreJob>(input).ok(), Some(job));
    }

    #[test]
    fn json_that_is_not_an_object_is_refused_not_a_panic(input in garbage()) {
        let parsed = RestoreJob::from_value(input.clone());
        prop_assert_eq!(parsed.is_ok(), input.is_object());
    }

    #[test]
    fn excerpts_are_short_single_lines_without_control_characters(
        body in prop::collection::vec(any::<u8>(), 0..512),
        text in ".{0,64}",
        max in 0_usize..200,
    ) {
        for body in [&body[..], text.as_bytes()] {
            let cut = excerpt(body, max);
            prop_assert!(cut.chars().count() <= max + 1, "{cut:?}");
            prop_assert!(!cut.chars().any(char::is_control), "{cut:?}");
            prop_assert!(!cut.chars().any(is_bidi_control), "{cut:?}");
        }
    }

    #[test]
    fn object_id_times_come_only_from_24_hex_digits(id in prop_oneof![".{0,30}", "[0-9a-fA-F]{20,28}"]) {
        if object_id_time(&id).is_some() {
            prop_assert!(id.len() == 24 && id.bytes().all(|b| b.is_ascii_hexdigit()));
        }
    }

    #[test]
    fn any_date_text_parses_or_not_without_panic(text in date_text()) {
        if let Some(at) = parse_date(&text) {
            prop_assert!(!format::date(at).is_empty());
        }
    }

    #[test]
    fn time_words_hold_at_the_ends_of_time(at in extreme_date(), now in extreme_date(), seconds in any::<i64>(), bytes in any::<u64>(), millis in any::<u64>()) {
        let words = [
            format::ago(at, now),
            format::relative(at, now),
            format::countdown(at, now),
            format::countdown_exact(at, now),
            format::age(at, now),
            format::date(at),
            format::largest_unit(seconds),
            format::unix_date(seconds).unwrap_or_default(),
            format::size(bytes),
            format::interval(Duration::from_millis(millis)),
            format::interval(Duration::from_secs(millis)),
        ];
        prop_assert!(words.iter().all(|w| !w.chars().any(char::is_control)));
        let _ = (format::urgency(at, now), countdown_is_live(at, now));
    }
}

proptest! {
    #![proptest_config(config(CASES))]

    #[test]
    fn retry_after_of_any_size_gives_a_bounded_backoff(
        value in prop_oneof!["[0-9]{1,30}", ".{0,30}", "[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4,6} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT"],
        failures in any::<u32>(),
    ) {
        let wait = parse_retry_after(&value, DateTime::<Utc>::UNIX_EPOCH);
        prop_assert!(wait.is_none_or(|wait| wait <= MAX_RETRY_AFTER));
        let error = AtlasError::new("t", ErrorKind::Http(HttpFailure {
            status: 429, error_code: None, detail: None, retry_after: wait, excerpt: None,
        }));
        let next = backoff(Duration::from_secs(30), failures, &error);
        prop_assert!(next <= MAX_RETRY_AFTER.max(MAX_BACKOFF));
        prop_assert!(std::time::Instant::now().checked_add(next).is_some());
    }
}

#[test]
fn a_retry_after_of_years_is_capped() {
    let now = DateTime::<Utc>::UNIX_EPOCH;
    for value in ["18446744073709551615", "9999999999999", "Fri, 31 Dec 9999 23:59:59 GMT"] {
        assert_eq!(parse_retry_after(value, now), Some(MAX_RETRY_AFTER), "{value}");
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

fn extreme_date() -> impl Strategy<Value = DateTime<Utc>> {
    prop_oneof![
        Just(DateTime::<Utc>::MIN_UTC),
        Just(DateTime::<Utc>::MAX_UTC),
        Just(DateTime::<Utc>::UNIX_EPOCH),
        (DateTime::<Utc>::MIN_UTC.timestamp()..=DateTime::<Utc>::MAX_UTC.timestamp())
            .prop_map(|s| DateTime::from_timestamp(s, 0).unwrap_or_default()),
        (-1_i64 << 40..1 << 40).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap_or_default()),
    ]
}

#[test]
fn a_megabyte_id_parses_whole() {
    let id = "a".repeat(1 << 20);
    let job = RestoreJob::from_value(json!({"id": id, "deliveryType": "download"}));
    assert_eq!(job.map(|job| job.id.len()).ok(), Some(1 << 20));
}

#[test]
fn huge_total_counts_are_accepted() {
    for (total, expected) in [
        (json!(1_u64 << 31), Some(1_u64 << 31)),
        (json!(1_u64 << 63), Some(1_u64 << 63)),
        (json!(u64::MAX), Some(u64::MAX)),
        (json!(-1), None),
        (json!(1e30), None),
        (json!("2147483648"), None),
    ] {
        let mut walk = PageWalk::<RestoreJob>::new("t");
        assert!(walk.visit(&url("http://h/x?pageNum=1")).is_ok());
        let body = json!({"links": [], "results": [{"id": "a"}], "totalCount": total});
        let next = walk.add_page(body.to_string().as_bytes(), 200);
        assert!(matches!(next, Ok(None)), "{total}: {next:?}");
        assert_eq!(walk.finish().total_count, expected, "{total}");
    }
}

#[test]
fn a_runaway_listing_stops_at_the_page_cap() {
    let mut walk = PageWalk::<Value>::new("t");
    let mut next = Some(url("http://h/x?pageNum=1"));
    let mut pages = 0;
    let error = loop {
        let Some(at) = next.take() else {
            panic!("a runaway listing never ends by itself");
        };
        if let Err(error) = walk.visit(&at) {
            break error;
        }
        pages += 1;
        let body = json!({"links": [{"rel": "next", "href": format!("http://h/x?pageNum={}", pages + 1)}],
                          "results": [{}], "totalCount": 1});
        next = walk.add_page(body.to_string().as_bytes(), 200).ok().flatten();
    };
    assert_eq!(pages, MAX_PAGES);
    assert!(matches!(error.kind, ErrorKind::Paging(_)), "{error}");
}

#[test]
fn excerpts_of_huge_blank_bodies_are_quick() {
    let body = vec![b' '; 8 << 20];
    let started = std::time::Instant::now();
    assert_eq!(excerpt(&body, 120), "");
    let body = [b"x".repeat(119), vec![b'\n'; 4 << 20], b"<html>".to_vec()].concat();
    assert_eq!(excerpt(&body, 120), format!("{} …", "x".repeat(119)));
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
}
