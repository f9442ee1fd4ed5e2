//! Derived types for the fuzz targets: every kind of field the derive writes straight-line
//! (scalars, strings, dense arrays) and the general ones (nested structs, enums, lists, maps,
//! options, timestamps, dates, durations, decimals), registered by id and by name, in the four configurations.

use std::collections::BTreeMap;

use fory::{Fory, ForyDeserialize, ForySerialize};

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone, Copy)]
#[fory(id = 40)]
pub enum Kind {
    #[default]
    A,
    B,
    C,
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(id = 41)]
pub struct Leaf {
    pub a: i32,
    pub b: u8,
    pub s: String,
    pub v: Vec<i64>,
    pub f: f64,
    pub k: Kind,
    pub ok: bool,
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(name = "fuzz.Tree")]
pub struct Tree {
    pub id: u64,
    pub leaf: Leaf,
    pub leaves: Vec<Leaf>,
    pub tags: Vec<String>,
    pub note: Option<String>,
    pub counts: BTreeMap<String, i32>,
    pub samples: Vec<f32>,
    // Temporal and decimal fields (#19).
    pub stamp: fory::Timestamp,
    pub day: Option<fory::Date>,
    pub span: fory::Duration,
    pub prices: BTreeMap<fory::Date, fory::Decimal>,
    pub stamps: Vec<fory::Timestamp>,
}

/// A union (enum with data) with every variant shape and a catch-all.
#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(id = 42)]
pub enum Shape {
    Circle(f64),
    Pair(Pair),
    Label {
        text: String,
    },
    #[default]
    Empty,
    Blob(Vec<u8>),
    Kinds(Vec<Kind>),
    #[fory(id = 9)]
    Maybe(Option<Box<Shape>>),
    #[fory(other)]
    Unknown(u32, fory::Value),
}

/// A tuple struct (fields `0`, `1`).
#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(name = "fuzz.Pair")]
pub struct Pair(pub i32, pub String);

/// A newtype written as its field.
#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(transparent)]
pub struct Meters(pub f64);

/// Unions in every declared position.
#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(id = 43)]
pub struct Scene {
    pub main: Shape,
    pub maybe: Option<Shape>,
    pub all: Vec<Shape>,
    pub by_name: BTreeMap<String, Shape>,
    pub len: Meters,
}

/// `small_code` structs (the type-erased path): a leaf's fields, and a holder of general
/// fields with straight-line structs inside it and around it.
#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(id = 44, small_code)]
pub struct SmallLeaf {
    pub a: i32,
    pub s: String,
    pub v: Vec<i64>,
    pub k: Kind,
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(name = "fuzz.Small", small_code)]
pub struct Small {
    pub leaf: SmallLeaf,
    pub leaves: Vec<SmallLeaf>,
    pub plain: Option<Leaf>,
    pub shape: Shape,
    pub pair: Pair,
    pub counts: BTreeMap<String, SmallLeaf>,
}

/// A `Small` with every field set.
#[allow(dead_code)]
pub fn small() -> Small {
    let leaf = |a: i32| SmallLeaf {
        a,
        s: format!("s{a}"),
        v: vec![a.into(); a as usize],
        k: Kind::C,
    };
    Small {
        leaf: leaf(1),
        leaves: vec![leaf(2), leaf(3)],
        plain: Some(Leaf {
            s: "plain".into(),
            ..Leaf::default()
        }),
        shape: Shape::Pair(Pair(4, "four".into())),
        pair: Pair(-1, "p".into()),
        counts: [("k".to_string(), leaf(5))].into(),
    }
}

/// A scene with every kind of case.
#[allow(dead_code)]
pub fn scene() -> Scene {
    Scene {
        main: Shape::Pair(Pair(3, "p".into())),
        maybe: Some(Shape::Maybe(Some(Box::new(Shape::Circle(0.5))))),
        all: vec![
            Shape::Empty,
            Shape::Blob(vec![1, 2, 3]),
            Shape::Kinds(vec![Kind::B]),
            Shape::Label { text: "x".into() },
            Shape::Unknown(77, fory::Value::I64(5)),
        ],
        by_name: [("a".to_string(), Shape::Circle(-1.0))].into(),
        len: Meters(2.0),
    }
}

/// The four configurations (bit 0 compatible, bit 1 ref tracking), with the types registered.
pub fn fory(cfg: u8) -> &'static Fory {
    use std::sync::OnceLock;
    static F: OnceLock<[Fory; 4]> = OnceLock::new();
    let all = F.get_or_init(|| {
        [0u8, 1, 2, 3].map(|c| {
            let mut f = Fory::builder()
                .compatible(c & 1 != 0)
                .ref_tracking(c & 2 != 0)
                .build();
            f.register::<Kind>().expect("register Kind");
            f.register::<Leaf>().expect("register Leaf");
            f.register::<Tree>().expect("register Tree");
            f.register::<Pair>().expect("register Pair");
            f.register::<Shape>().expect("register Shape");
            f.register::<Scene>().expect("register Scene");
            f.register::<SmallLeaf>().expect("register SmallLeaf");
            f.register::<Small>().expect("register Small");
            f
        })
    });
    &all[(cfg & 3) as usize]
}

/// A value with every field set, for the seeds.
#[allow(dead_code)]
pub fn sample() -> Tree {
    let leaf = |i: i32| Leaf {
        a: -i * 1000,
        b: i as u8,
        s: format!("leaf {i} é"),
        v: vec![i as i64, -(1 << 40)],
        f: f64::from(i) / 3.0,
        k: [Kind::A, Kind::B, Kind::C][i as usize % 3],
        ok: i % 2 == 0,
    };
    Tree {
        id: u64::MAX - 7,
        leaf: leaf(1),
        leaves: (2..5).map(leaf).collect(),
        tags: vec!["x".into(), "a longer tag, past sixteen bytes".into()],
        note: Some("note".into()),
        counts: [("one".to_string(), 1), ("two".to_string(), 2)].into(),
        samples: vec![0.5, -1.25, 3.0],
        stamp: fory::Timestamp::new(1_704_164_645, 678_901_000).expect("in range"),
        day: fory::Date::from_ymd(1969, 7, 20),
        span: fory::Duration::from_nanos(-1_000),
        prices: [
            (fory::Date { days: -1 }, "-1.5".parse().expect("decimal")),
            (fory::Date { days: 7 }, "123456789012345678901234567890.5".parse().expect("decimal")),
        ]
        .into(),
        stamps: vec![fory::Timestamp::UNIX_EPOCH, fory::Timestamp::from_micros(-1)],
    }
}
