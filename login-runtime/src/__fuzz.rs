//! Entry points for `fuzz/`, not an API: compiled only under `cfg(fuzzing)`, which cargo-fuzz
//! sets.
//!
//! Thin wrappers over crate-private parsers, so the fuzz targets in `fuzz/` can reach them
//! without those parsers becoming public API.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use http::{HeaderMap, Request};

use crate::{
    flash::{FlashMessage, flash_cookie::FlashCookie, flashes::bound_flashes},
    login_state::LoginId,
    manager::secret_key::{Purpose, SecretKeys, Verified},
    protection::TrustedProxies,
    remember::{
        RememberCookie,
        token::{RememberToken, Token},
    },
    request::login_record::LoginRecord,
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
    RememberCookie::default().find_in(headers.get_all(http::header::COOKIE))
}

/// The login record in a session value, as the runtime reads it: `None` when it does not
/// decode.
///
/// # Panics
///
/// If a record that decodes does not encode back to an equal record.
#[must_use]
pub fn login_record(value: serde_json::Value) -> Option<String> {
    let text: String = serde_json::from_value(value).ok()?;
    let record = LoginRecord::decode(text)?;
    let again = LoginRecord::decode(record.encode()).expect("a login record reads back");
    assert_eq!(again, record, "the login record does not round-trip");
    Some(record.user_id)
}

/// The flashes in a session value, bounded as the runtime keeps them: `None` when they do not
/// deserialize.
#[must_use]
pub fn session_flashes(value: serde_json::Value) -> Option<Vec<FlashMessage>> {
    let mut flashes: Vec<FlashMessage> = serde_json::from_value(value).ok()?;
    bound_flashes(&mut flashes);
    Some(flashes)
}

/// The flashes and `next` URL of a flash cookie whose payload is `json`, signed with the fixed
/// key; `None` when the payload is not a flash cookie's, or has expired at `now`.
#[must_use]
pub fn signed_flash_cookie(json: &[u8], now: i64) -> Option<(Vec<FlashMessage>, Option<String>)> {
    let keys = keys();
    let unsigned = format!("v1.{}", URL_SAFE_NO_PAD.encode(json));
    let signature = keys.sign(Purpose::FlashCookie, unsigned.as_bytes());
    let value = format!("{unsigned}.{}", URL_SAFE_NO_PAD.encode(signature));
    FlashCookie::decode(&keys, &value, now).map(|cookie| (cookie.flashes, cookie.next))
}

/// Whether `value` is accepted as a flash cookie signed with the fixed key, at time 0.
#[must_use]
pub fn flash_cookie(value: &str) -> bool {
    FlashCookie::decode(&keys(), value, 0).is_some()
}
