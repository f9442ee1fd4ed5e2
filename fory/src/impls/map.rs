//! MAP bodies and `HashMap` / `BTreeMap`.
//!
//! A map body is `varuint32 total`, then chunks. A chunk header says, per side, whether the
//! values carry ref flags, whether the side is null, and whether its type is declared; a normal
//! chunk then has a size byte (1..=255), the key and value type infos (unless declared), and
//! the pairs. A pair with a null side is a chunk of its own, with no size byte.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};
use std::sync::Arc;

use crate::context::{ReadContext, RefFlag, WriteContext};
use crate::error::{Error, Result};
use crate::impls::mismatch;
use crate::serializer::{Deserialize, Serialize, TypeInfo};
use crate::type_def::FieldType;
use crate::types::{self, Position, MAP};

pub(crate) const KEY_TRACK_REF: u8 = 0x01;
pub(crate) const KEY_HAS_NULL: u8 = 0x02;
pub(crate) const KEY_DECL: u8 = 0x04;
pub(crate) const VAL_TRACK_REF: u8 = 0x08;
pub(crate) const VAL_HAS_NULL: u8 = 0x10;
pub(crate) const VAL_DECL: u8 = 0x20;
const MAX_CHUNK: usize = 255;

/// Writes a map body. `ty` is the declaration (struct field), if any. A pair joins the open
/// chunk only if its key and value have the chunk's type infos, so dynamic values start a new
/// chunk when either changes, as pyfory does.
pub(crate) fn write_map<'v, K, V, I>(
    pairs: I,
    ctx: &mut WriteContext<'_, 'v>,
    ty: Option<&FieldType>,
) -> Result<()>
where
    K: Serialize + 'v,
    V: Serialize + 'v,
    I: ExactSizeIterator<Item = (&'v K, &'v V)>,
{
    let same = |(k0, v0): (&K, &V), (k, v): (&K, &V)| k.same_type_as(k0) && v.same_type_as(v0);
    let len = u32::try_from(pairs.len())
        .map_err(|_| Error::Unsupported("map larger than u32::MAX".into()))?;
    ctx.writer().varuint32(len);
    // The reader enters a level for every map, empty or not.
    ctx.enter()?;
    let (key_ty, val_ty) = match ty.map(|t| t.generics.as_slice()) {
        Some([k, v]) => (Some(k), Some(v)),
        _ => (None, None),
    };
    // An UNKNOWN key or value type (`Dict[Any, Any]`, `fory::Value`) declares nothing.
    let key_ty = key_ty.filter(|k| k.type_id != types::UNKNOWN);
    let val_ty = val_ty.filter(|v| v.type_id != types::UNKNOWN);
    let declares =
        |t: &FieldType| !types::carries_type_info(t.type_id, Position::MapEntry, ctx.compatible());
    let key_decl = key_ty.is_some_and(declares);
    let val_decl = val_ty.is_some_and(declares);
    let mut open: Option<OpenChunk<'v, K, V>> = None;
    for (k, v) in pairs {
        if k.is_null() || v.is_null() {
            open = None;
            write_null_entry(ctx, k, v, (key_ty, key_decl), (val_ty, val_decl))?;
            continue;
        }
        let (key_track, val_track) = match open {
            Some(mut c) if c.pairs < MAX_CHUNK && same(c.first, (k, v)) => {
                c.pairs += 1;
                ctx.writer().set_u8(c.size_at, c.pairs as u8);
                open = Some(c);
                c.tracks
            }
            _ => {
                // Whether a side is tracked is decided per chunk, by its type: pyfory tracks
                // neither strings nor integers, so a dynamic value (`fory::Value`) answers for
                // the one type all pairs of the chunk share.
                let key_track = ctx.track_ref() && tracked(k, key_decl.then_some(key_ty).flatten());
                let val_track = ctx.track_ref() && tracked(v, val_decl.then_some(val_ty).flatten());
                let mut header = 0;
                if key_track {
                    header |= KEY_TRACK_REF;
                }
                if val_track {
                    header |= VAL_TRACK_REF;
                }
                if key_decl {
                    header |= KEY_DECL;
                }
                if val_decl {
                    header |= VAL_DECL;
                }
                ctx.writer().u8(header);
                let pos = ctx.writer().len();
                ctx.writer().u8(1);
                if !key_decl {
                    k.write_type_info(ctx)?;
                }
                if !val_decl {
                    v.write_type_info(ctx)?;
                }
                open = Some(OpenChunk {
                    size_at: pos,
                    pairs: 1,
                    first: (k, v),
                    tracks: (key_track, val_track),
                });
                (key_track, val_track)
            }
        };
        write_side(ctx, k, key_track, key_ty)?;
        write_side(ctx, v, val_track, val_ty)?;
    }
    ctx.leave();
    Ok(())
}

/// Whether `v` carries a ref flag (ref tracking on): by its declared type `decl` when the side
/// is declared, else by its own type.
fn tracked<T: Serialize + ?Sized>(v: &T, decl: Option<&FieldType>) -> bool {
    match decl {
        Some(t) => types::declared_tracked(t.type_id),
        None => v.tracked(),
    }
}

/// The chunk [`write_map`] is filling.
struct OpenChunk<'v, K: ?Sized, V: ?Sized> {
    /// Position of its size byte.
    size_at: usize,
    /// Pairs written so far.
    pairs: usize,
    /// Its first pair, whose types the others must share.
    first: (&'v K, &'v V),
    /// Whether its keys and values carry ref flags.
    tracks: (bool, bool),
}

impl<K: ?Sized, V: ?Sized> Clone for OpenChunk<'_, K, V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K: ?Sized, V: ?Sized> Copy for OpenChunk<'_, K, V> {}

fn write_side<'v, T: Serialize + ?Sized>(
    ctx: &mut WriteContext<'_, 'v>,
    v: &'v T,
    track: bool,
    ty: Option<&FieldType>,
) -> Result<()> {
    if track && !v.write_ref_flag(ctx, true)? {
        return Ok(());
    }
    match ty {
        Some(t) => v.write_data_as(ctx, t),
        None => v.write_data(ctx),
    }
}

/// Writes a pair with a null side as a chunk of its own. The other side is written as pyfory
/// writes it: when its type is declared, with a ref flag only if it is tracked (the header says
/// which); when not, always with a flag (reference-tracked whenever ref tracking is on, whatever
/// the type) and its type info.
fn write_null_entry<'v, K: Serialize + ?Sized, V: Serialize + ?Sized>(
    ctx: &mut WriteContext<'_, 'v>,
    k: &'v K,
    v: &'v V,
    (key_ty, key_decl): (Option<&FieldType>, bool),
    (val_ty, val_decl): (Option<&FieldType>, bool),
) -> Result<()> {
    let key = NullEntrySide::of(ctx, k, key_decl, key_ty);
    let val = NullEntrySide::of(ctx, v, val_decl, val_ty);
    let mut header = 0;
    match key {
        NullEntrySide::Null => header |= KEY_HAS_NULL,
        NullEntrySide::Present { decl, flag } => {
            header |= if decl { KEY_DECL } else { 0 } | if flag { KEY_TRACK_REF } else { 0 }
        }
    }
    match val {
        NullEntrySide::Null => header |= VAL_HAS_NULL,
        NullEntrySide::Present { decl, flag } => {
            header |= if decl { VAL_DECL } else { 0 } | if flag { VAL_TRACK_REF } else { 0 }
        }
    }
    ctx.writer().u8(header);
    key.write(ctx, k, key_ty)?;
    val.write(ctx, v, val_ty)
}

/// One side of a pair written by [`write_null_entry`].
#[derive(Clone, Copy)]
enum NullEntrySide {
    Null,
    /// `decl`: the type is declared (no type info); `flag`: a ref flag precedes the value.
    Present {
        decl: bool,
        flag: bool,
    },
}

impl NullEntrySide {
    fn of<T: Serialize + ?Sized>(
        ctx: &WriteContext<'_, '_>,
        v: &T,
        decl: bool,
        ty: Option<&FieldType>,
    ) -> Self {
        if v.is_null() {
            NullEntrySide::Null
        } else {
            let flag = !decl || (ctx.track_ref() && tracked(v, ty));
            NullEntrySide::Present { decl, flag }
        }
    }

    fn write<'v, T: Serialize + ?Sized>(
        self,
        ctx: &mut WriteContext<'_, 'v>,
        v: &'v T,
        ty: Option<&FieldType>,
    ) -> Result<()> {
        let NullEntrySide::Present { decl, flag } = self else {
            return Ok(());
        };
        if flag {
            let track = if decl { true } else { ctx.track_ref() };
            if !v.write_ref_flag(ctx, track)? {
                return Ok(());
            }
        }
        if !decl {
            v.write_type_info(ctx)?;
        }
        write_side(ctx, v, false, ty)
    }
}

/// Reads a map body, handing each pair to `push`.
///
/// The pair loop recurses into the keys and values; everything else (chunk headers, type infos,
/// errors) is read out of line so that the frame on the recursive path stays small.
pub(crate) fn read_entries<'de, K, V, F>(
    ctx: &mut ReadContext<'_, 'de>,
    info: &TypeInfo,
    mut push: F,
) -> Result<()>
where
    K: Deserialize<'de>,
    V: Deserialize<'de>,
    F: FnMut(K, V),
{
    if info.type_id != MAP {
        return Err(mismatch::<HashMap<(), ()>>(ctx.pos(), info.type_id));
    }
    let total = ctx.read_container_len()?;
    let (key_decl_ty, val_decl_ty) = match info.declared.as_deref().map(|d| d.generics.as_slice()) {
        Some([k, v]) => (Some(k), Some(v)),
        _ => (None, None),
    };
    ctx.enter()?;
    let mut count = 0usize;
    while count < total {
        match read_chunk_head(ctx, total - count, key_decl_ty, val_decl_ty)? {
            Chunk::Null(header) => {
                let key = read_null_side::<K>(
                    ctx,
                    header & KEY_HAS_NULL != 0,
                    header & KEY_TRACK_REF != 0,
                    header & KEY_DECL != 0,
                    key_decl_ty,
                )?;
                let val = read_null_side::<V>(
                    ctx,
                    header & VAL_HAS_NULL != 0,
                    header & VAL_TRACK_REF != 0,
                    header & VAL_DECL != 0,
                    val_decl_ty,
                )?;
                push(key, val);
                count += 1;
            }
            Chunk::Pairs {
                header,
                size,
                key_info,
                val_info,
            } => {
                for _ in 0..size {
                    let kf = if header & KEY_TRACK_REF != 0 {
                        ctx.read_ref_flag()?
                    } else {
                        RefFlag::NotNull
                    };
                    let k = K::read_after_flag(ctx, kf, Some(&key_info))?;
                    let vf = if header & VAL_TRACK_REF != 0 {
                        ctx.read_ref_flag()?
                    } else {
                        RefFlag::NotNull
                    };
                    let v = V::read_after_flag(ctx, vf, Some(&val_info))?;
                    push(k, v);
                }
                count += size;
            }
        }
    }
    ctx.leave();
    Ok(())
}

/// A chunk header as read by [`read_chunk_head`].
enum Chunk {
    /// One pair with a null side; the header byte.
    Null(u8),
    /// `size` pairs sharing the key and value type infos.
    Pairs {
        header: u8,
        size: usize,
        key_info: TypeInfo,
        val_info: TypeInfo,
    },
}

/// Reads a chunk header, and for a normal chunk its size and type infos. `left` is how many
/// pairs the map still owes.
#[inline(never)]
fn read_chunk_head(
    ctx: &mut ReadContext<'_, '_>,
    left: usize,
    key_decl_ty: Option<&FieldType>,
    val_decl_ty: Option<&FieldType>,
) -> Result<Chunk> {
    let at = ctx.pos();
    let header = ctx.reader().u8()?;
    if header & 0xC0 != 0 {
        return Err(Error::invalid(
            at,
            format!("unknown map chunk header bits {header:#04x}"),
        ));
    }
    if header & (KEY_HAS_NULL | VAL_HAS_NULL) != 0 {
        return Ok(Chunk::Null(header));
    }
    let size_at = ctx.pos();
    let size = ctx.reader().u8()? as usize;
    if size == 0 || size > left {
        return Err(Error::invalid(
            size_at,
            format!("map chunk size {size} does not fit the {left} entries left"),
        ));
    }
    let key_info = if header & KEY_DECL != 0 {
        declared(key_decl_ty, at)?
    } else {
        ctx.read_type_info()?
    };
    let val_info = if header & VAL_DECL != 0 {
        declared(val_decl_ty, at)?
    } else {
        ctx.read_type_info()?
    };
    Ok(Chunk::Pairs {
        header,
        size,
        key_info,
        val_info,
    })
}

/// The type info of a declared key or value type.
fn declared(t: Option<&FieldType>, at: usize) -> Result<TypeInfo> {
    let t = t.ok_or_else(|| {
        Error::invalid(
            at,
            "map declares its key/value type, but no declaration is known here",
        )
    })?;
    let t = Arc::new(t.clone());
    let mut info = TypeInfo::declared(&t);
    info.declared = Some(t);
    Ok(info)
}

fn read_null_side<'de, T: Deserialize<'de>>(
    ctx: &mut ReadContext<'_, 'de>,
    is_null: bool,
    tracked: bool,
    decl: bool,
    decl_ty: Option<&FieldType>,
) -> Result<T> {
    let at = ctx.pos();
    if is_null {
        return T::read_after_flag(ctx, RefFlag::Null { at }, None);
    }
    let flag = if tracked {
        ctx.read_ref_flag()?
    } else {
        RefFlag::NotNull
    };
    if decl {
        let info = declared(decl_ty, at)?;
        T::read_after_flag(ctx, flag, Some(&info))
    } else {
        T::read_after_flag(ctx, flag, None)
    }
}

macro_rules! map_impl {
    ($ty:ident <K $(: $kb1:ident $(+ $kb2:ident)*)?, V $(, $s:ident: $sb:ident)?>) => {
        impl<K: Serialize $(+ $kb1 $(+ $kb2)*)?, V: Serialize $(, $s: $sb)?> Serialize for $ty<K, V $(, $s)?> {
            fn field_type() -> FieldType {
                FieldType { type_id: MAP, nullable: false, track_ref: false, generics: vec![K::field_type(), V::field_type()], user: None }
            }
            fn type_id(&self, _: &WriteContext<'_, '_>) -> u32 {
                MAP
            }
            fn write_data<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>) -> Result<()> {
                write_map(self.iter(), ctx, None)
            }
            fn write_data_as<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>, ty: &FieldType) -> Result<()> {
                write_map(self.iter(), ctx, Some(ty))
            }
        }

        impl<'de, K: Deserialize<'de> $(+ $kb1 $(+ $kb2)*)?, V: Deserialize<'de> $(, $s: $sb + Default)?> Deserialize<'de> for $ty<K, V $(, $s)?> {
            fn read_data(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Self> {
                let mut out = $ty::default();
                read_entries(ctx, info, |k, v| { out.insert(k, v); })?;
                Ok(out)
            }
        }
    };
}

map_impl!(HashMap<K: Eq + Hash, V, S: BuildHasher>);
map_impl!(BTreeMap<K: Ord, V>);
