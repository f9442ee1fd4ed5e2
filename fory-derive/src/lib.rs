//! Derive macros for `fory`. Placeholder until the derive lands.
