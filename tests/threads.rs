//! A registered `Fory` is `Send + Sync` and serves many threads at once: every thread
//! serializes and deserializes its own values concurrently, and every result is checked.

use std::collections::HashMap;
use std::sync::{Arc, Barrier};

use fory::{Fory, ForyDeserialize, ForySerialize, Value};

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(name = "threads.Sample")]
struct Sample {
    id: i64,
    name: String,
    values: Vec<f64>,
    tags: HashMap<String, i32>,
    #[fory(out_of_band)]
    raw: Vec<u8>,
}

fn sample(t: usize, r: usize) -> Sample {
    Sample {
        id: (t * 10_000 + r) as i64,
        name: format!("sample {t}/{r}"),
        values: (0..r % 9).map(|i| (t * i) as f64 / 3.0).collect(),
        tags: (0..t % 3)
            .map(|i| (format!("tag{i}"), (r * i) as i32))
            .collect(),
        raw: vec![t as u8; r % 40],
    }
}

const _: fn() = || {
    fn send_sync<T: Send + Sync + 'static>() {}
    send_sync::<Fory>();
    send_sync::<Arc<Fory>>();
    send_sync::<fory::Error>();
};

const THREADS: usize = 8;
const ROUNDS: usize = 300;

/// The value thread `t` writes in round `r`: distinct per thread and round.
fn value_for(t: usize, r: usize) -> (Vec<String>, HashMap<String, Vec<u8>>, Value) {
    let strings = (0..(t + r) % 7)
        .map(|i| format!("t{t}-r{r}-{i}-{}", "é".repeat(i)))
        .collect();
    let map = (0..t % 4 + 1)
        .map(|i| (format!("k{i}"), vec![(t * 31 + r + i) as u8; r % 50]))
        .collect();
    let v = Value::List(vec![
        Value::I64((t * 1_000_000 + r) as i64),
        Value::String(format!("thread {t}")),
        Value::Map(vec![(
            Value::I32(t as i32),
            Value::Binary(vec![r as u8; t]),
        )]),
    ]);
    (strings, map, v)
}

#[test]
fn one_fory_many_threads() {
    for (compatible, track_ref) in [(true, false), (false, true)] {
        let mut fory = Fory::builder()
            .compatible(compatible)
            .ref_tracking(track_ref)
            .build();
        fory.register::<Sample>().unwrap();
        let fory = Arc::new(fory);
        let barrier = Arc::new(Barrier::new(THREADS));
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let fory = Arc::clone(&fory);
                let barrier = Arc::clone(&barrier);
                std::thread::spawn(move || {
                    barrier.wait();
                    let mut checked = 0;
                    let mut reused = Vec::new();
                    for r in 0..ROUNDS {
                        let (strings, map, v) = value_for(t, r);
                        let b = fory.serialize(&strings).unwrap();
                        assert_eq!(fory.deserialize::<Vec<String>>(&b).unwrap(), strings);
                        fory.serialize_into(&map, &mut reused).unwrap();
                        let back: HashMap<String, Vec<u8>> = fory.deserialize(&reused).unwrap();
                        assert_eq!(back, map);
                        let b = fory.serialize(&v).unwrap();
                        assert_eq!(fory.deserialize::<Value>(&b).unwrap(), v);
                        // Out-of-band: every buffer out.
                        let mut bufs = Vec::new();
                        let payload = fory.serialize_with(&map, |buf| bufs.push(buf)).unwrap();
                        let back: HashMap<String, Vec<u8>> =
                            fory.deserialize_with_buffers(&payload, &bufs).unwrap();
                        assert_eq!(back, map);
                        // A registered struct, in-band and out-of-band.
                        let st = sample(t, r);
                        let b = fory.serialize(&st).unwrap();
                        assert_eq!(fory.deserialize::<Sample>(&b).unwrap(), st);
                        let mut bufs = Vec::new();
                        let payload = fory.serialize_with(&st, |buf| bufs.push(buf)).unwrap();
                        let back: Sample = fory.deserialize_with_buffers(&payload, &bufs).unwrap();
                        assert_eq!(back, st);
                        // Errors are per call, too.
                        assert!(fory.deserialize::<Vec<String>>(&b[..b.len() / 2]).is_err());
                        checked += 1;
                    }
                    checked
                })
            })
            .collect();
        let total: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
        assert_eq!(total, THREADS * ROUNDS);
    }
}

/// Results written concurrently are byte-identical to those written on one thread.
#[test]
fn concurrent_bytes_equal_sequential_bytes() {
    let fory = Arc::new(Fory::default());
    let expected: Vec<Vec<Vec<u8>>> = (0..THREADS)
        .map(|t| {
            (0..50)
                .map(|r| fory.serialize(&value_for(t, r).2).unwrap())
                .collect()
        })
        .collect();
    std::thread::scope(|s| {
        for (t, want) in expected.iter().enumerate() {
            let fory = &fory;
            s.spawn(move || {
                for (r, w) in want.iter().enumerate() {
                    assert_eq!(&fory.serialize(&value_for(t, r).2).unwrap(), w, "t{t} r{r}");
                }
            });
        }
    });
}
