use std::{collections::HashSet, convert::Infallible};

use axum::{Router, http::StatusCode, routing::get};
use login_runtime::{
    AuthUser, LoginManager, UserLoader, login_required,
    permissions::PermissionLoader,
    testing::TestClient,
    tower_sessions::{MemoryStore, SessionManagerLayer},
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Permission {
    Admin,
    Editor,
    Billing,
}

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: u32,
    #[auth(permissions)] // held on the user: checked without any I/O
    permissions: Vec<Permission>,
    team: &'static str,
}

struct Users; // your database

impl UserLoader for Users {
    type User = User;
    type Error = Infallible;

    async fn load_user(&self, id: &str) -> Result<Option<User>, Infallible> {
        Ok(match id {
            "1" => Some(User {
                id: 1,
                permissions: vec![Permission::Admin, Permission::Editor],
                team: "core",
            }),
            "2" => Some(User {
                id: 2,
                permissions: vec![Permission::Editor],
                team: "finance",
            }),
            _ => None,
        })
    }
}

// Permissions that live in the database: loaded only when a route needs one that the user
// does not hold itself, and at most once per request.
impl PermissionLoader for Users {
    type User = User;
    type Error = Infallible;

    async fn group_permissions(&self, user: &User) -> Result<HashSet<Permission>, Infallible> {
        Ok(match user.team {
            "finance" => HashSet::from([Permission::Billing]),
            _ => HashSet::new(),
        })
    }
}

#[login_required(permission = Permission::Editor)]
async fn edit() -> &'static str {
    "Editor Granted"
}

#[login_required(permissions = [Permission::Admin, Permission::Editor])] // all of them
async fn publish() -> &'static str {
    "Published"
}

#[login_required(permission = Permission::Billing)]
async fn invoices() -> &'static str {
    "Invoices"
}

fn on_core_team(user: &User) -> bool {
    user.team == "core"
}

#[login_required(predicate = on_core_team)]
async fn deploy() -> &'static str {
    "Deployed"
}

fn app() -> (Router, LoginManager<User>) {
    let store = MemoryStore::default();
    let manager = LoginManager::builder(Users)
        .login_view("/login")
        .permission_loader(Users)
        .build()
        .unwrap();
    let app = Router::new()
        .route("/edit", get(edit))
        .route("/publish", get(publish))
        .route("/invoices", get(invoices))
        .route("/deploy", get(deploy))
        .layer(manager.layer_with(SessionManagerLayer::new(store)))
        .with_state(manager.clone());
    (app, manager)
}

#[tokio::test]
async fn permissions_decide_who_enters() {
    let (app, manager) = app();
    let client = TestClient::new(app, manager);

    // Anonymous: the usual unauthorized flow.
    let response = client.get("/edit").await;
    assert_eq!(response.location(), Some("/login?next=%2Fedit"));

    // Steve edits and, through his team, sees invoices; he may not publish or deploy.
    let steve = Users.load_user("2").await.unwrap().unwrap();
    client.login_as(&steve).await.unwrap();
    assert_eq!(client.get("/edit").await.text(), "Editor Granted");
    assert_eq!(client.get("/invoices").await.text(), "Invoices");
    assert_eq!(client.get("/publish").await.status, StatusCode::FORBIDDEN);
    assert_eq!(client.get("/deploy").await.status, StatusCode::FORBIDDEN);

    // Notch holds both permissions and is on the core team, but not in finance.
    let notch = Users.load_user("1").await.unwrap().unwrap();
    client.login_as(&notch).await.unwrap();
    assert_eq!(client.get("/publish").await.text(), "Published");
    assert_eq!(client.get("/deploy").await.text(), "Deployed");
    assert_eq!(client.get("/invoices").await.status, StatusCode::FORBIDDEN);
}
