//! Struct type definitions (TypeDef) as shared in compatible mode, the schema fingerprint hash of
//! non-compatible mode, and pyfory's field order.

/// The declared type of a struct field (or a nested generic argument), as the wire describes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FieldType {
    /// Xlang type id (see [`crate::types`]). User structs use `STRUCT` (by id) or
    /// `NAMED_STRUCT` (by name) here; the TypeDef encoder maps them to the compatible variants.
    pub type_id: u32,
    /// Whether the value may be null (a null flag byte precedes it).
    pub nullable: bool,
    /// Whether the value is reference-tracked (a ref flag byte precedes it).
    pub track_ref: bool,
    /// Element type for LIST/SET, key and value types for MAP; empty otherwise.
    pub generics: Vec<FieldType>,
}

/// How a field is identified on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FieldId {
    /// By name, as written by the peer (pyfory writes the raw attribute name, e.g. `myField`).
    Name(String),
    /// By tag id (`#[fory(id = N)]`).
    Tag(u32),
}

/// One field of a TypeDef.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FieldDef {
    /// Name or tag id.
    pub id: FieldId,
    /// Declared type.
    pub ty: FieldType,
}

/// How a user type is identified.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeIdent {
    /// Registered by numeric user id.
    Id(u32),
    /// Registered by namespace and type name.
    Named {
        /// Namespace (may be empty).
        namespace: String,
        /// Type name.
        type_name: String,
    },
}
