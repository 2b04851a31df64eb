//! HTTP integration tests for `login-runtime`; see `tests/`. The library holds the test bodies
//! that other crates' tests run too: [`login_state`].

pub mod login_state;
