//! The requests measured: one route of one app, logged in or not.

use axum::http::StatusCode;

use crate::{
    app::App,
    axum_login_apps,
    floor_apps::{self, Inner},
    login_runtime_apps::{self, Setup},
    request,
};

/// One measured request, repeated.
#[derive(Debug, Clone, Copy)]
pub struct Scenario {
    pub name: &'static str,
    app: fn() -> App,
    path: &'static str,
    logged_in: bool,
    status: StatusCode,
}

/// Every scenario, in the order the script reports them.
pub const ALL: [Scenario; 9] = [
    Scenario {
        name: "login-runtime/guarded",
        app: || login_runtime_apps::app(Setup::Default),
        path: "/protected",
        logged_in: true,
        status: StatusCode::OK,
    },
    Scenario {
        name: "login-runtime/guarded-session-hash",
        app: || login_runtime_apps::app(Setup::SessionHash),
        path: "/protected",
        logged_in: true,
        status: StatusCode::OK,
    },
    Scenario {
        name: "login-runtime/public",
        app: || login_runtime_apps::app(Setup::Default),
        path: "/",
        logged_in: true,
        status: StatusCode::OK,
    },
    Scenario {
        name: "login-runtime/anonymous",
        app: || login_runtime_apps::app(Setup::Default),
        path: "/protected",
        logged_in: false,
        status: StatusCode::UNAUTHORIZED,
    },
    Scenario {
        name: "axum-login/guarded",
        app: axum_login_apps::app,
        path: "/protected",
        logged_in: true,
        status: StatusCode::OK,
    },
    Scenario {
        name: "axum-login/public",
        app: axum_login_apps::app,
        path: "/",
        logged_in: true,
        status: StatusCode::OK,
    },
    Scenario {
        name: "axum-login/anonymous",
        app: axum_login_apps::app,
        path: "/protected",
        logged_in: false,
        status: StatusCode::UNAUTHORIZED,
    },
    Scenario {
        name: "floor/guarded",
        app: || floor_apps::app(Inner::Nothing),
        path: "/protected",
        logged_in: true,
        status: StatusCode::OK,
    },
    Scenario {
        name: "floor/public",
        app: || floor_apps::app(Inner::PassThrough),
        path: "/",
        logged_in: true,
        status: StatusCode::OK,
    },
];

impl Scenario {
    pub fn named(name: &str) -> Option<Self> {
        ALL.into_iter().find(|scenario| scenario.name == name)
    }

    /// Builds the app, logs in when the scenario is logged in, then sends the request
    /// `requests` times, checking every answer's status.
    pub async fn run(self, requests: u32) -> Result<(), String> {
        let app = (self.app)();
        let cookie = if self.logged_in {
            Some(app.login().await)
        } else {
            None
        };
        for _ in 0..requests {
            let response = request::get(&app.router, self.path, cookie.as_deref()).await;
            if response.status() != self.status {
                return Err(format!(
                    "{}: {} instead of {}",
                    self.name,
                    response.status(),
                    self.status
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The measured requests get the answers they are meant to, so the figures measure them.
    #[test]
    fn every_scenario_answers_as_expected() {
        let runtime = crate::runtime();
        for scenario in ALL {
            runtime.block_on(scenario.run(3)).expect("expected answers");
        }
    }
}
