//! The fingerprints a build keeps to notice that a text or a file changed:
//! a body read again during the build, a page the previous build wrote
//! (`output/sums.rs`). XXH3, 128 bits: not cryptographic, which nothing
//! here needs (they guard against a changed file, not a forged one), and
//! about ten times as fast as BLAKE3, which hashed every page and body
//! twice (4 % of a 10,000-page build, docs/PERFORMANCE.md). The same
//! fingerprint names the stylesheet in its address ([`Digest::short`]).

use std::fmt;

/// A 128-bit fingerprint of some bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Digest(u128);

impl Digest {
    /// The fingerprint of `bytes`.
    pub fn of(bytes: &[u8]) -> Digest {
        Digest(xxhash_rust::xxh3::xxh3_128(bytes))
    }

    /// The fingerprint written as [`Digest::to_hex`] wrote it: 32
    /// lower-case hexadecimal digits. `None` for anything else (a record
    /// of an earlier version, which fingerprinted with BLAKE3 in 64).
    pub fn from_hex(text: &str) -> Option<Digest> {
        let hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
        (text.len() == 32 && text.bytes().all(hex))
            .then(|| u128::from_str_radix(text, 16).ok().map(Digest))
            .flatten()
    }

    /// 32 lower-case hexadecimal digits.
    pub fn to_hex(self) -> String {
        self.to_string()
    }

    /// Its first ten hexadecimal digits: what tells one version of a file
    /// from the next in its address (`css/style.<short>.css`), so that a
    /// browser never keeps an old stylesheet for a new page.
    pub fn short(self) -> String {
        let mut hex = self.to_hex();
        hex.truncate(10);
        hex
    }

    /// Its first 64 bits.
    pub fn low64(self) -> u64 {
        self.0 as u64
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:032x}", self.0)
    }
}

/// A fingerprint made of bytes that come in parts (a file as large as the
/// site, written as it is made).
#[derive(Clone, Default)]
pub struct Hasher(xxhash_rust::xxh3::Xxh3);

impl Hasher {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `bytes`.
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// The fingerprint of every part so far.
    pub fn finalize(&self) -> Digest {
        Digest(self.0.digest128())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digest_reads_back_from_its_hex_and_parts_make_the_whole() {
        let d = Digest::of(b"palvelulupaus");
        assert_eq!(d.to_hex().len(), 32);
        assert_eq!(Digest::from_hex(&d.to_hex()), Some(d));
        assert_eq!(d.short(), d.to_hex()[..10]);
        let mut h = Hasher::new();
        h.update(b"palvelu");
        h.update(b"lupaus");
        assert_eq!(h.finalize(), d);
        assert_ne!(Digest::of(b"palvelulupaus!"), d);
        // An earlier version's BLAKE3 record, or anything else, is none.
        assert_eq!(Digest::from_hex(&"0".repeat(64)), None);
        assert_eq!(Digest::from_hex(&"G".repeat(32)), None);
        assert_eq!(Digest::from_hex(&d.to_hex().to_uppercase()), None);
    }
}
