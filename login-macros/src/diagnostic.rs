//! Error reporting shared by every macro: an error accumulator that cannot be
//! forgotten, and the wording helpers (`expected one of ...`, `did you mean ...`).

use std::fmt::Display;

use proc_macro2::Span;

/// Errors found while reading one macro input, reported together.
///
/// Only [`collect`] can create one, and it always checks it before returning,
/// so a phase cannot forget to report what it pushed.
pub(crate) struct Errors {
    combined: Option<syn::Error>,
}

impl Errors {
    /// Records an error; earlier errors are kept.
    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.combined {
            Some(combined) => combined.combine(error),
            None => self.combined = Some(error),
        }
    }

    /// Records the error of a failed parse, if any, and returns the value.
    pub(crate) fn ok<T>(&mut self, result: syn::Result<T>) -> Option<T> {
        result.map_err(|error| self.push(error)).ok()
    }
}

/// Runs `phase` with a fresh [`Errors`], then returns its value only if no
/// error was pushed; otherwise all pushed errors, combined.
///
/// `phase` returns `None` only after pushing an error. Should that ever be
/// broken, the user gets an "internal error" message rather than a panic.
pub(crate) fn collect<T>(phase: impl FnOnce(&mut Errors) -> Option<T>) -> syn::Result<T> {
    let mut errors = Errors { combined: None };
    let value = phase(&mut errors);
    match (errors.combined, value) {
        (Some(error), _) => Err(error),
        (None, Some(value)) => Ok(value),
        (None, None) => Err(syn::Error::new(
            Span::call_site(),
            "internal error in login-macros: input rejected without a message; please report this",
        )),
    }
}

/// An error whose message is followed by a `help:` line, the way rustc words
/// its own suggestions.
pub(crate) fn error_with_help(span: Span, message: impl Display, help: impl Display) -> syn::Error {
    syn::Error::new(span, with_help(message, help))
}

/// A message followed by a `help:` line.
pub(crate) fn with_help(message: impl Display, help: impl Display) -> String {
    format!("{message}\nhelp: {help}")
}

/// The error for an unknown key in a `key, key = value` list.
///
/// `what` names the list in the user's terms, e.g. "`auth` attribute" or
/// "`login_required` argument".
pub(crate) fn unknown_key(span: Span, what: &str, key: &str, known: &[&str]) -> syn::Error {
    let message = format!("unknown {what} `{key}`; expected {}", one_of(known));
    match did_you_mean(key, known) {
        Some(candidate) => error_with_help(span, message, format!("did you mean `{candidate}`?")),
        None => syn::Error::new(span, message),
    }
}

/// "`a`" for one item, "one of `a`, `b`, `c`" for more.
pub(crate) fn one_of(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| format!("`{item}`")).collect();
    match quoted.as_slice() {
        [] => "nothing".to_owned(),
        [only] => only.clone(),
        all => format!("one of {}", all.join(", ")),
    }
}

/// The candidate closest to `input`, if it is close enough to be a likely typo:
/// equal ignoring ASCII case, or within a third of its length in edits
/// (at least one edit).
pub(crate) fn did_you_mean<'a>(input: &str, candidates: &[&'a str]) -> Option<&'a str> {
    if let Some(same) = candidates
        .iter()
        .find(|candidate| candidate.eq_ignore_ascii_case(input))
    {
        return Some(same);
    }
    candidates
        .iter()
        .map(|candidate| (edit_distance(input, candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.chars().count() / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance: the fewest single-character insertions, deletions or
/// substitutions that turn `a` into `b`.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    // `row[j]` is the distance between the prefix of `a` read so far and `b[..j]`.
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, a_char) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, b_char) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(a_char != *b_char);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::{collect, did_you_mean, edit_distance, one_of, unknown_key};
    use proc_macro2::Span;

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("id", "id"), 0);
        assert_eq!(edit_distance("", "id"), 2);
        assert_eq!(edit_distance("ids", "id"), 1);
        assert_eq!(edit_distance("activ", "active"), 1);
        assert_eq!(edit_distance("actvie", "active"), 2);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("crate", "krate"), 1);
    }

    #[test]
    fn did_you_mean_suggests_near_misses_only() {
        let keys = ["id", "active", "session_hash"];
        assert_eq!(did_you_mean("ids", &keys), Some("id"));
        assert_eq!(did_you_mean("activ", &keys), Some("active"));
        assert_eq!(did_you_mean("actvie", &keys), Some("active"));
        assert_eq!(did_you_mean("session_hsh", &keys), Some("session_hash"));
        assert_eq!(did_you_mean("ID", &keys), Some("id"));
        assert_eq!(did_you_mean("foo", &keys), None);
        assert_eq!(did_you_mean("name", &keys), None);
        assert_eq!(did_you_mean("krate", &["crate"]), Some("crate"));
        assert_eq!(did_you_mean("login_view", &["crate"]), None);
    }

    #[test]
    fn one_of_lists_in_user_syntax() {
        assert_eq!(one_of(&["crate"]), "`crate`");
        assert_eq!(one_of(&["id", "active"]), "one of `id`, `active`");
    }

    #[test]
    fn unknown_key_message_names_the_list_and_the_fix() {
        let error = unknown_key(
            Span::call_site(),
            "`auth` attribute",
            "ids",
            &["id", "active"],
        );
        assert_eq!(
            error.to_string(),
            "unknown `auth` attribute `ids`; expected one of `id`, `active`\nhelp: did you mean `id`?"
        );
        let error = unknown_key(
            Span::call_site(),
            "`login_required` argument",
            "foo",
            &["crate"],
        );
        assert_eq!(
            error.to_string(),
            "unknown `login_required` argument `foo`; expected `crate`"
        );
    }

    #[test]
    fn collect_reports_every_pushed_error() {
        let result: syn::Result<()> = collect(|errors| {
            errors.push(syn::Error::new(Span::call_site(), "first"));
            errors.push(syn::Error::new(Span::call_site(), "second"));
            Some(())
        });
        let messages: Vec<String> = result
            .unwrap_err()
            .into_iter()
            .map(|error| error.to_string())
            .collect();
        assert_eq!(messages, ["first", "second"]);
        assert_eq!(collect(|_| Some(1)).unwrap(), 1);
        assert!(collect::<()>(|_| None).is_err());
    }
}
