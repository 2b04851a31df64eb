//! The conformance app and small purpose-built apps, driven over real HTTP on 127.0.0.1.

mod anonymous_only;
mod apps;
mod harness;

mod current_user_check;
mod devices;
mod failures;
mod forged_input;
mod guard_removal;
mod hostile_traffic;
mod laziness;
mod login_logout;
mod one_layer;
mod permissions;
mod policies;
mod protection;
mod refresh;
mod remember;
mod request_loader;
mod safe_next;
mod signals;
mod unauthorized;
