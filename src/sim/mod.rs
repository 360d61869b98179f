//! The embedded Atlas simulator: an axum server on 127.0.0.1 that speaks the
//! Atlas Admin API (digest auth, pages, errors, faults) from a scenario file.
