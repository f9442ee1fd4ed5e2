//! `Deserialize` for a union: the type info checked against the registration, then the case
//! id decides the variant; an unknown case id goes to the `other` variant or is an error.

use super::bind;
use crate::internals::ast::{Container, Variant, VariantStyle};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

/// The `Deserialize` impl of a union, with the derive's generics (`'de` added).
pub fn expand(
    cont: &Container,
    variants: &[Variant],
    impl_generics: &syn::ImplGenerics,
    ty_generics: &syn::TypeGenerics,
    where_clause: Option<&syn::WhereClause>,
) -> TokenStream {
    let krate = &cont.attrs.krate;
    let p = quote!(#krate::__private);
    let ident = cont.ident;

    let mut other = None;
    let mut arms = Vec::new();
    for v in variants {
        let ctor = bind(v);
        let case = v.case_id;
        match &v.style {
            VariantStyle::Unit => arms.push(quote! {
                #case => {
                    #p::read_union_unit(__ctx)?;
                    #p::StdResult::Ok(#ctor)
                }
            }),
            // The case type's own reader if it has one (a derived struct; see `UnionCaseOf`),
            // else the general one; either builds the union in place (`|__v| #ctor`).
            VariantStyle::Payload { ty, .. } => {
                let read = quote_spanned!(ty.span()=>
                    (&&#p::UnionCaseOf::<#ty>::NEW).read_case(__ctx, |__v| #ctor)
                );
                arms.push(quote! {
                    #case => {
                        #[allow(unused_imports)]
                        use #p::{ReadAnyCase as _, ReadStructCase as _};
                        #read
                    }
                });
            }
            VariantStyle::Other { .. } => {
                other = Some(quote! {
                    __c => {
                        let __v = #p::read_union_value(__ctx)?;
                        #p::StdResult::Ok(#ctor)
                    }
                });
            }
        }
    }
    let fallback = other.unwrap_or_else(|| {
        quote! {
            __c => #p::StdResult::Err(#p::unknown_union_case::<Self>(__at, __c)),
        }
    });
    quote! {
        #[automatically_derived]
        impl #impl_generics #krate::Deserialize<'de> for #ident #ty_generics #where_clause {
            // A field of a union is a call of `read_data` (see `read_field`), in line in the
            // struct that holds it.
            const INLINE_FIELD: ::core::primitive::bool = true;

            #[inline]
            fn read_data(
                __ctx: &mut #krate::ReadContext<'_, 'de>,
                __info: &#krate::TypeInfo,
            ) -> #krate::Result<Self> {
                let (__case, __at) = #p::read_union_case::<Self>(__ctx, __info)?;
                let _ = __at;
                match __case {
                    #(#arms)*
                    #fallback
                }
            }

            #[inline]
            fn read_after_flag(
                __ctx: &mut #krate::ReadContext<'_, 'de>,
                __flag: #krate::RefFlag,
                __declared: #p::Option<&#krate::TypeInfo>,
            ) -> #krate::Result<Self> {
                #p::read_union_after_flag(__ctx, __flag, __declared)
            }

            #[inline]
            fn read_field(
                __ctx: &mut #krate::ReadContext<'_, 'de>,
                __ty: &#p::Arc<#p::FieldType>,
            ) -> #krate::Result<Self> {
                #p::read_union_field(__ctx, __ty)
            }
        }
    }
}
