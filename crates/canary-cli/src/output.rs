//! Where a command writes what it was asked to write: a file, or stdout when the name is `-`
//! (every flag that names a file to write takes `-`).

use std::io::Write;
use std::path::Path;

use anyhow::{Result, bail};

/// Write `value` as pretty JSON and a newline to `out` (a locked stdout) through one buffer:
/// a million events are a few hundred write calls, not one per line.
pub fn json<W: Write>(out: W, value: &impl serde::Serialize) -> Result<()> {
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut buffered, value)?;
    buffered.write_all(b"\n")?;
    buffered.flush()?;
    Ok(())
}

/// Whether `path` is `-`, stdout.
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Write `text` to the file `path` (saying so on stderr), or to stdout when `path` is `-`.
pub fn write_text(path: &Path, text: &str) -> Result<()> {
    if is_stdout(path) {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()?;
        return Ok(());
    }
    // Atomically: a full disk or a failed write leaves the old file whole.
    canary::fsutil::write_atomic(path, text.as_bytes())?;
    eprintln!("Wrote {}", path.display());
    Ok(())
}

/// Refuse when more than one of `outputs` (flag, whether it goes to stdout) would go to
/// stdout: their texts would run together.
pub fn at_most_one_stdout(outputs: &[(&str, bool)]) -> Result<()> {
    let on_stdout: Vec<&str> = outputs
        .iter()
        .filter(|(_, stdout)| *stdout)
        .map(|(flag, _)| *flag)
        .collect();
    if on_stdout.len() > 1 {
        bail!(
            "{} would all go to stdout: give all but one of them a file name",
            on_stdout.join(" and ")
        );
    }
    Ok(())
}
