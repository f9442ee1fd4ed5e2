//! Registered user types: what a `Fory` knows about each derived struct and enum.

use std::any::TypeId;
use std::collections::HashMap;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::buffer::Writer;
use crate::error::{Error, Result};
use crate::meta_string::{self, MetaString};
use crate::type_def::{self, FieldDef, FieldId, FieldType, TypeDef, TypeDefKind, TypeIdent};
use crate::types;

/// What a derived type tells the registry about itself.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct TypeDescriptor {
    /// The Rust type name, for error messages.
    pub rust_name: &'static str,
    /// How the type is identified on the wire.
    pub ident: TypeIdent,
    /// Struct or enum details.
    pub kind: DescriptorKind,
    /// The wire order the derive predicted from the field types it could see (declaration
    /// indices). When it equals the order computed at registration, the derive's straight-line
    /// field code is used; otherwise the general loop. `None`: the type has no straight-line
    /// code (an enum, or a `small_code` struct).
    pub static_order: Option<&'static [usize]>,
    /// Per field (declaration order), the scalar type id the derive saw for fields it writes
    /// directly in their default encoding with no flag (`0`: written through the general field
    /// writer). Confirmed against the field types like the order.
    pub static_scalars: &'static [u32],
}

/// One serialized field as the derive lists it: its wire name or tag, and the function that
/// gives its declared type. A table of these (one `static`-like slice per struct) replaces a
/// per-struct `Vec` of [`FieldDef`]s built inline, so that a derived struct's descriptor is a
/// few instructions and [`field_defs`] is compiled once.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct FieldSpec {
    /// The field's wire name (`Name`), or its tag id.
    pub name: &'static str,
    /// The tag id (`#[fory(id = N)]`), if any; the name is then unused on the wire.
    pub tag: Option<u32>,
    /// The declared type.
    pub ty: fn() -> FieldType,
}

/// The [`FieldDef`]s of a derived struct's field table.
#[doc(hidden)]
pub fn field_defs(specs: &[FieldSpec]) -> Vec<FieldDef> {
    specs
        .iter()
        .map(|s| FieldDef {
            id: match s.tag {
                Some(tag) => FieldId::Tag(tag),
                None => FieldId::Name(s.name.to_string()),
            },
            ty: (s.ty)(),
        })
        .collect()
}

/// Struct or enum details of a [`TypeDescriptor`].
#[doc(hidden)]
#[derive(Debug, Clone)]
pub enum DescriptorKind {
    /// A struct with its serialized fields in declaration order.
    Struct {
        /// The fields (skipped fields are not listed).
        fields: Vec<FieldDef>,
    },
    /// A unit-only enum with this many variants.
    Enum {
        /// Number of variants.
        variants: u32,
    },
    /// An enum with data: an xlang union (TYPED_UNION by id, NAMED_UNION by name). The cases
    /// are the derive's business; the registry only identifies the type.
    Union,
}

/// The three kinds of registered user type, each with its own ids and names (pyfory keys a
/// registration by its kind and id).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Space {
    /// Structs (every struct type id).
    Struct,
    /// Unit enums (ENUM, NAMED_ENUM).
    Enum,
    /// Unions (UNION, TYPED_UNION, NAMED_UNION).
    Union,
}

impl Space {
    /// The kind a type id belongs to.
    pub fn of(type_id: u32) -> Space {
        match type_id {
            types::ENUM | types::NAMED_ENUM => Space::Enum,
            t if types::is_union(t) => Space::Union,
            _ => Space::Struct,
        }
    }
}

/// A user type implemented by the derives. Registration reads its descriptor once.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a fory user type",
    note = "add #[derive(ForySerialize, ForyDeserialize)] to register it (or #[fory(deserialize_only)] on a read-only type)"
)]
pub trait Registered {
    /// A key unique to this type across crates (the `TypeId` of a private marker type, so that
    /// types with lifetimes can be registered too).
    fn type_key() -> TypeId;
    /// The descriptor.
    fn descriptor() -> TypeDescriptor;
    /// Whether [`entry_hint`](Self::entry_hint) belongs to this type alone (a derived,
    /// non-generic type), so that a hint naming this instance needs no check of the slot.
    const EXCLUSIVE_HINT: bool = false;

    /// Where a [`Fory`](crate::Fory) remembers which registry slot this type has, so that the
    /// hot paths skip the hash lookup: `(instance id << 32) | slot`. A hint shared between
    /// types (the default, or the instantiations of a generic type) is checked against the
    /// slot's key on every use, so sharing costs lookups, never results.
    fn entry_hint() -> &'static std::sync::atomic::AtomicU64 {
        static SHARED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        &SHARED
    }
}

/// A registered type, with everything precomputed that the hot paths need.
#[doc(hidden)]
#[derive(Debug)]
pub struct TypeEntry {
    /// Index in the registry.
    pub index: usize,
    /// [`Registered::type_key`].
    pub key: TypeId,
    /// The descriptor it came from.
    pub rust_name: &'static str,
    /// Identification.
    pub ident: TypeIdent,
    /// The type id written in type info.
    pub wire_type_id: u32,
    /// Local fields in declaration order (structs).
    pub fields: Vec<FieldDef>,
    /// Declaration indices in wire order.
    pub order: Vec<usize>,
    /// Schema hash (non-compatible structs).
    pub schema_hash: i32,
    /// The encoded TypeDef (compatible mode).
    pub type_def: Vec<u8>,
    /// The same TypeDef, decoded.
    pub def: Arc<TypeDef>,
    /// Namespace and type name as meta strings (non-compatible named types), each with a key
    /// shared by every type using the same string, so a message writes it once.
    pub names: Option<((MetaString, usize), (MetaString, usize))>,
    /// Number of enum variants (enums).
    pub variants: u32,
    /// Read plan for messages written with the same schema.
    pub local_plan: Arc<ReadPlan>,
    /// Whether the derive's predicted order is the wire order (see
    /// [`TypeDescriptor::static_order`]).
    pub static_ok: bool,
    /// Field types in declaration order, for the straight-line reader.
    pub decl_tys: Vec<Arc<FieldType>>,
    /// The type info of a struct or enum registered by id (type id, then the user id as a
    /// varint), which never depends on the message: its bytes as a little-endian word and
    /// their count, written in one store.
    pub id_type_info: Option<(u64, usize)>,
    /// For a struct registered by id in schema-consistent mode: its type info followed by its
    /// schema hash, the constant header of every one of its values that carries type info,
    /// as one word and its length (when it fits in 8 bytes).
    pub struct_header: Option<(u64, usize)>,
}

/// How to read the fields of one struct body, in wire order.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct ReadPlan {
    /// One step per field on the wire.
    pub steps: Vec<ReadStep>,
    /// The wire fields are exactly the local ones, in local wire order with the same types:
    /// the straight-line reader can be used.
    pub local_order: bool,
}

/// One field on the wire.
#[doc(hidden)]
#[derive(Debug)]
pub enum ReadStep {
    /// Read into local field `local`, whose wire type is `ty`.
    Read {
        /// Declaration index of the local field.
        local: usize,
        /// The wire (remote) type of the field.
        ty: Arc<FieldType>,
    },
    /// The local type lacks this field (or cannot hold its type): skip it.
    Skip {
        /// The wire type, to know how to skip.
        ty: Arc<FieldType>,
    },
}

#[derive(Default)]
pub(crate) struct Registry {
    pub(crate) types: Vec<TypeEntry>,
    by_key: FxHashMap<TypeId, usize>,
    /// Registered TypeDefs by their 8-byte header (which holds a hash of the body), so that a
    /// message's TypeDef is recognized as a registered one by a cheap lookup and a compare.
    by_type_def_header: FxHashMap<u64, Vec<usize>>,
    by_id: FxHashMap<(Space, u32), usize>,
    /// namespace -> type name -> index, so lookups borrow the names instead of allocating.
    by_name: HashMap<String, HashMap<String, usize>>,
    meta_string_keys: HashMap<MetaString, usize>,
    unshared_keys: usize,
}

/// The first 8 bytes of an encoded TypeDef (its header), as a lookup key.
fn type_def_header(encoded: &[u8]) -> u64 {
    let mut h = [0u8; 8];
    let n = encoded.len().min(8);
    h[..n].copy_from_slice(&encoded[..n]);
    u64::from_le_bytes(h)
}

impl Registry {
    /// The registered type whose encoded TypeDef is exactly `raw`.
    #[inline]
    pub(crate) fn local_type_def(&self, raw: &[u8]) -> Option<usize> {
        self.by_type_def_header
            .get(&type_def_header(raw))?
            .iter()
            .copied()
            .find(|&i| self.types[i].type_def == raw)
    }
}

/// Declaration indices of `fields` in pyfory's wire order.
fn field_order(fields: &[FieldDef]) -> Vec<usize> {
    let mut sorted = fields.to_vec();
    type_def::sort_fields(&mut sorted);
    sorted
        .iter()
        .map(|f| {
            fields
                .iter()
                .position(|g| g.id == f.id)
                .expect("sorting keeps every field")
        })
        .collect()
}

impl Registry {
    pub(crate) fn register(
        &mut self,
        key: TypeId,
        desc: TypeDescriptor,
        compatible: bool,
    ) -> Result<usize> {
        if self.by_key.contains_key(&key) {
            return Err(Error::Registration(format!(
                "{} is registered twice",
                desc.rust_name
            )));
        }
        let index = self.types.len();
        let (space, fields, variants) = match desc.kind {
            DescriptorKind::Struct { fields } => (Space::Struct, fields, 0),
            DescriptorKind::Enum { variants } => (Space::Enum, Vec::new(), variants),
            DescriptorKind::Union => (Space::Union, Vec::new(), 0),
        };
        match &desc.ident {
            TypeIdent::Id(id) => {
                if let Some(&other) = self.by_id.get(&(space, *id)) {
                    if self.types[other].fields != fields {
                        return Err(Error::Registration(format!(
                            "{} and {} both claim id {id} with different fields",
                            self.types[other].rust_name, desc.rust_name
                        )));
                    }
                }
            }
            TypeIdent::Named {
                namespace,
                type_name,
            } => {
                if let Some(&other) = self.by_name.get(namespace).and_then(|m| m.get(type_name)) {
                    if self.types[other].fields != fields {
                        return Err(Error::Registration(format!(
                            "{} and {} both claim name {namespace}.{type_name} with different fields",
                            self.types[other].rust_name, desc.rust_name
                        )));
                    }
                }
            }
        }
        let by_name = matches!(desc.ident, TypeIdent::Named { .. });
        let wire_type_id = match (space, by_name, compatible) {
            (Space::Enum, false, _) => types::ENUM,
            (Space::Enum, true, _) => types::NAMED_ENUM,
            (Space::Union, false, _) => types::TYPED_UNION,
            (Space::Union, true, _) => types::NAMED_UNION,
            (Space::Struct, false, false) => types::STRUCT,
            (Space::Struct, false, true) => types::COMPATIBLE_STRUCT,
            (Space::Struct, true, false) => types::NAMED_STRUCT,
            (Space::Struct, true, true) => types::NAMED_COMPATIBLE_STRUCT,
        };
        let order = field_order(&fields);
        let def = match space {
            Space::Struct => TypeDef::new_struct(desc.ident.clone(), true, fields.clone()),
            Space::Enum | Space::Union => TypeDef {
                kind: if space == Space::Enum {
                    TypeDefKind::Enum
                } else {
                    TypeDefKind::Union
                },
                ident: desc.ident.clone(),
                compatible,
                fields: Vec::new(),
            },
        };
        let type_def = def.encode()?;
        let def = Arc::new(def);
        let names = match &desc.ident {
            TypeIdent::Named {
                namespace,
                type_name,
            } => {
                let ns = meta_string::encode_namespace(namespace);
                let name = meta_string::encode_type_name(type_name);
                let ns_key = self.intern(&ns);
                let name_key = self.intern(&name);
                Some(((ns, ns_key), (name, name_key)))
            }
            TypeIdent::Id(_) => None,
        };
        let decl_tys: Vec<Arc<FieldType>> = fields.iter().map(|f| Arc::new(f.ty.clone())).collect();
        let local_plan = Arc::new(ReadPlan {
            steps: order
                .iter()
                .map(|&i| ReadStep::Read {
                    local: i,
                    ty: decl_tys[i].clone(),
                })
                .collect(),
            local_order: true,
        });
        let scalars_ok = desc.static_scalars.len() == fields.len()
            && desc.static_scalars.iter().zip(&fields).all(|(&tid, f)| {
                tid == 0 || (f.ty.type_id == tid && !f.ty.nullable && !f.ty.track_ref)
            });
        let static_ok =
            space == Space::Struct && scalars_ok && desc.static_order == Some(order.as_slice());
        let schema_hash = type_def::schema_hash(&fields);
        let (id_type_info, struct_header) = match (&desc.ident, wire_type_id) {
            (TypeIdent::Id(id), types::STRUCT | types::ENUM | types::TYPED_UNION) => {
                let mut bytes = Vec::with_capacity(16);
                let mut w = Writer::new(&mut bytes);
                w.u8(wire_type_id as u8);
                w.varuint32(*id);
                let info_len = w.len();
                w.u32(schema_hash as u32);
                drop(w);
                let word = |b: &[u8]| {
                    let mut word = [0u8; 8];
                    word[..b.len()].copy_from_slice(b);
                    (u64::from_le_bytes(word), b.len())
                };
                let header =
                    (wire_type_id == types::STRUCT && bytes.len() <= 8).then(|| word(&bytes));
                (Some(word(&bytes[..info_len])), header)
            }
            _ => (None, None),
        };
        let entry = TypeEntry {
            index,
            key,
            rust_name: desc.rust_name,
            schema_hash,
            ident: desc.ident.clone(),
            wire_type_id,
            fields,
            order,
            type_def,
            def,
            names,
            variants,
            local_plan,
            static_ok,
            decl_tys,
            id_type_info,
            struct_header,
        };
        match desc.ident {
            TypeIdent::Id(id) => {
                // Two Rust types may share a wire type with the same fields (an owned type
                // and a borrowing view of it); lookups by id or name keep the first.
                self.by_id.entry((space, id)).or_insert(index);
            }
            TypeIdent::Named {
                namespace,
                type_name,
            } => {
                self.by_name
                    .entry(namespace)
                    .or_default()
                    .entry(type_name)
                    .or_insert(index);
            }
        }
        self.by_key.insert(key, index);
        self.by_type_def_header
            .entry(type_def_header(&entry.type_def))
            .or_default()
            .push(index);
        self.types.push(entry);
        Ok(index)
    }

    /// pyfory deduplicates meta strings by object identity: equal names share an entry, but
    /// every type's empty namespace is its own object. Mirror that to stay byte-exact.
    fn intern(&mut self, ms: &MetaString) -> usize {
        let next = self.meta_string_keys.len() + self.unshared_keys;
        if ms.bytes.is_empty() {
            self.unshared_keys += 1;
            return next;
        }
        *self.meta_string_keys.entry(ms.clone()).or_insert(next)
    }

    #[inline]
    pub(crate) fn get(&self, key: &TypeId) -> Option<&TypeEntry> {
        self.by_key.get(key).map(|&i| &self.types[i])
    }

    pub(crate) fn by_ident(&self, space: Space, ident: &TypeIdent) -> Option<&TypeEntry> {
        let i = match ident {
            TypeIdent::Id(id) => self.by_id.get(&(space, *id)),
            TypeIdent::Named {
                namespace,
                type_name,
            } => self.by_name.get(namespace).and_then(|m| m.get(type_name)),
        }?;
        Some(&self.types[*i])
    }
}
