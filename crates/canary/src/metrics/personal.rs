//! Personal time: the events the person's own rules mark personal (settings `[personal]`),
//! measured like working time but kept apart, so the report can say how much of what the
//! sources saw was not work without counting it as work.

use jiff::Timestamp;

use super::classify::Prepared;
use super::constants::SESSION_GAP_SECS;
use super::worktime;
use crate::model::PersonalTime;

/// The personal time of the period: events, estimated hours (the same credit and session
/// rules as working time, tracker gaps not bridged) and days with any.
pub fn personal(prep: &Prepared<'_>, now: Timestamp) -> PersonalTime {
    let in_period: Vec<_> = prep
        .personal
        .iter()
        .filter(|i| i.day.is_some())
        .copied()
        .collect();
    let merged = worktime::merge(worktime::intervals(&prep.personal, now), SESSION_GAP_SECS);
    let measured = worktime::measure(&prep.classifier, &merged, &prep.span);
    let day_totals: Vec<i64> = measured.day_secs.iter().map(|d| d.iter().sum()).collect();
    let mut sources: Vec<String> = in_period
        .iter()
        .map(|i| i.event.source.to_string())
        .collect();
    sources.sort();
    sources.dedup();
    PersonalTime {
        events: in_period.len() as u64,
        hours: day_totals.iter().sum::<i64>() as f64 / 3600.0,
        days: day_totals.iter().filter(|&&s| s > 0).count() as u32,
        sources,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::event::{Event, EventKind, SourceKind};
    use crate::metrics::classify::{ClassifyInput, prepare};
    use crate::metrics::period::PeriodSpec;
    use crate::settings::Settings;

    fn span(at: &str, minutes: i64, personal: bool) -> Event {
        let mut e = Event::mine(
            at.parse().unwrap(),
            EventKind::ActiveSpan,
            SourceKind::Activitywatch,
            at.to_string(),
        );
        e.duration = Some(minutes * 60);
        e.personal = personal;
        e
    }

    #[test]
    fn personal_spans_are_measured_apart_from_work() {
        let events = vec![
            span("2026-03-10T09:00:00Z", 60, false),
            span("2026-03-10T20:00:00Z", 30, true),
            span("2026-03-11T21:00:00Z", 45, true),
        ];
        let settings = Settings {
            timezone: "UTC".into(),
            ..Settings::default()
        };
        let now: Timestamp = "2026-03-15T12:00:00Z".parse().unwrap();
        let mine = HashSet::new();
        let prep = prepare(&ClassifyInput {
            events: &events,
            settings: &settings,
            now,
            my_actors: &mine,
            period: PeriodSpec {
                weeks: Some(1),
                since: None,
                until: None,
            },
        });
        assert_eq!(prep.items.len(), 1, "only the work span is a work item");
        let p = personal(&prep, now);
        assert_eq!(p.events, 2);
        assert!((p.hours - 1.25).abs() < 1e-9, "{}", p.hours);
        assert_eq!(p.days, 2);
        assert_eq!(p.sources, ["activitywatch"]);
    }
}
