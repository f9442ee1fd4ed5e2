//! N-D arrays (`fory.ndarray`) against pyfory 1.7.7 with `python/fory_ndarray.py`, both ways:
//! every element type and rank, in-band and out-of-band, the seed's numpy, selective-callback
//! and DataFrame cases. Expected values and bytes come from running pyfory
//! (`tests/python/ndarray_cases.py`); Rust → Python → Rust closes the loop.

use std::collections::BTreeMap;
use std::fmt::Debug;

use fory::ndarray::half::f16;
use fory::ndarray::nd::{
    Array1, Array2, Array4, ArrayD, ArrayView1, ArrayViewD, CowArray, Ix1, IxDyn,
};
use fory::{Fory, ForyDeserialize, ForySerialize, NdElement, Placement};
use fory_tests::{hex, hex_decode, run_python, script_runner};

/// The seed's DataFrame as a struct of columns: numeric columns out-of-band, strings in-band.
/// Python reads it as the dataclass `NdFrame(a: np.ndarray, b: np.ndarray, c: List[str])`.
#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
#[fory(name = "example.NdFrame")]
struct NdFrame {
    a: Array1<f64>,
    #[fory(out_of_band)]
    b: Array1<i64>,
    c: Vec<String>,
}

/// The same frame, borrowing its columns from the buffers and the payload.
/// Array views have no `Default`, so the fields name what a message without them reads as.
#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq)]
#[fory(name = "example.NdFrame")]
struct NdFrameView<'a> {
    #[fory(default = "no_f64")]
    a: ArrayView1<'a, f64>,
    #[fory(out_of_band, default = "no_i64")]
    b: ArrayView1<'a, i64>,
    c: Vec<&'a str>,
}

fn no_f64<'a>() -> ArrayView1<'a, f64> {
    ArrayView1::from(&[])
}

fn no_i64<'a>() -> ArrayView1<'a, i64> {
    ArrayView1::from(&[])
}

#[derive(Debug, Clone)]
struct Case {
    name: String,
    payload: Vec<u8>,
    buffers: Vec<Vec<u8>>,
    compatible: bool,
    track_ref: bool,
    policy: String,
    dtype: Option<String>,
    shape: Vec<usize>,
    data: Vec<u8>,
}

fn emit() -> Vec<Case> {
    let out = run_python(&script_runner("ndarray_cases.py"), &["emit"], b"");
    let json: serde_json::Value = serde_json::from_slice(&out).expect("cases JSON");
    json.as_object()
        .expect("object")
        .iter()
        .map(|(name, c)| Case {
            name: name.clone(),
            payload: hex_decode(c["payload"].as_str().expect("payload")),
            buffers: c["buffers"]
                .as_array()
                .expect("buffers")
                .iter()
                .map(|b| hex_decode(b.as_str().expect("hex")))
                .collect(),
            compatible: c["compatible"].as_bool().expect("bool"),
            track_ref: c["ref"].as_bool().expect("bool"),
            policy: c["policy"].as_str().expect("policy").to_string(),
            dtype: c.get("dtype").and_then(|d| d.as_str()).map(str::to_string),
            shape: c
                .get("shape")
                .and_then(|s| s.as_array())
                .map(|s| {
                    s.iter()
                        .map(|d| d.as_u64().expect("dim") as usize)
                        .collect()
                })
                .unwrap_or_default(),
            data: c
                .get("data")
                .and_then(|d| d.as_str())
                .map(hex_decode)
                .unwrap_or_default(),
        })
        .collect()
}

#[derive(Debug)]
struct Verdict {
    ok: bool,
    error: String,
    zero_copy: bool,
    same_payload: bool,
    payload: Vec<u8>,
    buffers: Vec<Vec<u8>>,
}

type Written = (String, Vec<u8>, Vec<Vec<u8>>);

fn check(written: &[Written]) -> BTreeMap<String, Verdict> {
    let json = fory_tests::python_verdicts("ndarray_cases.py", fory_tests::messages_json(written));
    json.iter()
        .map(|(n, v)| {
            (
                n.clone(),
                Verdict {
                    ok: v["ok"].as_bool().expect("ok"),
                    error: v["error"].as_str().unwrap_or_default().to_string(),
                    zero_copy: v["zero_copy"].as_bool().expect("zero_copy"),
                    same_payload: v["same_payload"].as_bool().expect("same_payload"),
                    payload: hex_decode(v["payload"].as_str().unwrap_or_default()),
                    buffers: v["buffers"]
                        .as_array()
                        .expect("buffers")
                        .iter()
                        .map(|b| hex_decode(b.as_str().expect("hex")))
                        .collect(),
                },
            )
        })
        .collect()
}

fn fory_for(compatible: bool, track_ref: bool) -> Fory {
    let mut fory = fory_tests::fory(compatible, track_ref);
    fory.register::<NdFrame>().unwrap();
    fory.register::<NdFrameView<'static>>().unwrap();
    fory
}

/// Serializes with the callback policy pyfory used for the case.
fn write_with<T: fory::Serialize + ?Sized>(
    fory: &Fory,
    v: &T,
    policy: &str,
) -> (Vec<u8>, Vec<Vec<u8>>) {
    let mut bufs = Vec::new();
    let mut calls = 0;
    let payload = match policy {
        "no_callback" => fory.serialize(v),
        "in_band" => fory.serialize_with(v, |_| Placement::InBand),
        "all_out" => fory.serialize_with(v, |b| bufs.push(b.as_slice().to_vec())),
        "every_other" => fory.serialize_with(v, |b| {
            calls += 1;
            if calls % 2 == 0 {
                bufs.push(b.as_slice().to_vec());
                Placement::OutOfBand
            } else {
                Placement::InBand
            }
        }),
        other => panic!("unknown policy {other}"),
    }
    .unwrap();
    (payload, bufs)
}

fn read<'de, T: fory::Deserialize<'de>>(
    fory: &Fory,
    payload: &'de [u8],
    bufs: &'de [Vec<u8>],
) -> fory::Result<T> {
    if payload[0] & 2 != 0 {
        fory.deserialize_with_buffers(payload, bufs)
    } else {
        fory.deserialize(payload)
    }
}

/// Element decoding written independently of the crate: little-endian bytes to values.
trait Elem: NdElement + PartialEq + Debug {
    fn from_le(bytes: &[u8]) -> Vec<Self>;
}

macro_rules! elem {
    ($($t:ty),*) => {$(
        impl Elem for $t {
            fn from_le(bytes: &[u8]) -> Vec<Self> {
                bytes
                    .chunks_exact(std::mem::size_of::<$t>())
                    .map(|c| <$t>::from_le_bytes(c.try_into().unwrap()))
                    .collect()
            }
        }
    )*};
}
elem!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

impl Elem for bool {
    fn from_le(bytes: &[u8]) -> Vec<Self> {
        bytes
            .iter()
            .map(|&b| {
                assert!(b <= 1);
                b == 1
            })
            .collect()
    }
}

impl Elem for f16 {
    fn from_le(bytes: &[u8]) -> Vec<Self> {
        bytes
            .chunks_exact(2)
            .map(|c| f16::from_bits(u16::from_le_bytes([c[0], c[1]])))
            .collect()
    }
}

/// The array pyfory serialized, from its description.
fn expected<T: Elem>(c: &Case) -> ArrayD<T> {
    ArrayD::from_shape_vec(IxDyn(&c.shape), T::from_le(&c.data)).unwrap()
}

/// Python → Rust for one array case: owned and borrowed reads equal pyfory's value, borrowed
/// reads point into the buffer, and writing it back gives pyfory's exact bytes.
fn python_to_rust<T: Elem>(c: &Case) -> Written {
    let fory = fory_for(c.compatible, c.track_ref);
    let want = expected::<T>(c);
    let owned: ArrayD<T> =
        read(&fory, &c.payload, &c.buffers).unwrap_or_else(|e| panic!("{}: {e}", c.name));
    assert_eq!(owned, want, "{}", c.name);
    if !c.buffers.is_empty() && !c.buffers[0].is_empty() {
        let view: ArrayViewD<T> =
            read(&fory, &c.payload, &c.buffers).unwrap_or_else(|e| panic!("{}: {e}", c.name));
        assert_eq!(view, want, "{}", c.name);
        assert_eq!(
            view.as_ptr().cast::<u8>(),
            c.buffers[0].as_ptr(),
            "{}: zero-copy view",
            c.name
        );
    }
    let (payload, bufs) = write_with(&fory, &owned, &c.policy);
    assert_eq!(
        hex(&payload),
        hex(&c.payload),
        "{}: payload bytes equal pyfory's",
        c.name
    );
    assert_eq!(bufs, c.buffers, "{}: buffers equal pyfory's", c.name);
    (c.name.clone(), payload, bufs)
}

fn dispatch<R>(c: &Case, f: &dyn Fn(&str) -> Option<R>) -> R {
    f(c.dtype.as_deref().expect("array case")).unwrap_or_else(|| panic!("dtype of {}", c.name))
}

macro_rules! by_dtype {
    ($dtype:expr, $f:ident, $($arg:expr),*) => {
        match $dtype {
            "bool" => Some($f::<bool>($($arg),*)),
            "int8" => Some($f::<i8>($($arg),*)),
            "int16" => Some($f::<i16>($($arg),*)),
            "int32" => Some($f::<i32>($($arg),*)),
            "int64" => Some($f::<i64>($($arg),*)),
            "uint8" => Some($f::<u8>($($arg),*)),
            "uint16" => Some($f::<u16>($($arg),*)),
            "uint32" => Some($f::<u32>($($arg),*)),
            "uint64" => Some($f::<u64>($($arg),*)),
            "float16" => Some($f::<f16>($($arg),*)),
            "float32" => Some($f::<f32>($($arg),*)),
            "float64" => Some($f::<f64>($($arg),*)),
            _ => None,
        }
    };
}

fn seed_frame(n: usize) -> NdFrame {
    NdFrame {
        a: Array1::from_iter((0..n).map(|i| i as f64)),
        b: Array1::from_iter(0..n as i64),
        c: vec!["text".to_string(); n],
    }
}

fn seed_selective() -> Vec<Array1<f64>> {
    vec![
        Array1::from_iter((0..1000).map(f64::from)),
        Array1::from_iter((0..2000).map(f64::from)),
    ]
}

#[test]
fn python_to_rust_every_case_reads_and_writes_back_byte_identically() {
    let cases = emit();
    assert_eq!(
        cases.len(),
        23,
        "{:?}",
        cases.iter().map(|c| &c.name).collect::<Vec<_>>()
    );
    for c in &cases {
        match c.name.as_str() {
            "seed_selective" => {
                let fory = fory_for(c.compatible, c.track_ref);
                assert_eq!(c.buffers.len(), 1, "the second array went out-of-band");
                let v: Vec<Array1<f64>> = read(&fory, &c.payload, &c.buffers).unwrap();
                assert_eq!(v, seed_selective());
                // The in-band array sits at an odd offset of the payload: a borrowed view of it
                // is an alignment error, a CowArray copies it; the out-of-band one is borrowed.
                let err = read::<Vec<ArrayView1<f64>>>(&fory, &c.payload, &c.buffers).unwrap_err();
                assert!(
                    matches!(
                        err,
                        fory::Error::NdArray {
                            what: "alignment",
                            ..
                        }
                    ),
                    "{err}"
                );
                let cows: Vec<CowArray<f64, Ix1>> = read(&fory, &c.payload, &c.buffers).unwrap();
                assert_eq!(cows, v);
                assert!(cows[1].is_view());
                assert_eq!(cows[1].as_ptr().cast::<u8>(), c.buffers[0].as_ptr());
                let (payload, bufs) = write_with(&fory, &v, &c.policy);
                assert_eq!(hex(&payload), hex(&c.payload), "{}", c.name);
                assert_eq!(bufs, c.buffers);
            }
            "seed_frame" | "seed_frame_nc" => {
                let fory = fory_for(c.compatible, c.track_ref);
                assert_eq!(c.buffers.len(), 2, "both numeric columns out-of-band");
                let f: NdFrame = read(&fory, &c.payload, &c.buffers)
                    .unwrap_or_else(|e| panic!("{}: {e}", c.name));
                assert_eq!(f, seed_frame(1000));
                let v: NdFrameView = read(&fory, &c.payload, &c.buffers).unwrap();
                assert_eq!(v.a, seed_frame(1000).a);
                assert_eq!(
                    v.a.as_ptr().cast::<u8>(),
                    c.buffers[0].as_ptr(),
                    "a borrowed"
                );
                assert_eq!(
                    v.b.as_ptr().cast::<u8>(),
                    c.buffers[1].as_ptr(),
                    "b borrowed"
                );
                assert_eq!(v.c.len(), 1000);
                let (payload, bufs) = write_with(&fory, &f, &c.policy);
                assert_eq!(hex(&payload), hex(&c.payload), "{}", c.name);
                assert_eq!(bufs, c.buffers);
            }
            _ => {
                dispatch(c, &|d| by_dtype!(d, python_to_rust, c));
            }
        }
    }
}

/// What Rust writes for each case. Some are built natively in Rust (a transposed view, the
/// image batch, the seed cases); the rest are the arrays read from pyfory's payloads.
fn rust_value_bytes<T: Elem>(c: &Case) -> Written {
    let fory = fory_for(c.compatible, c.track_ref);
    let a: ArrayD<T> = read(&fory, &c.payload, &c.buffers).unwrap();
    let (payload, bufs) = write_with(&fory, &a, &c.policy);
    (c.name.clone(), payload, bufs)
}

/// Rust → Python → Rust: reads what Python wrote back and compares with the case value.
fn reread<T: Elem>(c: &Case, v: &Verdict) {
    let fory = fory_for(c.compatible, c.track_ref);
    let back: ArrayD<T> =
        read(&fory, &v.payload, &v.buffers).unwrap_or_else(|e| panic!("{}: {e}", c.name));
    assert_eq!(back, expected::<T>(c), "{}", c.name);
}

#[test]
fn rust_to_python_and_back() {
    let cases = emit();
    let mut written: Vec<Written> = Vec::new();
    for c in &cases {
        let fory = fory_for(c.compatible, c.track_ref);
        let w = match c.name.as_str() {
            "transposed_i32" => {
                // A non-standard layout: written as a C-order copy, in-band.
                let a = Array2::from_shape_vec((3, 4), (0..12).collect::<Vec<i32>>()).unwrap();
                let (p, b) = write_with(&fory, &a.t(), &c.policy);
                assert!(b.is_empty(), "the copy stays in-band");
                (c.name.clone(), p, b)
            }
            "f32_4d_oob" | "f32_4d_oob_nc" => {
                let a = Array4::from_shape_fn((2, 3, 4, 5), |(i, j, k, l)| {
                    (((i * 3 + j) * 4 + k) * 5 + l) as f32 / 8.0
                });
                let (p, b) = write_with(&fory, &a, &c.policy);
                (c.name.clone(), p, b)
            }
            "seed_numpy" => {
                let a = Array1::from_iter((0..10000).map(f64::from));
                let (p, b) = write_with(&fory, &a, &c.policy);
                (c.name.clone(), p, b)
            }
            "seed_selective" => {
                let (p, b) = write_with(&fory, &seed_selective(), &c.policy);
                (c.name.clone(), p, b)
            }
            "seed_frame" | "seed_frame_nc" => {
                let f = seed_frame(1000);
                let mut ptrs = Vec::new();
                let payload = fory
                    .serialize_with(&f, |b| {
                        ptrs.push((b.as_slice().as_ptr(), b.as_slice().to_vec()))
                    })
                    .unwrap();
                assert_eq!(ptrs.len(), 2);
                assert_eq!(
                    ptrs[0].0,
                    f.a.as_ptr().cast::<u8>(),
                    "column a is not copied"
                );
                assert_eq!(
                    ptrs[1].0,
                    f.b.as_ptr().cast::<u8>(),
                    "column b is not copied"
                );
                (
                    c.name.clone(),
                    payload,
                    ptrs.into_iter().map(|p| p.1).collect(),
                )
            }
            _ => dispatch(c, &|d| by_dtype!(d, rust_value_bytes, c)),
        };
        written.push(w);
    }
    let verdicts = check(&written);
    assert_eq!(verdicts.len(), cases.len());
    for c in &cases {
        let v = &verdicts[&c.name];
        assert!(
            v.ok,
            "{}: python could not read Rust's payload: {}",
            c.name, v.error
        );
        assert!(
            v.zero_copy,
            "{}: python copied an out-of-band array",
            c.name
        );
        if c.name != "transposed_i32" {
            let ours = &written.iter().find(|w| w.0 == c.name).unwrap().1;
            assert_eq!(
                hex(ours),
                hex(&c.payload),
                "{}: Rust's payload equals pyfory's",
                c.name
            );
            assert!(v.same_payload, "{}", c.name);
        }
        // ... and back to Rust.
        match c.name.as_str() {
            "seed_selective" => {
                let fory = fory_for(c.compatible, c.track_ref);
                let back: Vec<Array1<f64>> = read(&fory, &v.payload, &v.buffers).unwrap();
                assert_eq!(back, seed_selective());
            }
            "seed_frame" | "seed_frame_nc" => {
                let fory = fory_for(c.compatible, c.track_ref);
                let back: NdFrame = read(&fory, &v.payload, &v.buffers).unwrap();
                assert_eq!(back, seed_frame(1000));
            }
            _ => dispatch(c, &|d| by_dtype!(d, reread, c, v)),
        }
    }
}

#[test]
fn pyfory_without_the_module_still_cannot_write_nd_arrays() {
    // The gap this closes: pyfory 1.7.7's own xlang serializer rejects N-D arrays, and its
    // 1-D arrays are dense arrays that never go out-of-band. Rust reads the latter as 1-D.
    let out = run_python(
        "import numpy as np, pyfory, sys\n\
         f = pyfory.Fory(xlang=True)\n\
         try:\n    f.serialize(np.ones((2, 2)))\n    print('wrote')\n\
         except NotImplementedError:\n    print('NotImplementedError')\n\
         bufs = []\n\
         p = f.serialize(np.arange(4.0), buffer_callback=bufs.append)\n\
         print(len(bufs), p.hex())\n",
        &[],
        b"",
    );
    let out = String::from_utf8(out).unwrap();
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("NotImplementedError"));
    let (n, payload) = lines.next().unwrap().split_once(' ').unwrap();
    assert_eq!(n, "0", "pyfory keeps 1-D numpy arrays in-band");
    let fory = Fory::default();
    let payload = hex_decode(payload);
    let none: [&[u8]; 0] = [];
    let a: Array1<f64> = fory.deserialize_with_buffers(&payload, &none).unwrap();
    assert_eq!(a, Array1::from_vec(vec![0.0, 1.0, 2.0, 3.0]));
}
