//! Reading union bodies: the case id checked and dispatched on by the derive, the case value
//! (its common flag and bare type id taken in place), and what `untagged` enums pick a variant
//! by.

use super::*;

/// Checks that `info` (from the wire or a declaration) names union `T`, then reads the case
/// id. Returns the case id and its offset (for [`unknown_union_case`]).
#[inline]
pub fn read_union_case<T: Registered>(
    ctx: &mut ReadContext<'_, '_>,
    info: &TypeInfo,
) -> Result<(u32, usize)> {
    // A declared union (a field, an element of a declared list, a map value) has no type
    // info of its own; pyfory declares it UNION whatever the registration.
    if info.type_id != types::UNION {
        check_union_info::<T>(ctx, info)?;
    }
    let case_at = ctx.pos();
    Ok((ctx.reader().varuint32()?, case_at))
}

/// The check of [`read_union_case`] when the type info names a registration (a union with its
/// type info: the root, an undeclared position), out of line so that a union's reader stays a
/// small dispatch.
#[inline(never)]
fn check_union_info<T: Registered>(ctx: &mut ReadContext<'_, '_>, info: &TypeInfo) -> Result<()> {
    let at = ctx.pos();
    let e = entry::<T>(ctx.resolver())?;
    if !names_entry(ctx.resolver(), info, e) {
        return Err(type_mismatch(at, info.type_id, e));
    }
    Ok(())
}

/// Whether type info read from the wire names registered union `e`.
fn names_entry(fory: &crate::resolver::Resolver, info: &TypeInfo, e: &TypeEntry) -> bool {
    match (info.type_id, &e.ident) {
        (types::TYPED_UNION, TypeIdent::Id(id)) => info.user_id == Some(*id),
        (
            types::NAMED_UNION,
            TypeIdent::Named {
                namespace,
                type_name,
            },
        ) => match (info.type_def(fory), &info.name) {
            (Some(d), _) => d.ident == e.ident,
            (None, Some(n)) => n.0 == *namespace && n.1 == *type_name,
            (None, None) => false,
        },
        _ => false,
    }
}

/// [`Deserialize::read_field`] of a union: a plain UNION field (no flag, no type info on the
/// wire) is read as its body straight away, without building the declared type info; any
/// other declaration takes the general path.
#[inline]
pub fn read_union_field<'de, T: Deserialize<'de>>(
    ctx: &mut ReadContext<'_, 'de>,
    ty: &Arc<FieldType>,
) -> Result<T> {
    if ty.type_id != types::UNION || ty.nullable || ty.track_ref {
        return crate::serializer::field::read_field_outlined(ctx, ty);
    }
    // The type info of a declared union: UNION, which names no registration (pyfory declares
    // every union UNION). A local, not a static of this crate's, so that the union's reader,
    // in line here, sees the constant and drops its check of the type info.
    // `ManuallyDrop`: nothing to drop (no `Arc` in it), and no drop call to say so.
    let info = std::mem::ManuallyDrop::new(TypeInfo::of(types::UNION));
    T::read_data(ctx, &info)
}

/// [`Deserialize::read_after_flag`] of a union: a declared union (a list element, a map value)
/// is its body; anything else takes the default path.
#[inline]
pub fn read_union_after_flag<'de, T: Deserialize<'de>>(
    ctx: &mut ReadContext<'_, 'de>,
    flag: RefFlag,
    declared: Option<&TypeInfo>,
) -> Result<T> {
    match (flag, declared) {
        (RefFlag::NotNull, Some(info)) => T::read_data(ctx, info),
        (flag, declared) => read_unshared_outlined(ctx, flag, declared),
    }
}

#[inline(never)]
fn read_unshared_outlined<'de, T: Deserialize<'de>>(
    ctx: &mut ReadContext<'_, 'de>,
    flag: RefFlag,
    declared: Option<&TypeInfo>,
) -> Result<T> {
    crate::serializer::read_unshared_after_flag(ctx, flag, declared)
}

/// Reads a case value: its ref flag, its type info and its body, into `V`.
#[inline]
pub fn read_union_value<'de, V: Deserialize<'de>>(ctx: &mut ReadContext<'_, 'de>) -> Result<V> {
    ctx.enter()?;
    // The flag pyfory writes unless ref tracking is on and the case type is tracked, taken in
    // place, so the case type's reader gets a constant flag rather than one that went through
    // memory (a 4-byte store read back as 8 bytes stalls the load). A type id that is all of
    // its type info (a scalar, a string, a container) is taken in place too, without the
    // general type-info reader: `read_data` then reads what `read_after_flag` would have.
    let v = match ctx.reader().peek2() {
        Some([crate::context::NOT_NULL_FLAG, t]) if is_bare_type_id(t) => {
            ctx.reader().skip_byte();
            ctx.reader().skip_byte();
            // `ManuallyDrop`: nothing to drop (no `Arc` in it), and no drop call to say so.
            let info = std::mem::ManuallyDrop::new(TypeInfo::of(u32::from(t)));
            V::read_data(ctx, &info)?
        }
        Some([crate::context::NOT_NULL_FLAG, _]) => {
            ctx.reader().skip_byte();
            V::read_after_flag(ctx, RefFlag::NotNull, None)?
        }
        _ => read_flagged_value(ctx)?,
    };
    ctx.leave();
    Ok(v)
}

/// [`read_union_value`] out of line, its value put into the union by `wrap` (the variant's
/// constructor): a union's reader is then a small dispatch of calls, each of which builds the
/// union in the caller's slot. One copy per variant.
#[inline(never)]
pub fn read_union_value_into<'de, V: Deserialize<'de>, U>(
    ctx: &mut ReadContext<'_, 'de>,
    wrap: impl FnOnce(V) -> U,
) -> Result<U> {
    match read_union_value::<V>(ctx) {
        Ok(v) => Ok(wrap(v)),
        Err(e) => Err(e),
    }
}

/// [`read_union_value_into`] for a case value of a derived struct: with the flag `0xFF` and the
/// struct's own type info (schema-consistent mode: its type info and schema hash, one word with
/// the flag; compatible mode: its type id and its own TypeDef or a back-reference to it), the
/// union's level and the struct's are entered at once and the fields read straight into the
/// union (`wrap`). Anything else (a tracked value, a null, a peer's TypeDef, a struct by name,
/// the depth limit reached) takes the general path, which reads and reports as before. One copy
/// per variant.
#[inline(never)]
pub fn read_union_struct<'de, T: StructRead<'de> + Deserialize<'de>, U>(
    ctx: &mut ReadContext<'_, 'de>,
    wrap: impl FnOnce(T) -> U,
) -> Result<U> {
    let e = entry::<T>(ctx.resolver())?;
    if !(e.static_ok && e.local_plan.local_order && own_case_head(ctx, e)) {
        return read_union_value_into(ctx, wrap);
    }
    let v = T::read_fields_static::<LAZY>(ctx, &e.decl_tys);
    ctx.leave_two();
    match v {
        Ok(v) => Ok(wrap(v)),
        Err(e) => Err(e),
    }
}

/// Whether the flag `0xFF` and struct `e`'s own type info come next and both levels (the case
/// value's, the struct's) are within the depth limit: then they are read and entered.
/// Otherwise nothing is read or entered.
#[inline(always)]
fn own_case_head(ctx: &mut ReadContext<'_, '_>, e: &TypeEntry) -> bool {
    // The depth first: taking a TypeDef cannot be undone.
    if !ctx.try_enter_two() {
        return false;
    }
    let at = ctx.pos();
    let own = match e.struct_header {
        Some((word, n)) if n < 8 => ctx
            .reader()
            .skip_if_word(word << 8 | u64::from(crate::context::NOT_NULL_FLAG), n + 1),
        Some(_) => false,
        None => {
            is_compatible_struct(e.wire_type_id)
                && ctx.reader().peek2()
                    == Some([crate::context::NOT_NULL_FLAG, e.wire_type_id as u8])
                && {
                    ctx.reader().skip_byte();
                    ctx.reader().skip_byte();
                    ctx.take_own_type_def(e)
                }
        }
    };
    if !own {
        ctx.reader().rewind_to(at);
        ctx.leave_two();
    }
    own
}

/// A union's case type, for the derive to pick its reader by, as [`UnionCase`] picks the
/// writer: the derive calls `(&&UnionCaseOf::<T>::NEW).read_case(ctx, wrap)` with both `Read*Case`
/// traits in scope, and method lookup takes [`ReadStructCase`] (a derived struct:
/// [`read_union_struct`]) if the case type has it, else [`ReadAnyCase`]
/// ([`read_union_value_into`]).
#[doc(hidden)]
pub struct UnionCaseOf<T>(std::marker::PhantomData<fn() -> T>);

impl<T> UnionCaseOf<T> {
    /// The case type's marker.
    pub const NEW: Self = UnionCaseOf(std::marker::PhantomData);
}

/// [`UnionCaseOf`] of a derived struct: [`read_union_struct`].
#[doc(hidden)]
pub trait ReadStructCase<'de, T> {
    /// Reads the case value (after the case id) and makes the union of it with `wrap`.
    fn read_case<U>(&self, ctx: &mut ReadContext<'_, 'de>, wrap: impl FnOnce(T) -> U) -> Result<U>;
}

/// [`UnionCaseOf`] of any other type: [`read_union_value_into`].
#[doc(hidden)]
pub trait ReadAnyCase<'de, T> {
    /// Reads the case value (after the case id) and makes the union of it with `wrap`.
    fn read_case<U>(&self, ctx: &mut ReadContext<'_, 'de>, wrap: impl FnOnce(T) -> U) -> Result<U>;
}

impl<'de, T: StructRead<'de> + Deserialize<'de>> ReadStructCase<'de, T> for &UnionCaseOf<T> {
    #[inline(always)]
    fn read_case<U>(&self, ctx: &mut ReadContext<'_, 'de>, wrap: impl FnOnce(T) -> U) -> Result<U> {
        read_union_struct(ctx, wrap)
    }
}

impl<'de, T: Deserialize<'de>> ReadAnyCase<'de, T> for UnionCaseOf<T> {
    #[inline(always)]
    fn read_case<U>(&self, ctx: &mut ReadContext<'_, 'de>, wrap: impl FnOnce(T) -> U) -> Result<U> {
        read_union_value_into(ctx, wrap)
    }
}

/// Whether type id `t` is the whole of a value's type info, which
/// [`ReadContext::read_type_info`] reads as `TypeInfo::of(t)` and nothing more: the scalars,
/// strings, containers, temporal types, decimals, binary and dense arrays. Not the user kinds
/// (more type info follows), UNION, NONE (an `Option` reads it as `None` in `read_data` only)
/// or the ids that are not types (0, 42, past FLOAT64_ARRAY).
#[inline(always)]
const fn is_bare_type_id(t: u8) -> bool {
    let t = t as u32;
    matches!(t, types::BOOL..=types::MAP)
        || matches!(t, types::DURATION..=types::BINARY)
        || matches!(t, types::BOOL_ARRAY..=types::FLOAT64_ARRAY)
}

/// A case value with any other flag (a null, a tracked value, a back-reference) or none left.
#[inline(never)]
fn read_flagged_value<'de, V: Deserialize<'de>>(ctx: &mut ReadContext<'_, 'de>) -> Result<V> {
    let flag = ctx.read_ref_flag()?;
    V::read_after_flag(ctx, flag, None)
}

/// Reads the case value of a unit variant: a null (or a value of type NONE).
#[inline]
pub fn read_union_unit(ctx: &mut ReadContext<'_, '_>) -> Result<()> {
    // What pyfory writes for a unit case (a `None` value), checked in place; anything else is
    // read as a value, to accept a NONE-typed value and to report what was found.
    if ctx.reader().peek() == Some(crate::context::NULL_FLAG) {
        ctx.reader().skip_byte();
        return Ok(());
    }
    read_union_unit_value(ctx)
}

/// [`read_union_unit`] when the case value is not a null flag, out of line.
#[inline(never)]
fn read_union_unit_value(ctx: &mut ReadContext<'_, '_>) -> Result<()> {
    let at = ctx.pos();
    match read_union_value::<crate::Value>(ctx)? {
        crate::Value::Null => Ok(()),
        other => Err(Error::TypeMismatch {
            at,
            expected: "no value (a unit variant)".into(),
            found: other.declared_type_id(),
        }),
    }
}

/// The error for a case id union `T` does not have and cannot keep.
#[cold]
pub fn unknown_union_case<T: Registered>(at: usize, case_id: u32) -> Error {
    Error::UnknownUnionCase {
        at,
        union: T::descriptor().rust_name,
        case_id,
    }
}

/// Whether a value whose type info is `info` reads into `T`: how an `untagged` enum (pyfory's
/// `typing.Union[...]` field) picks its variant. Integers match their width and signedness in
/// any encoding, a dense array also a LIST, a struct, enum or union its registered identity,
/// `Value` anything.
pub fn accepts<T: Serialize + ?Sized>(ctx: &ReadContext<'_, '_>, info: &TypeInfo) -> bool {
    let fory = ctx.resolver();
    let declared = T::field_type();
    let wire = info.type_id;
    let same_ident = || {
        let Some(user) = &declared.user else {
            return false;
        };
        let found = match (info.type_def(fory), &info.name, info.user_id) {
            (Some(d), _, _) => d.ident.clone(),
            (None, Some(n), _) => TypeIdent::Named {
                namespace: n.0.clone(),
                type_name: n.1.clone(),
            },
            (None, None, Some(id)) => TypeIdent::Id(id),
            _ => return false,
        };
        match (user, &found) {
            (crate::type_def::UserType::Id(a), TypeIdent::Id(b)) => a == b,
            (
                crate::type_def::UserType::Named(n),
                TypeIdent::Named {
                    namespace,
                    type_name,
                },
            ) => n.0 == *namespace && n.1 == *type_name,
            _ => false,
        }
    };
    let family = |t: u32| match t {
        types::INT32 | types::VARINT32 => types::INT32,
        types::INT64 | types::VARINT64 | types::TAGGED_INT64 => types::INT64,
        types::UINT32 | types::VAR_UINT32 => types::UINT32,
        types::UINT64 | types::VAR_UINT64 | types::TAGGED_UINT64 => types::UINT64,
        t => t,
    };
    match declared.type_id {
        types::UNKNOWN => true,
        t if types::is_struct(t) => types::is_struct(wire) && same_ident(),
        types::ENUM | types::NAMED_ENUM => {
            matches!(wire, types::ENUM | types::NAMED_ENUM) && same_ident()
        }
        types::UNION => matches!(wire, types::TYPED_UNION | types::NAMED_UNION) && same_ident(),
        t => family(t) == family(wire) || (types::is_dense_array(t) && wire == types::LIST),
    }
}

/// The error when no variant of untagged enum `target` reads the type on the wire.
#[cold]
pub fn no_variant_accepts(at: usize, target: &'static str, info: &TypeInfo) -> Error {
    Error::TypeMismatch {
        at,
        expected: format!("a type one of the variants of {target} holds").into(),
        found: info.type_id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Fory;

    /// The case value's in-place type id ([`is_bare_type_id`]) is exactly what the general
    /// type-info reader takes as a bare id: one byte, nothing else in the type info.
    #[test]
    fn bare_type_ids_are_what_read_type_info_reads_as_bare() {
        let fory = Fory::default();
        for t in 0..=u8::MAX {
            let bytes = [t, 0, 0, 0, 0, 0, 0, 0];
            let mut ctx = ReadContext::new(&bytes, fory.resolver(), None);
            let bare = match ctx.read_type_info() {
                Ok(info) => {
                    ctx.pos() == 1
                        && info.type_id == u32::from(t)
                        && info.user_id.is_none()
                        && info.name.is_none()
                        && info.def.is_none()
                        && info.local_def.is_none()
                }
                Err(_) => false,
            };
            let excluded = matches!(u32::from(t), types::UNION | types::NONE);
            assert_eq!(is_bare_type_id(t), bare && !excluded, "type id {t}");
        }
    }
}
