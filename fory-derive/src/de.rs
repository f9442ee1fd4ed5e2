//! `#[derive(ForyDeserialize)]`: `StructRead` and `Deserialize` (and `Registered` for
//! `deserialize_only` types).

use crate::bound;
use crate::internals::ast::{Container, Data};
use crate::internals::{Ctxt, Derive};
use crate::order::Direct;
use crate::registered;
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

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

    let body = match &cont.data {
        Data::Union(variants) => {
            crate::union::de::expand(&cont, variants, &impl_generics, &ty_generics, where_clause)
        }
        Data::Struct(fields) => {
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
                    match crate::order::direct(serialized[i]) {
                        Direct::Scalar(_) => quote_spanned!(ty.span()=>
                            let #var = <#ty as #p::DirectScalar>::get(__ctx.reader())?;
                        ),
                        Direct::DenseVec(_) => quote_spanned!(ty.span()=>
                            let #var = <#ty as #p::DirectVec>::get(__ctx)?;
                        ),
                        Direct::Str => quote_spanned!(ty.span()=>
                            let #var = <#ty as #p::DirectStr>::get(__ctx.reader())?;
                        ),
                        Direct::General => quote_spanned!(ty.span()=> let #var = #p::read_field::<#ty>(__ctx, &__tys[#i])?;),
                    }
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
                let read = quote_spanned!(ty.span()=> #p::read_field::<#ty>(__ctx, __ty));
                arms.push(quote!(#local => __out.#member = #read?,));
                local += 1;
            }
            quote! {
                #[automatically_derived]
                impl #impl_generics #p::StructRead<'de> for #ident #ty_generics #where_clause {
                    fn read_fields(
                        __ctx: &mut #krate::ReadContext<'_, 'de>,
                        __plan: &#p::ReadPlan,
                    ) -> #krate::Result<Self> {
                        #[allow(unused_mut)]
                        let mut __out = Self { #(#inits),* };
                        for __step in &__plan.steps {
                            match __step {
                                #p::ReadStep::Read { local: __local, ty: __ty } => match *__local {
                                    #(#arms)*
                                    _ => #p::skip_field(__ctx, __ty)?,
                                },
                                #p::ReadStep::Skip { ty: __ty } => #p::skip_field(__ctx, __ty)?,
                            }
                        }
                        #p::StdResult::Ok(__out)
                    }

                    fn read_fields_static(
                        __ctx: &mut #krate::ReadContext<'_, 'de>,
                        __tys: &[#p::Arc<#p::FieldType>],
                    ) -> #krate::Result<Self> {
                        #(#straight_reads)*
                        #p::StdResult::Ok(Self { #(#straight_inits),* })
                    }
                }

                #[automatically_derived]
                impl #impl_generics #krate::Deserialize<'de> for #ident #ty_generics #where_clause {
                    fn read_data(
                        __ctx: &mut #krate::ReadContext<'_, 'de>,
                        __info: &#krate::TypeInfo,
                    ) -> #krate::Result<Self> {
                        #p::read_struct(__ctx, __info)
                    }

                    #[inline]
                    fn read_after_flag(
                        __ctx: &mut #krate::ReadContext<'_, 'de>,
                        __flag: #krate::RefFlag,
                        __declared: #p::Option<&#krate::TypeInfo>,
                    ) -> #krate::Result<Self> {
                        #p::read_struct_after_flag(__ctx, __flag, __declared)
                    }

                    #[inline]
                    fn own_type_info(
                        __ctx: &mut #krate::ReadContext<'_, 'de>,
                    ) -> #p::Option<#krate::TypeInfo> {
                        #p::own_struct_type_info::<Self>(__ctx)
                    }

                    fn read_list_body(
                        __ctx: &mut #krate::ReadContext<'_, 'de>,
                        __declared: #p::Option<&#p::FieldType>,
                    ) -> #krate::Result<#p::Vec<Self>> {
                        #p::read_struct_list(__ctx, __declared)
                    }
                }
            }
        }
        Data::Enum(variants) => {
            let arms: Vec<_> = variants
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let i = i as u32;
                    quote!(#i => #p::StdResult::Ok(Self::#v),)
                })
                .collect();
            quote! {
                #[automatically_derived]
                impl #impl_generics #krate::Deserialize<'de> for #ident #ty_generics #where_clause {
                    fn read_data(
                        __ctx: &mut #krate::ReadContext<'_, 'de>,
                        __info: &#krate::TypeInfo,
                    ) -> #krate::Result<Self> {
                        let __at = __ctx.pos();
                        match #p::read_enum::<Self>(__ctx, __info)? {
                            #(#arms)*
                            // `read_enum` checked the ordinal against the registered count.
                            _ => #p::StdResult::Err(#krate::Error::OutOfRange {
                                at: __at,
                                target: #rust_name,
                            }),
                        }
                    }

                    // A plain declared field (pyfory declares every enum field ENUM, with no
                    // flag and no type info) is the bare ordinal: read it here, checked
                    // against the variants, without the type-info and registry checks.
                    #[inline(always)]
                    fn read_field(
                        __ctx: &mut #krate::ReadContext<'_, 'de>,
                        __ty: &#p::Arc<#p::FieldType>,
                    ) -> #krate::Result<Self> {
                        if __ty.type_id != #p::types::ENUM || __ty.nullable || __ty.track_ref {
                            return #p::read_field_outlined(__ctx, __ty);
                        }
                        let __at = __ctx.pos();
                        match __ctx.reader().varuint32()? {
                            #(#arms)*
                            _ => #p::StdResult::Err(#krate::Error::OutOfRange {
                                at: __at,
                                target: #rust_name,
                            }),
                        }
                    }
                }
            }
        }
    };

    Ok(quote! {
        const _: () = {
            #registered
            #body
        };
    })
}
