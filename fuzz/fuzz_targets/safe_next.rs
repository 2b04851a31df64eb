//! `safe_next`/`safe_redirect` on arbitrary strings.
//!
//! An accepted value is a local path: it starts with a single `/`, is not followed by `/` or
//! `\`, and holds no backslash, control character or whitespace, in its raw form and in its
//! once-decoded form. `safe_redirect` answers `303` with a `Location` of the value (controls
//! and non-ASCII percent-encoded) when it is accepted, else of the fallback.

#![no_main]

use libfuzzer_sys::fuzz_target;
use login_runtime::redirect::{safe_next, safe_redirect};
use percent_encoding::{CONTROLS, percent_decode_str, utf8_percent_encode};

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let input: &str = &input;

    let accepted = safe_next(input);
    if let Some(next) = accepted {
        assert_eq!(next, input);
        check_local(next, false);
        let decoded = percent_decode_str(next)
            .decode_utf8()
            .expect("accepted value decodes to UTF-8");
        check_local(&decoded, true);
        assert!(
            login_view_url::check(next).is_ok(),
            "accepted next is not a valid view: {next:?}"
        );
    }

    let response = safe_redirect(Some(input), "/");
    assert_eq!(response.status().as_u16(), 303, "{input:?}");
    let location = response
        .headers()
        .get("location")
        .expect("redirect has a Location header");
    let expected = match accepted {
        Some(next) => utf8_percent_encode(next, CONTROLS).to_string(),
        None => "/".to_owned(),
    };
    assert_eq!(location.as_bytes(), expected.as_bytes(), "{input:?}");
});

/// A local path: a single leading `/`, no backslash, control character or whitespace (a space
/// is allowed in the decoded form, where it came from `%20`).
fn check_local(value: &str, decoded: bool) {
    let mut chars = value.chars();
    assert_eq!(chars.next(), Some('/'), "{value:?}");
    assert!(!matches!(chars.next(), Some('/' | '\\')), "{value:?}");
    assert!(
        !value
            .chars()
            .any(|c| c == '\\' || c.is_control() || (c.is_whitespace() && !(decoded && c == ' '))),
        "{value:?}"
    );
}
