//! The `Serialize` impl of a unit-only enum: ENUM, its ordinal (a plain declared field is the
//! bare ordinal).

use super::Shape;
use proc_macro2::TokenStream;
use quote::quote;

/// The impl of a unit-only enum with `variants`.
pub(super) fn expand(shape: &Shape, variants: &[&syn::Ident]) -> TokenStream {
    let Shape {
        krate,
        p,
        ident,
        impl_generics,
        ty_generics,
        where_clause,
        common,
        ..
    } = shape;
    // pyfory declares enum fields as ENUM whether the enum is registered by name or id.
    let field_type = shape.leaf(quote!(#p::types::ENUM));
    let ordinal = if variants.is_empty() {
        quote!(match *self {})
    } else {
        let arms = variants.iter().enumerate().map(|(i, v)| {
            let i = i as u32;
            quote!(Self::#v => #i,)
        });
        quote!(match self { #(#arms)* })
    };
    quote! {
        #[automatically_derived]
        impl #impl_generics #krate::Serialize for #ident #ty_generics #where_clause {
            // pyfory never ref-tracks enum values.
            const TRACKED: ::core::primitive::bool = false;
            const UNIT_ENUM: ::core::primitive::bool = true;
            #field_type
            #common

            #[inline(always)]
            fn unit_enum_ordinal(&self) -> ::core::primitive::u32 {
                #ordinal
            }

            #[inline]
            fn write_data<'__v>(
                &'__v self,
                __ctx: &mut #krate::WriteContext<'_, '__v>,
            ) -> #krate::Result<()> {
                let __ordinal: ::core::primitive::u32 = #ordinal;
                #p::write_enum(__ctx, __ordinal);
                #p::StdResult::Ok(())
            }

            // A plain declared field is the bare ordinal (no flag, no type info).
            #[inline(always)]
            fn write_field<'__v>(
                &'__v self,
                __ctx: &mut #krate::WriteContext<'_, '__v>,
                __ty: &#p::FieldType,
            ) -> #krate::Result<()> {
                if __ty.type_id != #p::types::ENUM || __ty.nullable || __ty.track_ref {
                    return #p::write_field_outlined(self, __ctx, __ty);
                }
                let __ordinal: ::core::primitive::u32 = #ordinal;
                #p::write_enum(__ctx, __ordinal);
                #p::StdResult::Ok(())
            }
        }
    }
}
