//! The source registry: one row per importable source — its [`SourceKind`], the name typed on
//! the command line, a one-line help, the import function, the options it accepts (typed, with
//! their help) and where `canary import auto` looks for it.
//!
//! Everything that lists or looks up sources reads this table: [`SourceKind`]'s variants, its
//! [`ALL`](SourceKind::ALL) and its names are generated from it (see `event.rs`), the CLI's
//! `canary import <KIND>` choices and `--help` come from [`SOURCES`], options are checked with
//! [`Source::check_options`], and [`discover`](super::discover) walks the rows' [`Discover`]
//! entries. Not for: reading any format (each row names the module that does).
//!
//! # Adding an importer
//!
//! 1. Write `sources/<format>.rs` with `pub fn import(path, ctx, sink)` (see [`ImportFn`]), a
//!    `pub const` [`Key`](super::options::Key) for each option it reads, read with
//!    `ctx.options.get(KEY)`; declare it with `pub mod <format>;` in `sources/mod.rs`.
//! 2. Add its row to the table in `src/source_table.rs`. The row is also the `SourceKind` variant: the
//!    importer's events use `SourceKind::<Variant>` as soon as the row exists.
//!
//! Rows are kept in the order reports list sources; new ones go at the end.

use super::options::{COMMON, OptionError, OptionSpec, Options, TIMEZONE};
use super::{
    ImportFn, activitywatch, atuin, bash, fish, generic_csv, git, ics, maildir, mbox, opsgenie,
    pagerduty, slack, zsh,
};
use crate::event::SourceKind;

/// One importable source.
#[derive(Debug)]
pub struct Source {
    pub kind: SourceKind,
    /// The name typed on the command line and stored with its events (`kind.as_str()`).
    pub name: &'static str,
    /// What it reads, in one line.
    pub help: &'static str,
    /// Whether it records work as it happens (see [`SourceKind::is_continuous`]).
    pub continuous: bool,
    pub import: ImportFn,
    /// The options it accepts; any other is an error.
    pub options: &'static [OptionSpec],
    /// Where `canary import auto` looks for it.
    pub discover: &'static [Discover],
}

/// A place `canary import auto` looks (see [`super::discover`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Discover {
    /// A file at this path under the home folder, and what it is in a few words.
    HomeFile(&'static str, &'static str),
    /// A Maildir (with `cur/`, `new/` optional), or a folder holding Maildirs, at this path
    /// under the home folder.
    MaildirTree(&'static str, &'static str),
    /// Files directly in this folder under the home folder whose name ends in `.EXT` (the
    /// third field) and, when the list is not empty, holds one of its words (any case).
    FilesIn(
        &'static str,
        &'static [&'static str],
        &'static str,
        &'static str,
    ),
    /// Slack workspace exports (folders holding `channels.json`) directly in this folder.
    SlackExports(&'static str),
    /// Every Thunderbird folder (an mbox file beside its `.msf` index) of every profile.
    ThunderbirdFolders,
    /// Repositories under the folders given to `canary import auto`.
    GitRepositories,
}

macro_rules! registry {
    ($($variant:ident { $($field:ident: $value:expr,)* })*) => {
        /// Every importable source, one row each, in [`SourceKind::ALL`] order.
        pub static SOURCES: &[Source] = &[
            $(Source { kind: SourceKind::$variant, $($field: $value,)* },)*
        ];
    };
}
crate::source_table::source_table!(registry);

impl Source {
    /// Check options typed for this source (`(key, value)`, the last of a repeated key wins):
    /// an unknown key or a value of the wrong type is an error naming both.
    pub fn check_options<'a>(
        &self,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Options, OptionError> {
        let accepted: Vec<OptionSpec> = self.options.iter().chain(COMMON).copied().collect();
        Options::check(self.name, &accepted, pairs)
    }

    /// Whether it accepts the option `key`.
    pub fn accepts(&self, key: &str) -> bool {
        self.options.iter().chain(COMMON).any(|o| o.key == key)
    }
}

/// The row of a source; `None` for [`SourceKind::Demo`], which no importer reads.
pub fn get(kind: SourceKind) -> Option<&'static Source> {
    SOURCES.iter().find(|s| s.kind == kind)
}

/// The row of the source named `name` on the command line.
pub fn by_name(name: &str) -> Option<&'static Source> {
    SOURCES.iter().find(|s| s.name == name)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_kind_but_demo_has_one_row_in_order() {
        let kinds: Vec<SourceKind> = SOURCES.iter().map(|s| s.kind).collect();
        let expected: Vec<SourceKind> = SourceKind::ALL
            .into_iter()
            .filter(|k| *k != SourceKind::Demo)
            .collect();
        assert_eq!(kinds, expected);
        assert!(get(SourceKind::Demo).is_none());
        for s in SOURCES {
            assert_eq!(s.name, s.kind.as_str());
            assert_eq!(by_name(s.name).map(|r| r.kind), Some(s.kind));
            assert_eq!(get(s.kind).map(|r| r.name), Some(s.name));
            assert!(!s.help.is_empty() && !s.help.ends_with('.'), "{}", s.name);
        }
        assert!(by_name("demo").is_none() && by_name("auto").is_none());
    }

    #[test]
    fn option_keys_are_unique_and_helped() {
        for s in SOURCES {
            let keys: BTreeSet<&str> = s.options.iter().map(|o| o.key).collect();
            assert_eq!(keys.len(), s.options.len(), "{}", s.name);
            for o in s.options {
                assert!(!o.help.is_empty() && !(o.expected)().is_empty(), "{o:?}");
                // One line beside `key=VALUE` in `canary import --help`.
                assert!(o.help.chars().count() <= 72, "{o:?}: {}", o.help);
                assert!(s.accepts(o.key));
            }
        }
    }

    #[test]
    fn unknown_options_are_refused_for_every_source() {
        for s in SOURCES {
            let err = s.check_options([("sinse", "2024-01-01")]).unwrap_err();
            assert!(matches!(err, OptionError::Unknown { .. }), "{}", s.name);
            assert!(
                err.to_string().contains(&format!("for {}", s.name)),
                "{err}"
            );
        }
        let ics = get(SourceKind::Ics).unwrap();
        insta::assert_snapshot!(
            ics.check_options([("sinse", "2024-01-01")]).unwrap_err(),
            @"unknown option `sinse` for ics (did you mean `since`?); ics accepts: timezone, since, until, vacation_pattern, holidays, personal"
        );
        let csv = get(SourceKind::Csv).unwrap();
        insta::assert_snapshot!(
            csv.check_options([("timestamp", "when"), ("delimter", ";")]).unwrap_err(),
            @"unknown option `delimter` for csv (did you mean `delimiter`?); csv accepts: timestamp, end, duration, kind, kind_column, urgency_column, key_column, timezone, delimiter, personal"
        );
    }

    #[test]
    fn badly_typed_values_are_refused() {
        let cases = [
            (
                SourceKind::Ics,
                "until",
                "next week",
                "a date (2025-01-31) or an RFC 3339 time",
            ),
            (
                SourceKind::Ics,
                "timezone",
                "Mars/Olympus",
                "an IANA time zone such as Europe/Berlin",
            ),
            (SourceKind::Slack, "all_users", "everyone", "true or false"),
            (SourceKind::Opsgenie, "time_unit", "hours", "ms or s"),
            (
                SourceKind::Csv,
                "delimiter",
                ";;",
                "a single character, or tab",
            ),
            (
                SourceKind::Pagerduty,
                "timezone",
                "CEST",
                "an IANA time zone such as Europe/Berlin",
            ),
        ];
        for (kind, key, value, expected) in cases {
            let err = get(kind)
                .unwrap()
                .check_options([(key, value)])
                .unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("option {key}={value}: expected {expected}")
            );
        }
        let csv = get(SourceKind::Csv).unwrap();
        let err = csv
            .check_options([("kind", "sleep")])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("option kind=sleep: expected an event kind (commit, command"),
            "{err}"
        );
    }
}
