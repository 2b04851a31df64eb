//! The conformance app and small purpose-built apps, driven over real HTTP on 127.0.0.1.

mod apps;
mod harness;

mod failures;
mod forged_input;
mod laziness;
mod login_logout;
mod protection;
mod refresh;
mod remember;
mod safe_next;
mod unauthorized;
