//! Frames between Rust and pyfory 1.7.7 (`python/fory_frame`), live: Rust writes frames that
//! Python reads (from a stream and in place over an mmap, numpy arrays as views of the frame's
//! memory) and writes back byte-identically; Python's own frames read in Rust, borrowed.

use fory::frame::{FrameLimits, FrameReader, FrameRef};
use fory::ndarray::nd::{Array1, Array2, ArrayView1, ArrayView2};
use fory::{Fory, ForyDeserialize, ForySerialize};
use fory_tests::{run_python, script_runner};

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(name = "demo.Batch")]
struct Batch {
    id: i64,
    label: String,
    #[fory(out_of_band)]
    samples: Array1<f64>,
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq)]
#[fory(name = "demo.Batch")]
struct BatchView<'a> {
    id: i64,
    label: &'a str,
    #[fory(out_of_band, default = "no_samples")]
    samples: ArrayView1<'a, f64>,
}

fn no_samples<'a>() -> ArrayView1<'a, f64> {
    ArrayView1::from(&[])
}

fn fory() -> Fory {
    let mut f = Fory::default();
    f.register::<Batch>().unwrap();
    f.register::<BatchView<'static>>().unwrap();
    f
}

fn matrix() -> Array2<f32> {
    Array2::from_shape_fn((64, 33), |(i, j)| (i * 33 + j) as f32)
}

fn batch() -> Batch {
    Batch {
        id: 42,
        label: "rust".into(),
        samples: Array1::from_iter((0..5000).map(|i| i as f64 * 0.5)),
    }
}

fn rust_frames(fory: &Fory) -> Vec<u8> {
    let mut wire = Vec::new();
    fory.serialize_to_writer(&matrix(), &mut wire).unwrap();
    fory.serialize_to_writer(&batch(), &mut wire).unwrap();
    fory.serialize_to_writer(&"no buffers".to_string(), &mut wire)
        .unwrap();
    wire
}

#[test]
fn python_echoes_rust_frames_byte_identically() {
    let fory = fory();
    let wire = rust_frames(&fory);
    let out = run_python(&script_runner("frame_peer.py"), &["echo"], &wire);
    assert_eq!(out.len(), wire.len());
    assert!(out == wire, "Python's frames differ from Rust's");
}

#[test]
fn python_computes_on_views_and_rust_reads_the_results() {
    let fory = fory();
    let wire = rust_frames(&fory);
    let out = run_python(&script_runner("frame_peer.py"), &["double"], &wire);
    let mut frames = FrameReader::new(out.as_slice(), FrameLimits::default());
    let m = frames.next_frame().unwrap().unwrap();
    let view: ArrayView2<f32> = m.deserialize(&fory).unwrap();
    assert_eq!(view, matrix().mapv(|x| x * 2.0));
    assert_eq!(view.as_ptr().cast(), m.buffers()[0].as_ptr());
    let b = frames.next_frame().unwrap().unwrap();
    let back: BatchView = b.deserialize(&fory).unwrap();
    assert_eq!((back.id, back.label), (42, "rust"));
    assert_eq!(back.samples, batch().samples.mapv(|x| x * 2.0));
    let s = frames.next_frame().unwrap().unwrap();
    assert_eq!(s.deserialize::<String>(&fory).unwrap(), "no buffers");
    assert!(frames.next_frame().unwrap().is_none());
}

#[test]
fn rust_reads_python_frames_in_place() {
    let fory = fory();
    let out = run_python(&script_runner("frame_peer.py"), &["emit"], b"");
    // Copy into a 64-byte-aligned buffer, as a memory map would be.
    let mut storage = vec![0u8; out.len() + 64];
    let at = storage.as_ptr().align_offset(64);
    storage[at..at + out.len()].copy_from_slice(&out);
    let bytes = &storage[at..at + out.len()];
    let mut rest = bytes;
    let limits = FrameLimits::default();

    let (f, n) = FrameRef::parse(rest, &limits).unwrap();
    let m: ArrayView2<f32> = f.deserialize(&fory).unwrap();
    assert_eq!(
        m,
        Array2::from_shape_fn((3, 4), |(i, j)| (i * 4 + j) as f32)
    );
    assert!(std::ptr::eq(m.as_ptr().cast(), f.buffers()[0].as_ptr()));
    rest = &rest[n..];

    let (f, n) = FrameRef::parse(rest, &limits).unwrap();
    let b: BatchView = f.deserialize(&fory).unwrap();
    assert_eq!((b.id, b.label, b.samples.len()), (7, "py", 1000));
    assert_eq!(b.samples[999], 1.0);
    rest = &rest[n..];

    let (f, n) = FrameRef::parse(rest, &limits).unwrap();
    let v: Vec<fory::Value> = f.deserialize(&fory).unwrap();
    let [fory::Value::NdArray(a), fory::Value::NdArray(z)] = &v[..] else {
        panic!("expected two arrays, got {v:?}");
    };
    assert_eq!(
        (a.elem, &a.shape[..], &a.data[..8]),
        (6, &[5u64][..], &1i64.to_le_bytes()[..])
    );
    assert_eq!((z.elem, &z.shape[..], z.data.len()), (9, &[2u64, 0][..], 0));
    rest = &rest[n..];

    let (f, n) = FrameRef::parse(rest, &limits).unwrap();
    assert_eq!(f.deserialize::<String>(&fory).unwrap(), "no buffers");
    assert_eq!(n, rest.len());
}

#[test]
fn python_reader_rejects_bad_frames_with_offsets() {
    // Every truncation, a wrong magic / version / flag, a count and a length larger than what
    // follows, over-limit frames: FrameError with the byte offset, never another exception.
    let fory = fory();
    let mut wire = Vec::new();
    fory.serialize_to_writer(&batch(), &mut wire).unwrap();
    let script = r#"
import io, sys, pyfory, fory_frame, fory_ndarray
from fory_frame import FrameError
f = fory_ndarray.register(pyfory.Fory(xlang=True))
wire = sys.stdin.buffer.read()
def expect(data, at, **kw):
    for src in (bytes(data), io.BytesIO(bytes(data))):
        try:
            fory_frame.read_frame(src, f, **kw) if not isinstance(src, bytes) else fory_frame.parse_frame(src, **kw)
        except FrameError as e:
            assert at is None or e.at == at, (e.at, at, str(e))
        else:
            raise AssertionError(f"accepted {len(data)} bytes")
for cut in range(1, len(wire)):
    expect(wire[:cut], cut)
def patched(off, b):
    w = bytearray(wire); w[off:off + len(b)] = b; return w
expect(patched(0, b"PK"), 0)
expect(patched(4, b"\x02"), 4)
expect(patched(5, b"\x01"), 5)
expect(patched(8, b"\xff"), 32)
expect(patched(8, b"\xff\xff"), 16)
expect(patched(32, b"\xff\xff\xff"), 32)
expect(wire, 24, max_frame_len=64)
expect(wire, 8, max_buffers=0)
print("ok")
"#;
    let out = run_python(script, &[], &wire);
    assert_eq!(String::from_utf8(out).unwrap().trim(), "ok");
}
