//! Session protection: a login notices when its requests move to another client.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use std::{net::IpAddr, sync::OnceLock};

use http::{HeaderValue, header::USER_AGENT, request::Parts};
use sha2::{Digest, Sha512};
use subtle::ConstantTimeEq;

use crate::client_address::TrustedProxies;

/// What a login does when a request comes from another client address or User-Agent than the
/// one it was made (or last confirmed) from. Flask-Login's `SESSION_PROTECTION`.
///
/// | mode | mismatch, normal session | mismatch, permanent session |
/// |---|---|---|
/// | `None` | nothing | nothing |
/// | `Basic` | login marked not fresh | login marked not fresh |
/// | `Strong` | logged out, remember cookie deleted | login marked not fresh |
///
/// A session that holds only app data (flash messages, a CSRF token) is never a mismatch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SessionProtection {
    /// No check.
    None,
    /// Mark the login not fresh, so `#[fresh_login_required]` asks to log in again.
    #[default]
    Basic,
    /// End the login (unless the session is permanent, where it acts as `Basic`).
    Strong,
}

/// The client a request comes from: its address and User-Agent, hashed only when needed.
#[derive(Debug)]
pub(crate) struct Client {
    address: Option<IpAddr>,
    user_agent: Option<HeaderValue>,
    identifier: OnceLock<String>,
}

impl Client {
    pub(crate) fn of(parts: &Parts, proxies: &TrustedProxies) -> Self {
        Self {
            address: proxies.client_address(parts),
            user_agent: parts.headers.get(USER_AGENT).cloned(),
            identifier: OnceLock::new(),
        }
    }

    /// The client's address, when known.
    pub(crate) fn address(&self) -> Option<IpAddr> {
        self.address
    }

    /// The User-Agent, as text (invalid UTF-8 replaced), cut to at most `max` bytes.
    pub(crate) fn user_agent(&self, max: usize) -> Option<String> {
        let agent = String::from_utf8_lossy(self.user_agent.as_ref()?.as_bytes()).into_owned();
        let mut end = agent.len().min(max);
        while !agent.is_char_boundary(end) {
            end -= 1;
        }
        Some(agent[..end].to_owned())
    }

    /// A SHA-512 of the address and the User-Agent, as Flask-Login's `_create_identifier`.
    pub(crate) fn identifier(&self) -> &str {
        self.identifier.get_or_init(|| {
            let address = self.address.map(|a| a.to_string()).unwrap_or_default();
            let user_agent = self
                .user_agent
                .as_ref()
                .map(|agent| String::from_utf8_lossy(agent.as_bytes()).into_owned())
                .unwrap_or_default();
            let digest = Sha512::digest(format!("{address}|{user_agent}").as_bytes());
            URL_SAFE_NO_PAD.encode(digest)
        })
    }
}

/// Whether a stored identifier matches this request's, in constant time.
pub(crate) fn same_client(stored: Option<&str>, current: &str) -> bool {
    stored.is_some_and(|stored| bool::from(stored.as_bytes().ct_eq(current.as_bytes())))
}
