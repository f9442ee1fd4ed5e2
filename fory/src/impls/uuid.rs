//! `uuid::Uuid` as BINARY (feature `uuid`): its 16 bytes, which pyfory reads as `bytes`
//! (`uuid.UUID(bytes=...)` turns them back). pyfory 1.7.7 has no UUID type in xlang mode.
//! Like any BINARY body it is a buffer object (it goes out-of-band when a buffer callback
//! takes it). Reading a BINARY of another length is [`Error::Invalid`].

use uuid::Uuid;

use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};
use crate::impls::{leaf, mismatch};
use crate::serializer::{Deserialize, Serialize, TypeInfo};
use crate::type_def::FieldType;
use crate::types::BINARY;

impl Serialize for Uuid {
    fn field_type() -> FieldType {
        leaf(BINARY)
    }
    fn type_id(&self, _: &WriteContext<'_, '_>) -> u32 {
        BINARY
    }
    fn write_data<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>) -> Result<()> {
        ctx.write_buffer_object(self.as_bytes())
    }
}

impl<'de> Deserialize<'de> for Uuid {
    fn read_data(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Self> {
        let at = ctx.pos();
        if info.type_id != BINARY {
            return Err(mismatch::<Uuid>(at, info.type_id));
        }
        let bytes = ctx.read_buffer_object()?.bytes;
        Uuid::from_slice(bytes).map_err(|_| {
            Error::invalid(
                at,
                format!("a UUID is 16 bytes of BINARY, found {} bytes", bytes.len()),
            )
        })
    }
}
