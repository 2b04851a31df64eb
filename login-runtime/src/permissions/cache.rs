//! The loaded permissions of one request, kept with the request's user.

use std::{any::Any, collections::HashSet, future::Future, hash::Hash, sync::Arc};

use tokio::sync::Mutex;

use crate::AuthError;

/// What the permission loader returned for this request's user: loaded at most once per
/// request, and only when a check needs it.
#[derive(Default)]
pub(crate) struct LoadedPermissions(Mutex<Option<Loaded>>);

struct Loaded {
    /// Whose permissions these are: a login or logout within the request changes the user.
    user_id: String,
    /// A `HashSet` of the user type's permissions, or the load's failure.
    permissions: Result<Arc<dyn Any + Send + Sync>, AuthError>,
}

impl LoadedPermissions {
    /// The permissions of the user `user_id`, from `load` on the first call for that user.
    pub(crate) async fn get_or_load<P, F>(
        &self,
        user_id: String,
        load: F,
    ) -> Result<Arc<HashSet<P>>, AuthError>
    where
        P: Eq + Hash + Send + Sync + 'static,
        F: Future<Output = Result<HashSet<P>, AuthError>>,
    {
        let mut slot = self.0.lock().await;
        let cached = slot
            .as_ref()
            .filter(|loaded| loaded.user_id == user_id)
            .map(|loaded| loaded.permissions.clone());
        let permissions = if let Some(permissions) = cached {
            permissions
        } else {
            let permissions = load
                .await
                .map(|set| Arc::new(set) as Arc<dyn Any + Send + Sync>);
            *slot = Some(Loaded {
                user_id,
                permissions: permissions.clone(),
            });
            permissions
        };
        // One user type per manager, so one permission type per request.
        permissions.map(|any| {
            any.downcast::<HashSet<P>>()
                .unwrap_or_else(|_| Arc::new(HashSet::new()))
        })
    }
}
