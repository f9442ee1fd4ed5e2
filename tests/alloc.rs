//! `serialize_into` a reused buffer does not allocate: a counting global allocator checks a
//! derived struct (compatible on and off, nested structs, strings, lists, dense arrays, an enum)
//! and `fory::Value`s read from those payloads. Performance itself is measured by the criterion
//! suite in `benches/`, never here.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use fory::{Fory, ForyDeserialize, ForySerialize, Value};

struct Counting;

thread_local! {
    /// Allocations made by this thread (other test threads do not disturb the count).
    static ALLOCS: Cell<u64> = const { Cell::new(0) };
}

fn count() {
    // `try_with`: the allocator also runs while thread-locals are being torn down.
    let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
}

// SAFETY: every call is forwarded to `System` unchanged; the counter is a thread-local `Cell`.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        System.alloc_zeroed(layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        System.realloc(ptr, layout, new_size)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_in(f: impl FnOnce()) -> u64 {
    let before = ALLOCS.with(Cell::get);
    f();
    ALLOCS.with(Cell::get) - before
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
