//! Unit enums: the ordinal body, checked against the registered variant count.

use super::*;

/// Writes a unit enum body: the ordinal.
#[inline]
pub fn write_enum(ctx: &mut WriteContext<'_, '_>, ordinal: u32) {
    ctx.writer().varuint32(ordinal);
}

/// Reads a unit enum body (the ordinal), checking the type info when it came from the wire.
#[inline]
pub fn read_enum<T: Registered>(ctx: &mut ReadContext<'_, '_>, info: &TypeInfo) -> Result<u32> {
    let at = ctx.pos();
    let e = entry::<T>(ctx.resolver())?;
    // The common case, a declared enum field (no type info on the wire), checks nothing more.
    let declared = info.type_id == types::ENUM && info.user_id.is_none();
    let ok = declared
        || match (info.type_id, &e.ident) {
            (types::ENUM, TypeIdent::Id(id)) => info.user_id.is_none_or(|u| u == *id),
            (
                types::NAMED_ENUM,
                TypeIdent::Named {
                    namespace,
                    type_name,
                },
            ) => match (info.type_def(ctx.resolver()), &info.name) {
                (Some(d), _) => d.ident == e.ident,
                (None, Some(n)) => n.0 == *namespace && n.1 == *type_name,
                (None, None) => true,
            },
            // A declared enum field carries no type info; pyfory declares it as ENUM either way.
            (types::ENUM, TypeIdent::Named { .. }) => info.user_id.is_none(),
            _ => false,
        };
    if !ok {
        return Err(type_mismatch(at, info.type_id, e));
    }
    let ordinal = ctx.reader().varuint32()?;
    if ordinal >= e.variants {
        return Err(Error::OutOfRange {
            at,
            target: e.rust_name,
        });
    }
    Ok(ordinal)
}
