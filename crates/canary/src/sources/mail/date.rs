//! Mail dates: RFC 5322 `Date:` values and the date after the `;` of a `Received:` field.
//!
//! Real mail is messier than the grammar, so this reads tokens, not positions: an optional
//! weekday, a day, a month name, a year of 2, 3 or 4 digits (RFC 5322's obsolete years: 2
//! digits are 1950–2049, 3 digits add 1900), a time `hh:mm[:ss]`, and a zone (`+hhmm`,
//! `-hh:mm`, `UT`/`GMT`/`Z`, the US zone names, military letters). It also reads `asctime`
//! order (`Tue Apr  1 11:48:02 1997`) and ISO dates (`2001-05-14 17:15:00`). Comments in
//! parentheses are ignored.
//!
//! Why not `mail-parser`'s date parser: it reads `0001` as 2001 (the Enron corpus has a
//! `Date: … 30 May 0001 …` that must stay an impossible year, not become a plausible one) and
//! it accepts out-of-range fields (`32 Jan`, `25:61`) without saying so.
//!
//! A date without a zone, or with `-0000` or a zone it does not know, is read as UTC and
//! reported without an offset (RFC 5322 says `-0000` means "local time unknown"). Years are
//! not range-checked: metrics keep impossible dates out and report them.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::Offset;

/// A parsed mail date: the instant, and the sender's own UTC offset in seconds when it was
/// given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MailDate {
    pub utc: Timestamp,
    pub offset: Option<i32>,
}

/// Parse a `Date:` value. `None` when it holds no complete, valid date.
pub fn parse(value: &[u8]) -> Option<MailDate> {
    let mut day = None;
    let mut month = None;
    let mut year: Option<i16> = None;
    let mut time = None;
    let mut zone: Option<Option<i32>> = None;
    for token in tokens(value) {
        if let Some(m) = month_of(token) {
            month.get_or_insert(m);
        } else if is_iso_date(token) {
            year = Some(digits(&token[..4])? as i16);
            month = Some(digits(&token[5..7])? as i8);
            day = Some(digits(&token[8..10])? as i8);
            if token.len() > 10 {
                // `2001-05-14T17:15:00Z`
                let rest = &token[11..];
                let split = rest
                    .iter()
                    .position(|&b| matches!(b, b'+' | b'-' | b'Z' | b'z'))
                    .unwrap_or(rest.len());
                time = Some(parse_time(&rest[..split])?);
                if split < rest.len() {
                    zone = Some(zone_of(&rest[split..]));
                }
            }
        } else if token.contains(&b':') && time.is_none() {
            // A time, possibly with its zone stuck to it (`17:15:00-0700`).
            let split = token
                .iter()
                .position(|&b| b == b'+' || b == b'-')
                .unwrap_or(token.len());
            time = Some(parse_time(&token[..split])?);
            if split < token.len() {
                zone = Some(numeric_zone(&token[split..]));
            }
        } else if token.iter().all(u8::is_ascii_digit) {
            let n = digits(token)?;
            // The day comes before the year, unless it cannot be a day.
            if day.is_none() && token.len() <= 2 && (1..=31).contains(&n) {
                day = Some(n as i8);
            } else if year.is_none() {
                year = Some(match token.len() {
                    1 | 2 if n < 50 => 2000 + n as i16,
                    1 | 2 => 1900 + n as i16,
                    3 => 1900 + n as i16,
                    4 => n as i16,
                    _ => return None,
                });
            }
        } else if zone.is_none() && time.is_some() {
            zone = Some(zone_of(token));
        }
    }
    let (h, mi, s) = time?;
    let civil = DateTime::new(year?, month?, day?, h, mi, s, 0).ok()?;
    let offset = zone.flatten();
    let utc = Offset::from_seconds(offset.unwrap_or(0))
        .ok()?
        .to_timestamp(civil)
        .ok()?;
    Some(MailDate { utc, offset })
}

/// Parse the date of a `Received:` value: what follows its last `;`.
pub fn parse_received(value: &[u8]) -> Option<MailDate> {
    let semi = memchr::memrchr(b';', value)?;
    parse(&value[semi + 1..])
}

/// The whitespace- and comma-separated tokens of `value`, outside `( … )` comments.
fn tokens(value: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut depth = 0u32;
    let mut start = None;
    let mut out = Vec::with_capacity(8);
    for (i, &b) in value.iter().enumerate() {
        let separator = b.is_ascii_whitespace() || b == b',' || b == b'(' || b == b')';
        if depth == 0 && !separator {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            out.push(&value[s..i]);
        }
        match b {
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&value[s..]);
    }
    out.into_iter()
}

/// The value of 1 to 4 ASCII digits.
fn digits(s: &[u8]) -> Option<i32> {
    if s.is_empty() || s.len() > 4 || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0, |n, &b| n * 10 + i32::from(b - b'0')))
}

/// `hh:mm` or `hh:mm:ss`; a leap second is read as :59.
fn parse_time(s: &[u8]) -> Option<(i8, i8, i8)> {
    let mut parts = s.split(|&b| b == b':');
    let h = digits(parts.next()?)?;
    let m = digits(parts.next()?)?;
    let sec = parts.next().map_or(Some(0), digits)?;
    if parts.next().is_some() || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    Some((h as i8, m as i8, sec.min(59) as i8))
}

/// `yyyy-mm-dd`, possibly followed by `T…`.
fn is_iso_date(t: &[u8]) -> bool {
    t.len() >= 10
        && t[4] == b'-'
        && t[7] == b'-'
        && (t.len() == 10 || t[10] == b'T' || t[10] == b't')
        && t.len() != 11
}

fn month_of(token: &[u8]) -> Option<i8> {
    const MONTHS: [&[u8]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ];
    if token.len() < 3 || !token.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    let head = &token[..3];
    let i = MONTHS.iter().position(|m| head.eq_ignore_ascii_case(m))?;
    // Accept `Mar` and `March`, not `Marvin`.
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let full = FULL[i].as_bytes();
    let ok = token.len() == 3
        || (token.len() <= full.len() && token.eq_ignore_ascii_case(&full[..token.len()]));
    ok.then_some(i as i8 + 1)
}

/// A zone token: its offset in seconds, `None` when unknown or "local time unknown".
fn zone_of(token: &[u8]) -> Option<i32> {
    if matches!(token.first(), Some(b'+' | b'-')) {
        return numeric_zone(token);
    }
    let hours = match token.to_ascii_uppercase().as_slice() {
        b"UT" | b"UTC" | b"GMT" | b"Z" => 0,
        b"EDT" => -4,
        b"EST" | b"CDT" => -5,
        b"CST" | b"MDT" => -6,
        b"MST" | b"PDT" => -7,
        b"PST" => -8,
        // Military zones: RFC 5322 says to treat them as unknown.
        _ => return None,
    };
    Some(hours * 3600)
}

/// `+hhmm`, `-hhmm` or `+hh:mm`; `-0000` is "unknown".
fn numeric_zone(token: &[u8]) -> Option<i32> {
    let sign = match token.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let rest: Vec<u8> = token[1..].iter().copied().filter(|&b| b != b':').collect();
    if rest.len() != 4 {
        return None;
    }
    let n = digits(&rest)?;
    let (h, m) = (n / 100, n % 100);
    if h > 23 || m > 59 || (n == 0 && sign < 0) {
        return None;
    }
    Some(sign * (h * 3600 + m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn show(value: &str) -> String {
        match parse(value.as_bytes()) {
            Some(d) => format!("{} {:?}", d.utc, d.offset),
            None => "none".into(),
        }
    }

    #[test]
    fn dates_real_mail_carries() {
        for (value, want) in [
            (
                "Mon, 14 May 2001 17:15:00 -0700 (PDT)",
                "2001-05-15T00:15:00Z Some(-25200)",
            ),
            (
                " Wed, 6 Feb 2002 08:44:52 -0800 (PST)\n",
                "2002-02-06T16:44:52Z Some(-28800)",
            ),
            (
                "Mon, 30 May 0001 13:10:06 -0800 (PST)",
                "0001-05-30T21:10:06Z Some(-28800)",
            ),
            (
                "Mon, 31 Dec 1979 16:00:00 -0800 (PST)",
                "1980-01-01T00:00:00Z Some(-28800)",
            ),
            (
                "Tue, 1 Apr 97 11:48:02 +0200",
                "1997-04-01T09:48:02Z Some(7200)",
            ),
            ("1 Apr 2049 11:48 GMT", "2049-04-01T11:48:00Z Some(0)"),
            ("1 Apr 49 11:48 +0530", "2049-04-01T06:18:00Z Some(19800)"),
            ("1 Apr 101 11:48:00 +0000", "2001-04-01T11:48:00Z Some(0)"),
            (
                "Tue, 17 Nov 2009 18:21:38 -0500",
                "2009-11-17T23:21:38Z Some(-18000)",
            ),
            (
                "Tue, 17 Nov 2009 18:21:38 EST",
                "2009-11-17T23:21:38Z Some(-18000)",
            ),
            (
                "Tue, 17 Nov 2009 18:21:38 -0000",
                "2009-11-17T18:21:38Z None",
            ),
            ("Tue, 17 Nov 2009 18:21:38", "2009-11-17T18:21:38Z None"),
            ("Tue, 17 Nov 2009 18:21:38 J", "2009-11-17T18:21:38Z None"),
            (
                "Tue,17 Nov 2009 18:21:60+01:00",
                "2009-11-17T17:21:59Z Some(3600)",
            ),
            (
                "17 November 2009 18:21:38 +0100",
                "2009-11-17T17:21:38Z Some(3600)",
            ),
            ("Tue Apr  1 11:48:02 1997", "1997-04-01T11:48:02Z None"),
            (
                "2001-05-14 17:15:00 +0200",
                "2001-05-14T15:15:00Z Some(7200)",
            ),
            ("2001-05-14T17:15:00Z", "2001-05-14T17:15:00Z Some(0)"),
            (
                "Thu, 29 Feb 2024 23:59:59 +2359",
                "2024-02-29T00:00:59Z Some(86340)",
            ),
        ] {
            assert_eq!(show(value), want, "{value}");
        }
    }

    #[test]
    fn not_dates() {
        for value in [
            "",
            "tomorrow",
            "Mon, 31 Feb 2001 10:00:00 +0000",
            "Mon, 32 Jan 2001 10:00:00 +0000",
            "Mon, 1 Jan 2001 24:00:00 +0000",
            "Mon, 1 Jan 2001 10:61:00 +0000",
            "Mon, 1 Jan 2001",
            "Mon, 1 Foo 2001 10:00:00",
            "1 Jan 12345 10:00:00",
            "Marvin 1 2001 10:00",
        ] {
            assert_eq!(show(value), "none", "{value}");
        }
    }

    #[test]
    fn received_dates_follow_the_last_semicolon() {
        let v = b" from mail.example.org (1.2.3.4) by mx; id x;\r\n\tFri, 20 Nov 2009 09:01:02 +0100\r\n";
        assert_eq!(
            parse_received(v).unwrap().utc.to_string(),
            "2009-11-20T08:01:02Z"
        );
        assert_eq!(parse_received(b"from a by b"), None);
    }

    proptest! {
        #[test]
        fn any_bytes_never_panic(input in prop::collection::vec(any::<u8>(), 0..200)) {
            let _ = parse(&input);
            let _ = parse_received(&input);
        }

        #[test]
        fn rfc5322_dates_round_trip(secs in -62_000_000_000i64..250_000_000_000, off in -1439i32..1439) {
            let utc = Timestamp::from_second(secs).unwrap();
            let offset = Offset::from_seconds(off * 60).unwrap();
            let text = utc.to_zoned(offset.to_time_zone()).strftime("%a, %-d %b %Y %H:%M:%S %z").to_string();
            let got = parse(text.as_bytes()).unwrap();
            prop_assert_eq!(got.utc, utc);
            prop_assert_eq!(got.offset, (off != 0).then_some(off * 60).or(Some(0)));
        }
    }
}
