//! Slack workspace export: the unzipped folder an admin downloads from *Workspace settings →
//! Import/Export data*.
//!
//! The folder holds the conversation lists — `channels.json` (public channels, required),
//! optional `groups.json` (private channels), `mpims.json` (group DMs) and `dms.json` (DMs) —
//! and one folder per conversation with a file per day, `<folder>/<YYYY-MM-DD>.json`, each a
//! JSON array of messages. Public channels, private channels and group DMs are foldered by
//! name, DMs by id. `users.json` is never read: names and profiles are not needed.
//!
//! Each message the person wrote (its `user` is one of `identities.chat_ids`) becomes one
//! [`EventKind::ChatMessage`]: time from `ts` (`"secs.micros"`, also the message id; the day
//! file's name is not used), key `<channel id>/<ts>` so that importing again adds nothing,
//! `parent` the thread's key `<channel id>/<thread_ts>` for a reply, `counterpart` the hashed
//! channel id, `context` the channel name for public channels and the hashed id for private
//! channels and DMs, `automated` when an app posted it (`bot_id`). Nothing of the text is kept.
//!
//! Only authored messages count: no `subtype`, or one of [`AUTHORED_SUBTYPES`]
//! (`thread_broadcast`, `me_message`, `file_share`, …). Edits (`message_changed`), deletions,
//! joins and leaves, topic and purpose changes, bot messages, `hidden` records and any other
//! subtype are *ignored*: they are not skipped records, only counted in [`Counts::ignored`].
//!
//! Options: `all_users=true` imports everyone's messages as other people's (actor = hashed user
//! id, the person's own still as theirs), for team analysis and testing. Without it and
//! without declared chat ids the import is refused, since nothing could be attributed.
//!
//! A day file that is not valid JSON is skipped with its name and the reason, and the others are
//! read; a message without a usable `ts` or `user` is skipped the same way, by its position in
//! the file (`message #n`, 1-based). A folder without `channels.json` is refused.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde_json::Value;

use super::options::Key;
use super::{ImportContext, ImportError, Location, Sink, SinkError};
use crate::event::{Event, EventKind, SourceKind};

/// Option: import everyone's messages, other people's as theirs.
pub const ALL_USERS: Key<bool> = Key::new("all_users");

/// Subtypes of messages a person wrote; every other subtype is a system or bot record.
pub const AUTHORED_SUBTYPES: &[&str] = &[
    "thread_broadcast",
    "reply_broadcast",
    "me_message",
    "file_share",
    "file_comment",
];

/// The hint given when nothing could be attributed to the person.
pub const NO_CHAT_IDS_HINT: &str = "declare your Slack member id (profile → ⋮ → Copy member ID): \
`canary config set identities.chat_ids U…`; or pass `-o all_users=true` to import everyone's \
messages as other people's";

const NOT_AN_EXPORT_HINT: &str = "give the unzipped folder of a Slack workspace export (it holds \
channels.json, users.json and one folder per channel)";

/// The conversation lists of an export: file, whether its conversations are private, and
/// whether the folders are named by id (DMs) rather than by name.
const LISTS: [(&str, bool, bool); 4] = [
    ("channels.json", false, false),
    ("groups.json", true, false),
    ("mpims.json", true, false),
    ("dms.json", true, true),
];

/// One conversation of the export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    /// Slack's id (`C…`, `G…`, `D…`).
    pub id: String,
    /// Its name (the id for DMs).
    pub name: String,
    /// The folder holding its day files.
    pub folder: String,
    /// A private channel, group DM or DM: its name is hashed, never stored.
    pub private: bool,
}

/// What an import found, beyond the events and skips it reported to the sink.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Messages turned into events.
    pub imported: u64,
    /// Authored messages by others, left out because `all_users` is not set.
    pub others: u64,
    /// Records that are not authored messages (edits, joins, topics, bots, …).
    pub ignored: u64,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.imported += o.imported;
        self.others += o.others;
        self.ignored += o.ignored;
    }
}

/// Import the Slack export folder at `path`.
pub fn import(path: &Path, ctx: &ImportContext, sink: &mut dyn Sink) -> Result<(), ImportError> {
    read_export(path, ctx, sink).map(|_| ())
}

/// Import the Slack export folder at `path` and say what was imported, left out and ignored.
pub fn read_export(
    path: &Path,
    ctx: &ImportContext,
    sink: &mut dyn Sink,
) -> Result<Counts, ImportError> {
    if !path.is_dir() {
        let reason = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
        {
            "a zipped Slack export: unzip it and import the folder"
        } else {
            "not a folder: a Slack export is imported as its unzipped folder"
        };
        return Err(ImportError::refused(path, reason, Some(NOT_AN_EXPORT_HINT)));
    }
    if !path.join("channels.json").is_file() {
        return Err(ImportError::refused(
            path,
            "no channels.json: not a Slack workspace export",
            Some(NOT_AN_EXPORT_HINT),
        ));
    }
    let all_users = ctx.options.get(ALL_USERS).unwrap_or(false);
    if !all_users && chat_ids(ctx).next().is_none() {
        return Err(ImportError::refused(
            path,
            "no chat user ids declared, so none of these messages can be told to be yours",
            Some(NO_CHAT_IDS_HINT),
        ));
    }
    let channels = read_lists(path, sink)?;
    skip_unlisted_folders(path, &channels, sink);

    let mut days: Vec<(&Channel, PathBuf, u64)> = Vec::new();
    for channel in &channels {
        let Ok(entries) = std::fs::read_dir(path.join(&channel.folder)) else {
            continue; // Slack leaves out the folders of conversations without messages.
        };
        let mut files: Vec<(PathBuf, u64)> = entries
            .filter_map(Result::ok)
            .map(|e| (e.path(), e.metadata().map(|m| m.len()).unwrap_or(0)))
            .filter(|(p, _)| p.is_file() && p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        days.extend(files.into_iter().map(|(p, len)| (channel, p, len)));
    }
    sink.total(days.iter().map(|d| d.2).sum());

    let mut counts = Counts::default();
    let mut done = 0;
    for (channel, file, len) in days {
        match read_file(&file) {
            Ok(bytes) => counts += read_day(&bytes, &file, channel, ctx, sink)?,
            Err(ImportError::Refused { reason, .. }) => sink.skip(at(&file), reason),
            Err(ImportError::Open { source, .. }) => {
                sink.skip(at(&file), format!("cannot read: {source}"));
            }
            Err(e) => return Err(e),
        }
        done += len;
        sink.progress(done);
    }
    Ok(counts)
}

/// Read one day file's bytes, a JSON array of messages, of `channel`; `file` names it in skips.
/// Messages are the person's (by `ctx.identities.chat_ids`), or everyone's with the option
/// `all_users=true`.
pub fn read_day(
    bytes: &[u8],
    file: &Path,
    channel: &Channel,
    ctx: &ImportContext,
    sink: &mut dyn Sink,
) -> Result<Counts, SinkError> {
    let mut counts = Counts::default();
    let messages = match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Array(messages)) => messages,
        Ok(_) => {
            sink.skip(at(file), "not a JSON array of messages".into());
            return Ok(counts);
        }
        Err(e) => {
            sink.skip(at(file), format!("not valid JSON: {e}"));
            return Ok(counts);
        }
    };
    let all_users = ctx.options.get(ALL_USERS).unwrap_or(false);
    for (i, message) in messages.iter().enumerate() {
        match message_event(message, channel, ctx, all_users) {
            Message::Event(event) => {
                counts.imported += 1;
                sink.event(*event)?;
            }
            Message::Others => counts.others += 1,
            Message::Ignored => counts.ignored += 1,
            Message::Bad(reason) => sink.skip(at(file), format!("message #{}: {reason}", i + 1)),
        }
    }
    Ok(counts)
}

/// What one record of a day file is.
enum Message {
    Event(Box<Event>),
    Others,
    Ignored,
    Bad(String),
}

fn message_event(m: &Value, channel: &Channel, ctx: &ImportContext, all_users: bool) -> Message {
    let Some(m) = m.as_object() else {
        return Message::Bad("not a JSON object".into());
    };
    let str_field = |name: &str| m.get(name).and_then(Value::as_str);
    let authored = match m.get("subtype") {
        None | Some(Value::Null) => true,
        Some(s) => s.as_str().is_some_and(|s| AUTHORED_SUBTYPES.contains(&s)),
    };
    let is_message = str_field("type").is_none_or(|t| t == "message");
    let hidden = m.get("hidden").and_then(Value::as_bool) == Some(true);
    if !authored || !is_message || hidden {
        return Message::Ignored;
    }
    let Some(ts) = str_field("ts").map(str::trim) else {
        return Message::Bad("no `ts`".into());
    };
    let utc = match parse_ts(ts) {
        Ok(utc) => utc,
        Err(reason) => return Message::Bad(reason),
    };
    let Some(user) = str_field("user").map(str::trim).filter(|u| !u.is_empty()) else {
        if m.contains_key("bot_id") {
            return Message::Ignored;
        }
        return Message::Bad("no `user`".into());
    };
    let mine = chat_ids(ctx).any(|id| id.eq_ignore_ascii_case(user));
    if !mine && !all_users {
        return Message::Others;
    }
    let key = format!("{}/{ts}", channel.id);
    let mut event = Event::mine(utc, EventKind::ChatMessage, SourceKind::Slack, key);
    if !mine {
        event.actor = Some(ctx.hasher.hash(user));
    }
    let hashed_channel = ctx.hasher.hash(&channel.id);
    event.context = Some(if channel.private {
        hashed_channel.clone()
    } else {
        channel.name.clone()
    });
    event.counterpart = Some(hashed_channel);
    event.parent = str_field("thread_ts")
        .map(str::trim)
        .filter(|t| *t != ts && parse_ts(t).is_ok())
        .map(|t| format!("{}/{t}", channel.id));
    event.automated = m.get("bot_id").is_some_and(|b| !b.is_null());
    Message::Event(Box::new(event))
}

/// A Slack `ts`, `"<secs>.<micros>"`, as an instant.
pub fn parse_ts(ts: &str) -> Result<Timestamp, String> {
    let shown = crate::privacy::excerpt(ts, crate::privacy::EXCERPT_CHARS);
    let bad = || format!("`ts` \"{shown}\" is not `<seconds>.<micros>`");
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (secs, frac) = match ts.split_once('.') {
        Some((secs, frac)) if digits(frac) && frac.len() <= 9 => (secs, frac),
        Some(_) => return Err(bad()),
        None => (ts, "0"),
    };
    if !digits(secs) {
        return Err(bad());
    }
    let secs: i64 = secs.parse().map_err(|_| bad())?;
    let nanos: i32 = format!("{frac:0<9}").parse().map_err(|_| bad())?;
    Timestamp::new(secs, nanos).map_err(|_| format!("`ts` \"{shown}\" is out of range"))
}

/// One file of the export: parsed whole, so refused above [`super::bounded::JSON_MAX`].
fn read_file(file: &Path) -> Result<Vec<u8>, ImportError> {
    use super::bounded::{JSON_MAX, JSON_SPLIT_HINT, read_whole};
    read_whole(file, JSON_MAX, "a Slack export file", JSON_SPLIT_HINT)
}

/// The conversations of the export at `dir`, from its lists, ordered by folder.
fn read_lists(dir: &Path, sink: &mut dyn Sink) -> Result<Vec<Channel>, ImportError> {
    let mut channels = BTreeMap::new();
    for (name, private, by_id) in LISTS {
        let file = dir.join(name);
        if name != "channels.json" && !file.exists() {
            continue;
        }
        let bytes = read_file(&file)?;
        match parse_list(&bytes, private, by_id) {
            Ok((list, bad)) => {
                for (i, reason) in bad {
                    sink.skip(at(&file), format!("entry #{i}: {reason}"));
                }
                for c in list {
                    channels.entry(c.folder.clone()).or_insert(c);
                }
            }
            Err(reason) if name == "channels.json" => {
                return Err(ImportError::refused(
                    &file,
                    reason,
                    Some(NOT_AN_EXPORT_HINT),
                ));
            }
            Err(reason) => sink.skip(at(&file), reason),
        }
    }
    Ok(channels.into_values().collect())
}

/// Entries read from one conversation list, and the 1-based positions of bad ones with why.
type ListEntries = (Vec<Channel>, Vec<(usize, String)>);

/// Parse a conversation list (`channels.json`, `groups.json`, `mpims.json`, `dms.json`).
pub fn parse_list(bytes: &[u8], private: bool, by_id: bool) -> Result<ListEntries, String> {
    let list = match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Array(list)) => list,
        Ok(_) => return Err("not a JSON array of conversations".into()),
        Err(e) => return Err(format!("not valid JSON: {e}")),
    };
    let (mut channels, mut bad) = (Vec::new(), Vec::new());
    for (i, entry) in list.iter().enumerate() {
        let field = |k: &str| entry.get(k).and_then(Value::as_str).map(str::trim);
        let Some(id) = field("id").filter(|s| !s.is_empty()) else {
            bad.push((i + 1, "no `id`".to_string()));
            continue;
        };
        let name = field("name").filter(|s| !s.is_empty()).unwrap_or(id);
        let folder = if by_id { id } else { name };
        if folder.contains(['/', '\\']) || folder == "." || folder == ".." {
            bad.push((i + 1, format!("folder name {folder:?} is not a plain name")));
            continue;
        }
        let is_private = entry.get("is_private").and_then(Value::as_bool) == Some(true);
        channels.push(Channel {
            id: id.to_string(),
            name: name.to_string(),
            folder: folder.to_string(),
            private: private || is_private,
        });
    }
    Ok((channels, bad))
}

/// Report folders of the export that no list names: their messages cannot be attributed to a
/// channel id, so they are not read.
fn skip_unlisted_folders(dir: &Path, channels: &[Channel], sink: &mut dyn Sink) {
    let listed: BTreeSet<&str> = channels.iter().map(|c| c.folder.as_str()).collect();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut unlisted: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_none_or(|n| !listed.contains(n))
        })
        .collect();
    unlisted.sort();
    for folder in unlisted {
        sink.skip(
            at(&folder),
            "folder not named in channels.json, groups.json, mpims.json or dms.json".into(),
        );
    }
}

/// The person's declared chat ids, trimmed, without empty ones.
fn chat_ids(ctx: &ImportContext) -> impl Iterator<Item = &str> {
    let ids = ctx.identities.chat_ids.iter().map(|s| s.trim());
    ids.filter(|s| !s.is_empty())
}

fn at(file: &Path) -> Location {
    Location {
        file: file.to_path_buf(),
        line: None,
    }
}

#[cfg(test)]
mod tests;
