//! The login as kept in the server-side session record.

use std::fmt::Write as _;

use tower_sessions::Session;

use crate::{
    AuthError, AuthUser,
    login_state::LoginId,
    request::{RequestAuth, session_data::read_or_discard},
};

/// The session key holding the [`LoginRecord`]; nothing else of the login is stored.
const LOGIN_KEY: &str = "_login";

/// Starts every record of this format, so that a later format can tell it apart.
const VERSION: &str = "v2.";

/// The bits of a record's flags character.
const FRESH: u32 = 1;
const RESTORED: u32 = 2;
const PERMANENT: u32 = 4;
const HAS_CLIENT: u32 = 8;

/// Who is logged in to this session, and how. The login itself (its remember series, session
/// hash, whether it still exists) is in the login store, under `login`.
///
/// Stored as one JSON string rather than an object, as every request with a login reads it and
/// tower-sessions hands values out as clones: a string is one allocation to clone and nothing to
/// parse field by field. The string is `v2.`, a hexadecimal digit of flags (1 fresh, 2 restored,
/// 4 permanent, 8 has a client), the 22 characters of the login id, the user id's length in
/// bytes in decimal, `:`, the user id, then the client identifier, if any, up to the end.
/// Records of earlier versions (JSON objects) do not decode, so such sessions are anonymous.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LoginRecord {
    /// The login in the login store.
    pub(crate) login: LoginId,
    /// [`AuthUser::get_id`](crate::AuthUser::get_id) at login.
    pub(crate) user_id: String,
    /// Whether the login came from credentials during this session (Flask-Login's `_fresh`).
    pub(crate) fresh: bool,
    /// Whether the login was restored from the remember cookie.
    pub(crate) restored: bool,
    /// The client the login was made or last confirmed from (see [`crate::protection::SessionProtection`]).
    pub(crate) client: Option<String>,
    /// Whether the session was made permanent at login.
    pub(crate) permanent: bool,
}

impl LoginRecord {
    /// The record of a login made with credentials in this request.
    pub(crate) fn made(
        login: &LoginId,
        user_id: &str,
        fresh: bool,
        client: Option<String>,
        permanent: bool,
    ) -> Self {
        Self {
            login: login.clone(),
            user_id: user_id.to_owned(),
            fresh,
            restored: false,
            client,
            permanent,
        }
    }

    /// The record of a login restored from the remember cookie: never fresh nor permanent.
    pub(crate) fn restored(login: &LoginId, user_id: &str, client: Option<String>) -> Self {
        Self {
            login: login.clone(),
            user_id: user_id.to_owned(),
            fresh: false,
            restored: true,
            client,
            permanent: false,
        }
    }

    /// Whether `session` cannot hold a login, without reading it: a session that was never
    /// stored and that this request has not written holds nothing.
    pub(crate) fn cannot_be_in(session: &Session) -> bool {
        session.id().is_none() && !session.is_modified()
    }

    /// Reads the login. A record that no longer decodes (written by another version, or
    /// corrupted) counts as no login. Check [`cannot_be_in`](Self::cannot_be_in) first: reading
    /// a session that was never stored would only build an empty record.
    pub(crate) async fn read(session: &Session) -> Result<Option<Self>, AuthError> {
        let Some(text) = read_or_discard::<String>(session, LOGIN_KEY).await? else {
            return Ok(None);
        };
        let record = Self::decode(text);
        if record.is_none() {
            tracing::warn!(
                key = LOGIN_KEY,
                "unreadable login record in session; ignoring it"
            );
        }
        Ok(record)
    }

    pub(crate) async fn write(&self, session: &Session) -> Result<(), AuthError> {
        session
            .insert(LOGIN_KEY, self.encode())
            .await
            .map_err(AuthError::session)
    }

    pub(crate) async fn remove(session: &Session) -> Result<(), AuthError> {
        session
            .remove_value(LOGIN_KEY)
            .await
            .map(drop)
            .map_err(AuthError::session)
    }

    /// The record as stored; see the type's documentation.
    pub(crate) fn encode(&self) -> String {
        let flags = [
            (self.fresh, FRESH),
            (self.restored, RESTORED),
            (self.permanent, PERMANENT),
            (self.client.is_some(), HAS_CLIENT),
        ]
        .iter()
        .filter(|(set, _)| *set)
        .fold(0, |flags, (_, bit)| flags | bit);
        let client = self.client.as_deref().unwrap_or_default();
        let mut text = String::with_capacity(48 + self.user_id.len() + client.len());
        text.push_str(VERSION);
        text.push(char::from_digit(flags, 16).unwrap_or_else(|| unreachable!()));
        text.push_str(self.login.as_str());
        // Writing to a `String` cannot fail.
        let _ = write!(text, "{}:", self.user_id.len());
        text.push_str(&self.user_id);
        text.push_str(client);
        text
    }

    /// The record [`encode`](Self::encode) wrote; `None` for any other text. The text becomes
    /// the client identifier, which ends it, so that decoding allocates only the user id.
    pub(crate) fn decode(mut text: String) -> Option<Self> {
        let rest = text.strip_prefix(VERSION)?;
        let flags = match rest.as_bytes().first()? {
            digit @ b'0'..=b'9' => u32::from(digit - b'0'),
            digit @ b'a'..=b'f' => u32::from(digit - b'a' + 10),
            _ => return None,
        };
        let login = LoginId::parse(rest.get(1..23)?)?;
        let (len, rest) = rest.get(23..)?.split_once(':')?;
        let canonical = !len.is_empty()
            && len.bytes().all(|byte| byte.is_ascii_digit())
            && (len == "0" || !len.starts_with('0'));
        if !canonical {
            return None;
        }
        let len: usize = len.parse().ok()?;
        let user_id = rest.get(..len)?.to_owned();
        let client_at = text.len() - rest.len() + len;
        let has_client = flags & HAS_CLIENT != 0;
        if !has_client && client_at != text.len() {
            return None;
        }
        text.drain(..client_at);
        Some(Self {
            login,
            user_id,
            fresh: flags & FRESH != 0,
            restored: flags & RESTORED != 0,
            client: has_client.then_some(text),
            permanent: flags & PERMANENT != 0,
        })
    }
}

impl<U: AuthUser> RequestAuth<U> {
    /// The login of this session, if any.
    pub(crate) async fn login_record(&self) -> Result<Option<LoginRecord>, AuthError> {
        // Before setting up a bounded call: what an anonymous visitor's request pays.
        if LoginRecord::cannot_be_in(self.session()) {
            return Ok(None);
        }
        self.bounded("session store load", LoginRecord::read(self.session()))
            .await
    }

    pub(crate) async fn write_record(&self, record: &LoginRecord) -> Result<(), AuthError> {
        self.bounded("session store load", record.write(self.session()))
            .await
    }

    pub(crate) async fn remove_record(&self) -> Result<(), AuthError> {
        self.bounded("session store load", LoginRecord::remove(self.session()))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(user_id: &str, client: Option<&str>) -> LoginRecord {
        LoginRecord {
            login: LoginId::random(),
            user_id: user_id.to_owned(),
            fresh: true,
            restored: false,
            client: client.map(str::to_owned),
            permanent: true,
        }
    }

    #[test]
    fn records_read_back_as_written() {
        for (user_id, client) in [
            ("7", Some("203.0.113.9|Mozilla/5.0 (X11)")),
            ("", Some("")),
            ("佐藤:12", None),
            ("1:2", Some("2001:db8::1|agent %FF")),
            ("a", Some("#digest")),
        ] {
            for flags in 0..8 {
                let mut record = record(user_id, client);
                record.fresh = flags & 1 != 0;
                record.restored = flags & 2 != 0;
                record.permanent = flags & 4 != 0;
                let text = record.encode();
                assert_eq!(LoginRecord::decode(text.clone()), Some(record), "{text}");
            }
        }
        let text = record("7", Some("203.0.113.9|Mozilla/5.0 (X11)")).encode();
        assert!(text.starts_with("v2.d"), "{text}");
        assert!(text.ends_with("1:7203.0.113.9|Mozilla/5.0 (X11)"), "{text}");
    }

    #[test]
    fn other_text_is_no_record() {
        let text = record("7", None).encode();
        let login = &text[4..26];
        for bad in [
            String::new(),
            text.replacen("v2.", "v1.", 1),
            text.replacen("v2.5", "v2.g", 1),
            text.replacen("v2.5", "v2.F", 1),
            text.replacen(login, &login[1..], 1),
            format!("{text}extra"),
            text.replacen("1:7", "01:7", 1),
            text.replacen("1:7", "+1:7", 1),
            text.replacen("1:7", ":7", 1),
            text.replacen("1:7", "2:7", 1),
            text.replacen("1:7", "1;7", 1),
            format!("v2.5{login}1:é"),
        ] {
            assert_eq!(LoginRecord::decode(bad.clone()), None, "{bad}");
        }
    }
}
