//! The `StructFields` and `Serialize` impls of a struct: the general field writer (by index,
//! in the registry's order) and the straight-line one (`straight`), and the struct entry
//! points of the runtime.

use super::Shape;
use crate::internals::ast::Field;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

/// The impls of a struct with `fields`.
pub(super) fn expand(shape: &Shape, fields: &[Field]) -> TokenStream {
    let Shape {
        cont,
        krate,
        p,
        ident,
        impl_generics,
        ty_generics,
        where_clause,
        common,
        ..
    } = shape;
    let serialized: Vec<_> = fields.iter().filter(|f| f.is_serialized()).collect();
    // Straight-line writes in the predicted wire order (used when the registry agrees).
    // None for `small_code`: the trait's default, which the registry never calls for it.
    let write_fields_static = cont.attrs.small_code.is_none().then(|| {
        let straight = super::straight::straight_writes(&serialized, p, cont.generics);
        quote! {
            #[inline]
            fn write_fields_static<'__v, const __SITE: ::core::primitive::u8>(
                &'__v self,
                __ctx: &mut #krate::WriteContext<'_, '__v>,
                __fields: &[#p::FieldDef],
                __head: #p::Head,
            ) -> #krate::Result<()> {
                #(#straight)*
                #p::StdResult::Ok(())
            }
        }
    });
    // A `small_code` struct's writer is the runtime's type-erased one; its lists take the
    // general list writer.
    let small = cont.attrs.small_code.is_some();
    let (write_body, write_declared, write_typed) = if small {
        (
            quote!(#p::write_small_body),
            quote!(#p::write_small_body),
            quote!(#p::write_small_typed),
        )
    } else {
        (
            quote!(#p::write_struct),
            quote!(#p::write_struct_declared),
            quote!(#p::write_struct_typed),
        )
    };
    let write_slice = (!small).then(|| {
        quote! {
            #[inline]
            fn write_slice<'__v>(
                __items: &'__v [Self],
                __ctx: &mut #krate::WriteContext<'_, '__v>,
                __ty: #p::Option<&#p::FieldType>,
            ) -> #krate::Result<()>
            where
                Self: ::core::marker::Sized,
            {
                #p::write_struct_slice(__items, __ctx, __ty)
            }
        }
    });
    let arms = fields
        .iter()
        .filter(|f| f.is_serialized())
        .enumerate()
        .map(|(i, f)| {
            let member = &f.member;
            let call =
                quote_spanned!(f.ty.span()=> #p::write_field_shared(&self.#member, __ctx, __ty));
            quote!(#i => #call,)
        });
    // Declared as NAMED_STRUCT / STRUCT; the registry turns them into the compatible
    // variants in compatible mode, as pyfory's declarations do.
    let field_type = shape.leaf(if cont.is_named() {
        quote!(#p::types::NAMED_STRUCT)
    } else {
        quote!(#p::types::STRUCT)
    });
    quote! {
        #[automatically_derived]
        impl #impl_generics #p::StructFields for #ident #ty_generics #where_clause {
            #[inline]
            fn write_field<'__v>(
                &'__v self,
                __index: ::core::primitive::usize,
                __ctx: &mut #krate::WriteContext<'_, '__v>,
                __ty: &#p::FieldType,
            ) -> #krate::Result<()> {
                match __index {
                    #(#arms)*
                    _ => #p::StdResult::Ok(()),
                }
            }

            #write_fields_static
        }

        #[automatically_derived]
        impl #impl_generics #krate::Serialize for #ident #ty_generics #where_clause {
            const INLINE_FIELD: ::core::primitive::bool = !#small;
            const SMALL_ROOT: ::core::primitive::bool = #small;
            #field_type
            #common

            #[inline]
            fn write_data<'__v>(
                &'__v self,
                __ctx: &mut #krate::WriteContext<'_, '__v>,
            ) -> #krate::Result<()> {
                #write_body(self, __ctx)
            }

            // A declared position without type info (a struct field of this struct
            // registered by id, a map value, schema-consistent mode).
            #[inline]
            fn write_data_as<'__v>(
                &'__v self,
                __ctx: &mut #krate::WriteContext<'_, '__v>,
                _: &#p::FieldType,
            ) -> #krate::Result<()> {
                #write_declared(self, __ctx)
            }

            #[inline]
            fn write_typed_as<'__v>(
                &'__v self,
                __ctx: &mut #krate::WriteContext<'_, '__v>,
                _: &#p::FieldType,
            ) -> #krate::Result<()> {
                #write_typed(self, __ctx)
            }

            #[inline]
            fn write_typed<'__v>(
                &'__v self,
                __ctx: &mut #krate::WriteContext<'_, '__v>,
            ) -> #krate::Result<()> {
                #write_typed(self, __ctx)
            }

            #write_slice
        }
    }
}
