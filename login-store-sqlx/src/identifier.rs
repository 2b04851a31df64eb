//! Names the stores put into SQL text unquoted by the driver.

/// A letter or `_`, then letters, digits, `_` or `$`: an identifier that needs no escaping
/// inside double quotes.
pub(crate) fn valid_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_alphabetic() || first == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
        && name.len() <= 63
}
