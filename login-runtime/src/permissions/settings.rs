//! The manager's permission settings.

use std::fmt;

use crate::{manager::settings::Handler, permissions::loader::LoaderSlot};

/// How the manager loads permissions and answers requests that lack one.
#[derive(Default)]
pub(crate) struct PermissionSettings {
    pub(crate) loader: LoaderSlot,
    pub(crate) forbidden_handler: Option<Handler>,
}

impl fmt::Debug for PermissionSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PermissionSettings")
            .field("loader", &self.loader.is_set())
            .field(
                "forbidden_handler",
                &self.forbidden_handler.as_ref().map(|_| "custom"),
            )
            .finish()
    }
}
