//! The bytes of a TypeDef: encoding and decoding, as pyfory 1.7.7 writes them.

use std::collections::HashSet;

use crate::buffer::{Reader, Writer};
use crate::error::{Error, Result};
use crate::hash::{murmur3_lane0, FORY_HASH_SEED};
use crate::meta_string::{
    self, Encoding, MetaString, FIELD_NAME_ENCODINGS, NAMESPACE_SPECIALS,
    NAMESPACE_TYPEDEF_ENCODINGS, NAME_SPECIALS, TYPE_NAME_TYPEDEF_ENCODINGS,
};
use crate::types::*;

use super::*;

const SMALL_NUM_FIELDS_THRESHOLD: usize = 0b1_1111;
const REGISTER_BY_NAME_FLAG: u8 = 0b0010_0000;
const COMPATIBLE_FLAG: u8 = 0b0100_0000;
pub(super) const STRUCT_FLAG: u8 = 0b1000_0000;
const FIELD_SIZE_THRESHOLD: u32 = 0b1111;
const FIELD_ENCODING_TAG_ID: u8 = 0b11;
const BIG_NAME_THRESHOLD: usize = 0b11_1111;
pub(super) const META_SIZE_MASK: u64 = 0xFF;
const COMPRESS_META_FLAG: u64 = 1 << 8;
const RESERVED_META_FLAGS: u64 = 0b111 << 9;
const HASH_MASK: u64 = !0xFFF;
/// pyfory rejects bodies whose size does not fit a signed 32-bit int.
const MAX_BODY_SIZE: u64 = (1 << 31) - 1;
/// Nested generics deeper than this are rejected so hostile input cannot exhaust the stack.
const MAX_GENERIC_DEPTH: u32 = 64;

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
pub(super) fn header_hash(body: &[u8], low12: u64) -> u64 {
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
