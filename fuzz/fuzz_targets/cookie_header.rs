//! The remember cookie's values in arbitrary `Cookie` headers.
//!
//! Never panics; gives at most 4 values; each is a `;`-free piece of a header, with no
//! surrounding `"`; and none of them verifies as a remember cookie.

#![no_main]

use arbitrary::Arbitrary;
use http::{HeaderMap, HeaderValue, header::COOKIE};
use libfuzzer_sys::fuzz_target;
use login_runtime::__fuzz;

#[derive(Debug, Arbitrary)]
enum Header {
    /// Arbitrary bytes.
    Raw(Vec<u8>),
    /// `name=value` pairs, the name often the remember cookie's.
    Pairs(Vec<(bool, String, String)>),
}

fuzz_target!(|headers: Vec<Header>| {
    let mut map = HeaderMap::new();
    for header in &headers {
        let bytes = match header {
            Header::Raw(bytes) => bytes.clone(),
            Header::Pairs(pairs) => pairs
                .iter()
                .map(|(remember, name, value)| {
                    let name = if *remember { "remember_token" } else { name };
                    format!("{name}={value}")
                })
                .collect::<Vec<_>>()
                .join("; ")
                .into_bytes(),
        };
        if let Ok(value) = HeaderValue::from_bytes(&bytes) {
            map.append(COOKIE, value);
        }
    }

    let values = __fuzz::remember_cookie_values(&map);
    assert!(values.len() <= 4, "{values:?}");
    let texts: Vec<&str> = map
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect();
    for value in &values {
        assert!(!value.contains(';'), "{value:?}");
        assert!(
            !value.starts_with('"') && !value.ends_with('"'),
            "{value:?}"
        );
        assert!(
            texts.iter().any(|text| text.contains(value.as_str())),
            "{value:?} not in {texts:?}"
        );
        assert!(!__fuzz::remember_token(value), "{value:?}");
    }
    if texts.is_empty() {
        assert!(values.is_empty());
    }
});
