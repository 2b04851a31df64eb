//! Compile-fail and compile-pass tests of the `login-macros` diagnostics; the
//! tests live in `tests/`. See `README.md`.
