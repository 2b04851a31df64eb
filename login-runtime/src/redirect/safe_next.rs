//! Validation of the `next` target a login view redirects to after a successful login.
//!
//! Only a local absolute path on this site (`/…`, optionally with query and fragment) is
//! accepted; everything a browser could resolve to another host is refused.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

/// How many rounds of percent-decoding are inspected; a value that still changes after
/// this many rounds is refused.
const MAX_DECODE_ROUNDS: usize = 8;

/// Returns `next` if it is safe to redirect to after login: a local path on this site.
///
/// `next` must start with a single `/` and must not contain a backslash, a control
/// character, whitespace, or a Unicode look-alike of `/` or `\`. The same holds for every
/// percent-decoded form of it (decoded repeatedly until stable), so encoded tricks such as
/// `/%2F%2Fevil.com` or `/%09/evil.com` are refused too, and the path must not begin with
/// `//` once `.` and `..` segments are resolved (`/..//evil.com`).
///
/// The whole value is checked, query and fragment included, so a harmless
/// `/a?x=%5C` is refused as well; so is a value whose decoded form is not UTF-8.
/// A decoded space (`%20`) is allowed anywhere after the leading `/`.
///
/// # Examples
///
/// ```
/// use login_runtime::redirect::safe_next;
///
/// assert_eq!(safe_next("/protected?tab=2#top"), Some("/protected?tab=2#top"));
/// assert_eq!(safe_next("//evil.com"), None);
/// assert_eq!(safe_next("/%2F%2Fevil.com"), None);
/// assert_eq!(safe_next("https://evil.com/"), None);
/// ```
#[must_use]
pub fn safe_next(next: &str) -> Option<&str> {
    is_safe_next(next).then_some(next)
}

fn is_safe_next(next: &str) -> bool {
    if !is_safe_form(next, Form::Raw) {
        return false;
    }
    let mut form = Cow::Borrowed(next);
    for _ in 0..MAX_DECODE_ROUNDS {
        let decoded = match percent_decode_str(&form).decode_utf8() {
            Ok(Cow::Borrowed(_)) => return true,
            Ok(Cow::Owned(decoded)) => decoded,
            Err(_) => return false,
        };
        if !is_safe_form(&decoded, Form::Decoded) {
            return false;
        }
        form = Cow::Owned(decoded);
    }
    false
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Raw,
    Decoded,
}

fn is_safe_form(form: &str, kind: Form) -> bool {
    let Some(after_slash) = form.strip_prefix('/') else {
        return false;
    };
    !after_slash.starts_with(['/', '\\'])
        && !form.chars().any(|c| is_forbidden_char(c, kind))
        && !path_resolves_to_authority(form)
}

fn is_forbidden_char(c: char, kind: Form) -> bool {
    match c {
        '\\' => true,
        ' ' => kind == Form::Raw,
        _ => c.is_control() || c.is_whitespace() || is_confusable(c),
    }
}

/// Characters that Unicode normalisation (NFKC, IDNA mapping) turns into `/` or `\`, or
/// that are invisible and dropped by it, so `/<char>/evil.com` could become `//evil.com`.
fn is_confusable(c: char) -> bool {
    matches!(
        c,
        '\u{2044}' // fraction slash
            | '\u{2215}' // division slash
            | '\u{29F5}' // reverse solidus operator
            | '\u{29F8}' // big solidus
            | '\u{29F9}' // big reverse solidus
            | '\u{FE68}' // small reverse solidus
            | '\u{FF0F}' // fullwidth solidus
            | '\u{FF3C}' // fullwidth reverse solidus
            | '\u{2100}' // account of: NFKC "a/c"
            | '\u{2101}' // addressed to the subject: NFKC "a/s"
            | '\u{2105}' // care of: NFKC "c/o"
            | '\u{2106}' // cada una: NFKC "c/u"
            | '\u{00AD}' // soft hyphen
            | '\u{034F}' // combining grapheme joiner
            | '\u{180E}' // mongolian vowel separator
            | '\u{200B}'..='\u{200F}' // zero-width space/joiners, direction marks
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{206F}' // word joiner, invisible operators, bidi isolates
            | '\u{FEFF}' // zero-width no-break space
    )
}

/// Whether the path part of `form` starts with `//` once its `.` and `..` segments are
/// resolved the way a browser does (`/..//evil.com` and `/%2e%2e//evil.com` become
/// `//evil.com`).
fn path_resolves_to_authority(form: &str) -> bool {
    let path = form.split(['?', '#']).next().unwrap_or_default();
    let Some(segments) = path.strip_prefix('/') else {
        return false;
    };
    let mut depth = 0_usize;
    let mut first_is_empty = false;
    let mut segments = segments.split('/').peekable();
    while let Some(segment) = segments.next() {
        let is_last = segments.peek().is_none();
        let kept = match dot_segment(segment) {
            Some(DotSegment::Current) => is_last.then_some(""),
            Some(DotSegment::Parent) => {
                depth = depth.saturating_sub(1);
                is_last.then_some("")
            }
            None => Some(segment),
        };
        if let Some(kept) = kept {
            if depth == 0 {
                first_is_empty = kept.is_empty();
            }
            depth += 1;
        }
    }
    depth >= 2 && first_is_empty
}

enum DotSegment {
    Current,
    Parent,
}

/// Browsers read `%2e` in a path segment as `.`.
fn dot_segment(segment: &str) -> Option<DotSegment> {
    let is = |candidates: &[&str]| {
        candidates
            .iter()
            .any(|candidate| segment.eq_ignore_ascii_case(candidate))
    };
    if is(&[".", "%2e"]) {
        Some(DotSegment::Current)
    } else if is(&["..", ".%2e", "%2e.", "%2e%2e"]) {
        Some(DotSegment::Parent)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACCEPTED: &[&str] = &[
        "/",
        "/protected",
        "/protected/",
        "/a/b?x=1&y=%2F",
        "/search?q=a%20b",
        "/search?q=a+b",
        "/path#frag",
        "/path?x=1#frag",
        "/佐藤",
        "/%E4%BD%90%E8%97%A4",
        "/a//b",
        "/a/b//",
        "/?next=//evil.com",
        "/?next=%2F%2Fevil.com",
        "/?next=http://evil.com",
        "/#//evil.com",
        "/.google.com",
        "/./a",
        "/../a",
        "/a/../b",
        "/..",
        "/a/./",
        "/%20/google.com",
        "/%2e%2e/a",
        "/100%",
        "/100%25",
        "/%zz",
        "/a:b",
        "/https://evil.com",
        "/@evil.com",
        "/a?x=%E3%80%82",
        "/café?drink=thé",
        "/emoji/🦀",
        "/a;b=c",
        "/~user",
        "/a%2Fb",
        "/%3F/%2e//google.com",
    ];

    const REJECTED: &[&str] = &[
        // not a local absolute path
        "",
        "protected",
        "./protected",
        "../protected",
        "?next=/",
        "#frag",
        " /x",
        "\t/x",
        "http://google.com",
        "https://google.com",
        "https:google.com",
        "https:/google.com",
        "HTTPS://google.com",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "mailto:a@google.com",
        "%6Aavascript:alert(1)",
        "%2F%2Fgoogle.com",
        "%2fgoogle.com",
        "google.com",
        "@google.com",
        // scheme-relative and backslash tricks
        "//google.com",
        "///google.com",
        "////google.com",
        "//google.com/%2F..",
        "//google%E3%80%82com",
        "//%5cgoogle.com",
        "/\\google.com",
        "/\\/google.com",
        "\\/google.com",
        "\\\\google.com",
        "\\google.com",
        "/a\\b",
        "/a?x=\\",
        // control characters and whitespace that browsers strip or servers split on
        "/\t/google.com",
        "/\n/google.com",
        "/\r/google.com",
        "/\0/google.com",
        "/\x7F/google.com",
        "/ /google.com",
        "/a b",
        "/a\u{85}b",
        "/\u{A0}/google.com",
        "/\u{3000}/google.com",
        "/x\r\nSet-Cookie:x=1",
        // percent-encoded variants
        "/%2F%2Fgoogle.com",
        "/%2f%2fgoogle.com",
        "/%2F/google.com",
        "/%5Cgoogle.com",
        "/%5cgoogle.com",
        "/%09/google.com",
        "/%0A/google.com",
        "/%0d%0aSet-Cookie:x",
        "/%00",
        "/%7F",
        "/%252F%252Fgoogle.com",
        "/%25252F%25252Fgoogle.com",
        "/%255Cgoogle.com",
        "/%2509/google.com",
        "/%C2%A0/google.com",
        "/%E3%80%80/google.com",
        "/%C0%AF/google.com",
        "/%C0%AFgoogle.com",
        "/%FF",
        "/a?x=%5C",
        "/a?x=%0A",
        // Unicode look-alikes of `/` and `\`, and invisible characters
        "/\u{FF0F}google.com",
        "/\u{FE68}google.com",
        "/\u{FF3C}google.com",
        "/\u{2215}google.com",
        "/\u{2044}google.com",
        "/\u{29F8}google.com",
        "/\u{2100}google.com",
        "/%EF%BC%8Fgoogle.com",
        "/%EF%BC%BCgoogle.com",
        "/\u{200B}/google.com",
        "/\u{FEFF}/google.com",
        "/\u{AD}/google.com",
        "/%E2%80%8B/google.com",
        // dot segments that resolve to a path starting with `//`
        "/..//google.com",
        "/.//google.com",
        "/a/..//google.com",
        "/a/b/../..//google.com",
        "/%2e%2e//google.com",
        "/%2E//google.com",
        "/..%2F/google.com",
        "/./%2Fgoogle.com",
        "/..//",
        "/%3F/%2e%2e//google.com",
        "/%3F/.%2E//google.com",
        "/%3F/%2e/..//google.com",
    ];

    #[test]
    fn accepts_local_paths() {
        for &next in ACCEPTED {
            assert_eq!(safe_next(next), Some(next), "should accept {next:?}");
            assert!(is_safe_next(next), "should accept {next:?}");
        }
    }

    #[test]
    fn rejects_hostile_targets() {
        assert!(REJECTED.len() >= 40);
        for &next in REJECTED {
            assert_eq!(safe_next(next), None, "should reject {next:?}");
            assert!(!is_safe_next(next), "should reject {next:?}");
        }
    }

    #[test]
    fn rejects_deeply_encoded_slashes() {
        let mut next = String::from("/%2F%2Fgoogle.com");
        for _ in 0..MAX_DECODE_ROUNDS + 2 {
            next = next.replace('%', "%25");
            assert!(!is_safe_next(&next), "should reject {next:?}");
        }
    }

    #[test]
    fn short_strings_over_hostile_alphabet() {
        const ALPHABET: [char; 14] = [
            '/', '\\', '%', '2', 'F', 'f', '5', 'C', 'c', ':', 'a', '\t', ' ', '.',
        ];
        let mut checked = 0_usize;
        let mut accepted = 0_usize;
        for len in 1..=4 {
            let mut indices = vec![0_usize; len];
            loop {
                let candidate: String = indices.iter().filter_map(|&i| ALPHABET.get(i)).collect();
                checked += 1;
                if safe_next(&candidate).is_some() {
                    accepted += 1;
                    let mut chars = candidate.chars();
                    assert_eq!(chars.next(), Some('/'), "{candidate:?}");
                    assert!(!matches!(chars.next(), Some('/' | '\\')), "{candidate:?}");
                    assert!(
                        !candidate
                            .chars()
                            .any(|c| c.is_control() || c.is_whitespace() || c == '\\'),
                        "{candidate:?}"
                    );
                }
                if !advance(&mut indices, ALPHABET.len()) {
                    break;
                }
            }
        }
        assert_eq!(
            checked,
            14 + 14_usize.pow(2) + 14_usize.pow(3) + 14_usize.pow(4)
        );
        assert!(accepted > 0);
    }

    /// Steps `indices` to the next combination like an odometer; false once it wraps.
    fn advance(indices: &mut [usize], base: usize) -> bool {
        for index in indices.iter_mut().rev() {
            *index += 1;
            if *index < base {
                return true;
            }
            *index = 0;
        }
        false
    }

    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, bound: usize) -> usize {
            usize::try_from(self.next() % bound as u64).unwrap_or_default()
        }
    }

    #[test]
    fn arbitrary_input_never_panics_and_accepted_values_are_local() {
        const PIECES: &[&str] = &[
            "/", "//", "\\", "%", "%2", "%2F", "%2f", "%5C", "%25", "%0A", "%C0", "%AF", "%E3",
            "%80", ".", "..", "?", "#", ":", "@", " ", "\t", "\u{FF0F}", "佐", "🦀", "a", "Z", "0",
            "http", "\u{200B}", "\u{0}",
        ];
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        for _ in 0..5000 {
            let len = rng.below(12);
            let candidate: String = (0..len)
                .filter_map(|_| PIECES.get(rng.below(PIECES.len())))
                .copied()
                .collect();
            if let Some(accepted) = safe_next(&candidate) {
                assert!(accepted.starts_with('/'), "{candidate:?}");
                assert!(!accepted.starts_with("//"), "{candidate:?}");
                assert!(!accepted.contains(['\\', '\t', ' ', '\0']), "{candidate:?}");
            }
        }
        for _ in 0..5000 {
            let len = rng.below(16);
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    rng.next()
                        .to_le_bytes()
                        .first()
                        .copied()
                        .unwrap_or_default()
                })
                .collect();
            let candidate = String::from_utf8_lossy(&bytes);
            let _ = is_safe_next(&candidate);
        }
    }
}
