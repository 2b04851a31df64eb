//! A browser in front of both instances: one cookie jar, a `TestClient` per instance.

use examples::conformance::User;
use login_runtime::testing::{TestClient, TestResponse};

/// One browser whose requests go to either instance, as behind a load balancer: a
/// [`TestClient`] per instance, sharing one cookie jar. It never follows redirects.
#[derive(Debug)]
pub struct Browser {
    instances: [TestClient<User>; 2],
}

impl Browser {
    /// A browser with no cookies and no `User-Agent` in front of the instances `first` and
    /// `second` serve.
    pub(super) fn new(first: &TestClient<User>, second: &TestClient<User>) -> Self {
        let first = first.new_browser().with_user_agent(None);
        let second = second
            .new_browser()
            .with_user_agent(None)
            .sharing_cookies_with(&first);
        Self {
            instances: [first, second],
        }
    }

    /// The browser's client of instance `n % 2`.
    #[must_use]
    pub fn at(&self, n: usize) -> &TestClient<User> {
        &self.instances[n % 2]
    }

    /// `GET path` from instance `n % 2`, with the cookies; keeps what the response sets.
    pub async fn get(&self, n: usize, path: &str) -> TestResponse {
        self.at(n).get(path).await
    }

    /// The body of `GET path` from instance `n % 2`, whatever the status.
    pub async fn text(&self, n: usize, path: &str) -> String {
        self.get(n, path).await.text
    }

    /// Holds cookie `name` with `value` until it expires in a day, browser restarts included.
    pub fn hold_cookie(&self, name: &str, value: &str) {
        self.at(0)
            .set_cookie(&format!("{name}={value}; Path=/; Max-Age=86400"));
    }

    /// Closes and reopens the browser: cookies without an expiry are gone.
    pub fn restart(&self) {
        self.at(0).restart_browser();
    }

    /// The value of cookie `name`.
    #[must_use]
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.at(0).cookie(name)
    }
}
