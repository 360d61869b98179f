//! atlas-restores: a live terminal dashboard for MongoDB Atlas Cloud Backup
//! restore jobs. The binary is a thin shell over this library so that tests
//! and benchmarks drive the same code.

pub mod atlas;
pub mod cli;
pub mod config;
pub mod fetch;
pub mod launch;
pub mod list;
pub mod poller;
pub mod sim;
pub mod store;
pub mod timefmt;
pub mod watch_list;
// pub mod dashboard;
