//! Hostile input for the parsing edge: arbitrary bytes and arbitrary JSON fed
//! to the page walker, the restore job model, the body excerpt, the date and
//! ObjectId readers and the time words. Nothing may panic, loop or grow
//! without bound; what parses must give back exactly what was sent.

use std::time::Duration;

use atlas_restores::atlas::error::excerpt;
use atlas_restores::atlas::model::{RestoreJob, SentJob, object_id_time, parse_date};
use atlas_restores::atlas::pages::{MAX_PAGES, PageWalk};
use atlas_restores::atlas::{AtlasError, ErrorKind, HttpFailure};
use atlas_restores::atlas::{MAX_RETRY_AFTER, parse_retry_after};
use atlas_restores::atlas::{backoff, failure};
use atlas_restores::poller::MAX_BACKOFF;
use atlas_restores::ui::format;
use chrono::{DateTime, Utc};
use proptest::prelude::*;
use reqwest::Url;
use serde_json::{Value, json};

mod common;
use common::hostile::*;

/// Cases per property whose inputs are cheap to make (bytes, strings, dates).
const CASES: u32 = 5_000;
/// Cases per property that builds whole jobs and envelopes: thousands, yet
/// the whole file runs in seconds in a debug build.
const JSON_CASES: u32 = 2_000;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn url(text: &str) -> Url {
    Url::parse(text).unwrap_or_else(|error| panic!("{text}: {error}"))
}

/// Walks `pages` in turn (cycling) without a network, as the client does.
/// Returns how many pages were asked for and how the walk ended.
fn walk<T: serde::de::DeserializeOwned>(pages: &[Vec<u8>]) -> (usize, Result<usize, AtlasError>) {
    let mut walk = PageWalk::<T>::new("fuzz", &url("http://h/"));
    let mut next = Some(url("http://h/x?pageNum=1"));
    let mut asked = 0;
    while let Some(at) = next {
        // Whatever the pages say, the walk never leaves the base's origin.
        assert_eq!(
            (at.scheme(), at.host_str(), at.port_or_known_default()),
            ("http", Some("h"), Some(80)),
            "{at}"
        );
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

}

proptest! {
    #![proptest_config(config(JSON_CASES))]

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
    fn page_walks_with_random_next_links_always_end(pages in prop::collection::vec(thin_envelope(), 1..6)) {
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
        let job = SentJob::from_value(input.clone());
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
        let again = serde_json::from_value::<SentJob>(input.clone()).ok();
        prop_assert_eq!(again.as_ref(), Some(&job));
        // The dashboard's compact job reads the same, and what it writes
        // back (the export) reads back as the same job.
        let typed = RestoreJob::from_value(input);
        prop_assert_eq!(typed.as_ref().ok(), Some(&*job));
        let written = serde_json::to_value(&*job).unwrap_or_default();
        let read_back = RestoreJob::from_value(written).ok();
        prop_assert_eq!(read_back.as_ref(), Some(&*job));
    }

    #[test]
    fn json_that_is_not_an_object_is_refused_not_a_panic(input in garbage()) {
        let parsed = RestoreJob::from_value(input.clone());
        prop_assert_eq!(parsed.is_ok(), input.is_object());
    }

}

proptest! {
    #![proptest_config(config(CASES))]

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
        let _ = format::urgency(at, now);
        for change in [
            format::ago_changes_at(at, now),
            format::relative_changes_at(at, now),
            format::countdown_changes_at(at, now),
            format::countdown_exact_changes_at(at, now),
        ] {
            let end_of_time = chrono::DateTime::<chrono::Utc>::MAX_UTC;
            prop_assert!(change > now || change == end_of_time, "{change} after {now}");
        }
    }
}

proptest! {
    #![proptest_config(config(CASES))]

    #[test]
    fn retry_after_of_any_size_gives_a_bounded_backoff(
        value in prop_oneof!["[0-9]{1,30}", ".{0,30}", "[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4,6} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT"],
        failures in any::<u32>(),
        rate_limits in any::<u32>(),
    ) {
        let wait = parse_retry_after(&value, DateTime::<Utc>::UNIX_EPOCH);
        prop_assert!(wait.is_none_or(|wait| wait <= MAX_RETRY_AFTER));
        let error = AtlasError::new("t", ErrorKind::Http(HttpFailure {
            status: 429, error_code: None, detail: None, retry_after: wait, excerpt: None, credentials: None, digest_challenge: false,
        }));
        let retry = failure::retry(&error);
        let streak = backoff::Streak { failures, rate_limits };
        let next = backoff::wait(retry, Duration::from_secs(30), MAX_BACKOFF, streak, 0.5);
        prop_assert!(next <= MAX_RETRY_AFTER.max(MAX_BACKOFF));
        prop_assert!(std::time::Instant::now().checked_add(next).is_some());
    }
}

#[test]
fn a_retry_after_of_years_is_capped() {
    let now = DateTime::<Utc>::UNIX_EPOCH;
    for value in [
        "18446744073709551615",
        "9999999999999",
        "Fri, 31 Dec 9999 23:59:59 GMT",
    ] {
        assert_eq!(
            parse_retry_after(value, now),
            Some(MAX_RETRY_AFTER),
            "{value}"
        );
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
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
        let mut walk = PageWalk::<RestoreJob>::new("t", &url("http://h/"));
        assert!(walk.visit(&url("http://h/x?pageNum=1")).is_ok());
        let body = json!({"links": [], "results": [{"id": "a"}], "totalCount": total});
        let next = walk.add_page(body.to_string().as_bytes(), 200);
        assert!(matches!(next, Ok(None)), "{total}: {next:?}");
        assert_eq!(walk.finish().total_count, expected, "{total}");
    }
}

#[test]
fn a_runaway_listing_stops_at_the_page_cap() {
    let mut walk = PageWalk::<Value>::new("t", &url("http://h/"));
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
        next = walk
            .add_page(body.to_string().as_bytes(), 200)
            .ok()
            .flatten();
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
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}
