//! What the line-oriented importers share: opening a file with its size as the progress
//! total, reading an epoch second, and the `<epoch>:<n>` natural key that keeps re-imports
//! and grown files from adding an entry twice.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use jiff::Timestamp;

use super::{ImportError, Sink};

/// An epoch second and its instant, or why it is not one.
pub type Stamp = Result<(i64, Timestamp), String>;

/// Open `path` for reading and tell the sink its size.
pub fn open(path: &Path, sink: &mut dyn Sink) -> Result<BufReader<File>, ImportError> {
    let file = File::open(path).map_err(|e| ImportError::open(path, e))?;
    if let Ok(meta) = file.metadata() {
        sink.total(meta.len());
    }
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

/// Keys `<epoch>:<n>`, n counting the entries of the same second in file order: the same
/// file gives the same keys, and a file that grew gives new keys only to its new entries.
#[derive(Debug, Default)]
pub struct SecondKeys(HashMap<i64, u64>);

impl SecondKeys {
    pub fn next(&mut self, epoch: i64) -> String {
        let n = self.0.entry(epoch).or_insert(0);
        *n += 1;
        format!("{epoch}:{}", *n - 1)
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
    fn epochs_in_and_out_of_range() {
        assert_eq!(epoch(b"0").unwrap().0, 0);
        assert!(epoch(b"99999999999999999999").is_err());
        assert!(epoch(b"abc").is_err());
    }
}
