//! Servers the black-box tests start: the simulator with one project, a
//! client of it with its own key, and raw loopback servers that read a
//! request's head and answer it as they please.

use atlas_restores::atlas::{ApiKey, ApiVersion, Client, ClientSettings};
use atlas_restores::sim::{Scenario, SimConfig, Simulator};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::process::Command;

use super::cli::atlas_restores;

/// The simulator with one project, `group` named "prod", holding `clusters`.
pub async fn one_project(group: &str, clusters: Value) -> Simulator {
    let scenario = json!({"projects": [{"id": group, "name": "prod", "clusters": clusters}]});
    let scenario =
        Scenario::from_json(&scenario.to_string()).unwrap_or_else(|error| panic!("{error}"));
    Simulator::start(SimConfig::new(scenario))
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

/// `atlas-restores ARGS` (a clean environment) with `sim`'s base URL and
/// API key in its environment.
pub fn against(sim: &Simulator, args: &[&str]) -> Command {
    let mut command = atlas_restores(args);
    command
        .env("MONGODB_ATLAS_BASE_URL", sim.base_url())
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", sim.public_key())
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", sim.private_key());
    command
}

/// A v2 client of `sim` with the simulator's own API key.
pub fn client_of(sim: &Simulator) -> Client {
    Client::new(ClientSettings::new(
        sim.base_url(),
        ApiVersion::V2,
        ApiKey::new(sim.public_key(), sim.private_key()),
    ))
    .unwrap_or_else(|error| panic!("{error}"))
}

/// A server on `ip` (a loopback address) that reads each request's head,
/// hands it to `seen`, and answers with `reply`; its base URL.
pub async fn raw_server(
    ip: &str,
    reply: String,
    seen: impl Fn(String) + Clone + Send + Sync + 'static,
) -> String {
    let listener = TcpListener::bind((ip, 0))
        .await
        .unwrap_or_else(|error| panic!("bind {ip}: {error}"));
    let address = listener
        .local_addr()
        .unwrap_or_else(|error| panic!("{error}"));
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let (reply, seen) = (reply.clone(), seen.clone());
            tokio::spawn(async move {
                seen(read_head(&mut stream).await);
                let _ = stream.write_all(reply.as_bytes()).await;
            });
        }
    });
    format!("http://{address}")
}

/// The request line and headers, up to the blank line.
async fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut buffer = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&buffer[..n]),
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}
