//! The `StructRead` and `Deserialize` impls of a struct: the plan-driven reader (a peer's
//! schema, or an order the registry did not confirm) and the straight-line one (the derive's
//! fast path, in the predicted wire order).

use super::Shape;
use crate::internals::ast::Field;
use crate::order::Direct;
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

/// The impls of a struct with `fields`; with its straight-line reader unless it is
/// `small_code` (`straight` false).
pub(super) fn expand(shape: &Shape, fields: &[Field], straight: bool) -> TokenStream {
    let Shape {
        krate,
        p,
        ident,
        rust_name: _,
        impl_generics,
        ty_generics,
        where_clause,
    } = shape;
    let mut arms = Vec::new();
    let mut inits = Vec::new();
    let mut local = 0usize;
    // The straight-line reader: one `let` per field in the predicted wire order, then
    // the struct from the variables.
    let serialized: Vec<_> = fields.iter().filter(|f| f.is_serialized()).collect();
    let straight_reads: Vec<TokenStream> = crate::order::predict(&serialized)
        .into_iter()
        .map(|i| {
            let ty = serialized[i].ty;
            let var = format_ident!("__s{}", i);
            let read = match crate::order::direct(serialized[i]) {
                Direct::Scalar(_) => quote_spanned!(ty.span()=>
                    <#ty as #p::DirectScalar>::get(__ctx.reader())
                ),
                Direct::DenseVec(_) => quote_spanned!(ty.span()=>
                    <#ty as #p::DirectVec>::get(__ctx)
                ),
                Direct::Str => quote_spanned!(ty.span()=>
                    <#ty as #p::DirectStr>::get(__ctx.reader())
                ),
                Direct::General => quote_spanned!(ty.span()=>
                    #p::read_field_straight::<#ty>(__ctx, &__tys[#i])
                ),
            };
            let read = crate::tri(read);
            quote!(let #var = #read;)
        })
        .collect();
    let mut straight_inits = Vec::new();
    for f in fields {
        let member = &f.member;
        let ty = f.ty;
        // What a field starts as in the general reader, and stays when the message
        // lacks it (a peer's older schema) or the field is skipped.
        let fallback = match &f.attrs.default {
            Some(path) => {
                let path = &path.value;
                quote_spanned!(path.span()=> #path())
            }
            None => quote_spanned!(ty.span()=> <#ty as #p::Default>::default()),
        };
        inits.push(quote!(#member: #fallback));
        if !f.is_serialized() {
            straight_inits.push(quote!(#member: #fallback));
            continue;
        }
        let straight_var = format_ident!("__s{}", local);
        straight_inits.push(quote!(#member: #straight_var));
        // Assigned in place: an error leaves one value to drop (the struct), not one
        // `Option` per field read so far.
        arms.push(quote_spanned!(ty.span()=>
            #local => #p::read_field_into::<#ty>(&mut self.#member, __ctx, __ty),
        ));
        local += 1;
    }
    // None for `small_code`: the trait's default, which the registry never calls for it.
    let read_fields_static = straight.then(|| {
        quote! {
            fn read_fields_static<const __L: ::core::primitive::bool>(
                __ctx: &mut #krate::ReadContext<'_, 'de>,
                __tys: &[#p::Arc<#p::FieldType>],
            ) -> #krate::Result<Self> {
                #(#straight_reads)*
                #p::StdResult::Ok(Self { #(#straight_inits),* })
            }
        }
    });
    // A `small_code` struct's reader is the runtime's type-erased one; its lists take the
    // general list reader.
    let (read_data, read_after_flag) = if straight {
        (quote!(#p::read_struct), quote!(#p::read_struct_after_flag))
    } else {
        (
            quote!(#p::read_small_data),
            quote!(#p::read_small_after_flag),
        )
    };
    let shortcuts = straight.then(|| {
        quote! {
            #[inline]
            fn own_type_info(
                __ctx: &mut #krate::ReadContext<'_, 'de>,
            ) -> #p::Option<#krate::TypeInfo> {
                #p::own_struct_type_info::<Self>(__ctx)
            }

            #[inline]
            fn read_list_body(
                __ctx: &mut #krate::ReadContext<'_, 'de>,
                __declared: #p::Option<&#p::FieldType>,
            ) -> #krate::Result<#p::Vec<Self>> {
                #p::read_struct_list(__ctx, __declared)
            }
        }
    });
    quote! {
        #[automatically_derived]
        impl #impl_generics #p::StructRead<'de> for #ident #ty_generics #where_clause {
            #[inline]
            fn fields_default() -> Self {
                Self { #(#inits),* }
            }

            #[inline]
            fn read_field_at(
                &mut self,
                __local: ::core::primitive::usize,
                __ctx: &mut #krate::ReadContext<'_, 'de>,
                __ty: &#p::Arc<#p::FieldType>,
            ) -> #krate::Result<()> {
                match __local {
                    #(#arms)*
                    _ => #p::skip_field(__ctx, __ty),
                }
            }

            #read_fields_static
        }

        #[automatically_derived]
        impl #impl_generics #krate::Deserialize<'de> for #ident #ty_generics #where_clause {
            const INLINE_FIELD: ::core::primitive::bool = #straight;
            const SMALL_ROOT: ::core::primitive::bool = !#straight;

            #[inline]
            fn read_data(
                __ctx: &mut #krate::ReadContext<'_, 'de>,
                __info: &#krate::TypeInfo,
            ) -> #krate::Result<Self> {
                #read_data(__ctx, __info)
            }

            #[inline]
            fn read_after_flag(
                __ctx: &mut #krate::ReadContext<'_, 'de>,
                __flag: #krate::RefFlag,
                __declared: #p::Option<&#krate::TypeInfo>,
            ) -> #krate::Result<Self> {
                #read_after_flag(__ctx, __flag, __declared)
            }

            #shortcuts
        }
    }
}
