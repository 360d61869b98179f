//! A real Apache httpd for end-to-end tests: its own config in a temp
//! dir, `mod_auth_digest` (realm "MMS Public API", MD5, `qop=auth`, an
//! htdigest file written here), restore-job pages and the project list
//! served as static JSON files on 127.0.0.1, an access log of status and
//! request line, and a stop (SIGTERM) on drop.

use std::fmt::Write as _;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub const REALM: &str = "MMS Public API";
pub const USER: &str = "apache-public-key";
pub const PASSWORD: &str = "apache-private-4f1c9b2e";
const BINARY: &str = "/usr/sbin/apache2";
const MODULES: &str = "/usr/lib/apache2/modules";
const DEADLINE: Duration = Duration::from_secs(20);

/// Whether Apache can run here. Without it the tests print why they are
/// skipped and pass, unless `CI=true`, where a missing Apache fails them
/// (CI installs it, see `.ci/run`).
pub fn available(test: &str) -> bool {
    if Path::new(BINARY).exists() {
        return true;
    }
    let why = format!("{BINARY} is missing (Debian package apache2)");
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{test}: {why}; CI must install it"
    );
    eprintln!("skipped {test}: {why}");
    false
}

/// One served cluster: its name and its restore jobs.
pub struct Cluster {
    pub name: String,
    pub jobs: Vec<Value>,
}

/// How the digest check is configured.
#[derive(Clone, Copy)]
pub struct Digest {
    /// `AuthDigestNcCheck On`: a nonce count must be the next one.
    pub nc_check: bool,
    /// `AuthDigestNonceLifetime`, seconds.
    pub nonce_lifetime: u32,
}

/// A running httpd, stopped on drop.
pub struct Apache {
    dir: tempfile::TempDir,
    child: Child,
    pub port: u16,
}

impl Apache {
    /// Serves `clusters` of project `group` (named `project_name`) behind
    /// digest auth.
    pub fn start(group: &str, project_name: &str, clusters: &[Cluster], digest: Digest) -> Apache {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("temp dir: {error}"));
        let root = dir.path();
        write_site(root, group, project_name, clusters);
        // A free port; should another process take it before Apache binds,
        // Apache exits and the next try picks another.
        for _ in 0..3 {
            let port = free_port();
            write(&root.join("httpd.conf"), &config(root, port, digest));
            // httpd drops to www-data when started as root: it must read
            // the site, the password file and its config.
            let _ = Command::new("chmod")
                .arg("-R")
                .arg("a+rX")
                .arg(root)
                .status();
            let mut child = Command::new(BINARY)
                .arg("-f")
                .arg(root.join("httpd.conf"))
                .arg("-DFOREGROUND")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|error| panic!("{BINARY}: {error}"));
            if wait_until_listening(&mut child, port, root) {
                return Apache { dir, child, port };
            }
        }
        panic!("apache2 did not start; see its error log above")
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The access log: one `STATUS "REQUEST LINE" ANSWERED` per request,
    /// ANSWERED `answer` when it carried a digest answer, else `-`.
    pub fn access_log(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.path().join("logs/access.log"))
            .unwrap_or_default()
            .lines()
            .map(String::from)
            .collect()
    }

    pub fn error_log(&self) -> String {
        error_log(self.dir.path())
    }
}

impl Drop for Apache {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let started = Instant::now();
        while started.elapsed() < DEADLINE {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn error_log(root: &Path) -> String {
    std::fs::read_to_string(root.join("logs/error.log")).unwrap_or_default()
}

/// Waits for the port to accept connections; false when httpd exited
/// first (the port was taken, say).
fn wait_until_listening(child: &mut Child, port: u16, root: &Path) -> bool {
    let started = Instant::now();
    while started.elapsed() < DEADLINE {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        if let Ok(Some(status)) = child.try_wait() {
            eprintln!("apache2 exited ({status}):\n{}", error_log(root));
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!(
        "apache2 not listening after {DEADLINE:?}:\n{}",
        error_log(root)
    )
}

fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .unwrap_or_else(|error| panic!("no free port: {error}"))
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|error| panic!("{parent:?}: {error}"));
    }
    std::fs::write(path, text).unwrap_or_else(|error| panic!("{path:?}: {error}"));
}

fn md5_hex(text: &str) -> String {
    use md5::{Digest, Md5};
    Md5::digest(text.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The pages as files: `/api/atlas/v2/groups` (the project list) and each
/// cluster's `.../backup/restoreJobs`, one page each.
fn write_site(root: &Path, group: &str, project_name: &str, clusters: &[Cluster]) {
    let docs = root.join("docs");
    let page = |results: Vec<Value>| {
        json!({"links": [], "results": results.clone(), "totalCount": results.len()}).to_string()
    };
    let project = json!({"id": group, "name": project_name, "orgId": "5e2211c17a3e5a48f5497de0",
        "clusterCount": clusters.len(), "created": "2024-01-01T00:00:00Z", "links": []});
    write(&docs.join("projects.json"), &page(vec![project]));
    for cluster in clusters {
        let path: PathBuf = [
            "api/atlas/v2/groups",
            group,
            "clusters",
            &cluster.name,
            "backup/restoreJobs",
        ]
        .iter()
        .collect();
        write(&docs.join(path), &page(cluster.jobs.clone()));
    }
    let ha1 = md5_hex(&format!("{USER}:{REALM}:{PASSWORD}"));
    write(&root.join("htdigest"), &format!("{USER}:{REALM}:{ha1}\n"));
    std::fs::create_dir_all(root.join("logs")).unwrap_or_else(|error| panic!("logs: {error}"));
    std::fs::create_dir_all(root.join("run")).unwrap_or_else(|error| panic!("run: {error}"));
}

/// A self-contained config: no Debian `envvars`, only the modules needed.
fn config(root: &Path, port: u16, digest: Digest) -> String {
    let root = root.display();
    let mut conf = String::new();
    for (name, file) in [
        ("mpm_event", "mpm_event"),
        ("authn_core", "authn_core"),
        ("authn_file", "authn_file"),
        ("authz_core", "authz_core"),
        ("authz_user", "authz_user"),
        ("auth_digest", "auth_digest"),
        ("alias", "alias"),
        ("mime", "mime"),
        ("setenvif", "setenvif"),
    ] {
        let _ = writeln!(conf, "LoadModule {name}_module {MODULES}/mod_{file}.so");
    }
    let user = if running_as_root() {
        "User www-data\nGroup www-data\n"
    } else {
        ""
    };
    let nc = if digest.nc_check { "On" } else { "Off" };
    let lifetime = digest.nonce_lifetime;
    let _ = write!(
        conf,
        r#"ServerRoot "{root}"
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile "{root}/run/httpd.pid"
DefaultRuntimeDir "{root}/run"
{user}TypesConfig /dev/null
ErrorLog "{root}/logs/error.log"
LogLevel warn auth_digest:info
SetEnvIf Authorization "^Digest " digest=answer
LogFormat "%s \"%r\" %{{digest}}e" requests
CustomLog "{root}/logs/access.log" requests
DocumentRoot "{root}/docs"
# The nonce-count check keeps each client's counts in shared memory.
AuthDigestShmemSize 1048576
AliasMatch "^/api/atlas/v2/groups$" "{root}/docs/projects.json"
<Directory "{root}/docs">
    AuthType Digest
    AuthName "{REALM}"
    AuthDigestProvider file
    AuthUserFile "{root}/htdigest"
    AuthDigestNcCheck {nc}
    AuthDigestNonceLifetime {lifetime}
    Require valid-user
</Directory>
<FilesMatch "^(restoreJobs|projects\.json)$">
    ForceType application/vnd.atlas.2023-01-01+json
</FilesMatch>
"#
    );
    conf
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).trim() == "0")
}
