//! Workload 4: unions. A list of 1 000 `Shape` values (an enum with data: a float, a struct, a
//! string or nothing), generated from a fixed seed; and, for the cost of a union field against
//! a struct field, 1 000 rows holding a `Rect` once as a union case (`ShapeRow`) and once as a
//! plain struct field (`RectRow`).

/// Plain Rust, with serde derives (bincode).
pub mod plain {
    use serde::{Deserialize, Serialize};

    /// A rectangle.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Rect {
        pub w: f64,
        pub h: f64,
    }

    /// A shape: the union.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub enum Shape {
        Circle(f64),
        Rect(Rect),
        Label(String),
        Empty,
    }

    /// The list workload.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Shapes {
        pub shapes: Vec<Shape>,
    }
}

/// This crate's `fory`: `Shape` is a union (TYPED_UNION by id; a declared UNION element).
pub mod ours {
    use fory::{ForyDeserialize, ForySerialize};

    use super::plain as p;

    #[derive(Debug, Clone, PartialEq, Default, ForySerialize, ForyDeserialize)]
    #[fory(id = 30)]
    pub struct Rect {
        pub w: f64,
        pub h: f64,
    }

    #[derive(Debug, Clone, PartialEq, Default, ForySerialize, ForyDeserialize)]
    #[fory(id = 31)]
    pub enum Shape {
        Circle(f64),
        Rect(Rect),
        Label(String),
        #[default]
        Empty,
    }

    #[derive(Debug, Clone, PartialEq, Default, ForySerialize, ForyDeserialize)]
    #[fory(id = 32)]
    pub struct Shapes {
        pub shapes: Vec<Shape>,
    }

    /// A `Rect` as a union field: case id, then the case value with its type info.
    #[derive(Debug, Clone, PartialEq, Default, ForySerialize, ForyDeserialize)]
    #[fory(id = 33)]
    pub struct ShapeRow {
        pub s: Shape,
    }

    /// The same `Rect` as a struct field (with its type info in compatible mode).
    #[derive(Debug, Clone, PartialEq, Default, ForySerialize, ForyDeserialize)]
    #[fory(id = 34)]
    pub struct RectRow {
        pub s: Rect,
    }

    #[derive(Debug, Clone, PartialEq, Default, ForySerialize, ForyDeserialize)]
    #[fory(id = 35)]
    pub struct ShapeRows {
        pub rows: Vec<ShapeRow>,
    }

    #[derive(Debug, Clone, PartialEq, Default, ForySerialize, ForyDeserialize)]
    #[fory(id = 36)]
    pub struct RectRows {
        pub rows: Vec<RectRow>,
    }

    /// A `Fory` with the workload's types registered.
    pub fn fory(compatible: bool) -> fory::Fory {
        let mut f = fory::Fory::builder().compatible(compatible).build();
        f.register::<Rect>().unwrap();
        f.register::<Shape>().unwrap();
        f.register::<Shapes>().unwrap();
        f.register::<ShapeRow>().unwrap();
        f.register::<RectRow>().unwrap();
        f.register::<ShapeRows>().unwrap();
        f.register::<RectRows>().unwrap();
        f
    }

    impl From<&p::Rect> for Rect {
        fn from(r: &p::Rect) -> Self {
            Rect { w: r.w, h: r.h }
        }
    }

    impl From<&p::Shape> for Shape {
        fn from(s: &p::Shape) -> Self {
            match s {
                p::Shape::Circle(r) => Shape::Circle(*r),
                p::Shape::Rect(r) => Shape::Rect(r.into()),
                p::Shape::Label(t) => Shape::Label(t.clone()),
                p::Shape::Empty => Shape::Empty,
            }
        }
    }

    impl From<&p::Shapes> for Shapes {
        fn from(s: &p::Shapes) -> Self {
            Shapes {
                shapes: s.shapes.iter().map(Shape::from).collect(),
            }
        }
    }

    /// `n` rows of each kind, the same rectangles.
    pub fn rows(n: usize) -> (ShapeRows, RectRows) {
        let rect = |i: usize| Rect {
            w: i as f64 * 0.5,
            h: 1.0 + i as f64,
        };
        let shapes = (0..n)
            .map(|i| ShapeRow {
                s: Shape::Rect(rect(i)),
            })
            .collect();
        let rects = (0..n).map(|i| RectRow { s: rect(i) }).collect();
        (ShapeRows { rows: shapes }, RectRows { rows: rects })
    }
}

/// Apache Fory Rust 1.7.7: `#[derive(ForyUnion)]`, which needs one `#[fory(default)]` case and
/// an `UnknownCase` carrier for cases it lacks.
pub mod apache {
    use apache_fory::{ForyStruct, ForyUnion, UnknownCase};

    use super::plain as p;

    #[derive(Debug, Clone, PartialEq, ForyStruct)]
    pub struct Rect {
        pub w: f64,
        pub h: f64,
    }

    #[derive(Debug, Clone, PartialEq, ForyUnion)]
    pub enum Shape {
        #[fory(default)]
        Circle(f64),
        Rect(Rect),
        Label(String),
        Empty,
        #[fory(unknown)]
        Unknown(UnknownCase),
    }

    #[derive(Debug, Clone, PartialEq, ForyStruct)]
    pub struct Shapes {
        pub shapes: Vec<Shape>,
    }

    /// A `Fory` with the workload's types registered by our ids.
    pub fn fory(compatible: bool) -> apache_fory::Fory {
        let mut f = apache_fory::Fory::builder()
            .xlang(true)
            .compatible(compatible)
            .build();
        f.register::<Rect>(30).unwrap();
        f.register_union::<Shape>(31).unwrap();
        f.register::<Shapes>(32).unwrap();
        f
    }

    impl From<&p::Shapes> for Shapes {
        fn from(s: &p::Shapes) -> Self {
            let shape = |s: &p::Shape| match s {
                p::Shape::Circle(r) => Shape::Circle(*r),
                p::Shape::Rect(r) => Shape::Rect(Rect { w: r.w, h: r.h }),
                p::Shape::Label(t) => Shape::Label(t.clone()),
                p::Shape::Empty => Shape::Empty,
            };
            Shapes {
                shapes: s.shapes.iter().map(shape).collect(),
            }
        }
    }
}

/// `n` shapes from a fixed seed: 40 % circles, 30 % rectangles, 20 % labels of 3 to 12
/// characters, 10 % empty.
pub fn generate(n: usize) -> plain::Shapes {
    let mut x: u64 = 0x5EED_0000_5A4E_0001;
    let mut next = move || {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let shapes = (0..n)
        .map(|_| {
            let r = next();
            let f = (r >> 11) as f64 / (1u64 << 53) as f64 * 100.0;
            match r % 10 {
                0..=3 => plain::Shape::Circle(f),
                4..=6 => plain::Shape::Rect(plain::Rect { w: f, h: f * 0.5 }),
                7 | 8 => {
                    let len = 3 + (r >> 20) % 10;
                    plain::Shape::Label(
                        (0..len)
                            .map(|i| (b'a' + ((r >> i) % 26) as u8) as char)
                            .collect(),
                    )
                }
                _ => plain::Shape::Empty,
            }
        })
        .collect();
    plain::Shapes { shapes }
}
