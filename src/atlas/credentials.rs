//! Credentials: API keys and service accounts. The private key and the
//! client secret are opaque: never printed, logged or shown in `Debug` output.

use std::fmt;

/// A secret string whose `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A programmatic API key pair: public key as user name, private key as
/// password of HTTP digest auth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    pub public_key: String,
    pub private_key: Secret,
}

impl ApiKey {
    pub fn new(public_key: impl Into<String>, private_key: impl Into<String>) -> ApiKey {
        ApiKey {
            public_key: public_key.into(),
            private_key: Secret::new(private_key),
        }
    }
}

/// A service account: OAuth client id and secret, exchanged for a bearer
/// token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceAccount {
    pub client_id: String,
    pub client_secret: Secret,
}

impl ServiceAccount {
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> ServiceAccount {
        ServiceAccount {
            client_id: client_id.into(),
            client_secret: Secret::new(client_secret),
        }
    }
}

/// How the client proves who it is: an API key (digest) or a service
/// account (bearer token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    ApiKey(ApiKey),
    ServiceAccount(ServiceAccount),
}

impl From<ApiKey> for Credentials {
    fn from(key: ApiKey) -> Credentials {
        Credentials::ApiKey(key)
    }
}

impl From<ServiceAccount> for Credentials {
    fn from(account: ServiceAccount) -> Credentials {
        Credentials::ServiceAccount(account)
    }
}

impl Credentials {
    pub fn kind(&self) -> CredentialKind {
        match self {
            Credentials::ApiKey(_) => CredentialKind::ApiKey,
            Credentials::ServiceAccount(_) => CredentialKind::ServiceAccount,
        }
    }

    /// The public half: the API key's public key or the client id.
    pub fn public_id(&self) -> &str {
        match self {
            Credentials::ApiKey(key) => &key.public_key,
            Credentials::ServiceAccount(account) => &account.client_id,
        }
    }
}

/// Which kind of credentials a request used, so that an authentication
/// failure can name the right environment variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialKind {
    ApiKey,
    ServiceAccount,
}

impl CredentialKind {
    /// The environment variables that hold this kind of credentials.
    pub fn env_vars(self) -> [&'static str; 2] {
        match self {
            CredentialKind::ApiKey => [
                "MONGODB_ATLAS_PUBLIC_API_KEY",
                "MONGODB_ATLAS_PRIVATE_API_KEY",
            ],
            CredentialKind::ServiceAccount => {
                ["MONGODB_ATLAS_CLIENT_ID", "MONGODB_ATLAS_CLIENT_SECRET"]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_private_key() {
        let key = ApiKey::new("abcdefgh", "0f3c-very-secret-9d1e");
        let shown = format!("{key:?} {} {:?}", key.private_key, key.private_key);
        assert!(shown.contains("abcdefgh"));
        assert!(!shown.contains("very-secret"), "{shown}");
    }

    #[test]
    fn debug_hides_the_client_secret() {
        let account =
            Credentials::from(ServiceAccount::new("mdb_sa_id_1", "mdb_sa_sk_very-secret"));
        let shown = format!("{account:?}");
        assert!(shown.contains("mdb_sa_id_1"));
        assert!(!shown.contains("very-secret"), "{shown}");
    }
}
