//! The remember cookie's value: `v2.<login>.<token>.<expires>.<signature>`.
//!
//! `login` names the login in the login store, `token` is a secret that changes at every
//! restore, `expires` is the Unix time the login ends, and `signature` is an HMAC-SHA-512 of the
//! rest under the manager's secret key. The store keeps only a SHA-256 of the token. (`v1`
//! cookies named a record of the session store; they are anonymous now.)

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sha2::{Digest, Sha256};

use crate::{
    login_state::{LoginId, TokenDigest},
    manager::secret_key::{Purpose, SecretKeys, Verified},
};

const VERSION: &str = "v2";
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
    pub(crate) fn digest(&self) -> TokenDigest {
        TokenDigest(Sha256::digest(self.0).into())
    }

    /// The token that replaces this one at a restore of `login`: an HMAC under the secret key,
    /// so every request presenting this token computes the same successor, and nobody without
    /// the key can.
    pub(crate) fn successor(&self, keys: &SecretKeys, login: &LoginId) -> Self {
        let mut message = login.as_str().as_bytes().to_vec();
        message.extend_from_slice(&self.0);
        let mac = keys.sign(Purpose::RememberRotation, &message);
        let mut next = [0; TOKEN_LEN];
        next.copy_from_slice(&mac[..TOKEN_LEN]);
        Self(next)
    }
}

/// A decoded, signature-checked remember cookie.
pub(crate) struct RememberToken {
    pub(crate) login: LoginId,
    pub(crate) token: Token,
    pub(crate) expires: i64,
    /// Which key verified the signature.
    pub(crate) verified: Verified,
}

impl RememberToken {
    /// The cookie value for a step of a series, signed with the current key.
    pub(crate) fn encode(
        keys: &SecretKeys,
        login: &LoginId,
        token: &Token,
        expires: i64,
    ) -> String {
        let unsigned = format!(
            "{VERSION}.{}.{}.{expires}",
            login.as_str(),
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
        let (Some(VERSION), Some(login), Some(token), Some(expires), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return None;
        };
        Some(Self {
            login: LoginId::parse(login)?,
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
        SecretKeys::new(key, &[]).expect("keys")
    }

    #[test]
    fn a_cookie_round_trips() {
        let keys = keys(&[7; 32]);
        let (login, token) = (LoginId::random(), Token::random());
        let value = RememberToken::encode(&keys, &login, &token, 1_900_000_000);
        assert!(value.len() <= MAX_VALUE_LEN, "{}", value.len());
        let decoded = RememberToken::decode(&keys, &value).expect("valid");
        assert_eq!(decoded.login, login);
        assert!(decoded.token == token);
        assert_eq!(decoded.expires, 1_900_000_000);
        assert_eq!(decoded.verified, Verified::Current);
    }

    #[test]
    fn tampering_anywhere_is_detected() {
        let keys = keys(&[7; 32]);
        let value =
            RememberToken::encode(&keys, &LoginId::random(), &Token::random(), 1_900_000_000);
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
        let value = RememberToken::encode(&keys_a, &LoginId::random(), &Token::random(), 1);
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
    fn successors_depend_on_the_token_the_login_and_the_key() {
        let (keys_a, keys_b) = (keys(&[7; 32]), keys(&[8; 32]));
        let (login, other) = (LoginId::random(), LoginId::random());
        let token = Token::random();
        let next = token.successor(&keys_a, &login);
        assert!(next == token.successor(&keys_a, &login), "deterministic");
        assert!(next != token);
        assert!(next != token.successor(&keys_b, &login));
        assert!(next != token.successor(&keys_a, &other));
        assert!(next != Token::random().successor(&keys_a, &login));
        assert_ne!(next.digest(), token.digest());
    }
}
