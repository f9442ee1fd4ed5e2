//! What a failed derive expands to besides its errors: impls with unreachable bodies, so that
//! the only errors the user sees are ours, not "trait not implemented" wherever the type is used.

use crate::internals::attr;
use crate::internals::{Ctxt, Derive};
use proc_macro2::TokenStream;
use quote::quote;

/// `error` as `compile_error!`s, plus stub impls of what `derive` would have implemented.
pub fn expand(input: &syn::DeriveInput, derive: Derive, error: syn::Error) -> TokenStream {
    let errors = error.into_compile_error();
    // The attributes were already reported; re-parse only for `crate` and `deserialize_only`.
    let cx = Ctxt::new();
    let attrs = attr::Container::from_ast(&cx, input);
    let _ = cx.check();

    let krate = &attrs.krate;
    let p = quote!(#krate::__private);
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let registered = quote! {
        #[automatically_derived]
        impl #impl_generics #p::Registered for #ident #ty_generics #where_clause {
            fn type_key() -> #p::TypeId {
                ::core::unreachable!()
            }
            fn descriptor() -> #p::TypeDescriptor {
                ::core::unreachable!()
            }
        }
    };
    let stub = match derive {
        Derive::Serialize => {
            let registered = if attrs.deserialize_only.is_none() {
                registered
            } else {
                TokenStream::new()
            };
            quote! {
                #registered
                #[automatically_derived]
                impl #impl_generics #krate::Serialize for #ident #ty_generics #where_clause {
                    fn field_type() -> #p::FieldType {
                        ::core::unreachable!()
                    }
                    fn type_id(&self, _: &#krate::WriteContext<'_, '_>) -> ::core::primitive::u32 {
                        ::core::unreachable!()
                    }
                    fn write_data<'__v>(
                        &'__v self,
                        _: &mut #krate::WriteContext<'_, '__v>,
                    ) -> #krate::Result<()> {
                        ::core::unreachable!()
                    }
                }
            }
        }
        Derive::Deserialize => {
            if input
                .generics
                .lifetimes()
                .any(|lt| lt.lifetime.ident == "de")
            {
                // The stub would clash with the user's `'de` too.
                return errors;
            }
            let registered = if attrs.deserialize_only.is_some() {
                registered
            } else {
                TokenStream::new()
            };
            let generics = crate::bound::with_de_lifetime(&input.generics, &[]);
            let (de_impl_generics, _, _) = generics.split_for_impl();
            quote! {
                #registered
                #[automatically_derived]
                impl #de_impl_generics #krate::Deserialize<'de> for #ident #ty_generics #where_clause {
                    fn read_data(
                        _: &mut #krate::ReadContext<'_, 'de>,
                        _: &#krate::TypeInfo,
                    ) -> #krate::Result<Self> {
                        ::core::unreachable!()
                    }
                }
            }
        }
    };
    quote! {
        #errors
        const _: () = {
            #stub
        };
    }
}
