//! Token rotation: a presented token is the login's current one (and is replaced), was replaced
//! a moment ago by a racing request (and its replacement is handed out), or was copied.

use crate::{
    AuthError, AuthUser,
    login_state::{RememberState, Rotation},
    manager::secret_key::SecretKeys,
    remember::token::{RememberToken, Token},
    request::RequestAuth,
};

/// What a presented token means for its login.
pub(super) enum Presented {
    /// Accepted: the client gets a cookie with this token, the login's current one.
    Accepted(Token),
    /// A replaced token: the cookie was copied and used by someone else.
    Stale,
    /// The login ended meanwhile.
    Gone,
}

impl<U: AuthUser> RequestAuth<U> {
    /// Rotates the login's token when `presented` is its current one; accepts a token replaced
    /// within the grace window, handing out its replacement.
    pub(super) async fn check_token(
        &self,
        keys: &SecretKeys,
        presented: &RememberToken,
        remember: &RememberState,
    ) -> Result<Presented, AuthError> {
        let logins = &self.manager().settings().logins;
        let digest = presented.token.digest();
        let next = presented.token.successor(keys, &presented.login);
        if !remember.token.matches(&digest) {
            return Ok(self.just_replaced(keys, presented, next, remember, 1));
        }
        Ok(
            match logins
                .rotate_token(&presented.login, &digest, &next.digest())
                .await?
            {
                Rotation::Rotated => Presented::Accepted(next),
                Rotation::Missing => Presented::Gone,
                // Rotated twice since the read above: accept what a request a moment earlier
                // would have.
                Rotation::Conflict(now) => self.just_replaced(keys, presented, next, &now, 2),
            },
        )
    }

    /// Whether `presented` was replaced, at most `steps` rotations ago and the last within the
    /// grace window, by the current token; [`Presented::Accepted`] with that token if so.
    fn just_replaced(
        &self,
        keys: &SecretKeys,
        presented: &RememberToken,
        mut next: Token,
        remember: &RememberState,
        steps: usize,
    ) -> Presented {
        let logins = &self.manager().settings().logins;
        if logins.now().since(remember.rotated_at) > logins.grace {
            return Presented::Stale;
        }
        let mut previous = presented.token.clone();
        for _ in 0..steps {
            if remember.token.matches(&next.digest())
                && remember
                    .previous
                    .is_some_and(|digest| digest.matches(&previous.digest()))
            {
                return Presented::Accepted(next);
            }
            previous = next.clone();
            next = next.successor(keys, &presented.login);
        }
        Presented::Stale
    }
}
