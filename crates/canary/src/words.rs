//! Figures in words, one way everywhere: a count with its noun in the right number ("1 day",
//! "3 days", "1 emergency"), a span of time ("25 min", "7.3 h") and an amount of working time
//! ("57.6 h"). The terminal report, the checklist's evidence, the plan and review texts and the
//! dashboard all format through these, so the same figure never reads two ways (a median reply
//! of "440 min" in one place and "7.3 h" in another).
//!
//! A leaf: it names nothing of the crate, so every layer may use it (see `layers.rs`). English
//! only; presentation-neutral (no colour, no markup, no width).

use std::fmt::Display;

/// `n` with `noun` in the right number: `count(1, "day")` is "1 day", `count(3, "night")`
/// "3 nights", `count(2, "emergency")` "2 emergencies". For nouns whose plural is not made by
/// [`plural`]'s rule, use [`count_as`].
pub fn count<N>(n: N, noun: &str) -> String
where
    N: Copy + Display + PartialEq + From<u8>,
{
    format!("{n} {}", noun_for(n, noun))
}

/// `n` with the singular or the plural given: `count_as(1, "person", "people")`.
pub fn count_as<N>(n: N, singular: &str, plural: &str) -> String
where
    N: Copy + Display + PartialEq + From<u8>,
{
    format!("{n} {}", if n == N::from(1) { singular } else { plural })
}

/// The noun alone, in the number `n` asks for (for "{n} nights a week" built elsewhere):
/// `noun_for(1, "night")` is "night".
pub fn noun_for<N>(n: N, noun: &str) -> String
where
    N: Copy + PartialEq + From<u8>,
{
    if n == N::from(1) {
        noun.to_string()
    } else {
        plural(noun)
    }
}

/// The regular English plural: "day" → "days", "emergency" → "emergencies", "reach" →
/// "reaches"; the last word of a phrase ("sleep-window night" → "sleep-window nights").
pub fn plural(noun: &str) -> String {
    let consonant_y = noun.ends_with('y')
        && noun
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| !"aeiou".contains(c.to_ascii_lowercase()));
    if consonant_y {
        format!("{}ies", &noun[..noun.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| noun.ends_with(e))
    {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    }
}

/// How long ago a day was, in days: "today", "yesterday", "1 day ago" is never written;
/// "3 days ago".
pub fn days_ago<N>(days: N) -> String
where
    N: Copy + Display + PartialEq + From<u8>,
{
    if days == N::from(0) {
        "today".to_string()
    } else if days == N::from(1) {
        "yesterday".to_string()
    } else {
        format!("{} ago", count(days, "day"))
    }
}

/// A span of time given in minutes — a reply's delay, a rest, the time to acknowledge:
/// whole minutes under 90 ("25 min"), hours with one decimal from there ("7.3 h"). Not finite
/// or negative reads as "0 min".
pub fn duration_minutes(minutes: f64) -> String {
    let m = if minutes.is_finite() {
        minutes.max(0.0)
    } else {
        0.0
    };
    if m.round() < 90.0 {
        format!("{m:.0} min")
    } else {
        format!("{:.1} h", m / 60.0)
    }
}

/// A span of time given in hours, by the same rule as [`duration_minutes`] (so 0.5 h of rest
/// reads "30 min", 11.25 h "11.3 h").
pub fn duration_hours(hours: f64) -> String {
    duration_minutes(hours * 60.0)
}

/// An amount of working time (a week's hours, a total, a limit): one decimal under 100 h,
/// whole hours from there, and no ".0" on a whole number ("45 h", "57.6 h", "1251 h").
pub fn hours(h: f64) -> String {
    let h = if h.is_finite() { h } else { 0.0 };
    let tenth = (h * 10.0).round() / 10.0;
    if tenth.abs() >= 100.0 || tenth.fract() == 0.0 {
        format!("{h:.0} h")
    } else {
        format!("{h:.1} h")
    }
}

/// A share (0–1) as a whole percentage: "24%".
pub fn percent(share: f64) -> String {
    let s = if share.is_finite() { share } else { 0.0 };
    format!("{:.0}%", s * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_take_the_singular_for_one_only() {
        assert_eq!(count(1u32, "day"), "1 day");
        assert_eq!(count(0u32, "day"), "0 days");
        assert_eq!(count(2u64, "event"), "2 events");
        assert_eq!(count(1usize, "night"), "1 night");
        assert_eq!(count(11i64, "night"), "11 nights");
        assert_eq!(count(-1i64, "day"), "-1 days");
        assert_eq!(count(1u32, "emergency"), "1 emergency");
        assert_eq!(count(3u32, "emergency"), "3 emergencies");
        assert_eq!(count(2u32, "back-to-back chain"), "2 back-to-back chains");
        assert_eq!(count_as(1u8, "person", "people"), "1 person");
        assert_eq!(count_as(4u8, "person", "people"), "4 people");
        assert_eq!(noun_for(1u32, "night"), "night");
        assert_eq!(noun_for(7u32, "night"), "nights");
    }

    #[test]
    fn days_ago_reads_naturally() {
        assert_eq!(days_ago(0u32), "today");
        assert_eq!(days_ago(1i64), "yesterday");
        assert_eq!(days_ago(75u32), "75 days ago");
    }

    #[test]
    fn plurals_follow_the_regular_rules() {
        assert_eq!(plural("day"), "days");
        assert_eq!(plural("key"), "keys");
        assert_eq!(plural("reply"), "replies");
        assert_eq!(plural("inbox"), "inboxes");
        assert_eq!(plural("batch"), "batches");
        assert_eq!(plural("mail"), "mails");
        assert_eq!(plural("sleep-window night"), "sleep-window nights");
    }

    #[test]
    fn durations_read_one_way() {
        assert_eq!(duration_minutes(0.0), "0 min");
        assert_eq!(duration_minutes(25.4), "25 min");
        assert_eq!(duration_minutes(89.4), "89 min");
        assert_eq!(duration_minutes(89.6), "1.5 h");
        assert_eq!(duration_minutes(90.0), "1.5 h");
        assert_eq!(duration_minutes(440.0), "7.3 h");
        assert_eq!(duration_minutes(f64::NAN), "0 min");
        assert_eq!(duration_minutes(-5.0), "0 min");
        // The same figure in hours reads the same.
        assert_eq!(duration_hours(440.0 / 60.0), duration_minutes(440.0));
        assert_eq!(duration_hours(0.5), "30 min");
        assert_eq!(duration_hours(11.26), "11.3 h");
    }

    #[test]
    fn working_hours_drop_needless_decimals() {
        assert_eq!(hours(45.0), "45 h");
        assert_eq!(hours(57.64), "57.6 h");
        assert_eq!(hours(0.9), "0.9 h");
        assert_eq!(hours(59.98), "60 h");
        assert_eq!(hours(1251.3), "1251 h");
        assert_eq!(hours(99.97), "100 h");
        assert_eq!(hours(f64::INFINITY), "0 h");
        assert_eq!(percent(0.236), "24%");
        assert_eq!(percent(1.0), "100%");
    }
}
