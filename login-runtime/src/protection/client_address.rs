//! The client's address: the connection's peer, or what trusted proxies say it is.

use std::{
    net::{IpAddr, SocketAddr},
    str::FromStr,
    sync::atomic::{AtomicBool, Ordering},
};

use axum::extract::ConnectInfo;
use http::{HeaderMap, request::Parts};
use ipnet::IpNet;

use crate::manager::ConfigError;

/// The reverse proxies whose forwarding headers are believed.
///
/// Only a request whose connection comes from one of these networks has its `Forwarded` or
/// `X-Forwarded-For` header read; the client is the nearest address in the chain that is not a
/// trusted proxy. Without trusted proxies the headers are ignored, so a client cannot pick the
/// address it appears to have (Flask-Login trusts them from anyone).
///
/// ```
/// use login_runtime::protection::TrustedProxies;
///
/// // nginx on the same host, and the load balancers of a private network.
/// let proxies = TrustedProxies::parse(["127.0.0.1/32", "10.0.0.0/8"]).unwrap();
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    networks: Vec<IpNet>,
}

impl TrustedProxies {
    /// No trusted proxy: the peer address is the client address.
    #[must_use]
    pub fn none() -> Self {
        Self::default()
    }

    /// Proxies given as networks (`10.0.0.0/8`) or single addresses (`127.0.0.1`).
    ///
    /// # Errors
    ///
    /// [`ConfigError::InvalidProxy`] for an entry that is neither.
    pub fn parse<'a>(entries: impl IntoIterator<Item = &'a str>) -> Result<Self, ConfigError> {
        let networks = entries
            .into_iter()
            .map(|entry| {
                IpNet::from_str(entry)
                    .or_else(|_| IpAddr::from_str(entry).map(IpNet::from))
                    .map_err(|_| ConfigError::InvalidProxy(entry.to_owned()))
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { networks })
    }

    fn trusts(&self, address: IpAddr) -> bool {
        self.networks
            .iter()
            .any(|network| network.contains(&address))
    }

    /// The client address of a request.
    pub(crate) fn client_address(&self, parts: &Parts) -> Option<IpAddr> {
        let Some(peer) = peer_address(parts) else {
            warn_once_without_connect_info();
            return None;
        };
        if !self.trusts(peer) {
            return Some(peer);
        }
        let chain = forwarded_chain(&parts.headers);
        let mut client = peer;
        for hop in chain.iter().rev() {
            let Some(address) = hop else {
                return Some(client);
            };
            client = *address;
            if !self.trusts(client) {
                break;
            }
        }
        Some(client)
    }
}

fn peer_address(parts: &Parts) -> Option<IpAddr> {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip())
}

fn warn_once_without_connect_info() {
    static WARNED: AtomicBool = AtomicBool::new(false);
    if !WARNED.swap(true, Ordering::Relaxed) {
        tracing::warn!(
            "session protection cannot see client addresses: serve the app with \
             `into_make_service_with_connect_info::<SocketAddr>()`"
        );
    }
}

/// The addresses in `Forwarded` (preferred) or `X-Forwarded-For`, client first; `None` for an
/// entry that is not an address.
fn forwarded_chain(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let values = |name| {
        headers
            .get_all(name)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect::<Vec<_>>()
    };
    let forwarded = values(http::header::FORWARDED);
    if forwarded.is_empty() {
        values(http::HeaderName::from_static("x-forwarded-for"))
            .into_iter()
            .map(parse_node)
            .collect()
    } else {
        forwarded
            .into_iter()
            .map(|element| {
                element
                    .split(';')
                    .filter_map(|pair| pair.trim().split_once('='))
                    .find(|(key, _)| key.eq_ignore_ascii_case("for"))
                    .and_then(|(_, node)| parse_node(node))
            })
            .collect()
    }
}

/// An address as proxies write it: `1.2.3.4`, `1.2.3.4:80`, `"[2001:db8::1]:80"`, `2001:db8::1`.
fn parse_node(node: &str) -> Option<IpAddr> {
    let node = node.trim().trim_matches('"');
    if let Ok(address) = IpAddr::from_str(node) {
        return Some(address);
    }
    if let Ok(socket) = SocketAddr::from_str(node) {
        return Some(socket.ip());
    }
    let bracketed = node.strip_prefix('[')?;
    IpAddr::from_str(bracketed.split(']').next()?).ok()
}

#[cfg(test)]
mod tests {
    use http::Request;

    use super::*;

    fn parts(peer: &str, headers: &[(&str, &str)]) -> Parts {
        let mut request = Request::builder();
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let (mut parts, ()) = request.body(()).expect("request").into_parts();
        let peer: SocketAddr = peer.parse().expect("peer");
        parts.extensions.insert(ConnectInfo(peer));
        parts
    }

    fn ip(address: &str) -> IpAddr {
        address.parse().expect("ip")
    }

    #[test]
    fn without_trusted_proxies_headers_are_ignored() {
        let parts = parts("203.0.113.9:5000", &[("x-forwarded-for", "1.1.1.1")]);
        assert_eq!(
            TrustedProxies::none().client_address(&parts),
            Some(ip("203.0.113.9"))
        );
    }

    #[test]
    fn a_trusted_proxy_is_believed_and_a_spoofed_prefix_is_not() {
        let proxies = TrustedProxies::parse(["10.0.0.0/8", "127.0.0.1"]).expect("proxies");
        let parts = parts(
            "127.0.0.1:5000",
            &[("x-forwarded-for", "6.6.6.6, 198.51.100.7, 10.1.2.3")],
        );
        assert_eq!(proxies.client_address(&parts), Some(ip("198.51.100.7")));
    }

    #[test]
    fn an_untrusted_peer_cannot_forward() {
        let proxies = TrustedProxies::parse(["10.0.0.0/8"]).expect("proxies");
        let parts = parts("198.51.100.7:5000", &[("x-forwarded-for", "10.0.0.1")]);
        assert_eq!(proxies.client_address(&parts), Some(ip("198.51.100.7")));
    }

    #[test]
    fn forwarded_is_preferred_and_parsed() {
        let proxies = TrustedProxies::parse(["127.0.0.1"]).expect("proxies");
        let parts = parts(
            "127.0.0.1:5000",
            &[
                ("forwarded", "for=\"[2001:db8::7]:4711\";proto=https"),
                ("x-forwarded-for", "9.9.9.9"),
            ],
        );
        assert_eq!(proxies.client_address(&parts), Some(ip("2001:db8::7")));
    }

    #[test]
    fn garbage_falls_back_to_the_nearest_known_address() {
        let proxies = TrustedProxies::parse(["127.0.0.1"]).expect("proxies");
        for header in ["unknown", "", "not-an-ip, also-not", "999.1.1.1"] {
            let parts = parts("127.0.0.1:5000", &[("x-forwarded-for", header)]);
            assert_eq!(
                proxies.client_address(&parts),
                Some(ip("127.0.0.1")),
                "{header:?}"
            );
        }
    }

    #[test]
    fn bad_entries_are_refused() {
        assert_eq!(
            TrustedProxies::parse(["10.0.0.0/33"]),
            Err(ConfigError::InvalidProxy("10.0.0.0/33".to_owned()))
        );
    }
}
