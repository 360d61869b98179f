//! Checks on how Atlas is reached: the polling floor off this machine and
//! plain `http://` refused unless allowed.

use std::time::Duration;

use super::{ConfigError, MIN_REMOTE_INTERVAL};

/// Real Atlas is polled at most every 5 s; loopback servers at any pace.
pub(super) fn check_interval(interval: Duration, base_url: &str) -> Result<(), ConfigError> {
    if interval < MIN_REMOTE_INTERVAL && !is_loopback(base_url) {
        return Err(ConfigError(format!(
            "the interval {} (--interval, or `interval` in the config file) is too short for a remote Atlas: use at least 5s",
            humantime::format_duration(interval)
        )));
    }
    Ok(())
}

/// Plain `http://` is refused off this machine unless explicitly allowed.
pub(super) fn check_transport(
    base_url: &str,
    allow_insecure_http: bool,
) -> Result<(), ConfigError> {
    if insecure_warning(base_url).is_some() && !allow_insecure_http {
        return Err(ConfigError(format!(
            "refusing to send Atlas credentials over plain http:// to {base_url}: use https://, \
             or pass --allow-insecure-http if you really mean it"
        )));
    }
    Ok(())
}

/// The warning to show when credentials go over plain `http://` to a host
/// that is not this machine; `None` when the transport is fine.
pub fn insecure_warning(base_url: &str) -> Option<String> {
    let plain = base_url.trim().to_ascii_lowercase().starts_with("http://");
    (plain && !is_loopback(base_url)).then(|| {
        format!(
            "warning: credentials are sent over plain http:// to {base_url} (--allow-insecure-http)"
        )
    })
}

/// Whether the URL's host is on this machine.
pub fn is_loopback(url: &str) -> bool {
    let Ok(url) = reqwest::Url::parse(url) else {
        return false;
    };
    let Some(host) = url.host_str() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    match host.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        Ok(ip) => ip.is_loopback(),
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_floor_applies_only_off_loopback() {
        let short = Duration::from_millis(50);
        assert!(check_interval(short, "http://127.0.0.1:8080").is_ok());
        assert!(check_interval(short, "http://localhost:1").is_ok());
        assert!(check_interval(short, "https://cloud.mongodb.com").is_err());
        assert!(check_interval(Duration::from_secs(5), "https://cloud.mongodb.com").is_ok());
    }

    #[test]
    fn plain_http_is_refused_off_this_machine_unless_allowed() {
        let refused = check_transport("http://atlas.example.com", false);
        assert!(refused.is_err_and(|e| e.0.contains("--allow-insecure-http")));
        assert!(check_transport("http://atlas.example.com", true).is_ok());
        assert!(check_transport("http://127.0.0.1:8080", false).is_ok());
        assert!(check_transport("http://[::1]:8080", false).is_ok());
        assert!(check_transport("http://[::ffff:127.0.0.1]:8080", false).is_ok());
        assert!(check_transport("http://[::ffff:192.0.2.1]:8080", false).is_err());
        assert!(check_transport("http://localhost.example.com", false).is_err());
        assert!(check_transport("https://cloud.mongodb.com", false).is_ok());
        assert!(
            insecure_warning("http://atlas.example.com")
                .is_some_and(|w| w.contains("plain http://"))
        );
        assert_eq!(insecure_warning("HTTPS://cloud.mongodb.com"), None);
    }
}
