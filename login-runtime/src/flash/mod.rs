//! Flashed messages: Flask's `flash` and `get_flashed_messages`, kept in the session or, for
//! visitors without one, in a signed cookie.

pub(crate) mod flash_cookie;
pub(crate) mod flashes;

pub use flashes::{Flash, FlashMessage, Flashes, MAX_FLASH_BYTES, MAX_FLASHES};
