//! `make_next_param` and `login_url` on arbitrary strings.
//!
//! Neither panics; `login_url` with a `next` always carries a `next=` parameter; the `next`
//! value is percent-encoded, so the result holds no control character that was not already in
//! `login_view` or `force_host`; and a valid `login_view` (as the builder accepts it) gives a
//! valid URL again when no host is forced.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use login_runtime::redirect::{RequestUrl, login_url, make_next_param};

#[derive(Debug, Clone, Copy, Arbitrary)]
struct Input<'a> {
    login_view: &'a str,
    next: &'a str,
    force_host: Option<&'a str>,
    scheme: &'a str,
    host: &'a str,
    path_and_query: &'a str,
}

fuzz_target!(|input: Input<'_>| {
    let Input {
        login_view,
        next,
        force_host,
        scheme,
        host,
        path_and_query,
    } = input;

    let url = login_url(login_view, Some(next), force_host);
    assert!(url.contains("next="), "{input:?} -> {url:?}");
    let controls = |text: &str| text.chars().filter(|c| c.is_control()).count();
    assert!(
        controls(&url) <= controls(login_view) + force_host.map_or(0, controls),
        "{input:?} -> {url:?}"
    );
    if login_view_url::check(login_view).is_ok() {
        let url = login_url(login_view, Some(next), None);
        assert!(login_view_url::check(&url).is_ok(), "{input:?} -> {url:?}");
    }
    assert_eq!(login_url(login_view, None, force_host), login_view);

    let current = RequestUrl {
        scheme,
        host,
        path_and_query,
    };
    let next = make_next_param(login_view, &current);
    let _ = login_url(login_view, Some(&next), force_host);
});
