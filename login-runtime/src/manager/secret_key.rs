//! The secret keys that sign remember cookies and bind sessions to a user's `session_hash`.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha512;
use subtle::ConstantTimeEq;

use crate::manager::config_error::ConfigError;

/// The shortest key accepted: 256 bits.
pub(crate) const MIN_KEY_LEN: usize = 32;

/// A MAC of this many bytes is stored for a session hash: BLAKE3's full keyed hash.
const SESSION_MAC_LEN: usize = blake3::OUT_LEN;

/// The BLAKE3 context that derives each secret key's session-hash MAC key from it.
const SESSION_MAC_CONTEXT: &str = "login-runtime 2026-11-29 session-hash MAC key v2";

type HmacSha512 = Hmac<Sha512>;

/// What a MAC is for; each purpose gets its own label so one can never pass for another.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Purpose {
    RememberCookie,
    RememberRotation,
    FlashCookie,
}

impl Purpose {
    const fn label(self) -> &'static [u8] {
        match self {
            Self::RememberCookie => b"login-runtime remember-cookie v1\0",
            Self::RememberRotation => b"login-runtime remember-rotation v1\0",
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

/// The current key and the fallback keys still accepted during a rotation.
#[derive(Clone)]
pub(crate) struct SecretKeys {
    current: Key,
    fallbacks: Vec<Key>,
}

/// One secret key as the MACs use it.
#[derive(Clone)]
struct Key {
    /// An HMAC state that has already absorbed the key: a MAC starts from a copy instead of
    /// redoing the key set-up (two of the four SHA-512 blocks of a short message).
    hmac: HmacSha512,
    /// The BLAKE3 key for session-hash MACs, derived from the secret key. Every request of a
    /// login bound to a session hash checks one, so it is a keyed BLAKE3 hash (one compression
    /// for a hash of up to 64 bytes) rather than an HMAC-SHA-512 (two SHA-512 compressions even
    /// with the key set-up done).
    session_mac: [u8; blake3::KEY_LEN],
}

impl Key {
    fn new(secret: &[u8]) -> Self {
        Self {
            // HMAC takes keys of any length, so this cannot fail.
            hmac: <HmacSha512 as KeyInit>::new_from_slice(secret)
                .unwrap_or_else(|_| unreachable!()),
            session_mac: blake3::derive_key(SESSION_MAC_CONTEXT, secret),
        }
    }

    fn session_mac(&self, session_hash: &[u8]) -> [u8; SESSION_MAC_LEN] {
        *blake3::keyed_hash(&self.session_mac, session_hash).as_bytes()
    }
}

impl SecretKeys {
    pub(crate) fn new(current: &[u8], fallbacks: &[Vec<u8>]) -> Result<Self, ConfigError> {
        for key in std::iter::once(current).chain(fallbacks.iter().map(Vec::as_slice)) {
            if key.len() < MIN_KEY_LEN {
                return Err(ConfigError::SecretKeyTooShort { len: key.len() });
            }
        }
        Ok(Self {
            current: Key::new(current),
            fallbacks: fallbacks.iter().map(|key| Key::new(key)).collect(),
        })
    }

    /// Whether old keys are still accepted, so that what they signed must be re-issued.
    pub(crate) fn has_fallbacks(&self) -> bool {
        !self.fallbacks.is_empty()
    }

    /// HMAC-SHA-512 of `message` for `purpose` under the current key.
    pub(crate) fn sign(&self, purpose: Purpose, message: &[u8]) -> [u8; 64] {
        mac(&self.current.hmac, purpose, message)
    }

    /// Checks `tag` against every accepted key, in constant time for each.
    pub(crate) fn verify(&self, purpose: Purpose, message: &[u8], tag: &[u8]) -> Option<Verified> {
        self.first_key_where(|key| bool::from(mac(&key.hmac, purpose, message).ct_eq(tag)))
    }

    /// Which key, the current one first, passes `check`.
    fn first_key_where(&self, check: impl Fn(&Key) -> bool) -> Option<Verified> {
        if check(&self.current) {
            Some(Verified::Current)
        } else if self.fallbacks.iter().any(check) {
            Some(Verified::Fallback)
        } else {
            None
        }
    }

    /// The MAC stored in place of a user's session hash: the keyed BLAKE3 hash of the session
    /// hash under a key derived from the current secret key.
    pub(crate) fn session_mac(&self, session_hash: &[u8]) -> [u8; SESSION_MAC_LEN] {
        self.current.session_mac(session_hash)
    }

    /// Checks a stored session MAC against the user's current session hash, in constant time
    /// for each key. A MAC of another form (the HMAC-SHA-512 of earlier versions) matches no
    /// key.
    pub(crate) fn verify_session_mac(
        &self,
        session_hash: &[u8],
        stored: &[u8],
    ) -> Option<Verified> {
        self.first_key_where(|key| bool::from(key.session_mac(session_hash).ct_eq(stored)))
    }
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
            keys(A, &[]).verify(Purpose::RememberRotation, b"message", &tag),
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
    /// implementation (Python's `hmac`): cookies issued before keeping keyed states still verify.
    #[test]
    fn macs_are_hmac_sha512_of_label_and_message() {
        assert_eq!(
            hex(&keys(A, &[]).sign(Purpose::RememberCookie, b"message")),
            "ff17e45f47ef3c54a85a2ab48b6fe7b2237b063634637b4b0b0d974c696957f8\
             4705ceae5e48641e39d57446d4c5b78e82d240d7765f1784a71054ad56648b74"
        );
    }

    /// What earlier versions stored for `hash-1` under key `A`: HMAC-SHA-512 of the label
    /// `login-runtime session-hash v1\0` and the hash, cut to 256 bits.
    const EARLIER_SESSION_MAC: &str =
        "3f748c48207f2a1c2768cd19bdd996d0a7c4394733706421e7c77c5c6afd092c";

    /// The keyed BLAKE3 hash under the key BLAKE3 derives from the secret key, as computed by
    /// another implementation (Python's `blake3`), and MACs of earlier versions verify under no
    /// key.
    #[test]
    fn session_macs_are_keyed_blake3_under_a_derived_key() {
        assert_eq!(
            hex(&keys(A, &[]).session_mac(b"hash-1")),
            "a2ba8de27aaa6a0c8e73ef9b0bda1034a8c999427834895e0e242d9af065e645"
        );
        let earlier: Vec<u8> = (0..EARLIER_SESSION_MAC.len())
            .step_by(2)
            .map(|at| u8::from_str_radix(&EARLIER_SESSION_MAC[at..at + 2], 16).expect("hex"))
            .collect();
        assert_eq!(keys(A, &[A]).verify_session_mac(b"hash-1", &earlier), None);
    }

    #[test]
    fn debug_hides_the_keys() {
        let debug = format!("{:?}", keys(A, &[B]));
        assert!(!debug.contains("0123"), "{debug}");
        assert!(!debug.contains("fedc"), "{debug}");
    }
}
