//! LIST and SET bodies, and `Vec`, `VecDeque`, sets, slices and fixed arrays.
//!
//! A list body is `varuint32 len`, then (if `len > 0`) a header byte and the elements. pyfory
//! writes the element type once when all elements share it (`SAME_TYPE`), omits it when the
//! declaration names it (`DECL_ELEM_TYPE`, struct fields of non-struct element type), and gives
//! each element a flag only when some are null (`HAS_NULL`) or ref tracking applies (`TRACK_REF`).

use std::collections::{BTreeSet, HashSet, VecDeque};
use std::hash::{BuildHasher, Hash};
use std::sync::Arc;

use crate::context::{ReadContext, RefFlag, WriteContext};
use crate::error::{Error, Result};
use crate::impls::mismatch;
use crate::serializer::{Deserialize, Serialize, TypeInfo};
use crate::type_def::FieldType;
use crate::types::{self, LIST, SET};

pub(crate) const TRACK_REF: u8 = 0x01;
pub(crate) const HAS_NULL: u8 = 0x02;
pub(crate) const DECL_ELEM_TYPE: u8 = 0x04;
pub(crate) const SAME_TYPE: u8 = 0x08;

/// Writes a homogeneous list body. `ty` is the declaration (a struct field), if any: then the
/// element type is declared unless it is a struct, whose type info pyfory always writes.
pub(crate) fn write_list<'v, T, I>(
    items: I,
    ctx: &mut WriteContext<'_, 'v>,
    ty: Option<&FieldType>,
) -> Result<()>
where
    T: Serialize + 'v,
    I: IntoIterator<Item = &'v T>,
    I::IntoIter: ExactSizeIterator + Clone,
{
    let items = items.into_iter();
    let Some(len) = write_list_len(ctx, items.len())? else {
        return Ok(());
    };
    ctx.enter()?;
    write_list_body(items, ctx, ty, len)?;
    ctx.leave();
    Ok(())
}

/// The header and elements of a non-empty [`write_list`].
fn write_list_body<'v, T, I>(
    items: I,
    ctx: &mut WriteContext<'_, 'v>,
    ty: Option<&FieldType>,
    len: u32,
) -> Result<()>
where
    T: Serialize + 'v,
    I: Iterator<Item = &'v T> + Clone,
{
    // An UNKNOWN element type (`List[Any]`, `Vec<Value>`) declares nothing: each element
    // carries its type info.
    let elem_ty = ty
        .and_then(|t| t.generics.first())
        .filter(|e| e.type_id != types::UNKNOWN);
    let declared = elements_declared(ty);
    let has_null = items.clone().any(|v| v.is_null());
    let first = items.clone().find(|v| !v.is_null());
    if let Some(first) = first {
        if !items.clone().all(|v| v.is_null() || v.same_type_as(first)) {
            return write_mixed_elements(items, ctx, len, has_null);
        }
    }
    // Whether elements carry ref flags: the declared element type decides, else the elements'
    // own type (see `types::declared_tracked`); nulls alone go by the declared type too (NONE,
    // without one, is not tracked).
    let track = ctx.track_ref()
        && match (declared, elem_ty, first) {
            (true, Some(e), _) | (_, Some(e), None) => types::declared_tracked(e.type_id),
            (_, _, Some(first)) => first.tracked(),
            (_, None, None) => false,
        };
    let mut header = SAME_TYPE;
    if track {
        header |= TRACK_REF;
    }
    if has_null {
        header |= HAS_NULL;
    }
    if declared {
        header |= DECL_ELEM_TYPE;
    }
    write_list_head(ctx, len, header);
    if !declared {
        match first {
            Some(first) => first.write_type_info(ctx)?,
            // Only nulls: the declared element type's info (a struct), else NONE, as pyfory
            // writes them.
            None => {
                if !elem_ty.is_some_and(|e| crate::structs::write_declared_type_info(ctx, e)) {
                    ctx.writer().u8(types::NONE as u8);
                }
            }
        }
    }
    let flagged = track || has_null;
    for v in items {
        if flagged && !v.write_ref_flag(ctx, track)? {
            continue;
        }
        let start = ctx.writer().len();
        match elem_ty {
            Some(e) => v.write_data_as(ctx, e)?,
            None => v.write_data(ctx)?,
        }
        // An element with neither flag nor bytes (a field-less struct in compatible mode)
        // costs the reader its budget of such elements: the writer charges the same.
        if !flagged && ctx.writer().len() == start {
            ctx.charge_unbacked(len, 1)?;
        }
    }
    Ok(())
}

/// [`write_list`] for elements that are never null, never reference-tracked, all of one type
/// and written the same whatever the declaration says (strings): the same bytes, without the
/// general writer's passes over the elements to find nulls and mixed types.
#[inline]
pub(crate) fn write_uniform_list<'v, T: Serialize + 'v>(
    items: &'v [T],
    ctx: &mut WriteContext<'_, 'v>,
    ty: Option<&FieldType>,
    mut body: impl FnMut(&'v T, &mut WriteContext<'_, 'v>),
) -> Result<()> {
    let Some(len) = write_list_len(ctx, items.len())? else {
        return Ok(());
    };
    ctx.enter()?;
    if elements_declared(ty) {
        write_list_head(ctx, len, SAME_TYPE | DECL_ELEM_TYPE);
    } else {
        write_list_head(ctx, len, SAME_TYPE);
        items[0].write_type_info(ctx)?;
    }
    for v in items {
        body(v, ctx);
    }
    ctx.leave();
    Ok(())
}

/// Whether a list's declaration names its element type so that the elements go without type
/// info (the `DECL_ELEM_TYPE` header bit): not for structs and UNKNOWN, whose elements always
/// carry theirs.
#[inline(always)]
pub(crate) fn elements_declared(ty: Option<&FieldType>) -> bool {
    ty.and_then(|t| t.generics.first())
        .is_some_and(|e| !types::carries_type_info(e.type_id, types::Position::Element, false))
}

/// Checks a list's length and writes an empty list whole: `None` when that is done, else the
/// length, for [`write_list_head`] to write with the header.
#[inline(always)]
pub(crate) fn write_list_len(ctx: &mut WriteContext<'_, '_>, len: usize) -> Result<Option<u32>> {
    let len =
        u32::try_from(len).map_err(|_| Error::Unsupported("list longer than u32::MAX".into()))?;
    if len == 0 {
        ctx.writer().u8(0);
        return Ok(None);
    }
    Ok(Some(len))
}

/// Writes a non-empty list's length and header byte: one two-byte store for fewer than 128
/// elements.
#[inline(always)]
pub(crate) fn write_list_head(ctx: &mut WriteContext<'_, '_>, len: u32, header: u8) {
    if len < 0x80 {
        ctx.writer().u16(len as u16 | u16::from(header) << 8);
    } else {
        ctx.writer().varuint32(len);
        ctx.writer().u8(header);
    }
}

/// Writes the header and elements of a list whose elements differ in type (dynamic values):
/// no SAME_TYPE, and every element carries its own type info.
fn write_mixed_elements<'v, T, I>(
    items: I,
    ctx: &mut WriteContext<'_, 'v>,
    len: u32,
    has_null: bool,
) -> Result<()>
where
    T: Serialize + 'v,
    I: Iterator<Item = &'v T> + Clone,
{
    // pyfory flags every element of a mixed list when ref tracking is on (`0xFF` for those it
    // does not track). It calls a `Decimal` a new reference there (`0x00`), although it does
    // not track decimals in a list of decimals or a map chunk.
    let track = ctx.track_ref();
    let mut header = 0;
    if track {
        header |= TRACK_REF;
    }
    if has_null {
        header |= HAS_NULL;
    }
    write_list_head(ctx, len, header);
    for v in items {
        let tracked = v.tracked() || v.type_id(ctx) == types::DECIMAL;
        if (track || has_null) && !v.write_ref_flag(ctx, track && tracked)? {
            continue;
        }
        v.write_type_info(ctx)?;
        v.write_data(ctx)?;
    }
    Ok(())
}

/// Reads a list or set body into anything that can be extended element by element.
///
/// The element loop recurses; the header and element type info are read out of line so that
/// the frame on the recursive path stays small.
///
/// `start` makes the collection from a capacity hint once the header is read, so the element
/// loop has no first-element case; `push` adds each element.
pub(crate) fn read_elements<'de, T, C, S, F>(
    ctx: &mut ReadContext<'_, 'de>,
    declared: Option<&FieldType>,
    start: S,
    push: F,
) -> Result<C>
where
    T: Deserialize<'de>,
    S: FnOnce(usize) -> C,
    F: FnMut(&mut C, T),
{
    let Some(head) = read_list_head::<T>(ctx, declared)? else {
        return Ok(start(0));
    };
    let mut out = start(head.hint);
    read_list_elements(ctx, &head, &mut out, push)?;
    Ok(out)
}

/// What precedes a list's elements.
pub(crate) struct ListHead {
    /// Where the length was read (for errors).
    pub len_at: usize,
    /// The element count.
    pub len: usize,
    /// A capacity hint: the length, capped by what the input can back (every element but a
    /// zero-sized one takes at least a byte), never what a hostile length claims.
    pub hint: usize,
    /// Whether each element carries a ref/null flag.
    pub flagged: bool,
    /// The element type info the header gave once for all elements, if it did.
    pub elem_info: Option<TypeInfo>,
}

/// Reads a list's length and header; `None` for an empty list (which has no header).
#[inline]
pub(crate) fn read_list_head<'de, T: Deserialize<'de>>(
    ctx: &mut ReadContext<'_, 'de>,
    declared: Option<&FieldType>,
) -> Result<Option<ListHead>> {
    let len_at = ctx.pos();
    let len = ctx.read_container_len()?;
    if len == 0 {
        return Ok(None);
    }
    let hint = len.min(ctx.reader().remaining());
    let (flagged, elem_info) = read_list_header(ctx, declared, T::own_type_info)?;
    Ok(Some(ListHead {
        len_at,
        len,
        hint,
        flagged,
        elem_info,
    }))
}

/// Reads the elements after `head`, one level deeper, charging elements that take no input.
#[inline]
pub(crate) fn read_list_elements<'de, T, C, F>(
    ctx: &mut ReadContext<'_, 'de>,
    head: &ListHead,
    out: &mut C,
    mut push: F,
) -> Result<()>
where
    T: Deserialize<'de>,
    F: FnMut(&mut C, T),
{
    ctx.enter()?;
    for _ in 0..head.len {
        let flag = if head.flagged {
            ctx.read_ref_flag()?
        } else {
            RefFlag::NotNull
        };
        let start = ctx.pos();
        let v = T::read_after_flag(ctx, flag, head.elem_info.as_ref())?;
        if ctx.pos() == start {
            ctx.charge_unbacked(head.len_at, head.len)?;
        }
        push(out, v);
    }
    ctx.leave();
    Ok(())
}

/// Reads a list header: whether elements carry flags, and the shared element type, if any.
/// `declared` is the list's own declaration (its element type), when it is a declared field.
#[inline(never)]
fn read_list_header<'de>(
    ctx: &mut ReadContext<'_, 'de>,
    declared: Option<&FieldType>,
    own_type_info: fn(&mut ReadContext<'_, 'de>) -> Option<TypeInfo>,
) -> Result<(bool, Option<TypeInfo>)> {
    let header_at = ctx.pos();
    let header = ctx.reader().u8()?;
    if header & !(TRACK_REF | HAS_NULL | DECL_ELEM_TYPE | SAME_TYPE) != 0 {
        return Err(Error::invalid(
            header_at,
            format!("unknown list header bits {header:#04x}"),
        ));
    }
    let flagged = header & (TRACK_REF | HAS_NULL) != 0;
    let elem_info = if header & SAME_TYPE != 0 {
        Some(if header & DECL_ELEM_TYPE != 0 {
            let declared = declared.and_then(|d| d.generics.first()).ok_or_else(|| {
                Error::invalid(
                    header_at,
                    "list declares its element type, but no declaration is known here",
                )
            })?;
            TypeInfo {
                type_id: declared.type_id,
                // Only containers need their declaration (their element types); scalars and
                // strings skip the allocation.
                declared: (!declared.generics.is_empty()).then(|| Arc::new(declared.clone())),
                ..TypeInfo::default()
            }
        } else if let Some(info) = own_type_info(ctx) {
            info
        } else {
            ctx.read_type_info()?
        })
    } else {
        None
    };
    Ok((flagged, elem_info))
}

/// Reads a LIST/SET body into a `Vec`.
pub(crate) fn read_list<'de, T: Deserialize<'de>>(
    ctx: &mut ReadContext<'_, 'de>,
    info: &TypeInfo,
) -> Result<Vec<T>> {
    if !matches!(info.type_id, LIST | SET) {
        return Err(mismatch::<Vec<T>>(ctx.pos(), info.type_id));
    }
    read_list_declared(ctx, info.declared.as_deref())
}

/// Reads a LIST/SET body into a `Vec`, given the list's declaration (if any) directly: a
/// declared field passes its registered `FieldType` without building a [`TypeInfo`].
pub(crate) fn read_list_declared<'de, T: Deserialize<'de>>(
    ctx: &mut ReadContext<'_, 'de>,
    declared: Option<&FieldType>,
) -> Result<Vec<T>> {
    T::read_list_body(ctx, declared)
}

/// Slices, vectors and fixed arrays share one body: the element type decides its form (a dense
/// array for scalars, BINARY for bytes, a LIST otherwise).
macro_rules! slice_like {
    ($([$($gen:tt)*] $ty:ty),* $(,)?) => {$(
        impl<$($gen)*> Serialize for $ty {
            fn field_type() -> FieldType {
                T::vec_field_type()
            }
            fn type_id(&self, _: &WriteContext<'_, '_>) -> u32 {
                T::slice_type_id()
            }
            /// A dense array (`Vec<i32>`, pyfory's `Int32Array`) is not tracked; a LIST or
            /// BINARY is.
            fn tracked(&self) -> bool {
                types::declared_tracked(T::slice_type_id())
            }
            #[inline]
            fn write_data<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>) -> Result<()> {
                T::write_slice(self, ctx, None)
            }
            fn write_data_as<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>, ty: &FieldType) -> Result<()> {
                T::write_slice(self, ctx, Some(ty))
            }
            /// A plain declared list (no flag, no type info) is its body, in line: a call of
            /// the element type's slice writer. Anything else takes the general path, out of
            /// line.
            const INLINE_FIELD: bool = true;
            #[inline]
            fn write_field<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>, ty: &FieldType) -> Result<()> {
                if plain_declared(ty, ctx.compatible()) {
                    T::write_slice(self, ctx, Some(ty))
                } else {
                    crate::serializer::field::write_field_outlined(self, ctx, ty)
                }
            }
        }
    )*};
}

/// Whether a field declared `ty` is written as its body alone: no ref flag, no type info.
#[inline(always)]
fn plain_declared(ty: &FieldType, compatible: bool) -> bool {
    !ty.nullable
        && !ty.track_ref
        && !types::carries_type_info(ty.type_id, types::Position::Field, compatible)
}

slice_like!([T: Serialize] [T], [T: Serialize] Vec<T>, [T: Serialize, const N: usize] [T; N]);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Vec<T> {
    /// See `read_field`: a fast path and a call.
    const INLINE_FIELD: bool = true;

    #[inline]
    fn read_data(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Self> {
        T::read_vec(ctx, info)
    }

    /// A plain field declared LIST reads its elements with the declaration at hand (no
    /// `TypeInfo`, no reference-count traffic on the declaration).
    #[inline]
    fn read_field(ctx: &mut ReadContext<'_, 'de>, ty: &Arc<FieldType>) -> Result<Self> {
        if ty.type_id == LIST && !ty.nullable && !ty.track_ref {
            read_list_declared(ctx, Some(ty))
        } else {
            crate::serializer::field::read_field_outlined(ctx, ty)
        }
    }
}

impl<'de, T: Deserialize<'de>, const N: usize> Deserialize<'de> for [T; N] {
    fn read_data(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Self> {
        let at = ctx.pos();
        let v = T::read_vec(ctx, info)?;
        let found = v.len();
        v.try_into().map_err(|_| {
            Error::invalid(
                at,
                format!("expected an array of {N} elements, found {found}"),
            )
        })
    }
}

macro_rules! seq_impl {
    ($ty:ident <T $(: $b1:ident $(+ $b2:ident)*)? $(, $s:ident: $sb:ident)?>, $id:expr, $insert:ident) => {
        impl<T: Serialize $(+ $b1 $(+ $b2)*)? $(, $s: $sb)?> Serialize for $ty<T $(, $s)?> {
            fn field_type() -> FieldType {
                FieldType { type_id: $id, nullable: false, track_ref: false, generics: vec![T::field_type()], user: None }
            }
            fn type_id(&self, _: &WriteContext<'_, '_>) -> u32 {
                $id
            }
            fn write_data<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>) -> Result<()> {
                write_list(self.iter(), ctx, None)
            }
            fn write_data_as<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>, ty: &FieldType) -> Result<()> {
                write_list(self.iter(), ctx, Some(ty))
            }
        }

        impl<'de, T: Deserialize<'de> $(+ $b1 $(+ $b2)*)? $(, $s: $sb + Default)?> Deserialize<'de> for $ty<T $(, $s)?> {
            fn read_data(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Self> {
                if !matches!(info.type_id, LIST | SET) {
                    return Err(mismatch::<Self>(ctx.pos(), info.type_id));
                }
                read_elements(ctx, info.declared.as_deref(), |_| $ty::default(), |out, v| { out.$insert(v); })
            }
        }
    };
}

seq_impl!(VecDeque<T>, LIST, push_back);
seq_impl!(HashSet<T: Eq + Hash, S: BuildHasher>, SET, insert);
seq_impl!(BTreeSet<T: Ord>, SET, insert);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::buffer::Writer;
    use crate::impls::leaf;
    use crate::Fory;

    fn bytes<'v>(f: impl FnOnce(&mut WriteContext<'_, 'v>) -> Result<()>) -> Vec<u8> {
        let fory = Fory::default();
        let mut buf = Vec::new();
        let mut ctx = WriteContext::new(Writer::new(&mut buf), fory.resolver(), None);
        f(&mut ctx).unwrap();
        drop(ctx);
        buf
    }

    /// The uniform writer (what `Vec<String>` uses) against the general one: the same bytes
    /// undeclared, declared `list<string>`, declared `list<unknown>` and a struct-typed
    /// declaration (both write the element type info), for 0, 1, 2 and 200 elements.
    #[test]
    fn uniform_list_writes_the_general_writers_bytes() {
        let decls = [
            None,
            Some(FieldType {
                type_id: LIST,
                nullable: false,
                track_ref: false,
                generics: vec![leaf(types::STRING)],
                user: None,
            }),
            Some(FieldType {
                type_id: LIST,
                nullable: false,
                track_ref: false,
                generics: vec![leaf(types::UNKNOWN)],
                user: None,
            }),
            Some(FieldType {
                type_id: LIST,
                nullable: false,
                track_ref: false,
                generics: vec![leaf(types::STRUCT)],
                user: None,
            }),
        ];
        for n in [0, 1, 2, 200] {
            let items: Vec<String> = (0..n).map(|i| format!("s{i}")).collect();
            for ty in &decls {
                let general = bytes(|ctx| write_list(&items, ctx, ty.as_ref()));
                let uniform = bytes(|ctx| {
                    write_uniform_list(&items, ctx, ty.as_ref(), |s, ctx| {
                        crate::string::write_str(ctx.writer(), s)
                    })
                });
                assert_eq!(uniform, general, "n={n} ty={ty:?}");
                let via_slice = bytes(|ctx| String::write_slice(&items, ctx, ty.as_ref()));
                assert_eq!(via_slice, general, "n={n} ty={ty:?}");
            }
        }
    }
}
