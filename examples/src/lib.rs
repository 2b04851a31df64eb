//! Example apps for `login-runtime`, shared by the example binaries and the integration tests.

pub mod conformance;
pub mod demo;
pub mod several_instances;
