//! The period in the dashboard's URL (`?since=&until=`, `?weeks=`, `?all=1`): parsed with the
//! same [`PeriodBound`] forms as `canary report`, resolved by the application core, and carried
//! by every link and the picker so that moving between pages keeps it.

use canary::app::{PeriodBound, PeriodQuery};
use jiff::civil::Date;
use serde::Deserialize;

/// The period's query parameters as they arrive (empty values mean "not given").
#[derive(Debug, Default, Clone, Deserialize)]
pub struct PeriodParams {
    since: Option<String>,
    until: Option<String>,
    weeks: Option<String>,
    all: Option<String>,
}

/// A parameter's value, trimmed, when one was given.
fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl PeriodParams {
    /// The period's parameters from a query string's pairs (the others are not looked at).
    pub fn from_pairs(pairs: &[(&str, &str)]) -> PeriodParams {
        let mut p = PeriodParams::default();
        for (k, v) in pairs {
            let v = Some((*v).to_string());
            match *k {
                "since" => p.since = v,
                "until" => p.until = v,
                "weeks" => p.weeks = v,
                "all" => p.all = v,
                _ => {}
            }
        }
        p
    }

    /// The period asked for, or why it cannot be read.
    pub fn query(&self) -> Result<PeriodQuery, String> {
        let bound = |v: &Option<String>| {
            given(v)
                .map(|s| s.parse::<PeriodBound>().map_err(|e| e.to_string()))
                .transpose()
        };
        let weeks = given(&self.weeks)
            .map(|w| {
                w.parse::<u32>()
                    .map_err(|_| format!("weeks: `{w}` is not a number of weeks"))
            })
            .transpose()?;
        let since = bound(&self.since)?;
        Ok(PeriodQuery {
            // As on the command line, a first day makes the number of weeks moot.
            weeks: if since.is_some() { None } else { weeks },
            since,
            until: bound(&self.until)?,
            all: given(&self.all).is_some_and(|a| a != "0"),
        })
    }
}

/// The query string that asks for `q` again ("" for the default period), made only of the
/// bounds' own printed forms, so it needs no escaping.
pub fn query_string(q: &PeriodQuery) -> String {
    if q.all {
        return "?all=1".to_string();
    }
    let mut parts = Vec::new();
    if let Some(w) = q.weeks {
        parts.push(format!("weeks={w}"));
    }
    if let Some(s) = q.since {
        parts.push(format!("since={s}"));
    }
    if let Some(u) = q.until {
        parts.push(format!("until={u}"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// What a page needs to move the period: what was asked, the query string every link
/// carries, and the periods just before and after (as long as this one), when they can be shown.
#[derive(Debug, Clone, Default)]
pub struct PeriodNav {
    pub query: PeriodQuery,
    pub qs: String,
    pub earlier: Option<String>,
    pub later: Option<String>,
}

impl PeriodNav {
    /// The navigation for a resolved period, with `today` bounding "later".
    pub fn new(query: PeriodQuery, since: Date, until: Date, today: Date) -> PeriodNav {
        let len = (until - since).get_days() as i64 + 1;
        let shift = |d: Date, days: i64| d.checked_add(jiff::Span::new().days(days)).ok();
        let between = |a: Date, b: Date| {
            query_string(&PeriodQuery {
                since: Some(PeriodBound::Day(a)),
                until: Some(PeriodBound::Day(b)),
                ..PeriodQuery::default()
            })
        };
        let earlier = shift(since, -len)
            .zip(shift(since, -1))
            .filter(|(a, _)| *a >= canary::app::EARLIEST_DAY)
            .map(|(a, b)| between(a, b));
        let later = (until < today)
            .then(|| shift(until, 1).zip(shift(until, len)))
            .flatten()
            .map(|(a, b)| between(a, b.min(today)));
        PeriodNav {
            qs: query_string(&query),
            query,
            earlier,
            later,
        }
    }

    /// A dashboard path with this period kept.
    pub fn link(&self, path: &str) -> String {
        format!("{path}{}", self.qs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> PeriodParams {
        let mut p = PeriodParams::default();
        for (k, v) in pairs {
            let v = Some(v.to_string());
            match *k {
                "since" => p.since = v,
                "until" => p.until = v,
                "weeks" => p.weeks = v,
                "all" => p.all = v,
                _ => unreachable!(),
            }
        }
        p
    }

    #[test]
    fn the_query_string_asks_for_the_same_period_again() {
        for pairs in [
            &[][..],
            &[("weeks", "12")][..],
            &[("since", "2026-03"), ("until", "2026-W20")][..],
            &[("since", "3m")][..],
            &[("all", "1")][..],
        ] {
            let q = params(pairs).query().unwrap();
            let qs = query_string(&q);
            let again: Vec<(&str, &str)> = qs
                .trim_start_matches('?')
                .split('&')
                .filter(|s| !s.is_empty())
                .map(|kv| kv.split_once('=').unwrap())
                .collect();
            assert_eq!(params(&again).query().unwrap(), q, "{qs}");
        }
    }

    #[test]
    fn bad_values_are_refused_with_the_reason_and_empty_ones_ignored() {
        assert!(
            params(&[("since", "soon")])
                .query()
                .unwrap_err()
                .contains("YYYY-Www")
        );
        assert!(
            params(&[("weeks", "x")])
                .query()
                .unwrap_err()
                .contains("weeks")
        );
        assert_eq!(
            params(&[("since", ""), ("until", " ")]).query().unwrap(),
            PeriodQuery::default()
        );
        // Nothing from the URL reaches a link unparsed: a hostile value is refused.
        assert!(params(&[("since", "\"><script>")]).query().is_err());
    }

    #[test]
    fn earlier_and_later_are_as_long_and_later_stops_at_today() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let q = params(&[("since", "2026-03-02"), ("until", "2026-03-15")])
            .query()
            .unwrap();
        let nav = PeriodNav::new(q, d("2026-03-02"), d("2026-03-15"), d("2026-03-20"));
        assert_eq!(
            nav.earlier.as_deref(),
            Some("?since=2026-02-16&until=2026-03-01")
        );
        assert_eq!(
            nav.later.as_deref(),
            Some("?since=2026-03-16&until=2026-03-20")
        );
        let now = PeriodNav::new(q, d("2026-03-02"), d("2026-03-15"), d("2026-03-15"));
        assert_eq!(now.later, None);
        assert_eq!(nav.link("/time"), "/time?since=2026-03-02&until=2026-03-15");
    }
}
