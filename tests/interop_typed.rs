//! pyfory 1.7.7 ↔ Rust derived structs: every struct case of the catalogue decoded into typed
//! Rust values, and the typed values serialized back to bytes equal to pyfory's.

use std::collections::HashMap;
use std::rc::Rc;

use fory::{Fory, ForyDeserialize, ForySerialize};
use fory_tests::{catalogue, check_in_python, hex, Case};

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(name = "demo.Point")]
struct Point {
    x: i32,
    y: f64,
    s: String,
    #[fory(rename = "myField")]
    my_field: i64,
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(id = 101)]
struct IdPoint {
    x: i32,
    y: f64,
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(name = "demo.Inner")]
struct Inner {
    name: String,
    #[fory(list)]
    values: Vec<i64>,
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(name = "demo.Outer")]
struct Outer {
    inner: Inner,
    maybe: Option<Inner>,
    tags: HashMap<String, i64>,
    label: Option<String>,
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(name = "com.example.very.long.namespace.LongNs")]
struct LongNs {
    v: i64,
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone, Copy)]
#[fory(name = "demo.Color")]
enum Color {
    #[default]
    Red,
    Green,
    Blue,
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(id = 102)]
struct Painted {
    color: Color,
    blob: Vec<u8>,
    ratio: f32,
    small: i8,
    mid: i16,
    #[fory(encoding = "fixed")]
    fixed: i32,
    #[fory(encoding = "tagged")]
    tagged: i64,
    flag: bool,
    names: Vec<String>,
}

/// Lists of derived structs as fields: one element type info per list, then the bodies (a
/// ref flag before each with ref tracking on).
#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(name = "demo.Roster")]
struct Roster {
    points: Vec<Point>,
    ids: Vec<IdPoint>,
    none: Vec<IdPoint>,
}

/// Enum fields that end a run of scalars or of strings, or start one, and struct fields in
/// the same places: the derive writes such an enum's ordinal inside the run, and such a struct
/// before or after it (wire order: h, w, a_color | b_title, c_at | d_uri, e_shade | f_mode,
/// g_note | h_ids | i_at, j_tail).
#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(id = 103)]
struct Tile {
    w: i32,
    h: i32,
    a_color: Color,
    b_title: String,
    c_at: Point,
    d_uri: String,
    e_shade: Color,
    f_mode: Color,
    g_note: String,
    #[fory(list)]
    h_ids: Vec<i64>,
    i_at: Point,
    j_tail: String,
}

fn fory_for(c: &Case) -> Fory {
    let mut f = c.fory();
    f.register::<Point>().unwrap();
    f.register::<IdPoint>().unwrap();
    f.register::<Inner>().unwrap();
    f.register::<Outer>().unwrap();
    f.register::<LongNs>().unwrap();
    f.register::<Color>().unwrap();
    f.register::<Painted>().unwrap();
    f.register::<Roster>().unwrap();
    f.register::<Tile>().unwrap();
    f
}

fn point() -> Point {
    Point {
        x: 1,
        y: 2.5,
        s: "hi".into(),
        my_field: -7,
    }
}

fn inner() -> Inner {
    Inner {
        name: "in".into(),
        values: vec![1, 2, 3],
    }
}

fn painted() -> Painted {
    Painted {
        color: Color::Blue,
        blob: b"zz".to_vec(),
        ratio: 0.5,
        small: -3,
        mid: 300,
        fixed: -100000,
        tagged: 1 << 40,
        flag: true,
        names: vec!["x".into(), "y".into()],
    }
}

/// Decodes `case` as `T`, checks it equals `want`, re-encodes it and returns the bytes.
fn check<T>(c: &Case, want: &T) -> Vec<u8>
where
    T: for<'de> fory::Deserialize<'de> + fory::Serialize + PartialEq + std::fmt::Debug,
{
    let fory = fory_for(c);
    let got: T = fory
        .deserialize(&c.bytes)
        .unwrap_or_else(|e| panic!("case {}: {e} (bytes {})", c.name, hex(&c.bytes)));
    assert_eq!(&got, want, "case {}", c.name);
    let bytes = fory.serialize(want).unwrap();
    assert_eq!(
        hex(&bytes),
        hex(&c.bytes),
        "case {}: Rust bytes differ from pyfory's",
        c.name
    );
    bytes
}

#[test]
fn typed_structs_both_directions() {
    let mut written = Vec::new();
    let mut seen = 0;
    for c in catalogue() {
        let base = c.name.trim_end_matches("_nc");
        let bytes = match base {
            "point" => check(&c, &point()),
            "point_id" => check(&c, &IdPoint { x: 3, y: 4.5 }),
            "outer" => check(
                &c,
                &Outer {
                    inner: inner(),
                    maybe: None,
                    tags: HashMap::from([("k".into(), 2)]),
                    label: None,
                },
            ),
            "outer_full" => check(
                &c,
                &Outer {
                    inner: inner(),
                    maybe: Some(Inner {
                        name: "m".into(),
                        values: vec![],
                    }),
                    tags: HashMap::new(),
                    label: Some("lbl".into()),
                },
            ),
            "same_twice" => check(&c, &vec![point(), point()]),
            "long_ns" => check(&c, &LongNs { v: 9 }),
            "painted" => check(&c, &painted()),
            "enum" => check(&c, &Color::Green),
            "roster" | "roster_ref" => check(
                &c,
                &Roster {
                    points: vec![
                        point(),
                        Point {
                            x: 5,
                            y: -0.5,
                            s: "yo".into(),
                            my_field: 3,
                        },
                    ],
                    ids: vec![IdPoint { x: 1, y: 1.0 }],
                    none: vec![],
                },
            ),
            "tile" => check(
                &c,
                &Tile {
                    w: 640,
                    h: -480,
                    a_color: Color::Green,
                    b_title: "sunset".into(),
                    c_at: point(),
                    d_uri: "http://x/y.png".into(),
                    e_shade: Color::Blue,
                    f_mode: Color::Green,
                    g_note: "note".into(),
                    h_ids: vec![7],
                    i_at: point(),
                    j_tail: "end".into(),
                },
            ),
            "tile_long" => check(
                &c,
                &Tile {
                    w: 1,
                    h: 1 << 20,
                    a_color: Color::Blue,
                    b_title: "long ".repeat(20),
                    c_at: point(),
                    d_uri: "u".into(),
                    e_shade: Color::Red,
                    f_mode: Color::Blue,
                    g_note: "note ".repeat(20),
                    h_ids: vec![],
                    i_at: point(),
                    j_tail: "tail ".repeat(20),
                },
            ),
            "roster_long" => check(
                &c,
                &Roster {
                    points: vec![],
                    ids: (0..130).map(|x| IdPoint { x, y: 0.5 }).collect(),
                    none: vec![],
                },
            ),
            _ => continue,
        };
        seen += 1;
        written.push((c.name.clone(), bytes));
    }
    assert_eq!(seen, 24, "every typed case ran");
    for (name, verdict) in check_in_python(&written) {
        assert!(verdict.ok, "case {name}: {}", verdict.error);
    }
}

#[test]
fn shared_rc_comes_back_shared() {
    let c = catalogue()
        .into_iter()
        .find(|c| c.name == "ref_point")
        .unwrap();
    let fory = fory_for(&c);
    let got: Vec<Rc<Point>> = fory.deserialize(&c.bytes).unwrap();
    assert_eq!(*got[0], point());
    assert!(
        Rc::ptr_eq(&got[0], &got[1]),
        "the back-reference resolves to the same Rc"
    );
    // Written back: the second occurrence is a back-reference, exactly as pyfory wrote it.
    let p = Rc::new(point());
    let bytes = fory.serialize(&vec![p.clone(), p]).unwrap();
    assert_eq!(hex(&bytes), hex(&c.bytes));
}
