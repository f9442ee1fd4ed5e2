//! The attribute names, in one place so the parser and its error messages agree.

use std::fmt::{self, Display};
use syn::{Ident, Path};

/// One attribute name.
#[derive(Copy, Clone)]
pub struct Symbol(&'static str);

/// The attribute itself: `#[fory(...)]`.
pub const FORY: Symbol = Symbol("fory");

// Container.
pub const NAME: Symbol = Symbol("name");
pub const ID: Symbol = Symbol("id");
pub const CRATE: Symbol = Symbol("crate");
pub const DESERIALIZE_ONLY: Symbol = Symbol("deserialize_only");
pub const TRANSPARENT: Symbol = Symbol("transparent");
pub const UNTAGGED: Symbol = Symbol("untagged");
pub const SMALL_CODE: Symbol = Symbol("small_code");

// Variant (`ID` is shared with the container).
pub const OTHER: Symbol = Symbol("other");

// Field (`ID` is shared with the container).
pub const RENAME: Symbol = Symbol("rename");
pub const SKIP: Symbol = Symbol("skip");
pub const DEFAULT: Symbol = Symbol("default");
pub const NULLABLE: Symbol = Symbol("nullable");
pub const REF: Symbol = Symbol("ref");
pub const ENCODING: Symbol = Symbol("encoding");
pub const LIST: Symbol = Symbol("list");
pub const OUT_OF_BAND: Symbol = Symbol("out_of_band");

impl PartialEq<Symbol> for Ident {
    fn eq(&self, word: &Symbol) -> bool {
        self == word.0
    }
}

impl PartialEq<Symbol> for &Ident {
    fn eq(&self, word: &Symbol) -> bool {
        *self == word.0
    }
}

// `Path::is_ident` rather than comparing segments, so that `ref` (a keyword, which
// `parse_nested_meta` accepts as a path) matches like any other name.
impl PartialEq<Symbol> for Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl PartialEq<Symbol> for &Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl Display for Symbol {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(self.0)
    }
}
