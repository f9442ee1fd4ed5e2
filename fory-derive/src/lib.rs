//! Derive macros for `fory` (placeholder).
use proc_macro::TokenStream;

#[proc_macro_derive(ForySerialize, attributes(fory))]
pub fn derive_serialize(_input: TokenStream) -> TokenStream {
    TokenStream::new()
}

#[proc_macro_derive(ForyDeserialize, attributes(fory))]
pub fn derive_deserialize(_input: TokenStream) -> TokenStream {
    TokenStream::new()
}
