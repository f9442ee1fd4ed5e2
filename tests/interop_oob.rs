//! Out-of-band buffers against pyfory 1.7.7's `buffer_callback`, both directions.

use fory::{Fory, Placement, Value};
use fory_tests::{hex, oob_cases, oob_check, OobCase};

/// The schemaless cases (`blob_nc` needs a registered struct; see tests/derive_oob.rs).
fn schemaless(c: &OobCase) -> bool {
    !c.name.ends_with("_nc")
}

#[test]
fn python_to_rust_with_buffers() {
    let cases = oob_cases();
    assert_eq!(cases.len(), 7);
    for c in cases.iter().filter(|c| schemaless(c)) {
        let fory = c.fory();
        let v: Value = fory
            .deserialize_with_buffers(&c.payload, &c.buffers)
            .unwrap_or_else(|e| panic!("case {}: {e}", c.name));
        match c.name.as_str() {
            "all_oob" => assert_eq!(
                v,
                Value::List(vec![
                    Value::Binary(vec![b'a'; 100]),
                    Value::Binary(vec![b'b'; 50])
                ])
            ),
            "root_bytes" => assert_eq!(v, Value::Binary([1u8, 2].repeat(500))),
            "every_other_ref" => {
                let want: Vec<Value> = (0..10u8)
                    .map(|i| Value::Binary(vec![i; 10 + i as usize]))
                    .collect();
                assert_eq!(v, Value::List(want));
                assert_eq!(c.buffers.len(), 5, "even calls went out-of-band");
            }
            "ref_shared" => {
                let b = Value::Binary(b"shared-bytes".repeat(4));
                assert_eq!(v, Value::List(vec![b.clone(), b]));
            }
            "blob" => {
                let s = v.as_struct().expect("struct");
                assert_eq!(s.get("data"), Some(&Value::Binary(b"payload".repeat(10))));
            }
            "f32_samples" => {
                let s = v.as_struct().expect("struct");
                let Some(Value::Binary(raw)) = s.get("values") else {
                    panic!("bytes field")
                };
                let floats: Vec<f32> = raw
                    .chunks_exact(4)
                    .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
                    .collect();
                assert_eq!(floats, (0..8).map(|i| i as f32).collect::<Vec<_>>());
            }
            other => panic!("unchecked case {other}"),
        }
        // Typed, borrowed: the bytes of the first buffer are not copied.
        if c.name == "root_bytes" {
            let view: &[u8] = fory
                .deserialize_with_buffers(&c.payload, &c.buffers)
                .unwrap();
            assert!(std::ptr::eq(view, c.buffers[0].as_slice()));
        }
    }
}

#[test]
fn rust_to_python_with_callback() {
    let mut written = Vec::new();
    for c in oob_cases().iter().filter(|c| schemaless(c)) {
        let fory = c.fory();
        // Re-create the value from pyfory's message, then write it with the same callback
        // policy pyfory used.
        let v: Value = fory
            .deserialize_with_buffers(&c.payload, &c.buffers)
            .unwrap();
        let mut bufs = Vec::new();
        let mut calls = 0;
        let payload = if c.name == "every_other_ref" {
            fory.serialize_with(&v, |b| {
                calls += 1;
                if calls % 2 == 0 {
                    bufs.push(b.as_slice().to_vec());
                    Placement::OutOfBand
                } else {
                    Placement::InBand
                }
            })
        } else {
            fory.serialize_with(&v, |b| bufs.push(b.as_slice().to_vec()))
        }
        .unwrap();
        written.push((c.name.clone(), payload, bufs));
    }
    for (name, ok, same_payload, error, py_payload) in oob_check(&written) {
        assert!(ok, "case {name}: {error}");
        // `Value` has no object identity: pyfory's shared bytes are written twice by us.
        if name != "ref_shared" {
            let ours = &written.iter().find(|w| w.0 == name).unwrap().1;
            assert!(
                same_payload,
                "case {name}: payload {} != pyfory {py_payload}",
                hex(ours)
            );
        }
    }
}

#[test]
fn buffer_objects_are_views_of_the_value() {
    let fory = Fory::default();
    let data: Vec<Vec<u8>> = vec![vec![1; 64], vec![2; 32]];
    let mut bufs = Vec::new();
    let payload = fory.serialize_with(&data, |b| bufs.push(b)).unwrap();
    assert_eq!(bufs.len(), 2);
    for (b, v) in bufs.iter().zip(&data) {
        assert!(std::ptr::eq(b.as_slice(), v.as_slice()), "no copy");
        assert_eq!(b.len(), v.len());
        let mut sink = Vec::new();
        b.write_to(&mut sink).unwrap();
        assert_eq!(&sink, v);
        assert_eq!(&*b.io_slice(), v.as_slice());
    }
    let back: Vec<Vec<u8>> = fory.deserialize_with_buffers(&payload, &bufs).unwrap();
    assert_eq!(back, data);
    // bytes::Bytes buffers are shared, not copied.
    let shared: Vec<bytes::Bytes> = bufs
        .iter()
        .map(|b| bytes::Bytes::copy_from_slice(b.as_slice()))
        .collect();
    let back: Vec<bytes::Bytes> = fory.deserialize_with_buffers(&payload, &shared).unwrap();
    assert_eq!(back[0].as_ptr(), shared[0].as_ptr());
}

#[test]
fn buffer_protocol_errors() {
    let fory = Fory::default();
    let data = vec![9u8; 16];
    let mut bufs = Vec::new();
    let payload = fory.serialize_with(&data, |b| bufs.push(b)).unwrap();
    let plain = fory.serialize(&data).unwrap();
    let none: [&[u8]; 0] = [];
    // Bit set, no buffers.
    assert!(matches!(
        fory.deserialize::<Vec<u8>>(&payload),
        Err(fory::Error::OutOfBand(_))
    ));
    // Buffers given, bit clear.
    assert!(matches!(
        fory.deserialize_with_buffers::<Vec<u8>, _>(&plain, &bufs),
        Err(fory::Error::OutOfBand(_))
    ));
    // Too few.
    assert!(matches!(
        fory.deserialize_with_buffers::<Vec<u8>, _>(&payload, &none),
        Err(fory::Error::OutOfBand(_))
    ));
    // Left unused: an error by default, accepted when asked.
    let extra = [bufs[0], bufs[0]];
    assert!(matches!(
        fory.deserialize_with_buffers::<Vec<u8>, _>(&payload, &extra),
        Err(fory::Error::OutOfBand(_))
    ));
    let lenient = Fory::builder().allow_unused_buffers(true).build();
    assert_eq!(
        lenient
            .deserialize_with_buffers::<Vec<u8>, _>(&payload, &extra)
            .unwrap(),
        data
    );
    // A buffer whose size does not fit the element type.
    let floats = vec![1.0f64, 2.0];
    let mut fb = Vec::new();
    let p = fory.serialize_with(&floats, |b| fb.push(b)).unwrap();
    assert!(
        fb.is_empty(),
        "dense arrays stay in-band without #[fory(out_of_band)]"
    );
    let _ = p;
}
