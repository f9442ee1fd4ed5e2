//! MurmurHash3 as Fory uses it (x64_128, seed 47, first 64-bit lane).
