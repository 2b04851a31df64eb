//! The conformance suite of [`LoginStore`]: every rule of the trait, as test bodies any backend
//! runs against itself.
//!
//! Each function takes two handles on the same backend (`a`, `b`): for a shared store, two
//! connections or pools, as two app instances would hold; for the memory store, two clones. Each
//! uses user ids of its own, so the functions can run concurrently against one server and
//! leave its other data alone. A failure panics with what broke.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! use std::sync::Arc;
//! use login_runtime::login_state::{LoginStore, MemoryLoginStore, conformance};
//!
//! let store = MemoryLoginStore::default();
//! let (a, b): (Arc<dyn LoginStore>, Arc<dyn LoginStore>) =
//!     (Arc::new(store.clone()), Arc::new(store));
//! conformance::run_all(a, b).await;
//! # }
//! ```

#![allow(
    clippy::missing_panics_doc,
    reason = "test bodies: every panic is a failed check, described in the function's docs"
)]

use std::{collections::HashSet, num::NonZeroUsize, sync::Arc, time::Duration};

use super::{
    Clock, EndedLogin, LoginId, LoginState, LoginStore, MAX_LOGIN_LIFETIME, RememberState,
    Rotation, SystemClock, Timestamp, TokenDigest,
};

type Store = Arc<dyn LoginStore>;

/// Runs every body of the suite, one after the other.
pub async fn run_all(a: Store, b: Store) {
    create_get_and_list(&a, &b).await;
    expiry_is_decided_by_the_callers_clock(&a, &b).await;
    a_duplicate_id_is_refused(&a, &b).await;
    token_rotation_is_a_compare_and_swap(&a, &b).await;
    racing_rotations_converge(a.clone(), b.clone()).await;
    session_sets_have_no_cap_and_end_returns_them(a.clone(), b.clone()).await;
    adds_racing_an_end_leave_no_survivor(a.clone(), b.clone()).await;
    end_user_keeps_only_the_kept_login(&a, &b).await;
    a_limit_ends_the_oldest_logins(&a, &b).await;
    the_session_mac_and_touch_update_in_place(&a, &b).await;
    the_longest_lifetime_works(&a, &b).await;
}

fn unique_user() -> String {
    format!("conformance-{}", LoginId::random().as_str())
}

fn digest(byte: u8) -> TokenDigest {
    TokenDigest([byte; 32])
}

/// A login of `user` made at `created`, living an hour, remembered with token `digest(1)`.
fn login(user: &str, created: Timestamp) -> LoginState {
    LoginState {
        id: LoginId::random(),
        user_id: user.to_owned(),
        created_at: created,
        last_used_at: created,
        expires_at: created.saturating_add(Duration::from_hours(1)),
        user_agent: Some("Mozilla/5.0 (conformance) ü".to_owned()),
        client_address: Some("2001:db8::1".to_owned()),
        remember: Some(RememberState {
            token: digest(1),
            previous: None,
            rotated_at: created,
            seconds: 3600,
        }),
        session_mac: Some("mac-1".to_owned()),
    }
}

async fn create(store: &Store, login: &LoginState, now: Timestamp) {
    let ended = store.create(login, None, now).await.expect("create");
    assert_eq!(ended, Vec::new(), "create without a limit ends nothing");
}

/// `get`, after checking that `read_at_once`, when it answers, reads what `get` returns, once.
async fn get(store: &Store, id: &LoginId, now: Timestamp) -> Option<LoginState> {
    let mut at_once = Vec::new();
    let answered = store.read_at_once(id, now, &mut |state| at_once.push(state.cloned()));
    let read = store.get(id, now).await.expect("get");
    match answered {
        Some(answer) => {
            answer.expect("read_at_once");
            assert_eq!(
                at_once,
                std::slice::from_ref(&read),
                "read_at_once reads what get returns"
            );
        }
        None => assert_eq!(at_once, [], "read_at_once read nothing but did not answer"),
    }
    read
}

fn ids(logins: &[LoginState]) -> Vec<LoginId> {
    logins.iter().map(|login| login.id.clone()).collect()
}

fn ended_ids(ended: &[EndedLogin]) -> Vec<LoginId> {
    ended.iter().map(|ended| ended.login.id.clone()).collect()
}

/// A created login reads back unchanged from either handle; a user's list holds exactly their
/// logins, oldest first; unknown ids read as `None`; `read_at_once`, where it answers, reads what
/// `get` returns.
pub async fn create_get_and_list(a: &Store, b: &Store) {
    let now = SystemClock.now();
    let (user, other) = (unique_user(), unique_user());
    let mut plain = login(&user, now.saturating_add(Duration::from_millis(2)));
    plain.remember = None;
    plain.user_agent = None;
    plain.client_address = None;
    plain.session_mac = None;
    let oldest = login(&user, now);
    let middle = login(&user, now.saturating_add(Duration::from_millis(1)));
    create(a, &plain, now).await;
    create(b, &oldest, now).await;
    create(a, &middle, now).await;
    create(b, &login(&other, now), now).await;
    for login in [&plain, &oldest, &middle] {
        for store in [a, b] {
            let read = get(store, &login.id, now).await;
            assert_eq!(read.as_ref(), Some(login), "reads back as created");
        }
    }
    let listed = b.list_user(&user, now).await.expect("list");
    assert_eq!(
        ids(&listed),
        vec![oldest.id, middle.id, plain.id.clone()],
        "oldest first"
    );
    assert_eq!(listed[2], plain, "listed as created");
    assert_eq!(get(a, &LoginId::random(), now).await, None);
    assert_eq!(a.list_user(&unique_user(), now).await.expect("list"), []);

    let twin_user = unique_user();
    let mut twins = [login(&twin_user, now), login(&twin_user, now)];
    twins.sort_by(|x, y| x.id.cmp(&y.id));
    create(a, &twins[1], now).await;
    create(b, &twins[0], now).await;
    let listed = a.list_user(&twin_user, now).await.expect("list");
    assert_eq!(ids(&listed), ids(&twins), "equal created_at: by id");
}

/// A login is absent from `expires_at` on, by the `now` the caller passes, for every operation;
/// `touch` moves the expiry out only.
pub async fn expiry_is_decided_by_the_callers_clock(a: &Store, b: &Store) {
    let now = SystemClock.now();
    let user = unique_user();
    let login = login(&user, now);
    create(a, &login, now).await;
    let at_expiry = login.expires_at;
    let just_before = Timestamp::from_unix_millis(at_expiry.unix_millis() - 1);
    assert!(get(b, &login.id, just_before).await.is_some());
    assert_eq!(get(b, &login.id, at_expiry).await, None, "expired");
    assert_eq!(a.list_user(&user, at_expiry).await.expect("list"), []);
    assert!(
        !b.touch(&login.id, at_expiry, at_expiry, at_expiry)
            .await
            .expect("touch")
    );
    assert_eq!(
        a.rotate_token(&login.id, &digest(1), &digest(2), at_expiry)
            .await
            .expect("rotate"),
        Rotation::Missing
    );
    assert!(!a.add_session(&login.id, "s", at_expiry).await.expect("add"));
    assert!(
        !a.set_session_mac(&login.id, None, at_expiry)
            .await
            .expect("mac")
    );

    let second = self::login(&user, now);
    create(a, &second, now).await;
    let later = now.saturating_add(Duration::from_hours(2));
    assert!(b.touch(&second.id, now, later, now).await.expect("touch"));
    assert!(
        b.touch(&second.id, now, now, now).await.expect("touch"),
        "never shortened"
    );
    let read = a
        .get(&second.id, at_expiry)
        .await
        .expect("get")
        .expect("extended");
    assert_eq!(read.expires_at, later);
    assert_eq!(
        a.end(&second.id).await.expect("end").map(|e| e.login.id),
        Some(second.id)
    );
}

/// `create` never overwrites a login.
pub async fn a_duplicate_id_is_refused(a: &Store, b: &Store) {
    let now = SystemClock.now();
    let first = login(&unique_user(), now);
    create(a, &first, now).await;
    let mut copy = login(&unique_user(), now);
    copy.id = first.id.clone();
    assert!(
        b.create(&copy, None, now).await.is_err(),
        "duplicate refused"
    );
    assert_eq!(
        a.get(&first.id, now).await.expect("get"),
        Some(first.clone())
    );
    assert_eq!(b.list_user(&copy.user_id, now).await.expect("list"), []);
}

/// The three outcomes of `rotate_token`, and what each leaves stored.
pub async fn token_rotation_is_a_compare_and_swap(a: &Store, b: &Store) {
    let now = SystemClock.now();
    let later = now.saturating_add(Duration::from_secs(5));
    let mut login = login(&unique_user(), now);
    create(a, &login, now).await;
    let rotate = |store: &Store, from: u8, to: u8| {
        let (store, id) = (Arc::clone(store), login.id.clone());
        async move {
            store
                .rotate_token(&id, &digest(from), &digest(to), later)
                .await
                .expect("rotate")
        }
    };
    assert_eq!(rotate(a, 1, 2).await, Rotation::Rotated);
    let expected = RememberState {
        token: digest(2),
        previous: Some(digest(1)),
        rotated_at: later,
        seconds: 3600,
    };
    login.remember = Some(expected.clone());
    assert_eq!(
        b.get(&login.id, later).await.expect("get"),
        Some(login.clone())
    );
    assert_eq!(rotate(b, 1, 2).await, Rotation::Rotated, "idempotent");
    assert_eq!(
        b.get(&login.id, later).await.expect("get"),
        Some(login.clone())
    );
    assert_eq!(rotate(a, 1, 3).await, Rotation::Conflict(expected.clone()));
    assert_eq!(rotate(b, 9, 3).await, Rotation::Conflict(expected));
    assert_eq!(
        b.get(&login.id, later).await.expect("get"),
        Some(login.clone())
    );

    let mut plain = self::login(&login.user_id, now);
    plain.remember = None;
    create(b, &plain, now).await;
    let missing = a
        .rotate_token(&plain.id, &digest(1), &digest(2), now)
        .await
        .expect("rotate");
    assert_eq!(missing, Rotation::Missing, "not remembered");
    let missing = a
        .rotate_token(&LoginId::random(), &digest(1), &digest(2), now)
        .await
        .expect("rotate");
    assert_eq!(missing, Rotation::Missing, "no such login");
}

/// Any number of concurrent rotations from one token to the same successor all succeed.
pub async fn racing_rotations_converge(a: Store, b: Store) {
    let now = SystemClock.now();
    let login = login(&unique_user(), now);
    create(&a, &login, now).await;
    let tasks: Vec<_> = (0..16)
        .map(|n| {
            let store = if n % 2 == 0 { a.clone() } else { b.clone() };
            let id = login.id.clone();
            tokio::spawn(async move {
                store
                    .rotate_token(&id, &digest(1), &digest(2), now)
                    .await
                    .expect("rotate")
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.expect("task"), Rotation::Rotated);
    }
    let remember = a
        .get(&login.id, now)
        .await
        .expect("get")
        .and_then(|login| login.remember)
        .expect("remembered");
    assert_eq!(
        (remember.token, remember.previous),
        (digest(2), Some(digest(1)))
    );
}

/// Every session added (500, concurrently, from both handles) is returned by `end`; a removed
/// one is not; after the end, adds answer `false` and nothing of the login is left.
pub async fn session_sets_have_no_cap_and_end_returns_them(a: Store, b: Store) {
    let now = SystemClock.now();
    let login = login(&unique_user(), now);
    create(&a, &login, now).await;
    let tasks: Vec<_> = (0..500)
        .map(|n| {
            let store = if n % 2 == 0 { a.clone() } else { b.clone() };
            let id = login.id.clone();
            tokio::spawn(async move {
                store
                    .add_session(&id, &format!("session-{n}"), now)
                    .await
                    .expect("add")
            })
        })
        .collect();
    for task in tasks {
        assert!(task.await.expect("task"), "the login exists");
    }
    assert!(
        a.add_session(&login.id, "session-7", now)
            .await
            .expect("add again")
    );
    b.remove_session(&login.id, "session-3")
        .await
        .expect("remove");
    b.remove_session(&login.id, "never-added")
        .await
        .expect("remove");
    let ended = a.end(&login.id).await.expect("end").expect("existed");
    assert_eq!(ended.login, login);
    let expected: HashSet<String> = (0..500)
        .filter(|n| *n != 3)
        .map(|n| format!("session-{n}"))
        .collect();
    let got: HashSet<String> = ended.sessions.iter().cloned().collect();
    assert_eq!(got.len(), ended.sessions.len(), "no duplicates");
    assert_eq!(got, expected);
    assert!(!b.add_session(&login.id, "late", now).await.expect("add"));
    assert_eq!(b.end(&login.id).await.expect("end"), None);
    assert_eq!(a.get(&login.id, now).await.expect("get"), None);
    assert_eq!(a.list_user(&login.user_id, now).await.expect("list"), []);
}

/// Adds racing an `end` on another handle: every add that answered `true` is in what the end
/// returned. 20 rounds.
pub async fn adds_racing_an_end_leave_no_survivor(a: Store, b: Store) {
    let now = SystemClock.now();
    for _ in 0..20 {
        let login = login(&unique_user(), now);
        create(&a, &login, now).await;
        let adds: Vec<_> = (0..32)
            .map(|n| {
                let (store, id) = (a.clone(), login.id.clone());
                tokio::spawn(async move {
                    let session = format!("racer-{n}");
                    let added = store.add_session(&id, &session, now).await.expect("add");
                    added.then_some(session)
                })
            })
            .collect();
        let end = {
            let (store, id) = (b.clone(), login.id.clone());
            tokio::spawn(async move { store.end(&id).await.expect("end") })
        };
        let mut added = HashSet::new();
        for task in adds {
            added.extend(task.await.expect("task"));
        }
        let ended: HashSet<String> = end
            .await
            .expect("task")
            .map(|ended| ended.sessions.into_iter().collect())
            .unwrap_or_default();
        assert!(
            added.is_subset(&ended),
            "survivors: {:?}",
            added.difference(&ended)
        );
    }
}

/// `end_user` ends every login of the user but the kept one, and no other user's.
pub async fn end_user_keeps_only_the_kept_login(a: &Store, b: &Store) {
    let now = SystemClock.now();
    let (user, other) = (unique_user(), unique_user());
    let logins: Vec<LoginState> = (0..5)
        .map(|n| login(&user, now.saturating_add(Duration::from_millis(n))))
        .collect();
    for login in &logins {
        create(a, login, now).await;
        assert!(
            a.add_session(&login.id, login.id.as_str(), now)
                .await
                .expect("add")
        );
    }
    let bystander = login(&other, now);
    create(b, &bystander, now).await;
    let kept = &logins[2];
    let ended = b.end_user(&user, Some(&kept.id)).await.expect("end user");
    let expected: Vec<LoginId> = ids(&logins)
        .into_iter()
        .filter(|id| *id != kept.id)
        .collect();
    assert_eq!(ended_ids(&ended), expected, "oldest first");
    for ended in &ended {
        assert_eq!(ended.sessions, vec![ended.login.id.as_str().to_owned()]);
    }
    assert_eq!(
        ids(&a.list_user(&user, now).await.expect("list")),
        vec![kept.id.clone()]
    );
    assert!(a.get(&bystander.id, now).await.expect("get").is_some());
    let ended = a.end_user(&user, None).await.expect("end all");
    assert_eq!(ended_ids(&ended), vec![kept.id.clone()]);
    assert_eq!(b.list_user(&user, now).await.expect("list"), []);
    assert_eq!(b.end_user(&user, None).await.expect("nothing left"), []);
}

/// `create` with a limit ends the user's oldest live logins beyond it, never the new one, and
/// never counts expired ones.
pub async fn a_limit_ends_the_oldest_logins(a: &Store, b: &Store) {
    let now = SystemClock.now();
    let user = unique_user();
    let limit = NonZeroUsize::new(2);
    let mut expired = login(&user, now);
    expired.expires_at = now.saturating_add(Duration::from_millis(1));
    create(a, &expired, now).await;
    let later = now.saturating_add(Duration::from_secs(1));
    let logins: Vec<LoginState> = (0..4)
        .map(|n| login(&user, later.saturating_add(Duration::from_millis(n))))
        .collect();
    assert_eq!(
        b.create(&logins[0], limit, later).await.expect("create"),
        []
    );
    assert_eq!(
        a.create(&logins[1], limit, later).await.expect("create"),
        []
    );
    let ended = b.create(&logins[2], limit, later).await.expect("create");
    assert_eq!(ended_ids(&ended), vec![logins[0].id.clone()]);
    let ended = a
        .create(&logins[3], NonZeroUsize::new(1), later)
        .await
        .expect("create");
    assert_eq!(
        ended_ids(&ended),
        vec![logins[1].id.clone(), logins[2].id.clone()]
    );
    assert_eq!(
        ids(&b.list_user(&user, later).await.expect("list")),
        vec![logins[3].id.clone()]
    );
    b.end_user(&user, None).await.expect("clean up");
}

/// `set_session_mac` and `touch` change only their fields.
pub async fn the_session_mac_and_touch_update_in_place(a: &Store, b: &Store) {
    let now = SystemClock.now();
    let mut login = login(&unique_user(), now);
    create(a, &login, now).await;
    assert!(
        b.set_session_mac(&login.id, Some("mac-2"), now)
            .await
            .expect("mac")
    );
    login.session_mac = Some("mac-2".to_owned());
    assert_eq!(
        a.get(&login.id, now).await.expect("get"),
        Some(login.clone())
    );
    assert!(a.set_session_mac(&login.id, None, now).await.expect("mac"));
    login.session_mac = None;
    let used = now.saturating_add(Duration::from_secs(90));
    assert!(b.touch(&login.id, used, now, now).await.expect("touch"));
    assert!(
        b.touch(&login.id, now, now, now).await.expect("touch"),
        "never moves back"
    );
    login.last_used_at = used;
    assert_eq!(
        a.get(&login.id, now).await.expect("get"),
        Some(login.clone())
    );
    assert!(
        !a.set_session_mac(&LoginId::random(), Some("x"), now)
            .await
            .expect("mac")
    );
    assert!(
        !a.touch(&LoginId::random(), now, now, now)
            .await
            .expect("touch")
    );
}

/// A login that lasts [`MAX_LOGIN_LIFETIME`], the longest the runtime makes, is stored and read
/// back, and is live until then.
pub async fn the_longest_lifetime_works(a: &Store, b: &Store) {
    let now = SystemClock.now();
    let mut login = login(&unique_user(), now);
    login.expires_at = now.saturating_add(MAX_LOGIN_LIFETIME);
    create(a, &login, now).await;
    let almost = now.saturating_add(MAX_LOGIN_LIFETIME.saturating_sub(Duration::from_secs(1)));
    assert_eq!(
        b.get(&login.id, almost).await.expect("get"),
        Some(login.clone())
    );
    assert_eq!(b.get(&login.id, login.expires_at).await.expect("get"), None);
    a.end(&login.id).await.expect("clean up");
}
