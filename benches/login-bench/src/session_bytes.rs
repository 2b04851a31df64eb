//! How many bytes a login adds to the stored session.

use crate::{
    app::App,
    axum_login_apps, floor_apps,
    login_runtime_apps::{self, Setup},
};

/// Prints the bytes of the session each app stores after its `/login`, as JSON.
pub async fn report() {
    let apps: [(&str, App); 5] = [
        ("login-runtime", login_runtime_apps::app(Setup::Default)),
        (
            "login-runtime, remember me",
            login_runtime_apps::app(Setup::Remember),
        ),
        (
            "login-runtime, session hash",
            login_runtime_apps::app(Setup::SessionHash),
        ),
        ("axum-login", axum_login_apps::app()),
        (
            "floor (user id only)",
            floor_apps::app(floor_apps::Inner::Nothing),
        ),
    ];
    for (name, app) in apps {
        let cookie = app.login().await;
        println!("{name}: {} bytes", app.stored_bytes(&cookie).await);
    }
}
