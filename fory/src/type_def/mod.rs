//! Struct type definitions (TypeDef) as shared in compatible mode, the schema fingerprint hash of
//! non-compatible mode, and pyfory's field order.
//!
//! * this module: the declared types ([`FieldType`], [`FieldDef`], [`TypeDef`]);
//! * `codec`: a TypeDef's bytes as pyfory writes them (header hash, field names, generics);
//! * `order`: pyfory's field order, its snake_case names and the schema hash.

mod codec;
mod order;
#[cfg(test)]
mod tests;

pub use order::{schema_fingerprint, schema_hash, sort_fields, to_snake_case};

/// The declared type of a struct field (or a nested generic argument), as the wire describes it.
///
/// Equality and hashing compare what the wire describes: [`user`](FieldType::user) is a local
/// annotation and is ignored by both.
#[derive(Debug, Clone)]
pub struct FieldType {
    /// Xlang type id (the spec's type table). User structs use `STRUCT` (by id) or
    /// `NAMED_STRUCT` (by name) here; the TypeDef encoder maps them to the compatible variants.
    pub type_id: u32,
    /// Whether the value may be null (a null flag byte precedes it).
    pub nullable: bool,
    /// Whether the value is reference-tracked (a ref flag byte precedes it).
    pub track_ref: bool,
    /// Element type for LIST/SET, key and value types for MAP; empty otherwise.
    pub generics: Vec<FieldType>,
    /// Which registered user type a struct or enum declaration names, when it is known
    /// locally (the derive sets it for its own types). A declared struct that carries no type
    /// info on the wire (see [`crate::types::carries_type_info`]) is read as this type by
    /// readers without a static type (`fory::Value`). TypeDefs do not carry it.
    pub user: Option<UserType>,
}

/// The registered identity a [`FieldType`] names: a user id, or namespace and type name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum UserType {
    /// Registered by numeric user id.
    Id(u32),
    /// Registered by namespace and type name.
    Named(std::sync::Arc<(String, String)>),
}

impl UserType {
    /// The identity of a type registered as `ident`.
    pub fn of(ident: &TypeIdent) -> UserType {
        match ident {
            TypeIdent::Id(id) => UserType::Id(*id),
            TypeIdent::Named {
                namespace,
                type_name,
            } => UserType::Named(std::sync::Arc::new((namespace.clone(), type_name.clone()))),
        }
    }
}

impl PartialEq for FieldType {
    fn eq(&self, other: &Self) -> bool {
        self.type_id == other.type_id
            && self.nullable == other.nullable
            && self.track_ref == other.track_ref
            && self.generics == other.generics
    }
}

impl Eq for FieldType {}

impl std::hash::Hash for FieldType {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.type_id.hash(state);
        self.nullable.hash(state);
        self.track_ref.hash(state);
        self.generics.hash(state);
    }
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

/// Largest tag id pyfory accepts (`pyfory.field(id=...)`).
pub const MAX_FIELD_TAG: u32 = (1 << 29) - 1;

/// What kind of user type a TypeDef describes. Non-struct kinds carry no fields; pyfory shares
/// them for named enums/exts/unions in compatible mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TypeDefKind {
    /// A struct (dataclass); the only kind with fields.
    Struct,
    /// An enum.
    Enum,
    /// An extension type with a user serializer.
    Ext,
    /// A typed union.
    Union,
}

/// A type definition as shared in compatible (meta-share) mode.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TypeDef {
    /// Struct, enum, ext or union.
    pub kind: TypeDefKind,
    /// Registered id or namespace + name.
    pub ident: TypeIdent,
    /// The struct's compatible flag (schema evolution allowed). pyfory sets it for every struct
    /// when `compatible=True`; nested struct field ids follow it (27/29 become 28/30).
    pub compatible: bool,
    /// Fields in wire order, which is also the order of the values. See [`sort_fields`].
    pub fields: Vec<FieldDef>,
}
