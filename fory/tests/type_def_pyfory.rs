//! Meta strings, TypeDefs, field order and schema hashes compared byte for byte with pyfory.
//!
//! `tests/python/typedef_vectors.py` prints vectors computed by pyfory 1.7.7 itself; this test
//! rebuilds the same values with the crate and compares. The interpreter is `$FORY_PYTHON` or
//! `<workspace>/.venv/bin/python`. A missing interpreter or pyfory is a test failure, not a skip:
//! without pyfory there is nothing to check the wire format against.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use fory::__private::meta_string::{self, Encoding, MetaString, StreamMetaRead};
use fory::__private::type_def::{
    schema_hash, sort_fields, to_snake_case, FieldDef, FieldId, FieldType, TypeDef, TypeDefKind,
    TypeIdent,
};
use fory::__private::types;
use fory::__private::{Reader, Writer};

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("crate lives in the workspace")
        .to_path_buf()
}

fn vectors() -> &'static [Vec<String>] {
    static OUT: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    OUT.get_or_init(|| {
        let python = std::env::var_os("FORY_PYTHON")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace().join(".venv/bin/python"));
        let script = workspace().join("tests/python/typedef_vectors.py");
        let out = Command::new(&python)
            .arg(&script)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e} (set FORY_PYTHON)", python.display()));
        assert!(
            out.status.success(),
            "{} {} failed:\n{}",
            python.display(),
            script.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).expect("utf-8 output");
        let lines: Vec<Vec<String>> = text
            .lines()
            .map(|l| l.split(' ').map(str::to_owned).collect())
            .collect();
        assert!(
            lines.len() > 100,
            "suspiciously few vectors: {}",
            lines.len()
        );
        lines
    })
}

fn unhex(s: &str) -> Vec<u8> {
    if s == "-" {
        return Vec::new();
    }
    assert!(s.len() % 2 == 0, "odd hex {s}");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

fn unhex_str(s: &str) -> String {
    String::from_utf8(unhex(s)).expect("utf-8 name")
}

fn lines(tag: &str) -> impl Iterator<Item = &'static Vec<String>> + '_ {
    vectors().iter().filter(move |l| l[0] == tag)
}

#[test]
fn murmur3_crate_lane0_matches_pyfory() {
    let mut n = 0;
    for l in lines("mmh3") {
        let data = unhex(&l[1]);
        let expected: u64 = l[2].parse().unwrap();
        let got = murmur3::murmur3_x64_128(&mut &data[..], 47).unwrap() as u64;
        assert_eq!(got, expected, "data {}", l[1]);
        n += 1;
    }
    assert!(n >= 64);
}

#[test]
fn meta_strings_match_pyfory() {
    let (mut exact, mut lenient) = (0, 0);
    for l in lines("meta") {
        let (ctx, name, enc) = (&l[1], unhex_str(&l[2]), l[3].parse::<i32>().unwrap());
        let (ours, specials) = match ctx.as_str() {
            "ns_stream" => (
                meta_string::encode_namespace(&name),
                meta_string::NAMESPACE_SPECIALS,
            ),
            "tn_stream" => (
                meta_string::encode_type_name(&name),
                meta_string::NAME_SPECIALS,
            ),
            "ns_td" => (
                meta_string::encode_typedef_namespace(&name),
                meta_string::NAMESPACE_SPECIALS,
            ),
            "tn_td" => (
                meta_string::encode_typedef_type_name(&name),
                meta_string::NAME_SPECIALS,
            ),
            "field" => (
                meta_string::encode_field_name(&name),
                meta_string::NAME_SPECIALS,
            ),
            other => panic!("unknown context {other}"),
        };
        if enc < 0 {
            // pyfory raises for this name; we only require a faithful encoding.
            lenient += 1;
        } else {
            let expected = MetaString {
                encoding: Encoding::from_wire(enc as u8).unwrap(),
                bytes: unhex(&l[4]),
            };
            assert_eq!(ours, expected, "{ctx} {name:?}");
            assert_eq!(
                meta_string::decode(&expected.bytes, expected.encoding, specials).unwrap(),
                name,
                "decoding pyfory's bytes for {ctx} {name:?}"
            );
            exact += 1;
        }
        assert_eq!(ours.decode(specials).unwrap(), name, "{ctx} {name:?}");
    }
    assert!(exact > 150, "only {exact} exact meta string vectors");
    // Names with non-ASCII letters, and FIRST_TO_LOWER_SPECIAL picks for namespaces and field
    // names, make pyfory raise; the count pins that the script still exercises them.
    assert!(lenient >= 5, "only {lenient} lenient vectors");
}

#[test]
fn snake_case_matches_pyfory() {
    for l in lines("snake") {
        assert_eq!(to_snake_case(&unhex_str(&l[1])), unhex_str(&l[2]));
    }
}

fn parse_type(s: &str) -> (FieldType, &str) {
    let end = s.find(['[', ']', '|']).unwrap_or(s.len());
    let parts: Vec<&str> = s[..end].split(',').collect();
    let wire_tid: u32 = parts[0].parse().unwrap();
    // pyfory's compatible TypeDefs carry 28/30 for struct fields; FieldType uses 27/29.
    let type_id = match wire_tid {
        types::COMPATIBLE_STRUCT => types::STRUCT,
        types::NAMED_COMPATIBLE_STRUCT => types::NAMED_STRUCT,
        t => t,
    };
    let mut ty = FieldType {
        type_id,
        nullable: parts[1] == "1",
        track_ref: parts[2] == "1",
        generics: Vec::new(),
        user: None,
    };
    let mut rest = &s[end..];
    if let Some(inner) = rest.strip_prefix('[') {
        rest = inner;
        loop {
            let (g, r) = parse_type(rest);
            ty.generics.push(g);
            if let Some(r) = r.strip_prefix('|') {
                rest = r;
            } else {
                rest = r.strip_prefix(']').expect("closing bracket");
                break;
            }
        }
    }
    (ty, rest)
}

fn parse_id(s: &str) -> FieldId {
    match s.strip_prefix('#') {
        Some(tag) => FieldId::Tag(tag.parse().unwrap()),
        None => FieldId::Name(unhex_str(s)),
    }
}

struct StructVec {
    label: String,
    ident: TypeIdent,
    decl: Vec<(FieldDef, bool)>,
    order: Vec<FieldId>,
    typedef: Vec<u8>,
    hash: i32,
}

fn structs() -> Vec<StructVec> {
    let mut out = Vec::new();
    let mut cur: Option<StructVec> = None;
    for l in vectors() {
        match l[0].as_str() {
            "struct" => {
                let ident = if let Some(id) = l[2].strip_prefix("id:") {
                    TypeIdent::Id(id.parse().unwrap())
                } else {
                    let p: Vec<&str> = l[2].split(':').collect();
                    TypeIdent::Named {
                        namespace: unhex_str(p[1]),
                        type_name: unhex_str(p[2]),
                    }
                };
                cur = Some(StructVec {
                    label: l[1].clone(),
                    ident,
                    decl: Vec::new(),
                    order: Vec::new(),
                    typedef: Vec::new(),
                    hash: 0,
                });
            }
            "decl" => {
                let (ty, rest) = parse_type(&l[2]);
                assert!(rest.is_empty());
                let f = FieldDef {
                    id: parse_id(&l[1]),
                    ty,
                };
                cur.as_mut().unwrap().decl.push((f, l[3] == "1"));
            }
            "order" => {
                let c = cur.as_mut().unwrap();
                c.order = l[1..]
                    .iter()
                    .filter(|t| *t != "-")
                    .map(|t| parse_id(t))
                    .collect();
            }
            "typedef" => cur.as_mut().unwrap().typedef = unhex(&l[1]),
            "hash" => cur.as_mut().unwrap().hash = l[1].parse().unwrap(),
            "end" => out.push(cur.take().unwrap()),
            _ => {}
        }
    }
    assert!(out.len() >= 14, "only {} structs", out.len());
    out
}

#[test]
fn typedefs_order_and_hashes_match_pyfory() {
    for s in structs() {
        let fields: Vec<FieldDef> = s.decl.iter().map(|(f, _)| f.clone()).collect();
        let def = TypeDef::new_struct(s.ident.clone(), true, fields.clone());
        let order: Vec<FieldId> = def.fields.iter().map(|f| f.id.clone()).collect();
        assert_eq!(order, s.order, "{}: field order", s.label);

        // The order must not depend on the declaration order.
        let mut reversed: Vec<FieldDef> = fields.iter().rev().cloned().collect();
        sort_fields(&mut reversed);
        assert_eq!(
            reversed, def.fields,
            "{}: order from reversed input",
            s.label
        );

        let bytes = def.encode().unwrap();
        assert_eq!(hex(&bytes), hex(&s.typedef), "{}: TypeDef bytes", s.label);

        let mut r = Reader::new(&s.typedef);
        let decoded = TypeDef::decode(&mut r).unwrap();
        assert_eq!(r.remaining(), 0);
        assert_eq!(decoded, def, "{}: decode of pyfory's TypeDef", s.label);

        // The hash uses the declared ref flag (pyfory.field(ref=True)), even with Fory(ref=False).
        let hash_fields: Vec<FieldDef> = s
            .decl
            .iter()
            .map(|(f, declared_ref)| {
                let mut f = f.clone();
                f.ty.track_ref = *declared_ref;
                f
            })
            .collect();
        assert_eq!(
            schema_hash(&hash_fields),
            s.hash,
            "{}: schema hash",
            s.label
        );
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|b| format!("{b:02x}")).collect()
}

fn ty(type_id: u32, nullable: bool) -> FieldType {
    FieldType {
        type_id,
        nullable,
        track_ref: false,
        generics: Vec::new(),
        user: None,
    }
}

fn name(n: &str, ty: FieldType) -> FieldDef {
    FieldDef {
        id: FieldId::Name(n.into()),
        ty,
    }
}

/// Hand-written field types (not read back from pyfory) pin the Python annotation mapping.
#[test]
fn hand_built_structs_match_pyfory() {
    let all = structs();
    let find = |label: &str| all.iter().find(|s| s.label == label).unwrap();

    let point = vec![
        name("x", ty(types::VARINT32, false)),
        name("y", ty(types::FLOAT64, false)),
        name("s", ty(types::STRING, false)),
        name("b", ty(types::BINARY, false)),
    ];
    let named = TypeIdent::Named {
        namespace: "demo".into(),
        type_name: "Point".into(),
    };
    let p = find("Point");
    let def = TypeDef::new_struct(named, true, point.clone());
    assert_eq!(def.encode().unwrap(), p.typedef);
    assert_eq!(schema_hash(&point), p.hash);
    assert_eq!(p.hash.to_le_bytes(), [0xd5, 0x85, 0xa3, 0x78]);
    let by_id = find("Point_id");
    let TypeIdent::Id(id) = by_id.ident else {
        panic!("Point_id is registered by id")
    };
    assert_eq!(
        TypeDef::new_struct(TypeIdent::Id(id), true, point)
            .encode()
            .unwrap(),
        by_id.typedef
    );

    let tag = |t: u32, ty: FieldType| FieldDef {
        id: FieldId::Tag(t),
        ty,
    };
    let tagged = vec![
        tag(0, ty(types::VARINT64, false)),
        tag(20, ty(types::STRING, true)),
        tag(5, ty(types::VARINT32, false)),
        tag(14, ty(types::STRING, false)),
        tag(15, ty(types::STRING, false)),
        name("zName", ty(types::STRING, false)),
        name("aName", ty(types::VARINT32, false)),
    ];
    let t = find("Tagged");
    let def = TypeDef::new_struct(t.ident.clone(), true, tagged.clone());
    assert_eq!(def.encode().unwrap(), t.typedef);
    assert_eq!(schema_hash(&tagged), t.hash);
}

#[test]
fn enum_typedef_matches_pyfory() {
    let l = lines("enum_typedef").next().expect("enum vector");
    let payload = unhex(&l[3]);
    let mut r = Reader::new(&payload[4..]);
    let def = TypeDef::decode(&mut r).unwrap();
    let expected = TypeDef {
        kind: TypeDefKind::Enum,
        ident: TypeIdent::Named {
            namespace: unhex_str(&l[1]),
            type_name: unhex_str(&l[2]),
        },
        compatible: false,
        fields: Vec::new(),
    };
    assert_eq!(def, expected);
    let used = payload.len() - 4 - r.remaining();
    assert_eq!(expected.encode().unwrap(), &payload[4..4 + used]);
}

/// Walks pyfory's non-compatible `Outer { a: Inner, b: Inner }` payload with the stream
/// meta-string reader, re-writes it with the stream writer, and checks both schema hashes.
#[test]
fn stream_meta_strings_match_pyfory() {
    let inner_fields = vec![name("a", ty(types::VARINT32, false))];
    let outer_fields = vec![
        name("a", ty(types::NAMED_STRUCT, false)),
        name("b", ty(types::NAMED_STRUCT, false)),
    ];
    let mut seen = 0;
    for l in lines("stream") {
        seen += 1;
        let ns = unhex_str(&l[1]);
        let (outer_hash, inner_hash): (i32, i32) = (l[2].parse().unwrap(), l[3].parse().unwrap());
        assert_eq!(schema_hash(&outer_fields), outer_hash);
        assert_eq!(schema_hash(&inner_fields), inner_hash);
        let payload = unhex(&l[4]);

        let mut table: Vec<MetaString> = Vec::new();
        let mut rebuilt = Vec::new();
        let mut w = Writer::new(&mut rebuilt);
        let mut r = Reader::new(&payload);
        let mut name_pair = |r: &mut Reader<'_>, w: &mut Writer<'_>| -> (String, String) {
            let mut pair = Vec::new();
            for specials in [meta_string::NAMESPACE_SPECIALS, meta_string::NAME_SPECIALS] {
                let ms = match meta_string::read_stream_meta_string(r, table.len()).unwrap() {
                    StreamMetaRead::New(ms) => {
                        meta_string::write_stream_meta_string(w, &ms);
                        table.push(ms.clone());
                        ms
                    }
                    StreamMetaRead::BackRef(i) => {
                        meta_string::write_stream_meta_string_ref(w, i as u32);
                        table[i].clone()
                    }
                };
                pair.push(ms.decode(specials).unwrap());
            }
            (pair.remove(0), pair.remove(0))
        };

        assert_eq!(r.take(3).unwrap(), [0x01, 0xff, types::NAMED_STRUCT as u8]);
        w.bytes(&[0x01, 0xff, types::NAMED_STRUCT as u8]);
        assert_eq!(name_pair(&mut r, &mut w), (ns.clone(), "Outer".to_owned()));
        assert_eq!(r.i32().unwrap(), outer_hash);
        w.u32(outer_hash as u32);
        for value in [1, 2] {
            assert_eq!(r.u8().unwrap(), types::NAMED_STRUCT as u8);
            w.u8(types::NAMED_STRUCT as u8);
            assert_eq!(name_pair(&mut r, &mut w), (ns.clone(), "Inner".to_owned()));
            assert_eq!(r.i32().unwrap(), inner_hash);
            w.u32(inner_hash as u32);
            assert_eq!(r.varint32().unwrap(), value);
            w.varint32(value);
        }
        assert_eq!(r.remaining(), 0);
        drop(w);
        assert_eq!(hex(&rebuilt), hex(&payload), "namespace {ns:?}");

        // Fresh encodings of the names equal what pyfory put in the table.
        assert!(table.contains(&meta_string::encode_namespace(&ns)));
        assert!(table.contains(&meta_string::encode_type_name("Outer")));
        assert!(table.contains(&meta_string::encode_type_name("Inner")));
    }
    assert_eq!(seen, 3);
}
