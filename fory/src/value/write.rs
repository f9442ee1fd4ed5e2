//! Writing a [`Value`]: its type info (a struct's own TypeDef or names), its body, and the
//! declarations a struct's TypeDef gives its fields.

use std::sync::Arc;

use crate::context::WriteContext;
use crate::error::{Error, Result};
use crate::impls::{leaf, list, map};
use crate::registry::Space;
use crate::serializer::Serialize;
use crate::structs;
use crate::type_def::{FieldId, FieldType, TypeDef, TypeIdent};
use crate::types::*;

use super::*;

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
                    write_registered_names(ctx, Space::Enum, ident);
                    return Ok(());
                }
                let fory = ctx.resolver();
                match fory.registry().by_ident(Space::Enum, ident) {
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
            // --- unions (#18) ---
            Value::Union(u) => write_union_ident(u, ctx),
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
    if let StructForm::TypeDef = s.form(ctx) {
        // The value's own TypeDef: it may describe more or fewer fields than a local
        // registration of the same type.
        return match &s.def {
            Some(d) => ctx.write_dynamic_type_def(d),
            None => ctx.write_dynamic_type_def(&Arc::new(s.infer_def())),
        };
    }
    write_registered_names(ctx, Space::Struct, &s.ident);
    Ok(())
}

/// Non-compatible type info after the type id: the user id, or the two names (those of the
/// registration when there is one, so they share its meta-string entries).
fn write_registered_names(ctx: &mut WriteContext<'_, '_>, space: Space, ident: &TypeIdent) {
    let fory = ctx.resolver();
    match (ident, fory.registry().by_ident(space, ident)) {
        (TypeIdent::Id(id), _) => ctx.writer().varuint32(*id),
        (_, Some(e)) if e.names.is_some() => {
            let ((ns, ns_key), (name, name_key)) = e.names.as_ref().expect("checked");
            ctx.write_meta_string(*ns_key, ns);
            ctx.write_meta_string(*name_key, name);
        }
        (named, _) => ctx.write_dynamic_names(named),
    }
}

/// How a struct value is written ([`Struct::form`]).
pub(super) enum StructForm<'r> {
    /// With its TypeDef (COMPATIBLE_STRUCT / NAMED_COMPATIBLE_STRUCT, no schema hash): always in
    /// compatible mode, and in schema-consistent mode when its TypeDef is not the registered
    /// layout of its type (a struct read from a TypeDef that a schema-consistent message
    /// carried, as pyfory also accepts), so that it is written as it was read rather than under
    /// the registered type's schema hash with another field order.
    TypeDef,
    /// Schema-consistent mode, as its registered type: its id or names, its schema hash, its
    /// field order.
    Registered(&'r crate::registry::TypeEntry),
    /// Schema-consistent mode, neither a TypeDef nor a registration: the body cannot be
    /// written.
    Unregistered,
}

impl Struct {
    /// How this struct is written (its type info and whether its body starts with a schema
    /// hash), decided in one place for the type info and the body.
    pub(super) fn form<'r>(&self, ctx: &WriteContext<'r, '_>) -> StructForm<'r> {
        if ctx.compatible() {
            return StructForm::TypeDef;
        }
        let registered = ctx
            .resolver()
            .registry()
            .by_ident(Space::Struct, &self.ident);
        match (registered, self.def.as_deref()) {
            (Some(e), None) => StructForm::Registered(e),
            (Some(e), Some(d)) if super::is_registered_layout(d, e) => StructForm::Registered(e),
            (_, Some(_)) => StructForm::TypeDef,
            (None, None) => StructForm::Unregistered,
        }
    }

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
        // An untyped declaration (UNKNOWN: `Any`, a `typing.Union` field) leaves the integer
        // its own encoding, which its type info names.
        let int_as = |ty: Option<&FieldType>, default: u32| {
            ty.filter(|t| t.type_id != UNKNOWN)
                .map_or(default, |t| t.type_id)
        };
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
                let hash = match s.form(ctx) {
                    StructForm::TypeDef => None,
                    StructForm::Registered(e) => Some(e.schema_hash as u32),
                    StructForm::Unregistered => {
                        return Err(Error::UnregisteredType {
                            name: format!("{:?}", s.ident),
                        })
                    }
                };
                if let Some(hash) = hash {
                    ctx.writer().u32(hash);
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
            // Temporal and decimal values (#19).
            Value::Duration(d) => d.write_data(ctx),
            Value::Timestamp(t) => t.write_data(ctx),
            Value::Date(d) => d.write_data(ctx),
            Value::Decimal(d) => d.write_data(ctx),
            // --- unions (#18) ---
            Value::Union(u) => structs::write_union_case(ctx, u.case_id, &*u.value),
        }
    }
}

// --- unions (#18) ---
/// The type info of a union after its type id: nothing (UNION), the user id (TYPED_UNION), or
/// the names or TypeDef (NAMED_UNION): the registration's when there is one.
fn write_union_ident(u: &Union, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
    match &u.ident {
        None => Ok(()),
        Some(TypeIdent::Id(id)) => {
            ctx.writer().varuint32(*id);
            Ok(())
        }
        Some(ident) if !ctx.compatible() => {
            write_registered_names(ctx, Space::Union, ident);
            Ok(())
        }
        Some(ident) => {
            let fory = ctx.resolver();
            match fory.registry().by_ident(Space::Union, ident) {
                Some(e) => {
                    ctx.write_type_def(e.index, &e.type_def);
                    Ok(())
                }
                None => ctx.write_dynamic_type_def(&Arc::new(TypeDef {
                    kind: crate::type_def::TypeDefKind::Union,
                    ident: ident.clone(),
                    compatible: true,
                    fields: Vec::new(),
                })),
            }
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
        // --- unions (#18) ---
        Value::Union(_) => t.type_id == UNION,
        // Temporal and decimal values (#19).
        Value::Duration(_) => t.type_id == DURATION,
        Value::Timestamp(_) => t.type_id == TIMESTAMP,
        Value::Date(_) => t.type_id == DATE,
        Value::Decimal(_) => t.type_id == DECIMAL,
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
