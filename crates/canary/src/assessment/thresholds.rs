//! The assessment's thresholds in one place, each with its source: the checklist's measured
//! items, the level rule and the stage rule. `docs/method.md` (Part II) explains each.
//!
//! The metrics' own constants (50-hour weeks, 14 covered days for a verdict, …) are in
//! [`crate::metrics::constants`] and used from there, never copied. The questionnaires'
//! published cut-offs (CBI 50 and 75, WHO-5 50 and 28) stay with their scoring in
//! [`super::instruments`], beside their citations.

/// Weeks looked at for "regularly" and "recently": the last 4 complete weeks (a judgement: a
/// month; docs/method.md, "Checklist, measured").
pub const RECENT_WEEKS: usize = 4;
/// Recent weeks with data needed before a measured item is known (a judgement: one week is
/// an anecdote).
pub const MIN_COVERED_WEEKS: usize = 2;
/// "Regularly": at least this many long weeks among the recent ones (a judgement: three of
/// four).
pub const LONG_WEEKS_FOR_REGULAR: usize = 3;
/// Sleep-window nights in the recent weeks from which work interferes with sleep (a
/// judgement: about one a week).
pub const SLEEP_NIGHTS_INTERFERING: u32 = 4;
/// Days with mail sent before work or after dinner in the recent weeks from which it is a
/// habit (a judgement: about one a week).
pub const MAIL_DAYS_HABIT: u32 = 4;
/// Non-emergency pages in personal time in the recent weeks from which calls in personal
/// time are part of the job (a judgement).
pub const PERSONAL_TIME_PAGES: u32 = 2;
/// After-hours share below which boundaries count as clear, and from which it is a stage 1
/// sign ("evenings"; a judgement: one hour in ten).
pub const CLEAR_AFTER_HOURS_SHARE: f64 = 0.10;
/// Vacations shorter than this many days are not the time off the article means (a long
/// weekend is not a vacation; a judgement).
pub const VACATION_MIN_DAYS: u32 = 2;
/// "In over a year": a period of at least this many days, with at least
/// [`YEAR_MIN_COVERED_DAYS`] covered, with no vacation at all makes `no_vacation_without_work`
/// hold (the article's "in over a year").
pub const YEAR_DAYS: u32 = 365;
/// Covered days a year-long period needs before "no vacation at all" is believed (a
/// judgement: about half of it).
pub const YEAR_MIN_COVERED_DAYS: u32 = 180;
/// The small hours, local clock hours 01 to 05: a sleep-window event then is the clearest
/// sign of work cutting into sleep, shown as the example.
pub const SMALL_HOURS: std::ops::RangeInclusive<u8> = 1..=5;

/// How many signs each stage needs (the stage rule; docs/method.md, "Stage").
pub const STAGE_SIGNS_NEEDED: [usize; 4] = [1, 2, 2, 1];
/// Pages while not on call that make a stage 2 sign (a judgement: one can be a fluke, two in
/// a period is a habit forming).
pub const OFF_ROTATION_PAGES: u32 = 2;
/// Physical warning signs answered "often" that make a stage 3 sign (a judgement).
pub const PHYSICAL_SIGNS_OFTEN: usize = 2;

/// High-risk checklist items whose status must be known (measured with enough data, or
/// answered) before "low" or "sustainable" can be said (rule v3): with fewer, the absence of
/// signs is the absence of data — one thin source (a commit a day) rules nothing out. A
/// judgement: two of the seven high-risk items, e.g. hours and sleep from a shell history, or
/// the answered checklist.
pub const MIN_KNOWN_HIGH_FOR_LOW: usize = 2;
