//! The HTTP client for the Atlas Admin API: digest auth, versioned media
//! types, typed errors, and the resources atlas-restores reads.
//!
//! `api` holds the API generation and the client's settings, `request`
//! sends and logs one request (or walks pages), `resources` names the
//! Atlas resources atlas-restores reads and cancels, and `kinds` which API
//! (dedicated or Flex) a cluster's jobs are read from.

mod api;
mod kinds;
mod request;
mod resources;
pub use resources::ListedJob;

use std::fmt;
use std::time::Duration;

use reqwest::Url;

use super::auth::Auth;
use super::error::{AtlasError, ErrorKind};
use super::response::RateLimit;

pub use api::{ATLAS_BASE_URL, ATLAS_GOV_BASE_URL, ApiVersion, ClientSettings, FLEX_MEDIA_TYPE};
pub use kinds::{FLEX_CANNOT_CANCEL, FLEX_IN_CLUSTER_API, NON_FLEX_IN_FLEX_API};

/// The Atlas Admin API client. Cheap to clone; clones share the connection
/// pool and the digest nonce or the service account's token.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: Url,
    api: ApiVersion,
    /// The public key or the client id: fine to show.
    public_id: String,
    auth: std::sync::Arc<Auth>,
    rate_limit: std::sync::Arc<std::sync::Mutex<Option<RateLimit>>>,
    /// Which clusters are Flex, as learnt from listings and answers.
    kinds: kinds::Kinds,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base.as_str())
            .field("api", &self.api)
            .field("auth", &self.auth.kind())
            .field("id", &self.public_id)
            .finish_non_exhaustive()
    }
}

impl Client {
    pub fn new(settings: ClientSettings) -> Result<Client, AtlasError> {
        let base = Url::parse(&settings.base_url)
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some())
            .ok_or_else(|| {
                AtlasError::new(
                    "base URL",
                    ErrorKind::Request(format!(
                        "{:?} is not an http(s) URL with a host",
                        settings.base_url
                    )),
                )
            })?;
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10).min(settings.request_timeout))
            .timeout(settings.request_timeout)
            .user_agent(concat!("atlas-restores/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|error| {
                AtlasError::new("HTTP client", ErrorKind::Request(error.to_string()))
            })?;
        let public_id = settings.credentials.public_id().to_string();
        let auth = Auth::new(settings.credentials, &base)?;
        Ok(Client {
            http,
            base,
            api: settings.api,
            public_id,
            auth: std::sync::Arc::new(auth),
            rate_limit: std::sync::Arc::default(),
            kinds: kinds::Kinds::default(),
        })
    }

    /// `RateLimit-Limit` and `RateLimit-Remaining` of the latest answer
    /// that carried them.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        *self
            .rate_limit
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn api(&self) -> ApiVersion {
        self.api
    }

    pub fn base_url(&self) -> &str {
        self.base.as_str()
    }
}
