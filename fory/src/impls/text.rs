//! Strings: `String`, `str`, `Cow<str>` and borrowed `&str`.

use std::borrow::Cow;

use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};
use crate::impls::list::write_uniform_list;
use crate::impls::{leaf, mismatch};
use crate::serializer::{Deserialize, Serialize, TypeInfo};
use crate::string::{read_str, write_str};
use crate::type_def::FieldType;
use crate::types::STRING;

macro_rules! string_like {
    ($($t:ty $(, slices: $slices:path)?);*) => {$(
        impl Serialize for $t {
            const TRACKED: bool = false;
            fn field_type() -> FieldType {
                leaf(STRING)
            }
            fn type_id(&self, _: &WriteContext<'_, '_>) -> u32 {
                STRING
            }
            // Always: a string is a few stores, and the list loop otherwise calls out for it.
            #[inline(always)]
            fn write_data<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>) -> Result<()> {
                write_str(ctx.writer(), self);
                Ok(())
            }
            $(
            // A `Vec` of strings has no nulls, no references and one element type: the
            // uniform list writer skips the general one's scans for them.
            fn write_slice<'v>(
                items: &'v [Self],
                ctx: &mut WriteContext<'_, 'v>,
                ty: Option<&FieldType>,
            ) -> Result<()> {
                $slices(items, ctx, ty, |s, ctx| write_str(ctx.writer(), s))
            }
            )?
        }
    )*};
}
// `str` is unsized: it has no slices of its own.
string_like!(str; String, slices: write_uniform_list; Cow<'_, str>, slices: write_uniform_list);

#[inline]
fn read_cow<'de>(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Cow<'de, str>> {
    if info.type_id != STRING {
        return Err(mismatch::<str>(ctx.pos(), info.type_id));
    }
    read_str(ctx.reader())
}

impl<'de> Deserialize<'de> for String {
    #[inline]
    fn read_data(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Self> {
        read_cow(ctx, info).map(Cow::into_owned)
    }
}

impl<'de> Deserialize<'de> for Cow<'de, str> {
    fn read_data(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Self> {
        read_cow(ctx, info)
    }
}

/// Borrows the string from the payload. Only UTF-8 and ASCII Latin-1 bodies can be borrowed;
/// others (UTF-16, non-ASCII Latin-1) are an error: use `String` or `Cow<str>` for those.
impl<'de> Deserialize<'de> for &'de str {
    fn read_data(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Self> {
        let at = ctx.pos();
        match read_cow(ctx, info)? {
            Cow::Borrowed(s) => Ok(s),
            Cow::Owned(_) => Err(Error::invalid(
                at,
                "string is not stored as UTF-8 and cannot be borrowed as &str; use String or Cow<str>",
            )),
        }
    }
}
