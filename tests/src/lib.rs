//! HTTP integration tests for `login-runtime`; see `tests/`.
