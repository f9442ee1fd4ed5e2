//! The `Deserialize` impl of a unit-only enum: its ordinal, checked against the variants.

use super::Shape;
use proc_macro2::TokenStream;
use quote::quote;

/// The impl of a unit-only enum with `variants`.
pub(super) fn expand(shape: &Shape, variants: &[&syn::Ident]) -> TokenStream {
    let Shape {
        krate,
        p,
        ident,
        rust_name,
        impl_generics,
        ty_generics,
        where_clause,
    } = shape;
    let arms: Vec<_> = variants
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let i = i as u32;
            quote!(#i => #p::StdResult::Ok(Self::#v),)
        })
        .collect();
    quote! {
        #[automatically_derived]
        impl #impl_generics #krate::Deserialize<'de> for #ident #ty_generics #where_clause {
            #[inline]
            fn read_data(
                __ctx: &mut #krate::ReadContext<'_, 'de>,
                __info: &#krate::TypeInfo,
            ) -> #krate::Result<Self> {
                let __at = __ctx.pos();
                match #p::read_enum::<Self>(__ctx, __info)? {
                    #(#arms)*
                    // `read_enum` checked the ordinal against the registered count.
                    _ => #p::StdResult::Err(#krate::Error::OutOfRange {
                        at: __at,
                        target: #rust_name,
                    }),
                }
            }

            // A plain declared field (pyfory declares every enum field ENUM, with no
            // flag and no type info) is the bare ordinal: read it here, checked
            // against the variants, without the type-info and registry checks.
            #[inline(always)]
            fn read_field(
                __ctx: &mut #krate::ReadContext<'_, 'de>,
                __ty: &#p::Arc<#p::FieldType>,
            ) -> #krate::Result<Self> {
                if __ty.type_id != #p::types::ENUM || __ty.nullable || __ty.track_ref {
                    return #p::read_field_outlined(__ctx, __ty);
                }
                let __at = __ctx.pos();
                match __ctx.reader().varuint32()? {
                    #(#arms)*
                    _ => #p::StdResult::Err(#krate::Error::OutOfRange {
                        at: __at,
                        target: #rust_name,
                    }),
                }
            }
        }
    }
}
