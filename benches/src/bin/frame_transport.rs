//! Frame and ZeroMQ transport benchmarks, side by side in one run (the BENCHMARKS.md rows):
//!
//! 1. frame write of a 64 MiB buffer (one vectored write of header + payload + padding + the
//!    buffer) to a Unix socket and to TCP on 127.0.0.1, against a plain `write_all` of the same
//!    64 MiB, alternating, until the reader has every byte; median ratio of the pairs;
//! 2. frame read in place from a memory-mapped file (`FrameRef::parse` + a borrowed
//!    `RawBuffer<&[f64]>`), for buffers from 1 KiB to 256 MiB: constant time;
//! 3. Rust → Python over ZeroMQ (tcp on 127.0.0.1), a 64 MiB float64 array, end to end until
//!    the Python worker holds the numpy array (it answers a 2-byte ack), against a Python anchor
//!    doing the same between two Python processes with `pickle.dumps(protocol=5,
//!    buffer_callback=...)` + `send_multipart(copy=False)`; copies counted on each side.
//!
//! `cargo run --release -p fory-benches --features zmq --bin frame_transport`
//! (`FORY_BENCH_QUICK=1`: small sizes and few rounds, for CI.)

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fory::frame::{self, FrameLimits, FrameRef};
use fory::ndarray::nd::Array1;
use fory::{Fory, RawBuffer};

fn quick() -> bool {
    std::env::var_os("FORY_BENCH_QUICK").is_some()
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Starts a thread that drains `r`, counting the bytes received.
fn drain<R: Read + Send + 'static>(mut r: R) -> Arc<AtomicU64> {
    let count = Arc::new(AtomicU64::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 1 << 20];
        while let Ok(n @ 1..) = r.read(&mut buf) {
            seen.fetch_add(n as u64, Ordering::Release);
        }
    });
    count
}

/// Writes with `f`, then waits until the reader has every byte sent so far.
fn timed<W: Write>(
    w: &mut W,
    got: &AtomicU64,
    target: &mut u64,
    len: u64,
    f: impl FnOnce(&mut W),
) -> f64 {
    let t = Instant::now();
    f(w);
    w.flush().unwrap();
    *target += len;
    while got.load(Ordering::Acquire) < *target {
        std::hint::spin_loop();
    }
    t.elapsed().as_secs_f64()
}

fn write_side_by_side<W: Write>(name: &str, w: &mut W, got: &AtomicU64, size: usize) {
    let fory = Fory::default();
    let data: Vec<f64> = (0..size / 8).map(|i| i as f64).collect();
    let value = RawBuffer(&data[..]);
    let mut oob = Vec::new();
    let payload = fory.serialize_with(&value, |b| oob.push(b)).unwrap();
    let frame_len = frame::frame_len(payload.len() as u64, [size as u64]).unwrap();
    let bytes: &[u8] = oob[0].as_slice();
    let rounds = if quick() { 3 } else { 31 };
    let (mut ours, mut plain, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let mut target = got.load(Ordering::Acquire);
    let frame_once = |w: &mut W, target: &mut u64| {
        timed(w, got, target, frame_len, |w| {
            frame::write_frame(w, &payload, &oob).unwrap();
        })
    };
    let plain_once = |w: &mut W, target: &mut u64| {
        timed(w, got, target, size as u64, |w| w.write_all(bytes).unwrap())
    };
    frame_once(w, &mut target);
    plain_once(w, &mut target);
    for i in 0..rounds {
        let (f, p) = if i % 2 == 0 {
            let f = frame_once(w, &mut target);
            (f, plain_once(w, &mut target))
        } else {
            let p = plain_once(w, &mut target);
            (frame_once(w, &mut target), p)
        };
        ours.push(f);
        plain.push(p);
        ratios.push(f / p);
    }
    let (f, p, r) = (median(&mut ours), median(&mut plain), median(&mut ratios));
    println!(
        "| frame write, {} MiB buffer, {name} | {:.2} ms | `write_all` {:.2} ms | {:.3} (frame / plain, median of {rounds} pairs; {:.2} vs {:.2} GB/s) |",
        size >> 20,
        f * 1e3,
        p * 1e3,
        r,
        frame_len as f64 / f / 1e9,
        size as f64 / p / 1e9
    );
}

fn bench_write() {
    let size = if quick() { 1 << 20 } else { 64 << 20 };
    let (mut a, b) = UnixStream::pair().unwrap();
    let got = drain(b);
    write_side_by_side("Unix socket", &mut a, &got, size);
    drop(a);
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
    let (s, _) = l.accept().unwrap();
    let got = drain(s);
    write_side_by_side("TCP 127.0.0.1", &mut c, &got, size);
}

fn bench_mmap_read() {
    let fory = Fory::default();
    let sizes: &[usize] = if quick() {
        &[1 << 10, 1 << 20]
    } else {
        &[1 << 10, 1 << 20, 64 << 20, 256 << 20]
    };
    let dir = std::env::temp_dir();
    for &size in sizes {
        let data: Vec<f64> = (0..size / 8).map(|i| i as f64).collect();
        let path = dir.join(format!(
            "fory-bench-frame-{}-{size}.bin",
            std::process::id()
        ));
        let mut f = std::fs::File::create(&path).unwrap();
        fory.serialize_to_writer(&RawBuffer(&data[..]), &mut f)
            .unwrap();
        drop(f);
        drop(data);
        let file = std::fs::File::open(&path).unwrap();
        // SAFETY: a private temporary file, not modified while mapped.
        let map = unsafe { memmap2::Mmap::map(&file).unwrap() };
        std::fs::remove_file(&path).unwrap();
        let iters = if quick() { 1000 } else { 200_000 };
        let mut samples = Vec::new();
        for _ in 0..7 {
            let t = Instant::now();
            for _ in 0..iters {
                let (frame, _) =
                    FrameRef::parse(std::hint::black_box(&map[..]), &FrameLimits::default())
                        .unwrap();
                let v: RawBuffer<&[f64]> = frame.deserialize(&fory).unwrap();
                std::hint::black_box(v.0.len());
            }
            samples.push(t.elapsed().as_secs_f64() / iters as f64);
        }
        println!(
            "| frame read in place (mmap), {} buffer | {:.0} ns | | |",
            human(size),
            median(&mut samples) * 1e9
        );
    }
}

fn human(n: usize) -> String {
    if n >= 1 << 20 {
        format!("{} MiB", n >> 20)
    } else {
        format!("{} KiB", n >> 10)
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn python() -> PathBuf {
    std::env::var_os("FORY_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".venv/bin/python"))
}

/// The Python side: `worker` receives fory messages (fory_frame.recv), `anchor-recv` receives
/// pickle-5 messages; both check the array is a view (no copy) and ack. `anchor-send` is the
/// Python sender of the anchor and prints its median time and copies.
const PY: &str = r#"
import pickle, sys, time, zmq, numpy as np, pyfory, fory_frame, fory_ndarray
mode, a, b = sys.argv[1], sys.argv[2], sys.argv[3]
ctx = zmq.Context()
if mode in ("worker", "anchor-recv"):
    pull = ctx.socket(zmq.PULL); pull.connect(a)
    push = ctx.socket(zmq.PUSH); push.connect(b)
    f = fory_ndarray.register(pyfory.Fory(xlang=True))
    copies = 0
    while True:
        if mode == "worker":
            arr = fory_frame.recv(pull, f)
        else:
            frames = pull.recv_multipart(copy=False)
            arr = pickle.loads(frames[0].buffer, buffers=[fr.buffer for fr in frames[1:]])
        if isinstance(arr, str) or (isinstance(arr, np.ndarray) and arr.size == 0):
            break
        copies += int(arr.flags.owndata)
        push.send(b"%d" % copies)
else:
    push = ctx.socket(zmq.PUSH); push.bind(a)
    pull = ctx.socket(zmq.PULL); pull.bind(b)
    n, rounds = int(sys.argv[4]), int(sys.argv[5])
    arr = np.arange(n, dtype=np.float64)
    times, copies = [], 0
    for i in range(rounds + 1):
        t = time.perf_counter()
        bufs = []
        p = pickle.dumps(arr, protocol=5, buffer_callback=bufs.append)
        push.send_multipart([p] + [bf.raw() for bf in bufs], copy=False)
        copies = int(pull.recv())
        if i:
            times.append(time.perf_counter() - t)
    push.send_multipart([pickle.dumps(np.zeros(0), protocol=5)])
    times.sort()
    print(times[len(times) // 2], copies)
"#;

fn spawn_py(args: &[&str]) -> std::process::Child {
    Command::new(python())
        .arg("-c")
        .arg(PY)
        .args(args)
        .env("PYTHONPATH", root().join("python"))
        .stdout(Stdio::piped())
        .spawn()
        .expect("python")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Rust → Python worker: median seconds per round, for `send_shared` (no copy) or `send`.
fn rust_to_python(n: usize, rounds: usize, owned: bool) -> (f64, u32) {
    let fory = Fory::default();
    let ctx = zmq::Context::new();
    let mut push = ctx.socket(zmq::PUSH).unwrap();
    push.bind("tcp://127.0.0.1:*").unwrap();
    let pull = ctx.socket(zmq::PULL).unwrap();
    pull.bind("tcp://127.0.0.1:*").unwrap();
    let (a, b) = (
        push.get_last_endpoint().unwrap().unwrap(),
        pull.get_last_endpoint().unwrap().unwrap(),
    );
    let mut child = spawn_py(&["worker", &a, &b]);
    let arr = Arc::new(Array1::from_iter((0..n).map(|i| i as f64)));
    let mut times = Vec::new();
    let mut copies = 0;
    for i in 0..=rounds {
        let t = Instant::now();
        if owned {
            frame::zmq::send_shared(&mut push, &fory, arr.clone()).unwrap();
        } else {
            frame::zmq::send(&push, &fory, &*arr).unwrap();
        }
        let ack = pull.recv_bytes(0).unwrap();
        copies = std::str::from_utf8(&ack).unwrap().parse().unwrap();
        if i > 0 {
            times.push(t.elapsed().as_secs_f64());
        }
    }
    frame::zmq::send(&push, &fory, "stop").unwrap();
    child.wait().unwrap();
    (median(&mut times), copies)
}

fn python_anchor(n: usize, rounds: usize) -> (f64, u32) {
    let (a, b) = (
        format!("tcp://127.0.0.1:{}", free_port()),
        format!("tcp://127.0.0.1:{}", free_port()),
    );
    let sender = spawn_py(&["anchor-send", &a, &b, &n.to_string(), &rounds.to_string()]);
    std::thread::sleep(Duration::from_millis(300));
    let mut recv = spawn_py(&["anchor-recv", &a, &b]);
    let out = sender.wait_with_output().unwrap();
    recv.wait().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut it = text.split_whitespace();
    let t: f64 = it.next().unwrap().parse().unwrap();
    let copies: u32 = it.next().unwrap().parse().unwrap();
    (t, copies)
}

fn bench_zmq() {
    let n = if quick() { 1 << 17 } else { 8 << 20 }; // 64 MiB of f64
    let rounds = if quick() { 3 } else { 15 };
    let mut ours = Vec::new();
    let mut borrowed = Vec::new();
    let mut anchor = Vec::new();
    let (mut oc, mut bc, mut ac) = (0, 0, 0);
    for _ in 0..2 {
        let (t, c) = rust_to_python(n, rounds, true);
        ours.push(t);
        oc += c;
        let (t, c) = python_anchor(n, rounds);
        anchor.push(t);
        ac += c;
        let (t, c) = rust_to_python(n, rounds, false);
        borrowed.push(t);
        bc += c;
    }
    let (o, a, b) = (
        median(&mut ours),
        median(&mut anchor),
        median(&mut borrowed),
    );
    let mib = (n * 8) >> 20;
    println!(
        "| Rust → Python over ZeroMQ, {mib} MiB float64, `send_shared` (sender 0 copies; worker copies: {oc}) | {:.1} ms | Python pickle-5 anchor {:.1} ms (sender 0 copies; receiver copies: {ac}) | {:.2} (anchor / ours) |",
        o * 1e3,
        a * 1e3,
        a / o
    );
    println!(
        "| Rust → Python over ZeroMQ, {mib} MiB float64, `send` (sender 1 copy; worker copies: {bc}) | {:.1} ms | Python pickle-5 anchor {:.1} ms | {:.2} (anchor / ours) |",
        b * 1e3,
        a * 1e3,
        a / b
    );
}

fn main() {
    println!("| what | ours | baseline | ratio |\n|---|---|---|---|");
    bench_write();
    bench_mmap_read();
    bench_zmq();
}
