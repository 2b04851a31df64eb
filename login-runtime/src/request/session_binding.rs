//! Binding logins to the user's `session_hash`, so changing it logs the user out everywhere.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};

use crate::{
    AuthError, AuthUser,
    login_state::{LiveLogin, LoginId},
    manager::secret_key::{SecretKeys, Verified},
    request::RequestAuth,
};

/// How a stored session MAC relates to the user as loaded now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Binding {
    /// The login still belongs to this state of the user.
    Valid,
    /// Valid under a fallback key: store this MAC, made with the current key.
    Rekey(String),
    /// The user's session hash changed since the login: it is over.
    Broken,
}

/// The MAC to store for `user`'s session hash; `None` when the user type has none.
pub(crate) fn session_mac<U: AuthUser>(
    keys: Option<&SecretKeys>,
    user: &U,
) -> Result<Option<String>, AuthError> {
    let Some(hash) = user.session_hash() else {
        return Ok(None);
    };
    let keys = keys.ok_or(AuthError::MissingSecretKey("#[auth(session_hash)]"))?;
    Ok(Some(URL_SAFE_NO_PAD.encode(keys.session_mac(hash))))
}

/// Checks a login's stored MAC against `user` as loaded now.
pub(crate) fn check<U: AuthUser>(
    keys: Option<&SecretKeys>,
    user: &U,
    stored: Option<&str>,
) -> Binding {
    match (user.session_hash(), stored, keys) {
        (None, None, _) => Binding::Valid,
        (Some(hash), Some(stored), Some(keys)) => {
            // Room for one byte more than a MAC, so that a longer value does not fit one.
            let mut mac = [0; 33];
            let len = URL_SAFE_NO_PAD.decode_slice(stored, &mut mac).unwrap_or(0);
            match keys.verify_session_mac(hash, &mac[..len]) {
                Some(Verified::Current) => Binding::Valid,
                Some(Verified::Fallback) => {
                    Binding::Rekey(URL_SAFE_NO_PAD.encode(keys.session_mac(hash)))
                }
                None => Binding::Broken,
            }
        }
        _ => Binding::Broken,
    }
}

impl<U: AuthUser> RequestAuth<U> {
    /// Checks the login's session MAC against `user` as loaded now: re-keys it after a key
    /// rotation, ends the login when the session hash changed. Whether the login stands.
    pub(crate) async fn check_binding(
        &self,
        keys: Option<&SecretKeys>,
        id: &LoginId,
        user: &U,
        login: &LiveLogin,
    ) -> Result<bool, AuthError> {
        let logins = &self.manager().settings().logins;
        match check(keys, user, login.session_mac.as_deref()) {
            Binding::Valid => Ok(true),
            Binding::Rekey(mac) => logins.set_session_mac(id, Some(&mac)).await,
            Binding::Broken => {
                tracing::info!(user_id = %user.get_id(), "session hash changed; login ended");
                logins.end(id).await?;
                Ok(false)
            }
        }
    }
}
