//! Struct type definitions (TypeDef) as shared in compatible mode, the schema fingerprint hash of
//! non-compatible mode, and pyfory's field order.

use std::collections::HashSet;

use crate::buffer::{Reader, Writer};
use crate::error::{Error, Result};
use crate::hash::{murmur3_lane0, FORY_HASH_SEED};
use crate::meta_string::{
    self, Encoding, MetaString, FIELD_NAME_ENCODINGS, NAMESPACE_SPECIALS,
    NAMESPACE_TYPEDEF_ENCODINGS, NAME_SPECIALS, TYPE_NAME_TYPEDEF_ENCODINGS,
};
use crate::types::*;

/// The declared type of a struct field (or a nested generic argument), as the wire describes it.
///
/// Equality and hashing compare what the wire describes: [`user`](FieldType::user) is a local
/// annotation and is ignored by both.
#[derive(Debug, Clone)]
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

const SMALL_NUM_FIELDS_THRESHOLD: usize = 0b1_1111;
const REGISTER_BY_NAME_FLAG: u8 = 0b0010_0000;
const COMPATIBLE_FLAG: u8 = 0b0100_0000;
const STRUCT_FLAG: u8 = 0b1000_0000;
const FIELD_SIZE_THRESHOLD: u32 = 0b1111;
const FIELD_ENCODING_TAG_ID: u8 = 0b11;
const BIG_NAME_THRESHOLD: usize = 0b11_1111;
const META_SIZE_MASK: u64 = 0xFF;
const COMPRESS_META_FLAG: u64 = 1 << 8;
const RESERVED_META_FLAGS: u64 = 0b111 << 9;
const HASH_MASK: u64 = !0xFFF;
/// pyfory rejects bodies whose size does not fit a signed 32-bit int.
const MAX_BODY_SIZE: u64 = (1 << 31) - 1;
/// Nested generics deeper than this are rejected so hostile input cannot exhaust the stack.
const MAX_GENERIC_DEPTH: u32 = 64;

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

impl TypeDef {
    /// A struct TypeDef with `fields` put into pyfory's order.
    pub fn new_struct(ident: TypeIdent, compatible: bool, mut fields: Vec<FieldDef>) -> TypeDef {
        sort_fields(&mut fields);
        TypeDef {
            kind: TypeDefKind::Struct,
            ident,
            compatible,
            fields,
        }
    }

    /// The full TypeDef bytes as pyfory writes them: 8-byte header, optional size extension, body.
    ///
    /// Fails for definitions pyfory cannot express: fields on a non-struct kind, an empty field
    /// name, a tag id above [`MAX_FIELD_TAG`], or a field type id above 255.
    pub fn encode(&self) -> Result<Vec<u8>> {
        let mut body = Vec::with_capacity(64);
        let mut w = Writer::new(&mut body);
        let named = matches!(self.ident, TypeIdent::Named { .. });
        match self.kind {
            TypeDefKind::Struct => {
                let n = self.fields.len();
                let mut header = STRUCT_FLAG | n.min(SMALL_NUM_FIELDS_THRESHOLD) as u8;
                if self.compatible {
                    header |= COMPATIBLE_FLAG;
                }
                if named {
                    header |= REGISTER_BY_NAME_FLAG;
                }
                w.u8(header);
                if n >= SMALL_NUM_FIELDS_THRESHOLD {
                    let extra = u32::try_from(n - SMALL_NUM_FIELDS_THRESHOLD)
                        .map_err(|_| Error::Unsupported("too many fields for a TypeDef".into()))?;
                    w.varuint32(extra);
                }
            }
            kind => {
                if !self.fields.is_empty() {
                    return Err(Error::Unsupported(
                        "only struct TypeDefs can carry fields".into(),
                    ));
                }
                let base = match kind {
                    TypeDefKind::Enum => 0,
                    TypeDefKind::Ext => 2,
                    _ => 4,
                };
                w.u8(base + named as u8);
            }
        }
        match &self.ident {
            TypeIdent::Named {
                namespace,
                type_name,
            } => {
                write_name(
                    &mut w,
                    &meta_string::encode_typedef_namespace(namespace),
                    NAMESPACE_TYPEDEF_ENCODINGS,
                )?;
                write_name(
                    &mut w,
                    &meta_string::encode_typedef_type_name(type_name),
                    TYPE_NAME_TYPEDEF_ENCODINGS,
                )?;
            }
            TypeIdent::Id(id) => w.varuint32(*id),
        }
        for f in &self.fields {
            self.write_field(&mut w, f)?;
        }
        drop(w);

        let size = body.len() as u64;
        if size > MAX_BODY_SIZE {
            return Err(Error::Unsupported("TypeDef body too large".into()));
        }
        let low = size.min(META_SIZE_MASK);
        let header = header_hash(&body, low) | low;
        let mut out = Vec::with_capacity(body.len() + 13);
        let mut w = Writer::new(&mut out);
        w.u64(header);
        if size >= META_SIZE_MASK {
            w.varuint32((size - META_SIZE_MASK) as u32);
        }
        w.bytes(&body);
        drop(w);
        Ok(out)
    }

    fn write_field(&self, w: &mut Writer<'_>, f: &FieldDef) -> Result<()> {
        let mut header = 0u8;
        if f.ty.track_ref {
            header |= 0b01;
        }
        if f.ty.nullable {
            header |= 0b10;
        }
        let name = match &f.id {
            FieldId::Tag(tag) => {
                if *tag > MAX_FIELD_TAG {
                    return Err(Error::Unsupported(
                        format!("field tag id {tag} exceeds {MAX_FIELD_TAG}").into(),
                    ));
                }
                header |= FIELD_ENCODING_TAG_ID << 6;
                write_small_size(w, header, *tag);
                None
            }
            FieldId::Name(name) => {
                let ms = meta_string::encode_field_name(name);
                if ms.bytes.is_empty() {
                    return Err(Error::Unsupported("empty field name".into()));
                }
                let idx = encoding_index(FIELD_NAME_ENCODINGS, ms.encoding)?;
                header |= idx << 6;
                write_small_size(w, header, (ms.bytes.len() - 1) as u32);
                Some(ms.bytes)
            }
        };
        let tid = self.wire_type_id(f.ty.type_id);
        let tid = u8::try_from(tid).map_err(|_| {
            Error::Unsupported(format!("field type id {tid} does not fit the TypeDef byte").into())
        })?;
        w.u8(tid);
        self.write_generics(w, &f.ty)?;
        if let Some(bytes) = name {
            w.bytes(&bytes);
        }
        Ok(())
    }

    fn write_generics(&self, w: &mut Writer<'_>, ty: &FieldType) -> Result<()> {
        let arity = match ty.type_id {
            LIST | SET => 1,
            MAP => 2,
            _ => return Ok(()),
        };
        // pyfory always describes the arguments; a missing one is an unknown (dynamic) type.
        let unknown = FieldType {
            type_id: UNKNOWN,
            nullable: false,
            track_ref: false,
            generics: Vec::new(),
            user: None,
        };
        for i in 0..arity {
            let g = ty.generics.get(i).unwrap_or(&unknown);
            let tid = self.wire_type_id(g.type_id);
            if tid >= 1 << 30 {
                return Err(Error::Unsupported(
                    format!("generic type id {tid} too large").into(),
                ));
            }
            w.varuint32((tid << 2) | (g.nullable as u32) << 1 | g.track_ref as u32);
            self.write_generics(w, g)?;
        }
        Ok(())
    }

    /// pyfory describes nested user types by kind only; struct fields take the compatible
    /// variant in compatible mode and enum/union fields their unnamed kind.
    fn wire_type_id(&self, tid: u32) -> u32 {
        match tid {
            STRUCT if self.compatible => COMPATIBLE_STRUCT,
            NAMED_STRUCT if self.compatible => NAMED_COMPATIBLE_STRUCT,
            NAMED_ENUM => ENUM,
            TYPED_UNION | NAMED_UNION => UNION,
            t => t,
        }
    }

    /// Reads one TypeDef (header included), checking sizes, counts and the header hash.
    ///
    /// Struct field ids 28/30 come back as STRUCT/NAMED_STRUCT, matching [`FieldType`]'s
    /// convention. Namespaces/type names of 63+ bytes are read as `63 + varuint32`, which is
    /// what pyfory writes (pyfory's own reader drops the 63 and fails on such names).
    pub fn decode(r: &mut Reader<'_>) -> Result<TypeDef> {
        let start = r.pos();
        let header = r.u64()?;
        if header & RESERVED_META_FLAGS != 0 {
            return Err(bad(start, "reserved TypeDef header bits are set"));
        }
        if header & COMPRESS_META_FLAG != 0 {
            return Err(bad(start, "compressed TypeDefs are not supported"));
        }
        let mut size = header & META_SIZE_MASK;
        if size == META_SIZE_MASK {
            size += r.varuint32()? as u64;
            if size > MAX_BODY_SIZE {
                return Err(bad(start, "TypeDef body size too large"));
            }
        }
        let body_at = r.pos();
        if size > r.remaining() as u64 {
            return Err(Error::LengthOverflow {
                at: body_at,
                len: size,
                remaining: r.remaining(),
            });
        }
        let body = r.take(size as usize)?;
        if header_hash(body, header & !HASH_MASK) != header & HASH_MASK {
            return Err(bad(start, "TypeDef header hash does not match its body"));
        }
        decode_body(body).map_err(|e| shift_error(e, body_at))
    }
}

fn decode_body(body: &[u8]) -> Result<TypeDef> {
    let mut r = Reader::new(body);
    let kind_byte = r.u8()?;
    let (kind, named, compatible, nfields) = if kind_byte & STRUCT_FLAG != 0 {
        let mut n = (kind_byte as usize) & SMALL_NUM_FIELDS_THRESHOLD;
        if n == SMALL_NUM_FIELDS_THRESHOLD {
            n += r.varuint32()? as usize;
        }
        (
            TypeDefKind::Struct,
            kind_byte & REGISTER_BY_NAME_FLAG != 0,
            kind_byte & COMPATIBLE_FLAG != 0,
            n,
        )
    } else {
        if kind_byte & 0b0111_0000 != 0 {
            return Err(bad(0, "invalid TypeDef kind byte"));
        }
        let kind = match kind_byte & 0x0F {
            0 | 1 => TypeDefKind::Enum,
            2 | 3 => TypeDefKind::Ext,
            4 | 5 => TypeDefKind::Union,
            _ => return Err(bad(0, "unknown TypeDef kind")),
        };
        (kind, kind_byte & 1 != 0, false, 0)
    };
    let ident = if named {
        let namespace = read_name(&mut r, NAMESPACE_TYPEDEF_ENCODINGS, NAMESPACE_SPECIALS)?;
        let type_name = read_name(&mut r, TYPE_NAME_TYPEDEF_ENCODINGS, NAME_SPECIALS)?;
        TypeIdent::Named {
            namespace,
            type_name,
        }
    } else {
        TypeIdent::Id(r.varuint32()?)
    };
    // Every field takes at least two bytes, which bounds the allocation by the input size.
    if nfields > r.remaining() / 2 {
        return Err(bad(r.pos(), "field count exceeds the TypeDef body"));
    }
    let mut fields = Vec::with_capacity(nfields);
    let mut tags = HashSet::new();
    for _ in 0..nfields {
        let at = r.pos();
        let f = read_field(&mut r)?;
        if let FieldId::Tag(t) = f.id {
            if !tags.insert(t) {
                return Err(bad(at, "duplicate field tag id"));
            }
        }
        fields.push(f);
    }
    if r.remaining() != 0 {
        return Err(bad(r.pos(), "trailing bytes in TypeDef body"));
    }
    Ok(TypeDef {
        kind,
        ident,
        compatible,
        fields,
    })
}

fn read_field(r: &mut Reader<'_>) -> Result<FieldDef> {
    let header = r.u8()?;
    let track_ref = header & 0b01 != 0;
    let nullable = header & 0b10 != 0;
    let small = ((header >> 2) & 0b1111) as u32;
    let enc = header >> 6;
    let mut size = small;
    if small == FIELD_SIZE_THRESHOLD {
        let at = r.pos();
        size = r
            .varuint32()?
            .checked_add(FIELD_SIZE_THRESHOLD)
            .ok_or_else(|| bad(at, "field size overflows"))?;
    }
    let tid_at = r.pos();
    let tid = normalize_read_type_id(r.u8()? as u32);
    let generics = read_generics(r, tid, 0, tid_at)?;
    let ty = FieldType {
        type_id: tid,
        nullable,
        track_ref,
        generics,
        user: None,
    };
    let id = if enc == FIELD_ENCODING_TAG_ID {
        FieldId::Tag(size)
    } else {
        let len = size as usize + 1;
        let name_at = r.pos();
        if len > r.remaining() {
            return Err(Error::LengthOverflow {
                at: name_at,
                len: len as u64,
                remaining: r.remaining(),
            });
        }
        let bytes = r.take(len)?;
        let name = meta_string::decode(bytes, FIELD_NAME_ENCODINGS[enc as usize], NAME_SPECIALS)
            .map_err(|e| shift_error(e, name_at))?;
        FieldId::Name(name)
    };
    Ok(FieldDef { id, ty })
}

fn read_generics(r: &mut Reader<'_>, tid: u32, depth: u32, at: usize) -> Result<Vec<FieldType>> {
    let arity = match tid {
        LIST | SET => 1,
        MAP => 2,
        _ => return Ok(Vec::new()),
    };
    if depth >= MAX_GENERIC_DEPTH {
        return Err(Error::DepthLimit {
            at,
            limit: MAX_GENERIC_DEPTH,
        });
    }
    let mut out = Vec::with_capacity(arity);
    for _ in 0..arity {
        let at = r.pos();
        let v = r.varuint32()?;
        let tid = normalize_read_type_id(v >> 2);
        let generics = read_generics(r, tid, depth + 1, at)?;
        out.push(FieldType {
            type_id: tid,
            nullable: v & 0b10 != 0,
            track_ref: v & 0b01 != 0,
            generics,
            user: None,
        });
    }
    Ok(out)
}

fn normalize_read_type_id(tid: u32) -> u32 {
    match tid {
        COMPATIBLE_STRUCT => STRUCT,
        NAMED_COMPATIBLE_STRUCT => NAMED_STRUCT,
        t => t,
    }
}

/// `hash52` of the TypeDef header for a body and the header's low 12 bits.
fn header_hash(body: &[u8], low12: u64) -> u64 {
    let mut input = Vec::with_capacity(body.len() + 2);
    input.extend_from_slice(body);
    input.push((low12 & 0xFF) as u8);
    input.push(((low12 >> 8) & 0xFF) as u8);
    let shifted = (murmur3_lane0(&input, FORY_HASH_SEED) << 12) as i64;
    // pyfory takes the absolute value of the signed shifted hash (INT64_MIN stays as is).
    let v = if shifted < 0 && shifted != i64::MIN {
        -shifted
    } else {
        shifted
    };
    (v as u64) & HASH_MASK
}

fn write_small_size(w: &mut Writer<'_>, header: u8, size: u32) {
    if size >= FIELD_SIZE_THRESHOLD {
        w.u8(header | (FIELD_SIZE_THRESHOLD as u8) << 2);
        w.varuint32(size - FIELD_SIZE_THRESHOLD);
    } else {
        w.u8(header | (size as u8) << 2);
    }
}

fn encoding_index(list: &[Encoding], enc: Encoding) -> Result<u8> {
    list.iter()
        .position(|e| *e == enc)
        .map(|i| i as u8)
        .ok_or_else(|| {
            Error::Unsupported(format!("meta string encoding {enc:?} not allowed here").into())
        })
}

fn write_name(w: &mut Writer<'_>, ms: &MetaString, list: &[Encoding]) -> Result<()> {
    let idx = encoding_index(list, ms.encoding)?;
    let len = ms.bytes.len();
    if len >= BIG_NAME_THRESHOLD {
        w.u8((BIG_NAME_THRESHOLD as u8) << 2 | idx);
        let extra = u32::try_from(len - BIG_NAME_THRESHOLD)
            .map_err(|_| Error::Unsupported("name too long".into()))?;
        w.varuint32(extra);
    } else {
        w.u8((len as u8) << 2 | idx);
    }
    w.bytes(&ms.bytes);
    Ok(())
}

fn read_name(r: &mut Reader<'_>, list: &[Encoding], specials: (char, char)) -> Result<String> {
    let at = r.pos();
    let header = r.u8()?;
    let idx = (header & 0b11) as usize;
    let encoding = *list.get(idx).ok_or(Error::BadMetaString {
        at,
        reason: "encoding index not allowed for this name",
    })?;
    let mut len = (header >> 2) as usize;
    if len == BIG_NAME_THRESHOLD {
        len += r.varuint32()? as usize;
    }
    let data_at = r.pos();
    if len > r.remaining() {
        return Err(Error::LengthOverflow {
            at: data_at,
            len: len as u64,
            remaining: r.remaining(),
        });
    }
    let bytes = r.take(len)?;
    meta_string::decode(bytes, encoding, specials).map_err(|e| shift_error(e, data_at))
}

fn bad(at: usize, reason: &'static str) -> Error {
    Error::BadTypeDef {
        at,
        reason: reason.into(),
    }
}

/// Errors from a sub-reader carry offsets relative to its slice; move them to payload offsets.
fn shift_error(e: Error, base: usize) -> Error {
    match e {
        Error::UnexpectedEof {
            at,
            needed,
            remaining,
        } => Error::UnexpectedEof {
            at: at + base,
            needed,
            remaining,
        },
        Error::BadVarint { at } => Error::BadVarint { at: at + base },
        Error::LengthOverflow { at, len, remaining } => Error::LengthOverflow {
            at: at + base,
            len,
            remaining,
        },
        Error::BadMetaString { at, reason } => Error::BadMetaString {
            at: at + base,
            reason,
        },
        Error::BadTypeDef { at, reason } => Error::BadTypeDef {
            at: at + base,
            reason,
        },
        Error::DepthLimit { at, limit } => Error::DepthLimit {
            at: at + base,
            limit,
        },
        Error::Invalid { at, reason } => Error::Invalid {
            at: at + base,
            reason,
        },
        other => other,
    }
}

/// pyfory's snake_case conversion, used for field ordering and the schema fingerprint (the wire
/// keeps the raw name). `myField` -> `my_field`, `HTTPServer` -> `http_server`, `a1B` -> `a1_b`.
pub fn to_snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev: Option<char> = None;
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' {
            out.push(c);
            prev = Some(c);
            continue;
        }
        if c.is_uppercase() {
            let next_is_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let prev_lower_or_digit = prev.is_some_and(|p| p.is_lowercase() || p.is_numeric());
            let prev_upper = prev.is_some_and(|p| p.is_uppercase());
            if !out.is_empty()
                && !out.ends_with('_')
                && (prev_lower_or_digit || (prev_upper && next_is_lower))
            {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
        prev = Some(c);
    }
    let trimmed = out.trim_end_matches('_').len();
    out.truncate(trimmed);
    out
}

/// Sort key shared by the three groups: tag ids first (by id), then by snake_case name with the
/// raw name breaking ties.
fn id_key(id: &FieldId) -> (u8, u32, String, &str) {
    match id {
        FieldId::Tag(t) => (0, *t, String::new(), ""),
        FieldId::Name(n) => (1, 0, to_snake_case(n), n.as_str()),
    }
}

/// Puts fields into pyfory's wire order (`struct.py` `_sort_fields`):
/// 1. non-nullable primitives (BOOL..FLOAT64) by (variable-length?, size descending, type id, name);
/// 2. nullable primitives, same key;
/// 3. everything else (strings, binary, lists, sets, maps, dense arrays, enums, structs, unknown)
///    by name alone.
///
/// In every group tag-id fields precede named ones.
pub fn sort_fields(fields: &mut [FieldDef]) {
    fields.sort_by_cached_key(|f| {
        let tid = f.ty.type_id;
        let (group, numeric) = if is_primitive(tid) {
            let g = if f.ty.nullable { 1u8 } else { 0 };
            (
                g,
                (
                    is_compressed(tid) as u8,
                    usize::MAX - primitive_size(tid),
                    tid,
                ),
            )
        } else {
            (2, (0, 0, 0))
        };
        let (a, b, c, d) = id_key(&f.id);
        (group, numeric, (a, b, c, d.to_owned()))
    });
}

/// Type ids the fingerprint collapses to 0: every user type (and unknown), since the hash only
/// describes the struct's own shape.
fn fingerprint_type_id(tid: u32) -> u32 {
    match tid {
        UNKNOWN
        | ENUM
        | NAMED_ENUM
        | STRUCT
        | COMPATIBLE_STRUCT
        | NAMED_STRUCT
        | NAMED_COMPATIBLE_STRUCT
        | EXT
        | NAMED_EXT
        | UNION
        | TYPED_UNION
        | NAMED_UNION => UNKNOWN,
        t => t,
    }
}

fn fingerprint_type(out: &mut String, ty: &FieldType, top: bool) {
    use std::fmt::Write as _;
    let (r, n) = if top {
        (ty.track_ref as u8, ty.nullable as u8)
    } else {
        // Nested arguments always contribute `,0,0` in pyfory.
        (0, 0)
    };
    let _ = write!(out, "{},{r},{n}", fingerprint_type_id(ty.type_id));
    let arity = match ty.type_id {
        LIST | SET => 1,
        MAP => 2,
        _ => return,
    };
    out.push('[');
    for i in 0..arity {
        if i > 0 {
            out.push('|');
        }
        match ty.generics.get(i) {
            Some(g) => fingerprint_type(out, g, false),
            None => out.push_str("0,0,0"),
        }
    }
    out.push(']');
}

/// The schema fingerprint string pyfory hashes in non-compatible mode
/// (`compute_struct_fingerprint`): `<tag id | snake_name>,<type id>,<ref>,<nullable>[<args>];`
/// per field, tag ids first, then by snake_case name.
pub fn schema_fingerprint(fields: &[FieldDef]) -> String {
    let mut sorted: Vec<(_, &FieldDef)> = fields.iter().map(|f| (id_key(&f.id), f)).collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::new();
    for ((_, tag, snake, _), f) in sorted {
        match f.id {
            FieldId::Tag(_) => out.push_str(&tag.to_string()),
            FieldId::Name(_) => out.push_str(&snake),
        }
        out.push(',');
        fingerprint_type(&mut out, &f.ty, true);
        out.push(';');
    }
    out
}

/// The int32 schema hash written before struct values when `compatible=False`: the low 32 bits
/// of MurmurHash3 lane 0 (seed 47) of [`schema_fingerprint`], or 47 for a struct without fields.
pub fn schema_hash(fields: &[FieldDef]) -> i32 {
    let fp = schema_fingerprint(fields);
    if fp.is_empty() {
        return FORY_HASH_SEED as i32;
    }
    murmur3_lane0(fp.as_bytes(), FORY_HASH_SEED) as u32 as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ft(type_id: u32) -> FieldType {
        FieldType {
            type_id,
            nullable: false,
            track_ref: false,
            generics: Vec::new(),
            user: None,
        }
    }

    fn named(name: &str, ty: FieldType) -> FieldDef {
        FieldDef {
            id: FieldId::Name(name.into()),
            ty,
        }
    }

    fn sample() -> TypeDef {
        let mut list = ft(LIST);
        list.generics.push(FieldType {
            nullable: true,
            ..ft(STRING)
        });
        let mut map = ft(MAP);
        map.generics = vec![ft(STRING), ft(NAMED_STRUCT)];
        let mut fields = vec![
            named("x", ft(VARINT32)),
            named("myField", ft(FLOAT64)),
            named("inner", ft(NAMED_STRUCT)),
            named("names", list),
            named("m", map),
            named(
                "opt",
                FieldType {
                    nullable: true,
                    ..ft(INT64)
                },
            ),
            FieldDef {
                id: FieldId::Tag(3),
                ty: ft(STRING),
            },
            FieldDef {
                id: FieldId::Tag(40),
                ty: ft(BOOL),
            },
        ];
        for i in 0..30 {
            fields.push(named(&format!("some_long_field_name_{i}"), ft(INT8)));
        }
        TypeDef::new_struct(
            TypeIdent::Named {
                namespace: "com.example.very.long.namespace".into(),
                type_name: "MyType".into(),
            },
            true,
            fields,
        )
    }

    #[test]
    fn roundtrip() {
        let defs = [
            sample(),
            TypeDef {
                compatible: false,
                ..sample()
            },
            TypeDef::new_struct(TypeIdent::Id(7), true, vec![named("a", ft(STRING))]),
            TypeDef::new_struct(TypeIdent::Id(u32::MAX), true, vec![]),
            TypeDef {
                kind: TypeDefKind::Enum,
                ident: TypeIdent::Named {
                    namespace: "".into(),
                    type_name: "Color".into(),
                },
                compatible: false,
                fields: vec![],
            },
            TypeDef {
                kind: TypeDefKind::Union,
                ident: TypeIdent::Id(3),
                compatible: false,
                fields: vec![],
            },
            TypeDef::new_struct(
                TypeIdent::Named {
                    namespace: "n".repeat(300),
                    type_name: "T".repeat(100),
                },
                true,
                vec![],
            ),
        ];
        for d in defs {
            let bytes = d.encode().unwrap();
            let mut r = Reader::new(&bytes);
            assert_eq!(TypeDef::decode(&mut r).unwrap(), d);
            assert_eq!(r.remaining(), 0);
        }
    }

    #[test]
    fn hostile_inputs_error_without_panicking() {
        let bytes = sample().encode().unwrap();
        for cut in 0..bytes.len() {
            assert!(TypeDef::decode(&mut Reader::new(&bytes[..cut])).is_err());
        }
        // Any single-bit flip in the body breaks the header hash; flips in the header break
        // the hash, the size or the flags.
        for i in 0..bytes.len() {
            for bit in 0..8 {
                let mut b = bytes.clone();
                b[i] ^= 1 << bit;
                assert!(
                    TypeDef::decode(&mut Reader::new(&b)).is_err(),
                    "byte {i} bit {bit}"
                );
            }
        }
        // Bodies with a valid hash but garbage content: re-hash arbitrary bodies.
        let mut seed = 0x1234_5678_u32;
        for len in 0..200usize {
            let body: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    (seed >> 16) as u8
                })
                .collect();
            let data = frame(&body);
            let _ = TypeDef::decode(&mut Reader::new(&data));
        }
        // Deeply nested lists hit the depth limit instead of the stack.
        let mut body = vec![STRUCT_FLAG | 1, 0x00, 0x00, LIST as u8];
        body.extend(std::iter::repeat_n((LIST << 2) as u8, 1000));
        body.push(0);
        assert!(TypeDef::decode(&mut Reader::new(&frame(&body))).is_err());
        // A field count far beyond the body.
        let body = [STRUCT_FLAG | 31, 0xff, 0xff, 0xff, 0xff, 0x07, 0x00];
        assert!(TypeDef::decode(&mut Reader::new(&frame(&body))).is_err());
        // Duplicate tag ids.
        let body = [STRUCT_FLAG | 2, 0x05, 0xC4, 0x15, 0xC4, 0x15];
        assert!(TypeDef::decode(&mut Reader::new(&frame(&body))).is_err());
        // Well-formed control case for the frame helper.
        let body = [STRUCT_FLAG | 1, 0x05, 0xC4, 0x15];
        let d = TypeDef::decode(&mut Reader::new(&frame(&body))).unwrap();
        assert_eq!(d.fields[0].id, FieldId::Tag(1));
    }

    fn frame(body: &[u8]) -> Vec<u8> {
        let size = body.len() as u64;
        let low = size.min(META_SIZE_MASK);
        let mut out = Vec::new();
        let mut w = Writer::new(&mut out);
        w.u64(header_hash(body, low) | low);
        if size >= META_SIZE_MASK {
            w.varuint32((size - META_SIZE_MASK) as u32);
        }
        w.bytes(body);
        drop(w);
        out
    }

    #[test]
    fn snake_case_like_pyfory() {
        for (a, b) in [
            ("myField", "my_field"),
            ("x", "x"),
            ("HTTPServer", "http_server"),
            ("a1B", "a1_b"),
            ("already_snake", "already_snake"),
            ("Trailing_", "trailing"),
            ("ABC", "abc"),
            ("getHTTPResponseCode", "get_http_response_code"),
        ] {
            assert_eq!(to_snake_case(a), b, "{a}");
        }
    }

    #[test]
    fn point_schema_hash_from_notes() {
        let fields = vec![
            named("x", ft(VARINT32)),
            named("y", ft(FLOAT64)),
            named("s", ft(STRING)),
            named("b", ft(BINARY)),
        ];
        assert_eq!(
            schema_fingerprint(&fields),
            "b,41,0,0;s,21,0,0;x,5,0,0;y,20,0,0;"
        );
        assert_eq!(schema_hash(&fields).to_le_bytes(), [0xd5, 0x85, 0xa3, 0x78]);
        assert_eq!(schema_hash(&[]), 47);
    }

    #[test]
    fn encode_rejects_unrepresentable() {
        let d = TypeDef::new_struct(TypeIdent::Id(1), true, vec![named("", ft(STRING))]);
        assert!(d.encode().is_err());
        let d = TypeDef::new_struct(
            TypeIdent::Id(1),
            true,
            vec![FieldDef {
                id: FieldId::Tag(MAX_FIELD_TAG + 1),
                ty: ft(STRING),
            }],
        );
        assert!(d.encode().is_err());
        let d = TypeDef {
            kind: TypeDefKind::Enum,
            ident: TypeIdent::Id(1),
            compatible: false,
            fields: vec![named("a", ft(STRING))],
        };
        assert!(d.encode().is_err());
    }
}
