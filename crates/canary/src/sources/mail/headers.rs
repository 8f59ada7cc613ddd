//! The header block of one message, scanned once for the few fields Canary reads.
//!
//! [`header_block`] finds where a message's headers end (the first empty line, LF or CRLF);
//! [`Fields::scan`] walks that block line by line, unfolding nothing and decoding nothing: it
//! only remembers, for each field Canary cares about, the raw bytes of its value (continuation
//! lines included). Values are decoded later, and only those that are needed — so a message
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
}

/// The header block at the start of `message`: everything before the first empty line (LF or
/// CRLF), or all of it when there is none. Never longer than `cap` bytes.
pub fn header_block(message: &[u8], cap: usize) -> &[u8] {
    let message = &message[..message.len().min(cap)];
    let mut start = 0;
    while start < message.len() {
        let end = memchr::memchr(b'\n', &message[start..]).map_or(message.len(), |i| start + i);
        let line = &message[start..end];
        if line.is_empty() || line == b"\r" {
            return &message[..start];
        }
        start = end + 1;
    }
    message
}

impl<'a> Fields<'a> {
    /// Scan a header block (see [`header_block`]).
    pub fn scan(block: &'a [u8]) -> Fields<'a> {
        let mut fields = Fields::default();
        let mut pos = 0;
        while pos < block.len() {
            let line_end = next_line(block, pos);
            let line = &block[pos..line_end];
            let field_start = pos;
            pos = line_end;
            // Folded continuation lines belong to the field before; a line that is not
            // `name: value` is noise.
            if line.first().is_none_or(|b| b.is_ascii_whitespace()) {
                continue;
            }
            let Some(colon) = memchr::memchr(b':', line) else {
                continue;
            };
            let name = trim_end(&line[..colon]);
            if name.is_empty() || !name.iter().all(|&b| b.is_ascii_graphic()) {
                continue;
            }
            while pos < block.len() && matches!(block[pos], b' ' | b'\t') {
                pos = next_line(block, pos);
            }
            fields.count += 1;
            let value = &block[field_start + colon + 1..pos];
            fields.set(name, value);
        }
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

fn trim_end(s: &[u8]) -> &[u8] {
    let end = s
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    &s[..end]
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
