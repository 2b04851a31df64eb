//! Entry points for `fuzz/`, not an API: no stability guarantees.
//!
//! Thin wrappers over crate-private parsers, so the fuzz targets in `fuzz/` can reach them
//! without those parsers becoming public API.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use http::{HeaderMap, Request};

use crate::{
    RememberCookie, TrustedProxies,
    login_state::LoginId,
    remember::token::{RememberToken, Token},
    secret_key::{SecretKeys, Verified},
};

/// The fixed key the remember cookies of the fuzz targets are signed with.
const KEY: [u8; 32] = *b"login-runtime fuzz key, 32 bytes";

fn keys() -> SecretKeys {
    SecretKeys::new(&KEY, &[]).unwrap_or_else(|_| unreachable!("key is 32 bytes"))
}

/// Whether `value` decodes and verifies as a remember cookie signed with the fixed key.
#[must_use]
pub fn remember_token(value: &str) -> bool {
    RememberToken::decode(&keys(), value).is_some()
}

/// The remember cookie value for the login whose id is the bytes of `series`, a random token and `expires`, signed with the
/// fixed key.
///
/// # Panics
///
/// If the value does not decode back to the same series, token and expiry.
#[must_use]
pub fn remember_token_encode(series: i128, expires: i64) -> String {
    let keys = keys();
    let token = Token::random();
    let login = LoginId::from_bytes(series.to_le_bytes());
    let value = RememberToken::encode(&keys, &login, &token, expires);
    let decoded = RememberToken::decode(&keys, &value);
    assert!(
        decoded.is_some_and(|decoded| decoded.login == login
            && decoded.token == token
            && decoded.expires == expires
            && decoded.verified == Verified::Current),
        "remember cookie does not round-trip: {value:?}"
    );
    value
}

/// The client address of a request from `peer` with `headers`, trusting the proxies in
/// `trusted`; `None` when an entry of `trusted` is invalid.
#[must_use]
pub fn forwarded_client(peer: SocketAddr, headers: &HeaderMap, trusted: &[&str]) -> Option<IpAddr> {
    let proxies = TrustedProxies::parse(trusted.iter().copied()).ok()?;
    let (mut parts, ()) = Request::new(()).into_parts();
    parts.headers.clone_from(headers);
    parts.extensions.insert(ConnectInfo(peer));
    proxies.client_address(&parts)
}

/// The values of the default remember cookie (`remember_token`) in `headers`.
#[must_use]
pub fn remember_cookie_values(headers: &HeaderMap) -> Vec<String> {
    RememberCookie::default().find_in(headers)
}
