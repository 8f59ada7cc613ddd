//! The person's declared boundaries and identities: the yardstick every metric is measured
//! against. Read from and written to a TOML file; loading never touches anything else.
//!
//! Defaults follow PagerDuty's analytics bands so that figures are comparable: business hours
//! 08:00–18:00 Monday to Friday, sleep window 22:00–08:00 every day, a 45-hour week and a
//! 04:00 day boundary.

pub mod alerts;
mod clock;
mod oncall;
pub mod personal;
pub mod schedule;
pub mod sources;

use std::path::Path;

use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

pub use alerts::AlertSettings;
pub use clock::{ClockError, TimeOfDay, TimeRange, parse_ranges};
pub use oncall::{OnCall, Rotation};
pub use personal::PersonalRules;

/// Settings could not be read, parsed or applied.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("cannot read {path}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot write {path}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot parse {path}")]
    Parse {
        path: String,
        source: Box<toml::de::Error>,
    },
    #[error("unknown time zone `{0}`: use an IANA name such as Europe/Berlin or America/New_York")]
    UnknownZone(String),
    #[error(transparent)]
    Clock(#[from] ClockError),
    #[error("unknown setting `{0}` (see `canary config show` for the keys)")]
    UnknownKey(String),
    #[error("bad value for `{key}`: {reason}")]
    BadValue { key: String, reason: String },
}

/// Working hours for each weekday; an empty list is a day off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeekHours {
    pub mon: Vec<TimeRange>,
    pub tue: Vec<TimeRange>,
    pub wed: Vec<TimeRange>,
    pub thu: Vec<TimeRange>,
    pub fri: Vec<TimeRange>,
    pub sat: Vec<TimeRange>,
    pub sun: Vec<TimeRange>,
}

impl Default for WeekHours {
    fn default() -> Self {
        let day = vec![
            TimeRange::new(
                TimeOfDay::new(8, 0).unwrap(),
                TimeOfDay::new(18, 0).unwrap(),
            )
            .unwrap(),
        ];
        WeekHours {
            mon: day.clone(),
            tue: day.clone(),
            wed: day.clone(),
            thu: day.clone(),
            fri: day,
            sat: Vec::new(),
            sun: Vec::new(),
        }
    }
}

impl WeekHours {
    /// The ranges declared for a weekday.
    pub fn on(&self, day: Weekday) -> &[TimeRange] {
        match day {
            Weekday::Monday => &self.mon,
            Weekday::Tuesday => &self.tue,
            Weekday::Wednesday => &self.wed,
            Weekday::Thursday => &self.thu,
            Weekday::Friday => &self.fri,
            Weekday::Saturday => &self.sat,
            Weekday::Sunday => &self.sun,
        }
    }

    fn on_mut(&mut self, day: Weekday) -> &mut Vec<TimeRange> {
        match day {
            Weekday::Monday => &mut self.mon,
            Weekday::Tuesday => &mut self.tue,
            Weekday::Wednesday => &mut self.wed,
            Weekday::Thursday => &mut self.thu,
            Weekday::Friday => &mut self.fri,
            Weekday::Saturday => &mut self.sat,
            Weekday::Sunday => &mut self.sun,
        }
    }

    /// Whether the weekday is a working day at all.
    pub fn works_on(&self, day: Weekday) -> bool {
        !self.on(day).is_empty()
    }
}

/// The nightly sleep window; it wraps past midnight when `start > end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SleepWindow {
    pub start: TimeOfDay,
    pub end: TimeOfDay,
}

impl Default for SleepWindow {
    fn default() -> Self {
        SleepWindow {
            start: TimeOfDay::new(22, 0).unwrap(),
            end: TimeOfDay::new(8, 0).unwrap(),
        }
    }
}

impl SleepWindow {
    /// Whether a clock time (minutes after midnight) is inside the window.
    pub fn contains(self, minute_of_day: u16) -> bool {
        let (s, e) = (self.start.minutes(), self.end.minutes());
        if s == e {
            false
        } else if s < e {
            s <= minute_of_day && minute_of_day < e
        } else {
            minute_of_day >= s || minute_of_day < e
        }
    }

    /// Whether the window crosses midnight.
    pub fn wraps(self) -> bool {
        self.start > self.end
    }
}

/// Who the person is in each source, to tell their own traces from others'.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Identities {
    /// Mail addresses, also matched against git author emails.
    pub emails: Vec<String>,
    /// Git author names (matched after `.mailmap`).
    pub git_names: Vec<String>,
    /// Chat user ids (Slack `U…` ids).
    pub chat_ids: Vec<String>,
    /// On-call user ids (PagerDuty, Opsgenie).
    pub oncall_ids: Vec<String>,
}

/// What counts as a true emergency: off-hours work on one is expected, not a warning sign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EmergencyRules {
    /// Incident urgencies that are emergencies (`high`, `normal`, `low`).
    pub urgencies: Vec<String>,
    /// Incident priorities that are emergencies (`P1`, `P2`, …).
    pub priorities: Vec<String>,
    /// Senders whose mail is an emergency.
    pub senders: Vec<String>,
    /// Case-insensitive substrings of a mail subject that make it an emergency (checked at
    /// import; subjects are not stored).
    pub subject_patterns: Vec<String>,
}

impl Default for EmergencyRules {
    fn default() -> Self {
        EmergencyRules {
            urgencies: vec!["high".into()],
            priorities: vec!["P1".into(), "P2".into()],
            senders: Vec::new(),
            subject_patterns: Vec::new(),
        }
    }
}

/// A declared period away from work, inclusive of both dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vacation {
    pub start: Date,
    pub end: Date,
}

/// Everything a person declares. Every field has a default, so an empty file is valid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default = "Settings::unzoned", deny_unknown_fields)]
pub struct Settings {
    /// IANA time zone name; local time is computed in it.
    pub timezone: String,
    /// Use each event's own recorded UTC offset for local time instead of `timezone`
    /// (for people who travel).
    pub use_event_offset: bool,
    /// The weekly hours the person will not go beyond except for genuine emergencies.
    pub max_weekly_hours: f64,
    /// Activity before this clock time counts toward the previous day's workday.
    pub day_boundary: TimeOfDay,
    /// The person's role, which shapes the plan: sysadmin, network, helpdesk, manager.
    pub role: String,
    pub hours: WeekHours,
    pub sleep: SleepWindow,
    pub identities: Identities,
    pub emergency: EmergencyRules,
    pub vacations: Vec<Vacation>,
    /// Public holidays and other days off, as dates.
    pub holidays: Vec<Date>,
    /// When the person is on call (periods, a rotation); empty when not declared.
    #[serde(skip_serializing_if = "is_default")]
    pub oncall: OnCall,
    /// Which traces are personal, not work (applied at import; see [`personal`]).
    #[serde(skip_serializing_if = "is_default")]
    pub personal: PersonalRules,
    /// The alert rules' thresholds, when alerts may be delivered and how many a day.
    #[serde(skip_serializing_if = "is_default")]
    pub alerts: AlertSettings,
}

fn is_default<T: Default + PartialEq>(x: &T) -> bool {
    *x == T::default()
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            timezone: machine_zone(),
            ..Settings::unzoned()
        }
    }
}

/// The zone of settings read from a file that names none, until [`Settings::from_toml`] puts
/// the machine's in its place.
const UNSET_ZONE: &str = "\0unset";

impl Settings {
    /// The defaults, with the zone left to find: asking the system for its zone's name reads
    /// the whole zone database's listing (jiff walks `/usr/share/zoneinfo`: 1–2 ms), which
    /// a file that declares its zone — every command's — need not pay.
    fn unzoned() -> Settings {
        Settings {
            timezone: UNSET_ZONE.to_string(),
            use_event_offset: false,
            max_weekly_hours: 45.0,
            day_boundary: TimeOfDay::new(4, 0).unwrap(),
            role: "sysadmin".to_string(),
            hours: WeekHours::default(),
            sleep: SleepWindow::default(),
            identities: Identities::default(),
            emergency: EmergencyRules::default(),
            vacations: Vec::new(),
            holidays: Vec::new(),
            oncall: OnCall::default(),
            personal: PersonalRules::default(),
            alerts: AlertSettings::default(),
        }
    }
}

/// The zone of settings that name none: the machine's, else UTC.
fn machine_zone() -> String {
    system_zone_name().unwrap_or_else(|| "UTC".to_string())
}

/// The machine's IANA zone name, when it has one.
pub fn system_zone_name() -> Option<String> {
    TimeZone::try_system()
        .ok()
        .and_then(|tz| tz.iana_name().map(str::to_string))
}

/// Look a zone up by IANA name. The database bundled into Canary is tried first so that the
/// same input gives the same answer on every machine; the system's is the fallback.
pub fn lookup_zone(name: &str) -> Result<TimeZone, SettingsError> {
    if name.eq_ignore_ascii_case("utc") {
        return Ok(TimeZone::UTC);
    }
    jiff::tz::TimeZoneDatabase::bundled()
        .get(name)
        .or_else(|_| jiff::tz::db().get(name))
        .map_err(|_| SettingsError::UnknownZone(name.to_string()))
}

/// Setting keys that `config set` understands, with a one-line description each.
pub const KEYS: &[(&str, &str)] = &[
    ("timezone", "IANA time zone, e.g. Europe/Berlin"),
    (
        "use_event_offset",
        "true to use each event's own UTC offset (travel)",
    ),
    (
        "max_weekly_hours",
        "weekly hours you will not exceed, e.g. 45",
    ),
    (
        "day_boundary",
        "activity before this time counts for the previous day, e.g. 04:00",
    ),
    ("role", "sysadmin, network, helpdesk or manager"),
    (
        "hours.mon … hours.sun",
        "working hours, e.g. 08:00-12:00,13:00-17:00, or off",
    ),
    ("hours.weekdays", "the same hours for Monday to Friday"),
    ("sleep", "sleep window, e.g. 22:00-07:00"),
    (
        "identities.emails",
        "comma-separated mail addresses (also git author emails)",
    ),
    ("identities.git_names", "comma-separated git author names"),
    ("identities.chat_ids", "comma-separated chat user ids"),
    ("identities.oncall_ids", "comma-separated on-call user ids"),
    (
        "personal.apps, personal.titles",
        "comma-separated app or window-title patterns whose time is personal",
    ),
    (
        "personal.phone_work_apps",
        "a phone's work apps (the rest of its app time is personal)",
    ),
    (
        "personal.dirs, personal.hosts",
        "folders and hosts whose shell commands are personal (atuin)",
    ),
    (
        "personal.repos",
        "git repository folders whose commits are personal",
    ),
    ("personal.accounts", "mail addresses whose mail is personal"),
    (
        "emergency.urgencies",
        "comma-separated incident urgencies that are emergencies",
    ),
    (
        "emergency.priorities",
        "comma-separated incident priorities that are emergencies",
    ),
    (
        "emergency.senders",
        "comma-separated mail senders that are emergencies",
    ),
    (
        "emergency.subject_patterns",
        "comma-separated subject substrings that are emergencies",
    ),
    (
        "vacations",
        "comma-separated YYYY-MM-DD..YYYY-MM-DD periods",
    ),
    ("holidays", "comma-separated YYYY-MM-DD dates"),
    (
        "oncall.periods",
        "comma-separated YYYY-MM-DD..YYYY-MM-DD periods you are on call",
    ),
    (
        "oncall.rotation",
        "FIRST/EVERY-N-WEEKS/DAYS, e.g. 2026-01-05/4/7 (a week in four), or none",
    ),
];

impl Settings {
    /// Read settings from a TOML file. A missing file gives the defaults.
    pub fn load(path: &Path) -> Result<Settings, SettingsError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
            Err(source) => {
                return Err(SettingsError::Read {
                    path: path.display().to_string(),
                    source,
                });
            }
        };
        let settings = Settings::from_toml(&text).map_err(|e| match e {
            SettingsError::Parse { source, .. } => SettingsError::Parse {
                path: path.display().to_string(),
                source,
            },
            other => other,
        })?;
        Ok(settings)
    }

    /// Parse and validate TOML text.
    pub fn from_toml(text: &str) -> Result<Settings, SettingsError> {
        let mut settings: Settings = toml::from_str(text).map_err(|e| SettingsError::Parse {
            path: "settings".to_string(),
            source: Box::new(e),
        })?;
        if settings.timezone == UNSET_ZONE {
            settings.timezone = machine_zone();
        }
        settings.validate()?;
        Ok(settings)
    }

    /// The settings as TOML, as `save` writes them, under a short explanatory header.
    pub fn to_toml(&self) -> String {
        let body = toml::to_string_pretty(self).expect("settings always serialize");
        format!(
            "# Canary settings: the boundaries your work is measured against.\n\
             # Edit here or with `canary config set KEY VALUE` (`canary config keys` lists them).\n\
             # Times are HH:MM local time; hours.* take ranges like \"08:00-12:00\", [] for a day off.\n\n{body}"
        )
    }

    /// Write the settings (0600), creating the parent folder (0700). The write is atomic
    /// ([`crate::fsutil::write_atomic`]): on any error the old file is unchanged.
    pub fn save(&self, path: &Path) -> Result<(), SettingsError> {
        let write_err = |source| SettingsError::Write {
            path: path.display().to_string(),
            source,
        };
        // 0600 in a 0700 folder, replaced atomically (a full disk leaves the old file whole).
        crate::privacy::private::write(path, self.to_toml().as_bytes()).map_err(write_err)
    }

    /// Check what the type system cannot: a known zone, sane numbers, ordered vacations.
    pub fn validate(&self) -> Result<(), SettingsError> {
        lookup_zone(&self.timezone)?;
        if !(self.max_weekly_hours.is_finite()
            && self.max_weekly_hours > 0.0
            && self.max_weekly_hours <= 168.0)
        {
            return Err(SettingsError::BadValue {
                key: "max_weekly_hours".into(),
                reason: format!("{} is not between 0 and 168", self.max_weekly_hours),
            });
        }
        if self.day_boundary > TimeOfDay::new(12, 0).unwrap() {
            return Err(SettingsError::BadValue {
                key: "day_boundary".into(),
                reason: "must be between 00:00 and 12:00".into(),
            });
        }
        for (key, periods) in [
            ("vacations", &self.vacations),
            ("oncall.periods", &self.oncall.periods),
        ] {
            if let Some(v) = periods.iter().find(|v| v.end < v.start) {
                return Err(SettingsError::BadValue {
                    key: key.into(),
                    reason: format!("{}..{} ends before it starts", v.start, v.end),
                });
            }
        }
        self.alerts.validate()?;
        if let Some(r) = &self.oncall.rotation {
            r.check().map_err(|reason| SettingsError::BadValue {
                key: "oncall.rotation".into(),
                reason,
            })?;
        }
        for day in [
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday,
            Weekday::Saturday,
            Weekday::Sunday,
        ] {
            let r = self.hours.on(day);
            if r.windows(2).any(|w| w[1].start < w[0].end) {
                return Err(SettingsError::BadValue {
                    key: format!("hours.{}", weekday_key(day)),
                    reason: "ranges overlap or are not in order".into(),
                });
            }
        }
        Ok(())
    }

    /// The configured zone, resolved.
    pub fn zone(&self) -> Result<TimeZone, SettingsError> {
        lookup_zone(&self.timezone)
    }

    /// Whether a date is a declared vacation day.
    pub fn is_vacation(&self, date: Date) -> bool {
        self.vacations
            .iter()
            .any(|v| v.start <= date && date <= v.end)
    }

    /// Whether a date is a working day: its weekday has hours and it is not a holiday.
    pub fn is_working_day(&self, date: Date) -> bool {
        self.hours.works_on(date.weekday()) && !self.holidays.contains(&date)
    }

    /// Change one setting from its text form, as `canary config set KEY VALUE` does.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), SettingsError> {
        let bad = |reason: String| SettingsError::BadValue {
            key: key.to_string(),
            reason,
        };
        let list = |v: &str| -> Vec<String> {
            v.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        match key {
            "timezone" => {
                lookup_zone(value)?;
                self.timezone = value.to_string();
            }
            "use_event_offset" => {
                self.use_event_offset = value
                    .parse()
                    .map_err(|_| bad("expected true or false".into()))?;
            }
            "max_weekly_hours" => {
                self.max_weekly_hours = value
                    .parse()
                    .map_err(|_| bad("expected a number of hours".into()))?;
            }
            "day_boundary" => self.day_boundary = value.parse()?,
            "role" => {
                if !ROLES.contains(&value) {
                    return Err(bad(format!("expected one of {}", ROLES.join(", "))));
                }
                self.role = value.to_string();
            }
            "sleep" => {
                let (a, b) = value
                    .split_once('-')
                    .ok_or_else(|| bad("write it as HH:MM-HH:MM, e.g. 22:00-07:00".into()))?;
                self.sleep = SleepWindow {
                    start: a.parse()?,
                    end: b.parse()?,
                };
            }
            "hours.weekdays" => {
                let r = parse_ranges(value)?;
                for d in [
                    Weekday::Monday,
                    Weekday::Tuesday,
                    Weekday::Wednesday,
                    Weekday::Thursday,
                    Weekday::Friday,
                ] {
                    *self.hours.on_mut(d) = r.clone();
                }
            }
            "identities.emails" => self.identities.emails = list(value),
            "identities.git_names" => self.identities.git_names = list(value),
            "identities.chat_ids" => self.identities.chat_ids = list(value),
            "identities.oncall_ids" => self.identities.oncall_ids = list(value),
            "personal.apps" => self.personal.apps = list(value),
            "personal.titles" => self.personal.titles = list(value),
            "personal.phone_work_apps" => self.personal.phone_work_apps = list(value),
            "personal.dirs" => self.personal.dirs = list(value),
            "personal.hosts" => self.personal.hosts = list(value),
            "personal.repos" => self.personal.repos = list(value),
            "personal.accounts" => self.personal.accounts = list(value),
            "emergency.urgencies" => self.emergency.urgencies = list(value),
            "emergency.priorities" => self.emergency.priorities = list(value),
            "emergency.senders" => self.emergency.senders = list(value),
            "emergency.subject_patterns" => self.emergency.subject_patterns = list(value),
            "vacations" => {
                self.vacations = list(value)
                    .iter()
                    .map(|p| parse_period(p).map_err(bad))
                    .collect::<Result<_, _>>()?;
            }
            "oncall.periods" => {
                self.oncall.periods = list(value)
                    .iter()
                    .map(|p| parse_period(p).map_err(bad))
                    .collect::<Result<_, _>>()?;
            }
            "oncall.rotation" => {
                self.oncall.rotation = match value.trim() {
                    "" | "none" => None,
                    v => Some(Rotation::parse(v).map_err(bad)?),
                };
            }
            "holidays" => {
                self.holidays = list(value)
                    .iter()
                    .map(|d| d.parse::<Date>().map_err(|e| bad(format!("{d}: {e}"))))
                    .collect::<Result<_, _>>()?;
            }
            other if other.starts_with("alerts.") => {
                self.alerts
                    .set(other, value)
                    .ok_or_else(|| SettingsError::UnknownKey(other.to_string()))??;
            }
            other => {
                let day = other
                    .strip_prefix("hours.")
                    .and_then(weekday_from_key)
                    .ok_or_else(|| SettingsError::UnknownKey(other.to_string()))?;
                *self.hours.on_mut(day) = parse_ranges(value)?;
            }
        }
        self.validate()
    }
}

/// The roles the plan knows.
pub const ROLES: &[&str] = &["sysadmin", "network", "helpdesk", "manager"];

/// Parse `YYYY-MM-DD..YYYY-MM-DD` (or a single date) into a vacation.
pub fn parse_period(s: &str) -> Result<Vacation, String> {
    let (a, b) = s.split_once("..").unwrap_or((s, s));
    let start: Date = a.trim().parse().map_err(|e| format!("{a}: {e}"))?;
    let end: Date = b.trim().parse().map_err(|e| format!("{b}: {e}"))?;
    if end < start {
        return Err(format!("{s} ends before it starts"));
    }
    Ok(Vacation { start, end })
}

/// The config key of a weekday (`mon` … `sun`).
pub fn weekday_key(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "mon",
        Weekday::Tuesday => "tue",
        Weekday::Wednesday => "wed",
        Weekday::Thursday => "thu",
        Weekday::Friday => "fri",
        Weekday::Saturday => "sat",
        Weekday::Sunday => "sun",
    }
}

/// The weekday of a config key (`mon` … `sun`).
pub fn weekday_from_key(key: &str) -> Option<Weekday> {
    Some(match key {
        "mon" => Weekday::Monday,
        "tue" => Weekday::Tuesday,
        "wed" => Weekday::Wednesday,
        "thu" => Weekday::Thursday,
        "fri" => Weekday::Friday,
        "sat" => Weekday::Saturday,
        "sun" => Weekday::Sunday,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_without_a_zone_takes_the_machines_and_one_with_a_zone_keeps_it() {
        let machine = Settings::default().timezone;
        assert_ne!(machine, UNSET_ZONE);
        assert_eq!(Settings::from_toml("").unwrap().timezone, machine);
        assert_eq!(
            Settings::from_toml("role = \"sre\"").unwrap().timezone,
            machine
        );
        let declared = Settings::from_toml("timezone = \"Pacific/Chatham\"").unwrap();
        assert_eq!(declared.timezone, "Pacific/Chatham");
        assert_eq!(
            declared,
            Settings {
                timezone: "Pacific/Chatham".into(),
                ..Settings::default()
            }
        );
        // An empty zone is still refused, not taken for an absent one.
        assert!(Settings::from_toml("timezone = \"\"").is_err());
    }

    #[test]
    fn empty_file_is_the_defaults() {
        let s = Settings::from_toml("timezone = \"Europe/Berlin\"").unwrap();
        assert_eq!(s.max_weekly_hours, 45.0);
        assert_eq!(s.day_boundary.to_string(), "04:00");
        assert_eq!(s.hours.mon[0].to_string(), "08:00-18:00");
        assert!(s.hours.sat.is_empty());
        assert_eq!(
            (s.sleep.start.to_string(), s.sleep.end.to_string()),
            ("22:00".into(), "08:00".into())
        );
    }

    #[test]
    fn round_trips_through_toml() {
        let mut s = Settings {
            timezone: "America/New_York".into(),
            ..Settings::default()
        };
        s.set("hours.wed", "07:00-11:00,15:00-19:00").unwrap();
        s.set("identities.emails", "me@example.org, me@work.example")
            .unwrap();
        s.set("vacations", "2026-08-01..2026-08-14").unwrap();
        s.set("oncall.rotation", "2026-01-05/4/7").unwrap();
        s.set("oncall.periods", "2026-12-24..2026-12-26").unwrap();
        let back = Settings::from_toml(&s.to_toml()).unwrap();
        assert_eq!(back, s);
        assert!(back.oncall.on_call("2026-12-25".parse().unwrap()));
        assert!(back.oncall.on_call("2026-02-03".parse().unwrap()));
        s.set("oncall.rotation", "none").unwrap();
        assert_eq!(s.oncall.rotation, None);
        assert_eq!(back.identities.emails.len(), 2);
        assert!(back.is_vacation("2026-08-10".parse().unwrap()));
    }

    #[test]
    fn refuses_what_makes_no_sense() {
        assert!(matches!(
            Settings::from_toml("timezone = \"Mars/Olympus\""),
            Err(SettingsError::UnknownZone(_))
        ));
        let mut s = Settings {
            timezone: "UTC".into(),
            ..Settings::default()
        };
        assert!(matches!(
            s.set("colour", "red"),
            Err(SettingsError::UnknownKey(_))
        ));
        assert!(s.set("max_weekly_hours", "-3").is_err());
        assert!(s.set("hours.mon", "09:00-08:00").is_err());
        assert!(s.set("vacations", "2026-08-14..2026-08-01").is_err());
        assert!(s.set("oncall.periods", "2026-08-14..2026-08-01").is_err());
        assert!(s.set("oncall.rotation", "2026-01-05/4/30").is_err());
        let err = Settings::from_toml(
            "timezone = \"UTC\"\n[oncall]\nrotation = { first = \"2026-01-05\", every_weeks = 0, days = 7 }",
        )
        .unwrap_err();
        let chain = format!(
            "{err}: {:?}",
            std::error::Error::source(&err).map(ToString::to_string)
        );
        assert!(chain.contains("every_weeks must be 1 to 52"), "{chain}");
        let ok = Settings::from_toml(
            "timezone = \"UTC\"\n[oncall]\nrotation = { first = \"2026-01-05\", every_weeks = 4, days = 7 }",
        )
        .unwrap();
        assert!(ok.oncall.declared());
        let err = Settings::from_toml("timezone = \"UTC\"\nmax_weekly_hour = 40").unwrap_err();
        let chain = format!(
            "{err}: {:?}",
            std::error::Error::source(&err).map(ToString::to_string)
        );
        assert!(chain.contains("unknown field `max_weekly_hour`"), "{chain}");
    }

    #[test]
    fn sleep_window_wraps_midnight() {
        let w = SleepWindow::default();
        assert!(w.wraps());
        assert!(
            w.contains(23 * 60)
                && w.contains(3 * 60)
                && !w.contains(8 * 60)
                && !w.contains(12 * 60)
        );
        let early = SleepWindow {
            start: TimeOfDay::new(0, 30).unwrap(),
            end: TimeOfDay::new(7, 0).unwrap(),
        };
        assert!(!early.wraps() && early.contains(60) && !early.contains(0));
    }
}
