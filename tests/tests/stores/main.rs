//! The login-state stores against real servers: the shared conformance suite on every backend,
//! and two app instances sharing Redis or PostgreSQL under racing, hostile and failing traffic.
//!
//! The servers come from `scripts/with-test-servers` (see `servers`); without them these tests only print a
//! note.

mod backends;
mod conformance;
mod deployments;
mod http;
mod outage;
mod records;
mod servers;
