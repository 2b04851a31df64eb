//! `login_view_url::check`, the one view-URL validator of the macros and the runtime, on
//! arbitrary strings.
//!
//! An accepted value holds no whitespace, control character or backslash, and is either a path
//! that starts with a single `/` or an `http`/`https` URL whose authority names a host. A
//! rejected value's message is never empty.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    match login_view_url::check(&input) {
        Ok(()) => {
            assert!(
                !input
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control() || c == '\\'),
                "{input:?}"
            );
            let lower = input.to_ascii_lowercase();
            if let Some(rest) = input.strip_prefix('/') {
                assert!(!rest.starts_with('/'), "{input:?}");
            } else {
                let rest = lower
                    .strip_prefix("https://")
                    .or_else(|| lower.strip_prefix("http://"))
                    .unwrap_or_else(|| panic!("neither a path nor an http(s) URL: {input:?}"));
                let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
                let host = authority.rsplit('@').next().unwrap_or_default();
                assert!(!host.is_empty() && !host.starts_with(':'), "{input:?}");
            }
        }
        Err(error) => assert!(!error.to_string().is_empty()),
    }
});
