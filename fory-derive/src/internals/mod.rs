//! Parsing and validation of the derive input. Code generation (`ser.rs`, `de.rs`) reads only
//! the checked [`ast::Container`] built here.

pub mod ast;
pub mod attr;
mod check;
mod ctxt;
mod symbol;

pub use self::ctxt::Ctxt;

/// Which derive is running: some rules (the `'de` lifetime, `deserialize_only`) concern one.
#[derive(Copy, Clone, PartialEq, Eq)]
pub enum Derive {
    /// `#[derive(ForySerialize)]`.
    Serialize,
    /// `#[derive(ForyDeserialize)]`.
    Deserialize,
}
