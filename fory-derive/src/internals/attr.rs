//! The `#[fory(...)]` attributes, parsed by hand with `parse_nested_meta` so that each problem
//! is reported at its own token and parsing continues after it.

use super::symbol::*;
use super::Ctxt;
use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned as _;
use syn::{LitInt, LitStr};

/// A value set at most once, remembering the tokens that set it for later error messages.
struct Attr<'c, T> {
    cx: &'c Ctxt,
    name: Symbol,
    tokens: TokenStream,
    value: Option<T>,
}

impl<'c, T> Attr<'c, T> {
    fn none(cx: &'c Ctxt, name: Symbol) -> Self {
        Attr {
            cx,
            name,
            tokens: TokenStream::new(),
            value: None,
        }
    }

    fn set<A: ToTokens>(&mut self, obj: A, value: T) {
        let tokens = obj.into_token_stream();
        if self.value.is_some() {
            self.cx
                .error_spanned_by(tokens, format!("duplicate fory attribute `{}`", self.name));
        } else {
            self.tokens = tokens;
            self.value = Some(value);
        }
    }

    fn get(self) -> Option<Spanned<T>> {
        let span = self.tokens.span();
        self.value.map(|value| Spanned { value, span })
    }
}

/// An attribute value with the span of the attribute that set it.
#[derive(Clone)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written (the key, for flags; the whole `key = value`, otherwise).
    pub span: Span,
}

/// Attributes on the struct or enum.
pub struct Container {
    /// `name = "..."`, split at the last dot.
    pub name: Option<Spanned<(String, String)>>,
    /// `id = N`.
    pub id: Option<Spanned<u32>>,
    /// `crate = "path"`; `::fory` otherwise.
    pub krate: syn::Path,
    /// `deserialize_only`.
    pub deserialize_only: Option<Spanned<()>>,
    /// `transparent`: a one-field struct written as its field.
    pub transparent: Option<Spanned<()>>,
    /// `untagged`: an enum written as its variant's value (pyfory `typing.Union[...]`).
    pub untagged: Option<Spanned<()>>,
    /// `small_code`: a struct compiled without straight-line code: its field table only, written
    /// and read by the runtime's type-erased path (`structs/small.rs`).
    pub small_code: Option<Spanned<()>>,
}

impl Container {
    /// Parses the `#[fory(...)]` attributes of `item`.
    pub fn from_ast(cx: &Ctxt, item: &syn::DeriveInput) -> Self {
        let mut name = Attr::none(cx, NAME);
        let mut id = Attr::none(cx, ID);
        let mut krate = Attr::none(cx, CRATE);
        let mut deserialize_only = Attr::none(cx, DESERIALIZE_ONLY);
        let mut transparent = Attr::none(cx, TRANSPARENT);
        let mut untagged = Attr::none(cx, UNTAGGED);
        let mut small_code = Attr::none(cx, SMALL_CODE);

        for attr in fory_attrs(&item.attrs) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path == NAME {
                    let s = get_lit_str(&meta)?;
                    match split_name(&s.value()) {
                        Some(parts) => name.set(&meta.path, parts),
                        None => cx.error_spanned_by(
                            &s,
                            "the type name after the last `.` must not be empty",
                        ),
                    }
                } else if meta.path == ID {
                    let n = get_lit_int::<u32>(&meta)?;
                    id.set(&meta.path, n);
                } else if meta.path == CRATE {
                    let s = get_lit_str(&meta)?;
                    match s.parse::<syn::Path>() {
                        Ok(path) => krate.set(&meta.path, path),
                        Err(_) => cx.error_spanned_by(
                            &s,
                            format!("`{}` is not a path", s.value()),
                        ),
                    }
                } else if meta.path == DESERIALIZE_ONLY {
                    deserialize_only.set(&meta.path, ());
                } else if meta.path == TRANSPARENT {
                    transparent.set(&meta.path, ());
                } else if meta.path == UNTAGGED {
                    untagged.set(&meta.path, ());
                } else if meta.path == SMALL_CODE {
                    small_code.set(&meta.path, ());
                } else {
                    return Err(meta.error(format_args!(
                        "unknown fory container attribute `{}`; expected one of `name`, `id`, `crate`, `deserialize_only`, `transparent`, `untagged`, `small_code`",
                        path_str(&meta.path)
                    )));
                }
                Ok(())
            });
            if let Err(err) = result {
                cx.syn_error(err);
            }
        }

        Container {
            name: name.get(),
            id: id.get(),
            krate: krate
                .get()
                .map(|k| k.value)
                .unwrap_or_else(|| syn::parse_quote!(::fory)),
            deserialize_only: deserialize_only.get(),
            transparent: transparent.get(),
            untagged: untagged.get(),
            small_code: small_code.get(),
        }
    }
}

/// `ns.Type` → (`ns`, `Type`); `Type` → (``, `Type`); `None` if the type name is empty.
fn split_name(s: &str) -> Option<(String, String)> {
    let (ns, name) = s.rsplit_once('.').unwrap_or(("", s));
    (!name.is_empty()).then(|| (ns.to_string(), name.to_string()))
}

/// An integer encoding: `encoding = "..."`.
#[derive(Copy, Clone, PartialEq, Eq)]
pub enum Encoding {
    /// `"varint"`.
    Varint,
    /// `"fixed"`.
    Fixed,
    /// `"tagged"` (64-bit only).
    Tagged,
}

impl Encoding {
    /// The string the runtime's `field_attrs::with_encoding` expects.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Varint => "varint",
            Encoding::Fixed => "fixed",
            Encoding::Tagged => "tagged",
        }
    }
}

/// Attributes on a struct field.
pub struct Field {
    /// `rename = "wireName"`.
    pub rename: Option<Spanned<String>>,
    /// `id = N`: a tag id instead of the name.
    pub id: Option<Spanned<u32>>,
    /// `skip`.
    pub skip: Option<Spanned<()>>,
    /// `default = "path"`.
    pub default: Option<Spanned<syn::ExprPath>>,
    /// `nullable`.
    pub nullable: Option<Spanned<()>>,
    /// `ref` (named for pyfory's `field(ref=True)`; `ref` is a keyword, hence the field name).
    pub track_ref: Option<Spanned<()>>,
    /// `encoding = "..."`.
    pub encoding: Option<Spanned<Encoding>>,
    /// `list`.
    pub list: Option<Spanned<()>>,
    /// `out_of_band`.
    pub out_of_band: Option<Spanned<()>>,
}

impl Field {
    /// Parses the `#[fory(...)]` attributes of `field`.
    pub fn from_ast(cx: &Ctxt, field: &syn::Field) -> Self {
        let mut rename = Attr::none(cx, RENAME);
        let mut id = Attr::none(cx, ID);
        let mut skip = Attr::none(cx, SKIP);
        let mut default = Attr::none(cx, DEFAULT);
        let mut nullable = Attr::none(cx, NULLABLE);
        let mut track_ref = Attr::none(cx, REF);
        let mut encoding = Attr::none(cx, ENCODING);
        let mut list = Attr::none(cx, LIST);
        let mut out_of_band = Attr::none(cx, OUT_OF_BAND);

        for attr in fory_attrs(&field.attrs) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path == RENAME {
                    let s = get_lit_str(&meta)?;
                    if s.value().is_empty() {
                        cx.error_spanned_by(&s, "the wire name must not be empty");
                    }
                    rename.set(&meta.path, s.value());
                } else if meta.path == ID {
                    let lit: LitInt = meta.value()?.parse()?;
                    match lit.base10_parse::<u32>() {
                        Ok(n) if n <= MAX_FIELD_TAG => id.set(&meta.path, n),
                        _ => cx.error_spanned_by(
                            &lit,
                            format!("a field tag id must be in 0..={MAX_FIELD_TAG} (pyfory's limit)"),
                        ),
                    }
                } else if meta.path == SKIP {
                    skip.set(&meta.path, ());
                } else if meta.path == DEFAULT {
                    let s = get_lit_str(&meta)?;
                    match s.parse::<syn::ExprPath>() {
                        Ok(path) => default.set(&meta.path, path),
                        Err(_) => cx.error_spanned_by(
                            &s,
                            format!("`{}` is not a function path", s.value()),
                        ),
                    }
                } else if meta.path == NULLABLE {
                    nullable.set(&meta.path, ());
                } else if meta.path == REF {
                    track_ref.set(&meta.path, ());
                } else if meta.path == ENCODING {
                    let s = get_lit_str(&meta)?;
                    let e = match s.value().as_str() {
                        "varint" => Encoding::Varint,
                        "fixed" => Encoding::Fixed,
                        "tagged" => Encoding::Tagged,
                        other => {
                            cx.error_spanned_by(
                                &s,
                                format!("unknown encoding `{other}`; expected `varint`, `fixed` or `tagged`"),
                            );
                            return Ok(());
                        }
                    };
                    encoding.set(&meta.path, e);
                } else if meta.path == LIST {
                    list.set(&meta.path, ());
                } else if meta.path == OUT_OF_BAND {
                    out_of_band.set(&meta.path, ());
                } else {
                    return Err(meta.error(format_args!(
                        "unknown fory field attribute `{}`; expected one of `rename`, `id`, `skip`, `default`, `nullable`, `ref`, `encoding`, `list`, `out_of_band`",
                        path_str(&meta.path)
                    )));
                }
                Ok(())
            });
            if let Err(err) = result {
                cx.syn_error(err);
            }
        }

        Field {
            rename: rename.get(),
            id: id.get(),
            skip: skip.get(),
            default: default.get(),
            nullable: nullable.get(),
            track_ref: track_ref.get(),
            encoding: encoding.get(),
            list: list.get(),
            out_of_band: out_of_band.get(),
        }
    }
}

/// Attributes on an enum variant (unions only).
pub struct Variant {
    /// `id = N`: the case id (default: the position among the cases).
    pub id: Option<Spanned<u32>>,
    /// `other`: the catch-all for case ids this enum does not have.
    pub other: Option<Spanned<()>>,
}

impl Variant {
    /// Parses the `#[fory(...)]` attributes of `variant`.
    pub fn from_ast(cx: &Ctxt, variant: &syn::Variant) -> Self {
        let mut id = Attr::none(cx, ID);
        let mut other = Attr::none(cx, OTHER);
        for attr in fory_attrs(&variant.attrs) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path == ID {
                    let n = get_lit_int::<u32>(&meta)?;
                    id.set(&meta.path, n);
                } else if meta.path == OTHER {
                    other.set(&meta.path, ());
                } else {
                    return Err(meta.error(format_args!(
                        "unknown fory variant attribute `{}`; expected `id` or `other`",
                        path_str(&meta.path)
                    )));
                }
                Ok(())
            });
            if let Err(err) = result {
                cx.syn_error(err);
            }
        }
        Variant {
            id: id.get(),
            other: other.get(),
        }
    }
}

/// pyfory's largest tag id (`MAX_FIELD_ID` in `pyfory/field.py`).
const MAX_FIELD_TAG: u32 = (1 << 29) - 1;

fn fory_attrs(attrs: &[syn::Attribute]) -> impl Iterator<Item = &syn::Attribute> {
    attrs.iter().filter(|a| a.path() == FORY)
}

fn get_lit_str(meta: &ParseNestedMeta) -> syn::Result<LitStr> {
    let expr: syn::Expr = meta.value()?.parse()?;
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Ok(s),
        other => Err(syn::Error::new_spanned(
            other,
            format!(
                "expected a string literal: `{} = \"...\"`",
                path_str(&meta.path)
            ),
        )),
    }
}

fn get_lit_int<N>(meta: &ParseNestedMeta) -> syn::Result<N>
where
    N: std::str::FromStr,
    N::Err: std::fmt::Display,
{
    let lit: LitInt = meta.value()?.parse()?;
    lit.base10_parse()
}

fn path_str(path: &syn::Path) -> String {
    path.to_token_stream().to_string().replace(' ', "")
}
