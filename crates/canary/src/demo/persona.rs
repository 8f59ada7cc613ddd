//! Alex Marlow, the demo persona: a sysadmin on call in Berlin over the 26 ISO weeks from
//! Monday 2026-06-01 to [`demo_now`] (Friday of week 26).
//!
//! The story follows the article's drift. Weeks 1–8 are sustainable: office hours, a rare
//! evening, pages by day in one on-call week of three. Weeks 9–17 creep: longer days, evenings
//! and weekend fixes, on call every other week, the first night pages. Weeks 18–26 are heavy:
//! on call every week, several night pages a week, mails sent at 4 AM, early check-ins, weekends
//! worked, short rests. A declared vacation (Saturday 2026-08-29 to Sunday 2026-09-06, week 14)
//! still has a few mails, a page and some commands in it; Friday 2026-07-03 is a calendar
//! out-of-office day. Colleagues' commits and pages are in the data too, hashed, so that
//! "mine" filtering matters. On paper Alex is on call one week in three (the rotation in the
//! settings, from week 2); the pages of the other weeks reach past the rotation to the person
//! everyone calls.

use jiff::civil::{Date, Weekday, date};
use jiff::tz::TimeZone;

use super::clock::{DayClock, hm};
use super::days::{Fixed, Life, MAINTENANCE, Shape, WORK};
use super::sources::{Cast, Emitter, MANAGER, PRIYA, Rates, SAM};
use super::{demo_hasher, demo_now};
use crate::event::{Event, Urgency};
use crate::settings::Settings;

/// A made-up person with declared boundaries and the traces of half a year of work.
#[derive(Debug, Clone)]
pub struct Persona {
    pub name: String,
    pub settings: Settings,
    /// Sorted by time, all within the 26 weeks that end at [`demo_now`].
    pub events: Vec<Event>,
}

const SEED: u64 = 0xA1E5_2026_0601;
const WEEKS: i64 = 26;
const FIRST_MONDAY: Date = date(2026, 6, 1);
const OUT_OF_OFFICE: Date = date(2026, 7, 3);
const VACATION: (Date, Date) = (date(2026, 8, 29), date(2026, 9, 6));

/// The persona: same on every call.
pub fn persona() -> Persona {
    let settings = settings();
    let zone = settings.zone().expect("the persona's zone is known");
    let em = Emitter::new(SEED, zone.clone(), Cast::new(&demo_hasher()), 24_000);
    let mut life = Life::new(em);
    let mut day = FIRST_MONDAY;
    for week in 1..=WEEKS {
        for _ in 0..7 {
            live(&mut life, &zone, day, week);
            day = day.tomorrow().expect("2026 has tomorrows");
        }
    }
    let now = demo_now().as_second();
    Persona {
        name: "Alex Marlow".to_string(),
        settings,
        events: life.finish(now - WEEKS * 7 * 86_400, now),
    }
}

/// What Alex declared with `canary init`.
fn settings() -> Settings {
    let mut s = Settings::default();
    for (key, value) in [
        ("timezone", "Europe/Berlin"),
        ("hours.weekdays", "08:00-17:00"),
        ("sleep", "22:30-07:00"),
        ("max_weekly_hours", "45"),
        ("role", "sysadmin"),
        ("identities.emails", "alex@example.org"),
        ("identities.git_names", "Alex Marlow"),
        ("identities.chat_ids", "U02ALEX7M"),
        ("identities.oncall_ids", "P7ALEXM"),
        ("vacations", "2026-08-29..2026-09-06"),
        ("oncall.rotation", "2026-06-08/3/7"),
    ] {
        s.set(key, value).expect("the persona's settings are valid");
    }
    s
}

/// How a day of this week tends to go.
fn shape(week: i64) -> Shape {
    match week {
        1..=8 => Shape::sustainable(),
        9..=17 => Shape::creeping((week - 9) as f64 / 8.0),
        _ => Shape::heavy((week - 18) as f64 / 8.0),
    }
}

/// Whether Alex carries the pager this week: one week in three, then every other week
/// (not the vacation week), then every week once the team is short.
fn on_call(week: i64) -> bool {
    match week {
        1..=8 => week % 3 == 2,
        9..=17 => week % 2 == 0 && week != 14,
        _ => true,
    }
}

/// The story's recurring meetings on a weekday of `week`.
fn fixed_meetings(day: Date, week: i64) -> Vec<Fixed> {
    let mut fixed = Vec::new();
    match day.weekday() {
        Weekday::Monday => fixed.push((hm(10, 0), 60, "team-sync")),
        Weekday::Tuesday if week >= 11 && week % 2 == 1 => {
            fixed.push((hm(7, 30), 30, "vendor-apac-sync"));
        }
        Weekday::Thursday if week >= 9 && (week >= 18 || week % 2 == 1) => {
            fixed.push((hm(17, 30), 45, "change-advisory-board"));
        }
        _ => {}
    }
    fixed
}

/// Saturday-night maintenance windows: start and minutes.
fn maintenance(week: i64) -> Option<(i64, i64)> {
    match week {
        4 => Some((hm(21, 0), 135)),
        12 => Some((hm(22, 0), 150)),
        19 | 21 | 23 | 25 => Some((hm(22, 0), 180)),
        _ => None,
    }
}

fn live(life: &mut Life, zone: &TimeZone, day: Date, week: i64) {
    let clock = DayClock::new(zone, day);
    let shape = shape(week);
    let weekend = matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday);
    let vacation = (VACATION.0..=VACATION.1).contains(&day);
    let away = vacation || day == OUT_OF_OFFICE;

    life.received(&clock, !weekend && !away, &shape);
    if !weekend {
        life.colleague_commits(&clock);
    }
    if vacation {
        vacation_day(life, &clock);
    } else if day == OUT_OF_OFFICE {
        life.em.out_of_office(clock.at(0), clock.next_midnight());
    } else if weekend {
        life.weekend(&clock, &shape);
        if let (Weekday::Saturday, Some((at, minutes))) = (day.weekday(), maintenance(week)) {
            life.em
                .meeting(clock.at(at), minutes, Some("maintenance-window"));
            life.work(&clock, at - 10 * 60, at + (minutes + 10) * 60, MAINTENANCE);
        }
    } else {
        life.workday(&clock, &shape, &fixed_meetings(day, week));
    }

    if on_call(week) && !away {
        life.on_call(&clock, &shape, None);
    } else {
        // A colleague carries the pager; their pages are in the team's export too.
        let colleague = if week % 2 == 0 { SAM } else { PRIYA };
        let theirs = Shape {
            day_pages: 0.8,
            night_pages: 0.25,
            ..Shape::sustainable()
        };
        life.on_call(&clock, &theirs, Some(colleague));
    }
    if day == date(2026, 6, 10) {
        // The one night page of the sustainable weeks.
        life.page(&clock, hm(26, 10), Urgency::High, None);
    }
    if !away {
        life.four_am(&clock, &shape);
    }
}

/// The vacation that was not quite one: mail checked on Tuesday, a page taken on Thursday,
/// a reply on Saturday evening.
fn vacation_day(life: &mut Life, clock: &DayClock) {
    let day = clock.date();
    if day == date(2026, 9, 1) {
        let quiet = Rates {
            bursts: 0.0,
            commits: 0.0,
            mails: 0.0,
            chats: 0.0,
            ..WORK
        };
        life.work(clock, hm(9, 40), hm(10, 5), quiet);
        life.em.mail_sent(clock.at(hm(9, 46)), SAM, None, None);
        life.em.mail_sent(clock.at(hm(9, 58)), MANAGER, None, None);
        life.em
            .commands(clock.at(hm(9, 50)), 4, clock.at(hm(9, 56)));
    } else if day == date(2026, 9, 3) {
        life.page(clock, hm(14, 20), Urgency::High, None);
    } else if day == date(2026, 9, 5) {
        life.em.mail_sent(clock.at(hm(21, 10)), SAM, None, None);
    }
}
