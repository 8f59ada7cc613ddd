//! Importer options (`canary import KIND -o KEY=VALUE`), typed and checked before anything is
//! read.
//!
//! An importer declares each key it reads as a [`Key<T>`] constant in its own module, `T` being
//! the value's type ([`Column`], [`Zone`], [`bool`], [`DateOrInstant`], …, or a type of its
//! own implementing [`OptionValue`]). Its row in the [registry](super::registry) lists those
//! keys with their help ([`Key::help`] turns a key into an [`OptionSpec`]), and
//! [`Options::check`] turns the pairs a user typed into [`Options`]: an unknown key, or a value
//! that is not of the key's type, is an [`OptionError`] before any file is opened. The importer
//! then reads a value with [`Options::get`], which hands back the typed value.
//!
//! Not for: checks that need the input (a column missing from a CSV header, `until` before
//! `since`): those stay in the importer, as refusals naming the file.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::event::EventKind;

/// The person's time zone, for importers that meet local times without one. The CLI fills it
/// from the settings when not given (see [`Options::or_default`]).
pub const TIMEZONE: Key<Zone> = Key::new("timezone");

/// Every source takes it: `-o personal=true` declares everything the input holds personal,
/// not work (a personal laptop's shell history, a private mailbox). See
/// [`crate::settings::personal`] for rules finer than a whole input.
pub const PERSONAL: Key<bool> = Key::new("personal");

/// The options every source accepts, besides its own.
pub const COMMON: &[OptionSpec] = &[PERSONAL
    .help("true: everything this input holds is personal, kept apart and never counted as work")];

/// A type an option's value can have: how it is read from text and how it is described.
pub trait OptionValue: Sized {
    /// The placeholder shown in help after `KEY=`: `DATE`, `COLUMN`, `ZONE`, `true|false`.
    const PLACEHOLDER: &'static str;

    /// What a value must look like, for the error about a bad one ("true or false").
    fn expected() -> String;

    /// The value, or `None` when `text` (trimmed, not empty) is not one.
    fn parse(text: &str) -> Option<Self>;
}

/// An option key whose values are `T`: declared by the importer that reads it.
pub struct Key<T> {
    name: &'static str,
    value: PhantomData<fn() -> T>,
}

// Derived impls would demand `T: Clone`; a key is only a name.
impl<T> Clone for Key<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Key<T> {}

impl<T> fmt::Debug for Key<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Key({})", self.name)
    }
}

impl<T: OptionValue> Key<T> {
    /// The key typed as `name=…`.
    pub const fn new(name: &'static str) -> Key<T> {
        Key {
            name,
            value: PhantomData,
        }
    }

    /// The key as typed.
    pub const fn name(self) -> &'static str {
        self.name
    }

    /// This key as a registry row lists it, with a one-line help.
    pub const fn help(self, help: &'static str) -> OptionSpec {
        OptionSpec {
            key: self.name,
            placeholder: T::PLACEHOLDER,
            help,
            expected: T::expected,
            valid: valid::<T>,
        }
    }
}

fn valid<T: OptionValue>(text: &str) -> bool {
    T::parse(text).is_some()
}

/// One key an importer accepts, as the registry lists it: for checking and for help.
#[derive(Clone, Copy)]
pub struct OptionSpec {
    /// The key as typed.
    pub key: &'static str,
    /// The value's placeholder in help (`DATE`, `COLUMN`, …).
    pub placeholder: &'static str,
    /// What the option does, in one line.
    pub help: &'static str,
    /// What a value must look like.
    pub expected: fn() -> String,
    valid: fn(&str) -> bool,
}

impl fmt::Debug for OptionSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.key, self.placeholder)
    }
}

/// Options checked against what an importer accepts: every value is of its key's type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    values: BTreeMap<&'static str, String>,
}

impl Options {
    /// Check `pairs` (key, value; the last of a repeated key wins) against `accepted`, the keys
    /// the importer named `kind` reads.
    pub fn check<'a>(
        kind: &'static str,
        accepted: &[OptionSpec],
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Options, OptionError> {
        let mut values = BTreeMap::new();
        for (key, value) in pairs {
            let (key, value) = (key.trim(), value.trim());
            let Some(spec) = accepted.iter().find(|s| s.key == key) else {
                return Err(OptionError::unknown(key, kind, accepted));
            };
            if value.is_empty() || !(spec.valid)(value) {
                return Err(OptionError::Invalid {
                    key: spec.key,
                    value: value.to_string(),
                    expected: (spec.expected)(),
                });
            }
            values.insert(spec.key, value.to_string());
        }
        Ok(Options { values })
    }

    /// The value of `key`, if given.
    pub fn get<T: OptionValue>(&self, key: Key<T>) -> Option<T> {
        // Checked against the same type when the options were made, so this parse succeeds.
        self.values.get(key.name).and_then(|v| T::parse(v))
    }

    /// Whether `key` was given.
    pub fn contains<T>(&self, key: Key<T>) -> bool {
        self.values.contains_key(key.name)
    }

    /// The same options with `key` set to `value` unless it was given: a default from the
    /// person's settings (their time zone). A value that is not of the key's type is ignored.
    pub fn or_default<T: OptionValue>(mut self, key: Key<T>, value: &str) -> Options {
        if !self.values.contains_key(key.name) && T::parse(value.trim()).is_some() {
            self.values.insert(key.name, value.trim().to_string());
        }
        self
    }
}

/// Options that cannot be used: nothing is imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptionError {
    /// A key the importer does not read.
    #[error("{}", unknown_message(.key, .kind, .accepted, *.suggestion))]
    Unknown {
        key: String,
        /// The importer's name (`ics`, `csv`).
        kind: &'static str,
        /// The keys it does read.
        accepted: Vec<&'static str>,
        /// The accepted key closest to the one given, when close enough to be a typo.
        suggestion: Option<&'static str>,
    },
    /// A value that is not of the key's type.
    #[error("option {key}={value}: expected {expected}")]
    Invalid {
        key: &'static str,
        value: String,
        expected: String,
    },
}

impl OptionError {
    fn unknown(key: &str, kind: &'static str, accepted: &[OptionSpec]) -> OptionError {
        // Close by Jaro-Winkler similarity: `sinse` → `since`, `timzone` → `timezone`.
        let suggestion = accepted
            .iter()
            .map(|s| (strsim::jaro_winkler(key, s.key), s.key))
            .filter(|(score, _)| *score > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, k)| k);
        OptionError::Unknown {
            key: key.to_string(),
            kind,
            accepted: accepted.iter().map(|s| s.key).collect(),
            suggestion,
        }
    }
}

fn unknown_message(key: &str, kind: &str, accepted: &[&str], suggestion: Option<&str>) -> String {
    if accepted.is_empty() {
        return format!("unknown option `{key}` for {kind}: {kind} takes no options");
    }
    let mean = suggestion.map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
    format!(
        "unknown option `{key}` for {kind}{mean}; {kind} accepts: {}",
        accepted.join(", ")
    )
}

/// A column of the input's header, by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column(pub String);

impl OptionValue for Column {
    const PLACEHOLDER: &'static str = "COLUMN";
    fn expected() -> String {
        "a column name".into()
    }
    fn parse(text: &str) -> Option<Column> {
        Some(Column(text.to_string()))
    }
}

/// Free text (a pattern, a list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(pub String);

impl OptionValue for Text {
    const PLACEHOLDER: &'static str = "TEXT";
    fn expected() -> String {
        "some text".into()
    }
    fn parse(text: &str) -> Option<Text> {
        Some(Text(text.to_string()))
    }
}

impl OptionValue for bool {
    const PLACEHOLDER: &'static str = "true|false";
    fn expected() -> String {
        "true or false".into()
    }
    fn parse(text: &str) -> Option<bool> {
        match text.to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Some(true),
            "false" | "no" | "0" => Some(false),
            _ => None,
        }
    }
}

/// An IANA time zone (or `UTC`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone(pub TimeZone);

impl OptionValue for Zone {
    const PLACEHOLDER: &'static str = "ZONE";
    fn expected() -> String {
        "an IANA time zone such as Europe/Berlin".into()
    }
    fn parse(text: &str) -> Option<Zone> {
        crate::settings::lookup_zone(text).ok().map(Zone)
    }
}

/// A day (`2025-01-31`) or an instant (RFC 3339): what a window's edge is given as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrInstant {
    Date(Date),
    Instant(Timestamp),
}

impl OptionValue for DateOrInstant {
    const PLACEHOLDER: &'static str = "DATE";
    fn expected() -> String {
        "a date (2025-01-31) or an RFC 3339 time".into()
    }
    fn parse(text: &str) -> Option<DateOrInstant> {
        if let Ok(t) = text.parse::<Timestamp>() {
            return Some(DateOrInstant::Instant(t));
        }
        text.parse::<Date>().ok().map(DateOrInstant::Date)
    }
}

impl OptionValue for EventKind {
    const PLACEHOLDER: &'static str = "KIND";
    fn expected() -> String {
        let names: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("an event kind ({})", names.join(", "))
    }
    fn parse(text: &str) -> Option<EventKind> {
        text.to_lowercase().parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SINCE: Key<DateOrInstant> = Key::new("since");
    const HOLIDAYS: Key<bool> = Key::new("holidays");
    const ACCEPTED: [OptionSpec; 2] = [SINCE.help("first day"), HOLIDAYS.help("a holiday file")];

    fn check(pairs: &[(&str, &str)]) -> Result<Options, OptionError> {
        Options::check("ics", &ACCEPTED, pairs.iter().copied())
    }

    #[test]
    fn values_come_back_typed() {
        let o = check(&[("since", " 2025-01-31 "), ("holidays", "Yes")]).unwrap();
        let day = Date::new(2025, 1, 31).unwrap();
        assert_eq!(o.get(SINCE), Some(DateOrInstant::Date(day)));
        assert_eq!(o.get(HOLIDAYS), Some(true));
        let o = check(&[("since", "2025-01-31T10:00:00Z"), ("since", "2024-01-01")]).unwrap();
        let day = Date::new(2024, 1, 1).unwrap();
        assert_eq!(o.get(SINCE), Some(DateOrInstant::Date(day)), "last wins");
        assert_eq!(o.get(HOLIDAYS), None);
        assert!(!o.contains(HOLIDAYS));
    }

    #[test]
    fn an_unknown_key_names_itself_the_kind_and_the_choices() {
        let err = check(&[("sinse", "2024-01-01")]).unwrap_err();
        insta::assert_snapshot!(err, @"unknown option `sinse` for ics (did you mean `since`?); ics accepts: since, holidays");
        let err = check(&[("colour", "red")]).unwrap_err();
        insta::assert_snapshot!(err, @"unknown option `colour` for ics; ics accepts: since, holidays");
        let err = Options::check("zsh", &[], [("since", "2024-01-01")]).unwrap_err();
        insta::assert_snapshot!(err, @"unknown option `since` for zsh: zsh takes no options");
    }

    #[test]
    fn a_bad_value_names_the_key_and_the_type() {
        let err = check(&[("since", "last week")]).unwrap_err();
        insta::assert_snapshot!(err, @"option since=last week: expected a date (2025-01-31) or an RFC 3339 time");
        let err = check(&[("holidays", "maybe")]).unwrap_err();
        insta::assert_snapshot!(err, @"option holidays=maybe: expected true or false");
        let err = check(&[("holidays", " ")]).unwrap_err();
        insta::assert_snapshot!(err, @"option holidays=: expected true or false");
    }

    #[test]
    fn a_default_fills_only_what_was_not_given() {
        const TZ: Key<Zone> = Key::new("timezone");
        let o = Options::default().or_default(TZ, "Europe/Berlin");
        assert_eq!(o.get(TZ).unwrap().0.iana_name(), Some("Europe/Berlin"));
        let o = o.or_default(TZ, "America/New_York");
        assert_eq!(o.get(TZ).unwrap().0.iana_name(), Some("Europe/Berlin"));
        assert_eq!(
            Options::default().or_default(TZ, "Mars/Olympus"),
            Options::default()
        );
    }

    #[test]
    fn value_types() {
        assert_eq!(<bool as OptionValue>::parse("0"), Some(false));
        assert_eq!(<bool as OptionValue>::parse("maybe"), None);
        assert_eq!(
            <EventKind as OptionValue>::parse("Meeting"),
            Some(EventKind::Meeting)
        );
        assert!(<EventKind as OptionValue>::expected().contains("commit, command"));
        assert!(<Zone as OptionValue>::parse("utc").is_some());
        assert!(<Zone as OptionValue>::parse("Mars/Olympus").is_none());
        assert!(<DateOrInstant as OptionValue>::parse("2025-02-30").is_none());
    }
}
