//! A large read in row order split between threads: each reads a range of row ids on a
//! connection of its own, and the ranges are joined in order.
//!
//! Every connection must see the same store. Each begins a read transaction (in WAL mode it
//! keeps the snapshot it started with until it ends); the store's own connection reads
//! `PRAGMA data_version` before the first begins and after the last has: the same value means
//! no other connection committed in between, so every snapshot is the same. Otherwise — or
//! if a connection cannot be opened, the store is in memory, or its own connection is inside
//! a transaction another connection cannot see — the read is made on one thread, as before.

use rusqlite::{Connection, OpenFlags, params_from_iter};

use super::{MetUnreadable, Walk, Walked, query, walk_rows};
use crate::store::{EventFilter, Store, StoreError};

/// Reads expected to hold at least this many rows are split (fewer gain less than the
/// connections cost: opening one and reading the schema is about a millisecond).
pub(in crate::store) const SPLIT_FROM: usize = 100_000;

/// At most this many threads read: putting the parts' events in order afterwards is one
/// thread's work (a fifth of the time at two parts), so more readers gain less and less.
/// Measured with two (the test machine's cores).
const MAX_PARTS: usize = 4;

impl Store {
    /// [`Store::events_walking`] in row order over ranges of row ids read by threads, or `None`
    /// when it cannot be split (see the module's note): the caller reads on one thread.
    pub(super) fn events_in_parts(
        &self,
        filter: &EventFilter,
        expected: usize,
    ) -> Result<Option<Result<Vec<Walked>, MetUnreadable>>, StoreError> {
        let parts = std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(MAX_PARTS);
        self.events_split(filter, expected, parts)
    }

    /// [`Store::events_in_parts`] with a given number of parts.
    pub(in crate::store) fn events_split(
        &self,
        filter: &EventFilter,
        expected: usize,
        parts: usize,
    ) -> Result<Option<Result<Vec<Walked>, MetUnreadable>>, StoreError> {
        if parts < 2 || self.file.is_none() || !self.conn().is_autocommit() {
            return Ok(None);
        }
        let Some(ranges) = self.id_ranges(parts)? else {
            return Ok(None);
        };
        let before = self.data_version()?;
        let Some(conns) = ranges
            .iter()
            .map(|_| self.reader())
            .collect::<Option<Vec<Connection>>>()
        else {
            return Ok(None);
        };
        if self.data_version()? != before {
            return Ok(None);
        }
        let walked = std::thread::scope(|scope| {
            let reads: Vec<_> = conns
                .into_iter()
                .zip(ranges)
                .map(|(conn, ids)| {
                    scope.spawn(move || -> Result<_, rusqlite::Error> {
                        let (sql, args) = query(filter, Walk::InRowOrder, Some(ids));
                        let mut stmt = conn.prepare(&sql)?;
                        let mut rows = stmt.query(params_from_iter(args))?;
                        walk_rows(&mut rows, Walk::InRowOrder, expected / parts, |_, _| {})
                    })
                })
                .collect();
            reads
                .into_iter()
                .map(|read| read.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect::<Result<Vec<_>, _>>()
        })?;
        Ok(Some(walked.into_iter().collect()))
    }

    /// `parts` ranges of row ids (both ends included) that cover every id, as even as the
    /// first and last stored id make them; `None` when the table is empty.
    fn id_ranges(&self, parts: usize) -> Result<Option<Vec<(i64, i64)>>, StoreError> {
        let (first, last): (Option<i64>, Option<i64>) =
            self.conn()
                .query_row("SELECT min(id), max(id) FROM events", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
        let (Some(first), Some(last)) = (first, last) else {
            return Ok(None);
        };
        Ok(Some(split(first, last, parts)))
    }

    /// Another connection to the store inside a read transaction that has begun (its
    /// snapshot taken), or `None` if it cannot be had.
    pub(in crate::store) fn reader(&self) -> Option<Connection> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(self.file.as_ref()?, flags).ok()?;
        conn.busy_timeout(std::time::Duration::from_secs(10)).ok()?;
        conn.execute_batch("BEGIN").ok()?;
        conn.query_row(
            "SELECT count(*) FROM (SELECT 1 FROM events LIMIT 1)",
            [],
            |_| Ok(()),
        )
        .ok()?;
        Some(conn)
    }
}

/// `parts` ranges of ids covering every `i64`, the ids from `first` to `last` shared evenly.
fn split(first: i64, last: i64, parts: usize) -> Vec<(i64, i64)> {
    let (first, span) = (i128::from(first), i128::from(last) - i128::from(first) + 1);
    let bound = |k: usize| (first + span * k as i128 / parts as i128) as i64;
    (0..parts)
        .map(|k| {
            let from = if k == 0 { i64::MIN } else { bound(k) };
            let to = if k + 1 == parts {
                i64::MAX
            } else {
                bound(k + 1) - 1
            };
            (from, to)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn ranges_cover_every_id_once_in_order() {
        for (first, last, parts) in [(1, 1_000_000, 2), (5, 7, 4), (1, 1, 3), (-3, 10, 4)] {
            let r = split(first, last, parts);
            assert_eq!(r.len(), parts);
            assert_eq!(r[0].0, i64::MIN);
            assert_eq!(r[parts - 1].1, i64::MAX);
            for w in r.windows(2) {
                assert_eq!(w[0].1 + 1, w[1].0, "{r:?}: no gap, no overlap");
            }
        }
        let halves = split(1, 1_000_000, 2);
        assert_eq!(halves[0].1, 500_000);
    }
}
