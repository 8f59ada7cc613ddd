//! The table of importable sources, one row per format: the data behind both
//! [`crate::event::SourceKind`] (each row is a variant, with its name and help) and the
//! importer registry ([`crate::sources::registry`]: the import function, typed options and
//! where `canary import auto` looks).
//!
//! A leaf on purpose: it names nothing of the crate, so `event` (at the bottom) and `sources`
//! (above the store) can both expand it without `event` depending on `sources`. The import
//! functions and discovery entries in a row are tokens, resolved where the registry expands the
//! table; `event.rs` reads only `name`, `help` and `continuous`. How to add an importer: see
//! [`crate::sources::registry`].

/// The table itself, handed to a callback macro: `sources::registry` builds its `SOURCES` from
/// it and `event.rs` builds `SourceKind` (variants, names, `ALL`). Each row is
/// `Variant { name: "…", help: "…", continuous: bool, import: …, options: &[…], discover: &[…], }`,
/// with `name`, `help` and `continuous` first (the fields `event.rs` reads) and a trailing comma
/// after each field. `continuous` says whether the source records work as it happens, so that
/// a day it saw nothing is evidence (shell histories, ActivityWatch, calendars, on-call), or only
/// leaves marks now and then (commits, sent mail, chat, ticket exports): see
/// `SourceKind::is_continuous` and docs/method.md ("Continuous and sparse sources").
macro_rules! source_table {
    ($callback:ident) => {
        $callback! {
            Git {
                name: "git",
                help: "Git repositories: every local and remote-tracking branch",
                continuous: false,
                import: git::import,
                options: &[],
                discover: &[Discover::GitRepositories],
            }
            Bash {
                name: "bash",
                help: "Bash history written with HISTTIMEFORMAT (`#<epoch>` lines)",
                continuous: true,
                import: bash::import,
                options: &[],
                discover: &[Discover::HomeFile(".bash_history", "bash history")],
            }
            Zsh {
                name: "zsh",
                help: "Zsh extended history (`: <epoch>:<elapsed>;<command>`)",
                continuous: true,
                import: zsh::import,
                options: &[],
                discover: &[
                    Discover::HomeFile(".zsh_history", "zsh history"),
                    Discover::HomeFile(".histfile", "zsh history"),
                ],
            }
            Fish {
                name: "fish",
                help: "Fish history (`~/.local/share/fish/fish_history`)",
                continuous: true,
                import: fish::import,
                options: &[],
                discover: &[Discover::HomeFile(".local/share/fish/fish_history", "fish history")],
            }
            Atuin {
                name: "atuin",
                help: "Atuin's history database (`~/.local/share/atuin/history.db`)",
                continuous: true,
                import: atuin::import,
                options: &[],
                discover: &[Discover::HomeFile(".local/share/atuin/history.db", "atuin history")],
            }
            Mbox {
                name: "mbox",
                help: "mbox mail folders (Thunderbird, Google Takeout, mutt); headers only",
                continuous: false,
                import: mbox::import,
                options: &[],
                discover: &[
                    Discover::FilesIn("mail", &[], "mbox", "mbox file"),
                    Discover::FilesIn("Mail", &[], "mbox", "mbox file"),
                    Discover::FilesIn("Downloads", &[], "mbox", "mbox file"),
                    Discover::FilesIn("Takeout/Mail", &[], "mbox", "Google Takeout mail"),
                    Discover::FilesIn("Downloads/Takeout/Mail", &[], "mbox", "Google Takeout mail"),
                    Discover::ThunderbirdFolders,
                ],
            }
            Maildir {
                name: "maildir",
                help: concat!(
                    "Maildir folders (nested Maildir++ and one-file-per-message folders); ",
                    "headers only",
                ),
                continuous: false,
                import: maildir::import,
                options: &[],
                discover: &[
                    Discover::MaildirTree(
                        ".local/share/evolution/mail/local",
                        "Evolution local mail",
                    ),
                    Discover::MaildirTree("Maildir", "Maildir"),
                    Discover::MaildirTree("Mail", "mail folder"),
                    Discover::MaildirTree("mail", "mail folder"),
                    Discover::MaildirTree(".maildir", "Maildir"),
                ],
            }
            Ics {
                name: "ics",
                help: "iCalendar `.ics` exports (Google, Outlook, Thunderbird)",
                continuous: true,
                import: ics::import,
                options: &[
                    TIMEZONE.help(
                        "the zone of floating times and all-day days (default: yours)",
                    ),
                    ics::SINCE.help(
                        "import from this day or instant on (default: the file's start)",
                    ),
                    ics::UNTIL.help(
                        "import up to this day (inclusive) or instant (default: the file's end)",
                    ),
                    ics::VACATION_PATTERN.help(
                        "`|`-separated words that make an all-day busy event a vacation",
                    ),
                    ics::HOLIDAYS.help(
                        "whether it is a public-holiday calendar (default: guessed from its name)",
                    ),
                ],
                discover: &[
                    Discover::FilesIn("Downloads", &[], "ics", "calendar export"),
                    Discover::FilesIn("Calendar", &[], "ics", "calendar export"),
                    Discover::FilesIn("Takeout/Calendar", &[], "ics", "Google Takeout calendar"),
                    Discover::FilesIn(
                        "Downloads/Takeout/Calendar",
                        &[],
                        "ics",
                        "Google Takeout calendar",
                    ),
                ],
            }
            Pagerduty {
                name: "pagerduty",
                help: "PagerDuty incidents and log entries (API JSON or the web UI's CSV export)",
                continuous: true,
                import: pagerduty::import,
                options: &[TIMEZONE.help(
                    "the zone of times written without an offset (default: yours)",
                )],
                discover: &[
                    Discover::FilesIn("Downloads", &["pagerduty", "incidents"], "csv", "PagerDuty export"),
                    Discover::FilesIn("Downloads", &["pagerduty", "incidents"], "json", "PagerDuty export"),
                ],
            }
            Opsgenie {
                name: "opsgenie",
                help: "Opsgenie alert exports (API JSON)",
                continuous: true,
                import: opsgenie::import,
                options: &[opsgenie::TIME_UNIT.help(
                    "the unit of ackTime and closeTime (default: decided per file)",
                )],
                discover: &[Discover::FilesIn("Downloads", &["opsgenie"], "json", "Opsgenie export")],
            }
            Slack {
                name: "slack",
                help: "A Slack workspace export folder",
                continuous: false,
                import: slack::import,
                options: &[slack::ALL_USERS.help(
                    "import everyone's messages, others' as theirs (default: only yours)",
                )],
                discover: &[Discover::SlackExports("Downloads")],
            }
            Activitywatch {
                name: "activitywatch",
                help: concat!(
                    "An ActivityWatch export (`aw-buckets-export.json`) or aw-server-rust's ",
                    "database (`~/.local/share/activitywatch/aw-server-rust/sqlite.db`)",
                ),
                continuous: true,
                import: activitywatch::import,
                options: &[activitywatch::PHONE_IS_WORK.help(
                    "count a phone's (aw-android) foreground apps as work (default: left out)",
                )],
                discover: &[
                    Discover::HomeFile("Downloads/aw-buckets-export.json", "ActivityWatch export"),
                    Discover::HomeFile(
                        ".local/share/activitywatch/aw-server-rust/sqlite.db",
                        "ActivityWatch database",
                    ),
                ],
            }
            Csv {
                name: "csv",
                help: "Any CSV with a timestamp column (see --option)",
                continuous: false,
                import: generic_csv::import,
                options: &[
                    generic_csv::TIMESTAMP.help(
                        "the column holding when each row happened (required)",
                    ),
                    generic_csv::END.help("the column holding when it ended"),
                    generic_csv::DURATION.help(
                        "the column holding how long it lasted, in seconds (instead of end)",
                    ),
                    generic_csv::KIND.help("the event kind of every row (default: other)"),
                    generic_csv::KIND_COLUMN.help(
                        "the column naming each row's event kind (instead of kind)",
                    ),
                    generic_csv::URGENCY_COLUMN.help("the column holding low, normal or high"),
                    generic_csv::KEY_COLUMN.help("the column holding each row's own id"),
                    TIMEZONE.help(
                        "the zone of times written without an offset (default: yours)",
                    ),
                    generic_csv::DELIMITER.help(
                        "`,`, `;`, `tab` or another single character (default: guessed)",
                    ),
                ],
                discover: &[],
            }
        }
    };
}
pub(crate) use source_table;
