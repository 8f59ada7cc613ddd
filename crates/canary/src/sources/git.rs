//! Git importer: every commit reachable from the local and remote-tracking branches of a
//! repository becomes one [`EventKind::Commit`] event at its *author* time, with the author's
//! own UTC offset.
//!
//! What it reads: the repository at the given path — a work tree, its `.git` folder or a bare
//! repository — through `gix`, never a `git` subprocess. Authors are resolved through the
//! repository's mailmap (`.mailmap` in the work tree, `HEAD:.mailmap` when bare, `mailmap.file`
//! / `mailmap.blob`), then compared with the person's identities: their commits have no actor,
//! everyone else's carry the keyed hash of their (mapped) email.
//!
//! What it does not do: it stores no messages, file names or trees, and does not follow tags,
//! stashes or detached `HEAD` — only `refs/heads/*` and `refs/remotes/*`. The event key is the
//! full hex commit id, so the same commit imported from a clone or a second run is one row;
//! and a change seen under several ids in one import (a rebased or cherry-picked commit beside
//! its original: same author, author time and subject) is imported once, the others counted
//! as repeats.
//!
//! Speed: each commit object is found and decompressed exactly once — its parents and author
//! come from the same parse — and authors are resolved and hashed once per distinct raw
//! identity, not per commit. Decompression and the pack index lookup are most of the time
//! that is left (`examples/import_git.rs`, `scripts/make-git-repo.py`).

use std::collections::HashMap;
use std::path::Path;

use gix::ObjectId;
use gix::bstr::ByteSlice;
use gix::objs::Find;
use gix::objs::bstr::BStr;
use gix::objs::{CommitRefIter, Kind};
use jiff::Timestamp;

use super::{ImportContext, ImportError, Location, Sink};
use crate::event::{Event, EventKind, SourceKind};

/// Progress is reported every this many commits.
pub const PROGRESS_EVERY: u64 = 4096;

/// Import the commits of the git repository at `path`.
///
/// # Errors
///
/// [`ImportError::Open`] when `path` cannot be read, [`ImportError::Refused`] when it is not
/// a git repository, [`ImportError::Sink`] when the sink fails. Commits that cannot be read
/// or decoded are skipped with `sink.skip(repo path, "commit <id>: <reason>")`.
pub fn import(path: &Path, ctx: &ImportContext, sink: &mut dyn Sink) -> Result<(), ImportError> {
    std::fs::metadata(path).map_err(|e| ImportError::open(path, e))?;
    // Caches: gix's pack cache of delta bases stays on (`max-performance`); its cache of
    // decoded objects is left unset, because each commit is read exactly once — on 200,000
    // commits a 4 MiB object cache cost ~10% more CPU and saved nothing.
    let repo = gix::open(path).map_err(|e| {
        let detail = e.to_string();
        let reason = if detail.contains("does not appear to be a git repository") {
            "not a git repository".to_string()
        } else {
            format!("cannot open as a git repository: {detail}")
        };
        ImportError::refused(
            path,
            reason,
            Some("give a work tree, its .git folder or a bare repository"),
        )
    })?;
    let at = || Location {
        file: path.to_path_buf(),
        line: None,
    };

    let mut walk = Walk::new(&repo);
    // Resuming (`canary sync`): the tips read last time stop the walk.
    for tip in &ctx.resume.known_tips {
        if let Ok(id) = ObjectId::from_hex(tip.as_bytes()) {
            walk.seen.insert(id);
        }
    }
    for prefix in [Prefix::Heads, Prefix::Remotes] {
        walk.add_tips(&repo, prefix, &mut |reason| sink.skip(at(), reason));
    }

    let mut actors = Actors::new(ctx, repo.open_mailmap());
    // A repository the person's `[personal] repos` names: every commit in it is personal.
    let folder = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let personal = ctx.personal.repo_is_personal(&folder, &ctx.home);
    let mut buf = Vec::new();
    let mut done = 0u64;
    let mut changes = std::collections::HashSet::new();
    while let Some(id) = walk.next() {
        let commit = match repo.objects.try_find(&id, &mut buf) {
            Ok(Some(data)) if data.kind == Kind::Commit => {
                let parents = walk.parents_wanted(&id);
                decode(data.data, data.object_hash, parents.then_some(&mut walk))
            }
            Ok(Some(data)) => Err(format!("is a {}, not a commit", data.kind)),
            Ok(None) => Err("missing from the object database".to_string()),
            Err(e) => Err(format!("cannot be read: {e}")),
        };
        match commit {
            // The same change seen again under another id (rebased, cherry-picked): once.
            Ok(c) if !changes.insert(Change::of(&c)) => sink.repeat(),
            Ok(c) => sink.event(Event {
                offset: c.offset,
                actor: actors.actor(c.name, c.email),
                personal,
                identity: Some(c.identity()),
                ..Event::mine(c.utc, EventKind::Commit, SourceKind::Git, id.to_string())
            })?,
            Err(reason) => sink.skip(at(), format!("commit {id}: {reason}")),
        }
        done += 1;
        if done.is_multiple_of(PROGRESS_EVERY) {
            sink.progress(done);
        }
    }
    sink.progress(done);
    Ok(())
}

/// The commit ids every local and remote-tracking branch points at, sorted: what `canary
/// sync` compares with last time, and hands back as [`super::Resume::known_tips`].
///
/// # Errors
///
/// [`ImportError::Refused`] when `path` is not a git repository.
pub fn tips(path: &Path) -> Result<Vec<String>, ImportError> {
    std::fs::metadata(path).map_err(|e| ImportError::open(path, e))?;
    let repo = gix::open(path).map_err(|e| {
        ImportError::refused(path, format!("cannot open as a git repository: {e}"), None)
    })?;
    let mut walk = Walk::new(&repo);
    for prefix in [Prefix::Heads, Prefix::Remotes] {
        walk.add_tips(&repo, prefix, &mut |_| {});
    }
    let mut ids: Vec<String> = walk.pending.iter().map(ToString::to_string).collect();
    ids.sort_unstable();
    Ok(ids)
}

/// The reference namespaces whose commits are imported.
#[derive(Clone, Copy)]
enum Prefix {
    Heads,
    Remotes,
}

/// A traversal of the commit graph that yields each commit once, in no particular order.
struct Walk {
    seen: gix::hashtable::HashSet<ObjectId>,
    pending: Vec<ObjectId>,
    /// Commits whose parents a shallow clone does not have.
    shallow: Vec<ObjectId>,
}

impl Walk {
    fn new(repo: &gix::Repository) -> Walk {
        let mut shallow: Vec<ObjectId> = repo
            .shallow_commits()
            .ok()
            .flatten()
            .map(|c| c.iter().copied().collect())
            .unwrap_or_default();
        shallow.sort_unstable();
        Walk {
            seen: Default::default(),
            pending: Vec::new(),
            shallow,
        }
    }

    /// Start from every branch in `prefix`; a broken reference is reported and left out.
    fn add_tips(&mut self, repo: &gix::Repository, prefix: Prefix, skip: &mut dyn FnMut(String)) {
        let platform = match repo.references() {
            Ok(p) => p,
            Err(e) => return skip(format!("cannot list references: {e}")),
        };
        let iter = match prefix {
            Prefix::Heads => platform.local_branches(),
            Prefix::Remotes => platform.remote_branches(),
        };
        let iter = match iter.and_then(gix::reference::iter::Iter::peeled) {
            Ok(i) => i,
            Err(e) => return skip(format!("cannot list references: {e}")),
        };
        for r in iter {
            match r {
                Ok(r) => match r.try_id() {
                    Some(id) => self.push(id.detach()),
                    None => skip(format!("reference {}: points nowhere", r.name().as_bstr())),
                },
                Err(e) => skip(format!("reference: {e}")),
            }
        }
    }

    fn push(&mut self, id: ObjectId) {
        if self.seen.insert(id) {
            self.pending.push(id);
        }
    }

    fn next(&mut self) -> Option<ObjectId> {
        self.pending.pop()
    }

    /// Whether the parents of `id` are in the repository (they are not past a shallow boundary).
    fn parents_wanted(&self, id: &ObjectId) -> bool {
        self.shallow.binary_search(id).is_err()
    }
}

/// What the importer keeps of one commit.
#[derive(Debug, PartialEq, Eq)]
struct Commit<'a> {
    utc: Timestamp,
    offset: Option<i32>,
    name: &'a BStr,
    email: &'a BStr,
    /// The first line of the message, trimmed: with the author and the author time, what a
    /// rebase or a cherry-pick keeps (see [`Change`]).
    subject: &'a BStr,
}

impl Commit<'_> {
    /// The change's identity as the store keeps it (hashed with the store's key before it is
    /// written): author email, author time and subject.
    fn identity(&self) -> String {
        format!(
            "commit\0{}\0{}\0{}",
            self.email.to_ascii_lowercase().as_bstr(),
            self.utc.as_second(),
            self.subject
        )
    }
}

/// The identity of a change, whatever its commit id: the same author, author time and subject.
/// A rebased or cherry-picked commit is a new commit of the same change, and counts once.
/// Kept in memory only, as a 64-bit digest, within one import; across imports (another clone,
/// a later rebase) the store keeps one event per [`Commit::identity`], a keyed hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Change(u64);

impl Change {
    fn of(c: &Commit<'_>) -> Change {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        c.email.hash(&mut h);
        c.utc.as_second().hash(&mut h);
        c.subject.hash(&mut h);
        Change(h.finish())
    }
}

/// Decode the parents (into `walk`, when given) and the author of a raw commit object.
fn decode<'a>(
    data: &'a [u8],
    hash: gix::hash::Kind,
    mut walk: Option<&mut Walk>,
) -> Result<Commit<'a>, String> {
    use gix::objs::commit::ref_iter::Token;
    let mut author = None;
    for token in CommitRefIter::from_bytes(data, hash) {
        match token.map_err(|e| format!("cannot be decoded: {e}"))? {
            Token::Tree { .. } => {}
            Token::Parent { id } => {
                if let Some(w) = walk.as_deref_mut() {
                    w.push(id);
                }
            }
            Token::Message(message) => {
                let subject = message.lines().next().unwrap_or_default().trim().as_bstr();
                return author
                    .map(|a: Commit<'a>| Commit { subject, ..a })
                    .ok_or_else(|| "has no author".to_string());
            }
            Token::Author { signature } => {
                let time = gix::date::parse_header(signature.time.trim())
                    .ok_or_else(|| format!("author time `{}` is not valid", signature.time))?;
                let utc = Timestamp::from_second(time.seconds)
                    .map_err(|_| format!("author time {} is out of range", time.seconds))?;
                let offset = jiff::tz::Offset::from_seconds(time.offset)
                    .is_ok()
                    .then_some(time.offset);
                let signature = signature.trim();
                author = Some(Commit {
                    utc,
                    offset,
                    name: signature.name,
                    email: signature.email,
                    subject: BStr::new(b""),
                });
            }
            _ => {}
        }
    }
    author.ok_or_else(|| "has no author".to_string())
}

/// Resolves raw author identities to event actors, once per distinct identity.
struct Actors<'a> {
    ctx: &'a ImportContext,
    mailmap: gix::mailmap::Snapshot,
    /// `name NUL email` as written in the commit → the actor.
    cache: HashMap<Vec<u8>, Option<String>>,
    key: Vec<u8>,
}

impl<'a> Actors<'a> {
    fn new(ctx: &'a ImportContext, mailmap: gix::mailmap::Snapshot) -> Actors<'a> {
        Actors {
            ctx,
            mailmap,
            cache: HashMap::new(),
            key: Vec::new(),
        }
    }

    /// `None` for the person's own commits, else the hash of the mapped email (or name when
    /// the commit has no email).
    fn actor(&mut self, name: &BStr, email: &BStr) -> Option<String> {
        self.key.clear();
        self.key.extend_from_slice(name);
        self.key.push(0);
        self.key.extend_from_slice(email);
        if let Some(actor) = self.cache.get(self.key.as_slice()) {
            return actor.clone();
        }
        let sig = gix::actor::SignatureRef {
            name,
            email,
            time: "",
        };
        let mapped = self.mailmap.resolve_cow(sig);
        let (name, email) = (mapped.name.to_str_lossy(), mapped.email.to_str_lossy());
        let actor = if self.ctx.is_me(&email, &name) {
            None
        } else if email.trim().is_empty() {
            Some(self.ctx.hasher.hash(&name))
        } else {
            Some(self.ctx.hasher.hash(&email))
        };
        self.cache.insert(self.key.clone(), actor.clone());
        actor
    }
}

/// One commit's author and the top-level entries of the tree it changed, for team analysis
/// (code areas). Not used by the personal import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitAreas {
    pub author_name: String,
    pub author_email: String,
    /// Top-level names (directories or files) whose tree entry differs from the first parent's
    /// (all of them for a root commit). Merge commits are left out.
    pub areas: Vec<String>,
}

/// Every non-merge commit reachable from `HEAD`, newest first, at most `limit` of them, with
/// the top-level entries it changed: a one-level tree diff that compares entry ids, so no blob
/// is ever read. Authors go through the repository's mailmap.
pub fn commit_areas(path: &Path, limit: usize) -> Result<Vec<CommitAreas>, ImportError> {
    std::fs::metadata(path).map_err(|e| ImportError::open(path, e))?;
    let refused = |detail: String| {
        ImportError::refused(
            path,
            format!("cannot read as a git repository: {detail}"),
            Some("give a work tree, its .git folder or a bare repository"),
        )
    };
    let repo = gix::open(path).map_err(|e| refused(e.to_string()))?;
    let mailmap = repo.open_mailmap();
    let head = repo.head_id().map_err(|e| refused(e.to_string()))?;
    let walk = head.ancestors().all().map_err(|e| refused(e.to_string()))?;
    let top = |tree: gix::Tree<'_>| -> Vec<(String, ObjectId)> {
        tree.iter()
            .filter_map(Result::ok)
            .map(|e| (e.filename().to_string(), e.oid().to_owned()))
            .collect()
    };
    let mut out = Vec::new();
    for info in walk {
        if out.len() >= limit {
            break;
        }
        let info = info.map_err(|e| refused(e.to_string()))?;
        let commit = repo
            .find_commit(info.id)
            .map_err(|e| refused(e.to_string()))?;
        let parents: Vec<ObjectId> = commit.parent_ids().map(gix::Id::detach).collect();
        if parents.len() > 1 {
            continue;
        }
        let now = top(commit.tree().map_err(|e| refused(e.to_string()))?);
        let before = match parents.first() {
            Some(p) => {
                let parent = repo.find_commit(*p).map_err(|e| refused(e.to_string()))?;
                top(parent.tree().map_err(|e| refused(e.to_string()))?)
            }
            None => Vec::new(),
        };
        let mut areas: Vec<String> = now
            .iter()
            .filter(|(n, id)| !before.iter().any(|(bn, bid)| bn == n && bid == id))
            .map(|(n, _)| n.clone())
            .chain(
                before
                    .iter()
                    .filter(|(bn, _)| !now.iter().any(|(n, _)| n == bn))
                    .map(|(n, _)| n.clone()),
            )
            .collect();
        areas.sort();
        areas.dedup();
        let author = commit.author().map_err(|e| refused(e.to_string()))?;
        let resolved = mailmap.resolve(author);
        out.push(CommitAreas {
            author_name: resolved.name.to_string(),
            author_email: resolved.email.to_string(),
            areas,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::{VecSink, test_context};

    const TREE: &str = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n";

    fn raw(author: &str) -> String {
        format!(
            "{TREE}parent 1111111111111111111111111111111111111111\n\
             author {author}\ncommitter C <c@x.org> 1700000000 +0000\n\nmessage\n"
        )
    }

    #[test]
    fn decodes_author_time_offset_and_parents() {
        let data = raw("Ann Example <ann@example.org> 1711846800 -0400");
        let mut walk = Walk {
            seen: Default::default(),
            pending: Vec::new(),
            shallow: Vec::new(),
        };
        let c = decode(data.as_bytes(), gix::hash::Kind::Sha1, Some(&mut walk)).unwrap();
        assert_eq!(c.utc.to_string(), "2024-03-31T01:00:00Z");
        assert_eq!(c.offset, Some(-4 * 3600));
        assert_eq!(c.name, "Ann Example");
        assert_eq!(c.email, "ann@example.org");
        assert_eq!(c.subject, "message");
        assert_eq!(walk.pending.len(), 1);
    }

    #[test]
    fn a_change_is_its_author_time_and_subject_not_its_id() {
        let data = raw("Ann <ann@example.org> 1700000000 +0100");
        let moved = data.replace("parent 1111", "parent 2222");
        let a = decode(data.as_bytes(), gix::hash::Kind::Sha1, None).unwrap();
        let b = decode(moved.as_bytes(), gix::hash::Kind::Sha1, None).unwrap();
        assert_eq!(
            Change::of(&a),
            Change::of(&b),
            "rebased onto another parent"
        );
        let reworded = data.replace("\n\nmessage\n", "\n\nanother message\n");
        let c = decode(reworded.as_bytes(), gix::hash::Kind::Sha1, None).unwrap();
        assert_ne!(Change::of(&a), Change::of(&c));
        let later = raw("Ann <ann@example.org> 1700000001 +0100");
        let d = decode(later.as_bytes(), gix::hash::Kind::Sha1, None).unwrap();
        assert_ne!(Change::of(&a), Change::of(&d));
    }

    #[test]
    fn bad_commits_are_reasons_not_panics() {
        let far = raw("Ann <ann@example.org> 999999999999 +0100");
        let err = decode(far.as_bytes(), gix::hash::Kind::Sha1, None).unwrap_err();
        assert_eq!(err, "author time 999999999999 is out of range");
        let bad_time = raw("Ann <ann@example.org> yesterday +0100");
        let err = decode(bad_time.as_bytes(), gix::hash::Kind::Sha1, None).unwrap_err();
        assert!(err.starts_with("cannot be decoded"), "{err}");
        let err = decode(TREE.as_bytes(), gix::hash::Kind::Sha1, None).unwrap_err();
        assert_eq!(err, "has no author");
        let no_author = format!("{TREE}committer C <c@x.org> 1700000000 +0000\n\nm\n");
        let err = decode(no_author.as_bytes(), gix::hash::Kind::Sha1, None).unwrap_err();
        assert!(err.starts_with("cannot be decoded"), "{err}");
        let garbage = decode(b"tree nothex\n", gix::hash::Kind::Sha1, None).unwrap_err();
        assert!(garbage.starts_with("cannot be decoded"), "{garbage}");
    }

    #[test]
    fn impossible_offset_is_dropped_but_the_commit_kept() {
        let data = raw("Ann <ann@example.org> 1700000000 +9900");
        let c = decode(data.as_bytes(), gix::hash::Kind::Sha1, None).unwrap();
        assert_eq!(c.offset, None);
        assert_eq!(c.utc.as_second(), 1_700_000_000);
    }

    #[test]
    fn actors_go_through_the_mailmap_and_identities() {
        let mut ctx = test_context();
        ctx.identities.emails = vec!["me@work.example".into()];
        let mailmap = gix::mailmap::Snapshot::from_bytes(b"<me@work.example> <old@home.example>\n");
        let mut actors = Actors::new(&ctx, mailmap);
        assert_eq!(actors.actor("Me".into(), "me@work.example".into()), None);
        assert_eq!(actors.actor("Me".into(), "OLD@home.example".into()), None);
        let other = actors.actor("Bob".into(), "bob@example.org".into());
        assert_eq!(other, Some(ctx.hasher.hash("bob@example.org")));
        // Cached answers are the same answers.
        assert_eq!(actors.actor("Bob".into(), "bob@example.org".into()), other);
        assert_eq!(
            actors.actor("Nobody".into(), "".into()),
            Some(ctx.hasher.hash("Nobody"))
        );
    }

    #[test]
    fn a_folder_that_is_not_a_repository_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut sink = VecSink::default();
        let err = import(dir.path(), &test_context(), &mut sink).unwrap_err();
        assert!(matches!(err, ImportError::Refused { .. }), "{err:?}");
        assert!(err.to_string().contains("not a git repository"), "{err}");
        let missing = dir.path().join("nope");
        let err = import(&missing, &test_context(), &mut sink).unwrap_err();
        assert!(matches!(err, ImportError::Open { .. }), "{err:?}");
    }
}
