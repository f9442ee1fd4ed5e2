//! `#[derive(ForySerialize, ForyDeserialize)]`: every attribute, enums, nesting, borrowing and
//! generics round-trip, and the derived types write the bytes pyfory 1.7.7 writes for the
//! equivalent dataclasses (golden bytes always come from pyfory, never from our encoder).

use std::borrow::Cow;
use std::rc::Rc;

use fory::{Fory, ForyDeserialize, ForySerialize};
use fory_tests::{hex, pyfory_bytes};

/// Asserts that `value`, registered with `register`, serializes to pyfory's bytes for `expr`
/// (after `setup`) in both compatible and schema-consistent mode, and reads them back.
fn assert_pyfory_bytes<T>(value: &T, register: fn(&mut Fory), expr: &str, setup: &str)
where
    T: fory::Serialize + for<'de> fory::Deserialize<'de> + PartialEq + std::fmt::Debug,
{
    for compatible in [true, false] {
        let mut fory = Fory::builder().compatible(compatible).build();
        register(&mut fory);
        let ours = fory.serialize(value).unwrap();
        let ctor = format!(
            "Fory(xlang=True, compatible={})",
            if compatible { "True" } else { "False" }
        );
        let theirs = pyfory_bytes(expr, &ctor, setup);
        assert_eq!(
            hex(&ours),
            hex(&theirs),
            "compatible={compatible}: our bytes (left) differ from pyfory's (right)"
        );
        let back: T = fory.deserialize(&theirs).unwrap();
        assert_eq!(&back, value, "compatible={compatible}");
    }
}

fn round_trip<T>(fory: &Fory, value: &T) -> T
where
    T: fory::Serialize + for<'de> fory::Deserialize<'de>,
{
    fory.deserialize(&fory.serialize(value).unwrap()).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Byte equality with pyfory.

/// The struct of `handwritten.rs`, now derived.
#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
#[fory(name = "demo.Point")]
struct Point {
    x: i32,
    y: f64,
    s: String,
    #[fory(rename = "myField")]
    my_field: i64,
}

const POINT_PY: &str = "@dataclass\nclass Point:\n    x: pyfory.Int32\n    y: float\n    s: str\n    myField: int\nf.register_type(Point, name='demo.Point')";

#[test]
fn derived_point_matches_handwritten_and_pyfory() {
    assert_pyfory_bytes(
        &Point {
            x: 1,
            y: 2.0,
            s: "a".into(),
            my_field: 5,
        },
        |f| f.register::<Point>().unwrap(),
        "Point(1, 2.0, 'a', 5)",
        POINT_PY,
    );
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
#[fory(id = 101)]
struct IdPoint {
    x: i32,
    y: f64,
}

#[test]
fn struct_registered_by_id_matches_pyfory() {
    assert_pyfory_bytes(
        &IdPoint { x: -7, y: 0.5 },
        |f| f.register::<IdPoint>().unwrap(),
        "IdPoint(-7, 0.5)",
        "@dataclass\nclass IdPoint:\n    x: pyfory.Int32\n    y: float\nf.register_type(IdPoint, type_id=101)",
    );
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
#[fory(name = "demo.Encoded")]
struct Encoded {
    #[fory(encoding = "fixed")]
    fixed32: i32,
    #[fory(encoding = "fixed")]
    fixed64: i64,
    #[fory(encoding = "tagged")]
    tagged64: i64,
    #[fory(encoding = "fixed")]
    ufixed32: u32,
    #[fory(encoding = "tagged")]
    utagged64: u64,
    #[fory(encoding = "varint")]
    var64: i64,
}

#[test]
fn integer_encodings_match_pyfory() {
    assert_pyfory_bytes(
        &Encoded {
            fixed32: -3,
            fixed64: 1 << 40,
            tagged64: -(1 << 35),
            ufixed32: 4_000_000_000,
            utagged64: 1 << 62,
            var64: 300,
        },
        |f| f.register::<Encoded>().unwrap(),
        "Encoded(-3, 1 << 40, -(1 << 35), 4000000000, 1 << 62, 300)",
        "@dataclass\nclass Encoded:\n    fixed32: pyfory.FixedInt32\n    fixed64: pyfory.FixedInt64\n    tagged64: pyfory.TaggedInt64\n    ufixed32: pyfory.FixedUInt32\n    utagged64: pyfory.TaggedUInt64\n    var64: int\nf.register_type(Encoded, name='demo.Encoded')",
    );
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
#[fory(name = "demo.Lists")]
struct Lists {
    #[fory(list)]
    ints: Vec<i64>,
    #[fory(list)]
    floats: Vec<f64>,
    dense: Vec<i32>,
}

#[test]
fn list_attribute_matches_pyfory_list() {
    assert_pyfory_bytes(
        &Lists {
            ints: vec![1, -2, 1 << 40],
            floats: vec![0.5, -1.25],
            dense: vec![7, 8],
        },
        |f| f.register::<Lists>().unwrap(),
        "Lists([1, -2, 1 << 40], [0.5, -1.25], pyfory.Int32Array([7, 8]))",
        "@dataclass\nclass Lists:\n    ints: List[int]\n    floats: List[float]\n    dense: pyfory.Int32Array\nf.register_type(Lists, name='demo.Lists')",
    );
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
#[fory(name = "demo.Tagged")]
struct Tagged {
    #[fory(id = 1)]
    first: i32,
    #[fory(id = 7)]
    name: String,
    plain: i64,
    #[fory(id = 3, nullable)]
    maybe: Option<String>,
}

#[test]
fn tag_id_fields_match_pyfory_field_id() {
    assert_pyfory_bytes(
        &Tagged {
            first: 42,
            name: "n".into(),
            plain: -1,
            maybe: Some("m".into()),
        },
        |f| f.register::<Tagged>().unwrap(),
        "Tagged(42, 'n', -1, 'm')",
        "@dataclass\nclass Tagged:\n    first: pyfory.Int32 = pyfory.field(id=1)\n    name: str = pyfory.field(id=7)\n    plain: int = pyfory.field()\n    maybe: Optional[str] = pyfory.field(id=3, nullable=True)\nf.register_type(Tagged, name='demo.Tagged')",
    );
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone, Copy)]
#[fory(name = "demo.Color")]
enum Color {
    #[default]
    Red,
    Green,
    Blue,
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone, Copy)]
#[fory(id = 55)]
enum Size {
    #[default]
    Small,
    Large,
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
#[fory(name = "demo.Shape")]
struct Shape {
    at: Point,
    color: Color,
    size: Size,
    label: Option<String>,
}

const SHAPE_PY: &str = "class Color(enum.Enum):\n    Red = 0\n    Green = 1\n    Blue = 2\nclass Size(enum.Enum):\n    Small = 0\n    Large = 1\n@dataclass\nclass Shape:\n    at: Point\n    color: Color\n    size: Size\n    label: Optional[str]\nf.register_type(Color, name='demo.Color')\nf.register_type(Size, type_id=55)\nf.register_type(Shape, name='demo.Shape')";

fn register_shape(f: &mut Fory) {
    f.register::<Point>().unwrap();
    f.register::<Color>().unwrap();
    f.register::<Size>().unwrap();
    f.register::<Shape>().unwrap();
}

#[test]
fn nested_struct_and_enum_fields_match_pyfory() {
    let setup = format!("{POINT_PY}\n{SHAPE_PY}");
    assert_pyfory_bytes(
        &Shape {
            at: Point {
                x: 3,
                y: -1.5,
                s: "p".into(),
                my_field: 9,
            },
            color: Color::Blue,
            size: Size::Large,
            label: None,
        },
        register_shape,
        "Shape(Point(3, -1.5, 'p', 9), Color.Blue, Size.Large, None)",
        &setup,
    );
}

#[test]
fn enums_at_the_root_match_pyfory() {
    assert_pyfory_bytes(
        &Color::Green,
        register_shape,
        "Color.Green",
        &format!("{POINT_PY}\n{SHAPE_PY}"),
    );
    assert_pyfory_bytes(
        &Size::Large,
        register_shape,
        "Size.Large",
        &format!("{POINT_PY}\n{SHAPE_PY}"),
    );
}

// ---------------------------------------------------------------------------------------------
// Round trips.

fn seven() -> i64 {
    7
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
#[fory(name = "demo.Everything")]
struct Everything {
    plain: u16,
    #[fory(rename = "wireName")]
    renamed: String,
    #[fory(id = 4)]
    tagged: i32,
    #[fory(skip)]
    skipped: Vec<u8>,
    #[fory(skip, default = "seven")]
    skipped_with_default: i64,
    #[fory(nullable)]
    maybe: Option<i64>,
    absent: Option<String>,
    #[fory(ref)]
    shared: Rc<String>,
    #[fory(encoding = "fixed")]
    fixed: u64,
    #[fory(list)]
    listed: Vec<u16>,
    #[fory(out_of_band)]
    samples: Vec<f32>,
    #[fory(default = "seven")]
    with_default: i64,
    r#type: bool,
}

fn everything() -> Everything {
    Everything {
        plain: 3,
        renamed: "r".into(),
        tagged: -4,
        skipped: vec![1, 2],
        skipped_with_default: 99,
        maybe: Some(5),
        absent: None,
        shared: Rc::new("s".into()),
        fixed: 1 << 50,
        listed: vec![1, 2, 3],
        samples: vec![0.5, 1.5],
        with_default: 11,
        r#type: true,
    }
}

#[test]
fn every_attribute_round_trips() {
    for compatible in [true, false] {
        let mut fory = Fory::builder()
            .compatible(compatible)
            .ref_tracking(true)
            .build();
        fory.register::<Everything>().unwrap();
        let back = round_trip(&fory, &everything());
        assert_eq!(
            back,
            Everything {
                skipped: Vec::new(),
                skipped_with_default: 7,
                ..everything()
            }
        );
    }
}

#[test]
fn out_of_band_field_travels_in_a_buffer() {
    let v = Everything {
        samples: vec![1.0, 2.0, 3.0],
        ..Everything::default()
    };
    let mut fory = Fory::builder().build();
    fory.register::<Everything>().unwrap();
    let mut buffers = Vec::new();
    let payload = fory.serialize_with(&v, |b| buffers.push(b)).unwrap();
    assert!(!buffers.is_empty(), "the out_of_band field was offered");
    let back: Everything = fory.deserialize_with_buffers(&payload, &buffers).unwrap();
    assert_eq!(back.samples, v.samples);
}

#[test]
fn enums_round_trip_and_reject_unknown_ordinals() {
    let mut fory = Fory::builder().build();
    register_shape(&mut fory);
    for c in [Color::Red, Color::Green, Color::Blue] {
        assert_eq!(round_trip(&fory, &c), c);
    }
    // A peer with a fourth colour: its ordinal is out of range here.
    let bytes = pyfory_bytes(
        "Color.Black",
        "Fory(xlang=True)",
        "class Color(enum.Enum):\n    Red = 0\n    Green = 1\n    Blue = 2\n    Black = 3\nf.register_type(Color, name='demo.Color')",
    );
    let err = fory.deserialize::<Color>(&bytes).unwrap_err();
    assert!(matches!(err, fory::Error::OutOfRange { .. }), "{err}");
}

/// An enum *field* is read by the derived enum's own fast path (the bare ordinal): an unknown
/// ordinal there is still OutOfRange, at the ordinal's byte, which is where pyfory's bytes for
/// the same message with a known colour differ.
#[test]
fn enum_field_with_an_unknown_ordinal_is_out_of_range_at_its_byte() {
    let mut fory = Fory::builder().build();
    register_shape(&mut fory);
    let setup =
        |colors: &str| format!("{POINT_PY}\n{}", SHAPE_PY.replace("    Blue = 2\n", colors));
    let expr = |c: &str| format!("Shape(Point(3, -1.5, 'p', 9), Color.{c}, Size.Large, None)");
    let four = setup("    Blue = 2\n    Black = 3\n");
    let blue = pyfory_bytes(&expr("Blue"), "Fory(xlang=True)", &four);
    let black = pyfory_bytes(&expr("Black"), "Fory(xlang=True)", &four);
    let diff: Vec<usize> = (0..blue.len()).filter(|&i| blue[i] != black[i]).collect();
    assert_eq!(
        (blue.len(), diff.len()),
        (black.len(), 1),
        "one byte: the ordinal"
    );
    assert_eq!(fory.deserialize::<Shape>(&blue).unwrap().color, Color::Blue);
    match fory.deserialize::<Shape>(&black) {
        Err(fory::Error::OutOfRange { at, target }) => {
            assert_eq!((at, target), (diff[0], "Color"));
        }
        other => panic!("expected OutOfRange, got {other:?}"),
    }
}

/// An enum used only as a plain field is written and read as its bare ordinal: neither
/// direction needs it registered (the ordinal is checked against the enum's own variants).
#[test]
fn unregistered_enum_field_round_trips() {
    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone, Copy)]
    #[fory(id = 77)]
    enum Lone {
        #[default]
        A,
        B,
    }
    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(id = 78)]
    struct Holder {
        x: i32,
        l: Lone,
    }
    let mut fory = Fory::builder().build();
    fory.register::<Holder>().unwrap();
    let v = Holder { x: 1, l: Lone::B };
    assert_eq!(round_trip(&fory, &v), v);
    // At the root the enum carries its own type info, which needs the registration.
    assert!(matches!(
        fory.serialize(&Lone::B),
        Err(fory::Error::UnregisteredType { .. })
    ));
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
#[fory(name = "demo.Unit")]
struct Unit;

#[test]
fn unit_struct_round_trips() {
    let mut fory = Fory::builder().build();
    fory.register::<Unit>().unwrap();
    assert_eq!(round_trip(&fory, &Unit), Unit);
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
#[fory(name = "demo.Borrowed")]
struct Borrowed<'a> {
    bytes: &'a [u8],
    text: &'a str,
    cow: Cow<'a, str>,
    floats: Cow<'a, [f64]>,
    #[fory(out_of_band)]
    column: &'a [u8],
}

#[test]
fn borrowed_fields_borrow_from_the_payload() {
    let mut fory = Fory::builder().build();
    fory.register::<Borrowed>().unwrap();
    let column = [5u8, 6, 7];
    let v = Borrowed {
        bytes: b"raw",
        text: "hello",
        cow: Cow::Borrowed("cow"),
        floats: Cow::Owned(vec![1.5, 2.5]),
        column: &column,
    };
    let mut buffers = Vec::new();
    let payload = fory
        .serialize_with(&v, |b| buffers.push(b.as_slice().to_vec()))
        .unwrap();
    let back: Borrowed<'_> = fory.deserialize_with_buffers(&payload, &buffers).unwrap();
    assert_eq!(back, v);
    // With a callback every BINARY value is offered, so `bytes` and `column` travel as
    // buffers; the strings stay in the payload. Nothing is copied.
    let inside = |ptr: *const u8| {
        std::iter::once(payload.as_slice())
            .chain(buffers.iter().map(Vec::as_slice))
            .any(|b| b.as_ptr_range().contains(&ptr))
    };
    assert_eq!(buffers.len(), 2);
    assert!(inside(back.bytes.as_ptr()), "bytes borrow");
    assert!(
        payload.as_ptr_range().contains(&back.text.as_ptr()),
        "text borrows the payload"
    );
    assert!(matches!(back.cow, Cow::Borrowed(_)));
    assert_eq!(
        back.column.as_ptr(),
        buffers[1].as_ptr(),
        "column borrows its buffer"
    );
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
#[fory(name = "demo.Pair")]
struct Pair<A, B> {
    left: A,
    right: Vec<B>,
    #[fory(skip)]
    note: Option<B>,
}

#[test]
fn generic_struct_round_trips() {
    let mut fory = Fory::builder().build();
    fory.register::<Pair<String, i32>>().unwrap();
    let v = Pair {
        left: "l".to_string(),
        right: vec![1, 2],
        note: None,
    };
    assert_eq!(round_trip(&fory, &v), v);
}

/// Read-only view of `demo.Point`: only `ForyDeserialize`, so it says `deserialize_only` and
/// that derive registers it.
#[derive(ForyDeserialize, Debug, PartialEq, Default)]
#[fory(name = "demo.Point", deserialize_only)]
struct PointView<'a> {
    s: &'a str,
    #[fory(rename = "myField")]
    my_field: i64,
}

#[test]
fn deserialize_only_view_reads_pyfory_bytes() {
    let bytes = pyfory_bytes("Point(1, 2.0, 'view', 5)", "Fory(xlang=True)", POINT_PY);
    let mut fory = Fory::builder().build();
    fory.register::<PointView>().unwrap();
    let v: PointView<'_> = fory.deserialize(&bytes).unwrap();
    assert_eq!(
        v,
        PointView {
            s: "view",
            my_field: 5
        }
    );
}

mod renamed_runtime {
    use ::fory as runtime;
    use runtime::{ForyDeserialize, ForySerialize};

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(crate = "runtime", name = "demo.Renamed")]
    pub struct Renamed {
        pub v: i32,
    }
}

#[test]
fn crate_attribute_names_the_runtime() {
    let mut fory = Fory::builder().build();
    fory.register::<renamed_runtime::Renamed>().unwrap();
    let v = renamed_runtime::Renamed { v: 8 };
    assert_eq!(round_trip(&fory, &v), v);
}

/// Without `name` or `id` a type is registered under its Rust name, empty namespace.
#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
struct Anonymous {
    v: i32,
}

#[test]
fn default_name_is_the_rust_name_in_the_empty_namespace() {
    let mut fory = Fory::builder().build();
    fory.register::<Anonymous>().unwrap();
    let theirs = pyfory_bytes(
        "Anonymous(3)",
        "Fory(xlang=True)",
        "@dataclass\nclass Anonymous:\n    v: pyfory.Int32\nf.register_type(Anonymous, name='Anonymous')",
    );
    assert_eq!(
        hex(&fory.serialize(&Anonymous { v: 3 }).unwrap()),
        hex(&theirs)
    );
}

// ---------------------------------------------------------------------------------------------
// Schema evolution (compatible mode).

mod v1 {
    use fory::{ForyDeserialize, ForySerialize};

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(name = "demo.Evolving")]
    pub struct Evolving {
        pub id: i64,
        pub name: String,
    }
}

mod v2 {
    use fory::{ForyDeserialize, ForySerialize};

    pub fn unknown() -> String {
        "unknown".into()
    }

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(name = "demo.Evolving")]
    pub struct Evolving {
        pub id: i64,
        pub name: String,
        pub tags: Vec<String>,
        #[fory(default = "unknown")]
        pub owner: String,
        pub nested: Option<super::Point>,
    }
}

#[test]
fn newer_writer_older_reader_skips_extra_fields() {
    let mut w = Fory::builder().build();
    w.register::<Point>().unwrap();
    w.register::<v2::Evolving>().unwrap();
    let bytes = w
        .serialize(&v2::Evolving {
            id: 1,
            name: "n".into(),
            tags: vec!["a".into()],
            owner: "o".into(),
            nested: Some(Point::default()),
        })
        .unwrap();
    let mut r = Fory::builder().build();
    r.register::<v1::Evolving>().unwrap();
    let back: v1::Evolving = r.deserialize(&bytes).unwrap();
    assert_eq!(
        back,
        v1::Evolving {
            id: 1,
            name: "n".into()
        }
    );
}

#[test]
fn older_writer_newer_reader_fills_defaults() {
    let mut w = Fory::builder().build();
    w.register::<v1::Evolving>().unwrap();
    let bytes = w
        .serialize(&v1::Evolving {
            id: 2,
            name: "m".into(),
        })
        .unwrap();
    let mut r = Fory::builder().build();
    r.register::<Point>().unwrap();
    r.register::<v2::Evolving>().unwrap();
    let back: v2::Evolving = r.deserialize(&bytes).unwrap();
    assert_eq!(
        back,
        v2::Evolving {
            id: 2,
            name: "m".into(),
            tags: Vec::new(),
            owner: "unknown".into(),
            nested: None,
        }
    );
}

#[test]
fn pyfory_v1_bytes_read_into_v2() {
    let bytes = pyfory_bytes(
        "Evolving(5, 'py')",
        "Fory(xlang=True)",
        "@dataclass\nclass Evolving:\n    id: int\n    name: str\nf.register_type(Evolving, name='demo.Evolving')",
    );
    let mut r = Fory::builder().build();
    r.register::<Point>().unwrap();
    r.register::<v2::Evolving>().unwrap();
    let back: v2::Evolving = r.deserialize(&bytes).unwrap();
    assert_eq!(
        (back.id, back.name.as_str(), back.owner.as_str()),
        (5, "py", "unknown")
    );
}

mod straight_line {
    use fory::{Fory, ForyDeserialize, ForySerialize};

    /// An alias hides that the field is an integer (a primitive, sorted first on the wire).
    type Id = i64;

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(name = "test.Plain")]
    struct Plain {
        zeta: String,
        alpha: Option<i32>,
        #[fory(encoding = "fixed")]
        mid: i64,
        flag: bool,
        #[fory(id = 3)]
        tagged: u16,
        #[fory(rename = "camelCase")]
        camel_case: f32,
    }

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(name = "test.Aliased")]
    struct Aliased {
        name: String,
        zid: Id,
    }

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(name = "test.Aliased")]
    struct Spelled {
        name: String,
        zid: i64,
    }

    #[test]
    fn predicted_order_is_used_when_right_and_checked_when_not() {
        for compatible in [true, false] {
            let mut fory = Fory::builder().compatible(compatible).build();
            fory.register::<Plain>().unwrap();
            fory.register::<Aliased>().unwrap();
            assert!(fory.__uses_straight_line::<Plain>());
            // The alias looks like a struct to the derive, so its prediction is wrong: the
            // registry notices and the general loop writes the right order.
            assert!(!fory.__uses_straight_line::<Aliased>());
            let v = Plain {
                zeta: "z".into(),
                alpha: Some(-1),
                mid: 1 << 40,
                flag: true,
                tagged: 7,
                camel_case: 0.5,
            };
            let back: Plain = fory.deserialize(&fory.serialize(&v).unwrap()).unwrap();
            assert_eq!(back, v);

            let mut spelled = Fory::builder().compatible(compatible).build();
            spelled.register::<Spelled>().unwrap();
            assert!(spelled.__uses_straight_line::<Spelled>());
            let a = Aliased {
                name: "n".into(),
                zid: 42,
            };
            let s = Spelled {
                name: "n".into(),
                zid: 42,
            };
            let (ab, sb) = (fory.serialize(&a).unwrap(), spelled.serialize(&s).unwrap());
            assert_eq!(ab, sb, "both paths write the same bytes");
            assert_eq!(spelled.deserialize::<Spelled>(&ab).unwrap(), s);
            assert_eq!(fory.deserialize::<Aliased>(&sb).unwrap(), a);
        }
    }

    /// Scalars and five strings: the derive batches them into runs of at most three strings,
    /// taken when every string of the run is short (at most 64 bytes), else written one by
    /// one. Either way the bytes must be the general path's (the message re-written from a
    /// `Value`), for every length around the limit and for ASCII, Latin-1 and other text.
    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
    #[fory(name = "test.Texts")]
    struct Texts {
        n: i32,
        a: String,
        b: String,
        big: u64,
        c: String,
        d: String,
        e: String,
        flag: bool,
    }

    #[test]
    fn string_runs_write_the_general_paths_bytes() {
        let text = |len: usize, kind: usize| -> String {
            let unit = ["x", "\u{e9}", "\u{4e2d}"][kind];
            let mut s = String::new();
            while s.len() + unit.len() <= len {
                s.push_str(unit);
            }
            s
        };
        for compatible in [true, false] {
            let mut fory = Fory::builder().compatible(compatible).build();
            fory.register::<Texts>().unwrap();
            assert!(fory.__uses_straight_line::<Texts>());
            let mut buf = Vec::new();
            for len in [0, 1, 3, 15, 16, 31, 32, 62, 63, 64, 65, 66, 200] {
                for kind in 0..3 {
                    let long = text(len, kind);
                    let v = Texts {
                        n: -(len as i32),
                        a: long.clone(),
                        b: "b".into(),
                        big: u64::MAX >> (len % 64),
                        c: text(64 - len.min(64), kind),
                        d: long.clone(),
                        e: text(len / 2, 2 - kind),
                        flag: len % 2 == 0,
                    };
                    // Into a reused vector too, whose old bytes are the writer's room.
                    fory.serialize_into(&v, &mut buf).unwrap();
                    let bytes = fory.serialize(&v).unwrap();
                    assert_eq!(buf, bytes);
                    assert_eq!(fory.deserialize::<Texts>(&bytes).unwrap(), v);
                    let as_value: fory::Value = fory.deserialize(&bytes).unwrap();
                    assert_eq!(
                        fory.serialize(&as_value).unwrap(),
                        bytes,
                        "compatible {compatible}, len {len}, kind {kind}"
                    );
                }
            }
        }
    }

    mod shadowed {
        /// `i32` here is not the primitive: the derive's guess (VARINT32, written directly) is
        /// wrong, and the registry must notice.
        #[allow(non_camel_case_types)]
        type i32 = i64;

        #[derive(fory::ForySerialize, fory::ForyDeserialize, Debug, PartialEq, Default)]
        #[fory(name = "test.Shadow")]
        pub struct Shadow {
            pub a: i32,
        }
    }

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(name = "test.Shadow")]
    struct Wide {
        a: i64,
    }

    #[test]
    fn a_shadowed_scalar_name_falls_back_to_the_general_path() {
        let mut fory = Fory::default();
        fory.register::<shadowed::Shadow>().unwrap();
        assert!(!fory.__uses_straight_line::<shadowed::Shadow>());
        let mut wide = Fory::default();
        wide.register::<Wide>().unwrap();
        assert!(wide.__uses_straight_line::<Wide>());
        let v = shadowed::Shadow { a: 1 << 40 };
        let bytes = fory.serialize(&v).unwrap();
        assert_eq!(bytes, wide.serialize(&Wide { a: 1 << 40 }).unwrap());
        assert_eq!(fory.deserialize::<shadowed::Shadow>(&bytes).unwrap(), v);
    }
}

/// `#[fory(small_code)]`: a struct compiled without the straight-line field code writes and
/// reads pyfory's bytes through the plan path alone, at the root, nested, in a list and as a
/// tuple struct.
mod small_code {
    use super::*;
    use std::collections::HashMap;

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
    #[fory(name = "demo.Point", small_code)]
    struct SmallPoint {
        x: i32,
        y: f64,
        s: String,
        #[fory(rename = "myField")]
        my_field: i64,
    }

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(name = "demo.Holder", small_code)]
    struct Holder {
        at: SmallPoint,
        points: Vec<SmallPoint>,
        label: Option<String>,
        counts: HashMap<String, i64>,
        pair: SmallPair,
    }

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
    #[fory(name = "demo.Pair", small_code)]
    struct SmallPair(#[fory(rename = "f0")] i64, #[fory(rename = "f1")] String);

    const HOLDER_PY: &str = "@dataclass\nclass Pair:\n    f0: int\n    f1: str\n@dataclass\nclass Holder:\n    at: Point\n    points: List[Point]\n    label: Optional[str]\n    counts: Dict[str, int]\n    pair: Pair\nf.register_type(Pair, name='demo.Pair')\nf.register_type(Holder, name='demo.Holder')";

    fn register(f: &mut Fory) {
        f.register::<SmallPoint>().unwrap();
        f.register::<SmallPair>().unwrap();
        f.register::<Holder>().unwrap();
    }

    #[test]
    fn small_code_structs_take_the_plan_path_and_match_pyfory() {
        let mut fory = Fory::default();
        register(&mut fory);
        assert!(!fory.__uses_straight_line::<SmallPoint>());
        assert!(!fory.__uses_straight_line::<Holder>());
        let p = |x: i32| SmallPoint {
            x,
            y: 0.25 * x as f64,
            s: "pt".repeat(x as usize),
            my_field: -(x as i64) << 33,
        };
        let holder = Holder {
            at: p(1),
            points: vec![p(2), p(3)],
            label: Some("l".into()),
            counts: [("k".to_string(), 7)].into_iter().collect(),
            pair: SmallPair(-5, "five".into()),
        };
        assert_pyfory_bytes(
            &holder,
            register,
            "Holder(Point(1, 0.25, 'pt', -(1 << 33)), [Point(2, 0.5, 'pt' * 2, -(2 << 33)), Point(3, 0.75, 'pt' * 3, -(3 << 33))], 'l', {'k': 7}, Pair(-5, 'five'))",
            &format!("{POINT_PY}\n{HOLDER_PY}"),
        );
        for track_ref in [false, true] {
            let mut f = Fory::builder().ref_tracking(track_ref).build();
            register(&mut f);
            assert_eq!(round_trip(&f, &holder), holder, "ref tracking {track_ref}");
        }
    }

    /// Generic, borrowing and with a skipped field: the type-erased path serves every
    /// instantiation, and borrows from the payload like the straight-line one.
    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(name = "demo.Labeled", small_code)]
    struct Labeled<'a, T> {
        label: &'a str,
        items: Vec<T>,
        #[fory(skip)]
        cache: Option<T>,
    }

    #[test]
    fn generic_borrowing_small_code_struct_round_trips() {
        for (compatible, track_ref) in [(true, false), (false, false), (true, true), (false, true)]
        {
            let mut f = Fory::builder()
                .compatible(compatible)
                .ref_tracking(track_ref)
                .build();
            f.register::<Labeled<'static, i64>>().unwrap();
            assert!(!f.__uses_straight_line::<Labeled<'static, i64>>());
            let v = Labeled {
                label: "tag",
                items: vec![1i64, -2, 1 << 40],
                cache: Some(9),
            };
            let bytes = f.serialize(&v).unwrap();
            let back: Labeled<'_, i64> = f.deserialize(&bytes).unwrap();
            // Borrowed from the payload, not copied.
            assert!(bytes.as_ptr_range().contains(&back.label.as_ptr()));
            assert_eq!(
                (back.label, back.items.as_slice(), back.cache),
                ("tag", v.items.as_slice(), None),
                "compatible {compatible}, ref {track_ref}"
            );
        }
    }

    /// The same types without `small_code` (the straight-line paths).
    mod straight {
        use super::super::Point;
        use fory::{ForyDeserialize, ForySerialize};
        use std::collections::HashMap;

        #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
        #[fory(name = "demo.Holder")]
        pub struct Holder {
            pub at: Point,
            pub points: Vec<Point>,
            pub label: Option<String>,
            pub counts: HashMap<String, i64>,
            pub pair: Pair,
        }

        #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
        #[fory(name = "demo.Pair")]
        pub struct Pair(
            #[fory(rename = "f0")] pub i64,
            #[fory(rename = "f1")] pub String,
        );
    }

    /// Every truncation and every bit flip of pyfory's message reads the same through the
    /// type-erased path as through the straight-line one: the same value, or an error (the
    /// error may differ: the erased path decides the type info the general way).
    #[test]
    fn small_code_reads_damaged_input_as_the_straight_line_path_does() {
        let setup = format!("{POINT_PY}\n{HOLDER_PY}");
        for (compatible, track_ref) in [(true, false), (false, false), (true, true), (false, true)]
        {
            let ctor = format!(
                "Fory(xlang=True, compatible={}, ref={})",
                if compatible { "True" } else { "False" },
                if track_ref { "True" } else { "False" }
            );
            let bytes = pyfory_bytes(
                "Holder(Point(1, 0.25, 'pt', 5), [Point(2, 0.5, 'q', 6)], None, {'k': 7}, Pair(-5, 'five'))",
                &ctor,
                &setup,
            );
            let build = || {
                Fory::builder()
                    .compatible(compatible)
                    .ref_tracking(track_ref)
                    .build()
            };
            let mut small = build();
            register(&mut small);
            let mut plain = build();
            plain.register::<Point>().unwrap();
            plain.register::<straight::Pair>().unwrap();
            plain.register::<straight::Holder>().unwrap();
            let same = |msg: &[u8], what: &str| {
                let a = small.deserialize::<Holder>(msg);
                let b = plain.deserialize::<straight::Holder>(msg);
                match (&a, &b) {
                    (Ok(a), Ok(b)) => assert_eq!(
                        // The small_code types are the others' names with `Small` before them.
                        format!("{a:?}").replace("Small", ""),
                        format!("{b:?}"),
                        "{what}"
                    ),
                    (Err(_), Err(_)) => {}
                    _ => panic!("{what}: small_code {a:?}, straight-line {b:?}"),
                }
                a.is_ok()
            };
            assert!(
                same(&bytes, "whole"),
                "compatible {compatible}, ref {track_ref}"
            );
            for len in 0..bytes.len() {
                same(&bytes[..len], &format!("truncated to {len}"));
            }
            let mut flipped = bytes.clone();
            for i in 0..bytes.len() {
                for bit in 0..8 {
                    flipped[i] ^= 1 << bit;
                    same(&flipped, &format!("byte {i} bit {bit}"));
                    flipped[i] ^= 1 << bit;
                }
            }
        }
    }
}

/// Each type remembers its registry slot per `Fory` (a hint). Instances that registered the same
/// types in different orders, with different ids, used alternately, must each still find their
/// own entry.
mod slot_hints {
    use super::*;

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(name = "hint.A")]
    struct A {
        x: i32,
    }

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(name = "hint.B")]
    struct B {
        s: String,
    }

    #[test]
    fn instances_with_different_slots_alternate_correctly() {
        let mut ab = Fory::builder().compatible(false).build();
        ab.register::<A>().unwrap();
        ab.register::<B>().unwrap();
        let mut b_only = Fory::builder().compatible(false).build();
        b_only.register::<B>().unwrap();
        let a = A { x: 7 };
        let b = B { s: "b".into() };
        let (want_a, want_b) = (ab.serialize(&a).unwrap(), ab.serialize(&b).unwrap());
        for _ in 0..3 {
            assert_eq!(ab.serialize(&b).unwrap(), want_b);
            assert_eq!(b_only.serialize(&b).unwrap(), want_b);
            assert!(matches!(
                b_only.serialize(&a),
                Err(fory::Error::UnregisteredType { .. })
            ));
            assert_eq!(ab.serialize(&a).unwrap(), want_a);
            assert_eq!(b_only.deserialize::<B>(&want_b).unwrap(), b);
            assert_eq!(ab.deserialize::<A>(&want_a).unwrap(), a);
            assert_eq!(ab.deserialize::<B>(&want_b).unwrap(), b);
        }
        // A newer instance that registered B first sees B's bytes the same way.
        let mut ba = Fory::builder().compatible(false).build();
        ba.register::<B>().unwrap();
        ba.register::<A>().unwrap();
        assert_eq!(ba.serialize(&a).unwrap(), want_a);
        assert_eq!(ab.serialize(&a).unwrap(), want_a);
    }

    /// A message carrying a registered type's own TypeDef (recognized by its bytes, no
    /// reference counting) still reads as a `Value` with field names and the TypeDef, and
    /// writes back the same bytes.
    #[test]
    fn a_registered_type_def_reads_as_a_value() {
        let mut fory = Fory::default();
        fory.register::<A>().unwrap();
        fory.register::<B>().unwrap();
        let bytes = fory.serialize(&vec![A { x: 3 }, A { x: 4 }]).unwrap();
        let v: fory::Value = fory.deserialize(&bytes).unwrap();
        let fory::Value::List(items) = &v else {
            panic!("{v:?}")
        };
        let fory::Value::Struct(s) = &items[1] else {
            panic!("{v:?}")
        };
        assert_eq!(s.get("x"), Some(&fory::Value::I32(4)));
        assert!(s.def.is_some());
        assert_eq!(fory.serialize(&v).unwrap(), bytes);
        assert_eq!(fory.deserialize::<Vec<A>>(&bytes).unwrap()[1], A { x: 4 });
    }

    macro_rules! many {
        ($($t:ident $name:tt),*) => {
            $(
                #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
                #[fory(name = $name)]
                struct $t {
                    v: i64,
                }
            )*
            #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
            #[fory(name = "hint.Many")]
            #[allow(non_snake_case)]
            struct Many {
                $( $t: Vec<$t>, )*
            }
            fn register_many(fory: &mut Fory) {
                $( fory.register::<$t>().unwrap(); )*
                fory.register::<Many>().unwrap();
            }
            fn many_value() -> Many {
                Many { $( $t: vec![$t { v: -7 }, $t { v: 1 << 40 }], )* }
            }
        };
    }
    many!(M0 "hint.M0", M1 "hint.M1", M2 "hint.M2", M3 "hint.M3", M4 "hint.M4",
          M5 "hint.M5", M6 "hint.M6", M7 "hint.M7", M8 "hint.M8", M9 "hint.M9",
          M10 "hint.M10", M11 "hint.M11", M12 "hint.M12", M13 "hint.M13", M14 "hint.M14",
          M15 "hint.M15", M16 "hint.M16", M17 "hint.M17", M18 "hint.M18", M19 "hint.M19");

    /// More registered TypeDefs in one message than the reader keeps inline, each referenced
    /// again after the spill.
    #[test]
    fn many_type_defs_spill_and_back_reference() {
        let mut fory = Fory::default();
        register_many(&mut fory);
        let v = many_value();
        let bytes = fory.serialize(&v).unwrap();
        assert_eq!(fory.deserialize::<Many>(&bytes).unwrap(), v);
        let as_value: fory::Value = fory.deserialize(&bytes).unwrap();
        assert_eq!(fory.serialize(&as_value).unwrap(), bytes);
    }

    /// Struct types as plain fields, then again: the second occurrences are TypeDef
    /// back-references, for the first registry slots from the writer's direct table (written
    /// as type id + one-byte reference in one store) and for the last (slots past 16) from its
    /// tables. The bytes equal the general path's (the same message re-written from a `Value`).
    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(name = "hint.Fields")]
    struct Fields {
        a0: M0,
        a1: M1,
        a2: M2,
        a3: M3,
        a4: M4,
        a5: M5,
        a6: M6,
        a7: M7,
        a8: M8,
        a9: M9,
        a18: M18,
        a19: M19,
        b0: M0,
        b7: M7,
        b8: M8,
        b9: M9,
        b18: M18,
        b19: M19,
    }

    #[test]
    fn struct_field_type_def_back_references_inline_and_spilled() {
        for compatible in [true, false] {
            let mut fory = Fory::builder().compatible(compatible).build();
            register_many(&mut fory);
            fory.register::<Fields>().unwrap();
            let v = Fields {
                a0: M0 { v: 1 },
                a9: M9 { v: -9 },
                b0: M0 { v: 2 },
                b8: M8 { v: 1 << 50 },
                b9: M9 { v: 3 },
                a19: M19 { v: 19 },
                b19: M19 { v: -19 },
                ..Fields::default()
            };
            let bytes = fory.serialize(&v).unwrap();
            assert_eq!(fory.deserialize::<Fields>(&bytes).unwrap(), v);
            let as_value: fory::Value = fory.deserialize(&bytes).unwrap();
            assert_eq!(
                fory.serialize(&as_value).unwrap(),
                bytes,
                "compatible {compatible}"
            );
        }
    }

    mod v1 {
        #[derive(fory::ForySerialize, fory::ForyDeserialize, Debug, PartialEq, Default)]
        #[fory(name = "hint.V")]
        pub struct V {
            pub a: i32,
            pub gone: String,
        }
    }

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(name = "hint.V")]
    struct V2 {
        a: i32,
        added: i64,
    }

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(name = "hint.Pair")]
    struct Pair {
        a1: A,
        v1: V2,
        a2: A,
        v2: V2,
    }

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(name = "hint.Pair")]
    struct PairV1 {
        a1: A,
        v1: v1::V,
        a2: A,
        v2: v1::V,
    }

    /// A registered TypeDef (kept inline), then a peer's differing one (spills to the tables),
    /// then back-references to both.
    #[test]
    fn local_then_remote_type_defs_back_reference() {
        let mut writer = Fory::default();
        writer.register::<A>().unwrap();
        writer.register::<v1::V>().unwrap();
        writer.register::<PairV1>().unwrap();
        let mut reader = Fory::default();
        reader.register::<A>().unwrap();
        reader.register::<V2>().unwrap();
        reader.register::<Pair>().unwrap();
        let v = |a| v1::V {
            a,
            gone: "x".into(),
        };
        let msg = PairV1 {
            a1: A { x: 1 },
            v1: v(2),
            a2: A { x: 3 },
            v2: v(4),
        };
        let bytes = writer.serialize(&msg).unwrap();
        let got: Pair = reader.deserialize(&bytes).unwrap();
        let w = |a| V2 { a, added: 0 };
        assert_eq!(
            got,
            Pair {
                a1: A { x: 1 },
                v1: w(2),
                a2: A { x: 3 },
                v2: w(4)
            }
        );
    }
}

/// The in-place type-info check of derived structs (their id, or their own TypeDef) still
/// rejects another type's message, in both modes.
mod struct_type_check {
    use super::*;

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(id = 301)]
    struct P {
        x: i32,
    }

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(id = 302)]
    struct Q {
        x: i32,
    }

    #[test]
    fn another_types_message_is_a_type_mismatch() {
        for compatible in [false, true] {
            let mut fory = Fory::builder().compatible(compatible).build();
            fory.register::<P>().unwrap();
            fory.register::<Q>().unwrap();
            let bytes = fory.serialize(&P { x: 5 }).unwrap();
            assert_eq!(fory.deserialize::<P>(&bytes).unwrap(), P { x: 5 });
            let err = fory.deserialize::<Q>(&bytes).unwrap_err();
            assert!(
                matches!(err, fory::Error::TypeMismatch { at: 2, .. }),
                "compatible={compatible}: {err}"
            );
            // As a field too.
            let bytes = fory.serialize(&vec![P { x: 1 }]).unwrap();
            assert!(fory.deserialize::<Vec<Q>>(&bytes).is_err());
        }
    }
}

/// A list of structs whose element TypeDef is the peer's (older) one: the reader's inline
/// check for its own TypeDef must give way to the general path and read every element.
#[test]
fn list_of_older_structs_reads_into_newer_ones() {
    let mut w = Fory::builder().build();
    w.register::<v1::Evolving>().unwrap();
    let old = vec![
        v1::Evolving {
            id: 1,
            name: "a".into(),
        },
        v1::Evolving {
            id: 2,
            name: "b".into(),
        },
    ];
    let bytes = w.serialize(&old).unwrap();
    let mut r = Fory::builder().build();
    r.register::<Point>().unwrap();
    r.register::<v2::Evolving>().unwrap();
    let back: Vec<v2::Evolving> = r.deserialize(&bytes).unwrap();
    let ids: Vec<(i64, &str, &str)> = back
        .iter()
        .map(|e| (e.id, e.name.as_str(), e.owner.as_str()))
        .collect();
    assert_eq!(ids, [(1, "a", "unknown"), (2, "b", "unknown")]);
    // And the same types both sides: the element TypeDef is recognized as the reader's own.
    let same: Vec<v1::Evolving> = w.deserialize(&bytes).unwrap();
    assert_eq!(same, old);
}

/// A struct field's TypeDef back-reference is taken inline only when it names the field's own
/// TypeDef: pointing it at another registered type's (same fields, other name) is a type
/// mismatch at that byte, never a silent read.
mod own_type_def_back_reference {
    use fory::{Error, Fory, ForyDeserialize, ForySerialize};

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(name = "backref.P")]
    struct P {
        a: i32,
    }

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(name = "backref.Q")]
    struct Q {
        a: i32,
    }

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(name = "backref.Holder")]
    struct Holder {
        p: P,
        q: Q,
        r: P,
    }

    #[test]
    fn back_reference_to_another_types_type_def_is_a_mismatch() {
        let mut fory = Fory::default();
        fory.register::<P>().unwrap();
        fory.register::<Q>().unwrap();
        fory.register::<Holder>().unwrap();
        let v = Holder {
            p: P { a: 1 },
            q: Q { a: 2 },
            r: P { a: 77 },
        };
        let mut bytes = fory.serialize(&v).unwrap();
        assert_eq!(fory.deserialize::<Holder>(&bytes).unwrap(), v);
        // `r`: type id, back-reference to TypeDef 1 (P's, after Holder's), body 77 (zigzag
        // varint 0x9a 0x01), at the end of the message.
        let tid = fory::__private::types::NAMED_COMPATIBLE_STRUCT as u8;
        let n = bytes.len();
        assert_eq!(bytes[n - 4..], [tid, 0x03, 0x9a, 0x01]);
        // Now it names TypeDef 2, Q's.
        bytes[n - 3] = 0x05;
        match fory.deserialize::<Holder>(&bytes) {
            Err(Error::TypeMismatch { at, .. }) => assert_eq!(at, n - 4),
            other => panic!("expected a type mismatch, got {other:?}"),
        }
    }
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(id = 401)]
struct Cell {
    a: i32,
    b: String,
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(id = 402)]
struct Sheet {
    cells: Vec<Cell>,
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(id = 403)]
struct Nothing {}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(id = 404)]
struct Nothings {
    a: Vec<Nothing>,
    b: Vec<Nothing>,
}

fn sheet_fory(compatible: bool) -> Fory {
    let mut f = Fory::builder().compatible(compatible).build();
    f.register::<Cell>().unwrap();
    f.register::<Sheet>().unwrap();
    f.register::<Nothing>().unwrap();
    f.register::<Nothings>().unwrap();
    f
}

/// A list of derived structs resolves its element type once, but every element still has its
/// schema hash checked (schema-consistent mode): a wrong hash on the last element is an error
/// at that element's first byte.
#[test]
fn every_list_element_has_its_schema_hash_checked() {
    let fory = sheet_fory(false);
    let cell = Cell {
        a: 3,
        b: "x".into(),
    };
    let one = fory
        .serialize(&Sheet {
            cells: vec![cell.clone()],
        })
        .unwrap();
    let sheet = Sheet {
        cells: vec![cell.clone(), cell],
    };
    let mut two = fory.serialize(&sheet).unwrap();
    assert_eq!(round_trip(&fory, &sheet), sheet);
    // `cells` is the last field: the second element's bytes (schema hash, then body) end the
    // message, and are as long as the first's.
    let last = one.len();
    two[last] ^= 0x01;
    match fory.deserialize::<Sheet>(&two) {
        Err(fory::Error::SchemaHashMismatch { at, .. }) => assert_eq!(at, last),
        other => panic!("expected a schema hash mismatch, got {other:?}"),
    }
}

/// Elements that take no input (fieldless structs in compatible mode) are charged against the
/// message's budget in the one-resolution list reader too: two lists that together exceed it
/// are refused at the second length, while lists within it read back.
#[test]
fn fieldless_list_elements_are_charged() {
    let fory = sheet_fory(true);
    let within = Nothings {
        a: vec![Nothing {}; 3000],
        b: vec![Nothing {}; 3000],
    };
    assert_eq!(round_trip(&fory, &within), within);
    let beyond = Nothings {
        a: vec![Nothing {}; 5000],
        b: vec![Nothing {}; 5000],
    };
    // The writer refuses what the reader would refuse, at the same list (#16 item 5) ...
    assert!(
        matches!(
            fory.serialize(&beyond),
            Err(fory::Error::LengthOverflow { len: 5000, .. })
        ),
        "{:?}",
        fory.serialize(&beyond).map(|b| b.len())
    );
    // ... and a writer allowed more writes what the default reader refuses.
    let mut generous = Fory::builder().max_unbacked_items(20_000).build();
    generous.register::<Nothing>().unwrap();
    generous.register::<Nothings>().unwrap();
    let bytes = generous.serialize(&beyond).unwrap();
    assert!(
        matches!(
            fory.deserialize::<Nothings>(&bytes),
            Err(fory::Error::LengthOverflow { len: 5000, .. })
        ),
        "{:?}",
        fory.deserialize::<Nothings>(&bytes).map(|n| n.a.len())
    );
}

/// A list of a peer's newer struct version: the list reader resolves the peer's TypeDef to a
/// plan once and reads every element with it.
#[test]
fn list_elements_of_a_newer_version_read_with_the_peer_plan() {
    let mut w = Fory::builder().build();
    w.register::<Point>().unwrap();
    w.register::<v2::Evolving>().unwrap();
    let items: Vec<v2::Evolving> = (0..3)
        .map(|i| v2::Evolving {
            id: i,
            name: format!("n{i}"),
            tags: vec!["t".into(); i as usize],
            owner: "o".into(),
            nested: (i == 1).then(Point::default),
        })
        .collect();
    let bytes = w.serialize(&items).unwrap();
    let mut r = Fory::builder().build();
    r.register::<v1::Evolving>().unwrap();
    let back: Vec<v1::Evolving> = r.deserialize(&bytes).unwrap();
    let want: Vec<v1::Evolving> = (0..3)
        .map(|i| v1::Evolving {
            id: i,
            name: format!("n{i}"),
        })
        .collect();
    assert_eq!(back, want);
}
