//! Session protection: a login notices when its requests move to another client.

use std::net::{IpAddr, Ipv4Addr};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use http::{HeaderValue, header::USER_AGENT, request::Parts};
use percent_encoding::{AsciiSet, CONTROLS, percent_encode};
use sha2::{Digest, Sha512};

use crate::protection::client_address::TrustedProxies;

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
///
/// The login keeps the client's address and the exact bytes of its User-Agent (Flask-Login keeps
/// a SHA-512 of them after decoding the User-Agent as UTF-8, so User-Agents that differ only in
/// bytes that are not UTF-8 pass for one another). Logins bound by versions that stored the
/// SHA-512 count as made from another client.
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

/// The client a request comes from: its address and the raw bytes of its User-Agent.
#[derive(Debug)]
pub(crate) struct Client {
    address: Option<IpAddr>,
    user_agent: Option<HeaderValue>,
}

/// User-Agents longer than this are stored as a SHA-512 digest, so a client cannot make its
/// login record arbitrarily large.
const LONG_USER_AGENT: usize = 512;

/// Bytes of a User-Agent that are percent-encoded in an identifier: `%` itself, controls, and
/// (always, in `percent_encode`) every byte outside ASCII. Every other byte stands for itself, so
/// the encoding is injective and costs nothing for the usual all-ASCII User-Agent.
const ESCAPED: &AsciiSet = &CONTROLS.add(b'%');

/// Separates the address from a User-Agent stored as it is (percent-encoded)...
const PLAIN: char = '|';
/// ...or from one stored as a digest. Neither appears in an address.
const DIGEST: char = '#';

impl Client {
    pub(crate) fn of(parts: &Parts, proxies: &TrustedProxies) -> Self {
        Self {
            address: proxies.client_address(parts),
            user_agent: parts.headers.get(USER_AGENT).cloned(),
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

    /// What a login stores to recognise this client: the address (empty when unknown), then,
    /// when the request has a User-Agent, `|` and its bytes percent-encoded, or `#` and the
    /// base64 SHA-512 of a User-Agent longer than 512 bytes. Two clients get the same
    /// identifier only when they have the same address and byte-for-byte the same User-Agent
    /// (up to SHA-512 collisions for long ones), including User-Agents that are not UTF-8.
    /// Unlike Flask-Login's `_create_identifier` it is not hashed: it is no secret, and it is
    /// kept server-side.
    pub(crate) fn identifier(&self) -> String {
        let mut identifier = self.address.map(|a| a.to_string()).unwrap_or_default();
        if let Some(agent) = &self.user_agent {
            let agent = agent.as_bytes();
            if agent.len() > LONG_USER_AGENT {
                identifier.push(DIGEST);
                identifier.push_str(&URL_SAFE_NO_PAD.encode(Sha512::digest(agent)));
            } else {
                identifier.push(PLAIN);
                identifier.extend(percent_encode(agent, ESCAPED));
            }
        }
        identifier
    }

    /// Whether `stored`, an [`identifier`](Self::identifier), names this client. An identifier
    /// of another form (the SHA-512 of earlier versions) names no client.
    ///
    /// The comparison need not be constant-time: the identifier is no secret (it is what the
    /// legitimate client sends with every request), and timing it tells an attacker holding a
    /// stolen session nothing that helps: in strong mode the first mismatch ends the login, and
    /// in basic mode a later match does not make the login fresh again.
    pub(crate) fn is(&self, stored: &str) -> bool {
        // Both separators are ASCII, so a byte search finds them at a character boundary.
        let separator = |byte: &u8| [PLAIN, DIGEST].map(|c| c as u8).contains(byte);
        let (address, agent) = match stored.bytes().position(|byte| separator(&byte)) {
            Some(at) => (&stored[..at], Some(stored.split_at(at).1)),
            None => (stored, None),
        };
        let same_address = match self.address {
            None => address.is_empty(),
            Some(IpAddr::V4(current)) => ipv4_text(current, &mut [0; 15]) == address.as_bytes(),
            Some(current) => address.parse::<IpAddr>() == Ok(current),
        };
        same_address && self.same_user_agent(agent)
    }

    /// Whether the User-Agent part of an identifier (with its separator) is this client's.
    fn same_user_agent(&self, stored: Option<&str>) -> bool {
        let (current, stored) = match (&self.user_agent, stored) {
            (None, None) => return true,
            (Some(current), Some(stored)) => (current.as_bytes(), stored),
            _ => return false,
        };
        if current.len() > LONG_USER_AGENT {
            return stored.strip_prefix(DIGEST).is_some_and(|digest| {
                URL_SAFE_NO_PAD.decode(digest).ok().as_deref()
                    == Some(Sha512::digest(current).as_slice())
            });
        }
        let Some(mut stored) = stored.strip_prefix(PLAIN) else {
            return false;
        };
        if stands_for_itself(current) {
            return stored.as_bytes() == current;
        }
        for piece in percent_encode(current, ESCAPED) {
            let Some(rest) = stored.strip_prefix(piece) else {
                return false;
            };
            stored = rest;
        }
        stored.is_empty()
    }
}

/// `address` as its `Display` writes it, into `buffer`: the stored identifier is compared with
/// it on every request, which is cheaper than parsing the stored text.
fn ipv4_text(address: Ipv4Addr, buffer: &mut [u8; 15]) -> &[u8] {
    let mut len = 0;
    for (index, octet) in address.octets().into_iter().enumerate() {
        if index > 0 {
            buffer[len] = b'.';
            len += 1;
        }
        if octet >= 100 {
            buffer[len] = b'0' + octet / 100;
            len += 1;
        }
        if octet >= 10 {
            buffer[len] = b'0' + octet / 10 % 10;
            len += 1;
        }
        buffer[len] = b'0' + octet % 10;
        len += 1;
    }
    &buffer[..len]
}

/// Whether no byte of `user_agent` is percent-encoded, so that it is its own encoding. Checks
/// every byte without stopping early, as an OR of byte flags, which the compiler turns into a
/// few vector instructions per 16 bytes (a fold of `bool`s it does not).
fn stands_for_itself(user_agent: &[u8]) -> bool {
    user_agent.iter().fold(0_u8, |escaped, &byte| {
        escaped | u8::from(byte.wrapping_sub(b' ') > b'~' - b' ') | u8::from(byte == b'%')
    }) == 0
}

#[cfg(test)]
mod tests {
    use http::Request;

    use super::*;

    fn client(address: Option<&str>, user_agent: Option<&[u8]>) -> Client {
        Client {
            address: address.map(|address| address.parse().expect("address")),
            user_agent: user_agent
                .map(|agent| HeaderValue::from_bytes(agent).expect("header value")),
        }
    }

    const CLIENTS: [(Option<&str>, Option<&[u8]>); 12] = [
        (Some("203.0.113.9"), Some(b"Mozilla/5.0 (X11)")),
        (Some("203.0.113.8"), Some(b"Mozilla/5.0 (X11)")),
        (Some("2001:db8::1"), Some(b"Mozilla/5.0 (X11)")),
        (None, Some(b"Mozilla/5.0 (X11)")),
        (Some("203.0.113.9"), Some(b"Mozilla/5.0 (X11")),
        (Some("203.0.113.9"), None),
        (Some("203.0.113.9"), Some(b"")),
        (None, None),
        // Not UTF-8: each of these decodes lossily to the same "agent \u{FFFD}".
        (Some("203.0.113.9"), Some(b"agent \xff")),
        (Some("203.0.113.9"), Some(b"agent \xfe")),
        // What an escaping scheme without `%` escaped would confuse with the above.
        (Some("203.0.113.9"), Some(b"agent %FF")),
        (Some("203.0.113.9"), Some(b"agent \t|#")),
    ];

    #[test]
    fn each_client_is_recognised_by_its_own_identifier_only() {
        let long = [b'a'; LONG_USER_AGENT + 1];
        let longer = [b'a'; LONG_USER_AGENT + 2];
        let mut clients: Vec<Client> = CLIENTS
            .iter()
            .map(|(address, agent)| client(*address, *agent))
            .collect();
        clients.push(client(Some("203.0.113.9"), Some(&long)));
        clients.push(client(Some("203.0.113.9"), Some(&longer)));
        clients.push(client(Some("203.0.113.9"), Some(&long[1..])));
        for (i, stored) in clients.iter().enumerate() {
            let identifier = stored.identifier();
            for (j, current) in clients.iter().enumerate() {
                assert_eq!(
                    current.is(&identifier),
                    i == j,
                    "{identifier:?} vs {current:?}"
                );
            }
        }
    }

    #[test]
    fn ipv4_addresses_are_written_as_display_writes_them() {
        for octet in 0..=u8::MAX {
            for address in [
                Ipv4Addr::new(octet, 0, 10, 255),
                Ipv4Addr::new(203, octet, 113, 9),
                Ipv4Addr::new(9, 99, 100, octet),
            ] {
                assert_eq!(
                    ipv4_text(address, &mut [0; 15]),
                    address.to_string().as_bytes()
                );
            }
        }
        let client = client(Some("10.0.0.1"), None);
        for other in [
            "010.0.0.1",
            "10.0.0.1.",
            "10.0.0",
            "::ffff:10.0.0.1",
            "10.0.0.10",
        ] {
            assert!(!client.is(other), "{other}");
        }
        assert!(client.is("10.0.0.1"));
    }

    #[test]
    fn the_fast_comparison_agrees_with_the_encoding() {
        for byte in 0..=u8::MAX {
            let encoded: String = percent_encode(&[byte], ESCAPED).collect();
            assert_eq!(
                stands_for_itself(&[byte]),
                encoded.as_bytes() == [byte],
                "{byte:#x}"
            );
        }
    }

    #[test]
    fn identifiers_stay_small() {
        let agent = [b'\xff'; LONG_USER_AGENT * 4];
        let identifier = client(Some("2001:db8::1"), Some(&agent)).identifier();
        assert!(identifier.len() < 100, "{identifier}");
        let identifier = client(Some("203.0.113.9"), Some(b"Mozilla/5.0 (X11)")).identifier();
        assert_eq!(identifier, "203.0.113.9|Mozilla/5.0 (X11)");
    }

    #[test]
    fn identifiers_of_earlier_versions_name_no_client() {
        // Earlier versions stored the base64 SHA-512 of "address|User-Agent".
        let earlier = URL_SAFE_NO_PAD.encode(Sha512::digest(b"203.0.113.9|Mozilla/5.0 (X11)"));
        for (address, agent) in CLIENTS {
            assert!(!client(address, agent).is(&earlier));
        }
        assert!(!client(None, None).is("garbage|with#separators"));
    }

    #[test]
    fn the_client_comes_from_the_request() {
        let (parts, ()) = Request::get("/")
            .header(
                USER_AGENT,
                HeaderValue::from_bytes(b"agent \xff").expect("value"),
            )
            .body(())
            .expect("request")
            .into_parts();
        let request = Client::of(&parts, &TrustedProxies::none());
        assert!(request.is(&client(None, Some(b"agent \xff")).identifier()));
        assert!(!request.is(&client(None, Some(b"agent \xfe")).identifier()));
    }
}
