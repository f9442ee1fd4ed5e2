//! A Rust producer and Python workers over ZeroMQ (tcp on 127.0.0.1): the producer PUSHes
//! batches (`Array2<f32>`, and `Job` structs whose array fields travel out-of-band) to two
//! Python worker processes (`zmq_numpy_worker.py`), which compute on the numpy arrays where
//! ZeroMQ received them (no copy) and PUSH `Reply`s back; the producer checks every result and
//! that no worker copied an array.
//!
//! `cargo run -p fory-examples --features zmq --example zmq_numpy_worker`
//! (Python: `$FORY_PYTHON`, else `.venv/bin/python` with `python/requirements.txt`.)

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use fory::frame::{zmq as fzmq, FrameLimits};
use fory::ndarray::nd::{Array1, Array2, ArrayView1};
use fory::{Fory, ForyDeserialize, ForySerialize};

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
#[fory(name = "example.Job")]
pub struct Job {
    pub id: i64,
    pub scale: f64,
    #[fory(out_of_band)]
    pub data: Array2<f32>,
    #[fory(out_of_band)]
    pub labels: Array1<i64>,
}

#[derive(ForySerialize, ForyDeserialize, Debug)]
#[fory(name = "example.Reply")]
pub struct Reply<'a> {
    pub id: i64,
    pub worker: i64,
    #[fory(default = "no_sums")]
    pub sums: ArrayView1<'a, f64>,
    pub label_sum: i64,
    pub copies: i64,
}

fn no_sums<'a>() -> ArrayView1<'a, f64> {
    ArrayView1::from(&[])
}

const WORKERS: usize = 2;
const BATCHES: i64 = 40;

/// The workspace root (this file is compiled from `examples/` and from `tests/`).
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn python() -> PathBuf {
    std::env::var_os("FORY_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".venv/bin/python"))
}

fn batch(id: i64) -> Array2<f32> {
    let rows = 64 + (id as usize % 5) * 100;
    let mut a = Array2::from_shape_fn((rows, 256), |(i, j)| ((i + j) % 7) as f32);
    a[[0, 0]] = id as f32;
    a
}

fn job(id: i64) -> Job {
    Job {
        id,
        scale: 0.5 + id as f64,
        data: Array2::from_shape_fn((128, 300), |(i, j)| ((i * j + id as usize) % 11) as f32),
        labels: Array1::from_iter(0..1000 + id),
    }
}

/// What the worker should answer for message `id`: row sums and the label sum.
fn expected(id: i64) -> (Vec<f64>, i64) {
    if id % 2 == 0 {
        let b = batch(id);
        (
            b.rows()
                .into_iter()
                .map(|r| r.iter().map(|&x| f64::from(x)).sum())
                .collect(),
            0,
        )
    } else {
        let j = job(id);
        let sums = j
            .data
            .rows()
            .into_iter()
            .map(|r| r.iter().map(|&x| f64::from(x) * j.scale).sum())
            .collect();
        (sums, j.labels.sum())
    }
}

struct Workers(Vec<Child>);

impl Drop for Workers {
    fn drop(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        for c in &mut self.0 {
            while Instant::now() < deadline && matches!(c.try_wait(), Ok(None)) {
                std::thread::sleep(Duration::from_millis(20));
            }
            if matches!(c.try_wait(), Ok(None)) {
                let _ = c.kill();
            }
            let _ = c.wait();
        }
    }
}

pub fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut fory = Fory::default();
    fory.register::<Job>()?;
    fory.register::<Reply<'static>>()?;
    let ctx = zmq::Context::new();
    let mut jobs = ctx.socket(zmq::PUSH)?;
    jobs.bind("tcp://127.0.0.1:*")?;
    let results = ctx.socket(zmq::PULL)?;
    results.bind("tcp://127.0.0.1:*")?;
    results.set_rcvtimeo(60_000)?;
    let jobs_at = jobs.get_last_endpoint()?.map_err(|_| "endpoint")?;
    let results_at = results.get_last_endpoint()?.map_err(|_| "endpoint")?;

    let script = root().join("examples/zmq_numpy_worker.py");
    let mut workers = Workers(Vec::new());
    for _ in 0..WORKERS {
        let child = Command::new(python())
            .arg(&script)
            .args([&jobs_at, &results_at])
            .env("PYTHONPATH", root().join("python"))
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", python().display()))?;
        workers.0.push(child);
    }
    let limits = FrameLimits::default();
    for _ in 0..WORKERS {
        let hello = fzmq::recv(&results, &limits)?;
        let text: String = hello.deserialize(&fory)?;
        assert!(text.starts_with("ready "), "{text}");
    }

    // Even ids: a raw batch, sent from the producer's own memory (no copy); odd: a Job.
    for id in 0..BATCHES {
        if id % 2 == 0 {
            fzmq::send_owned(&mut jobs, &fory, batch(id))?;
        } else {
            fzmq::send_owned(&mut jobs, &fory, job(id))?;
        }
    }
    let mut seen = BTreeMap::new();
    for _ in 0..BATCHES {
        let msg = fzmq::recv(&results, &limits)?;
        let reply: Reply = msg.deserialize(&fory)?;
        let (sums, label_sum) = expected(reply.id);
        assert_eq!(reply.sums.to_vec(), sums, "result of {}", reply.id);
        assert_eq!(reply.label_sum, label_sum);
        assert_eq!(reply.copies, 0, "a worker copied an array");
        assert!(
            seen.insert(reply.id, reply.worker).is_none(),
            "duplicate {}",
            reply.id
        );
    }
    assert_eq!(seen.len(), BATCHES as usize);
    for _ in 0..WORKERS {
        fzmq::send(&jobs, &fory, "stop")?;
    }
    drop(workers); // waits for both to exit
    let per_worker = seen.values().fold(BTreeMap::new(), |mut m, w| {
        *m.entry(*w).or_insert(0) += 1;
        m
    });
    println!("zmq_numpy_worker: {BATCHES} batches checked, per worker {per_worker:?}, 0 copies");
    Ok(())
}
