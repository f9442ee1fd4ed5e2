//! Reading a [`Value`]: containers recurse, leaves and structs are read out of line.

use std::sync::Arc;

use crate::context::{ReadContext, RefFlag};
use crate::error::{Error, Result};
use crate::impls::carrier::WireForm;
use crate::impls::scalar::read_int;
use crate::impls::{list, map};
use crate::serializer::{Deserialize, TypeInfo};
use crate::structs;
use crate::type_def::{FieldDef, FieldId, TypeIdent};
use crate::types::*;

use super::*;

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
            // --- unions (#18) ---
            id if is_union(id) => read_union(ctx, info).map(Value::Union),
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
            let ident = match (info.type_def(ctx.resolver()), &info.name, info.user_id) {
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
        // Temporal and decimal values (#19).
        DURATION => Value::Duration(WireForm::read(ctx.reader())?),
        TIMESTAMP => Value::Timestamp(WireForm::read(ctx.reader())?),
        DATE => Value::Date(WireForm::read(ctx.reader())?),
        DECIMAL => Value::Decimal(crate::decimal::RawDecimal::read(ctx.reader())?.into()),
        other => return Err(Error::UnknownTypeId { at, id: other }),
    })
}

/// One field of a struct read as `Value`: its name (a tag id as a decimal string) and value.
fn read_struct_field(ctx: &mut ReadContext<'_, '_>, f: &FieldDef) -> Result<(String, Value)> {
    let name = match &f.id {
        FieldId::Name(n) => n.clone(),
        FieldId::Tag(t) => t.to_string(),
    };
    let ty = Arc::new(f.ty.clone());
    Ok((
        name,
        crate::serializer::field::read_field::<Value>(ctx, &ty)?,
    ))
}

fn read_struct_value(ctx: &mut ReadContext<'_, '_>, info: &TypeInfo) -> Result<Struct> {
    let at = ctx.pos();
    ctx.enter()?;
    let s = if let Some(def) = info.type_def(ctx.resolver()) {
        let mut fields = Vec::with_capacity(def.fields.len().min(ctx.reader().remaining()));
        for f in &def.fields {
            fields.push(read_struct_field(ctx, f)?);
        }
        // In schema-consistent mode a TypeDef of the registered layout is what the registered
        // type's own bytes give (the same value written back and read again).
        let registered = (!ctx.compatible())
            .then(|| {
                ctx.resolver()
                    .registry()
                    .by_ident(crate::registry::Space::Struct, &def.ident)
            })
            .flatten()
            .filter(|e| super::is_registered_layout(def, e));
        Struct {
            ident: def.ident.clone(),
            fields,
            def: Some(registered.map_or_else(|| def.clone(), super::registered_def)),
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
        let fory = ctx.resolver();
        let entry = fory
            .registry()
            .by_ident(crate::registry::Space::Struct, &ident)
            .ok_or_else(|| Error::UnregisteredType {
                name: format!(
                    "{ident:?} (non-compatible structs can only be read as Value when registered)"
                ),
            })?;
        structs::check_schema_hash(ctx, entry)?;
        let mut fields = Vec::with_capacity(entry.order.len());
        for &i in &entry.order {
            fields.push(read_struct_field(ctx, &entry.fields[i])?);
        }
        Struct {
            ident,
            fields,
            def: Some(super::registered_def(entry)),
        }
    };
    ctx.leave();
    Ok(s)
}

// --- unions (#18) ---
/// A union of any type: its identity from the type info (none for a declared UNION), the case
/// id, and the case value.
#[inline(never)]
fn read_union(ctx: &mut ReadContext<'_, '_>, info: &TypeInfo) -> Result<Union> {
    let ident = match (
        info.type_id,
        info.type_def(ctx.resolver()),
        &info.name,
        info.user_id,
    ) {
        (UNION, ..) => None,
        (_, Some(d), _, _) => Some(d.ident.clone()),
        (_, None, Some(n), _) => Some(TypeIdent::Named {
            namespace: n.0.clone(),
            type_name: n.1.clone(),
        }),
        (_, None, None, Some(id)) => Some(TypeIdent::Id(id)),
        _ => None,
    };
    let case_id = ctx.reader().varuint32()?;
    let value = structs::read_union_value::<Value>(ctx)?;
    Ok(Union {
        ident,
        case_id,
        value: Box::new(value),
    })
}
