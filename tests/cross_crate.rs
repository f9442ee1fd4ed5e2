//! Derives from two crates registered in one `Fory`: same Rust names, no collision.

use fory::{Fory, ForyDeserialize, ForySerialize};
use fory_test_other_crate as other;

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(name = "here.Point")]
struct Point {
    x: i32,
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(id = 8)]
struct Counter {
    n: i64,
}

#[test]
fn types_from_two_crates_register_side_by_side() {
    for compatible in [true, false] {
        let mut fory = Fory::builder().compatible(compatible).build();
        fory.register::<Point>().unwrap();
        fory.register::<other::Point>().unwrap();
        fory.register::<Counter>().unwrap();
        fory.register::<other::Counter>().unwrap();
        let mine = Point { x: 3 };
        let theirs = other::Point { label: "o".into() };
        let b1 = fory.serialize(&mine).unwrap();
        let b2 = fory.serialize(&theirs).unwrap();
        assert_eq!(fory.deserialize::<Point>(&b1).unwrap(), mine);
        assert_eq!(fory.deserialize::<other::Point>(&b2).unwrap(), theirs);
        // Reading one crate's type as the other's is a typed error, not a mix-up.
        assert!(fory.deserialize::<other::Point>(&b1).is_err());
        let c = other::Counter { n: 5 };
        let b3 = fory.serialize(&c).unwrap();
        assert_eq!(fory.deserialize::<other::Counter>(&b3).unwrap(), c);
        assert!(fory.deserialize::<Counter>(&b3).is_err());
    }
}

#[test]
fn registering_twice_or_claiming_a_taken_id_fails() {
    let mut fory = Fory::default();
    fory.register::<other::Counter>().unwrap();
    assert!(matches!(
        fory.register::<other::Counter>(),
        Err(fory::Error::Registration(_))
    ));

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(id = 7)]
    struct Clash {
        other: String,
    }
    assert!(matches!(
        fory.register::<Clash>(),
        Err(fory::Error::Registration(_))
    ));
}
