//! The values on-call exports hold, read leniently: instants with or without an offset,
//! time zone names, priorities (`P1`, `SEV-2`) and urgencies, and a short form of a raw value
//! for skip reasons.

use jiff::fmt::temporal::{Pieces, PiecesOffset};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::event::Urgency;

/// An instant and the UTC offset the export wrote it with, if it wrote a numeric one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Instant {
    pub utc: Timestamp,
    pub offset: Option<i32>,
}

impl Instant {
    /// This instant moved by `d`, keeping its offset; `None` past jiff's range.
    pub fn plus(self, d: SignedDuration) -> Option<Instant> {
        Some(Instant {
            utc: self.utc.checked_add(d).ok()?,
            offset: self.offset,
        })
    }

    /// This instant moved by `secs` seconds (from a JSON number or CSV cell).
    pub fn plus_secs(self, secs: f64) -> Option<Instant> {
        (secs.is_finite() && secs.abs() < 1e12)
            .then(|| self.plus(SignedDuration::from_millis((secs * 1000.0).round() as i64)))
            .flatten()
    }
}

/// Why a time could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeError {
    /// A date and time without an offset, and no time zone to place it in.
    Naive,
    /// Not a date and time at all.
    Bad,
}

/// Names that mean UTC, for which no offset is recorded.
fn is_utc_name(name: &str) -> bool {
    [
        "utc",
        "etc/utc",
        "gmt",
        "etc/gmt",
        "z",
        "zulu",
        "universal",
        "etc/universal",
    ]
    .contains(&name.trim().to_ascii_lowercase().as_str())
}

/// The time zone named `name` (IANA), or `None` when jiff does not know it.
pub fn zone(name: &str) -> Option<TimeZone> {
    if is_utc_name(name) {
        return Some(TimeZone::UTC);
    }
    TimeZone::get(name.trim()).ok()
}

/// Parse an ISO 8601 / RFC 3339 date and time (`T` or a space between, `Z`, a numeric offset,
/// a trailing ` UTC`, or none). A time without an offset is placed in `zone`.
pub fn parse_instant(raw: &str, zone: Option<&TimeZone>) -> Result<Instant, TimeError> {
    let mut s = raw.trim();
    let mut utc_suffix = false;
    for suffix in [" UTC", " utc", " GMT", " gmt"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.trim_end();
            utc_suffix = true;
        }
    }
    let pieces = Pieces::parse(s).map_err(|_| TimeError::Bad)?;
    let time = pieces.time().ok_or(TimeError::Bad)?;
    let dt = pieces.date().to_datetime(time);
    let utc_instant = |offset| {
        dt.to_zoned(TimeZone::UTC)
            .map(|z| Instant {
                utc: z.timestamp(),
                offset,
            })
            .map_err(|_| TimeError::Bad)
    };
    match pieces.offset() {
        Some(PiecesOffset::Numeric(n)) if !utc_suffix => {
            let off = n.offset();
            dt.to_zoned(TimeZone::fixed(off))
                .map(|z| Instant {
                    utc: z.timestamp(),
                    offset: Some(off.seconds()),
                })
                .map_err(|_| TimeError::Bad)
        }
        Some(PiecesOffset::Numeric(_)) => Err(TimeError::Bad),
        Some(_) => utc_instant(None),
        None if utc_suffix => utc_instant(None),
        None => {
            let tz = zone.ok_or(TimeError::Naive)?;
            let z = dt.to_zoned(tz.clone()).map_err(|_| TimeError::Bad)?;
            let offset = (tz != &TimeZone::UTC).then(|| z.offset().seconds());
            Ok(Instant {
                utc: z.timestamp(),
                offset,
            })
        }
    }
}

/// At most 40 characters of a value, for a skip reason.
pub fn shown(s: &str) -> String {
    crate::privacy::excerpt(s, crate::privacy::EXCERPT_CHARS)
}

/// `P1`…`P5`, `SEV-2`, `Sev 3`, `S1`, `1` → 1…5.
pub fn parse_priority(s: &str) -> Option<u8> {
    let t = s.trim().to_ascii_uppercase();
    let rest = ["SEV", "P", "S"]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .unwrap_or(&t);
    let n: u8 = rest.trim_start_matches(['-', '_', ' ']).parse().ok()?;
    (1..=5).contains(&n).then_some(n)
}

/// `high` / `low` (and `normal`), in any case.
pub fn parse_urgency(s: &str) -> Option<Urgency> {
    Urgency::parse(&s.trim().to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Instant {
        parse_instant(s, None).unwrap()
    }

    #[test]
    fn times_with_and_without_offsets() {
        let z = t("2015-10-06T21:30:42Z");
        assert_eq!((z.utc.as_second(), z.offset), (1_444_167_042, None));
        let n = t("2018-08-09T14:40:48-07:00");
        assert_eq!(n.utc.to_string(), "2018-08-09T21:40:48Z");
        assert_eq!(n.offset, Some(-7 * 3600));
        let spaced = t("2023-02-26 00:10:04 UTC");
        assert_eq!(spaced.utc.to_string(), "2023-02-26T00:10:04Z");
        assert_eq!(
            parse_instant("2023-05-31T10:05:00", None),
            Err(TimeError::Naive)
        );
        let berlin = zone("Europe/Berlin").unwrap();
        let b = parse_instant("2023-05-31T10:05:00", Some(&berlin)).unwrap();
        assert_eq!(
            (b.utc.to_string().as_str(), b.offset),
            ("2023-05-31T08:05:00Z", Some(7200))
        );
        let u = parse_instant("2023-05-31T10:05:00", zone("Etc/UTC").as_ref()).unwrap();
        assert_eq!(u.offset, None);
        for bad in [
            "",
            "yesterday",
            "2023-05-31",
            "2023-13-01T00:00:00Z",
            "9999999-01-01T00:00Z",
        ] {
            assert_eq!(parse_instant(bad, None), Err(TimeError::Bad), "{bad}");
        }
    }

    #[test]
    fn priorities_and_urgencies() {
        for (s, p) in [
            ("P1", Some(1)),
            ("p5", Some(5)),
            ("SEV-2", Some(2)),
            ("Sev 3", Some(3)),
        ] {
            assert_eq!(parse_priority(s), p, "{s}");
        }
        for s in ["P0", "P6", "", "critical", "SEV-", "P٣"] {
            assert_eq!(parse_priority(s), None, "{s}");
        }
        assert_eq!(parse_urgency("High"), Some(Urgency::High));
        assert_eq!(parse_urgency("suppressed"), None);
    }

    #[test]
    fn shown_cuts_long_values_on_a_char_boundary() {
        assert_eq!(shown("short"), "short");
        let long = "é".repeat(50);
        assert_eq!(shown(&long).chars().count(), 41);
    }
}
