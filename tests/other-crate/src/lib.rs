//! Types derived in a crate of their own, with the same Rust names as types in the tests crate.

use fory::{ForyDeserialize, ForySerialize};

/// Same Rust name as `tests/cross_crate.rs`'s `Point`, different wire name and fields.
#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(name = "other.Point")]
pub struct Point {
    /// A label.
    pub label: String,
}

/// Registered by id 7 (the tests crate uses another id).
#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(id = 7)]
pub struct Counter {
    /// A count.
    pub n: u64,
}
