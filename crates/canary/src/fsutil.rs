//! Writing a file so that it is either the old one or the whole new one, never half of either.
//!
//! Every file Canary writes outside its store (settings, shell startup files and git hooks,
//! HTML pages, backups, rosters) goes through [`write_atomic`]: a temporary file in the target's
//! own folder, written, flushed and `fsync`ed, then renamed over the target, and the folder
//! `fsync`ed so the rename itself survives a crash. A full disk or a failed write leaves the
//! old file as it was and removes the temporary one.
//!
//! A target that exists keeps its permission bits; a new one is created readable by its owner
//! only (0600 on Unix). A symlink is written through: the rename goes onto the file it points
//! at (followed to the end of the chain), so a dotfile managed as a link stays a link. A
//! device or a pipe (`/dev/stdout`) has nothing to replace and is written in place.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A file could not be written; the old one, if any, is unchanged.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {source}", path.display())]
pub struct WriteError {
    /// The path as the caller gave it.
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

/// How many symlinks are followed before giving up (as Linux's `MAXSYMLINKS`).
const MAX_LINKS: usize = 40;

/// Write `bytes` to `path` atomically (see the module documentation).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_atomic_with(path, |out| out.write_all(bytes).map_err(|e| wrap(path, e)))
}

/// Write what `fill` writes to `path` atomically; `fill`'s error (or a [`WriteError`] for
/// the file itself) is returned and the old file is left as it was. The writer is buffered.
pub fn write_atomic_with<T, E: From<WriteError>>(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<T, E>,
) -> Result<T, E> {
    let old_perms = match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Some(m.permissions()),
        Ok(m) if m.is_dir() => {
            return Err(wrap(path, io::Error::other("it is a folder")).into());
        }
        // A device or a pipe (`--html /dev/stdout`): nothing to replace, so written in place.
        Ok(_) => return write_in_place(path, fill),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(wrap(path, e).into()),
    };
    let target = resolve_links(path).map_err(|e| wrap(path, e))?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Created 0600 on Unix; dropped (and so removed) on every early return below.
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| wrap(path, e))?;
    let value = {
        let mut out = io::BufWriter::new(tmp.as_file());
        let value = fill(&mut out)?;
        out.flush().map_err(|e| wrap(path, e))?;
        value
    };
    if let Some(perms) = old_perms {
        tmp.as_file()
            .set_permissions(perms)
            .map_err(|e| wrap(path, e))?;
    }
    tmp.as_file().sync_all().map_err(|e| wrap(path, e))?;
    tmp.persist(&target).map_err(|e| wrap(path, e.error))?;
    sync_dir(&dir).map_err(|e| wrap(path, e))?;
    Ok(value)
}

fn write_in_place<T, E: From<WriteError>>(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<T, E>,
) -> Result<T, E> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)
        .map_err(|e| wrap(path, e))?;
    let mut out = io::BufWriter::new(file);
    let value = fill(&mut out)?;
    out.flush().map_err(|e| wrap(path, e))?;
    Ok(value)
}

fn wrap(path: &Path, source: io::Error) -> WriteError {
    WriteError {
        path: path.to_path_buf(),
        source,
    }
}

/// The file `path` finally names: symlinks followed (relative ones from their own folder),
/// the last one allowed to dangle (the file it names is then created).
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            Ok(_) => return Ok(p),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(p),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Make a rename in `dir` durable.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_new_and_replaces_old() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        write_atomic(&p, b"one").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn a_failed_fill_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "old").unwrap();
        let err = write_atomic_with(&p, |out| {
            out.write_all(b"half").map_err(|e| wrap(&p, e))?;
            Err::<(), _>(wrap(&p, io::Error::other("disk full")))
        })
        .unwrap_err();
        assert!(err.to_string().contains("a.txt"), "{err}");
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_missing_folder_is_an_error_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("no/such/a.txt");
        let err = write_atomic(&p, b"x").unwrap_err().to_string();
        assert!(
            err.starts_with("cannot write ") && err.contains("no/such/a.txt"),
            "{err}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn mode_is_kept_and_new_files_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("rc");
        std::fs::write(&p, "old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"new").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&p), 0o640);
        let fresh = dir.path().join("fresh");
        write_atomic(&fresh, b"x").unwrap();
        assert_eq!(mode(&fresh), 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_written_through() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("dotfiles")).unwrap();
        let real = dir.path().join("dotfiles/zshrc");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join(".zshrc");
        std::os::unix::fs::symlink("dotfiles/zshrc", &link).unwrap();
        let chain = dir.path().join(".zshrc2");
        std::os::unix::fs::symlink(&link, &chain).unwrap();
        write_atomic(&chain, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(
            std::fs::symlink_metadata(&chain)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        // A dangling link: the file it names is created.
        let dangling = dir.path().join("d");
        std::os::unix::fs::symlink("dotfiles/new", &dangling).unwrap();
        write_atomic(&dangling, b"made").unwrap();
        assert_eq!(
            std::fs::read(dir.path().join("dotfiles/new")).unwrap(),
            b"made"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        std::os::unix::fs::symlink(&b, &a).unwrap();
        std::os::unix::fs::symlink(&a, &b).unwrap();
        assert!(write_atomic(&a, b"x").is_err());
    }
}
