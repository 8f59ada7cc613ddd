//! 128-bit digests of keys for the in-memory sets that answer "seen this one?" without
//! keeping the keys — the mail importer's seen-set, the store's known keys ([`KeySet`]), a
//! bulk load's refusals — and the hasher those sets use. Never stored: they may change
//! between versions.

use std::hash::{BuildHasherDefault, DefaultHasher, Hasher};

/// The 128-bit digest of `parts` (each length-prefixed, so no two lists of parts collide by
/// construction): two SipHash-1-3 passes with fixed keys.
pub fn of(parts: &[&[u8]]) -> u128 {
    let half = |salt: u8| {
        let mut h = DefaultHasher::new();
        h.write_u8(salt);
        for part in parts {
            h.write_usize(part.len());
            h.write(part);
        }
        h.finish()
    };
    u128::from(half(0)) << 64 | u128::from(half(1))
}

/// The digest of one key.
pub fn of_key(key: &str) -> u128 {
    of(&[key.as_bytes()])
}

/// A set of keys as their 128-bit digests, sorted: 16 bytes a key, one allocation.
///
/// A key whose digest is not in the set is certainly not one of them. One whose digest is
/// there is taken as one of them: a different key shares all 128 bits with one of n keys
/// held with odds of n/2¹²⁸ — 8·10⁻³³ at 2.6 M keys, about 2·10⁻²⁶ for a whole import of
/// 2.6 M other keys asked about.
#[derive(Debug, Default)]
pub struct KeySet(Vec<u128>);

impl KeySet {
    /// The set of the keys with these digests ([`of_key`]); repeats are held once.
    pub fn from_digests(mut digests: Vec<u128>) -> KeySet {
        digests.sort_unstable();
        digests.dedup();
        digests.shrink_to_fit();
        KeySet(digests)
    }

    /// Whether `key` is in the set (see the odds above).
    pub fn contains(&self, key: &str) -> bool {
        self.0.binary_search(&of_key(key)).is_ok()
    }

    /// How many keys are held.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The sets' own hasher: a digest is uniform already, so its low 64 bits are the hash.
#[derive(Debug, Default, Clone, Copy)]
pub struct Low64(u64);

/// Hash sets and maps of digests (or of parts of them) use this.
pub type BuildLow64 = BuildHasherDefault<Low64>;

impl Hasher for Low64 {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn write_u128(&mut self, n: u128) {
        #[allow(clippy::cast_possible_truncation)]
        let low = n as u64;
        self.0 = low;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher as _;

    #[test]
    fn parts_are_told_apart_by_where_they_split() {
        assert_ne!(of(&[b"ab", b"c"]), of(&[b"a", b"bc"]));
        assert_ne!(of(&[b"abc"]), of(&[b"ab", b"c"]));
        assert_eq!(of_key("abc"), of(&[b"abc"]));
        assert_ne!(of_key("abc"), of_key("abd"));
    }

    #[test]
    fn a_key_set_holds_its_keys_once_and_no_other() {
        let keys = ["<b@x>", "<a@x>", "<b@x>", "hash:00ff"];
        let set = KeySet::from_digests(keys.iter().map(|k| of_key(k)).collect());
        assert_eq!(set.len(), 3);
        assert!(keys.iter().all(|k| set.contains(k)));
        assert!(!set.contains("<c@x>"));
        assert!(!set.contains(""));
        assert!(KeySet::default().is_empty());
        assert!(!KeySet::default().contains("<a@x>"));
    }

    #[test]
    fn the_sets_hash_is_the_digests_low_bits() {
        let d = of_key("<a@example.org>");
        #[allow(clippy::cast_possible_truncation)]
        let low = d as u64;
        assert_eq!(BuildLow64::default().hash_one(d), low);
        assert_eq!(BuildLow64::default().hash_one(low), low);
    }
}
