//! Rules that involve more than one attribute, or an attribute and the field's type.

use super::ast::{Container, Data, Field, Variant, VariantStyle};
use super::attr::Encoding;
use super::{Ctxt, Derive};
use proc_macro2::Span;
use std::collections::HashMap;

/// Checks `cont`, recording every violation in `cx`.
pub fn check(cx: &Ctxt, cont: &Container, derive: Derive) {
    check_container(cx, cont, derive);
    check_transparent(cx, cont);
    check_untagged(cx, cont);
    check_small_code(cx, cont);
    match &cont.data {
        Data::Struct(fields) => {
            for field in fields {
                check_field(cx, field);
            }
            check_unique_wire_ids(cx, fields);
        }
        Data::Union(variants) if cont.attrs.untagged.is_none() => check_union(cx, variants),
        Data::Union(_) => {}
        Data::Enum(_) => {}
    }
}

/// `transparent`: a struct of exactly one field, not registered (it is written as the field).
fn check_transparent(cx: &Ctxt, cont: &Container) {
    let Some(t) = &cont.attrs.transparent else {
        return;
    };
    match &cont.data {
        Data::Struct(fields) if fields.len() == 1 => {
            refuse_registration(cx, cont, "a `transparent` type: it is written as its field");
            if fields[0].attrs.skip.is_some() {
                error(
                    cx,
                    t.span,
                    "the one field of a `transparent` struct cannot be `skip`",
                );
            }
        }
        Data::Struct(fields) => error(
            cx,
            t.span,
            format!(
                "`transparent` needs a struct with exactly one field, this one has {}",
                fields.len()
            ),
        ),
        _ => error(
            cx,
            t.span,
            "`transparent` applies to one-field structs, not enums",
        ),
    }
}

/// `small_code`: a struct with field code of its own (not `transparent`, not an enum).
fn check_small_code(cx: &Ctxt, cont: &Container) {
    let Some(s) = &cont.attrs.small_code else {
        return;
    };
    match &cont.data {
        Data::Struct(_) if cont.attrs.transparent.is_some() => error(
            cx,
            s.span,
            "`small_code` has no effect on a `transparent` struct: it is written as its field",
        ),
        Data::Struct(_) => {}
        _ => error(
            cx,
            s.span,
            "`small_code` applies to structs; an enum has no per-field code to leave out",
        ),
    }
}

/// `name` and `id` on a type that is never registered (`what` says what it is and how it is
/// written): an error at each.
fn refuse_registration(cx: &Ctxt, cont: &Container, what: &str) {
    for (span, name) in [
        (cont.attrs.name.as_ref().map(|s| s.span), "name"),
        (cont.attrs.id.as_ref().map(|s| s.span), "id"),
    ] {
        if let Some(span) = span {
            error(
                cx,
                span,
                format!("`{name}` has no effect on {what} and never registered"),
            );
        }
    }
}

/// `untagged`: an enum whose every variant holds one value, not registered.
fn check_untagged(cx: &Ctxt, cont: &Container) {
    let Some(u) = &cont.attrs.untagged else {
        return;
    };
    let variants = match &cont.data {
        Data::Union(variants) => variants,
        Data::Enum(_) => {
            return error(
                cx,
                u.span,
                "`untagged` applies to enums whose variants each hold one value",
            )
        }
        Data::Struct(_) => return error(cx, u.span, "`untagged` applies to enums, not structs"),
    };
    refuse_registration(
        cx,
        cont,
        "an `untagged` enum: it is written as its variant's value",
    );
    for v in variants {
        if let Some(other) = &v.attrs.other {
            error(
                cx,
                other.span,
                "an `untagged` enum has no case ids, so no `other` variant",
            );
        } else if let Some(id) = &v.attrs.id {
            error(cx, id.span, "an `untagged` enum has no case ids");
        } else if let VariantStyle::Unit = v.style {
            cx.error_spanned_by(
                v.ident,
                "every variant of an `untagged` enum holds one value (`Option` holds the null)",
            );
        }
    }
}

/// Case ids unique, at most one `other` (which takes no id).
fn check_union(cx: &Ctxt, variants: &[Variant]) {
    let mut ids: HashMap<u32, &syn::Ident> = HashMap::new();
    let mut other: Option<&syn::Ident> = None;
    for v in variants {
        if let VariantStyle::Other { .. } = v.style {
            if let Some(id) = &v.attrs.id {
                error(
                    cx,
                    id.span,
                    "the `other` variant has no case id of its own: it keeps the peer's",
                );
            }
            if let Some(first) = other.replace(v.ident) {
                cx.error_spanned_by(
                    v.ident,
                    format!("only one variant can be `other`; `{first}` already is"),
                );
            }
            continue;
        }
        if let Some(first) = ids.insert(v.case_id, v.ident) {
            let span = v
                .attrs
                .id
                .as_ref()
                .map_or_else(|| v.ident.span(), |s| s.span);
            error(
                cx,
                span,
                format!("case id {} is already used by variant `{first}`", v.case_id),
            );
        }
    }
}

fn error(cx: &Ctxt, span: Span, msg: impl std::fmt::Display) {
    cx.syn_error(syn::Error::new(span, msg));
}

fn check_container(cx: &Ctxt, cont: &Container, derive: Derive) {
    if let (Some(_), Some(id)) = (&cont.attrs.name, &cont.attrs.id) {
        error(
            cx,
            id.span,
            "a type is registered either by `name` or by `id`, not both",
        );
    }
    if let Some(only) = &cont.attrs.deserialize_only {
        if derive == Derive::Serialize {
            error(
                cx,
                only.span,
                "`deserialize_only` is for types that derive ForyDeserialize without ForySerialize",
            );
        }
    }
    if derive == Derive::Deserialize {
        // The generated impls introduce `'de`; a parameter of the same name would clash.
        for lt in cont.generics.lifetimes() {
            if lt.lifetime.ident == "de" {
                cx.error_spanned_by(
                    &lt.lifetime,
                    "ForyDeserialize cannot be derived for a type with a lifetime named `'de`; rename it",
                );
            }
        }
    }
}

fn check_field(cx: &Ctxt, field: &Field) {
    let a = &field.attrs;
    if let Some(skip) = &a.skip {
        let others = [
            (a.rename.as_ref().map(|s| s.span), "rename"),
            (a.id.as_ref().map(|s| s.span), "id"),
            (a.nullable.as_ref().map(|s| s.span), "nullable"),
            (a.track_ref.as_ref().map(|s| s.span), "ref"),
            (a.encoding.as_ref().map(|s| s.span), "encoding"),
            (a.list.as_ref().map(|s| s.span), "list"),
            (a.out_of_band.as_ref().map(|s| s.span), "out_of_band"),
        ];
        for (span, name) in others {
            if let Some(span) = span {
                error(
                    cx,
                    span,
                    format!("`{name}` has no effect on a `skip` field (only `default` does)"),
                );
            }
        }
        let _ = skip;
        return;
    }
    if let (Some(_), Some(rename)) = (&a.id, &a.rename) {
        error(
            cx,
            rename.span,
            "a field is identified either by `id` (tag) or by `rename` (name), not both",
        );
    }
    if a.out_of_band.is_some() {
        for (span, name) in [
            (a.list.as_ref().map(|s| s.span), "list"),
            (a.encoding.as_ref().map(|s| s.span), "encoding"),
        ] {
            if let Some(span) = span {
                error(
                    cx,
                    span,
                    format!("`{name}` cannot be combined with `out_of_band` (the field is written as one BINARY buffer)"),
                );
            }
        }
    }
    if let Some(enc) = &a.encoding {
        match classify(field.ty) {
            Shape::Int { bits: 32 } if enc.value == Encoding::Tagged => error(
                cx,
                enc.span,
                "the `tagged` encoding exists only for i64 and u64",
            ),
            Shape::Other(what) => cx.error_spanned_by(
                field.ty,
                format!("`encoding` applies to i32, i64, u32 and u64 fields, not {what}"),
            ),
            _ => {}
        }
    }
    if a.list.is_some() {
        if let Shape::Int { .. } | Shape::Other(_) = classify(field.ty) {
            if !is_sequence(field.ty) {
                cx.error_spanned_by(
                    field.ty,
                    "`list` applies to numeric sequences such as Vec<i32> (written as a LIST instead of a dense array)",
                );
            }
        }
    }
}

fn check_unique_wire_ids(cx: &Ctxt, fields: &[Field]) {
    let mut names: HashMap<String, String> = HashMap::new();
    let mut tags: HashMap<u32, String> = HashMap::new();
    for field in fields.iter().filter(|f| f.is_serialized()) {
        match &field.attrs.id {
            Some(tag) => {
                if let Some(first) = tags.insert(tag.value, field.rust_name()) {
                    error(
                        cx,
                        tag.span,
                        format!("tag id {} is already used by field `{first}`", tag.value),
                    );
                }
            }
            None => {
                let name = field.wire_name();
                if let Some(first) = names.insert(name.clone(), field.rust_name()) {
                    let span = field
                        .attrs
                        .rename
                        .as_ref()
                        .map_or_else(|| syn::spanned::Spanned::span(&field.member), |r| r.span);
                    error(
                        cx,
                        span,
                        format!("wire name `{name}` is already used by field `{first}`"),
                    );
                }
            }
        }
    }
}

/// What the field's type obviously is, looking only at its syntax (aliases are unknown).
enum Shape {
    /// A primitive integer with an encoding choice.
    Int { bits: u32 },
    /// Something that is certainly not such an integer, described for the message.
    Other(&'static str),
    /// Cannot tell (a type alias, a path we do not know); the runtime checks at registration.
    Unknown,
}

fn classify(ty: &syn::Type) -> Shape {
    match ty {
        syn::Type::Paren(p) => classify(&p.elem),
        syn::Type::Group(g) => classify(&g.elem),
        // `&T` and the smart pointers write what `T` writes.
        syn::Type::Reference(r) => classify(&r.elem),
        syn::Type::Slice(_) | syn::Type::Array(_) => Shape::Other("a sequence"),
        syn::Type::Tuple(_) => Shape::Other("a tuple"),
        syn::Type::Path(p) if p.qself.is_none() => {
            let Some(last) = p.path.segments.last() else {
                return Shape::Unknown;
            };
            if let Some(inner) = single_type_arg(last) {
                if ["Option", "Box", "Rc", "Arc"]
                    .iter()
                    .any(|n| last.ident == n)
                {
                    return classify(inner);
                }
            }
            let name = last.ident.to_string();
            match name.as_str() {
                "i32" | "u32" => Shape::Int { bits: 32 },
                "i64" | "u64" => Shape::Int { bits: 64 },
                "String" | "str" | "Cow" => Shape::Other("a string or borrowed value"),
                "bool" | "char" | "f16" | "f32" | "f64" => Shape::Other("a non-integer scalar"),
                "i8" | "i16" | "u8" | "u16" | "i128" | "u128" | "isize" | "usize" => {
                    Shape::Other("an integer type with a single encoding")
                }
                "Vec" | "VecDeque" | "HashMap" | "BTreeMap" | "HashSet" | "BTreeSet" | "Bytes" => {
                    Shape::Other("a collection")
                }
                _ => Shape::Unknown,
            }
        }
        _ => Shape::Unknown,
    }
}

/// Whether the type is syntactically a sequence (possibly under `Option`).
fn is_sequence(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Paren(p) => is_sequence(&p.elem),
        syn::Type::Group(g) => is_sequence(&g.elem),
        syn::Type::Reference(r) => is_sequence(&r.elem),
        syn::Type::Slice(_) | syn::Type::Array(_) => true,
        syn::Type::Path(p) => p.path.segments.last().is_some_and(|last| {
            if last.ident == "Option" || last.ident == "Box" {
                single_type_arg(last).is_some_and(is_sequence)
            } else {
                last.ident == "Vec" || last.ident == "VecDeque" || last.ident == "Cow"
            }
        }),
        _ => false,
    }
}

fn single_type_arg(seg: &syn::PathSegment) -> Option<&syn::Type> {
    let syn::PathArguments::AngleBracketed(args) = &seg.arguments else {
        return None;
    };
    let mut types = args.args.iter().filter_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    });
    let first = types.next()?;
    types.next().is_none().then_some(first)
}
