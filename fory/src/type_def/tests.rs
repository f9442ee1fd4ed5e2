//! TypeDef round trips, field order and hashes.

use super::codec::{header_hash, META_SIZE_MASK, STRUCT_FLAG};
use super::*;
use crate::buffer::{Reader, Writer};
use crate::types::*;

fn ft(type_id: u32) -> FieldType {
    FieldType {
        type_id,
        nullable: false,
        track_ref: false,
        generics: Vec::new(),
        user: None,
    }
}

fn named(name: &str, ty: FieldType) -> FieldDef {
    FieldDef {
        id: FieldId::Name(name.into()),
        ty,
    }
}

fn sample() -> TypeDef {
    let mut list = ft(LIST);
    list.generics.push(FieldType {
        nullable: true,
        ..ft(STRING)
    });
    let mut map = ft(MAP);
    map.generics = vec![ft(STRING), ft(NAMED_STRUCT)];
    let mut fields = vec![
        named("x", ft(VARINT32)),
        named("myField", ft(FLOAT64)),
        named("inner", ft(NAMED_STRUCT)),
        named("names", list),
        named("m", map),
        named(
            "opt",
            FieldType {
                nullable: true,
                ..ft(INT64)
            },
        ),
        FieldDef {
            id: FieldId::Tag(3),
            ty: ft(STRING),
        },
        FieldDef {
            id: FieldId::Tag(40),
            ty: ft(BOOL),
        },
    ];
    for i in 0..30 {
        fields.push(named(&format!("some_long_field_name_{i}"), ft(INT8)));
    }
    TypeDef::new_struct(
        TypeIdent::Named {
            namespace: "com.example.very.long.namespace".into(),
            type_name: "MyType".into(),
        },
        true,
        fields,
    )
}

#[test]
fn roundtrip() {
    let defs = [
        sample(),
        TypeDef {
            compatible: false,
            ..sample()
        },
        TypeDef::new_struct(TypeIdent::Id(7), true, vec![named("a", ft(STRING))]),
        TypeDef::new_struct(TypeIdent::Id(u32::MAX), true, vec![]),
        TypeDef {
            kind: TypeDefKind::Enum,
            ident: TypeIdent::Named {
                namespace: "".into(),
                type_name: "Color".into(),
            },
            compatible: false,
            fields: vec![],
        },
        TypeDef {
            kind: TypeDefKind::Union,
            ident: TypeIdent::Id(3),
            compatible: false,
            fields: vec![],
        },
        TypeDef::new_struct(
            TypeIdent::Named {
                namespace: "n".repeat(300),
                type_name: "T".repeat(100),
            },
            true,
            vec![],
        ),
    ];
    for d in defs {
        let bytes = d.encode().unwrap();
        let mut r = Reader::new(&bytes);
        assert_eq!(TypeDef::decode(&mut r).unwrap(), d);
        assert_eq!(r.remaining(), 0);
    }
}

#[test]
fn hostile_inputs_error_without_panicking() {
    let bytes = sample().encode().unwrap();
    for cut in 0..bytes.len() {
        assert!(TypeDef::decode(&mut Reader::new(&bytes[..cut])).is_err());
    }
    // Any single-bit flip in the body breaks the header hash; flips in the header break
    // the hash, the size or the flags.
    for i in 0..bytes.len() {
        for bit in 0..8 {
            let mut b = bytes.clone();
            b[i] ^= 1 << bit;
            assert!(
                TypeDef::decode(&mut Reader::new(&b)).is_err(),
                "byte {i} bit {bit}"
            );
        }
    }
    // Bodies with a valid hash but garbage content: re-hash arbitrary bodies.
    let mut seed = 0x1234_5678_u32;
    for len in 0..200usize {
        let body: Vec<u8> = (0..len)
            .map(|_| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                (seed >> 16) as u8
            })
            .collect();
        let data = frame(&body);
        let _ = TypeDef::decode(&mut Reader::new(&data));
    }
    // Deeply nested lists hit the depth limit instead of the stack.
    let mut body = vec![STRUCT_FLAG | 1, 0x00, 0x00, LIST as u8];
    body.extend(std::iter::repeat_n((LIST << 2) as u8, 1000));
    body.push(0);
    assert!(TypeDef::decode(&mut Reader::new(&frame(&body))).is_err());
    // A field count far beyond the body.
    let body = [STRUCT_FLAG | 31, 0xff, 0xff, 0xff, 0xff, 0x07, 0x00];
    assert!(TypeDef::decode(&mut Reader::new(&frame(&body))).is_err());
    // Duplicate tag ids.
    let body = [STRUCT_FLAG | 2, 0x05, 0xC4, 0x15, 0xC4, 0x15];
    assert!(TypeDef::decode(&mut Reader::new(&frame(&body))).is_err());
    // Well-formed control case for the frame helper.
    let body = [STRUCT_FLAG | 1, 0x05, 0xC4, 0x15];
    let d = TypeDef::decode(&mut Reader::new(&frame(&body))).unwrap();
    assert_eq!(d.fields[0].id, FieldId::Tag(1));
}

fn frame(body: &[u8]) -> Vec<u8> {
    let size = body.len() as u64;
    let low = size.min(META_SIZE_MASK);
    let mut out = Vec::new();
    let mut w = Writer::new(&mut out);
    w.u64(header_hash(body, low) | low);
    if size >= META_SIZE_MASK {
        w.varuint32((size - META_SIZE_MASK) as u32);
    }
    w.bytes(body);
    drop(w);
    out
}

#[test]
fn snake_case_like_pyfory() {
    for (a, b) in [
        ("myField", "my_field"),
        ("x", "x"),
        ("HTTPServer", "http_server"),
        ("a1B", "a1_b"),
        ("already_snake", "already_snake"),
        ("Trailing_", "trailing"),
        ("ABC", "abc"),
        ("getHTTPResponseCode", "get_http_response_code"),
    ] {
        assert_eq!(to_snake_case(a), b, "{a}");
    }
}

#[test]
fn point_schema_hash_from_notes() {
    let fields = vec![
        named("x", ft(VARINT32)),
        named("y", ft(FLOAT64)),
        named("s", ft(STRING)),
        named("b", ft(BINARY)),
    ];
    assert_eq!(
        schema_fingerprint(&fields),
        "b,41,0,0;s,21,0,0;x,5,0,0;y,20,0,0;"
    );
    assert_eq!(schema_hash(&fields).to_le_bytes(), [0xd5, 0x85, 0xa3, 0x78]);
    assert_eq!(schema_hash(&[]), 47);
}

#[test]
fn encode_rejects_unrepresentable() {
    let d = TypeDef::new_struct(TypeIdent::Id(1), true, vec![named("", ft(STRING))]);
    assert!(d.encode().is_err());
    let d = TypeDef::new_struct(
        TypeIdent::Id(1),
        true,
        vec![FieldDef {
            id: FieldId::Tag(MAX_FIELD_TAG + 1),
            ty: ft(STRING),
        }],
    );
    assert!(d.encode().is_err());
    let d = TypeDef {
        kind: TypeDefKind::Enum,
        ident: TypeIdent::Id(1),
        compatible: false,
        fields: vec![named("a", ft(STRING))],
    };
    assert!(d.encode().is_err());
}
