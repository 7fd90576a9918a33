//! The binary format of `models/english.lm`, and its zero-copy reader.
//!
//! Written by `tools/lm/build.py`; every number is little-endian, every section starts on a
//! 4-byte boundary (zero padding), and nothing is ever copied out of the byte slice except the
//! two 256-entry codebooks of each order.
//!
//! ```text
//! header   b"CLLMv1\0\0"
//!          u32 order N (4), u32 vocabulary size V, u32 bucket bits B (16),
//!          u32 flags (bit 0: words keep their case, see `lm`), u32 meta length M
//!          u32 × (N-1): entries stored for orders 2..=N
//!          M bytes of UTF-8 description (sources, token count, smoothing, pruning), padding
//! vocab    u32 total string bytes T; u32 × (V+1) offsets; T bytes of the words, concatenated
//!          in byte order (a word's id is its index), padding. Classes `<s>`, `</s>`, `<unk>`,
//!          `<Unk>` (unknown, capitalised), `<num>` and the punctuation `. , ; : ? !` are words.
//! unigrams f32 × V natural-log probability; f32 × V natural-log backoff weight
//! order n  (for n = 2..=N)
//!          u32 entries E
//!          u32 × (2^B + 1) bucket starts: the entries of bucket b are [start[b], start[b+1])
//!          u32 × E fingerprints, ascending within a bucket
//!          u8 × E code of the log-probability
//!          u8 × E code of the log-backoff (only when n < N), padding
//!          f32 × 256 log-probability codebook; f32 × 256 log-backoff codebook (only when n < N)
//! trailer  b"CLLMend\0"
//! ```
//!
//! An n-gram (ids `w1 … wn`, context first) is found by its 64-bit [`key`]: the top B bits pick
//! the bucket, the low 32 bits are the fingerprint searched there. Two different n-grams agree
//! in those 48 bits with probability about E / 2^48 (the build drops the rarer of any such pair;
//! none in the shipped model), and an n-gram that is not stored matches a stored one with about
//! that probability too: harmless for a score.
//!
//! Stored values are those of an ARPA backoff model: the log-probability of a stored n-gram is
//! the full interpolated Kneser–Ney estimate; an n-gram not stored costs the context's backoff
//! plus the estimate one order lower.

/// Magic at byte 0.
pub const MAGIC: &[u8; 8] = b"CLLMv1\0\0";
/// Magic at the end of the file.
pub const TRAILER: &[u8; 8] = b"CLLMend\0";

/// The 64-bit key of an n-gram of word ids (FNV-1a over the ids plus one, then the splitmix64
/// finaliser). `tools/lm/build.py` (`fnv_keys`) computes the same.
pub fn key(ids: impl IntoIterator<Item = u32>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for id in ids {
        h ^= u64::from(id) + 1;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// What can be wrong with a model file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError(pub String);

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "language model file: {}", self.0)
    }
}

impl std::error::Error for FormatError {}

fn bad(what: &str) -> FormatError {
    FormatError(what.to_string())
}

/// A cursor over the file's bytes.
pub(crate) struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Cursor { bytes, pos: 0 }
    }

    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], FormatError> {
        let end = self
            .pos
            .checked_add(n)
            .ok_or_else(|| bad("length overflow"))?;
        let s = self
            .bytes
            .get(self.pos..end)
            .ok_or_else(|| bad("truncated"))?;
        self.pos = end;
        Ok(s)
    }

    pub(crate) fn u32(&mut self) -> Result<u32, FormatError> {
        Ok(u32_at(self.take(4)?, 0))
    }

    pub(crate) fn align(&mut self) {
        self.pos = self.pos.div_ceil(4) * 4;
    }

    pub(crate) fn codebook(&mut self) -> Result<[f32; 256], FormatError> {
        let s = self.take(1024)?;
        let mut book = [0f32; 256];
        for (i, v) in book.iter_mut().enumerate() {
            *v = f32_at(s, i);
        }
        Ok(book)
    }

    pub(crate) fn rest(&self) -> &'a [u8] {
        &self.bytes[self.pos.min(self.bytes.len())..]
    }
}

/// The `i`-th little-endian u32 of a byte slice.
#[inline]
pub(crate) fn u32_at(s: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([s[4 * i], s[4 * i + 1], s[4 * i + 2], s[4 * i + 3]])
}

/// The `i`-th little-endian f32 of a byte slice.
#[inline]
pub(crate) fn f32_at(s: &[u8], i: usize) -> f32 {
    f32::from_bits(u32_at(s, i))
}

/// One order's table of stored n-grams (orders 2..=N).
pub(crate) struct Table<'a> {
    pub(crate) starts: &'a [u8],
    pub(crate) fingerprints: &'a [u8],
    pub(crate) prob_codes: &'a [u8],
    pub(crate) backoff_codes: Option<&'a [u8]>,
    pub(crate) prob_book: [f32; 256],
    pub(crate) backoff_book: [f32; 256],
    pub(crate) bucket_shift: u32,
}

impl<'a> Table<'a> {
    pub(crate) fn read(
        c: &mut Cursor<'a>,
        bucket_bits: u32,
        with_backoff: bool,
    ) -> Result<Self, FormatError> {
        let entries = c.u32()? as usize;
        let starts = c.take(4 * ((1usize << bucket_bits) + 1))?;
        let fingerprints = c.take(4 * entries)?;
        let prob_codes = c.take(entries)?;
        let backoff_codes = if with_backoff {
            Some(c.take(entries)?)
        } else {
            None
        };
        c.align();
        let prob_book = c.codebook()?;
        let backoff_book = if with_backoff {
            c.codebook()?
        } else {
            [0.0; 256]
        };
        if u32_at(starts, 1usize << bucket_bits) as usize != entries {
            return Err(bad("bucket starts do not end at the entry count"));
        }
        Ok(Table {
            starts,
            fingerprints,
            prob_codes,
            backoff_codes,
            prob_book,
            backoff_book,
            bucket_shift: 64 - bucket_bits,
        })
    }

    pub(crate) fn len(&self) -> usize {
        self.prob_codes.len()
    }

    /// Index of the entry with this key, if stored.
    #[inline]
    pub(crate) fn find(&self, key: u64) -> Option<usize> {
        let b = (key >> self.bucket_shift) as usize;
        let fp = key as u32;
        let (mut lo, mut hi) = (
            u32_at(self.starts, b) as usize,
            u32_at(self.starts, b + 1) as usize,
        );
        while lo < hi {
            let mid = (lo + hi) / 2;
            let v = u32_at(self.fingerprints, mid);
            match v.cmp(&fp) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    #[inline]
    pub(crate) fn logprob(&self, i: usize) -> f32 {
        self.prob_book[self.prob_codes[i] as usize]
    }

    #[inline]
    pub(crate) fn backoff(&self, i: usize) -> f32 {
        match self.backoff_codes {
            Some(codes) => self.backoff_book[codes[i] as usize],
            None => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_matches_the_build_script() {
        // Values printed by tools/lm/build.py's `fnv_keys` for the same id sequences.
        assert_eq!(key([1u32]), 0xa5ed_1b2d_398f_c9b8);
        assert_eq!(key([1u32, 2]), 0x22cc_f533_a658_ebe8);
        assert_eq!(key([40000u32, 7, 123, 5]), 0xb7b3_83df_ad55_a1e4);
    }
}
