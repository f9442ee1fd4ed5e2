//! Fory xlang type ids, as pyfory 1.7.7 writes them (one byte on the wire), and the rules on
//! them that writing and reading share: which declared positions carry type info
//! ([`carries_type_info`]) and ref flags ([`declared_tracked`]).
//!
//! Defined in the dependency-free `fory-meta` crate, which `fory-derive` uses too, so the
//! runtime and the derive read the same numbers.

pub use fory_meta::types::*;
