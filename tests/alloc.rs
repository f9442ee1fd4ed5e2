//! `serialize_into` a reused buffer does not allocate: a counting global allocator checks a
//! derived struct (compatible on and off, nested structs, strings, lists, dense arrays, an enum)
//! and `fory::Value`s read from those payloads. Performance itself is measured by the criterion
//! suite in `benches/`, never here.

use fory::{Fory, ForyDeserialize, ForySerialize, Value};

#[global_allocator]
static GLOBAL: fory_tests::counting::Counting = fory_tests::counting::Counting;

fn allocations_in(f: impl FnOnce()) -> u64 {
    fory_tests::counting::measure(f).1.count
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone, Copy)]
#[fory(id = 7)]
enum Size {
    #[default]
    Small,
    Large,
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(id = 4)]
struct Image {
    uri: String,
    title: String,
    width: i32,
    height: i32,
    size: Size,
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(name = "bench.Media")]
struct Media {
    #[fory(id = 1)]
    uri: String,
    #[fory(id = 2)]
    duration: i64,
    #[fory(id = 3)]
    persons: Vec<String>,
    #[fory(id = 4)]
    images: Vec<Image>,
    #[fory(id = 5)]
    samples: Vec<f64>,
    #[fory(id = 6)]
    flags: Vec<bool>,
    #[fory(id = 7)]
    format: String,
    #[fory(id = 8)]
    maybe: Option<Image>,
}

fn media() -> Media {
    let image = |uri: &str, w, size| Image {
        uri: uri.into(),
        title: "Javaone Keynote\u{1234}".into(),
        width: w,
        height: w / 2,
        size,
    };
    Media {
        uri: "http://javaone.com/keynote.ogg".into(),
        duration: 18_000_001,
        persons: vec!["Bill Gates, Jr.".into(), "Steven Jobs".into()],
        images: vec![
            image("http://javaone.com/keynote_huge.jpg", 32_000, Size::Large),
            image("http://javaone.com/keynote_small.jpg", 320, Size::Small),
        ],
        samples: (0..100).map(f64::from).collect(),
        flags: vec![true, false, true],
        format: "video/theora\u{1234}".into(),
        maybe: Some(image("x", 1, Size::Small)),
    }
}

fn fory(compatible: bool) -> Fory {
    let mut f = Fory::builder().compatible(compatible).build();
    f.register::<Size>().unwrap();
    f.register::<Image>().unwrap();
    f.register::<Media>().unwrap();
    f
}

/// Serializes into `buf` a few times to warm it (and any per-thread tables) up, then counts the
/// allocations of further calls.
fn steady_state_allocations<T: fory::Serialize>(f: &Fory, value: &T) -> u64 {
    let mut buf = Vec::new();
    for _ in 0..3 {
        f.serialize_into(value, &mut buf).unwrap();
    }
    let expected = buf.clone();
    let n = allocations_in(|| {
        for _ in 0..100 {
            f.serialize_into(value, &mut buf).unwrap();
        }
    });
    assert_eq!(buf, expected);
    n
}

#[test]
fn derived_struct_serialize_into_does_not_allocate() {
    for compatible in [true, false] {
        let f = fory(compatible);
        let m = media();
        let n = steady_state_allocations(&f, &m);
        assert_eq!(
            n, 0,
            "compatible={compatible}: {n} allocations in 100 serialize_into calls"
        );
    }
}

fn list_value() -> Value {
    Value::List(vec![
        Value::String("a string".into()),
        Value::I64(-5),
        Value::Map(vec![(Value::String("k".into()), Value::F64(1.5))]),
        Value::Binary(vec![1, 2, 3]),
        Value::Null,
    ])
}

#[test]
fn value_serialize_into_does_not_allocate() {
    for compatible in [true, false] {
        let f = fory(compatible);
        let n = steady_state_allocations(&f, &list_value());
        assert_eq!(
            n, 0,
            "compatible={compatible}: {n} allocations for a list Value"
        );
    }
}

/// A struct `Value` read from a message writes its TypeDef from a cache and its names from the
/// registration: no allocation either.
#[test]
fn struct_value_serialize_into_does_not_allocate() {
    for compatible in [false, true] {
        let f = fory(compatible);
        let bytes = f.serialize(&media()).unwrap();
        let v: Value = f.deserialize(&bytes).unwrap();
        assert_eq!(f.serialize(&v).unwrap(), bytes);
        let n = steady_state_allocations(&f, &v);
        assert_eq!(
            n, 0,
            "compatible={compatible}: {n} allocations for a struct Value"
        );
    }
}

#[test]
fn the_counter_counts() {
    let n = allocations_in(|| {
        std::hint::black_box(vec![1u8; 10]);
    });
    assert_eq!(n, 1);
}

/// The counter is live: an allocation inside `measure` is seen (so the zeros above mean
/// something), and one outside is not.
#[test]
fn the_counting_allocator_counts() {
    let (v, allocs) = fory_tests::counting::measure(|| vec![7u8; 100]);
    assert_eq!(allocs.count, 1);
    assert_eq!(allocs.largest, 100);
    drop(v);
    let outside = vec![1u8; 10];
    let (_, none) = fory_tests::counting::measure(|| ());
    assert_eq!(none.count, 0);
    drop(outside);
}
