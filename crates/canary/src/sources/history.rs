//! What the line-oriented importers share: opening a regular file with its size as the
//! progress total, reading an epoch second, and the `<epoch>:<n>` natural key that keeps
//! re-imports and grown files from adding an entry twice.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use jiff::Timestamp;

use super::{ImportError, Sink};

/// An epoch second and its instant, or why it is not one.
pub type Stamp = Result<(i64, Timestamp), String>;

/// Open `path`, a regular file (not `/dev/zero` or a pipe: see [`super::bounded`]), for
/// reading and tell the sink its size.
pub fn open(path: &Path, sink: &mut dyn Sink) -> Result<BufReader<File>, ImportError> {
    open_at(path, 0, sink)
}

/// [`open`], positioned at byte `offset` (where an earlier read ended, see
/// [`super::Resume::offset`]); the sink's total is what is left to read.
pub fn open_at(
    path: &Path,
    offset: u64,
    sink: &mut dyn Sink,
) -> Result<BufReader<File>, ImportError> {
    let file = if offset == 0 {
        super::bounded::open(path, sink)?
    } else {
        super::bounded::regular_file(path)?;
        let mut file = File::open(path).map_err(|e| ImportError::open(path, e))?;
        let size = file
            .metadata()
            .map_err(|e| ImportError::open(path, e))?
            .len();
        sink.total(size.saturating_sub(offset));
        std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(offset.min(size)))
            .map_err(|e| ImportError::open(path, e))?;
        file
    };
    Ok(BufReader::new(file))
}

/// The epoch second in `digits` and its instant, if jiff can hold it, else why not.
pub fn epoch(digits: &[u8]) -> Stamp {
    let value = std::str::from_utf8(digits)
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .ok_or_else(|| "timestamp out of range".to_string())?;
    Timestamp::from_second(value)
        .map(|utc| (value, utc))
        .map_err(|_| format!("timestamp {value} out of range"))
}

/// The most distinct seconds [`SecondKeys`] counts at once.
pub const SECONDS_KEPT: usize = 1 << 20;

/// Keys `<epoch>:<n>`, n counting the entries of the same second in file order: the same
/// file gives the same keys, and a file that grew gives new keys only to its new entries.
///
/// Bounded: it counts for at most [`SECONDS_KEPT`] distinct seconds, forgetting the earliest
/// when it holds more (about 30 MiB). Histories are written in time order, so a second is
/// only forgotten once a million later ones were seen; an entry that comes
/// back to a forgotten second counts from 0 again, and if that key was already used the
/// entry counts as already imported.
#[derive(Debug, Default)]
pub struct SecondKeys(BTreeMap<i64, u64>);

impl SecondKeys {
    pub fn next(&mut self, epoch: i64) -> String {
        let n = self.0.entry(epoch).or_insert(0);
        *n += 1;
        let key = format!("{epoch}:{}", *n - 1);
        if self.0.len() > SECONDS_KEPT {
            self.0.pop_first();
        }
        key
    }

    /// How many seconds are counted now.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_count_within_a_second() {
        let mut k = SecondKeys::default();
        assert_eq!(
            [k.next(5), k.next(5), k.next(6), k.next(5)],
            ["5:0", "5:1", "6:0", "5:2"]
        );
    }

    #[test]
    fn keys_stay_bounded() {
        let mut k = SecondKeys::default();
        for s in 0..(SECONDS_KEPT as i64 + 1000) {
            k.next(s);
        }
        assert_eq!(k.len(), SECONDS_KEPT);
        // The latest seconds are still counted.
        assert_eq!(
            k.next(SECONDS_KEPT as i64 + 999),
            format!("{}:1", SECONDS_KEPT + 999)
        );
    }

    #[test]
    fn epochs_in_and_out_of_range() {
        assert_eq!(epoch(b"0").unwrap().0, 0);
        assert!(epoch(b"99999999999999999999").is_err());
        assert!(epoch(b"abc").is_err());
    }
}
