//! The two traits every serializable type implements, the type information read from the wire,
//! and the generic field dispatch their default methods use (`field`).

pub(crate) mod field;

use std::sync::Arc;

use crate::context::{ReadContext, RefFlag, WriteContext};
use crate::error::{Error, Result};
use crate::type_def::{FieldType, TypeDef, UserType};

/// A value that can be written in the Fory xlang format.
///
/// # Contract
/// * [`write_data`](Serialize::write_data) writes the value's body only: no ref/null flag and no
///   type info. The caller decides, from the position of the value (root, list element, struct
///   field), which of those precede it.
/// * [`field_type`](Serialize::field_type) describes the type as a struct field declares it; it
///   feeds TypeDefs, schema hashes and pyfory's field order, so it must agree with what
///   `write_data` writes.
/// * Implementations for user types come from `#[derive(ForySerialize)]`; writing one by hand is
///   possible but rarely needed.
///
/// ```
/// use fory::Fory;
/// let fory = Fory::builder().build();
/// let bytes = fory.serialize(&vec![String::from("a"), String::from("b")]).unwrap();
/// let back: Vec<String> = fory.deserialize(&bytes).unwrap();
/// assert_eq!(back, ["a", "b"]);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be serialized by fory",
    note = "add #[derive(ForySerialize)] to your type, or use a supported std type"
)]
pub trait Serialize {
    /// Whether this type is tracked by reference when ref tracking is enabled. pyfory never
    /// tracks scalars and strings inside containers; everything else gets a ref flag.
    const TRACKED: bool = true;

    /// Whether this is a derived unit enum, whose plain declared field is its bare ordinal
    /// ([`unit_enum_ordinal`](Serialize::unit_enum_ordinal)) as a `varuint32`: the derive then
    /// writes such a field inside a struct's run of scalars. Set by the derive only.
    #[doc(hidden)]
    const UNIT_ENUM: bool = false;

    /// Whether a derived struct's straight-line writer inlines [`write_field`](Self::write_field)
    /// for a field of this type rather than calling the one shared copy per field type
    /// ([`write_field_shared`](crate::__private::write_field_shared)). True where the inlined
    /// code is small and a call measurably costs (callgrind, `scripts/instr.sh`: about 18
    /// instructions a field): derived structs (their fields are a call either way), derived
    /// unions (a plain union field is a call of the union's writer) and `Vec` (a plain list
    /// field is a call of the element type's slice writer).
    #[doc(hidden)]
    const INLINE_FIELD: bool = false;

    /// Whether a message with this type at the root opens its context out of line (one copy
    /// for all such types) rather than in each root reader and writer: `small_code` structs,
    /// which trade speed for code size. Set by the derive only.
    #[doc(hidden)]
    const SMALL_ROOT: bool = false;

    /// The ordinal of a unit enum's value (see [`UNIT_ENUM`](Serialize::UNIT_ENUM)); `0` for
    /// every other type, which never has it asked.
    #[doc(hidden)]
    #[inline(always)]
    fn unit_enum_ordinal(&self) -> u32 {
        0
    }

    /// Whether `other` has the same type info as `self`, so that both can share one list
    /// header or map chunk. Always true for static types; dynamic values (`Value`) compare.
    #[doc(hidden)]
    fn same_type_as(&self, other: &Self) -> bool {
        let _ = other;
        true
    }

    /// Whether this particular value is reference-tracked when ref tracking is on; differs
    /// from [`TRACKED`](Serialize::TRACKED) only for dynamic values.
    fn tracked(&self) -> bool {
        Self::TRACKED
    }

    /// The declared wire type of this Rust type.
    fn field_type() -> FieldType;

    /// The type id written in this value's type info.
    fn type_id(&self, ctx: &WriteContext<'_, '_>) -> u32;

    /// Writes the type info (type id plus, for user types, the id, names or TypeDef reference).
    fn write_type_info(&self, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
        let id = self.type_id(ctx);
        ctx.writer().u8(id as u8);
        Ok(())
    }

    /// Writes the value body.
    fn write_data<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>) -> Result<()>;

    /// Writes the type info, then the body (an undeclared position: the root, a dynamic value).
    /// One call, so that a derived struct looks its registration up once for both.
    #[doc(hidden)]
    #[inline]
    fn write_typed<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>) -> Result<()> {
        self.write_type_info(ctx)?;
        self.write_data(ctx)
    }

    /// Writes the type info, then the body as declared by `ty`. One call, so that a derived
    /// struct looks its registration up once for both.
    #[doc(hidden)]
    #[inline]
    fn write_typed_as<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>, ty: &FieldType) -> Result<()> {
        self.write_type_info(ctx)?;
        self.write_data_as(ctx, ty)
    }

    /// Writes the body as the declared field type `ty` says (for example a fixed-width `i32`
    /// when the field asks for `INT32`, or a `Vec<i32>` as a LIST). Defaults to `write_data`.
    #[inline]
    fn write_data_as<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>, ty: &FieldType) -> Result<()> {
        let _ = ty;
        self.write_data(ctx)
    }

    /// Writes this value as a struct field whose registered declaration is `ty`: flag, type
    /// info and body as the declaration says. Derived enums override it to write a plain
    /// declared field as its bare ordinal.
    #[doc(hidden)]
    #[inline(always)]
    fn write_field<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>, ty: &FieldType) -> Result<()> {
        field::write_field_general(self, ctx, ty)
    }

    /// Whether this value is a null (only `Option::None` and `Value::Null` are).
    fn is_null(&self) -> bool {
        false
    }

    /// The declared type of a `Vec<Self>` (dense array, BINARY or LIST).
    #[doc(hidden)]
    fn vec_field_type() -> FieldType
    where
        Self: Sized,
    {
        FieldType {
            type_id: crate::types::LIST,
            nullable: false,
            track_ref: false,
            generics: vec![Self::field_type()],
            user: None,
        }
    }

    /// Writes a slice of `Self` as the body of a `Vec<Self>`; scalar types override this to
    /// write a dense array (or BINARY for `u8`). `ty` is the declaration, if any.
    #[doc(hidden)]
    fn write_slice<'v>(
        items: &'v [Self],
        ctx: &mut WriteContext<'_, 'v>,
        ty: Option<&FieldType>,
    ) -> Result<()>
    where
        Self: Sized,
    {
        crate::impls::list::write_list(items, ctx, ty)
    }

    /// The type id of a `Vec<Self>` body.
    #[doc(hidden)]
    fn slice_type_id() -> u32
    where
        Self: Sized,
    {
        crate::types::LIST
    }

    /// Writes the ref/null flag for this value and reports whether a body must follow.
    /// `track` says whether this position is reference-tracked.
    #[inline]
    fn write_ref_flag(&self, ctx: &mut WriteContext<'_, '_>, track: bool) -> Result<bool> {
        ctx.write_plain_ref_flag(track);
        Ok(true)
    }
}

/// What the reader knows about the type of the value it is about to read.
///
/// For values preceded by type info this comes from the wire; for declared positions (struct
/// fields, list elements of a declared type) it is made from the declaration.
#[derive(Debug, Clone, Default)]
pub struct TypeInfo {
    /// The wire type id.
    pub(crate) type_id: u32,
    /// The user type id (STRUCT, ENUM, EXT by id).
    pub(crate) user_id: Option<u32>,
    /// The namespace and type name (NAMED_* types written with stream meta strings).
    pub(crate) name: Option<Arc<(String, String)>>,
    /// The TypeDef (compatible structs and named types in compatible mode), unless it is
    /// byte for byte a registered type's (then `local_def`). Read both through
    /// [`TypeInfo::type_def`].
    pub(crate) def: Option<Arc<TypeDef>>,
    /// The registry slot of the registered type whose TypeDef the message carries byte for
    /// byte. The common case (both sides share the schema) so it costs no reference counting
    /// and lets that type use its own read plan.
    pub(crate) local_def: Option<usize>,
    /// The declared field type, when the value sits in a declared position.
    pub(crate) declared: Option<Arc<FieldType>>,
}

impl TypeInfo {
    /// The wire type id of the value about to be read (see the spec's type table).
    #[inline]
    pub fn type_id(&self) -> u32 {
        self.type_id
    }

    /// Type info for a value whose type is only known by id.
    #[inline]
    pub const fn of(type_id: u32) -> Self {
        TypeInfo {
            type_id,
            user_id: None,
            name: None,
            def: None,
            local_def: None,
            declared: None,
        }
    }

    /// The type info of a value declared as `ty` whose own type info is not on the wire (see
    /// [`crate::types::carries_type_info`]): the declared type id, the registered identity a
    /// declared struct or enum names, and the declaration itself for containers (their element
    /// types). Scalars skip the reference count, keeping a plain field to a few branches.
    #[inline]
    pub(crate) fn declared(ty: &Arc<FieldType>) -> Self {
        let mut info = TypeInfo {
            type_id: ty.type_id,
            declared: (!ty.generics.is_empty()).then(|| ty.clone()),
            ..TypeInfo::default()
        };
        match &ty.user {
            None => {}
            Some(UserType::Id(id)) => info.user_id = Some(*id),
            Some(UserType::Named(name)) => info.name = Some(name.clone()),
        }
        info
    }

    /// The TypeDef the message carried for this value, if any.
    #[inline]
    pub(crate) fn type_def<'x>(
        &'x self,
        fory: &'x crate::resolver::Resolver,
    ) -> Option<&'x Arc<TypeDef>> {
        match (&self.def, self.local_def) {
            (Some(d), _) => Some(d),
            (None, Some(i)) => fory.registry().types.get(i).map(|e| &e.def),
            (None, None) => None,
        }
    }
}

/// A value that can be read from the Fory xlang format.
///
/// `'de` is the lifetime of the payload and of the out-of-band buffers: types such as `&'de str`
/// or `&'de [u8]` borrow from them instead of copying.
///
/// # Contract
/// [`read_data`](Deserialize::read_data) reads one body whose type info (from the wire or the
/// declaration) is `info`; it must reject type ids it cannot read with [`Error::TypeMismatch`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be deserialized by fory",
    note = "add #[derive(ForyDeserialize)] to your type, or use a supported std type"
)]
pub trait Deserialize<'de>: Sized {
    /// The reading side of [`Serialize::INLINE_FIELD`], for
    /// [`read_field`](Self::read_field): derived structs and `Vec`.
    #[doc(hidden)]
    const INLINE_FIELD: bool = false;

    /// The reading side of [`Serialize::SMALL_ROOT`].
    #[doc(hidden)]
    const SMALL_ROOT: bool = false;

    /// Reads a value body.
    fn read_data(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Self>;

    /// Reads the rest of a value after its ref/null flag. `declared` is the type info of a
    /// declared position; `None` means the type info follows on the wire.
    ///
    /// The default rejects nulls and back-references; `Option`, `Rc` and `Arc` override it.
    fn read_after_flag(
        ctx: &mut ReadContext<'_, 'de>,
        flag: RefFlag,
        declared: Option<&TypeInfo>,
    ) -> Result<Self> {
        read_unshared_after_flag(ctx, flag, declared)
    }

    /// Reads a struct field declared (by the registration, or by the peer's TypeDef) as `ty`:
    /// flag, type info and body as the declaration says. Derived enums override it to read a
    /// plain declared field as its bare ordinal, and `Vec` a plain LIST field with the
    /// declaration at hand; anything else takes the general path.
    #[doc(hidden)]
    #[inline]
    fn read_field(ctx: &mut ReadContext<'_, 'de>, ty: &Arc<FieldType>) -> Result<Self> {
        field::read_field_general(ctx, ty)
    }

    /// Reads the shared element type info of a list of `Self` when it is one this type
    /// recognizes without the general reader (a derived struct's own TypeDef, next in the
    /// message); `None` (the default) leaves the input untouched for the general reader.
    #[doc(hidden)]
    #[inline]
    fn own_type_info(ctx: &mut ReadContext<'_, 'de>) -> Option<TypeInfo> {
        let _ = ctx;
        None
    }

    /// Reads the elements of a LIST/SET body into a `Vec<Self>`, given the list's declaration
    /// (if any); derived structs override this to resolve the element type once per list.
    #[doc(hidden)]
    fn read_list_body(
        ctx: &mut ReadContext<'_, 'de>,
        declared: Option<&FieldType>,
    ) -> Result<Vec<Self>> {
        crate::impls::list::read_elements(ctx, declared, Vec::with_capacity, Vec::push)
    }

    /// Reads the body of a `Vec<Self>`; scalar types override this to read dense arrays.
    #[doc(hidden)]
    fn read_vec(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Vec<Self>> {
        crate::impls::list::read_list(ctx, info)
    }

    /// The value to use when a compatible-mode message lacks this field and no default path is
    /// given. `None` means the field is required.
    fn missing() -> Option<Self> {
        None
    }
}

/// The default [`Deserialize::read_after_flag`]: nulls and back-references are errors.
#[doc(hidden)]
pub fn read_unshared_after_flag<'de, T: Deserialize<'de>>(
    ctx: &mut ReadContext<'_, 'de>,
    flag: RefFlag,
    declared: Option<&TypeInfo>,
) -> Result<T> {
    match flag {
        RefFlag::Null { at } => Err(unshared_flag_error(at, None, std::any::type_name::<T>())),
        RefFlag::Ref { at, id } => ctx.read_binary_back_ref(id).unwrap_or_else(|| {
            Err(unshared_flag_error(
                at,
                Some(id),
                std::any::type_name::<T>(),
            ))
        }),
        RefFlag::Value { slot } => match declared {
            Some(info) => ctx.read_tracked_unshared(slot, info),
            None => {
                let info = ctx.read_type_info()?;
                ctx.read_tracked_unshared(slot, &info)
            }
        },
        RefFlag::NotNull => read_typed_body(ctx, declared),
    }
}

/// The error for a flag a type without identity cannot take: a null, or a back-reference
/// (that is not to a buffer object or temporal body it can read again).
#[cold]
#[inline(never)]
pub(crate) fn unshared_flag_error(
    at: usize,
    back_ref: Option<u32>,
    expected: &'static str,
) -> Error {
    match back_ref {
        Some(id) => Error::invalid(
            at,
            format!(
                "back-reference to object {id} cannot be read into non-shared {expected}; use Rc/Arc or fory::Value"
            ),
        ),
        None => Error::UnexpectedNull { at, expected },
    }
}

/// Reads type info (if not declared) and the body.
#[inline]
pub fn read_typed_body<'de, T: Deserialize<'de>>(
    ctx: &mut ReadContext<'_, 'de>,
    declared: Option<&TypeInfo>,
) -> Result<T> {
    match declared {
        Some(info) => T::read_data(ctx, info),
        None => {
            let info = ctx.read_type_info()?;
            T::read_data(ctx, &info)
        }
    }
}
