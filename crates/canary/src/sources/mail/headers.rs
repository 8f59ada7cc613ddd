//! The header block of one message, scanned once for the few fields Canary reads.
//!
//! [`Fields::scan`] walks a message's header block line by line, up to the first empty line (LF
//! or CRLF), unfolding nothing and decoding nothing: it only remembers, for each field Canary
//! cares about, the raw bytes of its value (continuation lines included), and where the block
//! ends ([`header_block`]). Values are decoded later, and only those that are needed — so a message
//! that turns out to be a duplicate costs one pass over its headers and nothing more.
//!
//! What it is not: a general RFC 5322 parser. Every other header (and the whole body) is
//! ignored; lines that are not fields are skipped; nothing here allocates.

/// The raw values of the header fields Canary reads. The first occurrence of a field wins,
/// except `Received:`, where the last one (the earliest hop, nearest the sender) is kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fields<'a> {
    pub message_id: Option<&'a [u8]>,
    pub in_reply_to: Option<&'a [u8]>,
    pub references: Option<&'a [u8]>,
    pub date: Option<&'a [u8]>,
    pub last_received: Option<&'a [u8]>,
    pub from: Option<&'a [u8]>,
    pub to: Option<&'a [u8]>,
    /// Read only to match emergency patterns and to key messages without a Message-ID;
    /// never stored.
    pub subject: Option<&'a [u8]>,
    pub importance: Option<&'a [u8]>,
    pub x_priority: Option<&'a [u8]>,
    pub priority: Option<&'a [u8]>,
    pub x_msmail_priority: Option<&'a [u8]>,
    pub auto_submitted: Option<&'a [u8]>,
    pub precedence: Option<&'a [u8]>,
    pub list_id: Option<&'a [u8]>,
    pub gmail_labels: Option<&'a [u8]>,
    /// How many header fields the block held (all of them, not only those above).
    pub count: usize,
    /// The length of the header block: up to (not including) the empty line that ends it.
    pub len: usize,
}

/// The header block at the start of `message`: everything before the first empty line (LF or
/// CRLF), or all of it when there is none. Never longer than `cap` bytes.
pub fn header_block(message: &[u8], cap: usize) -> &[u8] {
    let message = &message[..message.len().min(cap)];
    &message[..Fields::scan(message).len]
}

impl<'a> Fields<'a> {
    /// Scan the header block at the start of `message`: its lines up to the first empty line
    /// (LF or CRLF), or all of them. One pass, one `memchr` per line.
    pub fn scan(message: &'a [u8]) -> Fields<'a> {
        let mut fields = Fields::default();
        let mut pos = 0;
        while pos < message.len() {
            let line_start = pos;
            // The field name: printable ASCII up to a colon (spaces before it allowed).
            let mut i = pos;
            while i < message.len() && message[i].is_ascii_graphic() && message[i] != b':' {
                i += 1;
            }
            let name_end = i;
            while i < message.len() && matches!(message[i], b' ' | b'\t') {
                i += 1;
            }
            pos = next_line(message, i);
            if name_end == line_start {
                // An empty line ends the block; a folded line with no field before it, or
                // a line that is not `name: value`, is noise.
                if matches!(&message[line_start..pos], b"\n" | b"\r\n" | b"\r") {
                    fields.len = line_start;
                    return fields;
                }
                continue;
            }
            if message.get(i) != Some(&b':') || i >= pos {
                continue;
            }
            // Folded continuation lines belong to this field.
            while pos < message.len() && matches!(message[pos], b' ' | b'\t') {
                pos = next_line(message, pos);
            }
            fields.count += 1;
            fields.set(&message[line_start..name_end], &message[i + 1..pos]);
        }
        fields.len = message.len();
        fields
    }

    fn set(&mut self, name: &[u8], value: &'a [u8]) {
        let slot = match name.len() {
            2 if name.eq_ignore_ascii_case(b"to") => &mut self.to,
            4 if name.eq_ignore_ascii_case(b"date") => &mut self.date,
            4 if name.eq_ignore_ascii_case(b"from") => &mut self.from,
            7 if name.eq_ignore_ascii_case(b"subject") => &mut self.subject,
            7 if name.eq_ignore_ascii_case(b"list-id") => &mut self.list_id,
            8 if name.eq_ignore_ascii_case(b"priority") => &mut self.priority,
            8 if name.eq_ignore_ascii_case(b"received") => {
                self.last_received = Some(value);
                return;
            }
            10 if name.eq_ignore_ascii_case(b"message-id") => &mut self.message_id,
            10 if name.eq_ignore_ascii_case(b"importance") => &mut self.importance,
            10 if name.eq_ignore_ascii_case(b"references") => &mut self.references,
            10 if name.eq_ignore_ascii_case(b"precedence") => &mut self.precedence,
            10 if name.eq_ignore_ascii_case(b"x-priority") => &mut self.x_priority,
            11 if name.eq_ignore_ascii_case(b"in-reply-to") => &mut self.in_reply_to,
            14 if name.eq_ignore_ascii_case(b"auto-submitted") => &mut self.auto_submitted,
            14 if name.eq_ignore_ascii_case(b"x-gmail-labels") => &mut self.gmail_labels,
            17 if name.eq_ignore_ascii_case(b"x-msmail-priority") => &mut self.x_msmail_priority,
            _ => return,
        };
        if slot.is_none() {
            *slot = Some(value);
        }
    }
}

/// The index just past the line that starts at `pos` (past its `\n`, or the end).
fn next_line(block: &[u8], pos: usize) -> usize {
    memchr::memchr(b'\n', &block[pos..]).map_or(block.len(), |i| pos + i + 1)
}

/// A value with its folding undone: runs of whitespace (CR, LF, tabs, spaces) become one
/// space, and the ends are trimmed. Borrowed when there was nothing to change.
pub fn unfold(value: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let trimmed = value.trim_ascii();
    let needs_work = trimmed
        .windows(2)
        .any(|w| w[0].is_ascii_whitespace() && w[1].is_ascii_whitespace())
        || trimmed.iter().any(|&b| matches!(b, b'\r' | b'\n' | b'\t'));
    if !needs_work {
        return std::borrow::Cow::Borrowed(trimmed);
    }
    let mut out = Vec::with_capacity(trimmed.len());
    for &b in trimmed {
        if b.is_ascii_whitespace() {
            if out.last() != Some(&b' ') {
                out.push(b' ');
            }
        } else {
            out.push(b);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn block_ends_at_the_first_empty_line() {
        for (message, block) in [
            (&b"A: 1\nB: 2\n\nbody\n\nmore"[..], &b"A: 1\nB: 2\n"[..]),
            (b"A: 1\r\nB: 2\r\n\r\nbody", b"A: 1\r\nB: 2\r\n"),
            (b"A: 1\nB: 2", b"A: 1\nB: 2"),
            (b"\nbody", b""),
            (b"", b""),
        ] {
            assert_eq!(header_block(message, 1 << 16), block);
        }
        assert_eq!(header_block(b"A: 1\nB: 2\n\n", 6), b"A: 1\nB");
    }

    #[test]
    fn fields_first_wins_but_last_received() {
        let block = b"Received: from a; Mon, 1 Jan 2001 10:00:00 +0000\r\n\
Message-ID:\r\n <x@y>\r\nmessage-id: <second@y>\r\nSUBJECT: hi\r\n\
Received: from b;\r\n\tTue, 2 Jan 2001 10:00:00 +0000\r\nnot a field\r\nX-Priority: 1\r\n\
X-Other: 1\r\n";
        let f = Fields::scan(block);
        assert_eq!(f.message_id, Some(&b"\r\n <x@y>\r\n"[..]));
        assert_eq!(f.subject, Some(&b" hi\r\n"[..]));
        assert_eq!(
            f.last_received,
            Some(&b" from b;\r\n\tTue, 2 Jan 2001 10:00:00 +0000\r\n"[..])
        );
        assert_eq!(f.x_priority, Some(&b" 1\r\n"[..]));
        assert_eq!(f.count, 7);
        assert_eq!(f.date, None);
    }

    #[test]
    fn every_field_is_recognised_in_any_case() {
        let names = [
            "message-id",
            "in-reply-to",
            "references",
            "date",
            "received",
            "from",
            "to",
            "subject",
            "importance",
            "x-priority",
            "priority",
            "x-msmail-priority",
            "auto-submitted",
            "precedence",
            "list-id",
            "x-gmail-labels",
        ];
        let block: String = names
            .iter()
            .map(|n| format!("{}: v\n", n.to_uppercase()))
            .collect();
        let f = Fields::scan(block.as_bytes());
        let all = [
            f.message_id,
            f.in_reply_to,
            f.references,
            f.date,
            f.last_received,
            f.from,
            f.to,
            f.subject,
            f.importance,
            f.x_priority,
            f.priority,
            f.x_msmail_priority,
            f.auto_submitted,
            f.precedence,
            f.list_id,
            f.gmail_labels,
        ];
        assert!(all.iter().all(|v| *v == Some(&b" v\n"[..])), "{f:?}");
    }

    #[test]
    fn unfolding() {
        assert_eq!(&*unfold(b" a\r\n\t b  c \n"), b"a b c");
        assert!(matches!(
            unfold(b" a b "),
            std::borrow::Cow::Borrowed(b"a b")
        ));
    }

    proptest! {
        #[test]
        fn any_bytes_never_panic(input in prop::collection::vec(any::<u8>(), 0..2000)) {
            let block = header_block(&input, 1000);
            let f = Fields::scan(block);
            prop_assert!(f.count <= block.len());
        }
    }
}
