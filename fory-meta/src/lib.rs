//! What the `fory` runtime and `fory-derive` must agree on, written once: the xlang type ids
//! and the rules on them ([`types`]), and pyfory's field order with its snake_case names
//! ([`order`]). No dependencies, so the proc-macro crate can use it as the runtime does.
//!
//! The runtime and the derive both use it (the runtime's private `types` and `type_def`
//! modules re-export it); it is an implementation detail of both.
#![no_std]
#![warn(missing_docs)]

extern crate alloc;

pub mod order;
pub mod types;
