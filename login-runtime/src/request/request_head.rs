//! The parts of a request that the unauthorized flow reads.

use axum::extract::OriginalUri;
use http::{HeaderMap, Method, Uri, header::HOST, request::Parts};

/// The request a login check failed on, as handed to an
/// [`unauthorized_handler`](crate::LoginManagerBuilder::unauthorized_handler).
#[derive(Debug, Clone, Copy)]
pub struct RequestHead<'a> {
    /// The request method.
    pub method: &'a Method,
    /// The URI as the client sent it (before any `Router::nest` stripped a prefix).
    pub uri: &'a Uri,
    /// The request headers.
    pub headers: &'a HeaderMap,
}

impl<'a> RequestHead<'a> {
    pub(crate) fn from_parts(parts: &'a Parts) -> Self {
        let uri = parts
            .extensions
            .get::<OriginalUri>()
            .map_or(&parts.uri, |original| &original.0);
        Self {
            method: &parts.method,
            uri,
            headers: &parts.headers,
        }
    }

    /// The scheme the client used: the URI's own, else `http`.
    pub(crate) fn scheme(&self) -> &str {
        self.uri.scheme_str().unwrap_or("http")
    }

    /// The host the client asked for: the URI's authority, else the `Host` header, else empty.
    pub(crate) fn host(&self) -> &str {
        self.uri
            .authority()
            .map(http::uri::Authority::as_str)
            .or_else(|| self.headers.get(HOST).and_then(|h| h.to_str().ok()))
            .unwrap_or_default()
    }

    /// The path and query of the request, `/` when the URI has none.
    pub(crate) fn path_and_query(&self) -> &str {
        self.uri
            .path_and_query()
            .map_or("/", http::uri::PathAndQuery::as_str)
    }
}

/// An owned copy of a [`RequestHead`], for extractors that answer after extraction.
#[derive(Debug, Clone)]
pub(crate) struct OwnedRequestHead {
    method: Method,
    uri: Uri,
    headers: HeaderMap,
}

impl OwnedRequestHead {
    pub(crate) fn from_parts(parts: &Parts) -> Self {
        let head = RequestHead::from_parts(parts);
        Self {
            method: head.method.clone(),
            uri: head.uri.clone(),
            headers: head.headers.clone(),
        }
    }

    pub(crate) fn borrow(&self) -> RequestHead<'_> {
        RequestHead {
            method: &self.method,
            uri: &self.uri,
            headers: &self.headers,
        }
    }
}
