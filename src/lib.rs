//! atlas-restores: a live terminal dashboard for MongoDB Atlas Cloud Backup
//! restore jobs. The binary is a thin shell over this library so that tests
//! and benchmarks drive the same code.

pub mod app;
pub mod atlas;
pub mod base64;
pub mod browser;
pub mod cancel;
pub mod cli;
pub mod clipboard;
pub mod config;
pub mod csv;
pub mod dashboard;
pub mod docs;
pub mod effects;
pub mod export;
pub mod failure;
pub mod fetch;
pub mod format;
pub mod launch;
pub mod list;
pub mod logging;
pub mod notify;
pub mod poller;
pub mod printable;
pub mod saved_targets;
pub mod sim;
pub mod store;
pub mod ui;
pub mod watch_list;
