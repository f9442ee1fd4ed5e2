//! The straight-line fast path the derive emits when the registry confirms its predicted field
//! order: the [`Head`] written with the first run of fields, and the scalar, string, dense-array
//! and unit-enum fields it writes and reads without flag or type-info dispatch.

use super::*;

/// Up to 8 bytes written before a struct's fields, in the same store as its first run of fields
/// (see [`StructFields::write_fields_static`]).
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Head {
    /// The bytes, little-endian.
    word: u64,
    /// How many (0 to 8).
    len: usize,
}

impl Head {
    /// No bytes.
    pub const NONE: Head = Head { word: 0, len: 0 };

    /// The low `len` bytes of `word` (`len` at most 8).
    #[inline(always)]
    pub(crate) fn new(word: u64, len: usize) -> Head {
        debug_assert!(len <= 8);
        Head {
            word,
            len: len.min(8),
        }
    }

    /// The room a head takes in a run.
    pub const ROOM: usize = 8;

    /// The same head, rebuilt where the compiler can see that it is at most 8 bytes (a head
    /// from an out-of-line call): the stores of the run it starts then need no bounds checks.
    #[inline(always)]
    pub(crate) fn bounded(self) -> Head {
        Head::new(self.word, self.len)
    }

    /// Appends the head to a run (whose room includes [`Head::ROOM`]).
    #[inline(always)]
    pub fn put(self, s: &mut Scratch<'_>) {
        s.word(self.word, self.len);
    }

    /// Writes the head on its own (a struct whose first field is not in a run).
    #[inline(always)]
    pub fn write(self, ctx: &mut WriteContext<'_, '_>) {
        if self.len > 0 {
            ctx.writer().word(self.word, self.len);
        }
    }
}

/// Which caller a struct's straight-line field writer
/// ([`StructFields::write_fields_static`]) serves. Each kind of caller gets its own
/// instantiation, so that each is the one call of its copy and the compiler inlines the fields
/// there whatever the codegen units; two callers of one copy in one unit made it an out-of-line
/// call (+18 instructions a struct written, callgrind).
#[doc(hidden)]
pub mod site {
    /// A body written by the general path (`write_struct`): no head.
    pub const BODY: u8 = 0;
    /// An element of a list of structs, compatible mode: no head.
    pub const ELEMENT: u8 = 1;
    /// An element of a list of structs, schema-consistent mode: the schema hash.
    pub const ELEMENT_HASHED: u8 = 2;
    /// A declared position (no type info): the schema hash in schema-consistent mode.
    pub const DECLARED: u8 = 3;
    /// A struct with its type info.
    pub const TYPED: u8 = 4;
    /// A union's case value: the case id and flag, then the struct's type info.
    pub const UNION_CASE: u8 = 5;

    /// Whether the caller passes a head.
    #[inline(always)]
    pub const fn has_head(site: u8) -> bool {
        matches!(site, ELEMENT_HASHED | DECLARED | TYPED | UNION_CASE)
    }
}

/// A plain scalar written in its default encoding with no flag or type info: what the derive
/// emits straight-line code for (after the registry confirmed the field's declaration).
///
/// The derive batches a run of such fields into one [`Scratch`] of
/// `sum of MAX + 8` bytes ([`Writer::run`](crate::buffer::Writer::run)); `put` must therefore never write more than `MAX` bytes, and must
/// write exactly what the type's [`Serialize::write_data`] writes.
#[doc(hidden)]
pub trait DirectScalar: Sized {
    /// The most bytes `put` writes.
    const MAX: usize;
    /// Appends the value to a run of scalars.
    fn put(self, s: &mut Scratch<'_>);
    /// Reads the value in its default encoding.
    fn get(r: &mut Reader<'_>) -> Result<Self>;
}

macro_rules! direct_scalar {
    ($($t:ty: $max:expr, |$v:ident, $s:ident| $put:expr, |$r:ident| $get:expr;)*) => {$(
        impl DirectScalar for $t {
            const MAX: usize = $max;
            #[inline(always)]
            fn put(self, $s: &mut Scratch<'_>) {
                let $v = self;
                $put
            }
            #[inline(always)]
            fn get($r: &mut Reader<'_>) -> Result<Self> {
                $get
            }
        }
    )*};
}

direct_scalar! {
    bool: 1, |v, s| s.u8(v as u8), |r| Ok(r.u8()? != 0);
    i8: 1, |v, s| s.u8(v as u8), |r| r.i8();
    u8: 1, |v, s| s.u8(v), |r| r.u8();
    i16: 2, |v, s| s.u16(v as u16), |r| r.i16();
    u16: 2, |v, s| s.u16(v), |r| r.u16();
    i32: 5, |v, s| s.varint32(v), |r| r.varint32();
    u32: 5, |v, s| s.varuint32(v), |r| r.varuint32();
    i64: 9, |v, s| s.varint64(v), |r| r.varint64();
    u64: 9, |v, s| s.varuint64(v), |r| r.varuint64();
    f32: 4, |v, s| s.u32(v.to_bits()), |r| r.f32();
    f64: 8, |v, s| s.u64(v.to_bits()), |r| r.f64();
}

/// The room a field of type `T` takes at the end of a run of scalars: a unit enum's ordinal
/// (a `varuint32`), or none for any other type, which is written after the run
/// ([`put_ordinal`]). Evaluated at compile time in the run's room constant.
#[doc(hidden)]
pub const fn ordinal_room<T: Serialize + ?Sized>() -> usize {
    if T::UNIT_ENUM {
        5
    } else {
        0
    }
}

/// The declared type id the registry confirms for a field of type `T` that the derive writes
/// as [`put_ordinal`] does: ENUM for a unit enum, else `0` (the general field writer, which
/// checks the declaration itself).
#[doc(hidden)]
pub const fn ordinal_tid<T: Serialize + ?Sized>() -> u32 {
    if T::UNIT_ENUM {
        types::ENUM
    } else {
        0
    }
}

/// Appends a unit enum's ordinal to a run: the bytes [`write_enum`] writes for a plain ENUM
/// field. Nothing for any other type (the derive writes it after the run).
#[doc(hidden)]
#[inline(always)]
pub fn put_ordinal<T: Serialize + ?Sized>(v: &T, s: &mut Scratch<'_>) {
    if T::UNIT_ENUM {
        s.varuint32(v.unit_enum_ordinal());
    }
}

/// A `String` field written and read directly (no flag, no type info), like
/// [`DirectScalar`]; the registry confirmed a non-nullable STRING declaration.
#[doc(hidden)]
pub trait DirectStr: Sized {
    /// The room [`DirectStr::put_short`] takes in a run.
    const ROOM: usize = crate::buffer::SHORT_STR_ROOM;
    /// Writes the string body.
    fn put(&self, ctx: &mut WriteContext<'_, '_>);
    /// Whether [`DirectStr::put_short`] can write the string: the derive batches the string
    /// fields next to scalar fields into one run, each string taking [`DirectStr::ROOM`]
    /// bytes, when all of them are short, and writes them one by one otherwise.
    fn is_short(&self) -> bool;
    /// Appends the string body to a run (only if [`DirectStr::is_short`]; panics otherwise).
    fn put_short(&self, s: &mut Scratch<'_>);
    /// Reads a string body.
    fn get(r: &mut Reader<'_>) -> Result<Self>;
}

impl DirectStr for String {
    #[inline(always)]
    fn put(&self, ctx: &mut WriteContext<'_, '_>) {
        crate::string::write_str(ctx.writer(), self);
    }
    #[inline(always)]
    fn is_short(&self) -> bool {
        self.len() <= crate::buffer::SMALL_BYTES
    }
    #[inline(always)]
    fn put_short(&self, s: &mut Scratch<'_>) {
        crate::string::write_short_str(s, self);
    }
    #[inline(always)]
    fn get(r: &mut Reader<'_>) -> Result<Self> {
        crate::string::read_str(r).map(std::borrow::Cow::into_owned)
    }
}

/// [`DirectStr::put`] out of line, for the derive's rare paths (a run with a long string).
#[doc(hidden)]
#[inline(never)]
pub fn write_str_shared(s: &String, ctx: &mut WriteContext<'_, '_>) {
    s.put(ctx);
}

/// A `Vec` of scalars written and read directly as its dense array (no flag, no type info),
/// like [`DirectScalar`]; the registry confirmed a non-nullable dense array declaration.
#[doc(hidden)]
pub trait DirectVec: Sized {
    /// Writes the dense array body.
    fn put<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>) -> Result<()>;
    /// Reads a dense array body.
    fn get(ctx: &mut ReadContext<'_, '_>) -> Result<Self>;
}

macro_rules! direct_vec {
    ($($t:ty => $read:expr);*) => {$(
        impl DirectVec for Vec<$t> {
            #[inline(always)]
            fn put<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>) -> Result<()> {
                <$t as Serialize>::write_slice(self, ctx, None)
            }
            #[inline(always)]
            fn get(ctx: &mut ReadContext<'_, '_>) -> Result<Self> {
                $read(ctx)
            }
        }
    )*};
}

/// A Pod element's dense array body, read directly: the registry confirmed the declaration.
#[inline(always)]
pub(super) fn dense<T: bytemuck::Pod>(ctx: &mut ReadContext<'_, '_>) -> Result<Vec<T>> {
    crate::impls::scalar::dense::read(ctx)
}

/// `bool` is not Pod (not every byte is a `bool`): its own reader checks each element.
#[inline(always)]
pub(super) fn bool_array(ctx: &mut ReadContext<'_, '_>) -> Result<Vec<bool>> {
    static INFO: TypeInfo = TypeInfo::of(types::BOOL_ARRAY);
    <bool as Deserialize<'_>>::read_vec(ctx, &INFO)
}

direct_vec!(
    bool => bool_array; i8 => dense; i16 => dense; i32 => dense; i64 => dense; u16 => dense;
    u32 => dense; u64 => dense; f32 => dense; f64 => dense
);
