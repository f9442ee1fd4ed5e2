//! Derived structs with out-of-band fields against pyfory 1.7.7: a Rust `Vec<f32>` field read
//! in Python as `bytes` (and `numpy.frombuffer` gives the numbers), and typed reads of pyfory's
//! out-of-band dataclasses in compatible and non-compatible mode.

use std::borrow::Cow;

use fory::{Fory, ForyDeserialize, ForySerialize};
use fory_tests::{hex, oob_cases, oob_check, OobCase};

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
#[fory(name = "demo.Blob")]
struct Blob {
    name: String,
    data: Vec<u8>,
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
#[fory(name = "demo.F32Samples")]
struct F32Samples {
    label: String,
    #[fory(out_of_band)]
    values: Vec<f32>,
}

/// The same wire type, borrowing its column from the buffer.
#[derive(ForyDeserialize, Debug, PartialEq, Default)]
#[fory(name = "demo.F32Samples", deserialize_only)]
struct F32View<'a> {
    label: String,
    #[fory(out_of_band)]
    values: Cow<'a, [f32]>,
}

fn fory_for(c: &OobCase) -> Fory {
    let mut f = c.fory();
    f.register::<Blob>().unwrap();
    f.register::<F32Samples>().unwrap();
    f
}

#[test]
fn typed_out_of_band_both_directions() {
    let mut written = Vec::new();
    for c in oob_cases() {
        let fory = fory_for(&c);
        let mut bufs: Vec<Vec<u8>> = Vec::new();
        let payload = match c.name.as_str() {
            "blob" | "blob_nc" => {
                let b: Blob = fory
                    .deserialize_with_buffers(&c.payload, &c.buffers)
                    .unwrap();
                assert_eq!(
                    b,
                    Blob {
                        name: "x".into(),
                        data: b"payload".repeat(10)
                    }
                );
                fory.serialize_with(&b, |o| bufs.push(o.as_slice().to_vec()))
                    .unwrap()
            }
            "f32_samples" => {
                let s: F32Samples = fory
                    .deserialize_with_buffers(&c.payload, &c.buffers)
                    .unwrap();
                let want = F32Samples {
                    label: "s".into(),
                    values: (0..8).map(|i| i as f32).collect(),
                };
                assert_eq!(s, want);
                let mut oob = Vec::new();
                let p = fory.serialize_with(&want, |o| oob.push(o)).unwrap();
                assert!(std::ptr::eq(
                    oob[0].as_slice().as_ptr(),
                    want.values.as_ptr().cast()
                ));
                bufs = oob.iter().map(|o| o.as_slice().to_vec()).collect();
                p
            }
            _ => continue,
        };
        assert_eq!(
            hex(&payload),
            hex(&c.payload),
            "case {}: payload differs from pyfory's",
            c.name
        );
        written.push((c.name.clone(), payload, bufs));
    }
    assert_eq!(written.len(), 3);
    for (name, ok, same, error, _) in oob_check(&written) {
        assert!(ok, "case {name}: {error}");
        assert!(same, "case {name}");
    }
}

#[test]
fn borrowed_field_views_the_buffer() {
    let mut fory = Fory::default();
    fory.register::<F32Samples>().unwrap();
    fory.register::<F32View>().unwrap();
    let s = F32Samples {
        label: "l".into(),
        values: vec![1.5; 256],
    };
    let mut oob = Vec::new();
    let payload = fory.serialize_with(&s, |o| oob.push(o)).unwrap();
    let view: F32View = fory.deserialize_with_buffers(&payload, &oob).unwrap();
    match &view.values {
        Cow::Borrowed(v) => assert!(std::ptr::eq(v.as_ptr(), s.values.as_ptr())),
        Cow::Owned(_) => panic!("aligned buffer must be borrowed"),
    }
}
