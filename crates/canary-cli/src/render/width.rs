//! Fitting the terminal: how wide it is, how wide a piece of text shows, and lines wrapped to
//! fit.
//!
//! The width rule: `COLUMNS` when set to a number (tests and scripts pin it so), else the width
//! of the terminal on stdout, else [`DEFAULT`] (80: output piped to a file, a pager or a mail
//! reads everywhere). Below [`NARROW`] (100) columns the report and the team tables take their
//! narrow layouts; prose lines longer than the width wrap at a space with a hanging indent.
//! Widths are display widths: a wide character counts two, a combining one none, and style
//! codes nothing.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthChar;

/// The width when nothing says otherwise (stdout is not a terminal and `COLUMNS` is unset).
pub const DEFAULT: usize = 80;
/// Below this many columns, tables take their narrow layout.
pub const NARROW: usize = 100;
/// Never lay out for fewer columns than this (a window of 20 columns still gets a readable,
/// if wrapped, report).
const MIN: usize = 40;

/// The width to lay out for: `COLUMNS`, else the terminal's, else [`DEFAULT`].
pub fn terminal_width() -> usize {
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0);
    let w = from_env
        .or_else(|| {
            terminal_size::terminal_size_of(std::io::stdout())
                .map(|(terminal_size::Width(w), _)| usize::from(w))
        })
        .unwrap_or(DEFAULT);
    w.max(MIN)
}

/// How many columns `s` takes on a terminal: style codes (`ESC [ … letter`) take none.
pub fn display_width(s: &str) -> usize {
    let mut width = 0;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
            continue;
        }
        width += c.width().unwrap_or(0);
    }
    width
}

/// Every line of `text` that is wider than `width` wrapped at spaces, the continuation lines
/// indented two more than the line's own indent. A word wider than the room stays whole.
pub fn fit(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        // Markdown table rows stay whole: a row cut in two is no longer a row.
        if display_width(body) <= width || body.starts_with('|') {
            out.push_str(line);
            continue;
        }
        let wrapped = wrap(body, width);
        let _ = write!(out, "{}{newline}", wrapped.join("\n"));
    }
    out
}

/// One line wrapped to `width` (see [`fit`]). Runs of spaces inside a line are kept where
/// the line does not break (the report aligns with them).
pub fn wrap(line: &str, width: usize) -> Vec<String> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let hang = " ".repeat((indent + 2).min(width / 2));
    let mut lines = Vec::new();
    let mut current = " ".repeat(indent);
    let mut current_width = indent;
    let mut empty = true;
    let mut rest = &line[indent..];
    while !rest.is_empty() {
        // The spaces before the next word, then the word.
        let word_at = rest.len() - rest.trim_start_matches(' ').len();
        let (sep, after) = rest.split_at(word_at);
        // A command to copy (`canary …`, with or without backticks) is one word up to its
        // closing backtick or the end of the line: never cut in two.
        let word_end = if after.starts_with("`canary ") {
            after[1..].find('`').map_or(after.len(), |i| i + 2)
        } else if after.starts_with("canary ") {
            after.len()
        } else {
            after.find(' ').unwrap_or(after.len())
        };
        let (word, tail) = after.split_at(word_end);
        rest = tail;
        if word.is_empty() {
            break;
        }
        let w = display_width(word);
        if !empty && current_width + sep.len() + w > width {
            lines.push(std::mem::replace(&mut current, hang.clone()));
            current_width = hang.len();
            empty = true;
        }
        if !empty {
            current.push_str(sep);
            current_width += sep.len();
        }
        current.push_str(word);
        current_width += w;
        empty = false;
    }
    lines.push(current);
    lines
}

/// A comfy-table laid out to at most `width` columns: cells wrap between words inside their
/// column when the table would be wider, and no column gets narrower than its longest word
/// (so "Responder" never splits into "Respo/nder"); a table that cannot fit without cutting
/// words is left as it is, wider than `width`.
pub fn fit_table(t: &mut comfy_table::Table, width: usize) {
    use comfy_table::{ColumnConstraint, ContentArrangement, Width};
    // A table that fits as it is keeps its layout (comfy-table's dynamic arrangement would
    // spread it over the whole width).
    if t.lines().all(|l| display_width(&l) <= width) {
        return;
    }
    let mut longest: Vec<usize> = Vec::new();
    let rows = t.header().into_iter().chain(t.row_iter());
    for row in rows {
        for (i, cell) in row.cell_iter().enumerate() {
            let w = cell
                .content()
                .split_whitespace()
                .map(display_width)
                .max()
                .unwrap_or(0);
            if longest.len() <= i {
                longest.resize(i + 1, 0);
            }
            longest[i] = longest[i].max(w);
        }
    }
    // Narrower than its longest words it cannot be without cutting words: such a table is
    // left as it is (wider than the terminal) rather than cut mid-word.
    let natural = t.lines().map(|l| display_width(&l)).max().unwrap_or(0);
    let content: usize = t
        .column_max_content_widths()
        .iter()
        .map(|&w| usize::from(w))
        .sum();
    let least = longest.iter().sum::<usize>() + natural.saturating_sub(content);
    if least > width {
        return;
    }
    for (i, w) in longest.into_iter().enumerate() {
        if let Some(c) = t.column_mut(i) {
            let w = u16::try_from(w).unwrap_or(u16::MAX);
            c.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(w)));
        }
    }
    t.set_content_arrangement(ContentArrangement::Dynamic);
    t.set_width(u16::try_from(width).unwrap_or(u16::MAX));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_width_skips_style_codes_and_counts_wide_characters() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("\u{1b}[1;31mHIGH\u{1b}[0m"), 4);
        assert_eq!(display_width("▁▂█"), 3);
        assert_eq!(display_width("日本"), 4);
        assert_eq!(display_width("e\u{301}"), 1);
    }

    #[test]
    fn long_lines_wrap_with_a_hanging_indent() {
        let text = "short\n  one two three four five six\n";
        assert_eq!(
            fit(text, 14),
            "short\n  one two\n    three four\n    five six\n"
        );
        for line in fit(text, 14).lines() {
            assert!(display_width(line) <= 14, "{line:?}");
        }
        // A word wider than the room stays whole rather than being cut.
        assert_eq!(
            wrap("  abcdefghijklmnop x", 10),
            ["  abcdefghijklmnop", "    x"]
        );
        // Lines that fit are left exactly as they are, and runs of spaces inside a line
        // that wraps are kept where it does not break.
        assert_eq!(fit("a    b\n", 10), "a    b\n");
        assert_eq!(wrap("[x]  YES  one two", 12), ["[x]  YES", "  one two"]);
        // Commands stay whole, on a line of their own when they must.
        assert_eq!(
            wrap("  see: canary report --since 2019-06-12", 24),
            ["  see:", "    canary report --since 2019-06-12"]
        );
        assert_eq!(
            wrap("  answer `canary assess who5` soon", 20),
            ["  answer", "    `canary assess who5`", "    soon"]
        );
    }
}
