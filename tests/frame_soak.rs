//! Soak: 10,000 frames of random sizes (buffers from 0 B to 8 MiB, log-uniform, so that every
//! size class occurs and the total stays a few GB) over a real TCP socket on 127.0.0.1, each
//! received equal and in order.
//!
//! `FORY_SOAK_FRAMES` (default 10000) and `FORY_SOAK_MAX_BUFFER` (default 8388608) scale it.

use std::io::BufWriter;
use std::net::{TcpListener, TcpStream};

use fory::frame::{FrameLimits, FrameReader};
use fory::Fory;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The buffers of frame `i`: 0 to 3 of them, sizes log-uniform in [0, max], slices of `pool`
/// at random offsets (so contents differ from frame to frame).
fn plan(i: u64, max: usize, pool: &[u8]) -> Vec<&[u8]> {
    let mut r = Rng(i.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let bits = usize::BITS - max.leading_zeros();
    (0..r.below(4))
        .map(|_| {
            let size = match r.below(200) {
                0 => max,
                1 => 0,
                _ => (1usize << r.below(u64::from(bits))).min(max) + r.below(64) as usize,
            }
            .min(max);
            let at = r.below((pool.len() - size + 1) as u64) as usize;
            &pool[at..at + size]
        })
        .collect()
}

#[test]
fn ten_thousand_frames_of_random_sizes_over_tcp() {
    let frames = env("FORY_SOAK_FRAMES", 10_000) as u64;
    let max = env("FORY_SOAK_MAX_BUFFER", 8 << 20);
    let mut r = Rng(0x1234_5678);
    let pool: Vec<u8> = (0..max + 64).map(|_| r.next() as u8).collect();
    let pool = std::sync::Arc::new(pool);

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let send_pool = pool.clone();
    let sender = std::thread::spawn(move || {
        let fory = Fory::default();
        let mut out = BufWriter::with_capacity(1 << 16, TcpStream::connect(addr).unwrap());
        let mut total = 0u64;
        for i in 0..frames {
            let mut msg: Vec<&[u8]> = plan(i, max, &send_pool);
            let seq = i.to_le_bytes();
            msg.insert(0, &seq);
            total += fory.serialize_to_writer(&msg, &mut out).unwrap();
        }
        total
    });
    let (stream, _) = listener.accept().unwrap();
    let fory = Fory::default();
    let mut reader = FrameReader::new(stream, FrameLimits::default());
    let mut received = 0u64;
    let mut bytes = 0u64;
    while let Some(frame) = reader.next_frame().unwrap() {
        let msg: Vec<&[u8]> = frame.deserialize(&fory).unwrap();
        assert_eq!(msg[0], received.to_le_bytes(), "out of order");
        let want = plan(received, max, &pool);
        assert_eq!(msg.len(), want.len() + 1);
        for (got, want) in msg[1..].iter().zip(&want) {
            assert!(got == want, "frame {received}: a buffer differs");
        }
        bytes += frame.as_bytes().len() as u64;
        received += 1;
    }
    let sent = sender.join().unwrap();
    assert_eq!(received, frames);
    assert_eq!(bytes, sent);
    eprintln!("soak: {frames} frames, {:.2} GB", sent as f64 / 1e9);
}
