//! `Value`: any xlang payload, read without a Rust schema (like `serde_json::Value`).

pub(crate) mod refs;

use std::sync::Arc;

use crate::context::{ReadContext, RefFlag, WriteContext};
use crate::error::{Error, Result};
use crate::impls::scalar::{dense, read_int};
use crate::impls::{leaf, list, map};
use crate::serializer::{Deserialize, Serialize, TypeInfo};
use crate::structs;
use crate::type_def::{FieldId, FieldType, TypeDef, TypeIdent};
use crate::types::*;

/// A dynamically typed xlang value.
///
/// Integers keep the width they were written with; `I64` is what Python `int` becomes.
/// Maps keep their entries in wire order and allow any key, including `Null`.
///
/// ```
/// use fory::{Fory, Value};
/// let fory = Fory::default();
/// let v = Value::List(vec![Value::I64(1), Value::String("a".into()), Value::Null]);
/// let bytes = fory.serialize(&v)?;
/// let back: Value = fory.deserialize(&bytes)?;
/// assert_eq!(back, v);
/// # Ok::<(), fory::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// Python `None`.
    Null,
    /// BOOL.
    Bool(bool),
    /// INT8.
    I8(i8),
    /// INT16.
    I16(i16),
    /// INT32 / VARINT32.
    I32(i32),
    /// INT64 / VARINT64 / TAGGED_INT64 (Python `int`).
    I64(i64),
    /// UINT8.
    U8(u8),
    /// UINT16.
    U16(u16),
    /// UINT32 / VAR_UINT32.
    U32(u32),
    /// UINT64 / VAR_UINT64 / TAGGED_UINT64.
    U64(u64),
    /// FLOAT32.
    F32(f32),
    /// FLOAT64 (Python `float`).
    F64(f64),
    /// STRING.
    String(String),
    /// BINARY (Python `bytes`).
    Binary(Vec<u8>),
    /// LIST, elements of any type.
    List(Vec<Value>),
    /// SET, in wire order.
    Set(Vec<Value>),
    /// MAP, entries in wire order.
    Map(Vec<(Value, Value)>),
    /// One of the dense `*_ARRAY` types.
    Array(Array),
    /// A struct, with its fields by name.
    Struct(Struct),
    /// A unit enum value.
    Enum(Enum),
    /// An N-D array (`fory.ndarray`, see [`crate::ndarray`]).
    NdArray(crate::ndarray::RawNdArray),
}

/// A dense typed array.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
#[allow(missing_docs)]
pub enum Array {
    Bool(Vec<bool>),
    I8(Vec<i8>),
    I16(Vec<i16>),
    I32(Vec<i32>),
    I64(Vec<i64>),
    U8(Vec<u8>),
    U16(Vec<u16>),
    U32(Vec<u32>),
    U64(Vec<u64>),
    /// FLOAT16 elements as raw IEEE half bits.
    F16(Vec<u16>),
    F32(Vec<f32>),
    F64(Vec<f64>),
}

/// A struct read without a Rust type.
#[derive(Debug, Clone)]
pub struct Struct {
    /// The type's id or name.
    pub ident: TypeIdent,
    /// Fields in wire order: name (or tag id as a decimal string) and value.
    pub fields: Vec<(String, Value)>,
    /// The TypeDef it was read with (compatible mode); writing reuses it.
    pub def: Option<Arc<TypeDef>>,
}

impl PartialEq for Struct {
    fn eq(&self, other: &Self) -> bool {
        self.ident == other.ident && self.fields == other.fields
    }
}

impl Struct {
    /// The value of field `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

/// A unit enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// The enum type, when the wire named it (declared enum fields do not).
    pub ident: Option<TypeIdent>,
    /// The variant's ordinal.
    pub ordinal: u32,
}

impl Value {
    /// The string, if this is a `String`.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    /// Any integer widened to `i128`.
    pub fn as_int(&self) -> Option<i128> {
        Some(match *self {
            Value::I8(v) => v as i128,
            Value::I16(v) => v as i128,
            Value::I32(v) => v as i128,
            Value::I64(v) => v as i128,
            Value::U8(v) => v as i128,
            Value::U16(v) => v as i128,
            Value::U32(v) => v as i128,
            Value::U64(v) => v as i128,
            _ => return None,
        })
    }
    /// The struct, if this is one.
    pub fn as_struct(&self) -> Option<&Struct> {
        match self {
            Value::Struct(s) => Some(s),
            _ => None,
        }
    }

    /// The type id written in this value's type info.
    fn wire_type_id(&self, ctx: &WriteContext<'_, '_>) -> u32 {
        match self {
            Value::Null => NONE,
            Value::NdArray(_) => NAMED_EXT,
            Value::Enum(Enum {
                ident: Some(TypeIdent::Named { .. }),
                ..
            }) => NAMED_ENUM,
            Value::Struct(s) if ctx.compatible() => match s.ident {
                TypeIdent::Id(_) => COMPATIBLE_STRUCT,
                TypeIdent::Named { .. } => NAMED_COMPATIBLE_STRUCT,
            },
            _ => self.declared_type_id(),
        }
    }

    /// The type id a struct field holding this value declares (as pyfory declares fields:
    /// structs as STRUCT / NAMED_STRUCT, enums as ENUM, untyped values as UNKNOWN).
    fn declared_type_id(&self) -> u32 {
        match self {
            Value::Null | Value::NdArray(_) => UNKNOWN,
            Value::Bool(_) => BOOL,
            Value::I8(_) => INT8,
            Value::I16(_) => INT16,
            Value::I32(_) => VARINT32,
            Value::I64(_) => VARINT64,
            Value::U8(_) => UINT8,
            Value::U16(_) => UINT16,
            Value::U32(_) => VAR_UINT32,
            Value::U64(_) => VAR_UINT64,
            Value::F32(_) => FLOAT32,
            Value::F64(_) => FLOAT64,
            Value::String(_) => STRING,
            Value::Binary(_) => BINARY,
            Value::List(_) => LIST,
            Value::Set(_) => SET,
            Value::Map(_) => MAP,
            Value::Array(a) => a.type_id(),
            Value::Struct(s) => match s.ident {
                TypeIdent::Id(_) => STRUCT,
                TypeIdent::Named { .. } => NAMED_STRUCT,
            },
            Value::Enum(_) => ENUM,
        }
    }

    fn trackable(&self) -> bool {
        matches!(
            self,
            Value::Binary(_)
                | Value::NdArray(_)
                | Value::List(_)
                | Value::Set(_)
                | Value::Map(_)
                | Value::Struct(_)
        )
    }

    /// Two values share a list's SAME_TYPE header only if their type info is identical.
    fn same_type(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Struct(a), Value::Struct(b)) => a.ident == b.ident,
            (Value::Enum(a), Value::Enum(b)) => a.ident == b.ident,
            (Value::Array(a), Value::Array(b)) => a.type_id() == b.type_id(),
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

impl Array {
    fn byte_len(&self) -> usize {
        match self {
            Array::Bool(v) => v.len(),
            Array::I8(v) => v.len(),
            Array::U8(v) => v.len(),
            Array::I16(v) => v.len() * 2,
            Array::U16(v) | Array::F16(v) => v.len() * 2,
            Array::I32(v) => v.len() * 4,
            Array::U32(v) => v.len() * 4,
            Array::F32(v) => v.len() * 4,
            Array::I64(v) => v.len() * 8,
            Array::U64(v) => v.len() * 8,
            Array::F64(v) => v.len() * 8,
        }
    }

    fn type_id(&self) -> u32 {
        match self {
            Array::Bool(_) => BOOL_ARRAY,
            Array::I8(_) => INT8_ARRAY,
            Array::I16(_) => INT16_ARRAY,
            Array::I32(_) => INT32_ARRAY,
            Array::I64(_) => INT64_ARRAY,
            Array::U8(_) => UINT8_ARRAY,
            Array::U16(_) => UINT16_ARRAY,
            Array::U32(_) => UINT32_ARRAY,
            Array::U64(_) => UINT64_ARRAY,
            Array::F16(_) => FLOAT16_ARRAY,
            Array::F32(_) => FLOAT32_ARRAY,
            Array::F64(_) => FLOAT64_ARRAY,
        }
    }

    fn read(ctx: &mut ReadContext<'_, '_>, type_id: u32) -> Result<Array> {
        Ok(match type_id {
            BOOL_ARRAY => {
                let len = ctx.reader().length(1)?;
                Array::Bool(ctx.reader().take(len)?.iter().map(|&b| b != 0).collect())
            }
            INT8_ARRAY => Array::I8(dense::read(ctx)?),
            INT16_ARRAY => Array::I16(dense::read(ctx)?),
            INT32_ARRAY => Array::I32(dense::read(ctx)?),
            INT64_ARRAY => Array::I64(dense::read(ctx)?),
            UINT8_ARRAY => Array::U8(dense::read(ctx)?),
            UINT16_ARRAY => Array::U16(dense::read(ctx)?),
            UINT32_ARRAY => Array::U32(dense::read(ctx)?),
            UINT64_ARRAY => Array::U64(dense::read(ctx)?),
            FLOAT16_ARRAY | BFLOAT16_ARRAY => Array::F16(dense::read(ctx)?),
            FLOAT32_ARRAY => Array::F32(dense::read(ctx)?),
            FLOAT64_ARRAY => Array::F64(dense::read(ctx)?),
            other => {
                return Err(Error::UnknownTypeId {
                    at: ctx.pos(),
                    id: other,
                })
            }
        })
    }

    fn write(&self, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
        match self {
            // bool is one byte of 0 or 1: its slice already is the wire form.
            Array::Bool(v) => dense::write(bytemuck::cast_slice::<bool, u8>(v), ctx),
            Array::I8(v) => dense::write(v, ctx),
            Array::I16(v) => dense::write(v, ctx),
            Array::I32(v) => dense::write(v, ctx),
            Array::I64(v) => dense::write(v, ctx),
            Array::U8(v) => dense::write(v, ctx),
            Array::U16(v) | Array::F16(v) => dense::write(v, ctx),
            Array::U32(v) => dense::write(v, ctx),
            Array::U64(v) => dense::write(v, ctx),
            Array::F32(v) => dense::write(v, ctx),
            Array::F64(v) => dense::write(v, ctx),
        }
    }
}

impl Serialize for Value {
    fn field_type() -> FieldType {
        leaf(UNKNOWN)
    }
    fn type_id(&self, ctx: &WriteContext<'_, '_>) -> u32 {
        self.wire_type_id(ctx)
    }
    fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
    fn tracked(&self) -> bool {
        self.trackable()
    }
    fn same_type_as(&self, other: &Self) -> bool {
        self.same_type(other)
    }
    fn write_ref_flag(&self, ctx: &mut WriteContext<'_, '_>, track: bool) -> Result<bool> {
        if self.is_null() {
            ctx.writer().u8(crate::context::NULL_FLAG);
            return Ok(false);
        }
        ctx.write_plain_ref_flag(track);
        Ok(true)
    }
    fn write_type_info(&self, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
        if let Value::NdArray(_) = self {
            crate::ndarray::RawNdArray::write_type_info(ctx);
            return Ok(());
        }
        let id = self.wire_type_id(ctx);
        ctx.writer().u8(id as u8);
        match self {
            Value::Struct(s) => write_struct_ident(s, ctx),
            Value::Enum(Enum {
                ident: Some(TypeIdent::Id(id)),
                ..
            }) => {
                ctx.writer().varuint32(*id);
                Ok(())
            }
            Value::Enum(Enum {
                ident: Some(ident @ TypeIdent::Named { .. }),
                ..
            }) => {
                if !ctx.compatible() {
                    write_registered_names(ctx, true, ident);
                    return Ok(());
                }
                let fory = ctx.fory();
                match fory.registry().by_ident(true, ident) {
                    Some(e) => {
                        ctx.write_type_def(e.index, &e.type_def);
                        Ok(())
                    }
                    None => ctx.write_dynamic_type_def(&Arc::new(TypeDef {
                        kind: crate::type_def::TypeDefKind::Enum,
                        ident: ident.clone(),
                        compatible: true,
                        fields: Vec::new(),
                    })),
                }
            }
            _ => Ok(()),
        }
    }
    fn write_data<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>) -> Result<()> {
        self.write_body(ctx, None)
    }
    fn write_data_as<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>, ty: &FieldType) -> Result<()> {
        self.write_body(ctx, Some(ty))
    }
    /// `Vec<Value>` and `[Value]`: elements of different types each carry their type info
    /// (the default writer shares the first element's).
    fn write_slice<'v>(
        items: &'v [Self],
        ctx: &mut WriteContext<'_, 'v>,
        ty: Option<&FieldType>,
    ) -> Result<()> {
        write_value_list(items, ctx, ty)
    }
}

fn write_struct_ident(s: &Struct, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
    if ctx.compatible() {
        // The value's own TypeDef: it may describe more or fewer fields than a local
        // registration of the same type.
        return match &s.def {
            Some(d) => ctx.write_dynamic_type_def(d),
            None => ctx.write_dynamic_type_def(&Arc::new(s.infer_def())),
        };
    }
    write_registered_names(ctx, false, &s.ident);
    Ok(())
}

/// Non-compatible type info after the type id: the user id, or the two names (those of the
/// registration when there is one, so they share its meta-string entries).
fn write_registered_names(ctx: &mut WriteContext<'_, '_>, is_enum: bool, ident: &TypeIdent) {
    let fory = ctx.fory();
    match (ident, fory.registry().by_ident(is_enum, ident)) {
        (TypeIdent::Id(id), _) => ctx.writer().varuint32(*id),
        (_, Some(e)) if e.names.is_some() => {
            let ((ns, ns_key), (name, name_key)) = e.names.as_ref().expect("checked");
            ctx.write_meta_string(*ns_key, ns);
            ctx.write_meta_string(*name_key, name);
        }
        (named, _) => ctx.write_dynamic_names(named),
    }
}

impl Struct {
    /// A TypeDef describing this struct's fields from their values (used when a struct value
    /// built by hand is written in compatible mode).
    fn infer_def(&self) -> TypeDef {
        let fields = self
            .fields
            .iter()
            .map(|(name, v)| crate::type_def::FieldDef {
                id: FieldId::Name(name.clone()),
                ty: infer_field_type(v),
            })
            .collect();
        TypeDef::new_struct(self.ident.clone(), true, fields)
    }

    /// Writes the fields in wire order with their types: the TypeDef's when known (the fields
    /// are then in its order), else the inferred TypeDef's, whose order is pyfory's field order
    /// and not necessarily the order of `fields`.
    fn write_fields<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>) -> Result<()> {
        if let Some(def) = &self.def {
            if def.fields.len() != self.fields.len() {
                return Err(Error::Unsupported(
                    format!(
                        "a fory::Value struct has {} fields, but its TypeDef lists {}",
                        self.fields.len(),
                        def.fields.len()
                    )
                    .into(),
                ));
            }
            for ((_, v), f) in self.fields.iter().zip(&def.fields) {
                crate::serializer::field::write_field(v, ctx, &f.ty)?;
            }
            return Ok(());
        }
        if !ctx.compatible() {
            return Err(Error::Unsupported(
                "a fory::Value struct without a TypeDef cannot be written in non-compatible mode"
                    .into(),
            ));
        }
        for f in &self.infer_def().fields {
            let v = match &f.id {
                FieldId::Name(n) => self.get(n),
                FieldId::Tag(_) => None,
            };
            crate::serializer::field::write_field(v.unwrap_or(&Value::Null), ctx, &f.ty)?;
        }
        Ok(())
    }
}

fn infer_field_type(v: &Value) -> FieldType {
    let mut t = leaf(v.declared_type_id());
    t.nullable = matches!(v, Value::Null);
    t
}

impl Value {
    fn write_body<'v>(
        &'v self,
        ctx: &mut WriteContext<'_, 'v>,
        ty: Option<&FieldType>,
    ) -> Result<()> {
        let int_as = |ty: Option<&FieldType>, default: u32| ty.map_or(default, |t| t.type_id);
        match self {
            Value::Null => Ok(()),
            Value::Bool(b) => b.write_data(ctx),
            Value::I8(v) => crate::impls::scalar::write_int(ctx, int_as(ty, INT8), *v as i128),
            Value::I16(v) => crate::impls::scalar::write_int(ctx, int_as(ty, INT16), *v as i128),
            Value::I32(v) => crate::impls::scalar::write_int(ctx, int_as(ty, VARINT32), *v as i128),
            Value::I64(v) => crate::impls::scalar::write_int(ctx, int_as(ty, VARINT64), *v as i128),
            Value::U8(v) => crate::impls::scalar::write_int(ctx, int_as(ty, UINT8), *v as i128),
            Value::U16(v) => crate::impls::scalar::write_int(ctx, int_as(ty, UINT16), *v as i128),
            Value::U32(v) => {
                crate::impls::scalar::write_int(ctx, int_as(ty, VAR_UINT32), *v as i128)
            }
            Value::U64(v) => {
                crate::impls::scalar::write_int(ctx, int_as(ty, VAR_UINT64), *v as i128)
            }
            Value::F32(v) => v.write_data(ctx),
            Value::F64(v) => v.write_data(ctx),
            Value::String(s) => s.write_data(ctx),
            Value::Binary(b) => ctx.write_buffer_object(b),
            Value::List(items) | Value::Set(items) => write_value_list(items, ctx, ty),
            Value::Map(entries) => write_value_map(entries, ctx, ty),
            Value::Array(a) => a.write(ctx),
            Value::Struct(s) => {
                if !ctx.compatible() {
                    let hash = ctx
                        .fory()
                        .registry()
                        .by_ident(false, &s.ident)
                        .map(|e| e.schema_hash)
                        .ok_or_else(|| Error::UnregisteredType {
                            name: format!("{:?}", s.ident),
                        })?;
                    ctx.writer().u32(hash as u32);
                }
                ctx.enter()?;
                s.write_fields(ctx)?;
                ctx.leave();
                Ok(())
            }
            Value::Enum(e) => {
                structs::write_enum(ctx, e.ordinal);
                Ok(())
            }
            Value::NdArray(a) => a.write_body(ctx),
        }
    }
}

/// Whether `v` can be written as the declared type `t`, without type info of its own and
/// without losing anything. A Value read from a peer's message may not fit the TypeDef it came
/// with (list elements and map entries carry their own type info unless declared).
fn fits(v: &Value, t: &FieldType) -> bool {
    let int = |x: i128| {
        let (lo, hi): (i128, i128) = match t.type_id {
            INT8 => (i8::MIN.into(), i8::MAX.into()),
            INT16 => (i16::MIN.into(), i16::MAX.into()),
            INT32 | VARINT32 => (i32::MIN.into(), i32::MAX.into()),
            INT64 | VARINT64 | TAGGED_INT64 => (i64::MIN.into(), i64::MAX.into()),
            UINT8 => (0, u8::MAX.into()),
            UINT16 => (0, u16::MAX.into()),
            UINT32 | VAR_UINT32 => (0, u32::MAX.into()),
            UINT64 | VAR_UINT64 | TAGGED_UINT64 => (0, u64::MAX.into()),
            _ => return false,
        };
        (lo..=hi).contains(&x)
    };
    match v {
        Value::Null => true,
        Value::Bool(_) => t.type_id == BOOL,
        Value::F32(_) => t.type_id == FLOAT32,
        Value::F64(_) => t.type_id == FLOAT64,
        Value::String(_) => t.type_id == STRING,
        Value::Binary(_) => t.type_id == BINARY,
        Value::List(_) => t.type_id == LIST,
        Value::Set(_) => t.type_id == SET,
        Value::Map(_) => t.type_id == MAP,
        Value::Array(a) => a.type_id() == t.type_id,
        Value::Enum(_) => matches!(t.type_id, ENUM | NAMED_ENUM),
        Value::Struct(_) => is_struct(t.type_id),
        other => other.as_int().is_some_and(int),
    }
}

/// `ty` if every value fits its generic argument `arg` (or it has none), else no declaration.
fn declaration_if_fits<'t, 'a>(
    ty: Option<&'t FieldType>,
    arg: usize,
    mut values: impl Iterator<Item = &'a Value>,
) -> Option<&'t FieldType> {
    ty.filter(|t| match t.generics.get(arg) {
        Some(g) => values.all(|v| fits(v, g)),
        None => true,
    })
}

fn write_value_list<'v>(
    items: &'v [Value],
    ctx: &mut WriteContext<'_, 'v>,
    ty: Option<&FieldType>,
) -> Result<()> {
    let ty = declaration_if_fits(ty, 0, items.iter());
    list::write_list(items, ctx, ty)
}

fn write_value_map<'v>(
    entries: &'v [(Value, Value)],
    ctx: &mut WriteContext<'_, 'v>,
    ty: Option<&FieldType>,
) -> Result<()> {
    let ty = declaration_if_fits(ty, 0, entries.iter().map(|(k, _)| k));
    let ty = declaration_if_fits(ty, 1, entries.iter().map(|(_, v)| v));
    map::write_map(entries.iter().map(|(k, v)| (k, v)), ctx, ty)
}

impl<'de> Deserialize<'de> for Value {
    /// Only the containers recurse; everything else is read out of line, so that the frames on
    /// the recursive path stay small (a debug build then nests 128 levels deep on a 2 MiB
    /// thread stack).
    ///
    /// Once the message has had a reference-tracked object, each value also leaves its shadow
    /// for back-references (see `value::refs`).
    fn read_data(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Self> {
        let shadow = refs::base(ctx);
        let v = match info.type_id {
            LIST => list::read_list(ctx, info).map(Value::List),
            SET => list::read_list(ctx, info).map(Value::Set),
            MAP => read_value_map(ctx, info),
            id if is_struct(id) => read_struct_value(ctx, info).map(Value::Struct),
            NAMED_EXT if crate::ndarray::is_ndarray(info) => {
                crate::ndarray::read_untyped(ctx).map(Value::NdArray)
            }
            _ => read_leaf(ctx, info),
        }?;
        if let Some(base) = shadow {
            refs::push(ctx, &v, base);
        }
        Ok(v)
    }

    fn read_after_flag(
        ctx: &mut ReadContext<'_, 'de>,
        flag: RefFlag,
        declared: Option<&TypeInfo>,
    ) -> Result<Self> {
        match flag {
            RefFlag::Null { .. } => {
                refs::push_leaf(ctx, &Value::Null);
                Ok(Value::Null)
            }
            RefFlag::Ref { at, id } => refs::back_ref(ctx, at, id),
            RefFlag::Value { slot } => {
                let v: Value = crate::serializer::read_typed_body(ctx, declared)?;
                refs::store(ctx, slot);
                Ok(v)
            }
            RefFlag::NotNull => crate::serializer::read_typed_body(ctx, declared),
        }
    }

    fn missing() -> Option<Self> {
        Some(Value::Null)
    }
}

#[inline(never)]
fn read_value_map(ctx: &mut ReadContext<'_, '_>, info: &TypeInfo) -> Result<Value> {
    let mut entries = Vec::new();
    map::read_entries(ctx, info, |k, v| entries.push((k, v)))?;
    Ok(Value::Map(entries))
}

/// Everything but the containers.
#[inline(never)]
fn read_leaf(ctx: &mut ReadContext<'_, '_>, info: &TypeInfo) -> Result<Value> {
    let at = ctx.pos();
    Ok(match info.type_id {
        NONE => Value::Null,
        BOOL => Value::Bool(ctx.reader().u8()? != 0),
        INT8 => Value::I8(read_int(ctx, INT8)? as i8),
        INT16 => Value::I16(read_int(ctx, INT16)? as i16),
        INT32 | VARINT32 => Value::I32(read_int(ctx, info.type_id)? as i32),
        INT64 | VARINT64 | TAGGED_INT64 => Value::I64(read_int(ctx, info.type_id)? as i64),
        UINT8 => Value::U8(read_int(ctx, UINT8)? as u8),
        UINT16 => Value::U16(read_int(ctx, UINT16)? as u16),
        UINT32 | VAR_UINT32 => Value::U32(read_int(ctx, info.type_id)? as u32),
        UINT64 | VAR_UINT64 | TAGGED_UINT64 => Value::U64(read_int(ctx, info.type_id)? as u64),
        FLOAT16 => Value::F32(half::f16::from_bits(ctx.reader().u16()?).to_f32()),
        FLOAT32 => Value::F32(ctx.reader().f32()?),
        FLOAT64 => Value::F64(ctx.reader().f64()?),
        STRING => Value::String(String::read_data(ctx, info)?),
        BINARY => Value::Binary(ctx.read_buffer_object()?.bytes.to_vec()),
        ENUM | NAMED_ENUM => {
            let ident = match (info.type_def(ctx.fory()), &info.name, info.user_id) {
                (Some(d), _, _) => Some(d.ident.clone()),
                (None, Some(n), _) => Some(TypeIdent::Named {
                    namespace: n.0.clone(),
                    type_name: n.1.clone(),
                }),
                (None, None, Some(id)) => Some(TypeIdent::Id(id)),
                _ => None,
            };
            Value::Enum(Enum {
                ident,
                ordinal: ctx.reader().varuint32()?,
            })
        }
        id if is_dense_array(id) => Value::Array(Array::read(ctx, id)?),
        other => return Err(Error::UnknownTypeId { at, id: other }),
    })
}

fn read_struct_value(ctx: &mut ReadContext<'_, '_>, info: &TypeInfo) -> Result<Struct> {
    let at = ctx.pos();
    ctx.enter()?;
    let s = if let Some(def) = info.type_def(ctx.fory()) {
        let mut fields = Vec::with_capacity(def.fields.len().min(ctx.reader().remaining()));
        for f in &def.fields {
            let name = match &f.id {
                FieldId::Name(n) => n.clone(),
                FieldId::Tag(t) => t.to_string(),
            };
            let ty = Arc::new(f.ty.clone());
            fields.push((
                name,
                crate::serializer::field::read_field::<Value>(ctx, &ty)?,
            ));
        }
        Struct {
            ident: def.ident.clone(),
            fields,
            def: Some(def.clone()),
        }
    } else {
        // Non-compatible structs carry no field list: only a registered type can be read.
        let ident = match (&info.name, info.user_id) {
            (Some(n), _) => TypeIdent::Named {
                namespace: n.0.clone(),
                type_name: n.1.clone(),
            },
            (None, Some(id)) => TypeIdent::Id(id),
            _ => return Err(Error::invalid(at, "struct type info without id or name")),
        };
        let fory = ctx.fory();
        let entry =
            fory.registry()
                .by_ident(false, &ident)
                .ok_or_else(|| Error::UnregisteredType {
                    name: format!(
                    "{ident:?} (non-compatible structs can only be read as Value when registered)"
                ),
                })?;
        structs::check_schema_hash(ctx, entry)?;
        let mut fields = Vec::with_capacity(entry.order.len());
        for &i in &entry.order {
            let f = &entry.fields[i];
            let name = match &f.id {
                FieldId::Name(n) => n.clone(),
                FieldId::Tag(t) => t.to_string(),
            };
            let ty = Arc::new(f.ty.clone());
            fields.push((
                name,
                crate::serializer::field::read_field::<Value>(ctx, &ty)?,
            ));
        }
        let sorted = entry
            .order
            .iter()
            .map(|&i| entry.fields[i].clone())
            .collect();
        Struct {
            ident,
            fields,
            def: Some(Arc::new(TypeDef::new_struct(
                entry.ident.clone(),
                false,
                sorted,
            ))),
        }
    };
    ctx.leave();
    Ok(s)
}
