//! `Option` (nullable), `Box` and `&T` (transparent), `Rc` and `Arc` (shared, ref-tracked).

use std::rc::Rc;
use std::sync::Arc;

use crate::context::{ReadContext, RefFlag, WriteContext};
use crate::error::{Error, Result};
use crate::serializer::{read_typed_body, Deserialize, Serialize, TypeInfo};
use crate::type_def::FieldType;
use crate::types;

impl<T: Serialize> Serialize for Option<T> {
    const TRACKED: bool = T::TRACKED;
    fn field_type() -> FieldType {
        FieldType {
            nullable: true,
            ..T::field_type()
        }
    }
    fn type_id(&self, ctx: &WriteContext<'_, '_>) -> u32 {
        self.as_ref().map_or(types::NONE, |v| v.type_id(ctx))
    }
    fn tracked(&self) -> bool {
        self.as_ref().is_some_and(|v| v.tracked())
    }
    fn write_type_info(&self, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
        match self {
            Some(v) => v.write_type_info(ctx),
            None => {
                ctx.writer().u8(types::NONE as u8);
                Ok(())
            }
        }
    }
    fn write_data<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>) -> Result<()> {
        match self {
            Some(v) => v.write_data(ctx),
            None => Ok(()),
        }
    }
    fn write_data_as<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>, ty: &FieldType) -> Result<()> {
        match self {
            Some(v) => v.write_data_as(ctx, ty),
            None => Ok(()),
        }
    }
    fn is_null(&self) -> bool {
        self.is_none()
    }
    fn same_type_as(&self, other: &Self) -> bool {
        match (self, other) {
            (Some(a), Some(b)) => a.same_type_as(b),
            _ => true,
        }
    }
    fn write_ref_flag(&self, ctx: &mut WriteContext<'_, '_>, track: bool) -> Result<bool> {
        match self {
            Some(v) => v.write_ref_flag(ctx, track),
            None => {
                ctx.writer().u8(crate::context::NULL_FLAG);
                Ok(false)
            }
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Option<T> {
    fn read_data(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Self> {
        if info.type_id == types::NONE {
            return Ok(None);
        }
        T::read_data(ctx, info).map(Some)
    }
    fn read_after_flag(
        ctx: &mut ReadContext<'_, 'de>,
        flag: RefFlag,
        declared: Option<&TypeInfo>,
    ) -> Result<Self> {
        match flag {
            RefFlag::Null { .. } => Ok(None),
            _ => T::read_after_flag(ctx, flag, declared).map(Some),
        }
    }
    fn missing() -> Option<Self> {
        Some(None)
    }
}

macro_rules! transparent {
    ($($ty:ty),*) => {$(
        impl<T: Serialize + ?Sized> Serialize for $ty {
            const TRACKED: bool = T::TRACKED;
            fn field_type() -> FieldType {
                T::field_type()
            }
            fn type_id(&self, ctx: &WriteContext<'_, '_>) -> u32 {
                (**self).type_id(ctx)
            }
            fn write_type_info(&self, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
                (**self).write_type_info(ctx)
            }
            #[inline]
            fn write_data<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>) -> Result<()> {
                (**self).write_data(ctx)
            }
            fn write_data_as<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>, ty: &FieldType) -> Result<()> {
                (**self).write_data_as(ctx, ty)
            }
            fn is_null(&self) -> bool {
                (**self).is_null()
            }
            fn tracked(&self) -> bool {
                (**self).tracked()
            }
            fn same_type_as(&self, other: &Self) -> bool {
                (**self).same_type_as(&**other)
            }
            fn write_ref_flag(&self, ctx: &mut WriteContext<'_, '_>, track: bool) -> Result<bool> {
                (**self).write_ref_flag(ctx, track)
            }
        }
    )*};
}
transparent!(&T, Box<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Box<T> {
    fn read_data(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Self> {
        T::read_data(ctx, info).map(Box::new)
    }
    fn read_after_flag(
        ctx: &mut ReadContext<'_, 'de>,
        flag: RefFlag,
        declared: Option<&TypeInfo>,
    ) -> Result<Self> {
        T::read_after_flag(ctx, flag, declared).map(Box::new)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Box<[T]> {
    fn read_data(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Self> {
        T::read_vec(ctx, info).map(Vec::into_boxed_slice)
    }
}

macro_rules! shared {
    ($ptr:ident) => {
        /// Shared values: with ref tracking on, the second and later occurrences of the same
        /// allocation are written as back-references and read back as clones of one pointer.
        impl<T: Serialize + ?Sized> Serialize for $ptr<T> {
            fn field_type() -> FieldType {
                T::field_type()
            }
            fn type_id(&self, ctx: &WriteContext<'_, '_>) -> u32 {
                (**self).type_id(ctx)
            }
            fn write_type_info(&self, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
                (**self).write_type_info(ctx)
            }
            fn write_data<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>) -> Result<()> {
                (**self).write_data(ctx)
            }
            fn write_data_as<'v>(
                &'v self,
                ctx: &mut WriteContext<'_, 'v>,
                ty: &FieldType,
            ) -> Result<()> {
                (**self).write_data_as(ctx, ty)
            }
            fn same_type_as(&self, other: &Self) -> bool {
                (**self).same_type_as(&**other)
            }
            fn write_ref_flag(&self, ctx: &mut WriteContext<'_, '_>, track: bool) -> Result<bool> {
                if track {
                    Ok(ctx.write_shared_ref_flag($ptr::as_ptr(self) as *const () as usize))
                } else {
                    ctx.write_plain_ref_flag(false);
                    Ok(true)
                }
            }
        }

        impl<'de, T: Deserialize<'de> + 'static> Deserialize<'de> for $ptr<T> {
            fn read_data(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Self> {
                T::read_data(ctx, info).map($ptr::new)
            }
            fn read_after_flag(
                ctx: &mut ReadContext<'_, 'de>,
                flag: RefFlag,
                declared: Option<&TypeInfo>,
            ) -> Result<Self> {
                match flag {
                    RefFlag::Ref { at, id } => {
                        ctx.get_ref::<$ptr<T>>(id).cloned().ok_or_else(|| {
                            Error::invalid(
                                at,
                                format!(
                                    "reference {id} is not a {}",
                                    std::any::type_name::<$ptr<T>>()
                                ),
                            )
                        })
                    }
                    RefFlag::Value { slot } => {
                        let v = $ptr::new(read_typed_body::<T>(ctx, declared)?);
                        ctx.store_ref(slot, Box::new(v.clone()));
                        Ok(v)
                    }
                    RefFlag::NotNull => read_typed_body::<T>(ctx, declared).map($ptr::new),
                    RefFlag::Null { at } => Err(Error::UnexpectedNull {
                        at,
                        expected: std::any::type_name::<Self>(),
                    }),
                }
            }
        }
    };
}
shared!(Rc);
shared!(Arc);
