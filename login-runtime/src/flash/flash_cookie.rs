//! What a visitor without a server-side session carries instead: the pending flashes and the
//! `next` URL, in a short-lived signed cookie, so that refusing an anonymous request writes
//! nothing to the session store.
//!
//! The value is `v1.<payload>.<signature>`: `payload` is the base64url of a JSON object with the
//! flashes, the `next` URL and the Unix time the cookie stops being accepted; `signature` is an
//! HMAC-SHA-512 of `v1.<payload>` under the manager's secret key, checked in constant time.
//! Values that are too long, forged, malformed or expired are ignored.

use std::sync::OnceLock;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use cookie::{Cookie, SameSite};
use http::request::Parts;
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use tower_cookies::Cookies;

use crate::{
    AuthError, AuthUser, LoginManager,
    flash::{FlashMessage, flashes::bound_flashes},
    manager::secret_key::{Purpose, SecretKeys},
    request::request_auth::cookies_of,
};

/// The cookie's name.
pub(crate) const FLASH_COOKIE_NAME: &str = "login_flash";
/// How long the cookie is kept and accepted after its last change.
pub(crate) const FLASH_COOKIE_LIFETIME: Duration = Duration::minutes(10);
/// A `next` URL longer than this is not kept in the cookie (the login then goes to the
/// default page), so the cookie stays within the 4 KiB browsers accept.
pub(crate) const MAX_COOKIE_NEXT_LEN: usize = 768;
/// Longer values are ignored before any decoding; what this module writes is shorter.
const MAX_VALUE_LEN: usize = 3584;
const VERSION: &str = "v1";

/// The cookie's content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FlashCookie {
    #[serde(rename = "f", default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) flashes: Vec<FlashMessage>,
    #[serde(rename = "n", default, skip_serializing_if = "Option::is_none")]
    pub(crate) next: Option<String>,
    /// Unix time after which the cookie is ignored.
    #[serde(rename = "e")]
    expires: i64,
}

impl FlashCookie {
    fn is_empty(&self) -> bool {
        self.flashes.is_empty() && self.next.is_none()
    }

    /// The signed cookie value.
    pub(crate) fn encode(&self, keys: &SecretKeys) -> String {
        // Serializing strings, a vector and an integer cannot fail.
        let json = serde_json::to_vec(self).unwrap_or_default();
        let unsigned = format!("{VERSION}.{}", URL_SAFE_NO_PAD.encode(json));
        let signature = keys.sign(Purpose::FlashCookie, unsigned.as_bytes());
        format!("{unsigned}.{}", URL_SAFE_NO_PAD.encode(signature))
    }

    /// The content of a value signed by one of `keys` that has not expired at `now`; `None`
    /// for anything else.
    pub(crate) fn decode(keys: &SecretKeys, value: &str, now: i64) -> Option<Self> {
        if value.len() > MAX_VALUE_LEN {
            return None;
        }
        let (unsigned, signature) = value.rsplit_once('.')?;
        let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
        keys.verify(Purpose::FlashCookie, unsigned.as_bytes(), &signature)?;
        let payload = unsigned.strip_prefix(VERSION)?.strip_prefix('.')?;
        let json = URL_SAFE_NO_PAD.decode(payload).ok()?;
        let mut content: Self = serde_json::from_slice(&json).ok()?;
        if content.expires <= now {
            return None;
        }
        bound_flashes(&mut content.flashes);
        content.next = content
            .next
            .filter(|next| next.len() <= MAX_COOKIE_NEXT_LEN);
        Some(content)
    }
}

/// The flash cookie of one request: read from the request (or from what this request already
/// set), changed, and written back through tower-sessions' cookie jar.
pub(crate) struct FlashJar<'a> {
    pub(crate) cookies: &'a Cookies,
    pub(crate) keys: &'a SecretKeys,
}

impl FlashJar<'_> {
    /// Applies `change` to the cookie's content and queues the new cookie: none when the
    /// content ends up empty, and no `Set-Cookie` at all when nothing changed.
    pub(crate) fn update<R>(&self, change: impl FnOnce(&mut FlashCookie) -> R) -> R {
        let now = OffsetDateTime::now_utc();
        let presented = self
            .cookies
            .get(FLASH_COOKIE_NAME)
            .map(|cookie| FlashCookie::decode(self.keys, cookie.value(), now.unix_timestamp()));
        let before = presented.clone().flatten().unwrap_or_default();
        let mut content = before.clone();
        let result = change(&mut content);
        if content.is_empty() {
            if presented.is_some() {
                self.cookies.remove(base_cookie(String::new()));
            }
        } else if content != before || presented.as_ref().is_some_and(Option::is_none) {
            let expires = now + FLASH_COOKIE_LIFETIME;
            content.expires = expires.unix_timestamp();
            let mut cookie = base_cookie(content.encode(self.keys));
            cookie.set_max_age(FLASH_COOKIE_LIFETIME);
            self.cookies.add(cookie);
        }
        result
    }
}

/// [`FlashJar::update`] on the flash cookie of the request `parts`.
pub(crate) fn update_flash_cookie<U: AuthUser, R>(
    parts: &Parts,
    manager: &LoginManager<U>,
    change: impl FnOnce(&mut FlashCookie) -> R,
) -> Result<R, AuthError> {
    let jar = FlashJar {
        cookies: &cookies_of(parts)?,
        keys: flash_keys(manager),
    };
    Ok(jar.update(change))
}

fn base_cookie(value: String) -> Cookie<'static> {
    let mut cookie = Cookie::new(FLASH_COOKIE_NAME, value);
    cookie.set_path("/");
    cookie.set_http_only(true);
    cookie.set_same_site(SameSite::Lax);
    cookie
}

/// The keys that sign the flash cookie: the manager's, or without a secret key a random key
/// made once per process (flashes then do not survive a restart or another instance).
pub(crate) fn flash_keys<U: AuthUser>(manager: &LoginManager<U>) -> &SecretKeys {
    static PROCESS_KEY: OnceLock<SecretKeys> = OnceLock::new();
    manager.settings().secrets.keys.as_ref().unwrap_or_else(|| {
        PROCESS_KEY.get_or_init(|| {
            SecretKeys::new(&rand::random::<[u8; 32]>(), &[])
                .unwrap_or_else(|_| unreachable!("the key is 32 bytes"))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flash::flashes::MAX_FLASHES;

    const NOW: i64 = 1_900_000_000;

    fn keys(key: u8) -> SecretKeys {
        SecretKeys::new(&[key; 32], &[]).expect("keys")
    }

    fn content(flashes: usize, next: Option<&str>) -> FlashCookie {
        FlashCookie {
            flashes: (0..flashes)
                .map(|index| FlashMessage {
                    category: "message".into(),
                    message: format!("Flash {index}"),
                })
                .collect(),
            next: next.map(str::to_owned),
            expires: NOW + 600,
        }
    }

    #[test]
    fn a_cookie_round_trips_until_it_expires() {
        let keys = keys(1);
        let original = content(2, Some("/protected?x=1"));
        let value = original.encode(&keys);
        assert_eq!(FlashCookie::decode(&keys, &value, NOW), Some(original));
        assert_eq!(FlashCookie::decode(&keys, &value, NOW + 600), None);
    }

    #[test]
    fn tampering_anywhere_or_another_key_is_refused() {
        let keys = keys(1);
        let value = content(1, None).encode(&keys);
        for index in 0..value.len() {
            let mut bytes = value.clone().into_bytes();
            bytes[index] = if bytes[index] == b'A' { b'B' } else { b'A' };
            let tampered = String::from_utf8(bytes).expect("ascii");
            assert_eq!(FlashCookie::decode(&keys, &tampered, NOW), None, "{index}");
        }
        for cut in 0..value.len() {
            assert_eq!(FlashCookie::decode(&keys, &value[..cut], NOW), None);
        }
        assert_eq!(
            FlashCookie::decode(&super::tests::keys(2), &value, NOW),
            None
        );
        let fallback = SecretKeys::new(&[2; 32], &[vec![1; 32]]).expect("keys");
        assert!(FlashCookie::decode(&fallback, &value, NOW).is_some());
    }

    #[test]
    fn a_remember_cookie_signature_does_not_pass_for_a_flash_cookie() {
        let keys = keys(1);
        let unsigned = format!(
            "v1.{}",
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&content(1, None)).expect("json"))
        );
        let signature = keys.sign(Purpose::RememberCookie, unsigned.as_bytes());
        let value = format!("{unsigned}.{}", URL_SAFE_NO_PAD.encode(signature));
        assert_eq!(FlashCookie::decode(&keys, &value, NOW), None);
    }

    #[test]
    fn garbage_is_refused() {
        let keys = keys(1);
        for garbage in ["", ".", "v1..", "v1.e30.", &"A".repeat(100_000)] {
            assert_eq!(FlashCookie::decode(&keys, garbage, NOW), None, "{garbage}");
        }
    }

    #[test]
    fn the_largest_content_fits_in_a_browser_cookie() {
        let keys = keys(1);
        let mut largest = content(MAX_FLASHES * 3, Some(&"/".repeat(MAX_COOKIE_NEXT_LEN)));
        for flash in &mut largest.flashes {
            flash.message = "\u{1}".repeat(240);
        }
        bound_flashes(&mut largest.flashes);
        assert!(!largest.flashes.is_empty());
        let value = largest.encode(&keys);
        assert!(value.len() <= MAX_VALUE_LEN, "{}", value.len());
        assert!(FLASH_COOKIE_NAME.len() + 1 + value.len() < 4096);
    }
}
