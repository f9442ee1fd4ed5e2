//! Any bytes read into derived structs and unions (first byte: configuration in bits 0-1,
//! target type in bits 2-4). A message that reads must also write back and read again to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "derived.rs"]
mod derived;

use derived::{Leaf, Scene, Shape, Small, Tree};

fn check<T>(f: &fory::Fory, msg: &[u8])
where
    T: fory::Serialize + for<'de> fory::Deserialize<'de> + std::fmt::Debug,
{
    if let Ok(v) = f.deserialize::<T>(msg) {
        let bytes = f.serialize(&v).expect("a value that was read writes back");
        let again: T = f.deserialize(&bytes).expect("what we wrote reads back");
        // Debug, so that a NaN read from the input compares equal to itself.
        assert_eq!(format!("{again:?}"), format!("{v:?}"));
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, msg)) = data.split_first() else {
        return;
    };
    let f = derived::fory(sel);
    match (sel >> 2) & 7 {
        0 => check::<Tree>(f, msg),
        1 => check::<Leaf>(f, msg),
        2 => check::<Vec<Leaf>>(f, msg),
        3 => check::<Option<Tree>>(f, msg),
        4 => check::<Scene>(f, msg),
        5 => check::<Small>(f, msg),
        _ => check::<Vec<Shape>>(f, msg),
    }
});
