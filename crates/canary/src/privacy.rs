//! Keyed hashing of identities, so the store can tell "same person" without holding names
//! or addresses.
//!
//! Each store has its own random 32-byte key (kept in the store's `meta` table); identities are
//! normalised (trimmed, lower-cased) and hashed with keyed BLAKE3. A stolen store therefore
//! cannot be matched against a list of known addresses without the key that sits beside it —
//! this protects against casual reading and cross-store linking, not against someone holding
//! the whole file and a guess list.

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
        let digest = blake3::keyed_hash(&self.key, norm.as_bytes());
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = String::with_capacity(32);
        for b in &digest.as_bytes()[..16] {
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xf)] as char);
        }
        out
    }
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
}
