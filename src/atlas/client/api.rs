//! Which Admin API to speak and where: the base URLs, the API generation
//! with its paths and media types, and the settings a client is built from.

use std::time::Duration;

use crate::atlas::credentials::Credentials;

/// Default base URL of commercial Atlas.
pub const ATLAS_BASE_URL: &str = "https://cloud.mongodb.com";
/// Base URL of Atlas for Government (`MONGODB_ATLAS_SERVICE=cloudgov`).
pub const ATLAS_GOV_BASE_URL: &str = "https://cloud.mongodbgov.com";

/// The only media type of the Flex endpoints (they exist in v2 only).
pub const FLEX_MEDIA_TYPE: &str = "application/vnd.atlas.2024-11-13+json";

/// Which Admin API generation to speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ApiVersion {
    #[default]
    V2,
    V1,
}

/// The resource families whose v2 media type versions differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resource {
    /// Restore jobs, snapshots and projects: `2023-01-01`.
    Backup,
    /// The clusters list: `2024-08-05`.
    Clusters,
    /// Flex clusters and their restore jobs: `2024-11-13`, v2 only.
    Flex,
}

impl ApiVersion {
    pub(crate) fn path_prefix(self) -> [&'static str; 3] {
        match self {
            ApiVersion::V2 => ["api", "atlas", "v2"],
            ApiVersion::V1 => ["api", "atlas", "v1.0"],
        }
    }

    pub(super) fn accept(self, resource: Resource) -> &'static str {
        match (self, resource) {
            (_, Resource::Flex) => FLEX_MEDIA_TYPE,
            (ApiVersion::V1, _) => "application/json",
            (ApiVersion::V2, Resource::Backup) => "application/vnd.atlas.2023-01-01+json",
            (ApiVersion::V2, Resource::Clusters) => "application/vnd.atlas.2024-08-05+json",
        }
    }
}

impl std::str::FromStr for ApiVersion {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "v2" | "2" => Ok(ApiVersion::V2),
            "v1" | "v1.0" | "1" => Ok(ApiVersion::V1),
            other => Err(format!("unknown API version {other:?}: use v2 or v1")),
        }
    }
}

/// How to reach Atlas.
#[derive(Debug, Clone)]
pub struct ClientSettings {
    pub base_url: String,
    pub api: ApiVersion,
    pub credentials: Credentials,
    /// The longest one request may take, connection included.
    pub request_timeout: Duration,
}

impl ClientSettings {
    pub fn new(
        base_url: impl Into<String>,
        api: ApiVersion,
        credentials: impl Into<Credentials>,
    ) -> ClientSettings {
        ClientSettings {
            base_url: base_url.into(),
            api,
            credentials: credentials.into(),
            request_timeout: Duration::from_secs(30),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v2_and_v1_media_types() {
        assert_eq!(
            ApiVersion::V2.accept(Resource::Backup),
            "application/vnd.atlas.2023-01-01+json"
        );
        assert_eq!(
            ApiVersion::V2.accept(Resource::Clusters),
            "application/vnd.atlas.2024-08-05+json"
        );
        assert_eq!(
            ApiVersion::V1.accept(Resource::Clusters),
            "application/json"
        );
    }
}
