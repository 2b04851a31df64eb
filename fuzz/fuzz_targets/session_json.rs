//! The login record and flash readers on arbitrary session JSON and on near-valid login records,
//! and the flash cookie on arbitrary signed payloads.
//!
//! Never panics; a login record that reads also writes and reads back equal; flashes read from a
//! session or a flash cookie are within `MAX_FLASHES` and `MAX_FLASH_BYTES`, the newest kept; a
//! flash cookie's `next` is at most 768 bytes; an arbitrary string never passes for a flash
//! cookie.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use login_runtime::{
    __fuzz,
    flash::{FlashMessage, MAX_FLASH_BYTES, MAX_FLASHES},
    login_state::LoginId,
};
use serde_json::{Map, Number, Value};

/// The field names the readers look for, so structured input reaches past the first check.
const FIELDS: &[&str] = &[
    "user_id",
    "fresh",
    "restored",
    "series",
    "remember_seconds",
    "remember_until",
    "client",
    "permanent",
    "session_mac",
    "category",
    "message",
    "f",
    "n",
    "e",
];

/// JSON built from arbitrary choices.
#[derive(Debug, Arbitrary)]
enum Json {
    Null,
    Bool(bool),
    Integer(i64),
    Unsigned(u64),
    Float(f64),
    Text(String),
    Array(Vec<Json>),
    Object(Vec<(u8, Option<String>, Json)>),
}

impl Json {
    fn value(&self, depth: usize) -> Value {
        if depth > 6 {
            return Value::Null;
        }
        match self {
            Self::Null => Value::Null,
            Self::Bool(value) => Value::Bool(*value),
            Self::Integer(value) => Value::from(*value),
            Self::Unsigned(value) => Value::from(*value),
            Self::Float(value) => Number::from_f64(*value).map_or(Value::Null, Value::Number),
            Self::Text(text) => Value::String(text.clone()),
            Self::Array(items) => {
                Value::Array(items.iter().map(|item| item.value(depth + 1)).collect())
            }
            Self::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(field, name, value)| {
                        let name = name.clone().unwrap_or_else(|| {
                            FIELDS[usize::from(*field) % FIELDS.len()].to_owned()
                        });
                        (name, value.value(depth + 1))
                    })
                    .collect::<Map<_, _>>(),
            ),
        }
    }
}

#[derive(Debug, Arbitrary)]
enum Input {
    /// Bytes that may or may not be JSON.
    Raw(Vec<u8>),
    /// A JSON value made of the readers' own field names.
    Structured(Json),
    /// A string offered as a flash cookie.
    Cookie(String),
    /// A login record in the stored form (`v2.`, a flags digit, a 22-character login id, the
    /// user id's length, `:`, the user id, the client), its length possibly off.
    Record {
        flags: u8,
        login: [u8; 22],
        user_id: String,
        length_offset: i8,
        client: String,
    },
}

/// The characters of a login id.
const LOGIN_ID_ALPHABET: &[u8] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn record_text(
    flags: u8,
    login: [u8; 22],
    user_id: &str,
    length_offset: i8,
    client: &str,
) -> String {
    let login: String = login
        .iter()
        .map(|byte| char::from(LOGIN_ID_ALPHABET[usize::from(*byte) % LOGIN_ID_ALPHABET.len()]))
        .collect();
    let length = user_id
        .len()
        .saturating_add_signed(isize::from(length_offset));
    format!("v2.{:x}{login}{length}:{user_id}{client}", flags % 16)
}

fn check_bounded(flashes: &[FlashMessage]) {
    assert!(flashes.len() <= MAX_FLASHES, "{} flashes", flashes.len());
    let size = serde_json::to_string(flashes)
        .expect("flashes serialize")
        .len();
    assert!(size <= MAX_FLASH_BYTES, "{size} bytes of flashes");
}

fn check(value: &Value, bytes: &[u8]) {
    let _ = __fuzz::login_record(value.clone());
    if let Some(flashes) = __fuzz::session_flashes(value.clone()) {
        check_bounded(&flashes);
        let all: Vec<FlashMessage> = serde_json::from_value(value.clone()).expect("read twice");
        assert!(all.ends_with(&flashes), "not the newest flashes");
    }
    if let Some((flashes, next)) = __fuzz::signed_flash_cookie(bytes, 0) {
        check_bounded(&flashes);
        assert!(
            next.is_none_or(|next| next.len() <= 768),
            "a long next in the cookie"
        );
    }
}

fuzz_target!(|input: Input| {
    match input {
        Input::Raw(bytes) => {
            let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
            check(&value, &bytes);
        }
        Input::Structured(json) => {
            let value = json.value(0);
            let bytes = serde_json::to_vec(&value).expect("a value serializes");
            check(&value, &bytes);
        }
        Input::Cookie(value) => assert!(!__fuzz::flash_cookie(&value), "{value:?} verified"),
        Input::Record {
            flags,
            login,
            user_id,
            length_offset,
            client,
        } => {
            let text = record_text(flags, login, &user_id, length_offset, &client);
            let well_formed = length_offset == 0
                && LoginId::parse(&text[4..26]).is_some()
                && (flags & 8 != 0 || client.is_empty());
            let read = __fuzz::login_record(Value::String(text.clone()));
            if well_formed {
                assert_eq!(read, Some(user_id), "{text:?} does not read");
            }
        }
    }
});
