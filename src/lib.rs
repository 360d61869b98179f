//! atlas-restores: a live terminal dashboard for MongoDB Atlas Cloud Backup
//! restore jobs. The binary is a thin shell over this library so that tests
//! and benchmarks drive the same code.

pub mod app;
pub mod atlas;
pub mod cli;
pub mod config;
pub mod dashboard;
pub mod history;
pub mod list;
pub mod poller;
#[cfg(feature = "demo")]
pub mod sim;
pub mod ui;
