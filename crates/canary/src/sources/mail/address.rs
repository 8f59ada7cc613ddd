//! Addresses and message ids out of raw header values, without a full RFC 5322 parser.
//!
//! Canary needs one address per message (the sender, or the first recipient of a sent mail)
//! and message ids for keys and reply threads. [`first_address`] returns the first mailbox's
//! `local@domain`, skipping display names, quoted strings, comments and group names; it also
//! reads the `user at example.org` obfuscation of pipermail archives. [`first_id`] and
//! [`last_id`] return ids normalised to `<id>` with any folding whitespace removed.
//!
//! Display names are never decoded or kept: only the address is used, and only to be compared
//! with the person's identities or hashed.

/// The first mailbox's address in an address-list value, lower-cased; `None` when there is
/// none (an empty field, `undisclosed-recipients:;`, a bare name).
pub fn first_address(value: &[u8]) -> Option<String> {
    let mut depth = 0u32;
    let mut quoted = false;
    let mut escaped = false;
    let mut words: Vec<&[u8]> = Vec::new();
    let mut word_start: Option<usize> = None;
    let mut i = 0;
    while i < value.len() {
        let b = value[i];
        if escaped {
            escaped = false;
        } else if quoted {
            match b {
                b'\\' => escaped = true,
                b'"' => quoted = false,
                _ => {}
            }
        } else if depth > 0 {
            match b {
                b'\\' => escaped = true,
                b'(' => depth += 1,
                b')' => depth -= 1,
                _ => {}
            }
        } else {
            let is_word = !(b.is_ascii_whitespace() || b"\"(<,:;".contains(&b));
            if is_word {
                word_start.get_or_insert(i);
            } else if let Some(s) = word_start.take() {
                words.push(&value[s..i]);
            }
            match b {
                b'"' => quoted = true,
                b'(' => depth = 1,
                b'<' => {
                    let end = memchr::memchr(b'>', &value[i..]).map_or(value.len(), |e| i + e);
                    // A route (`<@a,@b:user@host>`) ends at its last colon.
                    let inner = &value[i + 1..end];
                    let inner = match memchr::memrchr(b':', inner) {
                        Some(c) if inner.first() == Some(&b'@') => &inner[c + 1..],
                        _ => inner,
                    };
                    if let Some(a) = clean(inner) {
                        return Some(a);
                    }
                    i = end;
                }
                // A group name ends here; its members follow.
                b':' => words.clear(),
                // The end of the first mailbox without angle brackets.
                b',' | b';' => {
                    if let Some(a) = bare(&words) {
                        return Some(a);
                    }
                    words.clear();
                }
                _ => {}
            }
        }
        i += 1;
    }
    if let Some(s) = word_start {
        words.push(&value[s..]);
    }
    bare(&words)
}

/// The address among the words of a mailbox written without angle brackets.
fn bare(words: &[&[u8]]) -> Option<String> {
    if let Some(w) = words.iter().find(|w| w.contains(&b'@')) {
        return clean(w);
    }
    // Pipermail: `user at example.org`.
    let at = words.iter().position(|w| w.eq_ignore_ascii_case(b"at"))?;
    let (user, host) = (words.get(at.checked_sub(1)?)?, words.get(at + 1)?);
    if !host.contains(&b'.') {
        return None;
    }
    clean(&[*user, b"@", *host].concat())
}

/// An address as text: trimmed, lower-cased, and only if it looks like `local@domain`.
fn clean(raw: &[u8]) -> Option<String> {
    let raw: Vec<u8> = raw
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let at = memchr::memrchr(b'@', &raw)?;
    if at == 0 || at + 1 == raw.len() {
        return None;
    }
    Some(String::from_utf8_lossy(&raw).to_lowercase())
}

/// The first message id in a `Message-ID`, `In-Reply-To` or `References` value, as `<id>`.
/// An id written without angle brackets is accepted when it is the only word and holds an
/// `@` (some old mailers); a value without any is `None`.
pub fn first_id(value: &[u8]) -> Option<String> {
    ids(value).next().or_else(|| bare_id(value))
}

/// The last message id in a `References` value (the message being answered).
pub fn last_id(value: &[u8]) -> Option<String> {
    ids(value).last()
}

/// Every `<…>` in `value`, outside quoted strings and comments, normalised.
fn ids(value: &[u8]) -> impl Iterator<Item = String> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        loop {
            let open = pos + memchr::memchr(b'<', value.get(pos..)?)?;
            let close = open + memchr::memchr(b'>', &value[open..])?;
            pos = close + 1;
            if let Some(id) = normalise(&value[open + 1..close]) {
                return Some(id);
            }
        }
    })
}

fn bare_id(value: &[u8]) -> Option<String> {
    let value = value.trim_ascii();
    if value.is_empty() || value.iter().any(u8::is_ascii_whitespace) || !value.contains(&b'@') {
        return None;
    }
    normalise(value)
}

/// `<id>` with whitespace removed; `None` when empty or not printable text.
fn normalise(inner: &[u8]) -> Option<String> {
    // The common case: printable ASCII, nothing to remove.
    if !inner.is_empty()
        && inner
            .iter()
            .all(|&b| b.is_ascii_graphic() && b != b'<' && b != b'>')
    {
        let mut out = String::with_capacity(inner.len() + 2);
        out.push('<');
        out.push_str(std::str::from_utf8(inner).ok()?);
        out.push('>');
        return Some(out);
    }
    let mut out = String::with_capacity(inner.len() + 2);
    out.push('<');
    out.push_str(&String::from_utf8_lossy(inner));
    out.retain(|c| !c.is_whitespace() && !c.is_control());
    if out.len() == 1 || out[1..].contains(['<', '>']) {
        return None;
    }
    out.push('>');
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn first_addresses() {
        for (value, want) in [
            ("jarod.jenson@enron.com", Some("jarod.jenson@enron.com")),
            (
                " Jeff <Jeff.Skilling@Enron.com>, b@c.d",
                Some("jeff.skilling@enron.com"),
            ),
            (
                "\"Griffis, Aron\" <agriffis@n01se.net>",
                Some("agriffis@n01se.net"),
            ),
            ("\"a@b.c\" <real@x.org>", Some("real@x.org")),
            ("a@b.c (Name <x@y.z>)", Some("a@b.c")),
            ("(c) user@host.org", Some("user@host.org")),
            (
                "beth.perlman@enron.com, jeff.johnson@enron.com,\r\n\tx@y.z",
                Some("beth.perlman@enron.com"),
            ),
            ("undisclosed-recipients:;", None),
            ("team: a@b.c, d@e.f;", Some("a@b.c")),
            ("Bare Name, z@y.x", Some("z@y.x")),
            (
                "maechler at stat.math.ethz.ch (Martin Maechler)",
                Some("maechler@stat.math.ethz.ch"),
            ),
            ("<@relay.org:user@host.org>", Some("user@host.org")),
            ("=?UTF-8?Q?J=C3=BCrgen?= <j@x.de>", Some("j@x.de")),
            ("<>", None),
            ("", None),
            ("<broken@x.org", Some("broken@x.org")),
        ] {
            assert_eq!(first_address(value.as_bytes()).as_deref(), want, "{value}");
        }
    }

    #[test]
    fn message_ids() {
        for (value, first, last) in [
            (
                " <28070417.1075840954333.JavaMail.evans@thyme>\n",
                Some("<28070417.1075840954333.JavaMail.evans@thyme>"),
                Some("<28070417.1075840954333.JavaMail.evans@thyme>"),
            ),
            ("<a@b>\r\n <c@d>", Some("<a@b>"), Some("<c@d>")),
            ("<a\r\n @b>", Some("<a@b>"), Some("<a@b>")),
            ("bare@id.org", Some("<bare@id.org>"), None),
            ("two words@x", None, None),
            ("<>", None, None),
            ("", None, None),
            ("your message of Tue <x@y>", Some("<x@y>"), Some("<x@y>")),
        ] {
            assert_eq!(first_id(value.as_bytes()).as_deref(), first, "{value}");
            assert_eq!(last_id(value.as_bytes()).as_deref(), last, "{value}");
        }
    }

    proptest! {
        #[test]
        fn any_bytes_never_panic(input in prop::collection::vec(any::<u8>(), 0..300)) {
            let _ = first_address(&input);
            if let Some(id) = first_id(&input) {
                prop_assert!(id.starts_with('<') && id.ends_with('>') && id.len() > 2);
            }
            let _ = last_id(&input);
        }
    }
}
