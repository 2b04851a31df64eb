//! A login as the fields of its Redis hash, and back.
//!
//! Times are decimal milliseconds since the Unix epoch, token digests lower-case hex. The
//! remember fields (`token`, `previous`, `rotated`, `seconds`) are present exactly when the login
//! is remembered; `ua`, `addr` and `mac` when they have a value.

use std::collections::HashMap;

use login_runtime::login_state::{
    LoginId, LoginState, LoginStoreError, RememberState, Timestamp, TokenDigest,
};

/// The fields and values to `HSET` for `login`.
pub(crate) fn encode(login: &LoginState) -> Vec<String> {
    let mut fields = vec![
        "user".to_owned(),
        login.user_id.clone(),
        "created".to_owned(),
        millis(login.created_at),
        "last_used".to_owned(),
        millis(login.last_used_at),
        "expires".to_owned(),
        millis(login.expires_at),
    ];
    let optional = [
        ("ua", login.user_agent.clone()),
        ("addr", login.client_address.clone()),
        ("mac", login.session_mac.clone()),
    ];
    for (name, value) in optional {
        if let Some(value) = value {
            fields.extend([name.to_owned(), value]);
        }
    }
    if let Some(remember) = &login.remember {
        fields.extend([
            "token".to_owned(),
            digest_hex(&remember.token),
            "rotated".to_owned(),
            millis(remember.rotated_at),
            "seconds".to_owned(),
            remember.seconds.to_string(),
        ]);
        if let Some(previous) = &remember.previous {
            fields.extend(["previous".to_owned(), digest_hex(previous)]);
        }
    }
    fields
}

/// The login whose hash is `id` with these fields.
pub(crate) fn decode(
    id: LoginId,
    mut fields: HashMap<String, String>,
) -> Result<LoginState, LoginStoreError> {
    let remember = match fields.remove("token") {
        Some(token) => Some(RememberState {
            token: parse_digest(&token)?,
            previous: fields
                .remove("previous")
                .map(|previous| parse_digest(&previous))
                .transpose()?,
            rotated_at: parse_time(fields.remove("rotated"), "rotated")?,
            seconds: parse(fields.remove("seconds"), "seconds")?,
        }),
        None => None,
    };
    Ok(LoginState {
        id,
        user_id: fields.remove("user").ok_or_else(|| malformed("user"))?,
        created_at: parse_time(fields.remove("created"), "created")?,
        last_used_at: parse_time(fields.remove("last_used"), "last_used")?,
        expires_at: parse_time(fields.remove("expires"), "expires")?,
        user_agent: fields.remove("ua"),
        client_address: fields.remove("addr"),
        remember,
        session_mac: fields.remove("mac"),
    })
}

/// The fields of an `HGETALL` reply given as one flat list of names and values.
pub(crate) fn pairs(flat: Vec<String>) -> HashMap<String, String> {
    let mut flat = flat.into_iter();
    let mut fields = HashMap::new();
    while let (Some(name), Some(value)) = (flat.next(), flat.next()) {
        fields.insert(name, value);
    }
    fields
}

pub(crate) fn millis(time: Timestamp) -> String {
    time.unix_millis().to_string()
}

pub(crate) fn digest_hex(digest: &TokenDigest) -> String {
    hex::encode(digest.0)
}

pub(crate) fn parse_digest(text: &str) -> Result<TokenDigest, LoginStoreError> {
    let mut digest = [0; 32];
    hex::decode_to_slice(text, &mut digest).map_err(|_| malformed("token digest"))?;
    Ok(TokenDigest(digest))
}

pub(crate) fn parse_time(
    text: Option<String>,
    field: &'static str,
) -> Result<Timestamp, LoginStoreError> {
    parse(text, field).map(Timestamp::from_unix_millis)
}

pub(crate) fn parse<T: std::str::FromStr>(
    text: Option<String>,
    field: &'static str,
) -> Result<T, LoginStoreError> {
    text.and_then(|text| text.parse().ok())
        .ok_or_else(|| malformed(field))
}

pub(crate) fn malformed(field: &str) -> LoginStoreError {
    LoginStoreError::new(format!("malformed login record in Redis: field `{field}`"))
}
