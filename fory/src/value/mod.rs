//! `Value`: any xlang payload, read without a Rust schema (like `serde_json::Value`).

mod read;
pub(crate) mod refs;
mod write;

use std::sync::Arc;

use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};
use crate::impls::scalar::dense;

use crate::type_def::{TypeDef, TypeIdent};
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
    // --- unions (#18) ---
    /// A union value (UNION, TYPED_UNION, NAMED_UNION): a case id and its value.
    Union(Union),
    // Temporal and decimal values (#19).
    /// DURATION (Python `datetime.timedelta`).
    Duration(crate::Duration),
    /// TIMESTAMP (Python `datetime.datetime`).
    Timestamp(crate::Timestamp),
    /// DATE (Python `datetime.date`).
    Date(crate::Date),
    /// DECIMAL (Python `decimal.Decimal`).
    Decimal(crate::Decimal),
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
    /// The TypeDef it was read with; writing reuses it. In schema-consistent mode a struct of
    /// a registered type has its registered layout here (not compatible), and is written as
    /// that type; one read from a TypeDef of another layout is written back with that TypeDef.
    pub def: Option<Arc<TypeDef>>,
}

/// Whether `d` lists the fields of registered struct `e` in its wire order (the compatible flag
/// aside): what a schema-consistent message of that type carries.
pub(crate) fn is_registered_layout(d: &TypeDef, e: &crate::registry::TypeEntry) -> bool {
    d.ident == e.ident
        && d.fields.len() == e.order.len()
        && d.fields
            .iter()
            .zip(&e.order)
            .all(|(f, &i)| *f == e.fields[i])
}

/// The TypeDef a struct value of registered type `e` carries when read in schema-consistent
/// mode: its fields in wire order, not compatible.
pub(crate) fn registered_def(e: &crate::registry::TypeEntry) -> Arc<TypeDef> {
    let fields = e.order.iter().map(|&i| e.fields[i].clone()).collect();
    Arc::new(TypeDef::new_struct(e.ident.clone(), false, fields))
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

// --- unions (#18) ---
/// A union value read without a Rust type: which case, and the case's value.
///
/// ```
/// use fory::value::{Union, Value};
/// use fory::schema::TypeIdent;
/// let fory = fory::Fory::default();
/// let v = Value::Union(Union {
///     ident: Some(TypeIdent::Id(101)),
///     case_id: 2,
///     value: Box::new(Value::String("hi".into())),
/// });
/// let back: Value = fory.deserialize(&fory.serialize(&v)?)?;
/// assert_eq!(back, v);
/// # Ok::<(), fory::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The union type (TYPED_UNION by id, NAMED_UNION by name); `None` for a union whose type
    /// the wire did not name (a declared UNION field), written back as UNION (33).
    pub ident: Option<TypeIdent>,
    /// The case id (the alternative's tag).
    pub case_id: u32,
    /// The case's value (`Value::Null` for a case without one).
    pub value: Box<Value>,
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
            Value::Struct(s) if matches!(s.form(ctx), write::StructForm::TypeDef) => {
                match s.ident {
                    TypeIdent::Id(_) => COMPATIBLE_STRUCT,
                    TypeIdent::Named { .. } => NAMED_COMPATIBLE_STRUCT,
                }
            }
            // --- unions (#18) ---
            Value::Union(u) => match u.ident {
                Some(TypeIdent::Id(_)) => TYPED_UNION,
                Some(TypeIdent::Named { .. }) => NAMED_UNION,
                None => UNION,
            },
            _ => self.declared_type_id(),
        }
    }

    /// The type id a struct field holding this value declares (as pyfory declares fields:
    /// structs as STRUCT / NAMED_STRUCT, enums as ENUM, untyped values as UNKNOWN).
    pub(crate) fn declared_type_id(&self) -> u32 {
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
            // --- unions (#18) ---
            Value::Union(_) => UNION,
            // Temporal and decimal values (#19).
            Value::Duration(_) => DURATION,
            Value::Timestamp(_) => TIMESTAMP,
            Value::Date(_) => DATE,
            Value::Decimal(_) => DECIMAL,
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
                | Value::Union(_)
                // pyfory tracks datetime, date and timedelta objects (not Decimal).
                | Value::Duration(_)
                | Value::Timestamp(_)
                | Value::Date(_)
        )
    }

    /// Two values share a list's SAME_TYPE header only if their type info is identical.
    fn same_type(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Struct(a), Value::Struct(b)) => a.ident == b.ident,
            (Value::Enum(a), Value::Enum(b)) => a.ident == b.ident,
            (Value::Union(a), Value::Union(b)) => a.ident == b.ident,
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
