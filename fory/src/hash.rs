//! MurmurHash3 as Fory uses it (x64_128, seed 47, first 64-bit lane).
//!
//! pyfory's `lib.mmh3.hash_buffer` returns the two 64-bit lanes `(h1, h2)` of MurmurHash3_x64_128;
//! every hash on the wire (TypeDef header, big stream meta strings, struct schema hash) uses `h1`.
//! The `murmur3` crate packs the result as `(h2 << 64) | h1`, so lane 0 is the low half.

/// The seed pyfory uses for every wire hash.
pub(crate) const FORY_HASH_SEED: u32 = 47;

/// Lane 0 (`h1`) of MurmurHash3_x64_128 of `data`.
pub(crate) fn murmur3_lane0(data: &[u8], seed: u32) -> u64 {
    let mut src = data;
    // Reading from an in-memory slice cannot fail; the fallback is unreachable in practice but
    // keeps this function total instead of panicking.
    let full = murmur3::murmur3_x64_128(&mut src, seed).unwrap_or(0);
    full as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values were printed by pyfory 1.7.7: `pyfory.lib.mmh3.hash_buffer(data, 47)[0]`
    // (as unsigned 64-bit).
    #[test]
    fn lane0_matches_pyfory() {
        assert_eq!(murmur3_lane0(b"", 47), 14399267881725043002);
        assert_eq!(murmur3_lane0(b"a", 47), 232260255446238564);
        assert_eq!(
            murmur3_lane0(b"hello world, this is longer than 16", 47),
            9615091963213769018
        );
        let seq: Vec<u8> = (0..40).collect();
        assert_eq!(murmur3_lane0(&seq, 47), 2750659702993876925);
    }
}
