//! API key credentials. The private key is opaque: it is never printed,
//! logged or shown in `Debug` output.

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
}
