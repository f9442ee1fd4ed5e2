//! Types written through another type's wire form: the Rust types that carry a timestamp, a
//! date, a duration or a decimal (std, chrono, time, rust_decimal, bigdecimal) each convert to
//! and from one wire form ([`crate::Timestamp`], [`crate::Date`], [`crate::Duration`]),
//! which alone knows the bytes. (Decimals have their own macro in `decimal`: their wire form
//! borrows its magnitude from the payload.)

use crate::buffer::{Reader, Writer};
use crate::error::Result;

/// A wire form: one xlang type id and its body.
pub(crate) trait WireForm: Sized {
    /// The xlang type id.
    const TYPE_ID: u32;
    /// Whether pyfory writes a ref flag for it when ref tracking is on.
    const TRACKED: bool;
    /// Writes the body, refusing values the wire cannot carry.
    fn write(&self, w: &mut Writer<'_>) -> Result<()>;
    /// Reads a body, refusing malformed or out-of-range ones with their byte offset.
    fn read(r: &mut Reader<'_>) -> Result<Self>;
}

/// Implements `Serialize` and `Deserialize` for `$t` through the wire form `$wire`:
/// `$to(&self) -> Result<$wire>` and `$from(wire, at) -> Result<$t>`, `at` the body's offset.
macro_rules! via_wire_form {
    ($t:ty, $wire:ty, $to:expr, $from:expr) => {
        impl $crate::serializer::Serialize for $t {
            const TRACKED: bool = <$wire as $crate::impls::carrier::WireForm>::TRACKED;
            fn field_type() -> $crate::type_def::FieldType {
                $crate::impls::leaf(<$wire as $crate::impls::carrier::WireForm>::TYPE_ID)
            }
            fn type_id(&self, _: &$crate::context::WriteContext<'_, '_>) -> u32 {
                <$wire as $crate::impls::carrier::WireForm>::TYPE_ID
            }
            fn write_data<'v>(
                &'v self,
                ctx: &mut $crate::context::WriteContext<'_, 'v>,
            ) -> $crate::error::Result<()> {
                let wire: $crate::error::Result<$wire> = ($to)(self);
                $crate::impls::carrier::WireForm::write(&wire?, ctx.writer())
            }
        }

        impl<'de> $crate::serializer::Deserialize<'de> for $t {
            fn read_data(
                ctx: &mut $crate::context::ReadContext<'_, 'de>,
                info: &$crate::serializer::TypeInfo,
            ) -> $crate::error::Result<Self> {
                let at = ctx.pos();
                if info.type_id != <$wire as $crate::impls::carrier::WireForm>::TYPE_ID {
                    return Err($crate::impls::mismatch::<$t>(at, info.type_id));
                }
                let wire = <$wire as $crate::impls::carrier::WireForm>::read(ctx.reader())?;
                ($from)(wire, at)
            }
        }
    };
}
pub(crate) use via_wire_form;
