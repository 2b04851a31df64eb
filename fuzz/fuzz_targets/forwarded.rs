//! The client address behind `Forwarded` and `X-Forwarded-For`, with arbitrary header bytes.
//!
//! Never panics; a request always has a client address (the peer is known); without trusted
//! proxies, or from an untrusted peer, the client is the peer whatever the headers say.

#![no_main]

use std::net::{IpAddr, SocketAddr};

use arbitrary::Arbitrary;
use http::{HeaderMap, HeaderName, HeaderValue};
use ipnet::IpNet;
use libfuzzer_sys::fuzz_target;
use login_runtime::__fuzz;

#[derive(Debug, Arbitrary)]
enum Name {
    Forwarded,
    XForwardedFor,
    Other,
}

#[derive(Debug, Arbitrary)]
enum Proxy {
    /// The peer's own address.
    Peer,
    /// A network around the peer.
    AroundPeer(u8),
    /// Any network.
    Network(IpAddr, u8),
}

#[derive(Debug, Arbitrary)]
struct Input {
    peer: SocketAddr,
    headers: Vec<(Name, Vec<u8>)>,
    proxies: Vec<Proxy>,
}

fuzz_target!(|input: Input| {
    let mut headers = HeaderMap::new();
    for (name, value) in &input.headers {
        let name = match name {
            Name::Forwarded => http::header::FORWARDED,
            Name::XForwardedFor => HeaderName::from_static("x-forwarded-for"),
            Name::Other => HeaderName::from_static("x-real-ip"),
        };
        if let Ok(value) = HeaderValue::from_bytes(value) {
            headers.append(name, value);
        }
    }
    let peer = input.peer.ip();
    let network = |address: IpAddr, prefix: u8| {
        let max = if address.is_ipv4() { 32 } else { 128 };
        IpNet::new(address, prefix % (max + 1))
            .expect("prefix in range")
            .trunc()
    };
    let networks: Vec<IpNet> = input
        .proxies
        .iter()
        .map(|proxy| match proxy {
            Proxy::Peer => IpNet::from(peer),
            Proxy::AroundPeer(prefix) => network(peer, *prefix),
            Proxy::Network(address, prefix) => network(*address, *prefix),
        })
        .collect();
    let entries: Vec<String> = networks.iter().map(ToString::to_string).collect();
    let trusted: Vec<&str> = entries.iter().map(String::as_str).collect();

    assert_eq!(
        __fuzz::forwarded_client(input.peer, &headers, &[]),
        Some(peer),
        "{input:?}"
    );
    let client = __fuzz::forwarded_client(input.peer, &headers, &trusted);
    let Some(client) = client else {
        panic!("no client address: {input:?} {trusted:?}");
    };
    if !networks.iter().any(|network| network.contains(&peer)) {
        assert_eq!(client, peer, "{input:?} {trusted:?}");
    }
});
