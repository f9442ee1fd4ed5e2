//! `#[derive(ForyDeserialize)]`: `StructRead` and `Deserialize` (and `Registered` for
//! `deserialize_only` types), by shape: structs (`structs`), unit-only enums (`enums`), enums
//! with data (`crate::union`), newtypes (`crate::transparent`).

mod enums;
mod structs;

use crate::bound;
use crate::internals::ast::{Container, Data};
use crate::internals::{Ctxt, Derive};
use crate::registered;
use proc_macro2::TokenStream;
use quote::quote;

/// What the `Deserialize` impl of every shape shares: the names of the runtime and of the
/// type, and the impl's generics (with the `'de` lifetime and the bounds reading needs).
pub(crate) struct Shape<'a> {
    pub krate: TokenStream,
    pub p: TokenStream,
    pub ident: &'a syn::Ident,
    pub rust_name: String,
    pub impl_generics: TokenStream,
    pub ty_generics: TokenStream,
    pub where_clause: TokenStream,
}

/// Expands `#[derive(ForyDeserialize)]`, or returns every error found in the input.
pub fn expand_derive_deserialize(input: &syn::DeriveInput) -> syn::Result<TokenStream> {
    let cx = Ctxt::new();
    let cont = Container::from_ast(&cx, input, Derive::Deserialize);
    cx.check()?;
    let cont = cont.expect("no errors, so a container");

    let krate = &cont.attrs.krate;
    let p = quote!(#krate::__private);
    let ident = cont.ident;
    let rust_name = ident.to_string();
    // `Serialize` too: `Registered` (a supertrait of `StructRead`) describes the fields by
    // their `Serialize::field_type`.
    let generics = bound::with_de_lifetime(
        cont.generics,
        &[
            syn::parse_quote!(#krate::Serialize),
            syn::parse_quote!(#krate::Deserialize<'de>),
        ],
    );
    let generics = bound::with_default_bounds(generics, &cont, &syn::parse_quote!(#p::Default));
    let generics = bound::with_borrow_bounds(
        generics,
        &cont,
        &syn::parse_quote!(#krate::Deserialize<'de>),
    );
    let (impl_generics, _, where_clause) = generics.split_for_impl();
    let (_, ty_generics, _) = cont.generics.split_for_impl();

    let registered = if cont.attrs.deserialize_only.is_some() {
        registered::expand(&cont)
    } else {
        TokenStream::new()
    };

    if cont.attrs.transparent.is_some() {
        return Ok(crate::transparent::expand_deserialize(
            &cont,
            &impl_generics,
            &ty_generics,
            where_clause,
        ));
    }

    if let (Some(_), Data::Union(variants)) = (&cont.attrs.untagged, &cont.data) {
        return Ok(crate::union::untagged::expand_deserialize(
            &cont,
            variants,
            &impl_generics,
            &ty_generics,
            where_clause,
        ));
    }

    let shape = Shape {
        krate: quote!(#krate),
        p: p.clone(),
        ident,
        rust_name,
        impl_generics: quote!(#impl_generics),
        ty_generics: quote!(#ty_generics),
        where_clause: quote!(#where_clause),
    };
    let body = match &cont.data {
        Data::Union(variants) => {
            crate::union::de::expand(&cont, variants, &impl_generics, &ty_generics, where_clause)
        }
        Data::Struct(fields) => structs::expand(&shape, fields, cont.attrs.small_code.is_none()),
        Data::Enum(variants) => enums::expand(&shape, variants),
    };

    Ok(quote! {
        const _: () = {
            #registered
            #body
        };
    })
}
