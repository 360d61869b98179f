//! The embedded Atlas simulator: an axum server on 127.0.0.1 that speaks the
//! Atlas Admin API (digest auth, pages, errors, faults) from a scenario file.
//!
//! Start it with [`Simulator::start`], point a client at
//! [`Simulator::base_url`] with [`Simulator::public_key`] /
//! [`Simulator::private_key`] (or the service account's
//! [`Simulator::client_id`] / [`Simulator::client_secret`]), and move its
//! clock with [`Simulator::advance`].

mod clock;
mod digest;
mod errors;
mod faults;
mod flex;
mod jobs;
mod lookup;
mod oauth;
mod paging;
mod ratelimit;
mod route;
mod routes;
mod scenario;
mod snapshots;
mod times;
mod world;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::oneshot;

pub use ratelimit::RateLimitConfig;
pub use scenario::{Scenario, ScenarioError};

/// How to run a simulator.
#[derive(Debug, Clone)]
pub struct SimConfig {
    pub scenario: Scenario,
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// How long a digest nonce stays valid on the simulator clock.
    pub nonce_lifetime: Duration,
    /// Added to every response.
    pub latency: Duration,
    /// Each API key's token bucket.
    pub rate_limit: RateLimitConfig,
    /// How long a service account's access token lives on the simulator clock.
    pub token_lifetime: Duration,
    /// Pins the simulator clock at this instant: scenario times count from
    /// it, and it moves only with [`Simulator::advance`], so that the same
    /// scenario serves the same jobs, ids and times on every run (nonces,
    /// tokens and the rate limit's refill also follow only `advance`).
    /// `None` (the default): the wall clock at start, running in real time.
    pub start: Option<DateTime<Utc>>,
}

impl SimConfig {
    pub fn new(scenario: Scenario) -> Self {
        SimConfig {
            scenario,
            port: 0,
            nonce_lifetime: Duration::from_secs(300),
            latency: Duration::ZERO,
            rate_limit: RateLimitConfig::default(),
            token_lifetime: Duration::from_secs(3600),
            start: None,
        }
    }
}

/// Request counts since start.
#[derive(Debug, Clone, Default)]
pub struct SimStats {
    /// All HTTP requests.
    pub requests: u64,
    /// 401 digest challenges sent.
    pub challenges: u64,
    /// Of those, refusals of a request that carried digest credentials:
    /// wrong keys, a replayed or out-of-order `nc`, a stale nonce.
    pub refused_answers: u64,
    /// Requests routed to a restore-job listing (after auth and the Accept
    /// check; faulted and 4xx ones included).
    pub restore_job_list_requests: u64,
    /// Requests to the OAuth token endpoint (refused ones included).
    pub token_requests: u64,
}

#[derive(Default)]
pub(crate) struct Counters {
    requests: AtomicU64,
    challenges: AtomicU64,
    refused_answers: AtomicU64,
    restore_job_list_requests: AtomicU64,
    token_requests: AtomicU64,
}

/// What the request handler shares.
pub(crate) struct Shared {
    world: Mutex<world::World>,
    auth: digest::DigestAuth,
    oauth: oauth::OAuth,
    clock: clock::Clock,
    rate: Mutex<ratelimit::RateLimiter>,
    stats: Counters,
    latency: Duration,
    public_key: String,
    addr: SocketAddr,
}

/// A running simulator; stops serving on [`Simulator::shutdown`] or drop.
pub struct Simulator {
    shared: Arc<Shared>,
    private_key: String,
    client: Option<(String, String)>,
    stop: Option<oneshot::Sender<()>>,
}

impl Simulator {
    /// Binds 127.0.0.1:`port` and spawns the server on the current runtime.
    pub async fn start(config: SimConfig) -> std::io::Result<Simulator> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", config.port)).await?;
        let addr = listener.local_addr()?;
        let clock = clock::Clock::new(config.start);
        let creds = &config.scenario.credentials;
        let shared = Arc::new(Shared {
            world: Mutex::new(world::World::build(&config.scenario, clock.start())),
            auth: digest::DigestAuth::new(
                &creds.public_key,
                &creds.private_key,
                config.nonce_lifetime,
                config.scenario.strict_nonce_count,
            ),
            oauth: oauth::OAuth::new(
                creds
                    .client_id
                    .as_deref()
                    .zip(creds.client_secret.as_deref()),
                config.token_lifetime,
            ),
            clock,
            rate: Mutex::new(ratelimit::RateLimiter::new(config.rate_limit)),
            stats: Counters::default(),
            latency: config.latency,
            public_key: creds.public_key.clone(),
            addr,
        });
        let (stop, stopped) = oneshot::channel::<()>();
        let app = routes::router(Arc::clone(&shared));
        tokio::spawn(async move {
            let server = axum::serve(listener, app).with_graceful_shutdown(async move {
                let _ = stopped.await;
            });
            let _ = server.await;
        });
        Ok(Simulator {
            shared,
            private_key: creds.private_key.clone(),
            client: creds.client_id.clone().zip(creds.client_secret.clone()),
            stop: Some(stop),
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.shared.addr)
    }

    pub fn public_key(&self) -> &str {
        &self.shared.public_key
    }

    pub fn private_key(&self) -> &str {
        &self.private_key
    }

    /// The service account's client id (empty when the scenario has none).
    pub fn client_id(&self) -> &str {
        self.client.as_ref().map_or("", |(id, _)| id)
    }

    /// The service account's client secret (empty when the scenario has none).
    pub fn client_secret(&self) -> &str {
        self.client.as_ref().map_or("", |(_, secret)| secret)
    }

    /// Moves the simulator clock forward.
    pub fn advance(&self, by: Duration) {
        self.shared.clock.advance(by);
    }

    /// Wall clock at start + real time elapsed + time advanced (pinned:
    /// the pinned instant + time advanced).
    pub fn now(&self) -> DateTime<Utc> {
        self.shared.clock.now()
    }

    /// Replaces the faults of one cluster's restore-job listing while the
    /// simulator runs (`faults` is a JSON array in the scenario's fault
    /// format; `[]` heals the cluster).
    pub fn set_faults(
        &self,
        group_id: &str,
        cluster_name: &str,
        faults: serde_json::Value,
    ) -> Result<(), ScenarioError> {
        let faults = scenario::parse_faults(faults)?;
        let mut world = self
            .shared
            .world
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let cluster = world
            .projects
            .iter_mut()
            .filter(|p| p.id == group_id)
            .flat_map(|p| p.clusters.iter_mut())
            .find(|c| c.spec.name == cluster_name)
            .ok_or_else(|| {
                ScenarioError::inline(format!("no cluster {group_id}/{cluster_name}"))
            })?;
        cluster.faults = faults
            .into_iter()
            .map(|spec| world::LiveFault {
                remaining: spec.times,
                spec,
            })
            .collect();
        Ok(())
    }

    /// Creates a cluster (scenario cluster format) in a project while the
    /// simulator runs, as if someone created it in Atlas.
    pub fn add_cluster(
        &self,
        group_id: &str,
        cluster: serde_json::Value,
    ) -> Result<(), ScenarioError> {
        let spec: scenario::ClusterSpec = serde_json::from_value(cluster)
            .map_err(|error| ScenarioError::inline(format!("cluster: {error}")))?;
        let start = self.shared.clock.start();
        let mut world = self
            .shared
            .world
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if world.add_cluster(group_id, &spec, start) {
            Ok(())
        } else {
            Err(ScenarioError::inline(format!(
                "cannot add cluster {} to {group_id}",
                spec.name
            )))
        }
    }

    /// Deletes a cluster while the simulator runs.
    pub fn remove_cluster(&self, group_id: &str, name: &str) -> Result<(), ScenarioError> {
        let mut world = self
            .shared
            .world
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if world.remove_cluster(group_id, name) {
            Ok(())
        } else {
            Err(ScenarioError::inline(format!(
                "no cluster {group_id}/{name}"
            )))
        }
    }

    pub fn stats(&self) -> SimStats {
        let c = &self.shared.stats;
        SimStats {
            requests: c.requests.load(Ordering::Relaxed),
            challenges: c.challenges.load(Ordering::Relaxed),
            refused_answers: c.refused_answers.load(Ordering::Relaxed),
            restore_job_list_requests: c.restore_job_list_requests.load(Ordering::Relaxed),
            token_requests: c.token_requests.load(Ordering::Relaxed),
        }
    }

    /// Stops serving (gracefully: requests in flight are answered).
    pub fn shutdown(mut self) {
        self.stop_server();
    }

    fn stop_server(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        self.stop_server();
    }
}
