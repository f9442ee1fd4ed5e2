//! The ZeroMQ form (feature `zmq`) over real sockets on 127.0.0.1 (random ports): round trips
//! with borrowed and owned buffers, too few / too many / over-limit parts, and Python
//! (`fory_frame.send` / `recv` over pyzmq) in both directions.

use std::process::{Command, Stdio};

use fory::frame::zmq::{recv, send, send_owned, send_parts, Part};
use fory::frame::{FrameFault, FrameLimits};
use fory::ndarray::nd::{Array2, ArrayView2};
use fory::{Error, Fory};

fn pair(ctx: &zmq::Context) -> (zmq::Socket, zmq::Socket) {
    let rx = ctx.socket(zmq::PULL).unwrap();
    rx.bind("tcp://127.0.0.1:*").unwrap();
    rx.set_rcvtimeo(30_000).unwrap();
    let at = rx.get_last_endpoint().unwrap().unwrap();
    let tx = ctx.socket(zmq::PUSH).unwrap();
    tx.connect(&at).unwrap();
    (tx, rx)
}

#[test]
fn round_trips_over_tcp() {
    let ctx = zmq::Context::new();
    let (mut tx, rx) = pair(&ctx);
    let fory = Fory::default();
    let limits = FrameLimits::default();
    let lists: Vec<Vec<Vec<u8>>> = (0..20)
        .map(|i| {
            (0..i % 4)
                .map(|k| vec![(i + k) as u8; i * 5000 + k])
                .collect()
        })
        .collect();
    for l in &lists {
        send(&tx, &fory, l).unwrap();
    }
    for l in &lists {
        let m = recv(&rx, &limits).unwrap();
        assert_eq!(m.buffers().len(), l.len());
        let back: Vec<&[u8]> = m.deserialize(&fory).unwrap();
        assert_eq!(&back, l);
    }
    // Owned: the array's memory goes to libzmq as it is.
    let a = Array2::from_shape_fn((500, 300), |(i, j)| (i * 300 + j) as f64);
    send_owned(&mut tx, &fory, a.clone()).unwrap();
    let m = recv(&rx, &limits).unwrap();
    let view: ArrayView2<f64> = m.deserialize(&fory).unwrap();
    assert_eq!(view, a);
    if m.copied() == 0 {
        assert!(matches!(m.buffers()[0], Part::Zmq(_)));
    }
    // Raw parts: a payload and owned vectors.
    let data: Vec<u8> = (0..=255).collect();
    let mut oob = Vec::new();
    let payload = fory.serialize_with(&data, |b| oob.push(b)).unwrap();
    send_parts(&tx, payload, [data.clone()]).unwrap();
    let m = recv(&rx, &limits).unwrap();
    assert_eq!(m.deserialize::<Vec<u8>>(&fory).unwrap(), data);
}

#[test]
fn too_few_too_many_and_over_limit_parts() {
    let ctx = zmq::Context::new();
    let (tx, rx) = pair(&ctx);
    let fory = Fory::default();
    let data = vec![1u8; 100];
    let mut oob = Vec::new();
    let payload = fory.serialize_with(&data, |b| oob.push(b)).unwrap();
    let limits = FrameLimits::default();
    // Too few: the payload alone.
    send_parts::<Vec<u8>>(&tx, payload.clone(), []).unwrap();
    let e = recv(&rx, &limits)
        .unwrap()
        .deserialize::<Vec<u8>>(&fory)
        .unwrap_err();
    assert!(matches!(e, Error::OutOfBand(_)), "{e:?}");
    // Too many: one surplus part.
    send_parts(&tx, payload.clone(), [data.clone(), vec![2; 3]]).unwrap();
    let e = recv(&rx, &limits)
        .unwrap()
        .deserialize::<Vec<u8>>(&fory)
        .unwrap_err();
    assert!(matches!(e, Error::OutOfBand(_)), "{e:?}");
    // Over the limit: refused, and the socket stays in step.
    let small = FrameLimits {
        max_buffers: 2,
        ..Default::default()
    };
    send_parts(&tx, payload.clone(), vec![vec![0u8; 4]; 5]).unwrap();
    send_parts(&tx, payload.clone(), [data.clone()]).unwrap();
    let e = recv(&rx, &small).unwrap_err();
    assert_eq!(
        e,
        Error::Frame {
            at: 0,
            fault: FrameFault::PartCount {
                expected: 3,
                found: 6
            }
        }
    );
    let m = recv(&rx, &small).unwrap();
    assert_eq!(m.deserialize::<Vec<u8>>(&fory).unwrap(), data);
}

const PEER: &str = r#"
import sys, zmq, numpy as np, pyfory, fory_frame, fory_ndarray
f = fory_ndarray.register(pyfory.Fory(xlang=True))
ctx = zmq.Context()
pull = ctx.socket(zmq.PULL); pull.connect(sys.argv[1])
push = ctx.socket(zmq.PUSH); push.connect(sys.argv[2])
for _ in range(3):
    v = fory_frame.recv(pull, f)
    arrays = v if isinstance(v, list) else [v]
    assert all(not a.flags.owndata for a in arrays), "copied"
    fory_frame.send(push, f, [a * 2 for a in arrays])
push.close(linger=5000)
"#;

#[test]
fn python_receives_views_and_answers() {
    let ctx = zmq::Context::new();
    let mut out = ctx.socket(zmq::PUSH).unwrap();
    out.bind("tcp://127.0.0.1:*").unwrap();
    let back = ctx.socket(zmq::PULL).unwrap();
    back.bind("tcp://127.0.0.1:*").unwrap();
    back.set_rcvtimeo(60_000).unwrap();
    let root = fory_tests::workspace_root();
    let mut child = Command::new(fory_tests::python())
        .arg("-c")
        .arg(PEER)
        .arg(out.get_last_endpoint().unwrap().unwrap())
        .arg(back.get_last_endpoint().unwrap().unwrap())
        .env("PYTHONPATH", root.join("python"))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A reply that does not come: show what the Python peer said.
    let mut reply = |n: usize| match recv(&back, &FrameLimits::default()) {
        Ok(m) => m,
        Err(e) => {
            let _ = child.kill();
            let mut err = String::new();
            let _ = std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err);
            panic!("reply {n}: {e}; the Python peer said:\n{err}");
        }
    };
    let fory = Fory::default();
    let a = Array2::from_shape_fn((300, 200), |(i, j)| (i + j) as f32);
    let b = Array2::from_shape_fn((3, 2), |(i, j)| (i * j) as i64);
    send(&out, &fory, &a).unwrap();
    send_owned(&mut out, &fory, vec![a.clone(), a.clone()]).unwrap();
    send_owned(&mut out, &fory, b.clone()).unwrap();
    let r1: Vec<Array2<f32>> = reply(1).deserialize(&fory).unwrap();
    assert_eq!(r1, vec![a.mapv(|x| x * 2.0)]);
    let r2: Vec<Array2<f32>> = reply(2).deserialize(&fory).unwrap();
    assert_eq!(r2, vec![a.mapv(|x| x * 2.0); 2]);
    let r3: Vec<Array2<i64>> = reply(3).deserialize(&fory).unwrap();
    assert_eq!(r3, vec![b.mapv(|x| x * 2)]);
    assert!(child.wait().unwrap().success());
}
