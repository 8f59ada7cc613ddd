//! The events behind any figure, placed exactly as the report places them (same loading, same
//! preparation, same bands), filtered by band, kind, source, night or week: `canary events`
//! and the dashboard's night page.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use super::{AppError, PeriodSpec, Workspace};
use crate::event::{EventKind, SourceKind, Urgency};
use crate::metrics::classify::{ClassifyInput, Item, is_mine, prepare};
use crate::metrics::period::{iso_week_label, rfc3339_local, rfc3339_utc};
use crate::metrics::sleep_window::nights_of;
use crate::time::{Band, Implausible, plausibility};

/// Which events to list: every condition given must hold, inside the period (by default the
/// default period up to today, as the report's).
#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    pub band: Option<Band>,
    pub kinds: Vec<EventKind>,
    pub sources: Vec<SourceKind>,
    /// Only events of the night that started on this date.
    pub night: Option<Date>,
    /// Only events of this ISO week (`YYYY-Www`).
    pub week: Option<String>,
    /// Only events counted toward this workday (a calendar day's figure).
    pub day: Option<Date>,
    /// Only events starting on this local weekday, 0 = Monday (a heatmap row).
    pub weekday: Option<u8>,
    /// Only events starting in this local hour of the clock, 0–23 (a heatmap column).
    pub hour: Option<u8>,
    /// Only the person's own activity (not received mail): what the heatmap and the nights
    /// count.
    pub activity_only: bool,
    /// The period, resolved by [`Workspace::period`] from what was typed.
    pub period: PeriodSpec,
    /// List the personal events (by the `[personal]` rules) instead of the work events: the
    /// figures count only work, so the default list is exactly what they count.
    pub personal: bool,
}

/// One event as `canary events --json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct EventRow {
    pub kind: EventKind,
    pub source: SourceKind,
    /// The instant, UTC, RFC 3339.
    pub utc: String,
    /// Local time in the configured zone (or the event's own offset when so configured).
    pub local: String,
    pub band: Band,
    /// The first night whose sleep window the event touches (named by the date it started).
    pub night: Option<Date>,
    /// The workday it counts toward (day boundary applied).
    pub workday: Date,
    /// ISO week of the workday.
    pub week: String,
    /// The offset the source itself recorded, seconds east of UTC.
    pub source_offset: Option<i32>,
    pub duration_seconds: Option<i64>,
    pub urgency: Option<Urgency>,
    /// Whether it counts as the person's activity (a received mail does not).
    pub activity: bool,
    /// Personal by the person's `[personal]` rules: listed, never counted as work.
    pub personal: bool,
}

/// The events of a query, oldest first, with the period's first and last day and the zone.
#[derive(Debug, Clone)]
pub struct EventList {
    pub rows: Vec<EventRow>,
    pub since: Date,
    pub until: Date,
    pub timezone: String,
}

/// An event kept out of the figures, with why.
#[derive(Debug, Clone, Serialize)]
pub struct ExcludedRow {
    pub kind: EventKind,
    pub source: SourceKind,
    pub utc: String,
    pub reason: &'static str,
}

impl Workspace {
    /// The person's events of the query's period that pass its filter, placed as the report
    /// places them.
    pub fn events(&self, q: &EventQuery, now: Timestamp) -> Result<EventList, AppError> {
        let period = q.period;
        let my_actors = self.my_actor_hashes()?;
        let events = self.load_events(&period, now)?;
        let prepared = prepare(&ClassifyInput {
            events: &events,
            settings: &self.settings,
            now,
            my_actors: &my_actors,
            period,
        });
        // A span that starts in the evening and runs into the sleep window is behind that
        // night's figure too, so band and night filters look at every night an event touches.
        let keep = |i: &Item<'_>, nights: &[Date]| {
            i.day.is_some()
                && q.band
                    .is_none_or(|b| i.placed.band == b || (b == Band::Sleep && !nights.is_empty()))
                && (q.kinds.is_empty() || q.kinds.contains(&i.event.kind))
                && (q.sources.is_empty() || q.sources.contains(&i.event.source))
                && q.night.is_none_or(|n| nights.contains(&n))
                && q.week
                    .as_ref()
                    .is_none_or(|w| iso_week_label(i.placed.workday) == *w)
                && q.day.is_none_or(|d| i.placed.workday == d)
                && q.weekday.is_none_or(|d| {
                    i.placed.local.date().weekday().to_monday_zero_offset() as u8 == d
                })
                && q.hour.is_none_or(|h| i.placed.local.hour() as u8 == h)
                && (!q.activity_only || i.is_activity())
        };
        let listed = if q.personal {
            &prepared.personal
        } else {
            &prepared.items
        };
        let rows = listed
            .iter()
            .filter_map(|i| {
                let nights = nights_of(&prepared.classifier, i);
                keep(i, &nights).then_some((i, nights))
            })
            .map(|(i, nights)| EventRow {
                kind: i.event.kind,
                source: i.event.source,
                utc: rfc3339_utc(i.event.utc),
                local: rfc3339_local(i.placed.local, i.placed.offset),
                band: i.placed.band,
                night: nights.first().copied(),
                workday: i.placed.workday,
                week: iso_week_label(i.placed.workday),
                source_offset: i.event.offset,
                duration_seconds: i.event.duration,
                urgency: i.event.urgency,
                activity: i.is_activity(),
                personal: i.event.personal,
            })
            .collect();
        Ok(EventList {
            rows,
            since: prepared.span.since,
            until: prepared.span.until,
            timezone: prepared.timezone.to_string(),
        })
    }

    /// The pages of a period by service and by hour, and the time to acknowledge them
    /// ([`crate::metrics::interruptions::pages_detail`]).
    pub fn pages_detail(
        &self,
        period: &PeriodSpec,
        now: Timestamp,
    ) -> Result<crate::model::PagesDetail, AppError> {
        let my_actors = self.my_actor_hashes()?;
        let events = self.load_events(period, now)?;
        let prepared = prepare(&ClassifyInput {
            events: &events,
            settings: &self.settings,
            now,
            my_actors: &my_actors,
            period: *period,
        });
        Ok(crate::metrics::interruptions::pages_detail(&prepared))
    }

    /// The person's events kept out of the figures (dated before 1990 or in the future).
    pub fn excluded_events(&self, now: Timestamp) -> Result<Vec<ExcludedRow>, AppError> {
        let my_actors = self.my_actor_hashes()?;
        let events = self
            .store
            .implausible_events(crate::time::earliest_plausible(), now)?;
        Ok(events
            .iter()
            .filter(|e| is_mine(e, &my_actors))
            .filter_map(|e| {
                let reason = match plausibility(e.utc, now)? {
                    Implausible::BeforeEarliest => "dated before 1990",
                    Implausible::InFuture => "dated in the future",
                };
                Some(ExcludedRow {
                    kind: e.kind,
                    source: e.source,
                    utc: rfc3339_utc(e.utc),
                    reason,
                })
            })
            .collect())
    }
}
