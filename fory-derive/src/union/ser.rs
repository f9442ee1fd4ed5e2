//! `Serialize` for a union: the declared type is UNION (naming the registered union), the type
//! info TYPED_UNION / NAMED_UNION, and the body the case id and the case value.

use super::bind;
use crate::internals::ast::{Container, Variant, VariantStyle};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

/// The `Serialize` impl of a union. `user` is the registered identity a declaration names.
pub fn expand(cont: &Container, variants: &[Variant], user: &TokenStream) -> TokenStream {
    let krate = &cont.attrs.krate;
    let p = quote!(#krate::__private);
    let ident = cont.ident;
    let generics = crate::bound::with_bound(cont.generics, &[syn::parse_quote!(#krate::Serialize)]);
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();

    let arms = variants.iter().map(|v| {
        let pat = bind(v);
        let case = v.case_id;
        let write = match &v.style {
            VariantStyle::Unit => quote! {{
                #p::write_union_unit(__ctx, #case);
                #p::StdResult::Ok(())
            }},
            // The case type's own writer if it has one (a derived struct, a scalar, a
            // string; see `UnionCase`), else the general one.
            VariantStyle::Payload { ty, .. } => {
                let call = quote_spanned!(ty.span()=> (&&&&#p::UnionCase(__v)).write_case(__ctx, #case));
                quote! {{
                    #[allow(unused_imports)]
                    use #p::{WriteAnyCase as _, WriteScalarCase as _, WriteStrCase as _, WriteStructCase as _};
                    #call
                }}
            }
            VariantStyle::Other { .. } => quote!(#p::write_union_case(__ctx, *__c, __v)),
        };
        quote!(#pat => #write,)
    });
    quote! {
        #[automatically_derived]
        impl #impl_generics #krate::Serialize for #ident #ty_generics #where_clause {
            // A field of a union is a call of `write_data` (see `write_field`), in line in
            // the struct that holds it.
            const INLINE_FIELD: ::core::primitive::bool = true;

            fn field_type() -> #p::FieldType {
                // pyfory declares a union field UNION whether the union is registered by id
                // or by name; the registration is named for the reader.
                #p::FieldType {
                    type_id: #p::types::UNION,
                    nullable: false,
                    track_ref: false,
                    generics: #p::Vec::new(),
                    user: #user,
                }
            }

            fn type_id(&self, __ctx: &#krate::WriteContext<'_, '_>) -> ::core::primitive::u32 {
                #p::user_type_id::<Self>(__ctx)
            }

            fn write_type_info(
                &self,
                __ctx: &mut #krate::WriteContext<'_, '_>,
            ) -> #krate::Result<()> {
                #p::write_user_type_info::<Self>(__ctx)
            }

            #[inline]
            fn write_data<'__v>(
                &'__v self,
                __ctx: &mut #krate::WriteContext<'_, '__v>,
            ) -> #krate::Result<()> {
                match self {
                    #(#arms)*
                }
            }

            #[inline]
            fn write_field<'__v>(
                &'__v self,
                __ctx: &mut #krate::WriteContext<'_, '__v>,
                __ty: &#p::FieldType,
            ) -> #krate::Result<()> {
                #p::write_union_field(self, __ctx, __ty)
            }
        }
    }
}
