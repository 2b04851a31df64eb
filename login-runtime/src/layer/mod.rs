//! The tower layers: the login layer every route needs, and per-router login policies.

pub(crate) mod login_layer;
pub(crate) mod manager_layers;
pub(crate) mod policy;

pub use login_layer::{LoginLayer, LoginService, ResponseFuture};
pub use manager_layers::LoginSessionLayer;
pub use policy::{LoginPolicy, LoginPolicyBuilder};
