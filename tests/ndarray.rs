//! N-D arrays (`fory.ndarray`): round trips of every element type and rank, zero-copy
//! out-of-band writes and borrowed reads, non-standard layouts, and hostile headers.

use fory::ndarray::half::f16;
use fory::ndarray::nd::{
    arr0, s, Array, Array1, Array2, Array3, ArrayD, ArrayView1, ArrayView2, ArrayView3, ArrayViewD,
    CowArray, Dimension, Ix2, IxDyn, ShapeBuilder,
};
use fory::{Error, Fory, Placement};

fn fories() -> Vec<Fory> {
    vec![
        Fory::builder().compatible(true).build(),
        Fory::builder().compatible(false).build(),
        Fory::builder().compatible(true).ref_tracking(true).build(),
    ]
}

/// In-band, all out-of-band (owned and borrowed reads), and in-band through a callback.
fn round_trips<T, D>(a: &Array<T, D>)
where
    T: fory::NdElement + PartialEq + std::fmt::Debug,
    D: Dimension,
{
    for fory in fories() {
        let bytes = fory.serialize(a).unwrap();
        let back: Array<T, D> = fory.deserialize(&bytes).unwrap();
        assert_eq!(&back, a);
        assert_eq!(back.shape(), a.shape());

        let mut bufs = Vec::new();
        let payload = fory.serialize_with(a, |b| bufs.push(b)).unwrap();
        assert_eq!(bufs.len(), 1, "the data is one buffer object");
        let back: Array<T, D> = fory.deserialize_with_buffers(&payload, &bufs).unwrap();
        assert_eq!(&back, a);
        let dynamic: ArrayD<T> = fory.deserialize_with_buffers(&payload, &bufs).unwrap();
        assert_eq!(dynamic.shape(), a.shape());

        let payload = fory.serialize_with(a, |_| Placement::InBand).unwrap();
        let none: [&[u8]; 0] = [];
        let back: Array<T, D> = fory.deserialize_with_buffers(&payload, &none).unwrap();
        assert_eq!(&back, a);
    }
}

#[test]
fn every_element_type_and_rank_round_trips() {
    round_trips(&arr0(3.5f64));
    round_trips(&Array1::from_vec(vec![true, false, true]));
    round_trips(&Array2::from_shape_fn((2, 3), |(i, j)| {
        (i * 3 + j) as i8 - 3
    }));
    round_trips(&Array2::from_shape_fn((3, 2), |(i, j)| {
        (i * 300 + j) as i16 - 500
    }));
    round_trips(&Array3::from_shape_fn((2, 2, 2), |(i, j, k)| {
        (i * 4 + j * 2 + k) as i32 * -7
    }));
    round_trips(&Array2::from_shape_fn((2, 2), |(i, j)| {
        i64::MIN + (i * 2 + j) as i64
    }));
    round_trips(&Array1::from_vec(vec![0u8, 255, 7]));
    round_trips(&Array2::from_shape_fn((1, 4), |(_, j)| u16::MAX - j as u16));
    round_trips(&Array2::from_shape_fn((4, 1), |(i, _)| u32::MAX - i as u32));
    round_trips(&Array1::from_vec(vec![u64::MAX, 0, 1]));
    round_trips(&Array2::from_shape_fn((2, 3), |(i, j)| {
        f16::from_f32((i * 3 + j) as f32 / 4.0)
    }));
    round_trips(&Array3::from_shape_fn((2, 3, 4), |(i, j, k)| {
        (i * 12 + j * 4 + k) as f32 * 0.25
    }));
    round_trips(&ArrayD::from_shape_fn(IxDyn(&[2, 1, 3, 1, 2]), |ix| {
        ix.slice().iter().sum::<usize>() as f64
    }));
    // Zero-sized axes and empty arrays.
    round_trips(&Array2::<f64>::zeros((0, 5)));
    round_trips(&ArrayD::<u8>::zeros(IxDyn(&[3, 0, 2])));
}

#[test]
fn standard_layout_goes_out_of_band_without_a_copy() {
    let fory = Fory::default();
    let a = Array3::from_shape_fn((4, 8, 8), |(i, j, k)| (i * 64 + j * 8 + k) as f32);
    let mut bufs = Vec::new();
    let payload = fory.serialize_with(&a, |b| bufs.push(b)).unwrap();
    assert_eq!(bufs.len(), 1);
    assert_eq!(
        bufs[0].as_slice().as_ptr(),
        a.as_ptr().cast::<u8>(),
        "a view of the array"
    );
    assert_eq!(bufs[0].len(), a.len() * 4);
    // The payload holds the header and a one-byte marker, not the data.
    assert!(payload.len() < 64, "payload of {} bytes", payload.len());

    // Borrowed read: the view points into the buffer.
    // A received copy of the buffer, in memory aligned for f32 (a `Vec<u8>` promises only
    // byte alignment; miri places it anywhere).
    let received: Vec<f32> = bytemuck::cast_slice(bufs[0].as_slice()).to_vec();
    let owned_buf: &[u8] = bytemuck::cast_slice(&received);
    let buffers = [owned_buf];
    let view: ArrayView3<f32> = fory.deserialize_with_buffers(&payload, &buffers).unwrap();
    assert_eq!(view, a);
    assert_eq!(
        view.as_ptr().cast::<u8>(),
        owned_buf.as_ptr(),
        "zero-copy view"
    );
    let cow: CowArray<f32, fory::ndarray::nd::Ix3> =
        fory.deserialize_with_buffers(&payload, &buffers).unwrap();
    assert!(cow.is_view());
    assert_eq!(cow, a);

    // Views and shared arrays are written the same way, also without a copy.
    let v = a.view();
    let mut bufs2 = Vec::new();
    let payload2 = fory.serialize_with(&v, |b| bufs2.push(b)).unwrap();
    assert_eq!(payload2, payload);
    assert_eq!(bufs2[0].as_slice().as_ptr(), a.as_ptr().cast::<u8>());
    let shared = a.clone().into_shared();
    assert_eq!(
        fory.serialize(&shared).unwrap(),
        fory.serialize(&a).unwrap()
    );
}

#[test]
fn non_standard_layouts_are_made_contiguous() {
    let fory = Fory::default();
    let a = Array2::from_shape_fn((3, 4), |(i, j)| (i * 10 + j) as i64);
    let t = a.t();
    let stepped = a.slice(s![..;2, 1..;2]);
    let f_order = Array2::from_shape_vec((3, 4).f(), (0..12).collect::<Vec<i64>>()).unwrap();
    for (name, view) in [
        ("transposed", t),
        ("stepped", stepped),
        ("f-order", f_order.view()),
    ] {
        assert!(view.as_slice().is_none(), "{name} is not standard layout");
        // Plain: the same bytes as the contiguous copy.
        let contiguous = view.as_standard_layout().into_owned();
        let bytes = fory.serialize(&view).unwrap();
        assert_eq!(bytes, fory.serialize(&contiguous).unwrap(), "{name}");
        let back: Array2<i64> = fory.deserialize(&bytes).unwrap();
        assert_eq!(back, view, "{name}");
        // With a callback the copy stays in-band: the callback never sees it.
        let mut calls = 0;
        let payload = fory.serialize_with(&view, |_| calls += 1).unwrap();
        assert_eq!(calls, 0, "{name}");
        let none: [&[u8]; 0] = [];
        let back: Array2<i64> = fory.deserialize_with_buffers(&payload, &none).unwrap();
        assert_eq!(back, view, "{name}");
        // Made contiguous by the caller, it goes out-of-band.
        let mut bufs = Vec::new();
        let payload = fory.serialize_with(&contiguous, |b| bufs.push(b)).unwrap();
        assert_eq!(bufs.len(), 1);
        let back: ArrayView2<i64> = fory.deserialize_with_buffers(&payload, &bufs).unwrap();
        assert_eq!(back, view, "{name}");
    }
}

#[test]
fn misaligned_data_is_an_error_for_views_and_a_copy_for_owned_and_cow() {
    let fory = Fory::default();
    let a = Array2::from_shape_fn((2, 2), |(i, j)| (i * 2 + j) as f64);
    let mut bufs = Vec::new();
    let payload = fory.serialize_with(&a, |b| bufs.push(b)).unwrap();
    // 8-aligned storage, so one byte in is misaligned for f64.
    let mut backing = vec![0u64; 5];
    let bytes: &mut [u8] = bytemuck::cast_slice_mut(&mut backing);
    bytes[1..33].copy_from_slice(bufs[0].as_slice());
    let buffers = [&bytes[1..33]];
    let err = fory
        .deserialize_with_buffers::<ArrayView2<f64>, _>(&payload, &buffers)
        .unwrap_err();
    match &err {
        Error::NdArray { what, expected, .. } => {
            assert_eq!(*what, "alignment");
            assert!(expected.contains("aligned to 8 bytes"), "{err}");
        }
        other => panic!("expected an alignment error, got {other}"),
    }
    let owned: Array2<f64> = fory.deserialize_with_buffers(&payload, &buffers).unwrap();
    assert_eq!(owned, a);
    let cow: CowArray<f64, Ix2> = fory.deserialize_with_buffers(&payload, &buffers).unwrap();
    assert!(cow.is_owned());
    assert_eq!(cow, a);
    // Bytes and bools have no alignment: always borrowed.
    let b = Array1::from_vec(vec![true, false]);
    let bytes = fory.serialize(&b).unwrap();
    let view: ArrayView1<bool> = fory.deserialize(&bytes).unwrap();
    assert_eq!(view, b);
}

#[test]
fn pyfory_dense_arrays_read_as_one_dimensional() {
    let fory = Fory::default();
    let v = vec![1.5f64, 2.5, 3.5];
    let bytes = fory.serialize(&v).unwrap();
    let a: Array1<f64> = fory.deserialize(&bytes).unwrap();
    assert_eq!(a.to_vec(), v);
    let d: ArrayD<f64> = fory.deserialize(&bytes).unwrap();
    assert_eq!(d.shape(), &[3]);
    let err = fory.deserialize::<Array2<f64>>(&bytes).unwrap_err();
    assert!(matches!(err, Error::NdArray { what: "rank", .. }), "{err}");
    let err = fory.deserialize::<Array1<f32>>(&bytes).unwrap_err();
    assert!(matches!(err, Error::TypeMismatch { .. }), "{err}");
    // And the reverse: an array is not a Vec.
    let a = Array1::from_vec(v.clone());
    assert!(fory
        .deserialize::<Vec<f64>>(&fory.serialize(&a).unwrap())
        .is_err());
}

// ---- hostile and mismatched headers ----

fn varuint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The bytes before an array body (header, ref flag, type info) in `fory`'s mode.
fn prefix(fory: &Fory) -> Vec<u8> {
    let a = Array1::from_vec(vec![7u8; 3]);
    let bytes = fory.serialize(&a).unwrap();
    let body = [9u8, 1, 3, 3, 7, 7, 7];
    assert!(bytes.ends_with(&body));
    bytes[..bytes.len() - body.len()].to_vec()
}

/// A payload with body `elem, ndim, dims, data` (data in-band).
fn payload(fory: &Fory, elem: u8, ndim: u64, dims: &[u64], data: &[u8]) -> Vec<u8> {
    let mut out = prefix(fory);
    out.push(elem);
    varuint(&mut out, ndim);
    for &d in dims {
        varuint(&mut out, d);
    }
    varuint(&mut out, data.len() as u64);
    out.extend_from_slice(data);
    out
}

fn nd_err<'a, T: fory::Deserialize<'a> + std::fmt::Debug>(
    fory: &Fory,
    bytes: &'a [u8],
) -> (String, String, String) {
    match fory.deserialize::<T>(bytes) {
        Err(Error::NdArray {
            what,
            expected,
            found,
            ..
        }) => (what.to_string(), expected, found),
        other => panic!("expected Error::NdArray, got {other:?}"),
    }
}

#[test]
fn element_type_mismatch_names_both_types() {
    let fory = Fory::default();
    let bytes = fory.serialize(&Array2::<f32>::zeros((2, 2))).unwrap();
    let (what, expected, found) = nd_err::<Array2<f64>>(&fory, &bytes);
    assert_eq!(what, "element type");
    assert_eq!(expected, "f64 (FLOAT64 = 20)");
    assert_eq!(found, "f32 (FLOAT32 = 19)");
    let (_, _, found) = nd_err::<ArrayD<f64>>(&fory, &payload(&fory, 99, 1, &[1], &[0; 8]));
    assert_eq!(found, "unknown element type id 99");
    let (_, _, found) = nd_err::<ArrayView2<i64>>(&fory, &payload(&fory, 7, 2, &[1, 1], &[0; 8]));
    assert_eq!(
        found, "unknown element type id 7",
        "VARINT64 is not an element type"
    );
}

#[test]
fn rank_mismatch_names_both_ranks() {
    let fory = Fory::default();
    let bytes = fory.serialize(&Array3::<u16>::zeros((1, 2, 3))).unwrap();
    assert_eq!(
        nd_err::<Array2<u16>>(&fory, &bytes),
        ("rank".into(), "2".into(), "3".into())
    );
    let (what, expected, found) = nd_err::<ArrayD<u16>>(&fory, &payload(&fory, 10, 65, &[], &[]));
    assert_eq!(
        (what.as_str(), expected.as_str(), found.as_str()),
        ("rank", "at most 64", "65")
    );
    // A huge rank is rejected before any dim is read or allocated.
    let bytes = payload(&fory, 10, u32::MAX as u64, &[], &[]);
    assert_eq!(nd_err::<ArrayD<u16>>(&fory, &bytes).0, "rank");
}

#[test]
fn shapes_that_overflow_or_disagree_with_the_data_are_errors() {
    let fory = Fory::default();
    // Product of dims overflows usize.
    let big = 1u64 << 40;
    let (what, _, found) =
        nd_err::<Array3<f64>>(&fory, &payload(&fory, 20, 3, &[big, big, big], &[]));
    assert_eq!(what, "shape");
    assert!(found.contains(&big.to_string()), "{found}");
    // Element count fits, but its size in bytes does not.
    let (what, ..) = nd_err::<Array1<f64>>(&fory, &payload(&fory, 20, 1, &[u64::MAX / 4], &[]));
    assert_eq!(what, "shape");
    // A zero dim next to a huge one: zero elements, but ndarray cannot represent the shape.
    let (what, ..) = nd_err::<Array2<f64>>(&fory, &payload(&fory, 20, 2, &[0, u64::MAX / 2], &[]));
    assert_eq!(what, "shape");
    // A "negative" dim (an i64 -1 reinterpreted) is a huge dim: exceeds the data.
    let (what, expected, found) =
        nd_err::<Array2<u8>>(&fory, &payload(&fory, 9, 2, &[u64::MAX, 1], &[1, 2]));
    assert!(what == "shape" || what == "data size", "{what}");
    let _ = (expected, found);
    // Element count × size not the data size.
    let (what, expected, found) =
        nd_err::<Array2<i32>>(&fory, &payload(&fory, 4, 2, &[2, 3], &[0; 20]));
    assert_eq!(what, "data size");
    assert!(expected.starts_with("24 bytes (shape [2, 3]"), "{expected}");
    assert_eq!(found, "20 bytes");
    let (what, ..) = nd_err::<ArrayView2<i32>>(&fory, &payload(&fory, 4, 2, &[2, 3], &[0; 28]));
    assert_eq!(what, "data size");
    // Huge dims whose product matches nothing never allocate: the data is 8 bytes.
    let (what, ..) =
        nd_err::<Array2<u8>>(&fory, &payload(&fory, 9, 2, &[1 << 31, 1 << 31], &[0; 8]));
    assert_eq!(what, "data size");
    // bool bytes must be 0 or 1.
    let (what, ..) = nd_err::<Array1<bool>>(&fory, &payload(&fory, 1, 1, &[2], &[1, 2]));
    assert_eq!(what, "data");
}

#[test]
fn out_of_band_data_of_the_wrong_size_is_an_error() {
    let fory = Fory::default();
    let a = Array2::<f64>::ones((2, 2));
    let mut bufs = Vec::new();
    let payload = fory.serialize_with(&a, |b| bufs.push(b)).unwrap();
    let short = vec![0u8; 24];
    let (what, _, found) =
        match fory.deserialize_with_buffers::<Array2<f64>, _>(&payload, &[short.as_slice()]) {
            Err(Error::NdArray {
                what,
                expected,
                found,
                ..
            }) => (what, expected, found),
            other => panic!("{other:?}"),
        };
    assert_eq!((what, found.as_str()), ("data size", "24 bytes"));
    // Missing buffer.
    let none: [&[u8]; 0] = [];
    assert!(matches!(
        fory.deserialize_with_buffers::<Array2<f64>, _>(&payload, &none),
        Err(Error::OutOfBand(_))
    ));
}

#[test]
fn every_truncation_and_byte_flip_is_an_error_not_a_panic() {
    for fory in fories() {
        let a = Array3::from_shape_fn((2, 3, 2), |(i, j, k)| (i + j + k) as u32);
        let bytes = fory.serialize(&a).unwrap();
        for n in 0..bytes.len() {
            assert!(fory.deserialize::<Array3<u32>>(&bytes[..n]).is_err());
            assert!(fory.deserialize::<ArrayViewD<u32>>(&bytes[..n]).is_err());
        }
        for i in 0..bytes.len() {
            for flip in [0x01u8, 0x80, 0xFF] {
                let mut b = bytes.clone();
                b[i] ^= flip;
                let _ = fory.deserialize::<Array3<u32>>(&b);
                let _ = fory.deserialize::<ArrayD<u32>>(&b);
                let _ = fory.deserialize::<CowArray<u32, IxDyn>>(&b);
            }
        }
    }
}

#[test]
fn type_info_must_name_fory_ndarray() {
    // A different type where an array is expected.
    let fory = Fory::default();
    let bytes = fory.serialize(&String::from("x")).unwrap();
    assert!(matches!(
        fory.deserialize::<Array1<f64>>(&bytes),
        Err(Error::TypeMismatch { .. })
    ));
}

#[test]
fn vec_of_arrays_round_trips() {
    for fory in fories() {
        let items: Vec<Array2<f32>> = (0..3)
            .map(|n| Array2::from_shape_fn((n + 1, 2), |(i, j)| (n * 100 + i * 2 + j) as f32))
            .collect();
        let mut bufs = Vec::new();
        let payload = fory.serialize_with(&items, |b| bufs.push(b)).unwrap();
        assert_eq!(bufs.len(), 3);
        for (b, a) in bufs.iter().zip(&items) {
            assert_eq!(b.as_slice().as_ptr(), a.as_ptr().cast::<u8>());
        }
        let back: Vec<Array2<f32>> = fory.deserialize_with_buffers(&payload, &bufs).unwrap();
        assert_eq!(back, items);
        let views: Vec<ArrayView2<f32>> = fory.deserialize_with_buffers(&payload, &bufs).unwrap();
        assert_eq!(views, items);
    }
}

#[derive(fory::ForySerialize, fory::ForyDeserialize, Debug, PartialEq, Default)]
#[fory(name = "test.Tensors")]
struct Tensors {
    label: String,
    #[fory(out_of_band)]
    weights: Array2<f32>,
    dynamic: ArrayD<u16>,
    maybe: Option<Array1<i64>>,
    list: Vec<Array1<u8>>,
}

#[test]
fn array_fields_round_trip_in_derived_structs() {
    for compatible in [true, false] {
        let mut fory = Fory::builder().compatible(compatible).build();
        fory.register::<Tensors>().unwrap();
        let t = Tensors {
            label: "w".into(),
            weights: Array2::from_shape_fn((3, 4), |(i, j)| (i * 4 + j) as f32),
            dynamic: ArrayD::from_shape_fn(IxDyn(&[2, 2, 2]), |ix| {
                ix.slice().iter().sum::<usize>() as u16
            }),
            maybe: Some(Array1::from_vec(vec![-1, 2])),
            list: vec![Array1::from_vec(vec![1, 2]), Array1::from_vec(vec![3])],
        };
        let back: Tensors = fory.deserialize(&fory.serialize(&t).unwrap()).unwrap();
        assert_eq!(back, t);
        let mut bufs = Vec::new();
        let payload = fory.serialize_with(&t, |b| bufs.push(b)).unwrap();
        assert_eq!(bufs.len(), 5, "every array's data is a buffer object");
        // Fields go in pyfory's order, not declaration order.
        assert!(
            bufs.iter()
                .any(|b| b.as_slice().as_ptr() == t.weights.as_ptr().cast::<u8>()),
            "weights are not copied"
        );
        let back: Tensors = fory.deserialize_with_buffers(&payload, &bufs).unwrap();
        assert_eq!(back, t);
        let none = Tensors {
            maybe: None,
            ..back
        };
        let again: Tensors = fory.deserialize(&fory.serialize(&none).unwrap()).unwrap();
        assert_eq!(again, none);
    }
}

#[test]
fn value_reads_nd_arrays_and_writes_them_back() {
    for compatible in [true, false] {
        let fory = Fory::builder().compatible(compatible).build();
        let a = Array2::from_shape_fn((2, 3), |(i, j)| (i * 3 + j) as f64);
        let bytes = fory.serialize(&a).unwrap();
        let v: fory::Value = fory.deserialize(&bytes).unwrap();
        let fory::Value::NdArray(raw) = &v else {
            panic!("not an array: {v:?}")
        };
        assert_eq!(raw.elem, fory::__private::types::FLOAT64);
        assert_eq!(raw.shape, [2, 3]);
        assert_eq!(
            raw.data.as_slice(),
            bytemuck::cast_slice::<f64, u8>(a.as_slice().unwrap())
        );
        assert_eq!(fory.serialize(&v).unwrap(), bytes);
        // Out-of-band too: the Value's data is the buffer object.
        let mut bufs = Vec::new();
        let payload = fory.serialize_with(&a, |b| bufs.push(b)).unwrap();
        let v: fory::Value = fory.deserialize_with_buffers(&payload, &bufs).unwrap();
        let mut again = Vec::new();
        assert_eq!(
            fory.serialize_with(&v, |b| again.push(b.as_slice().to_vec()))
                .unwrap(),
            payload
        );
        assert_eq!(again[0], bufs[0].as_slice());
    }
}

#[derive(fory::ForySerialize, fory::ForyDeserialize, Debug, PartialEq, Default)]
#[fory(name = "test.WithArray")]
struct WithArray {
    label: String,
    grid: Array2<f32>,
}

#[derive(fory::ForySerialize, fory::ForyDeserialize, Debug, PartialEq, Default)]
#[fory(name = "test.WithArray")]
struct WithoutArray {
    label: String,
}

#[test]
fn a_reader_without_the_array_field_skips_it() {
    let mut new = Fory::default();
    new.register::<WithArray>().unwrap();
    let mut old = Fory::default();
    old.register::<WithoutArray>().unwrap();
    let v = WithArray {
        label: "l".into(),
        grid: Array2::ones((3, 3)),
    };
    let bytes = new.serialize(&v).unwrap();
    let back: WithoutArray = old.deserialize(&bytes).unwrap();
    assert_eq!(back.label, "l");
}
