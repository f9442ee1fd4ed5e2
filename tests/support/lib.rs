//! Shared helpers for the integration tests: locating and running the pinned pyfory.
