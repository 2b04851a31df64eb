//! Permissions: held on the user type (the conformance app's `/editor` and `/admin-area`) or
//! loaded from the app's backend; granted, forbidden and anonymous; where refusals are
//! configured; and the loader's laziness.

use std::{
    collections::{BTreeMap, HashSet},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
};

use axum::{Router, http::StatusCode, routing::get};
use login_runtime::{
    AuthError, AuthSession, AuthUser, LoginEvent, LoginManager, LoginPolicy, UserLoader,
    guard::HandlerViews,
    permissions::{
        PermissionLoader, PermissionRequired, Predicate, PredicateRequired, RequiredPermissions,
        UserPermissions,
    },
    request::RequestHead,
    tower_sessions::{MemoryStore, SessionManagerLayer},
};
use reqwest::Method;

use crate::{apps::Outage, harness::Server};

#[tokio::test]
async fn conformance_field_held_permissions_grant_and_forbid() {
    let server = Server::conformance(&[]).await;
    for (user, editor, admin) in [
        ("1", StatusCode::OK, StatusCode::OK),
        ("2", StatusCode::OK, StatusCode::FORBIDDEN),
        ("佐藤", StatusCode::FORBIDDEN, StatusCode::FORBIDDEN),
    ] {
        let browser = server.browser();
        assert_eq!(browser.text(&format!("/login/{user}")).await, "True");
        let reply = browser.get("/editor").await;
        assert_eq!(reply.status, editor, "user {user} on /editor");
        if editor == StatusCode::OK {
            assert_eq!(reply.body, "Editor Granted");
        }
        let reply = browser.get("/admin-area").await;
        assert_eq!(reply.status, admin, "user {user} on /admin-area");
        if admin == StatusCode::OK {
            assert_eq!(reply.body, "Admin Area");
        }
    }
}

#[tokio::test]
async fn conformance_anonymous_visitors_get_the_unauthorized_flow() {
    let server = Server::conformance(&[]).await;
    for path in ["/editor", "/admin-area"] {
        let reply = server.browser().get(path).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    let server = Server::conformance(&[("LOGIN_VIEW", "/login")]).await;
    let browser = server.browser();
    let reply = browser.get("/admin-area").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/login?next=%2Fadmin-area");
    assert_eq!(
        browser.text("/flashes").await,
        r#"[["message","Please log in to access this page."]]"#
    );
    let inactive = server.browser();
    inactive.text("/login/3?force=1").await;
    assert_eq!(
        inactive.get("/editor").await.location(),
        "/login?next=%2Feditor",
        "an inactive user is not authenticated, so not forbidden either"
    );
}

#[tokio::test]
async fn conformance_signals_keep_their_nine_keys() {
    let server = Server::conformance(&[]).await;
    let browser = server.browser();
    browser.text("/login/2").await;
    assert_eq!(
        browser.get("/admin-area").await.status,
        StatusCode::FORBIDDEN
    );
    let counts: BTreeMap<String, u64> =
        serde_json::from_str(&browser.text("/signals").await).expect("JSON");
    assert_eq!(counts.len(), 9, "{counts:?}");
    assert!(!counts.contains_key("permission_denied"));
    assert_eq!(counts["user_accessed"], 1);
}

#[tokio::test]
async fn options_requests_pass_without_a_check() {
    let server = Server::conformance(&[]).await;
    // `/admin-area` has no OPTIONS route: the router answers 405, not the guard 401.
    let reply = server.raw().send(Method::OPTIONS, "/admin-area", &[]).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    let (app, _) = staff_app(Staff::default(), |routes| routes);
    let server = Server::start(app).await;
    let reply = server.raw().send(Method::OPTIONS, "/reports", &[]).await;
    assert_eq!(reply.status, StatusCode::OK);
}

/// A user whose permissions live in the backend: strings, per user and per group.
#[derive(Debug, Clone, AuthUser)]
struct Employee {
    #[auth(id)]
    id: &'static str,
    group: &'static str,
}

impl UserPermissions for Employee {
    type Permission = String;
}

const EMPLOYEES: [Employee; 3] = [
    Employee {
        id: "ada",
        group: "accounting",
    },
    Employee {
        id: "bob",
        group: "support",
    },
    Employee {
        id: "cy",
        group: "accounting",
    },
];

/// The backend: users and permissions, counting permission loads, switchable into an outage.
#[derive(Debug, Clone, Default)]
struct Staff {
    loads: Arc<AtomicUsize>,
    down: Arc<AtomicBool>,
}

impl UserLoader for Staff {
    type User = Employee;
    type Error = Outage;

    async fn load_user(&self, id: &str) -> Result<Option<Employee>, Outage> {
        Ok(EMPLOYEES.iter().find(|employee| employee.id == id).cloned())
    }
}

impl PermissionLoader for Staff {
    type User = Employee;
    type Error = Outage;

    async fn user_permissions(&self, user: &Employee) -> Result<HashSet<String>, Outage> {
        self.loads.fetch_add(1, Ordering::SeqCst);
        if self.down.load(Ordering::SeqCst) {
            return Err(Outage);
        }
        Ok(match user.id {
            "ada" => HashSet::from(["billing".to_owned()]),
            _ => HashSet::new(),
        })
    }

    async fn group_permissions(&self, user: &Employee) -> Result<HashSet<String>, Outage> {
        Ok(match user.group {
            "accounting" => HashSet::from(["reports".to_owned()]),
            _ => HashSet::new(),
        })
    }
}

struct Reports;

impl RequiredPermissions for Reports {
    type Permission = str;
    const ALL: &'static [&'static str] = &["reports"];
}

struct Billing;

impl RequiredPermissions for Billing {
    type Permission = str;
    const ALL: &'static [&'static str] = &["billing"];
}

struct ReportsAndBilling;

impl RequiredPermissions for ReportsAndBilling {
    type Permission = str;
    const ALL: &'static [&'static str] = &["reports", "billing"];
}

/// Accountants only: a predicate that loads nothing.
struct Accountant;

impl Predicate<Employee> for Accountant {
    async fn allows(user: &Employee) -> bool {
        user.group == "accounting"
    }
}

async fn login(
    auth: AuthSession<Employee>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<&'static str, AuthError> {
    let employee = EMPLOYEES
        .iter()
        .find(|employee| employee.id == id)
        .expect("employee");
    let outcome = auth.login_user(employee).await?;
    Ok(if outcome.is_logged_in() {
        "True"
    } else {
        "False"
    })
}

/// `/login/{id}`, `/plain` (login only), `/reports`, `/billing`, `/both`, `/twice` (two
/// guards in one request) and `/accountants` (a predicate), with routes added by `more`.
fn staff_app(
    staff: Staff,
    more: impl FnOnce(Router<LoginManager<Employee>>) -> Router<LoginManager<Employee>>,
) -> (Router, LoginManager<Employee>) {
    let more = |routes, _: &LoginManager<Employee>| more(routes);
    let events = Arc::new(Mutex::new(Vec::new()));
    staff_app_with(staff, LoginManager::builder, more, &events)
}

type Builder = login_runtime::manager::LoginManagerBuilder<Employee>;

fn staff_app_with(
    staff: Staff,
    configure: impl FnOnce(Staff) -> Builder,
    more: impl FnOnce(
        Router<LoginManager<Employee>>,
        &LoginManager<Employee>,
    ) -> Router<LoginManager<Employee>>,
    events: &Arc<Mutex<Vec<LoginEvent>>>,
) -> (Router, LoginManager<Employee>) {
    let events = Arc::clone(events);
    let manager = configure(staff.clone())
        .permission_loader(staff)
        .on_event(move |event| events.lock().expect("events").push(event.clone()))
        .build()
        .expect("manager");
    let routes = Router::new()
        .route("/login/{id}", get(login))
        .route(
            "/plain",
            get(|_: login_runtime::guard::LoginRequired| async { "plain" }),
        )
        .route(
            "/reports",
            get(|_: PermissionRequired<Reports>| async { "reports" })
                .options(|_: PermissionRequired<Reports>| async { "options" }),
        )
        .route(
            "/billing",
            get(|_: PermissionRequired<Billing>| async { "billing" }),
        )
        .route(
            "/both",
            get(|_: PermissionRequired<ReportsAndBilling>| async { "both" }),
        )
        .route(
            "/twice",
            get(|_: PermissionRequired<Reports>, _: PermissionRequired<Billing>| async { "twice" }),
        )
        .route(
            "/accountants",
            get(|_: PredicateRequired<Accountant>| async { "accountants" }),
        );
    let app = more(routes, &manager)
        .layer(
            manager.layer_with(SessionManagerLayer::new(MemoryStore::default()).with_secure(false)),
        )
        .with_state(manager.clone());
    (app, manager)
}

#[tokio::test]
async fn backend_permissions_grant_forbid_and_refuse_anonymous_visitors() {
    let (app, _) = staff_app(Staff::default(), |routes| routes);
    let server = Server::start(app).await;
    for (id, reports, billing, both) in [
        ("ada", StatusCode::OK, StatusCode::OK, StatusCode::OK),
        (
            "cy",
            StatusCode::OK,
            StatusCode::FORBIDDEN,
            StatusCode::FORBIDDEN,
        ),
        (
            "bob",
            StatusCode::FORBIDDEN,
            StatusCode::FORBIDDEN,
            StatusCode::FORBIDDEN,
        ),
    ] {
        let browser = server.browser();
        browser.text(&format!("/login/{id}")).await;
        assert_eq!(
            browser.get("/reports").await.status,
            reports,
            "{id} /reports"
        );
        assert_eq!(
            browser.get("/billing").await.status,
            billing,
            "{id} /billing"
        );
        assert_eq!(browser.get("/both").await.status, both, "{id} /both");
    }
    let anonymous = server.browser();
    for path in ["/reports", "/billing", "/both", "/accountants"] {
        assert_eq!(
            anonymous.get(path).await.status,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
}

#[tokio::test]
async fn backend_permissions_load_once_per_request_and_only_when_asked_for() {
    let staff = Staff::default();
    let (app, _) = staff_app(staff.clone(), |routes| routes);
    let server = Server::start(app).await;
    let browser = server.browser();
    browser.text("/login/ada").await;
    let loads = || staff.loads.load(Ordering::SeqCst);

    assert_eq!(browser.text("/plain").await, "plain");
    assert_eq!(browser.text("/accountants").await, "accountants");
    assert_eq!(loads(), 0, "routes that ask for no permission load none");

    assert_eq!(browser.text("/twice").await, "twice");
    assert_eq!(loads(), 1, "two checks in one request share one load");

    assert_eq!(browser.text("/reports").await, "reports");
    assert_eq!(loads(), 2, "the next request loads again: nothing is stale");
}

#[tokio::test]
async fn a_permission_loader_outage_answers_503_never_grants() {
    let staff = Staff::default();
    let (app, _) = staff_app(staff.clone(), |routes| routes);
    let server = Server::start(app).await;
    let browser = server.browser();
    browser.text("/login/ada").await;
    staff.down.store(true, Ordering::SeqCst);
    let reply = browser.get("/billing").await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        reply.body, "",
        "the failure goes to the log, not the client"
    );
    assert_eq!(browser.text("/plain").await, "plain");
    staff.down.store(false, Ordering::SeqCst);
    assert_eq!(browser.text("/billing").await, "billing");
}

struct HandlerAnswer;

impl HandlerViews for HandlerAnswer {
    const FORBIDDEN: Option<fn(RequestHead<'_>) -> axum::response::Response> = Some(|head| {
        axum::response::IntoResponse::into_response((
            StatusCode::NOT_FOUND,
            format!("handler: no {}", head.uri.path()),
        ))
    });
}

#[tokio::test]
async fn refusals_come_from_the_handler_then_the_router_then_the_manager() {
    let events = Arc::new(Mutex::new(Vec::new()));
    let (app, _) = staff_app_with(
        Staff::default(),
        |staff| {
            LoginManager::builder(staff).forbidden_handler(|head| {
                (
                    StatusCode::FORBIDDEN,
                    format!("manager: no {}", head.uri.path()),
                )
            })
        },
        |routes, _| {
            let policy = Router::new()
                .route(
                    "/router",
                    get(|_: PermissionRequired<Billing>| async { "ok" }),
                )
                .route(
                    "/handler",
                    get(|_: PermissionRequired<Billing, HandlerAnswer>| async { "ok" }),
                )
                .layer(
                    LoginPolicy::builder()
                        .forbidden_handler(|head| {
                            (
                                StatusCode::FORBIDDEN,
                                format!("router: no {}", head.uri.path()),
                            )
                        })
                        .build()
                        .expect("policy"),
                );
            routes.nest("/policy", policy)
        },
        &events,
    );
    let server = Server::start(app).await;
    let browser = server.browser();
    browser.text("/login/bob").await;
    for (path, status, body) in [
        ("/billing", StatusCode::FORBIDDEN, "manager: no /billing"),
        (
            "/policy/router",
            StatusCode::FORBIDDEN,
            "router: no /policy/router",
        ),
        (
            "/policy/handler",
            StatusCode::NOT_FOUND,
            "handler: no /policy/handler",
        ),
        (
            "/accountants",
            StatusCode::FORBIDDEN,
            "manager: no /accountants",
        ),
    ] {
        let reply = browser.get(path).await;
        assert_eq!(
            (reply.status, reply.body.as_str()),
            (status, body),
            "{path}"
        );
    }
    let denied: Vec<LoginEvent> = events
        .lock()
        .expect("events")
        .iter()
        .filter(|event| event.name() == "permission_denied")
        .cloned()
        .collect();
    assert_eq!(denied.len(), 4, "one event per refusal");
    assert!(denied.iter().all(|event| event.user_id() == Some("bob")));
}

#[tokio::test]
async fn a_router_layer_protects_every_route_of_a_router() {
    let (app, _) = staff_app_with(
        Staff::default(),
        LoginManager::builder,
        |routes, manager| {
            let accounting = Router::new()
                .route("/ledger", get(|| async { "ledger" }))
                .route("/invoices", get(|| async { "invoices" }))
                .route_layer(PermissionRequired::<Reports>::layer(manager.clone()));
            routes.nest("/accounting", accounting)
        },
        &Arc::new(Mutex::new(Vec::new())),
    );
    let server = Server::start(app).await;
    for path in ["/accounting/ledger", "/accounting/invoices"] {
        assert_eq!(
            server.browser().get(path).await.status,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
        let bob = server.browser();
        bob.text("/login/bob").await;
        assert_eq!(bob.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
        let cy = server.browser();
        cy.text("/login/cy").await;
        assert_eq!(cy.get(path).await.status, StatusCode::OK, "{path}");
    }
}

fn not_for_you(head: RequestHead<'_>) -> (StatusCode, String) {
    (
        StatusCode::FORBIDDEN,
        format!("not for you: {}", head.uri.path()),
    )
}

#[login_runtime::login_required(permission = "billing", forbidden = not_for_you)]
async fn billing_with_answer() -> &'static str {
    "billing"
}

/// Asks the backend, as an async predicate would.
async fn in_accounting(employee: &Employee) -> bool {
    std::future::ready(employee.group == "accounting").await
}

#[login_runtime::login_required(predicate = async in_accounting)]
async fn accounting_only() -> &'static str {
    "accounting"
}

/// Written for the conformance app's user type, not `Employee`.
fn is_notch(user: &examples::conformance::User) -> bool {
    user.name == "Notch"
}

#[login_runtime::login_required(predicate = is_notch)]
async fn notch_only() -> &'static str {
    "Notch"
}

#[tokio::test]
async fn the_attribute_forms_answer_like_the_extractors() {
    let staff = Staff::default();
    let (app, _) = staff_app(staff.clone(), |routes| {
        routes
            .route("/macro/billing", get(billing_with_answer))
            .route("/macro/accounting", get(accounting_only))
            .route("/macro/notch", get(notch_only))
    });
    let server = Server::start(app).await;
    assert_eq!(
        server.browser().get("/macro/billing").await.status,
        StatusCode::UNAUTHORIZED
    );
    let cy = server.browser();
    cy.text("/login/cy").await;
    let reply = cy.get("/macro/billing").await;
    assert_eq!(
        (reply.status, reply.body.as_str()),
        (StatusCode::FORBIDDEN, "not for you: /macro/billing"),
        "the handler's own answer"
    );
    assert_eq!(cy.text("/macro/accounting").await, "accounting");
    let bob = server.browser();
    bob.text("/login/bob").await;
    assert_eq!(
        bob.get("/macro/accounting").await.status,
        StatusCode::FORBIDDEN
    );
    let ada = server.browser();
    ada.text("/login/ada").await;
    assert_eq!(ada.text("/macro/billing").await, "billing");
    assert_eq!(
        ada.get("/macro/notch").await.status,
        StatusCode::FORBIDDEN,
        "a predicate for another user type denies, never panics"
    );
}
