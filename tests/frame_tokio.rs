//! Frames over tokio (feature `tokio`): `read_frame_async` / `write_frame_async` and
//! `Framed<TcpStream, FrameCodec>` over real sockets on 127.0.0.1, the decoder's limit check
//! before reserving, and a peer that hangs up mid-frame.

use bytes::BytesMut;
use fory::frame::{read_frame_async, write_frame_async, FrameCodec, FrameFault, FrameLimits};
use fory::{Error, Fory, RawBuffer};
use futures_util::{SinkExt, StreamExt};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio_util::codec::{Decoder, FramedRead, FramedWrite};

fn message(i: usize) -> Vec<Vec<u8>> {
    (0..i % 4)
        .map(|k| {
            (0..(i * 977 + k * 131) % 200_000)
                .map(|x| (x ^ i) as u8)
                .collect()
        })
        .collect()
}

async fn pair() -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (a, b) = tokio::join!(TcpStream::connect(addr), listener.accept());
    (a.unwrap(), b.unwrap().0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_read_write_over_tcp() {
    let (mut tx, mut rx) = pair().await;
    let sender = tokio::spawn(async move {
        let fory = Fory::default();
        for i in 0..40 {
            fory.serialize_to_async_writer(&message(i), &mut tx)
                .await
                .unwrap();
        }
        let data: Vec<f64> = (0..10_000).map(f64::from).collect();
        let mut oob = Vec::new();
        let value = RawBuffer(&data[..]);
        let payload = fory.serialize_with(&value, |b| oob.push(b)).unwrap();
        write_frame_async(&mut tx, &payload, &oob).await.unwrap();
    });
    let fory = Fory::default();
    let limits = FrameLimits::default();
    for i in 0..40 {
        let f = read_frame_async(&mut rx, &limits).await.unwrap().unwrap();
        let v: Vec<&[u8]> = f.deserialize(&fory).unwrap();
        assert_eq!(v, message(i));
    }
    let f = read_frame_async(&mut rx, &limits).await.unwrap().unwrap();
    let v: RawBuffer<&[f64]> = f.deserialize(&fory).unwrap();
    assert_eq!(v.0[9999], 9999.0);
    sender.await.unwrap();
    assert!(read_frame_async(&mut rx, &limits).await.unwrap().is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn framed_tcp_stream_yields_frames_in_order() {
    let (tx, rx) = pair().await;
    let sender = tokio::spawn(async move {
        let fory = Fory::default();
        let mut sink = FramedWrite::new(tx, FrameCodec::default());
        for i in 0..60 {
            let m = message(i);
            let mut oob = Vec::new();
            let payload = fory.serialize_with(&m, |b| oob.push(b)).unwrap();
            sink.send((&payload[..], &oob[..])).await.unwrap();
        }
    });
    let fory = Fory::default();
    let mut frames = FramedRead::new(rx, FrameCodec::default());
    let mut n = 0;
    while let Some(f) = frames.next().await {
        let f = f.unwrap();
        for b in f.buffers() {
            assert_eq!(b.as_ptr() as usize % 64, 0);
        }
        let v: Vec<Vec<u8>> = f.deserialize(&fory).unwrap();
        assert_eq!(v, message(n));
        n += 1;
    }
    assert_eq!(n, 60);
    sender.await.unwrap();
}

#[test]
fn decoder_checks_the_declared_length_before_reserving() {
    let mut h = vec![0x89, b'F', b'R', b'M', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    h.extend_from_slice(&8u64.to_le_bytes());
    h.extend_from_slice(&(1u64 << 40).to_le_bytes());
    h.extend_from_slice(&[0; 8]);
    let mut src = BytesMut::from(&h[..]);
    let cap = src.capacity();
    let mut codec = FrameCodec::new(FrameLimits {
        max_frame_len: 1 << 20,
        ..Default::default()
    });
    let e = codec.decode(&mut src).unwrap_err();
    assert_eq!(
        e,
        Error::Frame {
            at: 24,
            fault: FrameFault::TooLarge {
                len: 1 << 40,
                max: 1 << 20
            }
        }
    );
    assert_eq!(src.capacity(), cap, "nothing reserved");
    // Within the limit: reserves what the frame still needs, and waits.
    let mut wire = Vec::new();
    Fory::default()
        .serialize_to_writer(&vec![1u8; 5000], &mut wire)
        .unwrap();
    let mut src = BytesMut::from(&wire[..40]);
    assert!(codec.decode(&mut src).unwrap().is_none());
    assert!(src.capacity() >= wire.len());
    // The stream ends there: truncated.
    let e = codec.decode_eof(&mut src).unwrap_err();
    assert!(matches!(
        e,
        Error::Frame {
            at: 40,
            fault: FrameFault::Truncated { available: 40, .. }
        }
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_peer_that_hangs_up_mid_frame_over_framed() {
    let (mut tx, rx) = pair().await;
    let fory = Fory::default();
    let mut wire = Vec::new();
    for i in 0..3 {
        fory.serialize_to_writer(&message(i + 5), &mut wire)
            .unwrap();
    }
    let cut = wire.len() - 70;
    tx.write_all(&wire[..cut]).await.unwrap();
    drop(tx);
    let mut frames = FramedRead::new(rx, FrameCodec::default());
    for i in 0..2 {
        let f = frames.next().await.unwrap().unwrap();
        assert_eq!(
            f.deserialize::<Vec<Vec<u8>>>(&fory).unwrap(),
            message(i + 5)
        );
    }
    let e = frames.next().await.unwrap().unwrap_err();
    assert!(
        matches!(e, Error::Frame { at, fault: FrameFault::Truncated { .. } } if at == cut as u64),
        "{e:?}"
    );
    // And with read_frame_async.
    let (mut tx, mut rx) = pair().await;
    tx.write_all(&wire[..cut]).await.unwrap();
    drop(tx);
    for _ in 0..2 {
        assert!(read_frame_async(&mut rx, &FrameLimits::default())
            .await
            .unwrap()
            .is_some());
    }
    let e = read_frame_async(&mut rx, &FrameLimits::default())
        .await
        .unwrap_err();
    assert!(matches!(
        e,
        Error::Frame {
            fault: FrameFault::Truncated { .. },
            ..
        }
    ));
}
