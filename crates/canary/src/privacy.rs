//! Keyed hashing of identities, so the store can tell "same person" without holding names
//! or addresses.
//!
//! Each store has its own random 32-byte key (kept in the store's `meta` table); identities are
//! normalised (trimmed, lower-cased) and hashed with keyed BLAKE3. A stolen store therefore
//! cannot be matched against a list of known addresses without the key that sits beside it —
//! this protects against casual reading and cross-store linking, not against someone holding
//! the whole file and a guess list.

use std::borrow::Cow;
use std::fmt::Write as _;

/// The most characters of raw input a skip reason may quote ([`excerpt`]).
pub const EXCERPT_CHARS: usize = 40;

/// The most characters a skip reason keeps, whatever an importer wrote: the store and the
/// terminal never receive more (a reason is meant to quote at most [`EXCERPT_CHARS`] of input).
pub const REASON_CHARS: usize = 300;

/// A skip reason as the store keeps and the terminal shows it: escaped, and cut to
/// [`REASON_CHARS`]. The sinks apply it to every reason, so no importer can pass a 200 MB cell
/// or an escape sequence through.
pub fn bounded_reason(reason: &str) -> String {
    excerpt(reason, REASON_CHARS)
}

/// Whether a character must not reach a terminal as it is: C0 controls (ESC starts colour,
/// cursor and OSC sequences; CR and BS overwrite what was printed), DEL, C1 controls (U+009B
/// is a one-byte CSI) and the bidirectional overrides and isolates that reorder what is shown
/// (U+202A–U+202E, U+2066–U+2069, and the marks U+200E, U+200F, U+061C), and the Unicode line
/// and paragraph separators.
fn unsafe_char(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{2028}' | '\u{2029}')
}

/// A string from an input file (or a path, or anything a file chose) made safe to print on a
/// terminal and in one line: every control and bidi character is written as a visible escape
/// (`\e`, `\n`, `\t`, `\r`, otherwise `\u{…}`); backslashes stay as they are. Borrowed when
/// nothing needs escaping. The one function every front end uses before printing input text.
pub fn display_safe(s: &str) -> Cow<'_, str> {
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_safe(&mut out, c);
    }
    Cow::Owned(out)
}

/// [`display_safe`] for text of several lines (an error with its context, a rendered table):
/// line breaks stay, every other control or bidi character is escaped.
pub fn display_safe_lines(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && unsafe_char(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c == '\n' {
            out.push(c);
        } else {
            push_safe(&mut out, c);
        }
    }
    Cow::Owned(out)
}

fn push_safe(out: &mut String, c: char) {
    match c {
        '\u{1b}' => out.push_str("\\e"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if unsafe_char(c) => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
        c => out.push(c),
    }
}

/// At most `max` characters of raw input, for a skip reason: escaped like [`display_safe`],
/// with `…` when cut. Reads no further than it quotes, so a 200 MB line costs nothing.
pub fn excerpt(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    for c in chars.by_ref().take(max) {
        push_safe(&mut out, c);
    }
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// [`excerpt`] of raw bytes (read as UTF-8, invalid sequences replaced), looking at no more
/// than the bytes the excerpt can need.
pub fn excerpt_bytes(b: &[u8], max: usize) -> String {
    let head = &b[..b.len().min(max * 4 + 4)];
    let text = String::from_utf8_lossy(head);
    let mut out = excerpt(&text, max);
    if head.len() < b.len() && !out.ends_with('…') {
        out.push('…');
    }
    out
}

/// Files only their owner can read: Canary's folders are made 0700 and its files 0600,
/// whatever the umask, and ones found readable by others are tightened (the caller prints a
/// one-line notice). On other systems than Unix these do what `std::fs` does.
pub mod private {
    use std::io;
    use std::path::Path;

    /// Make `dir` and its missing parents; the folders made are 0700. An existing `dir` that
    /// is Canary's own (see [`is_own_folder`]) and readable by others is tightened; returns
    /// whether it was. A folder the person chose (`--db ~/x.db`) is left as it is.
    pub fn create_dir_all(dir: &Path) -> io::Result<bool> {
        if dir.as_os_str().is_empty() {
            return Ok(false);
        }
        if !dir.is_dir() {
            #[cfg(unix)]
            {
                use std::os::unix::fs::DirBuilderExt;
                std::fs::DirBuilder::new()
                    .recursive(true)
                    .mode(0o700)
                    .create(dir)?;
            }
            #[cfg(not(unix))]
            std::fs::create_dir_all(dir)?;
            return Ok(false);
        }
        // A folder that cannot be tightened (another owner, a file system without modes)
        // is used as it is: Canary still works, only the notice is missing.
        Ok(is_own_folder(dir) && tighten(dir, true).unwrap_or(false))
    }

    /// Whether a folder is Canary's own (`…/canary`, the XDG config and data folders), and so
    /// tightened when found open: never the person's home or another folder they chose.
    pub fn is_own_folder(dir: &Path) -> bool {
        dir.file_name().is_some_and(|n| n == "canary")
    }

    /// Remove group and other permissions from an existing file (`dir = false`, to 0600 at
    /// most) or folder (0700 at most). Returns whether anything changed; a missing path is
    /// not an error.
    pub fn tighten(path: &Path, dir: bool) -> io::Result<bool> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let meta = match std::fs::symlink_metadata(path) {
                Ok(m) => m,
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
                Err(e) => return Err(e),
            };
            if meta.file_type().is_symlink() {
                return Ok(false);
            }
            let mode = meta.permissions().mode() & 0o7777;
            let want = mode & if dir { 0o700 } else { 0o600 };
            if mode & 0o077 == 0 {
                return Ok(false);
            }
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(want))?;
            Ok(true)
        }
        #[cfg(not(unix))]
        {
            let _ = (path, dir);
            Ok(false)
        }
    }

    /// Options that create a file 0600 (truncating it if it exists).
    pub fn open_options() -> std::fs::OpenOptions {
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            o.mode(0o600);
        }
        o
    }

    /// Make a SQLite database at `path` private before SQLite opens it: its folder made
    /// 0700 if missing, the file made empty and 0600 if missing (SQLite then gives its `-wal`,
    /// `-shm` and journal the same mode), and an existing folder, database, WAL or SHM
    /// readable by others tightened. Returns what was tightened, for a notice.
    pub fn prepare_database(path: &Path) -> io::Result<Vec<std::path::PathBuf>> {
        let mut tightened = Vec::new();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && create_dir_all(dir)?
        {
            tightened.push(dir.to_path_buf());
        }
        if !path.exists() {
            let mut o = open_options();
            o.truncate(false);
            o.open(path)?;
        }
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut file = path.as_os_str().to_owned();
            file.push(suffix);
            let file = std::path::PathBuf::from(file);
            // As for folders: a file that cannot be tightened is still opened.
            if tighten(&file, false).unwrap_or(false) {
                tightened.push(file);
            }
        }
        Ok(tightened)
    }

    /// Create (or replace) `path` with `bytes`, 0600: written atomically by
    /// [`crate::fsutil::write_atomic`] (a temporary file beside it, synced and renamed over
    /// it, so a full disk leaves the old file whole), then tightened to 0600 if an older file
    /// was looser. A missing folder is made 0700; an existing one is left as it is (it may be
    /// the person's own).
    pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
        if let Some(d) = dir.filter(|d| !d.is_dir()) {
            create_dir_all(d)?;
        }
        crate::fsutil::write_atomic(path, bytes).map_err(|e| e.source)?;
        tighten(path, false)?;
        Ok(())
    }

    /// A one-line notice for a file or folder that was readable by others and is no longer.
    pub fn notice(path: &Path) -> String {
        format!(
            "note: {} was readable by other users; it is now readable by you only",
            super::display_safe(&path.display().to_string())
        )
    }
}

/// Hashes identities with one store's key.
#[derive(Clone)]
pub struct IdentityHasher {
    key: [u8; 32],
}

impl std::fmt::Debug for IdentityHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdentityHasher(..)")
    }
}

impl IdentityHasher {
    pub fn new(key: [u8; 32]) -> IdentityHasher {
        IdentityHasher { key }
    }

    /// A new random key, from the operating system's randomness (`getrandom`), the one source
    /// of every secret in Canary.
    pub fn random_key() -> Result<[u8; 32], getrandom::Error> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key)?;
        Ok(key)
    }

    /// The hash of an identity: 32 hex digits (128 bits) of keyed BLAKE3 over its normalised form.
    pub fn hash(&self, identity: &str) -> String {
        let norm = identity.trim().to_lowercase();
        hex128(blake3::keyed_hash(&self.key, norm.as_bytes()))
    }

    /// The hash of a record's natural key (a Message-ID, a calendar UID, an ActivityWatch
    /// bucket id with its span): 32 hex digits of keyed BLAKE3 over the key exactly as given
    /// (no normalisation: two keys that differ only in case stay two records), in a domain of
    /// its own so that a key never hashes like an identity. Equal keys give equal hashes, so
    /// de-duplication and reply matching work on the hashes.
    pub fn hash_key(&self, key: &str) -> String {
        self.domain_hash(b"canary key\0", key)
    }

    /// The hash of an imported file's or folder's path, as the store records it: the store
    /// can tell two runs of the same path apart from others without holding the path (which
    /// names the user and their folders).
    pub fn hash_path(&self, path: &str) -> String {
        self.domain_hash(b"canary path\0", path)
    }

    fn domain_hash(&self, domain: &[u8], value: &str) -> String {
        let mut h = blake3::Hasher::new_keyed(&self.key);
        h.update(domain);
        h.update(value.as_bytes());
        hex128(h.finalize())
    }
}

/// The first 128 bits of a digest as 32 lower-case hex digits.
fn hex128(digest: blake3::Hash) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(32);
    for b in &digest.as_bytes()[..16] {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 0xf)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_identity_same_hash_regardless_of_case() {
        let h = IdentityHasher::new([7; 32]);
        assert_eq!(h.hash(" Me@Example.org "), h.hash("me@example.org"));
        assert_ne!(h.hash("me@example.org"), h.hash("you@example.org"));
        assert_eq!(h.hash("x").len(), 32);
    }

    /// Every secret comes from `getrandom`: `fastrand` (seeded, predictable) makes the demo's
    /// data and nothing else.
    #[test]
    fn secrets_come_from_getrandom_only() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(p);
                }
            }
        }
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        walk(&src, &mut files);
        let needles = [concat!("fast", "rand::"), concat!("Random", "State::")];
        for f in files {
            let rel = f
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let demo = rel.starts_with("demo/") || rel == "team/demo.rs";
            let text = std::fs::read_to_string(&f).unwrap();
            for n in needles {
                assert!(
                    demo || !text.contains(n),
                    "{rel} uses {n}: secrets come from getrandom"
                );
            }
        }
    }

    #[test]
    fn different_keys_do_not_link() {
        let a = IdentityHasher::new([1; 32]);
        let b = IdentityHasher::new([2; 32]);
        assert_ne!(a.hash("me@example.org"), b.hash("me@example.org"));
        assert_ne!(
            IdentityHasher::random_key().unwrap(),
            IdentityHasher::random_key().unwrap()
        );
    }

    #[test]
    fn display_safe_escapes_controls_and_bidi_only() {
        assert!(matches!(display_safe("plain é ✓"), Cow::Borrowed(_)));
        assert_eq!(
            display_safe("a\u{1b}]0;pwned\u{7}b\u{1b}[2J"),
            "a\\e]0;pwned\\u{7}b\\e[2J"
        );
        assert_eq!(display_safe("x\ny\rz\t"), "x\\ny\\rz\\t");
        assert_eq!(display_safe("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(display_safe("abc\u{202e}txt.exe"), "abc\\u{202e}txt.exe");
        assert_eq!(display_safe("\u{2066}x\u{2069}"), "\\u{2066}x\\u{2069}");
        assert_eq!(display_safe_lines("a\nb\u{1b}[2J"), "a\nb\\e[2J");
        assert!(matches!(display_safe_lines("a\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn excerpts_are_short_and_escaped() {
        assert_eq!(excerpt("short", 40), "short");
        let long = "x".repeat(10_000_000);
        let e = excerpt(&long, EXCERPT_CHARS);
        assert_eq!(e.chars().count(), EXCERPT_CHARS + 1);
        assert!(e.ends_with('…'));
        assert_eq!(excerpt("\u{1b}[31mred", 40), "\\e[31mred");
        assert_eq!(excerpt_bytes(b"\xff\x1bab", 40), "\u{fffd}\\eab");
        assert_eq!(excerpt_bytes(long.as_bytes(), 3), "xxx…");
    }

    #[test]
    fn keys_hash_exactly_and_apart_from_identities_and_paths() {
        let h = IdentityHasher::new([7; 32]);
        let id = "<1234.JavaMail@host.example>";
        assert_eq!(h.hash_key(id), h.hash_key(id));
        assert_ne!(h.hash_key(id), h.hash_key(&id.to_lowercase()));
        assert_ne!(h.hash_key("a@b.org"), h.hash("a@b.org"));
        assert_ne!(h.hash_key("/home/a"), h.hash_path("/home/a"));
        assert_eq!(h.hash_key(id).len(), 32);
        assert!(!h.hash_key(id).contains("host"));
        assert_ne!(
            IdentityHasher::new([8; 32]).hash_key(id),
            h.hash_key(id),
            "another store's key gives another hash"
        );
    }
}
