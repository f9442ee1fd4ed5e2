//! Enums with data (unions), tuple structs and `transparent` newtypes in Rust alone: every
//! mode, containers, schema evolution (a peer with more variants), stable case ids, and bad
//! input (unknown case, wrong case type, every truncation) as typed errors, never panics.

use std::collections::BTreeMap;
use std::rc::Rc;

use fory::{Error, Fory, ForyDeserialize, ForySerialize, Value};
use fory_tests::fory;

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Clone, Default)]
#[fory(id = 100)]
struct Rect(i32, i32);

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Clone, Default)]
#[fory(transparent)]
struct Meters(f64);

/// The local schema: five cases and a catch-all.
#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Clone, Default)]
#[fory(id = 101)]
enum Shape {
    Circle(f64),
    Rect(Rect),
    Label {
        text: String,
    },
    #[default]
    Empty,
    Len(Meters),
    #[fory(other)]
    Unknown(u32, Value),
}

/// A newer peer: the same cases, reordered with explicit ids, and two more.
mod newer {
    use super::*;

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Clone, Default)]
    #[fory(id = 101)]
    pub enum Shape {
        #[fory(id = 5)]
        Poly(Vec<f64>),
        #[fory(id = 2)]
        Label { text: String },
        #[fory(id = 0)]
        Circle(f64),
        #[fory(id = 1)]
        Rect(Rect),
        #[fory(id = 3)]
        #[default]
        Empty,
        #[fory(id = 4)]
        Len(Meters),
        #[fory(id = 6)]
        Named(Option<BTreeMap<String, i64>>),
    }
}

/// The oldest peer: no catch-all.
mod closed {
    use super::*;

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Clone, Default)]
    #[fory(id = 101)]
    pub enum Shape {
        Circle(f64),
        #[default]
        Other,
    }
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Clone, Default)]
#[fory(name = "t.Scene")]
struct Scene {
    main: Shape,
    maybe: Option<Shape>,
    all: Vec<Shape>,
    by_name: BTreeMap<String, Shape>,
    nested: Vec<Option<Shape>>,
    pair: Rect,
    len: Meters,
}

fn registered(compatible: bool, track: bool) -> Fory {
    let mut f = fory(compatible, track);
    f.register::<Rect>().unwrap();
    f.register::<Shape>().unwrap();
    f.register::<Scene>().unwrap();
    f
}

fn modes() -> impl Iterator<Item = (bool, bool)> {
    [(false, false), (false, true), (true, false), (true, true)].into_iter()
}

fn scene() -> Scene {
    Scene {
        main: Shape::Rect(Rect(3, 4)),
        maybe: Some(Shape::Label { text: "x".into() }),
        all: vec![Shape::Circle(1.5), Shape::Empty, Shape::Len(Meters(2.0))],
        by_name: [("a".to_string(), Shape::Circle(-1.0))].into(),
        nested: vec![None, Some(Shape::Empty)],
        pair: Rect(-1, 7),
        len: Meters(0.25),
    }
}

#[test]
fn unions_round_trip_in_every_position_and_mode() {
    for (compatible, track) in modes() {
        let f = registered(compatible, track);
        let s = scene();
        let bytes = f.serialize(&s).unwrap();
        assert_eq!(f.deserialize::<Scene>(&bytes).unwrap(), s);
        let value: Value = f.deserialize(&bytes).unwrap();
        assert_eq!(f.serialize(&value).unwrap(), bytes, "Value write-back");
        for shape in [
            Shape::Circle(0.5),
            Shape::Empty,
            Shape::Unknown(9, Value::I64(3)),
        ] {
            let bytes = f.serialize(&shape).unwrap();
            assert_eq!(f.deserialize::<Shape>(&bytes).unwrap(), shape);
        }
        let shared = Rc::new(Shape::Circle(2.0));
        let list = vec![shared.clone(), shared];
        let bytes = f.serialize(&list).unwrap();
        let back: Vec<Rc<Shape>> = f.deserialize(&bytes).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(Rc::ptr_eq(&back[0], &back[1]), track);
    }
}

#[test]
fn value_reads_any_union_and_writes_it_back() {
    let f = registered(true, false);
    let bytes = f.serialize(&Shape::Label { text: "hi".into() }).unwrap();
    let v: Value = fory(true, false).deserialize(&bytes).unwrap();
    let Value::Union(u) = &v else {
        panic!("not a union: {v:?}")
    };
    assert_eq!(u.case_id, 2);
    assert_eq!(*u.value, Value::String("hi".into()));
    assert_eq!(fory(true, false).serialize(&v).unwrap(), bytes);
}

#[test]
fn case_ids_are_stable_when_variants_are_reordered() {
    for (compatible, track) in modes() {
        let f = registered(compatible, track);
        let mut g = fory(compatible, track);
        g.register::<Rect>().unwrap();
        g.register::<newer::Shape>().unwrap();
        let pairs = [
            (Shape::Circle(1.0), newer::Shape::Circle(1.0)),
            (Shape::Rect(Rect(1, 2)), newer::Shape::Rect(Rect(1, 2))),
            (Shape::Empty, newer::Shape::Empty),
            (Shape::Len(Meters(3.0)), newer::Shape::Len(Meters(3.0))),
        ];
        for (old, new) in pairs {
            assert_eq!(f.serialize(&old).unwrap(), g.serialize(&new).unwrap());
        }
    }
}

#[test]
fn a_newer_peers_cases_are_kept_by_other_and_written_back_unchanged() {
    for (compatible, track) in modes() {
        let f = registered(compatible, track);
        let mut g = fory(compatible, track);
        g.register::<Rect>().unwrap();
        g.register::<newer::Shape>().unwrap();
        for new in [
            newer::Shape::Poly(vec![1.0, 2.5]),
            newer::Shape::Named(Some([("k".to_string(), 1)].into())),
            newer::Shape::Named(None),
        ] {
            let bytes = g.serialize(&new).unwrap();
            let old: Shape = f.deserialize(&bytes).unwrap();
            let Shape::Unknown(case, _) = &old else {
                panic!("{old:?}")
            };
            assert!(*case >= 5);
            let again = f.serialize(&old).unwrap();
            assert_eq!(again, bytes, "the unknown case is written back unchanged");
            assert_eq!(g.deserialize::<newer::Shape>(&again).unwrap(), new);
        }
    }
}

#[test]
fn an_unknown_case_without_other_is_a_typed_error_at_the_case_id() {
    let mut f = fory(true, false);
    f.register::<closed::Shape>().unwrap();
    let bytes = registered(true, false)
        .serialize(&Shape::Label { text: "x".into() })
        .unwrap();
    // header, ref flag, type id, user id, then the case id
    let err = f.deserialize::<closed::Shape>(&bytes).unwrap_err();
    assert_eq!(
        err,
        Error::UnknownUnionCase {
            at: 4,
            union: "Shape",
            case_id: 2
        }
    );
    assert!(err.to_string().contains("unknown case id 2"));
}

#[test]
fn a_case_value_of_the_wrong_type_is_a_type_mismatch() {
    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq)]
    #[fory(id = 101)]
    enum Liar {
        Circle(String),
    }
    let mut g = fory(true, false);
    g.register::<Liar>().unwrap();
    let bytes = g.serialize(&Liar::Circle("round".into())).unwrap();
    let err = registered(true, false)
        .deserialize::<Shape>(&bytes)
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::TypeMismatch {
                at: 7,
                found: 21,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn truncated_and_flipped_unions_are_errors_never_panics() {
    for (compatible, track) in modes() {
        let f = registered(compatible, track);
        let bytes = f.serialize(&scene()).unwrap();
        for n in 0..bytes.len() {
            assert!(f.deserialize::<Scene>(&bytes[..n]).is_err());
            assert!(f.deserialize::<Value>(&bytes[..n]).is_err());
        }
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x5A;
            let _ = f.deserialize::<Scene>(&b);
            let _ = f.deserialize::<Value>(&b);
        }
    }
}

#[test]
fn tuple_fields_are_named_by_index() {
    let f = registered(true, false);
    let bytes = f.serialize(&Rect(5, 6)).unwrap();
    let v: Value = fory(true, false).deserialize(&bytes).unwrap();
    let s = v.as_struct().expect("a struct");
    assert_eq!(s.get("0"), Some(&Value::I32(5)));
    assert_eq!(s.get("1"), Some(&Value::I32(6)));
    assert_eq!(f.deserialize::<Rect>(&bytes).unwrap(), Rect(5, 6));
}

#[test]
fn a_transparent_newtype_is_written_as_its_field() {
    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(id = 300)]
    struct Plain {
        len: f64,
        names: Vec<String>,
    }
    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(transparent)]
    struct Names {
        inner: Vec<String>,
    }
    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(id = 300)]
    struct Wrapped {
        len: Meters,
        names: Names,
    }
    for (compatible, track) in modes() {
        let mut f = fory(compatible, track);
        f.register::<Plain>().unwrap();
        let mut g = fory(compatible, track);
        g.register::<Wrapped>().unwrap();
        assert_eq!(
            f.serialize(&2.5f64).unwrap(),
            g.serialize(&Meters(2.5)).unwrap()
        );
        let plain = Plain {
            len: 1.5,
            names: vec!["a".into()],
        };
        let bytes = f.serialize(&plain).unwrap();
        let wrapped = Wrapped {
            len: Meters(1.5),
            names: Names {
                inner: vec!["a".into()],
            },
        };
        assert_eq!(g.serialize(&wrapped).unwrap(), bytes);
        assert_eq!(g.deserialize::<Wrapped>(&bytes).unwrap(), wrapped);
    }
}

/// The case writers the derive picks by the case type (a derived struct, a scalar, a `String`)
/// write what the general one writes: `Slow` is `Fast` with its case types as generic
/// parameters, for which the derive takes the general writer.
mod fast_cases {
    use super::*;

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Clone, Default)]
    #[fory(name = "t.Named")]
    pub struct Named {
        a: i64,
        b: String,
    }

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Clone, Default)]
    #[fory(id = 120)]
    pub enum Fast {
        R(Rect),
        N(Named),
        F(f64),
        I(i32),
        B(bool),
        U(u8),
        S(String),
        #[default]
        E,
        O(Option<Rect>),
        L(Vec<i32>),
        #[fory(id = 200)]
        Far(Rect),
        #[fory(id = 300)]
        FarF(f64),
        #[fory(id = 400)]
        FarS(String),
        #[fory(id = 500)]
        FarE,
    }

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Clone, Default)]
    #[fory(id = 121)]
    pub enum Slow<R, N, F, I, B, U, S> {
        R(R),
        N(N),
        F(F),
        I(I),
        B(B),
        U(U),
        S(S),
        #[default]
        E,
        O(Option<Rect>),
        L(Vec<i32>),
        #[fory(id = 200)]
        Far(R),
        #[fory(id = 300)]
        FarF(F),
        #[fory(id = 400)]
        FarS(S),
        #[fory(id = 500)]
        FarE,
    }

    pub type Mirror = Slow<Rect, Named, f64, i32, bool, u8, String>;

    pub fn values() -> Vec<(Fast, Mirror)> {
        let named = Named {
            a: -5,
            b: "n".into(),
        };
        let long = "long ".repeat(40);
        vec![
            (Fast::R(Rect(3, -4)), Slow::R(Rect(3, -4))),
            (Fast::N(named.clone()), Slow::N(named)),
            (Fast::F(1.5), Slow::F(1.5)),
            (Fast::I(-300), Slow::I(-300)),
            (Fast::B(true), Slow::B(true)),
            (Fast::U(200), Slow::U(200)),
            (Fast::S("short".into()), Slow::S("short".into())),
            (Fast::S(long.clone()), Slow::S(long.clone())),
            (Fast::S(String::new()), Slow::S(String::new())),
            (Fast::E, Slow::E),
            (Fast::O(None), Slow::O(None)),
            (Fast::O(Some(Rect(1, 2))), Slow::O(Some(Rect(1, 2)))),
            (Fast::L(vec![1, 2]), Slow::L(vec![1, 2])),
            (Fast::Far(Rect(7, 8)), Slow::Far(Rect(7, 8))),
            (Fast::FarF(-0.5), Slow::FarF(-0.5)),
            (Fast::FarS(long.clone()), Slow::FarS(long)),
            (Fast::FarE, Slow::FarE),
        ]
    }

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Clone, Default)]
    #[fory(id = 122)]
    pub struct FastRow {
        pub u: Fast,
        pub all: Vec<Fast>,
        pub maybe: Option<Fast>,
    }

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Clone, Default)]
    #[fory(id = 123)]
    pub struct SlowRow {
        pub u: Mirror,
        pub all: Vec<Mirror>,
        pub maybe: Option<Mirror>,
    }

    pub fn registered(compatible: bool, track: bool, depth: Option<u32>) -> Fory {
        let mut b = Fory::builder().compatible(compatible).ref_tracking(track);
        if let Some(d) = depth {
            b = b.max_depth(d);
        }
        let mut f = b.build();
        f.register::<Rect>().unwrap();
        f.register::<Named>().unwrap();
        f.register::<Fast>().unwrap();
        f.register::<Mirror>().unwrap();
        f.register::<FastRow>().unwrap();
        f.register::<SlowRow>().unwrap();
        f
    }

    /// `fast` and `slow` are the same bytes but for the registered ids (`Fast` 120, `Slow`
    /// 121; `FastRow` 122, `SlowRow` 123), one byte each.
    pub fn same_but_ids(fast: &[u8], slow: &[u8]) {
        assert_eq!(fast.len(), slow.len(), "{fast:?}\n{slow:?}");
        for (i, (a, b)) in fast.iter().zip(slow).enumerate() {
            assert!(
                a == b || (*a, *b) == (120, 121) || (*a, *b) == (122, 123),
                "byte {i}: {a} != {b}\n{fast:?}\n{slow:?}"
            );
        }
    }
}

#[test]
fn the_case_writers_picked_by_case_type_write_what_the_general_one_writes() {
    use fast_cases::*;
    for (compatible, track) in modes() {
        let f = registered(compatible, track, None);
        let pairs = values();
        for (fast, slow) in &pairs {
            let a = f.serialize(fast).unwrap();
            let b = f.serialize(slow).unwrap();
            same_but_ids(&a, &b);
            assert_eq!(&f.deserialize::<Fast>(&a).unwrap(), fast);
        }
        // In a struct: a field, a list (the struct cases' TypeDefs written once, then
        // referenced), a nullable field.
        let rows: Vec<(FastRow, SlowRow)> = pairs
            .iter()
            .map(|(fast, slow)| {
                let all_fast: Vec<Fast> = pairs.iter().map(|p| p.0.clone()).collect();
                let all_slow: Vec<Mirror> = pairs.iter().map(|p| p.1.clone()).collect();
                (
                    FastRow {
                        u: fast.clone(),
                        all: all_fast,
                        maybe: Some(fast.clone()),
                    },
                    SlowRow {
                        u: slow.clone(),
                        all: all_slow,
                        maybe: Some(slow.clone()),
                    },
                )
            })
            .collect();
        for (fast, slow) in &rows {
            let a = f.serialize(fast).unwrap();
            let b = f.serialize(slow).unwrap();
            // In compatible mode the rows' TypeDefs differ (their ids are hashed in): the
            // unions are compared in a list there, and as fields against pyfory
            // (`interop_union`).
            if !compatible {
                same_but_ids(&a, &b);
            }
            assert_eq!(&f.deserialize::<FastRow>(&a).unwrap(), fast);
            let a = f.serialize(&fast.all).unwrap();
            let b = f.serialize(&slow.all).unwrap();
            same_but_ids(&a, &b);
        }
        // At every depth limit, the same error at the same offset, or the same bytes.
        for depth in 0..6 {
            let f = registered(compatible, track, Some(depth));
            for (fast, slow) in &rows {
                match (f.serialize(fast), f.serialize(slow)) {
                    (Ok(a), Ok(b)) if !compatible => same_but_ids(&a, &b),
                    (Ok(_), Ok(_)) => {}
                    (Err(a), Err(b)) => assert_eq!(format!("{a:?}"), format!("{b:?}")),
                    (a, b) => panic!("depth {depth}: {a:?} against {b:?}"),
                }
            }
        }
    }
}

/// The case readers the derive picks by the case type (a derived struct's, which reads the
/// flag and the struct's type info in one go and enters both levels at once) read what the
/// general one reads: the same values, or the same error at the same offset, at every depth
/// limit, in every mode, and from every truncation and corruption of the bytes.
#[test]
fn the_case_readers_picked_by_case_type_read_what_the_general_one_reads() {
    use fast_cases::*;
    // The two unions' names and ids are the only difference an error may show.
    fn same<A: std::fmt::Debug, B: std::fmt::Debug>(
        what: &str,
        a: fory::Result<A>,
        b: fory::Result<B>,
    ) {
        let norm = |s: String| {
            s.replace("Slow", "Fast")
                .replace("id 121", "id 120")
                .replace(
                    "<union::Rect, union::fast_cases::Named, f64, i32, bool, u8, alloc::string::String>",
                    "",
                )
        };
        let (a, b) = (norm(format!("{a:?}")), norm(format!("{b:?}")));
        assert_eq!(a, b, "{what}");
    }
    for (compatible, track) in modes() {
        let f = registered(compatible, track, None);
        let pairs = values();
        let all_fast: Vec<Fast> = pairs.iter().map(|p| p.0.clone()).collect();
        let all_slow: Vec<Mirror> = pairs.iter().map(|p| p.1.clone()).collect();
        let mut messages = vec![(
            f.serialize(&all_fast).unwrap(),
            f.serialize(&all_slow).unwrap(),
        )];
        for (fast, slow) in &pairs {
            messages.push((f.serialize(fast).unwrap(), f.serialize(slow).unwrap()));
        }
        for (a, b) in &messages {
            same_but_ids(a, b);
            for depth in 0..6 {
                let f = registered(compatible, track, Some(depth));
                let what = format!("compatible {compatible}, track {track}, depth {depth}");
                same(
                    &what,
                    f.deserialize::<Vec<Fast>>(a),
                    f.deserialize::<Vec<Mirror>>(b),
                );
                same(&what, f.deserialize::<Fast>(a), f.deserialize::<Mirror>(b));
            }
            for n in 0..a.len() {
                let what = format!("compatible {compatible}, track {track}, {n} bytes");
                let (a, b) = (&a[..n], &b[..n]);
                same(
                    &what,
                    f.deserialize::<Vec<Fast>>(a),
                    f.deserialize::<Vec<Mirror>>(b),
                );
                same(&what, f.deserialize::<Fast>(a), f.deserialize::<Mirror>(b));
            }
            for i in (0..a.len()).filter(|&i| a[i] == b[i]) {
                let what = format!("compatible {compatible}, track {track}, byte {i} flipped");
                let (mut a, mut b) = (a.clone(), b.clone());
                a[i] ^= 0x5A;
                b[i] ^= 0x5A;
                same(
                    &what,
                    f.deserialize::<Vec<Fast>>(&a),
                    f.deserialize::<Vec<Mirror>>(&b),
                );
                same(
                    &what,
                    f.deserialize::<Fast>(&a),
                    f.deserialize::<Mirror>(&b),
                );
            }
        }
    }
}
