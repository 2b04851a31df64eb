//! The demo app in headless Chromium, through the `ChromeDriver` that `scripts/with-test-servers` starts
//! (`LOGIN_TEST_WEBDRIVER_URL`): sign up, log out, log in with "remember me", survive a browser
//! restart, change the password after a fresh login while a second browser is logged out, end
//! the second browser's login from the devices page, refuse a cross-site form, throttle failed
//! logins, log out. Each page is saved as a PNG under `target/browser-screenshots/`.

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
    time::Duration,
};

use axum::{Router, response::Html, routing::get};
use examples::demo::{Config, PER_ACCOUNT};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use tokio::net::TcpListener;

/// Chromium's flags: headless, and quiet on a closed network (without the background-networking
/// flags it waits for servers it cannot reach).
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=900,760",
];

fn webdriver_url() -> Option<String> {
    match std::env::var("LOGIN_TEST_WEBDRIVER_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("LOGIN_TEST_REQUIRE_SERVERS").as_deref() != Ok("1"),
                "LOGIN_TEST_WEBDRIVER_URL is not set"
            );
            eprintln!(
                "note: LOGIN_TEST_WEBDRIVER_URL is not set; run scripts/with-test-servers for the browser test"
            );
            None
        }
    }
}

/// A browser of its own: a fresh Chromium profile.
struct Browser {
    client: Client,
    base: String,
    screenshots: PathBuf,
    _profile: TempDir,
}

impl Browser {
    async fn start(webdriver: &str, base: &str, name: &str, screenshots: &Path) -> Self {
        let profile = TempDir::new(&format!("chromium-{name}"));
        let mut args: Vec<String> = CHROMIUM_FLAGS
            .iter()
            .map(|flag| (*flag).to_owned())
            .collect();
        args.push(format!("--user-data-dir={}", profile.0.display()));
        let capabilities = serde_json::json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": "/usr/bin/chromium", "args": args },
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(webdriver)
            .await
            .expect("ChromeDriver starts Chromium");
        Self {
            client,
            base: base.to_owned(),
            screenshots: screenshots.to_owned(),
            _profile: profile,
        }
    }

    async fn visit(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .expect("page loads");
    }

    /// Waits until the page at `path` shows the heading `heading`.
    async fn expect_page(&self, path: &str, heading: &str) {
        let mut seen = String::new();
        for _ in 0..200 {
            let url = self.client.current_url().await.expect("url");
            let h1 = match self.client.find(Locator::Css("h1")).await {
                Ok(h1) => h1.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if url.path() == path && h1 == heading {
                return;
            }
            seen = format!("{url} with heading {h1:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("expected {path} with heading {heading:?}, got {seen}");
    }

    async fn fill(&self, field: &str, value: &str) {
        let input = self
            .client
            .find(Locator::Id(field))
            .await
            .unwrap_or_else(|_| panic!("field {field}"));
        input.clear().await.expect("clear");
        input.send_keys(value).await.expect("type");
    }

    async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|_| panic!("{css}"))
            .click()
            .await
            .expect("click");
    }

    /// Clicks `css` and waits until the browser has left the page, so that what follows acts on
    /// the next one.
    async fn click_and_wait(&self, css: &str) {
        let page = self
            .client
            .find(Locator::Css("html"))
            .await
            .expect("the page");
        self.click(css).await;
        for _ in 0..400 {
            if page.attr("lang").await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("clicking {css} loaded no new page");
    }

    async fn submit(&self) {
        self.click_and_wait("main button[type=submit]").await;
    }

    async fn log_in(&self, username: &str, password: &str, remember: bool) {
        self.fill("username", username).await;
        self.fill("password", password).await;
        if remember {
            self.click("#remember").await;
        }
        self.submit().await;
    }

    async fn log_out(&self) {
        self.click_and_wait("nav button").await;
        self.expect_page("/login", "Log in").await;
    }

    async fn text(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|_| panic!("{css}"))
            .text()
            .await
            .expect("text")
    }

    async fn flashes(&self) -> Vec<String> {
        let mut texts = Vec::new();
        for flash in self
            .client
            .find_all(Locator::Css(".flash"))
            .await
            .expect("flashes")
        {
            texts.push(flash.text().await.expect("flash text"));
        }
        texts
    }

    /// The error shown right under the input `field`, in that field's block.
    async fn field_error(&self, field: &str) -> String {
        self.text(&format!(".field.invalid > #{field} + #{field}-error"))
            .await
    }

    /// Saves the page as `name.png`, after checking it is a page and not raw data.
    async fn screenshot(&self, name: &str) {
        let body = self.text("body").await;
        let trimmed = body.trim_start();
        assert!(
            !trimmed.starts_with('{') && !trimmed.starts_with('['),
            "{name} shows raw data: {body}"
        );
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::write(self.screenshots.join(format!("{name}.png")), png).expect("save screenshot");
    }

    /// Closing the browser: the session cookie goes, the remember cookie stays.
    async fn restart(&self) {
        self.client
            .delete_cookie("id")
            .await
            .expect("delete the session cookie");
        self.client
            .get_named_cookie("remember_token")
            .await
            .expect("the remember cookie stays");
    }

    async fn close(self) {
        self.client.close().await.expect("close the browser");
    }
}

/// A directory removed at the end.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let path =
            std::env::temp_dir().join(format!("login-browser-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("temporary directory");
        Self(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn serve(app: Router) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
    });
    address
}

/// Another site (`localhost` is not `127.0.0.1`) whose page posts a form to the demo's logout.
fn attacker(demo: SocketAddr) -> Router {
    let page = format!(
        r#"<!doctype html><title>Win a prize</title>
        <form id="f" method="post" action="http://{demo}/logout">
          <input type="hidden" name="csrf_token" value="guessed">
        </form>
        <script>document.getElementById("f").submit()</script>"#
    );
    Router::new().route("/", get(move || async move { Html(page) }))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_signs_up_logs_in_changes_the_password_and_logs_out() {
    let Some(webdriver) = webdriver_url() else {
        return;
    };
    let data = TempDir::new("data");
    let config = Config {
        database_url: format!("sqlite://{}", data.0.join("demo.sqlite3").display()),
        secret_key: b"a secret key of at least thirty-two bytes, for tests".to_vec(),
    };
    let demo = serve(examples::demo::app(&config).await.expect("demo app")).await;
    let other_site = serve(attacker(demo)).await;
    let screenshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/browser-screenshots");
    std::fs::create_dir_all(&screenshots).expect("screenshot directory");
    let base = format!("http://{demo}");
    let laptop = Browser::start(&webdriver, &base, "laptop", &screenshots).await;
    sign_up_and_log_out(&laptop).await;
    log_in_remembered_and_restart(&laptop).await;
    let phone = Browser::start(&webdriver, &base, "phone", &screenshots).await;
    phone.visit("/login").await;
    phone.log_in("ada", "first password", false).await;
    phone.expect_page("/settings", "Settings").await;
    change_the_password(&laptop, &phone).await;
    list_and_end_devices(&laptop, &phone).await;
    refuse_a_cross_site_form(&laptop, other_site).await;
    throttle_wrong_passwords(&phone).await;
    phone.close().await;

    laptop.log_out().await;
    laptop.visit("/settings").await;
    laptop.expect_page("/login", "Log in").await;
    laptop.screenshot("17-logged-out-at-the-end").await;
    laptop.close().await;
}

/// Sign up: mistakes are shown next to their fields, then the account is made.
async fn sign_up_and_log_out(laptop: &Browser) {
    laptop.visit("/signup").await;
    laptop.expect_page("/signup", "Sign up").await;
    laptop.screenshot("01-signup").await;
    laptop.fill("username", "a").await;
    laptop.fill("password", "short").await;
    laptop.submit().await;
    laptop.expect_page("/signup", "Sign up").await;
    assert!(laptop.field_error("username").await.contains("3 to 32"));
    assert!(laptop.field_error("password").await.contains("at least 8"));
    laptop.screenshot("02-signup-errors").await;
    laptop.fill("username", "ada").await;
    laptop.fill("password", "first password").await;
    laptop.submit().await;
    laptop.expect_page("/settings", "Settings").await;
    assert_eq!(laptop.text("#username").await, "ada");
    assert_eq!(
        laptop.flashes().await,
        ["Welcome, ada! Your account is ready."]
    );
    laptop.screenshot("03-settings-after-signup").await;

    // Sign-up is for logged-out visitors only.
    laptop.visit("/signup").await;
    laptop.expect_page("/settings", "Settings").await;

    laptop.log_out().await;
    assert_eq!(laptop.flashes().await, ["You have been logged out."]);
    laptop.screenshot("04-logged-out").await;
}

/// Log in with "remember me", following `next`; a browser restart keeps the login.
async fn log_in_remembered_and_restart(laptop: &Browser) {
    laptop.visit("/settings").await;
    laptop.expect_page("/login", "Log in").await;
    assert_eq!(
        laptop.flashes().await,
        ["Please log in to access this page."]
    );
    laptop.log_in("ada", "first password", true).await;
    laptop.expect_page("/settings", "Settings").await;
    assert_eq!(laptop.flashes().await, ["Logged in as ada."]);
    laptop.screenshot("05-settings-remembered-login").await;

    laptop.restart().await;
    laptop.visit("/settings").await;
    laptop.expect_page("/settings", "Settings").await;
    assert_eq!(
        laptop.text("#login-kind").await,
        "restored from “remember me”"
    );
    laptop.screenshot("06-settings-after-restart").await;
}

/// The password page wants a fresh login, which the restored one is not; the change logs the
/// phone out and keeps the laptop logged in, across a restart too.
async fn change_the_password(laptop: &Browser, phone: &Browser) {
    laptop.visit("/password").await;
    laptop.expect_page("/login", "Log in").await;
    assert_eq!(
        laptop.flashes().await,
        ["Please enter your password again to continue."]
    );
    laptop.screenshot("07-reauthenticate").await;
    laptop.log_in("ada", "first password", true).await;
    laptop.expect_page("/password", "Change password").await;
    laptop.screenshot("08-password").await;
    laptop.fill("current_password", "not my password").await;
    laptop.fill("new_password", "second password").await;
    laptop.submit().await;
    laptop.expect_page("/password", "Change password").await;
    assert_eq!(
        laptop.field_error("current_password").await,
        "That is not your current password."
    );
    laptop.screenshot("09-password-errors").await;
    laptop.fill("current_password", "first password").await;
    laptop.fill("new_password", "second password").await;
    laptop.submit().await;
    laptop.expect_page("/settings", "Settings").await;
    assert_eq!(
        laptop.flashes().await,
        ["Your password has been changed, and your other devices have been logged out."]
    );
    laptop.screenshot("10-password-changed").await;

    phone.visit("/settings").await;
    phone.expect_page("/login", "Log in").await;
    phone.screenshot("11-other-device-logged-out").await;
    laptop.restart().await;
    laptop.visit("/settings").await;
    laptop.expect_page("/settings", "Settings").await;
}

/// The devices page lists both logins; ending the phone's logs it out.
async fn list_and_end_devices(laptop: &Browser, phone: &Browser) {
    phone.log_in("ada", "second password", false).await;
    phone.expect_page("/settings", "Settings").await;
    laptop.visit("/devices").await;
    laptop.expect_page("/devices", "Devices").await;
    let devices = laptop
        .client
        .find_all(Locator::Css("li.device"))
        .await
        .expect("devices");
    assert_eq!(devices.len(), 2);
    assert!(
        laptop
            .text("li.device.current")
            .await
            .contains("this device")
    );
    assert!(
        laptop
            .text("li.device.current")
            .await
            .contains("remembered")
    );
    laptop.screenshot("12-devices").await;
    laptop
        .click_and_wait("li.device:not(.current) button")
        .await;
    laptop.expect_page("/devices", "Devices").await;
    assert_eq!(laptop.flashes().await, ["That device has been logged out."]);
    assert_eq!(
        laptop
            .client
            .find_all(Locator::Css("li.device"))
            .await
            .expect("devices")
            .len(),
        1
    );
    laptop.screenshot("13-device-ended").await;
    phone.visit("/settings").await;
    phone.expect_page("/login", "Log in").await;
}

/// Another site's form is refused, and changes nothing.
async fn refuse_a_cross_site_form(laptop: &Browser, other_site: SocketAddr) {
    laptop
        .client
        .goto(&format!("http://localhost:{}/", other_site.port()))
        .await
        .expect("other site");
    laptop.expect_page("/logout", "Forbidden").await;
    laptop.screenshot("14-cross-site-form-refused").await;
    laptop.visit("/settings").await;
    laptop.expect_page("/settings", "Settings").await;
}

/// Wrong passwords are refused next to the field, then even the right one is throttled.
async fn throttle_wrong_passwords(phone: &Browser) {
    phone.visit("/login").await;
    for attempt in 1..=PER_ACCOUNT {
        phone
            .log_in("ada", &format!("guess {attempt}"), false)
            .await;
        phone.expect_page("/login", "Log in").await;
        assert_eq!(
            phone.field_error("password").await,
            "Wrong username or password.",
            "attempt {attempt}"
        );
    }
    phone.screenshot("15-wrong-password").await;
    phone.log_in("ada", "second password", false).await;
    phone.expect_page("/login", "Log in").await;
    assert_eq!(
        phone.text("#form-error").await,
        "Too many failed logins. Wait a minute, then try again."
    );
    phone.screenshot("16-throttled").await;
}
