//! `#[derive(ForySerialize)]`: `Registered`, `StructFields` and `Serialize`, by shape: structs
//! (`structs`, with the straight-line writer in `straight`), unit-only enums (`enums`), enums
//! with data (`crate::union`), newtypes (`crate::transparent`).

mod enums;
mod straight;
mod structs;

use crate::bound;
use crate::internals::ast::{Container, Data, WireIdent};
use crate::internals::{Ctxt, Derive};
use crate::registered;
use proc_macro2::TokenStream;
use quote::quote;

/// What the `Serialize` impl of every shape shares: the names of the runtime and of the type,
/// the impl's generics, and the items common to all derived types.
pub(crate) struct Shape<'a> {
    pub cont: &'a Container<'a>,
    pub krate: TokenStream,
    pub p: TokenStream,
    pub ident: &'a syn::Ident,
    pub impl_generics: TokenStream,
    pub ty_generics: TokenStream,
    pub where_clause: TokenStream,
    /// `type_id` and `write_type_info`, through the registration.
    pub common: TokenStream,
    /// The registered identity a declaration of this type names (see `FieldType::user`).
    pub user: TokenStream,
}

impl Shape<'_> {
    /// `field_type`: a declaration of `type_id` naming this type.
    pub fn leaf(&self, type_id: TokenStream) -> TokenStream {
        let p = &self.p;
        let user = &self.user;
        quote! {
            #[inline]
            fn field_type() -> #p::FieldType {
                #p::FieldType {
                    type_id: #type_id,
                    nullable: false,
                    track_ref: false,
                    generics: #p::Vec::new(),
                    user: #user,
                }
            }
        }
    }
}

/// Expands `#[derive(ForySerialize)]`, or returns every error found in the input.
pub fn expand_derive_serialize(input: &syn::DeriveInput) -> syn::Result<TokenStream> {
    let cx = Ctxt::new();
    let cont = Container::from_ast(&cx, input, Derive::Serialize);
    cx.check()?;
    let cont = cont.expect("no errors, so a container");
    if cont.attrs.transparent.is_some() {
        return Ok(crate::transparent::expand_serialize(&cont));
    }
    if let (Some(_), Data::Union(variants)) = (&cont.attrs.untagged, &cont.data) {
        return Ok(crate::union::untagged::expand_serialize(&cont, variants));
    }

    let krate = &cont.attrs.krate;
    let p = quote!(#krate::__private);
    let ident = cont.ident;
    let generics = bound::with_bound(cont.generics, &[syn::parse_quote!(#krate::Serialize)]);
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();

    let registered = registered::expand(&cont);
    // The registered identity a declaration of this type names (see `FieldType::user`).
    let user = match &cont.wire {
        WireIdent::Named {
            namespace,
            type_name,
        } => quote! {
            #p::Option::Some(#p::UserType::Named(#p::Arc::new((
                #p::String::from(#namespace),
                #p::String::from(#type_name),
            ))))
        },
        WireIdent::Id(id) => quote!(#p::Option::Some(#p::UserType::Id(#id))),
    };
    let common = quote! {
        #[inline]
        fn type_id(&self, __ctx: &#krate::WriteContext<'_, '_>) -> ::core::primitive::u32 {
            #p::user_type_id::<Self>(__ctx)
        }

        #[inline]
        fn write_type_info(&self, __ctx: &mut #krate::WriteContext<'_, '_>) -> #krate::Result<()> {
            #p::write_user_type_info::<Self>(__ctx)
        }
    };

    let shape = Shape {
        cont: &cont,
        krate: quote!(#krate),
        p: p.clone(),
        ident,
        impl_generics: quote!(#impl_generics),
        ty_generics: quote!(#ty_generics),
        where_clause: quote!(#where_clause),
        common,
        user: user.clone(),
    };
    let body = match &cont.data {
        Data::Struct(fields) => structs::expand(&shape, fields),
        Data::Union(variants) => crate::union::ser::expand(&cont, variants, &user),
        Data::Enum(variants) => enums::expand(&shape, variants),
    };

    Ok(quote! {
        const _: () = {
            #registered
            #body
        };
    })
}
