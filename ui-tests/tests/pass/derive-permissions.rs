#![deny(unused_qualifications)]

use std::collections::{BTreeSet, HashSet};

use login_runtime::{AuthUser, permissions::UserPermissions};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Permission {
    Admin,
    Editor,
}

#[derive(Clone, AuthUser)]
struct Editor {
    #[auth(id)]
    id: i64,
    #[auth(permissions)]
    permissions: Vec<Permission>,
}

#[derive(Clone, AuthUser)]
struct Named {
    #[auth(id)]
    id: String,
    #[auth(permissions)]
    roles: HashSet<String>,
}

#[derive(Clone, AuthUser)]
struct Tuple(#[auth(id)] u32, #[auth(permissions)] &'static [Permission]);

#[derive(Clone, AuthUser)]
struct Generic<P: Send + Sync + 'static> {
    #[auth(id)]
    id: u8,
    #[auth(permissions)]
    permissions: BTreeSet<P>,
}

fn main() {
    let editor = Editor {
        id: 1,
        permissions: vec![Permission::Editor],
    };
    assert_eq!(editor.get_id(), "1");
    assert!(editor.has_permission(&Permission::Editor));
    assert!(!editor.has_permission(&Permission::Admin));

    let named = Named {
        id: "ada".to_owned(),
        roles: HashSet::from(["admin".to_owned()]),
    };
    assert!(named.has_permission("admin"));
    assert!(!named.has_permission("editor"));

    let tuple = Tuple(2, &[Permission::Admin]);
    assert!(tuple.has_permission(&Permission::Admin));

    let generic = Generic {
        id: 3,
        permissions: BTreeSet::from([Permission::Admin]),
    };
    assert!(generic.has_permission(&Permission::Admin));
    assert!(!generic.has_permission(&Permission::Editor));
}
