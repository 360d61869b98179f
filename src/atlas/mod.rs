//! The Atlas Admin API as atlas-restores uses it: the HTTP client with digest
//! auth and page walking, the typed errors, and the resource models.

pub mod model;
