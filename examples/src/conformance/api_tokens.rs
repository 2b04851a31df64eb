//! The request loader: `Authorization: Bearer <token>` or `?api_key=<token>`.

use std::convert::Infallible;

use login_runtime::request::{RequestHead, RequestLoader};
use subtle::ConstantTimeEq;

use super::{User, Users};

/// Authenticates API requests by the users' tokens.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiTokens;

impl ApiTokens {
    fn presented(request: RequestHead<'_>) -> Option<String> {
        let bearer = request
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::to_owned);
        bearer.or_else(|| {
            form_urlencoded::parse(request.uri.query()?.as_bytes())
                .find(|(key, _)| key == "api_key")
                .map(|(_, token)| token.into_owned())
        })
    }
}

impl RequestLoader for ApiTokens {
    type User = User;
    type Error = Infallible;

    async fn load_user_from_request(
        &self,
        request: RequestHead<'_>,
    ) -> Result<Option<User>, Infallible> {
        let Some(presented) = Self::presented(request) else {
            return Ok(None);
        };
        Ok(Users::all().find(|user| {
            user.token
                .is_some_and(|token| bool::from(token.as_bytes().ct_eq(presented.as_bytes())))
        }))
    }
}
