//! The derive's fast path on the writing side: the straight-line field writes in the
//! predicted wire order, batching plain scalars and short strings into runs.

use crate::order::Direct;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

/// The straight-line field writes, in the predicted wire order. Consecutive plain scalars in
/// their default encoding and plain `String`s (no flag, no type info: the registry confirmed the
/// declarations) are one run written into room reserved once (`Writer::run`); every other
/// field goes through `write_field` with its registered declaration.
///
/// A run with strings in it is taken only when every string is short (the common case): each
/// then has a fixed worst-case size. Otherwise the same fields are written one by one, the
/// scalars still batched, so the bytes are the same either way.
///
/// The caller's head (`__head`: a type header, a schema hash) goes into the first run, or is
/// written on its own before the first field when that is not in a run.
pub(super) fn straight_writes(
    serialized: &[&crate::internals::ast::Field],
    p: &TokenStream,
    generics: &syn::Generics,
) -> Vec<TokenStream> {
    let mut out = Vec::new();
    let mut run: Vec<RunItem> = Vec::new();
    let head = &mut true;
    for i in crate::order::predict(serialized) {
        let f = serialized[i];
        let member = &f.member;
        let ty = f.ty;
        // A field that may be a unit enum starts a run or ends the one it follows: its ordinal
        // goes in the run if the type is one, else the field is written before or after the
        // run, in its place either way.
        if crate::order::maybe_unit_enum(f, generics) {
            let leads = run.is_empty();
            run.push(RunItem::Ordinal(ty, member, i));
            if !leads {
                out.extend(flush(&mut run, p, head));
            }
            continue;
        }
        let write = match crate::order::direct(f) {
            Direct::Scalar(_) => {
                run.push(RunItem::Scalar(ty, member));
                continue;
            }
            Direct::Str => {
                // A string past the run's limit starts the next run.
                if strings_in(&run) == RUN_STRINGS {
                    out.extend(flush(&mut run, p, head));
                }
                run.push(RunItem::Str(ty, member));
                continue;
            }
            Direct::DenseVec(_) => tri_stmt(
                quote_spanned!(ty.span()=> <#ty as #p::DirectVec>::put(&self.#member, __ctx)),
            ),
            Direct::General => tri_stmt(
                quote_spanned!(ty.span()=> #p::write_field_straight(&self.#member, __ctx, &__fields[#i].ty)),
            ),
        };
        out.extend(flush(&mut run, p, head));
        out.extend(lone_head(head, p));
        out.push(write);
    }
    out.extend(flush(&mut run, p, head));
    out.extend(lone_head(head, p));
    out
}

/// A call that returns `Result<()>`, as a statement that returns its error (see [`crate::tri`]).
fn tri_stmt(call: TokenStream) -> TokenStream {
    let call = crate::tri(call);
    quote!(#call;)
}

/// The head written on its own, if no run has taken it yet.
fn lone_head(head: &mut bool, p: &TokenStream) -> Option<TokenStream> {
    std::mem::take(head).then(|| {
        quote!(if #p::site::has_head(__SITE) {
            __head.write(__ctx);
        })
    })
}

/// The most strings one run holds: each takes `DirectStr::ROOM` (66) bytes of room, and a run
/// much larger than the writer's smallest refill would make every refill a large one.
const RUN_STRINGS: usize = 3;

/// A field of a run: a plain scalar, a plain `String`, or (first or last in its run) a field
/// that is written as its ordinal if its type is a unit enum (`Serialize::UNIT_ENUM`, known at
/// compile time) and before or after the run through `write_field` otherwise; with its
/// declaration index.
#[derive(Clone, Copy)]
enum RunItem<'a> {
    Scalar(&'a syn::Type, &'a syn::Member),
    Str(&'a syn::Type, &'a syn::Member),
    Ordinal(&'a syn::Type, &'a syn::Member, usize),
}

/// How many strings a run holds.
fn strings_in(run: &[RunItem<'_>]) -> usize {
    run.iter()
        .filter(|item| matches!(item, RunItem::Str(..)))
        .count()
}

/// One run written into room reserved once: the room is a constant (the scalars' `MAX`, the
/// strings' `ROOM`, 8 bytes of slack for the whole-word stores), and takes the pending head
/// first unless a field that may be written before the run leads it.
fn run_block(run: &[RunItem<'_>], p: &TokenStream, head: &mut bool) -> TokenStream {
    let leads_with_ordinal = matches!(run.first(), Some(RunItem::Ordinal(..)));
    let lone = if leads_with_ordinal {
        lone_head(head, p)
    } else {
        None
    };
    let in_run = std::mem::take(head);
    let head_room = in_run.then(|| quote!(#p::Head::ROOM +));
    let head_put = in_run.then(|| {
        quote!(if #p::site::has_head(__SITE) {
            __head.put(__s);
        })
    });
    let parts = run.iter().map(|item| match item {
        RunItem::Scalar(ty, _) => quote!(<#ty as #p::DirectScalar>::MAX),
        RunItem::Str(ty, _) => quote!(<#ty as #p::DirectStr>::ROOM),
        RunItem::Ordinal(ty, ..) => quote!(#p::ordinal_room::<#ty>()),
    });
    let puts = run.iter().map(|item| match item {
        RunItem::Scalar(ty, member) => {
            quote_spanned!(ty.span()=> <#ty as #p::DirectScalar>::put(self.#member, __s);)
        }
        RunItem::Str(ty, member) => {
            quote_spanned!(ty.span()=> <#ty as #p::DirectStr>::put_short(&self.#member, __s);)
        }
        RunItem::Ordinal(ty, member, _) => {
            quote_spanned!(ty.span()=> #p::put_ordinal::<#ty>(&self.#member, __s);)
        }
    });
    // Not a unit enum after all: the field is written before the run (if it leads it) or after
    // it (if it ends it), in its place either way.
    let general = |item: &RunItem<'_>| match *item {
        RunItem::Ordinal(ty, member, i) => {
            let write = tri_stmt(
                quote_spanned!(ty.span()=> #p::write_field_straight(&self.#member, __ctx, &__fields[#i].ty)),
            );
            Some(quote_spanned!(ty.span()=>
                if !<#ty as #p::Serialize>::UNIT_ENUM {
                    #write
                }
            ))
        }
        _ => None,
    };
    if let [RunItem::Ordinal(ty, member, i)] = run {
        // Alone, it is no run: the field's own writer (an enum's is the bare ordinal).
        let write = tri_stmt(
            quote_spanned!(ty.span()=> #p::write_field_straight(&self.#member, __ctx, &__fields[#i].ty)),
        );
        return quote!(#lone #write);
    }
    let before = run.first().and_then(general);
    let after = run.last().and_then(general);
    quote! {{
        #lone
        #before
        const __N: ::core::primitive::usize = #head_room #(#parts +)* 8;
        __ctx.writer().run::<__N>(|__s| {
            #head_put
            #(#puts)*
        });
        #after
    }}
}

/// The code for a run, which is emptied (and takes the pending head, in both of its forms).
fn flush(run: &mut Vec<RunItem<'_>>, p: &TokenStream, head: &mut bool) -> Vec<TokenStream> {
    let items = std::mem::take(run);
    if items.len() < 2 || strings_in(&items) == 0 {
        return one_by_one(&items, p, head, false);
    }
    let short = items.iter().filter_map(|item| match item {
        RunItem::Str(ty, member) => Some(quote!(<#ty as #p::DirectStr>::is_short(&self.#member))),
        RunItem::Scalar(..) | RunItem::Ordinal(..) => None,
    });
    let block = run_block(&items, p, &mut head.clone());
    let fallback = one_by_one(&items, p, head, true);
    vec![quote! {
        if #(#short)&* #block else {
            #(#fallback)*
        }
    }]
}

/// The fields of a run written one by one: consecutive scalars still batched, each string on
/// its own. For a run's `rare` form (one of its strings is long), the strings and a field that
/// may be a unit enum go through one shared writer each, out of line, so that the rare form
/// adds little code beside the common one.
fn one_by_one(
    items: &[RunItem<'_>],
    p: &TokenStream,
    head: &mut bool,
    rare: bool,
) -> Vec<TokenStream> {
    let mut out = Vec::new();
    let mut scalars: Vec<RunItem<'_>> = Vec::new();
    for item in items {
        match item {
            RunItem::Ordinal(ty, member, i) if rare => {
                if !scalars.is_empty() {
                    out.push(run_block(&std::mem::take(&mut scalars), p, head));
                }
                out.extend(lone_head(head, p));
                out.push(tri_stmt(quote_spanned!(ty.span()=>
                    #p::write_field_shared(&self.#member, __ctx, &__fields[#i].ty)
                )));
            }
            // An ordinal is first or last: it joins the scalars next to it (or is alone).
            RunItem::Scalar(..) | RunItem::Ordinal(..) => scalars.push(*item),
            RunItem::Str(ty, member) => {
                if !scalars.is_empty() {
                    out.push(run_block(&std::mem::take(&mut scalars), p, head));
                }
                out.extend(lone_head(head, p));
                out.push(if rare {
                    quote_spanned!(ty.span()=> #p::write_str_shared(&self.#member, __ctx);)
                } else {
                    quote_spanned!(ty.span()=> <#ty as #p::DirectStr>::put(&self.#member, __ctx);)
                });
            }
        }
    }
    if !scalars.is_empty() {
        out.push(run_block(&scalars, p, head));
    }
    out
}
