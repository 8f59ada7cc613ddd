//! 128-bit digests of keys for the in-memory sets that answer "seen this one?" without
//! keeping the keys — the mail importer's seen-set, the store's known keys, a bulk load's
//! refusals — and the hasher those sets use. Never stored: they may change between versions.

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
    fn the_sets_hash_is_the_digests_low_bits() {
        let d = of_key("<a@example.org>");
        #[allow(clippy::cast_possible_truncation)]
        let low = d as u64;
        assert_eq!(BuildLow64::default().hash_one(d), low);
        assert_eq!(BuildLow64::default().hash_one(low), low);
    }
}
