//! The secret keys that sign remember cookies and bind sessions to a user's `session_hash`.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha512;
use subtle::ConstantTimeEq;

use crate::manager::config_error::ConfigError;

/// The shortest key accepted: 256 bits.
pub(crate) const MIN_KEY_LEN: usize = 32;

/// A MAC of this many bytes is stored for a session hash: HMAC-SHA-512 cut to 256 bits.
const SESSION_MAC_LEN: usize = 32;

type HmacSha512 = Hmac<Sha512>;

/// What a MAC is for; each purpose gets its own label so one can never pass for another.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Purpose {
    RememberCookie,
    RememberRotation,
    SessionHash,
    FlashCookie,
}

impl Purpose {
    const fn label(self) -> &'static [u8] {
        match self {
            Self::RememberCookie => b"login-runtime remember-cookie v1\0",
            Self::RememberRotation => b"login-runtime remember-rotation v1\0",
            Self::SessionHash => b"login-runtime session-hash v1\0",
            Self::FlashCookie => b"login-runtime flash-cookie v1\0",
        }
    }
}

/// Which key verified a MAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verified {
    /// The current key: nothing to do.
    Current,
    /// A fallback key: re-issue with the current key.
    Fallback,
}

/// The current key and the fallback keys still accepted during a rotation, each kept as an
/// HMAC state that has already absorbed it: a MAC starts from a copy instead of redoing the key
/// set-up (two of the four SHA-512 blocks of a short message).
#[derive(Clone)]
pub(crate) struct SecretKeys {
    current: HmacSha512,
    fallbacks: Vec<HmacSha512>,
}

impl SecretKeys {
    pub(crate) fn new(current: &[u8], fallbacks: &[Vec<u8>]) -> Result<Self, ConfigError> {
        for key in std::iter::once(current).chain(fallbacks.iter().map(Vec::as_slice)) {
            if key.len() < MIN_KEY_LEN {
                return Err(ConfigError::SecretKeyTooShort { len: key.len() });
            }
        }
        Ok(Self {
            current: keyed(current),
            fallbacks: fallbacks.iter().map(|key| keyed(key)).collect(),
        })
    }

    /// Whether old keys are still accepted, so that what they signed must be re-issued.
    pub(crate) fn has_fallbacks(&self) -> bool {
        !self.fallbacks.is_empty()
    }

    /// HMAC-SHA-512 of `message` for `purpose` under the current key.
    pub(crate) fn sign(&self, purpose: Purpose, message: &[u8]) -> [u8; 64] {
        mac(&self.current, purpose, message)
    }

    /// Checks `tag` against every accepted key, in constant time for each.
    pub(crate) fn verify(&self, purpose: Purpose, message: &[u8], tag: &[u8]) -> Option<Verified> {
        self.first_key_where(|key| bool::from(mac(key, purpose, message).ct_eq(tag)))
    }

    /// Which key, the current one first, passes `check`.
    fn first_key_where(&self, check: impl Fn(&HmacSha512) -> bool) -> Option<Verified> {
        if check(&self.current) {
            Some(Verified::Current)
        } else if self.fallbacks.iter().any(check) {
            Some(Verified::Fallback)
        } else {
            None
        }
    }

    /// The MAC stored in place of a user's session hash.
    pub(crate) fn session_mac(&self, session_hash: &[u8]) -> Vec<u8> {
        self.sign(Purpose::SessionHash, session_hash)[..SESSION_MAC_LEN].to_vec()
    }

    /// Checks a stored session MAC against the user's current session hash.
    pub(crate) fn verify_session_mac(
        &self,
        session_hash: &[u8],
        stored: &[u8],
    ) -> Option<Verified> {
        self.first_key_where(|key| {
            bool::from(
                mac(key, Purpose::SessionHash, session_hash)[..SESSION_MAC_LEN].ct_eq(stored),
            )
        })
    }
}

fn keyed(key: &[u8]) -> HmacSha512 {
    // HMAC takes keys of any length, so this cannot fail.
    <HmacSha512 as KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!())
}

fn mac(key: &HmacSha512, purpose: Purpose, message: &[u8]) -> [u8; 64] {
    let mut mac = key.clone();
    mac.update(purpose.label());
    mac.update(message);
    mac.finalize().into_bytes().into()
}

impl fmt::Debug for SecretKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretKeys")
            .field("current", &"<redacted>")
            .field("fallbacks", &self.fallbacks.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(current: &[u8], fallbacks: &[&[u8]]) -> SecretKeys {
        SecretKeys::new(
            current,
            &fallbacks.iter().map(|key| key.to_vec()).collect::<Vec<_>>(),
        )
        .expect("valid keys")
    }

    const A: &[u8] = b"0123456789abcdef0123456789abcdef";
    const B: &[u8] = b"fedcba9876543210fedcba9876543210";

    #[test]
    fn short_keys_are_refused() {
        let error = SecretKeys::new(b"short", &[]).unwrap_err();
        assert_eq!(error, ConfigError::SecretKeyTooShort { len: 5 });
        let error = SecretKeys::new(A, &[vec![0; 31]]).unwrap_err();
        assert_eq!(error, ConfigError::SecretKeyTooShort { len: 31 });
    }

    #[test]
    fn a_tag_verifies_with_its_key_only() {
        let tag = keys(A, &[]).sign(Purpose::RememberCookie, b"message");
        assert_eq!(
            keys(A, &[]).verify(Purpose::RememberCookie, b"message", &tag),
            Some(Verified::Current)
        );
        assert_eq!(
            keys(B, &[]).verify(Purpose::RememberCookie, b"message", &tag),
            None
        );
        assert_eq!(
            keys(B, &[A]).verify(Purpose::RememberCookie, b"message", &tag),
            Some(Verified::Fallback)
        );
        assert_eq!(
            keys(A, &[]).verify(Purpose::RememberCookie, b"other", &tag),
            None
        );
        assert_eq!(
            keys(A, &[]).verify(Purpose::SessionHash, b"message", &tag),
            None
        );
        assert_eq!(
            keys(A, &[]).verify(Purpose::RememberCookie, b"message", &tag[..63]),
            None
        );
    }

    #[test]
    fn session_macs_follow_the_hash_and_the_key() {
        let mac = keys(A, &[]).session_mac(b"hash-1");
        assert_eq!(mac.len(), SESSION_MAC_LEN);
        assert_eq!(
            keys(A, &[]).verify_session_mac(b"hash-1", &mac),
            Some(Verified::Current)
        );
        assert_eq!(keys(A, &[]).verify_session_mac(b"hash-2", &mac), None);
        assert_eq!(
            keys(B, &[A]).verify_session_mac(b"hash-1", &mac),
            Some(Verified::Fallback)
        );
    }

    fn hex(bytes: &[u8]) -> String {
        use std::fmt::Write;
        bytes.iter().fold(String::new(), |mut hex, byte| {
            write!(hex, "{byte:02x}").expect("writing to a String");
            hex
        })
    }

    /// Plain HMAC-SHA-512 over the purpose's label and the message, as computed by another
    /// implementation (Python's `hmac`): cookies and MACs issued before keeping keyed states
    /// still verify.
    #[test]
    fn macs_are_hmac_sha512_of_label_and_message() {
        assert_eq!(
            hex(&keys(A, &[]).sign(Purpose::RememberCookie, b"message")),
            "ff17e45f47ef3c54a85a2ab48b6fe7b2237b063634637b4b0b0d974c696957f8\
             4705ceae5e48641e39d57446d4c5b78e82d240d7765f1784a71054ad56648b74"
        );
        assert_eq!(
            hex(&keys(A, &[]).session_mac(b"hash-1")),
            "3f748c48207f2a1c2768cd19bdd996d0a7c4394733706421e7c77c5c6afd092c"
        );
    }

    #[test]
    fn debug_hides_the_keys() {
        let debug = format!("{:?}", keys(A, &[B]));
        assert!(!debug.contains("0123"), "{debug}");
        assert!(!debug.contains("fedc"), "{debug}");
    }
}
