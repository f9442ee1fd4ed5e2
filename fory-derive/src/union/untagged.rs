//! `#[fory(untagged)]`: an enum written as its variant's value with that value's type info and
//! no case id, which is how pyfory 1.7.7 writes a `typing.Union[int, str, Rect]` (or
//! `Optional[Union[...]]`) dataclass field: declared UNKNOWN, the value as in an `Any` field.
//! Reading picks the first variant whose type accepts the type info on the wire
//! (`fory::__private::accepts`). Not registered: it has no wire identity of its own.

use super::bind;
use crate::internals::ast::{Container, Variant, VariantStyle};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

fn payload<'v>(v: &'v Variant) -> &'v syn::Type {
    match &v.style {
        VariantStyle::Payload { ty, .. } => ty,
        _ => unreachable!("checked: every untagged variant holds one value"),
    }
}

/// The `Serialize` impl of an untagged enum: each method forwards to the variant's value.
pub fn expand_serialize(cont: &Container, variants: &[Variant]) -> TokenStream {
    let krate = &cont.attrs.krate;
    let p = quote!(#krate::__private);
    let ident = cont.ident;
    let generics = crate::bound::with_bound(cont.generics, &[syn::parse_quote!(#krate::Serialize)]);
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let each = |call: TokenStream| {
        let arms = variants.iter().map(|v| {
            let pat = bind(v);
            let ty = payload(v);
            let t = quote_spanned!(ty.span()=> <#ty as #krate::Serialize>);
            quote!(#pat => #t::#call,)
        });
        quote!(match self { #(#arms)* })
    };
    let tracked = each(quote!(tracked(__v)));
    let type_id = each(quote!(type_id(__v, __ctx)));
    let type_info = each(quote!(write_type_info(__v, __ctx)));
    let data = each(quote!(write_data(__v, __ctx)));
    let typed = each(quote!(write_typed(__v, __ctx)));
    let flag = each(quote!(write_ref_flag(__v, __ctx, __track)));
    quote! {
        const _: () = {
            #[automatically_derived]
            impl #impl_generics #krate::Serialize for #ident #ty_generics #where_clause {
                fn field_type() -> #p::FieldType {
                    // pyfory declares a `typing.Union` field UNKNOWN: the value carries its type.
                    #p::FieldType {
                        type_id: #p::types::UNKNOWN,
                        nullable: false,
                        track_ref: false,
                        generics: #p::Vec::new(),
                        user: #p::Option::None,
                    }
                }
                fn same_type_as(&self, _: &Self) -> ::core::primitive::bool {
                    false
                }
                fn tracked(&self) -> ::core::primitive::bool {
                    #tracked
                }
                fn type_id(&self, __ctx: &#krate::WriteContext<'_, '_>) -> ::core::primitive::u32 {
                    #type_id
                }
                fn write_type_info(
                    &self,
                    __ctx: &mut #krate::WriteContext<'_, '_>,
                ) -> #krate::Result<()> {
                    #type_info
                }
                fn write_data<'__v>(
                    &'__v self,
                    __ctx: &mut #krate::WriteContext<'_, '__v>,
                ) -> #krate::Result<()> {
                    #data
                }
                fn write_typed<'__v>(
                    &'__v self,
                    __ctx: &mut #krate::WriteContext<'_, '__v>,
                ) -> #krate::Result<()> {
                    #typed
                }
                fn write_typed_as<'__v>(
                    &'__v self,
                    __ctx: &mut #krate::WriteContext<'_, '__v>,
                    _: &#p::FieldType,
                ) -> #krate::Result<()> {
                    #typed
                }
                fn write_ref_flag(
                    &self,
                    __ctx: &mut #krate::WriteContext<'_, '_>,
                    __track: ::core::primitive::bool,
                ) -> #krate::Result<::core::primitive::bool> {
                    #flag
                }
            }
        };
    }
}

/// The `Deserialize` impl of an untagged enum, with the derive's generics (`'de` added).
pub fn expand_deserialize(
    cont: &Container,
    variants: &[Variant],
    impl_generics: &syn::ImplGenerics,
    ty_generics: &syn::TypeGenerics,
    where_clause: Option<&syn::WhereClause>,
) -> TokenStream {
    let krate = &cont.attrs.krate;
    let p = quote!(#krate::__private);
    let ident = cont.ident;
    let rust_name = ident.to_string();
    let tries = variants.iter().map(|v| {
        let ctor = bind(v);
        let ty = payload(v);
        quote_spanned! {ty.span()=>
            if #p::accepts::<#ty>(__ctx, __info) {
                let __v = <#ty as #krate::Deserialize<'de>>::read_data(__ctx, __info)?;
                return #p::StdResult::Ok(#ctor);
            }
        }
    });
    quote! {
        const _: () = {
            #[automatically_derived]
            impl #impl_generics #krate::Deserialize<'de> for #ident #ty_generics #where_clause {
                fn read_data(
                    __ctx: &mut #krate::ReadContext<'_, 'de>,
                    __info: &#krate::TypeInfo,
                ) -> #krate::Result<Self> {
                    #(#tries)*
                    #p::StdResult::Err(#p::no_variant_accepts(__ctx.pos(), #rust_name, __info))
                }
            }
        };
    }
}
