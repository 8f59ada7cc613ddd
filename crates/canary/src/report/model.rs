//! The report model: everything `canary report` shows, as one serialisable value.
//!
//! The terminal report, `canary report --json` and the dashboard all present this same value,
//! so they never disagree. Field names here are the JSON schema documented in
//! `docs/json.md`; renaming one is a breaking change for scripts.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use crate::time::Band;

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Schema version of this JSON; bumped on breaking changes.
    pub schema: u32,
    /// The "now" the report was computed for.
    pub generated_at: Timestamp,
    pub timezone: String,
    /// The period measured, inclusive dates in local time.
    pub period: Period,
    pub risk: Risk,
    /// One row per ISO week in the period, oldest first.
    pub weeks: Vec<WeekRow>,
    /// Per-day figures (workdays by the day boundary), oldest first.
    pub days: Vec<DayRow>,
    /// Activity counts by weekday (0 = Monday) and hour of the day, local time.
    pub heatmap: Heatmap,
    pub worktime: WorktimeSummary,
    pub rest: RestSummary,
    pub sleep: SleepSummary,
    pub limits: LimitsSummary,
    pub trend: Trend,
    pub coverage: Coverage,
    /// Events kept out of the metrics because their dates are impossible.
    pub excluded: Excluded,
    pub communication: Communication,
    pub meetings: Meetings,
    pub interruptions: Interruptions,
    pub vacations: Vacations,
    /// The latest questionnaire scores, shown beside the level (never inside it).
    pub instruments: Instruments,
    /// When the latest answers point to crisis: a plain, kind message to talk to a
    /// professional. `None` otherwise.
    pub crisis: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Period {
    pub since: Date,
    pub until: Date,
    pub days: u32,
}

/// The risk picture: a level and the checklist indicators behind it.
#[derive(Debug, Clone, Serialize)]
pub struct Risk {
    /// `low`, `medium`, `high` or `unknown` (too little data).
    pub level: RiskLevel,
    /// The version of the written rule that produced the level (see docs/method.md).
    pub rule: String,
    /// Why the level is what it is, in plain words.
    pub reasons: Vec<String>,
    pub indicators: Vec<Indicator>,
    /// The article's stage estimate, with its reasons.
    pub stage: Stage,
}

/// Stage 1–4 of the article's burnout journey, `sustainable`, or `unknown`. Not a diagnosis.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stage {
    /// 1–4, or `None` for `sustainable` and `unknown`.
    pub stage: Option<u8>,
    /// `eager overachiever`, `indispensable employee`, `trapped expert`, `breaking point`,
    /// `sustainable` or `unknown`.
    pub name: String,
    pub reasons: Vec<String>,
}

/// The questionnaires' latest scores and their history.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Instruments {
    pub cbi: Option<CbiSummary>,
    pub who5: Option<Who5Summary>,
    /// Every CBI and WHO-5 score taken up to "now", oldest first.
    pub trend: Vec<ScorePoint>,
    /// Every warning-signs check-in up to "now", oldest first (the latest is last).
    pub signs: Vec<SignsPoint>,
}

/// One warning-signs check-in: how many of the article's signs were there, per kind. A count,
/// not a score (the article gives none).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignsPoint {
    pub taken_at: Timestamp,
    /// Signs answered at all (of 18).
    pub answered: usize,
    /// Signs there often, and sometimes, over all kinds.
    pub often: usize,
    pub sometimes: usize,
    /// Per kind: [often, sometimes].
    pub physical: [usize; 2],
    pub emotional: [usize; 2],
    pub behavioural: [usize; 2],
}

/// The latest Copenhagen Burnout Inventory scales, 0–100 (`None`: too few items answered).
#[derive(Debug, Clone, Serialize)]
pub struct CbiSummary {
    pub personal: Option<f64>,
    pub work: Option<f64>,
    pub client: Option<f64>,
    pub taken_at: Timestamp,
}

/// The latest WHO-5 Well-Being Index.
#[derive(Debug, Clone, Serialize)]
pub struct Who5Summary {
    /// 0–100.
    pub score: u8,
    /// 50 or below.
    pub poor: bool,
    /// 28 or below.
    pub see_professional: bool,
    pub taken_at: Timestamp,
}

/// One earlier score: CBI scales or the WHO-5 score.
#[derive(Debug, Clone, Serialize)]
pub struct ScorePoint {
    /// `cbi` or `who5`.
    pub instrument: String,
    pub taken_at: Timestamp,
    pub personal: Option<f64>,
    pub work: Option<f64>,
    pub client: Option<f64>,
    pub who5: Option<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    Unknown,
    Low,
    Medium,
    High,
}

impl RiskLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            RiskLevel::Unknown => "unknown",
            RiskLevel::Low => "low",
            RiskLevel::Medium => "medium",
            RiskLevel::High => "high",
        }
    }
}

/// Which list of the article's Step 1 checklist an indicator belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    High,
    Medium,
    Low,
}

/// Whether an indicator holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Holds,
    DoesNotHold,
    Unknown,
}

/// Where an indicator's status came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    Measured,
    Answered,
    Both,
    None,
}

/// One checklist item with its status and the evidence for it.
#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    /// Stable id, e.g. `hours_over_50`.
    pub id: String,
    pub tier: Tier,
    /// The item in the product's words.
    pub label: String,
    pub status: Status,
    pub basis: Basis,
    /// What the data shows, in one sentence with figures.
    pub evidence: String,
}

/// One ISO week.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WeekRow {
    /// ISO week, `YYYY-Www`.
    pub week: String,
    /// The Monday of the week.
    pub start: Date,
    /// Estimated working hours.
    pub hours: f64,
    /// Hours per band.
    pub by_band: BandHours,
    /// Share of the hours outside business hours (0–1); 0 when no hours.
    pub after_hours_share: f64,
    /// Nights (by the date their window started) with any activity in the sleep window.
    pub sleep_nights: u32,
    /// Saturdays and Sundays (and other non-working days) with any activity.
    pub days_off_worked: u32,
    /// Whether `hours` is above the declared maximum.
    pub over_max: bool,
    /// Days of this week covered by at least one source.
    pub covered_days: u32,
    /// Events in the week.
    pub events: u64,
    /// Days off with activity other than emergency on-call work.
    pub days_off_worked_non_emergency: u32,
    /// Days with mail sent before work or after dinner.
    pub mail_outside_hours_days: u32,
    pub meeting_hours: f64,
    pub pages: u32,
    /// Non-emergency pages outside business hours.
    pub pages_personal_time: u32,
    /// Pages per band in the week.
    pub pages_by_band: BandCounts,
    /// Pages in the week that meet the emergency rules (the rest are `pages - pages_emergency`).
    pub pages_emergency: u32,
    /// Pages in the week on workdays the person was not on call (0 unless on-call duty is
    /// declared).
    pub pages_off_rotation: u32,
    pub engaged_hours: f64,
}

/// Hours per band.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct BandHours {
    pub business: f64,
    pub off_hours: f64,
    pub sleep: f64,
    pub non_working_day: f64,
    pub vacation: f64,
}

impl BandHours {
    pub fn get(&self, band: Band) -> f64 {
        match band {
            Band::Business => self.business,
            Band::OffHours => self.off_hours,
            Band::Sleep => self.sleep,
            Band::NonWorkingDay => self.non_working_day,
            Band::Vacation => self.vacation,
        }
    }

    pub fn from_seconds(secs: [i64; 5]) -> BandHours {
        let h = |i: usize| secs[i] as f64 / 3600.0;
        BandHours {
            business: h(0),
            off_hours: h(1),
            sleep: h(2),
            non_working_day: h(3),
            vacation: h(4),
        }
    }

    pub fn total(&self) -> f64 {
        self.business + self.off_hours + self.sleep + self.non_working_day + self.vacation
    }
}

/// One workday.
#[derive(Debug, Clone, Serialize)]
pub struct DayRow {
    pub date: Date,
    pub hours: f64,
    pub by_band: BandHours,
    /// First and last activity, local RFC 3339 with offset.
    pub first: Option<String>,
    pub last: Option<String>,
    pub events: u64,
    pub working_day: bool,
    pub vacation: bool,
}

/// Activity by weekday × hour: `counts[weekday][hour]`, weekday 0 = Monday.
#[derive(Debug, Clone, Serialize)]
pub struct Heatmap {
    pub counts: [[u32; 24]; 7],
    /// Estimated working minutes in each cell.
    pub minutes: [[u32; 24]; 7],
}

#[derive(Debug, Clone, Serialize)]
pub struct WorktimeSummary {
    /// The constants table version used (see docs/method.md).
    pub model: String,
    pub total_hours: f64,
    pub by_band: BandHours,
    pub after_hours_share: f64,
    /// Non-working days (weekends, holidays) with activity.
    pub days_off_worked: u32,
    /// Mean hours per week over the weeks in the period.
    pub mean_weekly_hours: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct RestSummary {
    /// Shortest rest between the last activity of one workday and the first of the next, hours.
    pub shortest_rest_hours: Option<f64>,
    /// The workday after that shortest rest.
    pub shortest_rest_before: Option<Date>,
    /// Rests shorter than 11 hours (EU Working Time Directive, Art. 3).
    pub short_rests: u32,
    /// Longest run of consecutive days with activity (no day off).
    pub longest_streak_days: u32,
    pub longest_streak_end: Option<Date>,
    /// The run of days with activity up to "now".
    pub current_streak_days: u32,
    /// Days since the last Saturday–Sunday with no activity at all; `None` when none in data.
    pub days_since_full_weekend_off: Option<u32>,
    pub last_full_weekend_off: Option<Date>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SleepSummary {
    /// Nights with activity inside the sleep window.
    pub nights: u32,
    /// Those nights, newest first, with the events behind each.
    pub recent: Vec<SleepNight>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SleepNight {
    /// The date the night's window started.
    pub night: Date,
    pub events: u32,
    /// Local times of the events, RFC 3339 with offset, and their kinds.
    pub samples: Vec<EventRef>,
}

/// A pointer to an event behind a figure.
#[derive(Debug, Clone, Serialize)]
pub struct EventRef {
    pub local: String,
    pub kind: String,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LimitsSummary {
    pub max_weekly_hours: f64,
    /// Weeks above the declared maximum.
    pub weeks_over_max: u32,
    /// Weeks above 50 hours.
    pub weeks_over_50: u32,
    /// Average weekly hours over the last 17 weeks (EU reference period); `None` with fewer
    /// than 17 weeks of data.
    pub avg_17_weeks: Option<f64>,
    /// Whether that average is above 48 hours.
    pub over_48_average: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    /// Mean weekly hours over the last 4 weeks and over the 8 weeks before them.
    pub recent_hours: Option<f64>,
    pub earlier_hours: Option<f64>,
    pub recent_after_hours_share: Option<f64>,
    pub earlier_after_hours_share: Option<f64>,
    pub recent_sleep_nights: Option<f64>,
    pub earlier_sleep_nights: Option<f64>,
    /// Figures that rose past the thresholds in docs/method.md.
    pub rising: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    /// Days in the period with at least one event from any source.
    pub covered_days: u32,
    pub period_days: u32,
    /// 0–1, grows with covered days; see docs/method.md.
    pub confidence: f64,
    /// Whether there is enough data for a verdict.
    pub enough_for_verdict: bool,
    pub sources: Vec<SourceCoverage>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceCoverage {
    pub source: String,
    pub events: u64,
    pub days: u32,
    pub first: Option<Date>,
    pub last: Option<Date>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Excluded {
    pub before_1990: u64,
    pub in_future: u64,
    /// A few examples, as UTC RFC 3339 with their source.
    pub samples: Vec<EventRef>,
}

/// Mail: what was sent outside hours and how fast after-hours mail was answered.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Communication {
    /// Whether any mail source has events in the period.
    pub measured: bool,
    pub mail_sent: u32,
    /// Sent outside business hours (any band but business).
    pub sent_after_hours: u32,
    /// Sent on a working day before its first declared working range starts.
    pub sent_before_work: u32,
    /// Sent from the evening on (see `docs/method.md`).
    pub sent_after_dinner: u32,
    /// Days with mail sent before work or after dinner.
    pub days_before_work_or_after_dinner: u32,
    /// Human (not automated) mail received outside business hours.
    pub received_after_hours: u32,
    /// Of those, how many the person answered, and how fast (median minutes).
    pub replied_after_hours: u32,
    pub median_reply_minutes: Option<f64>,
    /// Answered within an hour: "always on".
    pub replied_within_hour: u32,
    /// Automated mail received (lists, notifications), not counted as load.
    pub automated_received: u32,
}

/// Meetings from calendars.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Meetings {
    pub measured: bool,
    pub count: u32,
    pub hours: f64,
    /// Meetings starting outside business hours.
    pub outside_hours: u32,
    /// Runs of at least three meetings with under five minutes between them.
    pub back_to_back_chains: u32,
    pub longest_chain: u32,
    /// Working days whose activity left no 30-minute break between 11:30 and 14:00.
    pub days_without_lunch_break: u32,
}

/// On-call interruptions.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Interruptions {
    pub measured: bool,
    pub pages: u32,
    /// Pages per band.
    pub by_band: BandCounts,
    /// Pages that meet the person's emergency rules (urgency or priority).
    pub emergency: u32,
    pub non_emergency: u32,
    /// Non-emergency pages outside business hours: the calls in personal time.
    pub non_emergency_outside_hours: u32,
    /// Nights with at least one page in the sleep window.
    pub nights_interrupted: u32,
    /// Hours engaged on incidents (acknowledgement to resolution).
    pub engaged_hours: f64,
    pub acks: u32,
    /// Whether on-call duty is declared (`[oncall]` periods or rotation): the two counts
    /// below need it and are 0 without it.
    pub on_call_declared: bool,
    /// Pages on workdays the person was on call.
    pub pages_on_call: u32,
    /// Pages on workdays the person was not on call: reached past the rotation.
    pub pages_off_rotation: u32,
}

/// Counts per band.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BandCounts {
    pub business: u32,
    pub off_hours: u32,
    pub sleep: u32,
    pub non_working_day: u32,
    pub vacation: u32,
}

impl BandCounts {
    /// Add another set of counts to these.
    pub fn add(&mut self, o: &BandCounts) {
        self.business += o.business;
        self.off_hours += o.off_hours;
        self.sleep += o.sleep;
        self.non_working_day += o.non_working_day;
        self.vacation += o.vacation;
    }

    /// The sum over the bands.
    pub fn total(&self) -> u32 {
        self.business + self.off_hours + self.sleep + self.non_working_day + self.vacation
    }
}

/// Time away and the work done in it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Vacations {
    pub periods: Vec<VacationPeriod>,
}

/// One stretch of vacation days.
#[derive(Debug, Clone, Serialize)]
pub struct VacationPeriod {
    pub start: Date,
    pub end: Date,
    pub days: u32,
    /// `declared` (settings or out-of-office in a calendar) or `detected` (3+ working days
    /// without any activity amid otherwise well-covered days).
    pub origin: String,
    /// Days with any activity, and the hours worked, inside the period.
    pub days_worked: u32,
    pub hours_worked: f64,
}
