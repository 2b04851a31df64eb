//! The remember cookie's value: `v1.<series>.<token>.<expires>.<signature>`.
//!
//! `series` names the server-side record of this remember login, `token` is a random secret
//! that changes at every restore, `expires` is the Unix time the login ends, and `signature` is
//! an HMAC-SHA-512 of the rest under the manager's secret key. The store keeps only a SHA-256 of
//! the token.

use std::str::FromStr;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use tower_sessions::session::Id;

use crate::secret_key::{Purpose, SecretKeys, Verified};

const VERSION: &str = "v1";
const TOKEN_LEN: usize = 32;
/// Longer values are refused before any decoding.
const MAX_VALUE_LEN: usize = 256;

/// A random secret proving possession of one step of a remember series.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Token([u8; TOKEN_LEN]);

impl Token {
    pub(crate) fn random() -> Self {
        Self(rand::random())
    }

    /// What the store keeps: a hash, so a copy of the store does not hold usable tokens.
    pub(crate) fn digest(&self) -> [u8; 32] {
        Sha256::digest(self.0).into()
    }

    /// Whether this token hashes to `digest`, in constant time.
    pub(crate) fn matches(&self, digest: &[u8]) -> bool {
        self.digest().ct_eq(digest).into()
    }
}

/// A decoded, signature-checked remember cookie.
pub(crate) struct RememberToken {
    pub(crate) series: Id,
    pub(crate) token: Token,
    pub(crate) expires: i64,
    /// Which key verified the signature.
    pub(crate) verified: Verified,
}

impl RememberToken {
    /// The cookie value for a step of a series, signed with the current key.
    pub(crate) fn encode(keys: &SecretKeys, series: Id, token: &Token, expires: i64) -> String {
        let unsigned = format!(
            "{VERSION}.{series}.{}.{expires}",
            URL_SAFE_NO_PAD.encode(token.0)
        );
        let signature = keys.sign(Purpose::RememberCookie, unsigned.as_bytes());
        format!("{unsigned}.{}", URL_SAFE_NO_PAD.encode(signature))
    }

    /// Decodes and verifies a cookie value; `None` for anything forged, truncated or malformed.
    pub(crate) fn decode(keys: &SecretKeys, value: &str) -> Option<Self> {
        if value.len() > MAX_VALUE_LEN {
            return None;
        }
        let (unsigned, signature) = value.rsplit_once('.')?;
        let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
        let verified = keys.verify(Purpose::RememberCookie, unsigned.as_bytes(), &signature)?;
        let mut parts = unsigned.split('.');
        let (Some(VERSION), Some(series), Some(token), Some(expires), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return None;
        };
        Some(Self {
            series: Id::from_str(series).ok()?,
            token: Token(URL_SAFE_NO_PAD.decode(token).ok()?.try_into().ok()?),
            expires: expires.parse().ok()?,
            verified,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(key: &[u8; 32]) -> SecretKeys {
        SecretKeys::new(key.to_vec(), Vec::new()).expect("keys")
    }

    #[test]
    fn a_cookie_round_trips() {
        let keys = keys(&[7; 32]);
        let (series, token) = (Id::default(), Token::random());
        let value = RememberToken::encode(&keys, series, &token, 1_900_000_000);
        assert!(value.len() <= MAX_VALUE_LEN, "{}", value.len());
        let decoded = RememberToken::decode(&keys, &value).expect("valid");
        assert_eq!(decoded.series, series);
        assert!(decoded.token == token);
        assert_eq!(decoded.expires, 1_900_000_000);
        assert_eq!(decoded.verified, Verified::Current);
    }

    #[test]
    fn tampering_anywhere_is_detected() {
        let keys = keys(&[7; 32]);
        let value = RememberToken::encode(&keys, Id::default(), &Token::random(), 1_900_000_000);
        for index in 0..value.len() {
            let mut bytes = value.clone().into_bytes();
            bytes[index] = if bytes[index] == b'A' { b'B' } else { b'A' };
            let tampered = String::from_utf8(bytes).expect("ascii");
            assert!(
                RememberToken::decode(&keys, &tampered).is_none(),
                "byte {index}"
            );
        }
        for cut in 0..value.len() {
            assert!(
                RememberToken::decode(&keys, &value[..cut]).is_none(),
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn garbage_and_other_keys_are_refused() {
        let keys_a = keys(&[7; 32]);
        let value = RememberToken::encode(&keys_a, Id::default(), &Token::random(), 1);
        assert!(RememberToken::decode(&keys(&[8; 32]), &value).is_none());
        for garbage in [
            "",
            ".",
            "....",
            "v1.a.b.c.d",
            "1|abcdef",
            &"A".repeat(10_000),
        ] {
            assert!(
                RememberToken::decode(&keys_a, garbage).is_none(),
                "{garbage}"
            );
        }
    }

    #[test]
    fn tokens_match_only_their_digest() {
        let (a, b) = (Token::random(), Token::random());
        assert!(a.matches(&a.digest()));
        assert!(!a.matches(&b.digest()));
        assert!(!a.matches(&a.digest()[..31]));
    }
}
