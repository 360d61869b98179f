//! Parse: one 500-job page of restore jobs, exactly as the simulator serves
//! it (fetched once over HTTP with digest auth), through the same page walk
//! the client uses, with and without keeping each job's text (as the
//! history needs). Reported as throughput (bytes of JSON per second).

mod support;

use std::time::Duration;

use atlas_restores::atlas::pages::PageWalk;
use atlas_restores::atlas::{RestoreJob, SentJob};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use diqwest::WithDigestAuth;
use reqwest::Url;

/// The first page (500 jobs) of a cluster with 500 jobs.
fn served_page() -> Vec<u8> {
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    runtime.block_on(async {
        let sim = support::start_simulator(support::scenario(1, 500), Duration::ZERO).await;
        let url = format!(
            "{}/api/atlas/v2/groups/{}/clusters/c0000/backup/restoreJobs?itemsPerPage=500&pageNum=1",
            sim.base_url(),
            support::group_id(0)
        );
        let response = reqwest::Client::new()
            .get(url)
            .header("Accept", "application/vnd.atlas.2023-01-01+json")
            .send_digest_auth((sim.public_key(), sim.private_key()))
            .await
            .expect("the page is served");
        assert!(response.status().is_success(), "{}", response.status());
        response.bytes().await.expect("a body").to_vec()
    })
}

fn parse(c: &mut Criterion) {
    let body = served_page();
    let url = Url::parse("http://127.0.0.1/page").expect("a URL");
    let mut group = c.benchmark_group("parse_page");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("500_jobs", |b| {
        b.iter(|| {
            let mut walk = PageWalk::<RestoreJob>::new("bench", &url);
            walk.visit(&url).expect("a first visit");
            walk.add_page(&body, 200).expect("a valid page");
            let listing = walk.finish();
            assert_eq!(listing.items.len(), 500);
            listing
        });
    });
    // With the history kept, a changed answer is read keeping each job's
    // text for the file.
    group.bench_function("500_jobs_with_text", |b| {
        b.iter(|| {
            let mut walk = PageWalk::<SentJob>::new("bench", &url);
            walk.visit(&url).expect("a first visit");
            walk.add_page(&body, 200).expect("a valid page");
            let listing = walk.finish();
            assert_eq!(listing.items.len(), 500);
            listing
        });
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
