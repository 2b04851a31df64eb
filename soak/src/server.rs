//! The server side: the conformance app over a memory session store that counts its records and
//! a memory login store, and an admin listener (another loopback port, outside the app's routes)
//! that reports both.

use std::{
    collections::HashSet,
    error::Error,
    net::SocketAddr,
    sync::{Arc, Mutex},
};

use axum::{Router, extract::State, routing::get};
use examples::conformance::{Backends, Settings, Users, app_on};
use login_runtime::{
    login_state::{Clock, LoginStore, SystemClock},
    tower_sessions::{
        MemoryStore, SessionStore,
        session::{Id, Record},
        session_store,
    },
};
use tokio::net::TcpListener;

/// tower-sessions' memory store, knowing which records it holds. The memory store never removes
/// expired records, so this is the number of records in its map.
#[derive(Debug, Clone, Default)]
pub struct CountedStore {
    inner: MemoryStore,
    ids: Arc<Mutex<HashSet<Id>>>,
}

impl CountedStore {
    /// How many records the store holds, and of which kind: sessions holding a login, remember
    /// series, anything else (a session without a login, such as one holding only flashes).
    /// Expired records (none in a run shorter than their lifetimes) count only in the total.
    async fn census(&self) -> [usize; 4] {
        let ids: Vec<Id> = self
            .ids
            .lock()
            .map(|ids| ids.iter().copied().collect())
            .unwrap_or_default();
        let (mut logins, mut series, mut other) = (0, 0, 0);
        for id in &ids {
            if let Ok(Some(record)) = self.inner.load(id).await {
                if record.data.contains_key("_login") {
                    logins += 1;
                } else if record.data.contains_key("_remember_series") {
                    series += 1;
                } else {
                    other += 1;
                }
            }
        }
        [ids.len(), logins, series, other]
    }

    fn held(&self, id: Id, held: bool) {
        if let Ok(mut ids) = self.ids.lock() {
            if held {
                ids.insert(id);
            } else {
                ids.remove(&id);
            }
        }
    }
}

#[async_trait::async_trait]
impl SessionStore for CountedStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        self.inner.create(record).await?;
        self.held(record.id, true);
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.inner.save(record).await?;
        self.held(record.id, true);
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        self.inner.load(id).await
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.inner.delete(id).await?;
        self.held(*id, false);
        Ok(())
    }
}

/// Serves the conformance app, with `LOGIN_VIEW=/login` and the other settings at their
/// defaults, on `127.0.0.1:port`, and the record count on `127.0.0.1:admin_port/records`.
pub async fn serve(port: u16, admin_port: u16) -> Result<bool, Box<dyn Error>> {
    let settings = Settings::from_lookup(|name| (name == "LOGIN_VIEW").then(|| "/login".into()))?;
    let backends = Backends::over(CountedStore::default());
    let app = app_on(&settings, &backends)?;
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    let admin_listener = TcpListener::bind(("127.0.0.1", admin_port)).await?;
    let admin = Router::new()
        .route("/records", get(records))
        .with_state(backends);
    println!("listening on http://{}", listener.local_addr()?);
    println!("admin on http://{}", admin_listener.local_addr()?);
    tokio::spawn(async move { axum::serve(admin_listener, admin).await });
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await?;
    Ok(true)
}

/// The session store's census, then the login store's live logins.
async fn records(State(backends): State<Backends<CountedStore>>) -> String {
    let [records, logins, series, other] = backends.sessions.census().await;
    let now = SystemClock.now();
    let mut live = 0;
    for user in Users::all() {
        live += backends
            .logins
            .list_user(user.id, now)
            .await
            .map_or(0, |logins| logins.len());
    }
    format!("{records} {logins} {series} {other} {live}")
}
