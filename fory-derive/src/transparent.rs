//! `#[fory(transparent)]`: a one-field struct (a newtype such as `struct Meters(f64)`) written
//! exactly as its field, like serde's `transparent`. Every trait method forwards to the
//! field's type; the type is not registered (it has no wire identity of its own).
//!
//! `Vec<Newtype>` is a LIST of the field's type (the dense-array and BINARY forms of a
//! `Vec<f64>` or `Vec<u8>` need the elements' own slice, which a newtype does not give).

use crate::internals::ast::{Container, Data};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

/// The field of a checked transparent container.
fn field<'c>(cont: &'c Container) -> (&'c syn::Member, &'c syn::Type) {
    match &cont.data {
        Data::Struct(fields) => (&fields[0].member, fields[0].ty),
        _ => unreachable!("checked: transparent is a one-field struct"),
    }
}

/// The `Serialize` impl of a transparent struct.
pub fn expand_serialize(cont: &Container) -> TokenStream {
    let krate = &cont.attrs.krate;
    let p = quote!(#krate::__private);
    let ident = cont.ident;
    let generics = crate::bound::with_bound(cont.generics, &[syn::parse_quote!(#krate::Serialize)]);
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let (m, ty) = field(cont);
    let t = quote_spanned!(ty.span()=> <#ty as #krate::Serialize>);
    quote! {
        const _: () = {
            #[automatically_derived]
            impl #impl_generics #krate::Serialize for #ident #ty_generics #where_clause {
                const TRACKED: ::core::primitive::bool = #t::TRACKED;
                const UNIT_ENUM: ::core::primitive::bool = #t::UNIT_ENUM;

                #[inline(always)]
                fn unit_enum_ordinal(&self) -> ::core::primitive::u32 {
                    #t::unit_enum_ordinal(&self.#m)
                }
                #[inline]
                fn same_type_as(&self, __other: &Self) -> ::core::primitive::bool {
                    #t::same_type_as(&self.#m, &__other.#m)
                }
                #[inline]
                fn tracked(&self) -> ::core::primitive::bool {
                    #t::tracked(&self.#m)
                }
                #[inline]
                fn field_type() -> #p::FieldType {
                    #t::field_type()
                }
                #[inline]
                fn type_id(&self, __ctx: &#krate::WriteContext<'_, '_>) -> ::core::primitive::u32 {
                    #t::type_id(&self.#m, __ctx)
                }
                #[inline]
                fn write_type_info(
                    &self,
                    __ctx: &mut #krate::WriteContext<'_, '_>,
                ) -> #krate::Result<()> {
                    #t::write_type_info(&self.#m, __ctx)
                }
                #[inline]
                fn write_data<'__v>(
                    &'__v self,
                    __ctx: &mut #krate::WriteContext<'_, '__v>,
                ) -> #krate::Result<()> {
                    #t::write_data(&self.#m, __ctx)
                }
                #[inline]
                fn write_typed<'__v>(
                    &'__v self,
                    __ctx: &mut #krate::WriteContext<'_, '__v>,
                ) -> #krate::Result<()> {
                    #t::write_typed(&self.#m, __ctx)
                }
                #[inline]
                fn write_typed_as<'__v>(
                    &'__v self,
                    __ctx: &mut #krate::WriteContext<'_, '__v>,
                    __ty: &#p::FieldType,
                ) -> #krate::Result<()> {
                    #t::write_typed_as(&self.#m, __ctx, __ty)
                }
                #[inline]
                fn write_data_as<'__v>(
                    &'__v self,
                    __ctx: &mut #krate::WriteContext<'_, '__v>,
                    __ty: &#p::FieldType,
                ) -> #krate::Result<()> {
                    #t::write_data_as(&self.#m, __ctx, __ty)
                }
                #[inline(always)]
                fn write_field<'__v>(
                    &'__v self,
                    __ctx: &mut #krate::WriteContext<'_, '__v>,
                    __ty: &#p::FieldType,
                ) -> #krate::Result<()> {
                    #t::write_field(&self.#m, __ctx, __ty)
                }
                #[inline]
                fn is_null(&self) -> ::core::primitive::bool {
                    #t::is_null(&self.#m)
                }
                #[inline]
                fn write_ref_flag(
                    &self,
                    __ctx: &mut #krate::WriteContext<'_, '_>,
                    __track: ::core::primitive::bool,
                ) -> #krate::Result<::core::primitive::bool> {
                    #t::write_ref_flag(&self.#m, __ctx, __track)
                }
            }
        };
    }
}

/// The `Deserialize` impl of a transparent struct, with the derive's generics (`'de` added).
pub fn expand_deserialize(
    cont: &Container,
    impl_generics: &syn::ImplGenerics,
    ty_generics: &syn::TypeGenerics,
    where_clause: Option<&syn::WhereClause>,
) -> TokenStream {
    let krate = &cont.attrs.krate;
    let p = quote!(#krate::__private);
    let ident = cont.ident;
    let (m, ty) = field(cont);
    let t = quote_spanned!(ty.span()=> <#ty as #krate::Deserialize<'de>>);
    quote! {
        const _: () = {
            #[automatically_derived]
            impl #impl_generics #krate::Deserialize<'de> for #ident #ty_generics #where_clause {
                #[inline]
                fn read_data(
                    __ctx: &mut #krate::ReadContext<'_, 'de>,
                    __info: &#krate::TypeInfo,
                ) -> #krate::Result<Self> {
                    #p::StdResult::Ok(Self { #m: #t::read_data(__ctx, __info)? })
                }
                #[inline]
                fn read_after_flag(
                    __ctx: &mut #krate::ReadContext<'_, 'de>,
                    __flag: #krate::RefFlag,
                    __declared: #p::Option<&#krate::TypeInfo>,
                ) -> #krate::Result<Self> {
                    #p::StdResult::Ok(Self { #m: #t::read_after_flag(__ctx, __flag, __declared)? })
                }
                #[inline]
                fn read_field(
                    __ctx: &mut #krate::ReadContext<'_, 'de>,
                    __ty: &#p::Arc<#p::FieldType>,
                ) -> #krate::Result<Self> {
                    #p::StdResult::Ok(Self { #m: #t::read_field(__ctx, __ty)? })
                }
                #[inline]
                fn missing() -> #p::Option<Self> {
                    #t::missing().map(|__v| Self { #m: __v })
                }
            }
        };
    }
}
