//! Enums with data, derived as xlang unions: `ser` writes the case id and the case value,
//! `de` reads them back by case id. The shape checks live in `internals` (`ast`, `check`).

pub mod de;
pub mod ser;
pub mod untagged;

use crate::internals::ast::{Variant, VariantStyle};
use proc_macro2::TokenStream;
use quote::quote;

/// The pattern (or constructor) of `v` with its fields bound to `__v` (payload) or `__c` and
/// `__v` (the `other` variant). Brace syntax takes tuple variants too (`V { 0: __v }`).
fn bind(v: &Variant) -> TokenStream {
    let ident = v.ident;
    match &v.style {
        VariantStyle::Unit => quote!(Self::#ident),
        VariantStyle::Payload { member, .. } => quote!(Self::#ident { #member: __v }),
        VariantStyle::Other { case, value } => quote!(Self::#ident { #case: __c, #value: __v }),
    }
}
