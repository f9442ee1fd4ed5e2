//! Generics of the generated impls: trait bounds on type parameters and the `'de` lifetime.

use crate::internals::ast::{Container, Data};
use proc_macro2::{TokenStream, TokenTree};
use std::collections::HashSet;
use syn::parse_quote;

/// The type's generics with `bounds` added to every type parameter.
pub fn with_bound(generics: &syn::Generics, bounds: &[syn::TypeParamBound]) -> syn::Generics {
    let mut generics = generics.clone();
    for param in generics.type_params_mut() {
        param.bounds.extend(bounds.iter().cloned());
    }
    generics
}

/// The impl generics of the read side: `'de` first, outliving every lifetime of the type
/// (its borrowed fields point into the payload), then the type's own parameters, each bounded
/// by `bounds`.
pub fn with_de_lifetime(generics: &syn::Generics, bounds: &[syn::TypeParamBound]) -> syn::Generics {
    let mut generics = with_bound(generics, bounds);
    let mut de: syn::LifetimeParam = parse_quote!('de);
    de.bounds = generics.lifetimes().map(|lt| lt.lifetime.clone()).collect();
    generics.params.insert(0, syn::GenericParam::Lifetime(de));
    generics
}

/// Adds `FieldTy: Default` for every field that falls back to `Default` when absent and whose
/// type mentions a type parameter (concrete types are checked where they are used).
pub fn with_default_bounds(
    mut generics: syn::Generics,
    cont: &Container,
    default: &syn::Path,
) -> syn::Generics {
    let params: HashSet<String> = cont
        .generics
        .type_params()
        .map(|p| p.ident.to_string())
        .collect();
    if params.is_empty() {
        return generics;
    }
    if let Data::Struct(fields) = &cont.data {
        let preds: Vec<syn::WherePredicate> = fields
            .iter()
            .filter(|f| f.attrs.default.is_none())
            .filter(|f| mentions(f.ty, &params))
            .map(|f| {
                let ty = f.ty;
                parse_quote!(#ty: #default)
            })
            .collect();
        generics.make_where_clause().predicates.extend(preds);
    }
    generics
}

/// Adds `FieldTy: Deserialize<'de>` for every read field whose type mentions a lifetime of
/// the type. `'de: 'a` alone does not give it: a runtime impl written for `&'de [T]` (rather
/// than serde's `&'a [T] where 'de: 'a`) only exists when `'a` is `'de`, and this bound lets
/// the caller's region inference choose exactly that.
pub fn with_borrow_bounds(
    mut generics: syn::Generics,
    cont: &Container,
    deserialize: &syn::Path,
) -> syn::Generics {
    let lifetimes: HashSet<String> = cont
        .generics
        .lifetimes()
        .map(|lt| lt.lifetime.ident.to_string())
        .collect();
    if lifetimes.is_empty() {
        return generics;
    }
    if let Data::Struct(fields) = &cont.data {
        let preds: Vec<syn::WherePredicate> = fields
            .iter()
            .filter(|f| f.is_serialized() && mentions_lifetime(f.ty, &lifetimes))
            .map(|f| {
                let ty = f.ty;
                parse_quote!(#ty: #deserialize)
            })
            .collect();
        generics.make_where_clause().predicates.extend(preds);
    }
    generics
}

fn mentions(ty: &syn::Type, params: &HashSet<String>) -> bool {
    fn walk(ts: TokenStream, params: &HashSet<String>) -> bool {
        ts.into_iter().any(|tt| match tt {
            TokenTree::Ident(i) => params.contains(&i.to_string()),
            TokenTree::Group(g) => walk(g.stream(), params),
            _ => false,
        })
    }
    walk(quote::ToTokens::to_token_stream(ty), params)
}

fn mentions_lifetime(ty: &syn::Type, lifetimes: &HashSet<String>) -> bool {
    fn walk(ts: TokenStream, lifetimes: &HashSet<String>) -> bool {
        let mut after_quote = false;
        for tt in ts {
            let hit = match &tt {
                TokenTree::Ident(i) => after_quote && lifetimes.contains(&i.to_string()),
                TokenTree::Group(g) => walk(g.stream(), lifetimes),
                _ => false,
            };
            if hit {
                return true;
            }
            after_quote = matches!(&tt, TokenTree::Punct(p) if p.as_char() == '\'');
        }
        false
    }
    walk(quote::ToTokens::to_token_stream(ty), lifetimes)
}
