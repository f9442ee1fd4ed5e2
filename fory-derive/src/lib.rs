//! Derive macros for [`fory`](https://docs.rs/fory): `#[derive(ForySerialize, ForyDeserialize)]`
//! for structs (named, tuple and unit), unit-only enums (xlang ENUM) and enums with data
//! (xlang unions).
//!
//! Use them through the `fory` crate, which re-exports both; the generated code names the
//! runtime as `::fory` (or the path given by `#[fory(crate = "...")]`).

mod bound;
mod de;
mod fallback;
mod internals;
mod order;
mod registered;
mod ser;
mod transparent;
mod union;

use internals::Derive;
use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// `expr?` for generated code, as a plain `match`: the same behaviour (the error types are the
/// same, so there is no conversion), without the `Try` and `From` calls that `?` expands to,
/// which every derived struct would otherwise give the compiler to inline away, once per field
/// (serde_derive's `tri!` does the same).
pub(crate) fn tri(expr: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    quote::quote! {
        match #expr {
            ::core::result::Result::Ok(__ok) => __ok,
            ::core::result::Result::Err(__err) => return ::core::result::Result::Err(__err),
        }
    }
}

/// Derives `fory::Serialize` (and the type's registration, `fory::Registered`).
///
/// ```
/// use fory::{Fory, ForyDeserialize, ForySerialize};
///
/// #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
/// #[fory(name = "demo.Point")]
/// struct Point {
///     x: i32,
///     #[fory(rename = "myField", encoding = "fixed")]
///     my_field: i64,
///     #[fory(skip)]
///     cache: Vec<u8>,
/// }
///
/// #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
/// #[fory(id = 7)]
/// enum Color {
///     #[default]
///     Red,
///     Green,
/// }
///
/// let mut fory = Fory::builder().build();
/// fory.register::<Point>().unwrap();
/// fory.register::<Color>().unwrap();
/// let p = Point { x: 1, my_field: 2, cache: vec![9] };
/// let back: Point = fory.deserialize(&fory.serialize(&p).unwrap()).unwrap();
/// assert_eq!(back, Point { cache: vec![], ..p });
/// ```
///
/// # What can be derived
/// * Structs with named fields, unit structs (no fields) and tuple structs, whose fields are
///   named `0`, `1`, … on the wire (as Apache Fory's Rust derive names them). Rust `union`s
///   are rejected.
/// * Unit-only enums: an xlang ENUM, written as their ordinal (declaration index, not the
///   discriminant), pyfory's `enum.Enum`.
/// * Enums with data: an xlang union (TYPED_UNION by `id`, NAMED_UNION by `name`, UNION as a
///   field). Each variant is a unit variant or holds one value (`V(T)`, `V { x: T }`); a
///   variant with more fields is rejected (hold a derived struct instead). The case id is the
///   variant's position among the cases, or `#[fory(id = N)]` on the variant; one variant
///   `#[fory(other)] V(u32, fory::Value)` keeps unknown cases (else they are
///   `Error::UnknownUnionCase`).
///
/// ```
/// use fory::{Fory, ForyDeserialize, ForySerialize, Value};
///
/// #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
/// #[fory(id = 1)]
/// struct Rect(i32, i32);
///
/// #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq)]
/// #[fory(name = "demo.Shape")]
/// enum Shape {
///     Circle(f64),
///     Rect(Rect),
///     Empty,
///     #[fory(other)]
///     Unknown(u32, Value),
/// }
///
/// let mut fory = Fory::builder().build();
/// fory.register::<Rect>().unwrap();
/// fory.register::<Shape>().unwrap();
/// let shapes = vec![Shape::Circle(1.5), Shape::Rect(Rect(3, 4)), Shape::Empty];
/// let back: Vec<Shape> = fory.deserialize(&fory.serialize(&shapes).unwrap()).unwrap();
/// assert_eq!(back, shapes);
/// ```
/// * Lifetimes and type parameters are allowed; each type parameter gets a
///   `fory::Serialize` bound. A generic type has one wire name, so a `Fory` registers one
///   instantiation of it.
///
/// # Container attributes
/// * `#[fory(name = "ns.Type")]`: registered by name; the namespace is everything before the
///   **last** dot (`"Type"` alone has the empty namespace).
/// * `#[fory(id = N)]`: registered by numeric id (`u32`). `name` and `id` are exclusive.
///   Without either, the type is registered by its Rust name in the empty namespace (what
///   pyfory's `f.register_type(T)` without arguments does for a class of the same name).
/// * `#[fory(crate = "path")]`: the path of the `fory` crate, if it is renamed or re-exported.
/// * `#[fory(deserialize_only)]`: see [`ForyDeserialize`]; rejected here.
/// * `#[fory(transparent)]`: a one-field struct is written exactly as its field (serde's
///   `transparent`), and not registered.
/// * `#[fory(untagged)]`: an enum whose variants each hold one value is written as that value
///   with its type info and no case id, pyfory's `typing.Union[...]` field; not registered.
/// * `#[fory(small_code)]`: a struct without straight-line code of its own: it keeps only its
///   field table, and is written and read by one type-erased path that all such structs share
///   (type info, read plan, field loop, the root's context), so it compiles to far less code,
///   run 2–4 times more slowly. The bytes are the same. For types that are many and rarely
///   serialized (configuration, RPC envelopes); see the README for the numbers.
///
/// # Variant attributes (enums with data)
/// * `id = N`: the case id.
/// * `other`: the catch-all `V(u32, fory::Value)` for case ids the enum lacks.
///
/// # Field attributes
/// * `rename = "wireName"`: the field's name on the wire (default: the Rust name, without
///   `r#`). pyfory writes raw attribute names, so a Python `myField` needs this.
/// * `id = N`: identify the field by tag id instead of name (pyfory's `pyfory.field(id=N)`);
///   `0..=2^29-1`. Exclusive with `rename`.
/// * `skip`: neither written nor read; filled with `Default::default()` (or `default`).
///   Takes no other attribute but `default`.
/// * `default = "path"`: a function `fn() -> FieldTy` for when a message lacks the field
///   (schema evolution) or the field is skipped. Without it, `Default::default()` is used,
///   so field types must implement `Default` unless they have `default`. Reading a message
///   written with another schema starts every field from this value, so it should be cheap
///   and free of side effects.
/// * `nullable`: a null flag precedes the value (implied by `Option<T>`).
/// * `ref`: a ref flag precedes the value, so a shared `Rc`/`Arc` is written once when ref
///   tracking is on (pyfory's `pyfory.field(ref=True)`). The keyword is accepted as written.
/// * `encoding = "varint" | "fixed" | "tagged"`: the integer encoding of an `i32`, `i64`,
///   `u32` or `u64` field (`tagged`: 64-bit only). Rejected at compile time on types that are
///   obviously not such integers; through a type alias, registration panics instead.
/// * `list`: a numeric `Vec` as a LIST of scalars (pyfory `List[int]`) instead of a dense array.
/// * `out_of_band`: the field is a BINARY buffer object that may travel out-of-band. The
///   type must be a contiguous slice of `bytemuck::Pod` elements (`Vec<T>`, `Box<[T]>`,
///   `&[T]`, `Cow<[T]>`, `bytes::Bytes`, or an `Option` of one); anything else is a compile
///   error at the field. Exclusive with `list` and `encoding`.
///
/// Unknown or repeated keys are errors, each reported at its key.
#[proc_macro_derive(ForySerialize, attributes(fory))]
pub fn derive_serialize(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    ser::expand_derive_serialize(&input)
        .unwrap_or_else(|err| fallback::expand(&input, Derive::Serialize, err))
        .into()
}

/// Derives `fory::Deserialize`. Takes the same attributes as [`ForySerialize`].
///
/// # Borrowing
/// The impl is `impl<'de: 'a, 'a> Deserialize<'de> for T<'a>`: every lifetime of the type is
/// outlived by the payload's, so fields such as `&'a [u8]`, `&'a str` or `Cow<'a, str>` borrow
/// from the input (and from out-of-band buffers). A type parameter `T` gets
/// `T: Serialize + Deserialize<'de>` (the registration describes fields through `Serialize`),
/// and a field of a generic type that falls back to `Default` gets `FieldTy: Default`.
/// A lifetime parameter named `'de` is rejected.
///
/// # Registration
/// Exactly one of the derives must implement `fory::Registered`. A derive cannot see whether
/// another derive in the same `#[derive(...)]` list is applied, so the rule is explicit:
/// `ForySerialize` implements it; a type that derives **only** `ForyDeserialize` says so with
/// `#[fory(deserialize_only)]`, and then this derive implements it:
///
/// ```
/// use fory::ForyDeserialize;
///
/// #[derive(ForyDeserialize, Debug)]
/// #[fory(name = "demo.View", deserialize_only)]
/// struct View<'a> {
///     data: &'a [u8],
/// }
/// ```
#[proc_macro_derive(ForyDeserialize, attributes(fory))]
pub fn derive_deserialize(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    de::expand_derive_deserialize(&input)
        .unwrap_or_else(|err| fallback::expand(&input, Derive::Deserialize, err))
        .into()
}
