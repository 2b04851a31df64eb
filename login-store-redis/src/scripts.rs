//! The Lua scripts that make each multi-key operation one atomic step on the server.

use std::sync::LazyLock;

use fred::{
    interfaces::LuaInterface,
    prelude::{Error, FromValue},
    types::{MultipleKeys, scripts::Script},
};

macro_rules! script {
    ($name:ident, $file:literal) => {
        pub(crate) static $name: LazyLock<Script> = LazyLock::new(|| {
            Script::from_lua(concat!(
                include_str!("lua/prelude.lua"),
                include_str!($file)
            ))
        });
    };
}

script!(CREATE, "lua/create.lua");
script!(ROTATE_TOKEN, "lua/rotate_token.lua");
script!(TOUCH, "lua/touch.lua");
script!(SET_SESSION_MAC, "lua/set_session_mac.lua");
script!(ADD_SESSION, "lua/add_session.lua");
script!(END, "lua/end.lua");
script!(END_USER, "lua/end_user.lua");
script!(LIST_USER, "lua/list_user.lua");

/// Runs `script` by its hash, sending its source only when the server does not know it yet (a
/// new or restarted server).
pub(crate) async fn run<R, C>(
    client: &C,
    script: &Script,
    keys: Vec<String>,
    args: Vec<String>,
) -> Result<R, Error>
where
    R: FromValue,
    C: LuaInterface + Sync,
{
    let keys = MultipleKeys::from(keys);
    match client
        .evalsha(script.sha1().clone(), keys.clone(), args.clone())
        .await
    {
        Err(error) if error.details().starts_with("NOSCRIPT") => {
            let source = script.lua().cloned().ok_or(error)?;
            client.eval(source, keys, args).await
        }
        result => result,
    }
}
