//! The Atlas Admin API as atlas-restores uses it: the HTTP client with digest
//! or service-account auth and page walking, the typed errors, and the resource models.

pub mod auth;
pub mod backoff;
pub mod client;
pub mod credentials;
pub mod error;
pub mod failure;
pub mod fetch;
pub mod fingerprint;
pub mod inventory;
pub mod model;
pub mod pages;
pub mod printable;
pub mod response;
pub mod snapshot;
pub mod target;

pub use client::{ApiVersion, Client, ClientSettings};
pub use credentials::{ApiKey, CredentialKind, Credentials, Secret, ServiceAccount};
pub use error::{AtlasError, ErrorKind, HttpFailure, TransportCause};
pub use model::{DeliveryType, Flex, FlexStatus, JobStatus, RestoreJob, SentJob};
pub use response::{MAX_RETRY_AFTER, RateLimit, parse_retry_after};
pub use target::{ClusterKind, Target};
