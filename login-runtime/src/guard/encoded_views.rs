//! Handler views written into a type, so that the attribute macros need no item next to the
//! handler and work wherever a function can be written (`impl` blocks, function bodies, macros).
//!
//! `#[login_required(login_view = "/admin/login")]` becomes
//! `LoginRequired<EncodedViews<ViewText<12, (Word<..>,)>, NoView, NoView>>`: each view's UTF-8
//! bytes, 16 to a `u128` const parameter, little-endian, and decoded back in constant
//! evaluation.

use std::marker::PhantomData;

use crate::guard::HandlerViews;

/// One view, or none.
pub trait EncodedView: Send + Sync + 'static {
    /// The view's text.
    const VIEW: Option<&'static str>;
}

/// No view given.
#[derive(Debug)]
pub struct NoView;

impl EncodedView for NoView {
    const VIEW: Option<&'static str> = None;
}

/// Sixteen bytes of a view's text.
#[derive(Debug)]
pub struct Word<const BYTES: u128>;

/// A tuple of [`Word`]s.
pub trait Words: Send + Sync + 'static {
    /// The words, in order.
    const WORDS: &'static [u128];
}

macro_rules! words_tuples {
    ($($word:ident)+) => {
        impl<$(const $word: u128),+> Words for ($(Word<$word>,)+) {
            const WORDS: &'static [u128] = &[$($word),+];
        }
    };
}

words_tuples!(A);
words_tuples!(A B);
words_tuples!(A B C);
words_tuples!(A B C D);
words_tuples!(A B C D E);
words_tuples!(A B C D E F);
words_tuples!(A B C D E F G);
words_tuples!(A B C D E F G H);
words_tuples!(A B C D E F G H I);
words_tuples!(A B C D E F G H I J);
words_tuples!(A B C D E F G H I J K);
words_tuples!(A B C D E F G H I J K L);
words_tuples!(A B C D E F G H I J K L M);
words_tuples!(A B C D E F G H I J K L M N);
words_tuples!(A B C D E F G H I J K L M N O);
words_tuples!(A B C D E F G H I J K L M N O P);

/// A view's text of `LEN` bytes, packed into `W`.
#[derive(Debug)]
pub struct ViewText<const LEN: usize, W>(PhantomData<W>);

impl<const LEN: usize, W: Words> ViewText<LEN, W> {
    const BYTES: [u8; LEN] = unpack(W::WORDS);
    const BYTES_REF: &'static [u8; LEN] = &Self::BYTES;
}

impl<const LEN: usize, W: Words> EncodedView for ViewText<LEN, W> {
    const VIEW: Option<&'static str> = match std::str::from_utf8(Self::BYTES_REF) {
        Ok(text) => Some(text),
        Err(_) => panic!("login-macros encodes views as UTF-8"),
    };
}

const fn unpack<const LEN: usize>(words: &[u128]) -> [u8; LEN] {
    let mut bytes = [0; LEN];
    let mut index = 0;
    while index < LEN {
        #[allow(clippy::cast_possible_truncation)]
        let byte = (words[index / 16] >> ((index % 16) * 8)) as u8;
        bytes[index] = byte;
        index += 1;
    }
    bytes
}

/// A handler's login view, refresh view and authenticated redirect.
#[derive(Debug)]
pub struct EncodedViews<Login, Refresh, Redirect>(PhantomData<(Login, Refresh, Redirect)>);

impl<Login: EncodedView, Refresh: EncodedView, Redirect: EncodedView> HandlerViews
    for EncodedViews<Login, Refresh, Redirect>
{
    const LOGIN_VIEW: Option<&'static str> = Login::VIEW;
    const REFRESH_VIEW: Option<&'static str> = Refresh::VIEW;
    const AUTHENTICATED_REDIRECT: Option<&'static str> = Redirect::VIEW;
}

#[cfg(test)]
mod tests {
    use super::{EncodedView, EncodedViews, NoView, ViewText, Word};
    use crate::guard::HandlerViews;

    #[test]
    fn decodes_views_across_words() {
        // "/admin/login?x=é" is 17 bytes, the last one in a second word; words are little-endian.
        type Text = ViewText<17, (Word<0xc33d_783f_6e69_676f_6c2f_6e69_6d64_612f>, Word<0xa9>)>;
        type Views = EncodedViews<NoView, Text, NoView>;
        assert_eq!(<Text as EncodedView>::VIEW, Some("/admin/login?x=\u{e9}"));
        assert_eq!(<Views as HandlerViews>::LOGIN_VIEW, None);
        assert_eq!(
            <Views as HandlerViews>::REFRESH_VIEW,
            Some("/admin/login?x=\u{e9}")
        );
        assert_eq!(<Views as HandlerViews>::AUTHENTICATED_REDIRECT, None);
    }
}
