//! Remember cookie decoding on arbitrary and tampered values.
//!
//! Decoding never panics; an encoded cookie decodes back to its series and expiry (asserted by
//! `__fuzz::remember_token_encode`); and nothing else verifies: neither an arbitrary string nor
//! the encoded cookie after arbitrary edits, unless the edits give back the cookie itself.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use login_runtime::__fuzz;

/// Characters an edit writes: the cookie's alphabet and a few that are not.
const ALPHABET: &[u8] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \"v1";

#[derive(Debug, Arbitrary)]
enum Edit {
    Replace(u8, u8),
    Insert(u8, u8),
    Remove(u8),
    Truncate(u8),
    Append(String),
}

#[derive(Debug, Arbitrary)]
struct Input {
    raw: String,
    series: i128,
    expires: i64,
    edits: Vec<Edit>,
}

fuzz_target!(|input: Input| {
    let value = __fuzz::remember_token_encode(input.series, input.expires);
    assert!(__fuzz::remember_token(&value), "{value:?}");
    assert_eq!(
        __fuzz::remember_token(&input.raw),
        input.raw == value,
        "{:?}",
        input.raw
    );

    let mut tampered = value.clone().into_bytes();
    for edit in &input.edits {
        let at = |index: &u8, len: usize| usize::from(*index) % len.max(1);
        let char_of = |byte: &u8| ALPHABET[usize::from(*byte) % ALPHABET.len()];
        match edit {
            Edit::Replace(index, byte) if !tampered.is_empty() => {
                let index = at(index, tampered.len());
                tampered[index] = char_of(byte);
            }
            Edit::Insert(index, byte) => {
                let index = at(index, tampered.len() + 1);
                tampered.insert(index, char_of(byte));
            }
            Edit::Remove(index) if !tampered.is_empty() => {
                tampered.remove(at(index, tampered.len()));
            }
            Edit::Truncate(len) => tampered.truncate(usize::from(*len)),
            Edit::Append(text) => tampered.extend_from_slice(text.as_bytes()),
            Edit::Replace(..) | Edit::Remove(_) => {}
        }
    }
    // Byte edits can split an appended multi-byte character.
    let tampered = String::from_utf8_lossy(&tampered);
    assert_eq!(
        __fuzz::remember_token(&tampered),
        *tampered == value,
        "{value:?} edited to {tampered:?}"
    );
});
