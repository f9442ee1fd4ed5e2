//! Reading struct bodies: resolving a body's layout from its type info (own TypeDef, a peer's
//! TypeDef and its plan, or the schema hash), and lists of structs resolved once.

use super::*;

/// Reads a struct body whose type info is `info`.
pub fn read_struct<'de, T: StructRead<'de>>(
    ctx: &mut ReadContext<'_, 'de>,
    info: &TypeInfo,
) -> Result<T> {
    let at = ctx.pos();
    let e = entry::<T>(ctx.resolver())?;
    let peer = body_plan(ctx, e, info, at)?;
    read_body(ctx, e, peer.as_deref().unwrap_or(&e.local_plan))
}

/// The peer plan for a body of `e` whose type info is `info` (`None`: the local plan), with
/// the schema hash checked when the body starts with one. Not generic: every struct shares it.
pub(super) fn body_plan(
    ctx: &mut ReadContext<'_, '_>,
    e: &TypeEntry,
    info: &TypeInfo,
    at: usize,
) -> Result<Option<Arc<ReadPlan>>> {
    match resolve_body(ctx.resolver(), e, info, at)? {
        Body::Local => Ok(None),
        Body::Hashed => {
            check_schema_hash(ctx, e)?;
            Ok(None)
        }
        Body::Peer(plan) => Ok(Some(plan)),
    }
}

/// How to read a body of registered type `e` whose type info is known: decided from the type
/// info alone (nothing is read), so a list decides once for all its elements.
pub(super) enum Body {
    /// This type's own layout (its own TypeDef, or schema-consistent mode after the check).
    Local,
    /// Schema-consistent mode: each body starts with the schema hash, then the local layout.
    Hashed,
    /// A peer's TypeDef: its plan.
    Peer(Arc<ReadPlan>),
}

pub(super) fn resolve_body(
    fory: &crate::resolver::Resolver,
    e: &TypeEntry,
    info: &TypeInfo,
    at: usize,
) -> Result<Body> {
    let peer = match (info.local_def, &info.def) {
        // This type's own TypeDef (the common case, and every element of a list after the
        // first): its local plan, without the general check.
        (Some(i), _) if i == e.index => None,
        (Some(i), _) => plan_for_def(fory, e, DefRef::Local(i), at, info.type_id)?,
        (None, Some(d)) => plan_for_def(fory, e, DefRef::Remote(d.clone()), at, info.type_id)?,
        (None, None) => {
            let ok = match (&e.ident, info.type_id) {
                (TypeIdent::Id(id), types::STRUCT) => info.user_id == Some(*id),
                (
                    TypeIdent::Named {
                        namespace,
                        type_name,
                    },
                    types::NAMED_STRUCT,
                ) => info
                    .name
                    .as_deref()
                    .is_some_and(|(ns, n)| ns == namespace && n == type_name),
                _ => false,
            };
            if !ok {
                return Err(type_mismatch(at, info.type_id, e));
            }
            return Ok(Body::Hashed);
        }
    };
    Ok(peer.map_or(Body::Local, Body::Peer))
}

/// [`Deserialize::read_list_body`] of a derived struct. When the list header gives one type
/// info for all elements (no flags: pyfory's form for a list of one struct type), the
/// registration, the element type check and the read plan are resolved once for the list, and
/// each element is just its body (after its schema hash, in schema-consistent mode); any other
/// list takes the general element loop.
pub fn read_struct_list<'de, T: StructRead<'de> + Deserialize<'de>>(
    ctx: &mut ReadContext<'_, 'de>,
    declared: Option<&FieldType>,
) -> Result<Vec<T>> {
    use crate::impls::list;
    let Some(head) = list::read_list_head::<T>(ctx, declared)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::with_capacity(head.hint);
    let Some(info) = head.elem_info.as_ref().filter(|_| !head.flagged) else {
        list::read_list_elements(ctx, &head, &mut out, Vec::push)?;
        return Ok(out);
    };
    let e = entry::<T>(ctx.resolver())?;
    let body = resolve_body(ctx.resolver(), e, info, ctx.pos())?;
    let (plan, hashed) = match &body {
        Body::Local => (&*e.local_plan, false),
        Body::Hashed => (&*e.local_plan, true),
        Body::Peer(plan) => (&**plan, false),
    };
    // The list's level, as the general loop enters it (`read_body` enters each element's).
    ctx.enter()?;
    for _ in 0..head.len {
        let start = ctx.pos();
        if hashed {
            check_schema_hash(ctx, e)?;
        }
        let v = read_body(ctx, e, plan)?;
        if ctx.pos() == start {
            ctx.charge_unbacked(head.len_at, head.len)?;
        }
        out.push(v);
    }
    ctx.leave();
    Ok(out)
}

/// The plan for reading into `e` a body that a message's TypeDef describes: `None` when it is
/// `e`'s own TypeDef (its local plan applies, by reference: no lock, no reference count), else
/// the peer's plan, built once per TypeDef and cached. Another type's TypeDef is a mismatch.
pub(super) fn plan_for_def(
    fory: &crate::resolver::Resolver,
    e: &TypeEntry,
    def: DefRef,
    at: usize,
    type_id: u32,
) -> Result<Option<Arc<ReadPlan>>> {
    let def = match &def {
        DefRef::Local(i) if *i == e.index || fory.registry().types[*i].type_def == e.type_def => {
            return Ok(None)
        }
        DefRef::Local(i) => &fory.registry().types[*i].def,
        DefRef::Remote(d) => d,
    };
    if def.ident != e.ident {
        return Err(type_mismatch(at, type_id, e));
    }
    Ok(Some(fory.plan_for(e, def)))
}

/// Reads the fields of a body whose type info has been checked, following `plan`.
#[inline(always)]
pub(super) fn read_body<'de, T: StructRead<'de>>(
    ctx: &mut ReadContext<'_, 'de>,
    e: &TypeEntry,
    plan: &ReadPlan,
) -> Result<T> {
    ctx.enter()?;
    // The result is passed on as it is (not unwrapped and wrapped again): the fields are then
    // read straight into the caller's slot, where `?` would copy the struct twice.
    let v = if plan.local_order && e.static_ok {
        T::read_fields_static::<LAZY>(ctx, &e.decl_tys)
    } else {
        T::read_fields(ctx, plan)
    };
    ctx.leave();
    v
}

/// `Deserialize::read_after_flag` of a derived struct. When the type info follows on the wire
/// and names this struct the way it is registered (its id, or its own TypeDef), it is checked
/// in place, without building a [`TypeInfo`]; everything else takes the general path, which
/// reports mismatches.
#[inline]
pub fn read_struct_after_flag<'de, T: StructRead<'de> + Deserialize<'de>>(
    ctx: &mut ReadContext<'_, 'de>,
    flag: RefFlag,
    declared: Option<&TypeInfo>,
) -> Result<T> {
    let (at, back_ref) = match (flag, declared) {
        // A struct field of this struct registered by id, schema-consistent mode (no type info
        // on the wire): its schema hash, then its body.
        (RefFlag::NotNull, Some(info)) if info.type_id == types::STRUCT => {
            let e = entry::<T>(ctx.resolver())?;
            if matches!(e.ident, TypeIdent::Id(id) if info.user_id == Some(id))
                && e.wire_type_id == types::STRUCT
            {
                check_schema_hash(ctx, e)?;
                return read_body(ctx, e, &e.local_plan);
            }
            return T::read_data(ctx, info);
        }
        // A list element whose type info the list header gave once, a map entry.
        (RefFlag::NotNull, Some(info)) => return T::read_data(ctx, info),
        (RefFlag::NotNull, None) => return read_struct_typed_info(ctx),
        // A new tracked object (ref tracking on): a struct is neither a buffer object nor a
        // temporal body, so there is nothing to keep for a back-reference; the body follows.
        (RefFlag::Value { .. }, Some(info)) => return T::read_data(ctx, info),
        (RefFlag::Value { .. }, None) => return read_struct_general(ctx),
        // Null, or a back-reference into a type without identity.
        (RefFlag::Null { at }, _) => (at, None),
        (RefFlag::Ref { at, id }, _) => (at, Some(id)),
    };
    Err(crate::serializer::unshared_flag_error(
        at,
        back_ref,
        std::any::type_name::<T>(),
    ))
}

/// A struct whose type info follows on the wire (the root, an undeclared position). The common
/// forms are checked here, in line: schema-consistent mode's type info and schema hash as one
/// word, compatible mode's type id and the struct's own TypeDef (or a back-reference to it).
/// Everything else is decided by [`typed_struct_info`], which every struct shares, so that each
/// struct's reader has one call of its field reader.
#[inline(always)]
fn read_struct_typed_info<'de, T: StructRead<'de> + Deserialize<'de>>(
    ctx: &mut ReadContext<'_, 'de>,
) -> Result<T> {
    let e = entry::<T>(ctx.resolver())?;
    let own = match e.struct_header {
        Some((word, n)) => ctx.reader().skip_if_word(word, n),
        None => is_compatible_struct(e.wire_type_id) && own_type_def_next(ctx, e),
    };
    let peer = if own {
        None
    } else {
        match typed_struct_info(ctx, e)? {
            Typed::Local => None,
            Typed::Peer(plan) => Some(plan),
            Typed::General => return read_struct_general(ctx),
        }
    };
    read_body(ctx, e, peer.as_deref().unwrap_or(&e.local_plan))
}

/// Whether compatible struct `e`'s type id and its own TypeDef come next, read if so.
#[inline(always)]
fn own_type_def_next(ctx: &mut ReadContext<'_, '_>, e: &TypeEntry) -> bool {
    if ctx.reader().peek() != Some(e.wire_type_id as u8) {
        return false;
    }
    let at = ctx.pos();
    ctx.reader().skip_byte();
    if ctx.take_own_type_def(e) {
        return true;
    }
    ctx.reader().rewind_to(at);
    false
}

/// A struct whose type info follows on the wire, read by the general reader (which reports a
/// mismatch): one copy per struct, out of line.
#[inline(never)]
fn read_struct_general<'de, T: StructRead<'de> + Deserialize<'de>>(
    ctx: &mut ReadContext<'_, 'de>,
) -> Result<T> {
    let info = ctx.read_type_info()?;
    T::read_data(ctx, &info)
}

/// How the body after a struct's type info is read (see [`typed_struct_info`]).
enum Typed {
    /// With the local plan: the type info named the struct as registered (and the schema hash,
    /// if any, has been checked).
    Local,
    /// With a peer's plan.
    Peer(Arc<ReadPlan>),
    /// Through the general reader, which reads the type info again and reports mismatches.
    General,
}

/// Reads the type info of struct `e` when it is not the one-word form (schema-consistent
/// mode by id with the schema hash, checked by the caller): the id and schema hash, or the
/// compatible type id and a TypeDef (its own, recognized by one compare, or a peer's and its
/// plan). Anything else is left unread for the general reader.
#[inline(never)]
fn typed_struct_info(ctx: &mut ReadContext<'_, '_>, e: &TypeEntry) -> Result<Typed> {
    match (ctx.reader().peek_u8().map(u32::from), &e.ident) {
        (Ok(types::STRUCT), TypeIdent::Id(id)) if e.wire_type_id == types::STRUCT => {
            let at = ctx.pos();
            ctx.reader().skip_byte();
            if ctx.reader().varuint32()? != *id {
                return Err(type_mismatch(at, types::STRUCT, e));
            }
            check_schema_hash(ctx, e)?;
            Ok(Typed::Local)
        }
        (Ok(tid), _) if tid == e.wire_type_id && is_compatible_struct(tid) => {
            let at = ctx.pos();
            ctx.reader().skip_byte();
            if ctx.take_own_type_def(e) {
                return Ok(Typed::Local);
            }
            let def = ctx.read_def_ref_expecting(Some(e))?;
            Ok(match plan_for_def(ctx.resolver(), e, def, at, tid)? {
                Some(plan) => Typed::Peer(plan),
                None => Typed::Local,
            })
        }
        _ => Ok(Typed::General),
    }
}

/// [`Deserialize::own_type_info`] of a derived struct: its own TypeDef as the message's next
/// one (compatible mode), recognized inline; the type info then names the registry slot.
#[inline]
pub fn own_struct_type_info<'de, T: StructRead<'de>>(
    ctx: &mut ReadContext<'_, 'de>,
) -> Option<TypeInfo> {
    let e = entry::<T>(ctx.resolver()).ok()?;
    if !matches!(
        e.wire_type_id,
        types::COMPATIBLE_STRUCT | types::NAMED_COMPATIBLE_STRUCT
    ) || ctx.reader().peek()? != e.wire_type_id as u8
    {
        return None;
    }
    let at = ctx.pos();
    ctx.reader().u8().ok()?;
    if !ctx.take_own_type_def(e) {
        // Not this struct's own TypeDef: put the type id back for the general reader.
        ctx.reader().rewind_to(at);
        return None;
    }
    Some(TypeInfo {
        local_def: Some(e.index),
        ..TypeInfo::of(e.wire_type_id)
    })
}

/// Reads the schema hash of a non-compatible struct body and checks it against `e`'s.
#[inline(always)]
pub(crate) fn check_schema_hash(ctx: &mut ReadContext<'_, '_>, e: &TypeEntry) -> Result<()> {
    let at = ctx.pos();
    let found = ctx.reader().u32()?;
    if found != e.schema_hash as u32 {
        return Err(schema_hash_mismatch(at, e, found));
    }
    Ok(())
}

#[cold]
#[inline(never)]
pub(super) fn schema_hash_mismatch(at: usize, e: &TypeEntry, found: u32) -> Error {
    Error::SchemaHashMismatch {
        at,
        type_name: e.rust_name,
        expected: e.schema_hash as u32,
        found,
    }
}

pub(super) fn type_mismatch(at: usize, found: u32, e: &TypeEntry) -> Error {
    Error::TypeMismatch {
        at,
        expected: format!("{} ({})", e.rust_name, ident_str(&e.ident)).into(),
        found,
    }
}

pub(super) fn ident_str(i: &TypeIdent) -> String {
    match i {
        TypeIdent::Id(id) => format!("id {id}"),
        TypeIdent::Named {
            namespace,
            type_name,
        } if namespace.is_empty() => type_name.clone(),
        TypeIdent::Named {
            namespace,
            type_name,
        } => format!("{namespace}.{type_name}"),
    }
}
