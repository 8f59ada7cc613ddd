//! Unit tests of the monthly review with answers worked out by hand: which period is chosen
//! from the saved reviews, when the next is due, then-vs-now directions, check-in means and
//! habit shares, and the monthly-review action counting as done for its month.

use std::collections::HashSet;

use jiff::Timestamp;
use jiff::civil::Date;

use super::actions::{ActionStatus, Facts, MONTHLY_REVIEW, choose};
use super::review::{self, ReviewInput, checkin_summary, figures};
use super::review_period::{Basis, DueStatus, Window, due, last_complete_weeks, periods};
use super::{PlanInput, review_doc};
use crate::journal::{Checkin, Done, Journal, SavedReview};
use crate::metrics::testutil::{settings, ts};
use crate::model::Report;
use crate::report::{self, ReportInput};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn berlin() -> jiff::tz::TimeZone {
    settings().zone().unwrap()
}

fn saved(at: Timestamp, since: &str, until: &str, note: Option<&str>) -> SavedReview {
    SavedReview {
        reviewed_at: at,
        since: d(since),
        until: d(until),
        note: note.map(str::to_string),
    }
}

fn journal_with(reviews: Vec<SavedReview>) -> Journal {
    Journal {
        reviews,
        ..Journal::default()
    }
}

#[test]
fn without_a_saved_review_the_last_four_complete_weeks() {
    // 2026-11-27 is a Friday: the weeks are Mon 2026-10-26 .. Sun 2026-11-22.
    let p = periods(&Journal::default(), &berlin(), d("2026-11-27"), None);
    assert_eq!(p.basis, Basis::LastFourWeeks);
    assert_eq!(p.current, Window::new(d("2026-10-26"), d("2026-11-22")));
    assert_eq!(p.current.days, 28);
    assert_eq!(p.previous, Window::new(d("2026-09-28"), d("2026-10-25")));
    assert_eq!(p.last_review, None);
    // On a Monday the week just ended counts.
    assert_eq!(
        last_complete_weeks(d("2026-11-23")),
        Window::new(d("2026-10-26"), d("2026-11-22"))
    );
}

#[test]
fn the_period_runs_from_the_day_after_the_last_review() {
    // 23:30 UTC on 27 October is 00:30 on the 28th in Berlin: the review is of the 28th.
    let j = journal_with(vec![
        saved(ts("2026-09-20T10:00"), "2026-08-17", "2026-09-13", None),
        saved(
            "2026-10-27T23:30:00Z".parse().unwrap(),
            "2026-09-21",
            "2026-10-28",
            Some("fewer pages"),
        ),
    ]);
    let p = periods(&j, &berlin(), d("2026-11-27"), None);
    assert_eq!(p.basis, Basis::SinceLastReview);
    assert_eq!(p.last_review, Some(d("2026-10-28")));
    assert_eq!(p.current, Window::new(d("2026-10-29"), d("2026-11-27")));
    assert_eq!(p.current.days, 30);
    assert_eq!(p.previous, Window::new(d("2026-09-29"), d("2026-10-28")));

    // Asked: from the given day to today, whatever was saved.
    let p = periods(&j, &berlin(), d("2026-11-27"), Some(d("2026-11-01")));
    assert_eq!(p.basis, Basis::Asked);
    assert_eq!(p.current, Window::new(d("2026-11-01"), d("2026-11-27")));
    assert_eq!(p.previous, Window::new(d("2026-10-05"), d("2026-10-31")));

    // A review saved under a week ago is shown again over the period it covered.
    let p = periods(&j, &berlin(), d("2026-11-02"), None);
    assert_eq!(p.basis, Basis::LastReviewAgain);
    assert_eq!(p.current, Window::new(d("2026-09-21"), d("2026-10-28")));
    assert_eq!(p.previous.until, d("2026-09-20"));
    assert_eq!(p.previous.days, 38);
}

#[test]
fn a_review_is_due_thirty_days_after_the_last() {
    let j = journal_with(vec![saved(
        ts("2026-10-28T19:00"),
        "2026-09-28",
        "2026-10-25",
        None,
    )]);
    let z = berlin();
    let at = |s: &str| due(&j, &z, d(s));
    assert_eq!(at("2026-11-20").status, DueStatus::Upcoming);
    assert_eq!(at("2026-11-20").next, Some(d("2026-11-27")));
    assert_eq!(at("2026-11-23").status, DueStatus::Upcoming);
    assert_eq!(at("2026-11-24").status, DueStatus::Due);
    assert_eq!(at("2026-11-27").status, DueStatus::Due);
    let late = at("2026-12-02");
    assert_eq!(
        (late.status, late.overdue_days),
        (DueStatus::Overdue, Some(5))
    );
    assert_eq!(
        due(&Journal::default(), &z, d("2026-11-27")).status,
        DueStatus::None
    );
}

#[test]
fn the_monthly_review_action_is_done_for_the_month_of_a_saved_review() {
    let j = journal_with(vec![saved(
        ts("2026-11-03T20:00"),
        "2026-10-06",
        "2026-11-02",
        None,
    )]);
    let z = berlin();
    assert_eq!(
        j.reviewed_in_month(d("2026-11-27"), &z),
        Some(d("2026-11-03"))
    );
    assert_eq!(j.reviewed_in_month(d("2026-12-01"), &z), None);
    let monthly = |f: &Facts, j: &Journal| {
        choose(f, j)[1]
            .iter()
            .find(|a| a.id == MONTHLY_REVIEW)
            .map(|a| (a.status, a.done_on.clone()))
    };
    let mut f = Facts {
        support_kinds: crate::journal::SupportKind::ALL.into_iter().collect(),
        runway_months: Some(8.0),
        resume_age_days: Some(30),
        max_weekly_hours: 45.0,
        reviewed_this_month: j.reviewed_in_month(d("2026-11-27"), &z),
        ..Facts::default()
    };
    assert_eq!(
        monthly(&f, &j),
        Some((ActionStatus::Done, Some("2026-11-03".to_string())))
    );
    // Next month it is open again; `plan done` keeps it done with its own date.
    f.reviewed_this_month = None;
    assert_eq!(monthly(&f, &j), Some((ActionStatus::Open, None)));
    let marked = Journal {
        done: vec![Done {
            action_id: MONTHLY_REVIEW.into(),
            done_at: "2026-09-01T10:00:00Z".parse().unwrap(),
            note: None,
        }],
        ..j
    };
    assert_eq!(
        monthly(&f, &marked),
        Some((ActionStatus::Done, Some("2026-09-01".to_string())))
    );
}

#[test]
fn checkin_means_and_habit_shares() {
    let c = |stress, sleep, exercise, social, hobby| Checkin {
        taken_at: Some(ts("2026-11-10T20:00")),
        stress,
        sleep,
        exercise,
        social,
        hobby,
        note: None,
    };
    let cs = [
        c(Some(4), Some(2), Some(true), None, Some(false)),
        c(Some(2), None, Some(false), Some(true), Some(false)),
        c(None, Some(4), Some(true), Some(true), None),
    ];
    let s = checkin_summary(&cs.iter().collect::<Vec<_>>());
    assert_eq!(s.count, 3);
    // Stress (4 + 2) / 2, sleep (2 + 4) / 2; exercise 2 of 3 answered, people 2 of 2,
    // hobby 0 of 2.
    assert_eq!((s.stress, s.sleep), (Some(3.0), Some(3.0)));
    assert_eq!(s.exercise, Some(2.0 / 3.0));
    assert_eq!((s.social, s.hobby), (Some(1.0), Some(0.0)));
    assert_eq!(checkin_summary(&[]).stress, None);
}

/// An empty report over a window, for its figures to be set by hand.
fn report_over(w: Window) -> Report {
    let s = settings();
    let me = HashSet::new();
    report::build(&ReportInput {
        events: &[],
        settings: &s,
        now: ts("2026-11-27T18:00"),
        my_actors: &me,
        since: Some(w.since),
        until: Some(w.until),
        weeks: None,
        answers: &[],
        held: &[],
    })
}

fn with(mut r: Report, hours: f64, share: f64, nights: u32, off: u32, pages: u32) -> Report {
    r.coverage.covered_days = 20;
    r.worktime.mean_weekly_hours = hours;
    r.worktime.after_hours_share = share;
    r.sleep.nights = nights;
    r.worktime.days_off_worked = off;
    r.interruptions.measured = true;
    r.interruptions.non_emergency_outside_hours = pages;
    r
}

#[test]
fn then_and_now_directions() {
    let p = periods(&Journal::default(), &berlin(), d("2026-11-27"), None);
    let then = with(report_over(p.previous), 50.0, 0.30, 6, 2, 5);
    let now = with(report_over(p.current), 44.6, 0.305, 8, 2, 0);
    let f = figures(&now, &then, 45.0);
    let got: Vec<(&str, &str, Option<bool>)> =
        f.iter().map(|f| (f.id, f.change, f.better)).collect();
    assert_eq!(
        got,
        [
            ("mean_weekly_hours", "down", Some(true)),
            ("after_hours_share", "same", None),
            ("sleep_nights", "up", Some(false)),
            ("days_off_worked", "same", None),
            ("pages_personal_time", "down", Some(true)),
            // No mail source in either period.
            ("mail_outside_hours", "unknown", None),
        ]
    );
    assert_eq!(
        f[0].words,
        "50 h → 44.6 h: down, for the better (within your 45 h limit)"
    );
    assert_eq!(f[1].words, "30% → 30%: about the same");
    assert_eq!(f[5].words, "not measured");
}

#[test]
fn the_review_counts_what_happened_in_its_period() {
    let s = settings();
    let z = berlin();
    let mut j = journal_with(vec![saved(
        ts("2026-10-28T19:00"),
        "2026-09-28",
        "2026-10-25",
        Some("fewer pages"),
    )]);
    let done = |id: &str, at: &str| Done {
        action_id: id.into(),
        done_at: ts(at),
        note: None,
    };
    j.done = vec![
        done("w-honest-check", "2026-10-20T09:00"),
        done("w-mail-cutoff", "2026-11-05T09:00"),
    ];
    let today = d("2026-11-27");
    let p = periods(&j, &z, today, None);
    let (then, now) = (
        with(report_over(p.previous), 50.0, 0.3, 6, 2, 5),
        with(report_over(p.current), 55.0, 0.3, 6, 2, 5),
    );
    let plan = super::build(&PlanInput {
        report: &now,
        settings: &s,
        journal: &j,
        checkins: &[],
        today,
    });
    let ck = |at: &str, stress| Checkin {
        taken_at: Some(ts(at)),
        stress: Some(stress),
        ..Checkin::default()
    };
    // One check-in before the period, two in it.
    let checkins = [
        ck("2026-10-28T21:00", 5),
        ck("2026-11-02T21:00", 4),
        ck("2026-11-20T21:00", 3),
    ];
    let r = review::build(&ReviewInput {
        periods: &p,
        current: &now,
        previous: &then,
        plan: &plan,
        settings: &s,
        journal: &j,
        checkins: &checkins,
        today,
    });
    assert_eq!(r.next_due, d("2026-12-27"));
    assert_eq!(r.last_note.as_deref(), Some("fewer pages"));
    let ids: Vec<&str> = r.actions_done.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["w-mail-cutoff"]);
    assert!(r.actions_open.iter().all(|a| a.id != "w-mail-cutoff"));
    assert_eq!(
        (r.checkins.current.count, r.checkins.previous.count),
        (2, 1)
    );
    assert_eq!(r.checkins.current.stress, Some(3.5));
    // No answers at all: both questionnaires suggest taking them, and no crisis message.
    assert!(r.questionnaires.iter().all(|q| q.retake.is_some()));
    assert_eq!(r.crisis, None);
    assert!(r.questions[0].starts_with("Mean weekly hours went up"));
    assert!(r.adjust.iter().any(|a| a.contains("max_weekly_hours")));
    let text = review_doc::render(&r);
    assert!(text.contains("Since your last review on 2026-10-28: 2026-10-29 to 2026-11-27"));
    assert!(text.contains("- [x] **Pick a time after which work mail waits**"));
    assert!(text.contains("`canary assess cbi`") && text.contains("not a diagnosis"));
}
