//! Atlas CLI profiles: one table per profile in the Atlas CLI's
//! `config.toml`, with snake_case keys. Newer Atlas CLIs keep the secrets
//! in the OS keyring (service `atlascli_<profile>`), which atlas-restores
//! does not read: then the user is told how to pass them by env instead.

use std::path::{Path, PathBuf};

use super::{
    ConfigError, ENV_CLIENT_ID, ENV_CLIENT_SECRET, ENV_PRIVATE_KEY, ENV_PUBLIC_KEY, paths,
};
use crate::atlas::client::ATLAS_GOV_BASE_URL;
use crate::atlas::{ApiKey, Credentials, ServiceAccount};

/// The profile read when none is named.
pub const DEFAULT_PROFILE: &str = "default";

/// The keys of one profile that atlas-restores uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    pub name: String,
    pub path: PathBuf,
    pub public_api_key: Option<String>,
    pub private_api_key: Option<crate::atlas::Secret>,
    pub client_id: Option<String>,
    pub client_secret: Option<crate::atlas::Secret>,
    pub project_id: Option<String>,
    pub org_id: Option<String>,
    pub service: Option<String>,
    pub ops_manager_url: Option<String>,
    /// `api_keys` or `service_account` in newer CLIs: which pair to use
    /// when both are present.
    pub auth_type: Option<String>,
}

/// Which profile to read: a named one must exist; `default` is read only
/// when asked for implicitly and present.
pub fn load(
    named: Option<&str>,
    implicit_default: bool,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<Profile>, ConfigError> {
    let Some(path) = paths::atlas_cli_config(env) else {
        return match named {
            Some(name) => Err(ConfigError(format!(
                "--profile {name}: cannot find the Atlas CLI config (no per-user config folder: {})",
                paths::config_home_hint()
            ))),
            None => Ok(None),
        };
    };
    let (name, required) = match named {
        Some(name) => (name, true),
        None if implicit_default => (DEFAULT_PROFILE, false),
        None => return Ok(None),
    };
    if !path.is_file() {
        if required {
            return Err(ConfigError(format!(
                "profile {name:?}: there is no Atlas CLI config at {} (create it with `atlas config init`, or use environment variables)",
                path.display()
            )));
        }
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path).map_err(|error| {
        ConfigError(format!(
            "cannot read the Atlas CLI config {}: {error}",
            path.display()
        ))
    })?;
    let profile = parse(&text, &path, name)?;
    if profile.is_none() && required {
        return Err(ConfigError(format!(
            "there is no profile {name:?} in {}",
            path.display()
        )));
    }
    Ok(profile)
}

/// The profile `name` of the Atlas CLI config text at `path`, if present.
pub fn parse(text: &str, path: &Path, name: &str) -> Result<Option<Profile>, ConfigError> {
    let shown = path.display();
    let document: toml::Table = toml::from_str(text).map_err(|error| {
        ConfigError(format!(
            "Atlas CLI config {shown}: {}",
            error.to_string().trim_end()
        ))
    })?;
    let Some(entry) = document.get(name) else {
        return Ok(None);
    };
    let table = entry.as_table().ok_or_else(|| {
        ConfigError(format!(
            "Atlas CLI config {shown}: profile {name:?} is not a table"
        ))
    })?;
    let text = |key: &str| -> Result<Option<String>, ConfigError> {
        match table.get(key) {
            None => Ok(None),
            Some(toml::Value::String(value)) => {
                Ok(Some(value.trim().to_string()).filter(|value| !value.is_empty()))
            }
            Some(_) => Err(ConfigError(format!(
                "Atlas CLI config {shown}: key `{name}.{key}` is not a string"
            ))),
        }
    };
    Ok(Some(Profile {
        name: name.to_string(),
        path: path.to_path_buf(),
        public_api_key: text("public_api_key")?,
        private_api_key: text("private_api_key")?.map(crate::atlas::Secret::new),
        client_id: text("client_id")?,
        client_secret: text("client_secret")?.map(crate::atlas::Secret::new),
        project_id: text("project_id")?,
        org_id: text("org_id")?,
        service: text("service")?,
        ops_manager_url: text("ops_manager_url")?,
        auth_type: text("auth_type")?,
    }))
}

impl Profile {
    /// `ops_manager_url`, else the government cloud for `service = "cloudgov"`.
    pub fn base_url(&self) -> Option<String> {
        self.ops_manager_url.clone().or_else(|| {
            (self.service.as_deref() == Some("cloudgov")).then(|| ATLAS_GOV_BASE_URL.to_string())
        })
    }

    /// The profile's credentials: the service account unless `auth_type`
    /// says `api_keys`; an error pointing at the keyring when the secrets
    /// are not in the file.
    pub fn credentials(&self) -> Result<Credentials, ConfigError> {
        let api_key = match (&self.public_api_key, &self.private_api_key) {
            (Some(public), Some(private)) => Some(ApiKey {
                public_key: public.clone(),
                private_key: private.clone(),
            }),
            _ => None,
        };
        let account = match (&self.client_id, &self.client_secret) {
            (Some(id), Some(secret)) => Some(ServiceAccount {
                client_id: id.clone(),
                client_secret: secret.clone(),
            }),
            _ => None,
        };
        let prefer_key = self.auth_type.as_deref() == Some("api_keys");
        match (api_key, account) {
            (Some(key), Some(_)) if prefer_key => Ok(key.into()),
            (_, Some(account)) => Ok(account.into()),
            (Some(key), None) => Ok(key.into()),
            (None, None) => Err(self.secrets_in_keyring()),
        }
    }

    fn secrets_in_keyring(&self) -> ConfigError {
        ConfigError(format!(
            "Atlas CLI profile {name:?} in {path} has no secrets: newer Atlas CLIs keep the \
             private API key and the client secret in the OS keyring (service atlascli_{name}), \
             which atlas-restores does not read.\n\
             Pass them by environment instead: {ENV_PUBLIC_KEY} and {ENV_PRIVATE_KEY} for an API \
             key, or {ENV_CLIENT_ID} and {ENV_CLIENT_SECRET} for a service account.",
            name = self.name,
            path = self.path.display(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = r#"
        [default]
        public_api_key = "pubdef"
        private_api_key = "priv-default-SECRET"
        project_id = "g-default"
        output = "json"

        [gov]
        client_id = "mdb_sa_id_gov"
        client_secret = "mdb_sa_sk_gov-SECRET"
        service = "cloudgov"

        [keyring]
        public_api_key = "pubkr"
        project_id = "g-kr"
    "#;

    fn profile(name: &str) -> Option<Profile> {
        parse(CONFIG, Path::new("/c/atlascli/config.toml"), name).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn profiles_give_keys_projects_and_urls() {
        let default = profile("default").unwrap_or_default();
        assert_eq!(default.project_id.as_deref(), Some("g-default"));
        assert_eq!(
            default.credentials().map(|c| c.public_id().to_string()),
            Ok("pubdef".into())
        );
        assert_eq!(default.base_url(), None);
        let gov = profile("gov").unwrap_or_default();
        assert_eq!(gov.base_url().as_deref(), Some(ATLAS_GOV_BASE_URL));
        let kind = gov.credentials().map(|c| c.kind());
        assert_eq!(kind, Ok(crate::atlas::CredentialKind::ServiceAccount));
        assert_eq!(profile("absent"), None);
    }

    #[test]
    fn missing_secrets_point_at_the_keyring_and_the_variables() {
        let message = profile("keyring")
            .unwrap_or_default()
            .credentials()
            .err()
            .unwrap_or_else(|| ConfigError(String::new()))
            .0;
        for needle in [
            "keyring",
            "atlascli_keyring",
            "/c/atlascli/config.toml",
            ENV_PRIVATE_KEY,
            ENV_CLIENT_SECRET,
        ] {
            assert!(message.contains(needle), "{needle}: {message}");
        }
    }

    #[test]
    fn debug_hides_the_secrets() {
        let shown = format!("{:?} {:?}", profile("default"), profile("gov"));
        assert!(!shown.contains("SECRET"), "{shown}");
    }
}
