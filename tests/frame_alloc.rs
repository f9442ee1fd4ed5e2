//! A frame reader allocates nothing for a frame that lies about its size: the declared lengths
//! are checked against the input and the limits before any allocation (counting allocator).

use fory::frame::{FrameBuf, FrameFault, FrameLimits, FrameRef};
use fory::Error;

#[global_allocator]
static GLOBAL: fory_tests::counting::Counting = fory_tests::counting::Counting;

fn allocations_in<T>(f: impl FnOnce() -> T) -> (u64, T) {
    let (out, allocs) = fory_tests::counting::measure(f);
    (allocs.count, out)
}

const TIB: u64 = 1 << 40;

/// A frame header claiming a 1 TiB frame with one 1 TiB buffer.
fn liar() -> [u8; 40] {
    let mut h = [0u8; 40];
    h[..5].copy_from_slice(&[0x89, b'F', b'R', b'M', 1]);
    h[8] = 1;
    h[16..24].copy_from_slice(&8u64.to_le_bytes());
    h[24..32].copy_from_slice(&(TIB + 128).to_le_bytes());
    h[32..40].copy_from_slice(&TIB.to_le_bytes());
    h
}

#[repr(C, align(64))]
struct Line([u8; 64]);

fn fault(e: Error) -> FrameFault {
    match e {
        Error::Frame { fault, .. } => fault,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_20_byte_frame_claiming_1_tib_allocates_nothing() {
    let mut line = Line([0; 64]);
    line.0[..40].copy_from_slice(&liar());
    let d = FrameLimits::default();
    let unlimited = FrameLimits {
        max_frame_len: u64::MAX,
        max_buffers: u32::MAX,
        ..d.clone()
    };
    // 20 bytes: shorter than the fixed header.
    let (n, r) = allocations_in(|| FrameRef::parse(&line.0[..20], &unlimited).map(|_| ()));
    assert!(matches!(
        fault(r.unwrap_err()),
        FrameFault::Truncated {
            needed: 32,
            available: 20
        }
    ));
    assert_eq!(n, 0);
    let (n, r) = allocations_in(|| FrameBuf::read_from(&mut &line.0[..20], &unlimited).map(|_| ()));
    assert!(matches!(
        fault(r.unwrap_err()),
        FrameFault::Truncated { .. }
    ));
    assert_eq!(n, 0);
    // The whole 40-byte header: over the default limit, refused before allocating.
    let (n, r) = allocations_in(|| FrameBuf::read_from(&mut &line.0[..40], &d).map(|_| ()));
    assert!(matches!(fault(r.unwrap_err()), FrameFault::TooLarge { .. }));
    assert_eq!(n, 0);
    // In place, without any limit: truncated, still nothing allocated.
    let (n, r) = allocations_in(|| FrameRef::parse(&line.0[..40], &unlimited).map(|_| ()));
    assert!(
        matches!(fault(r.unwrap_err()), FrameFault::Truncated { needed, .. } if needed == TIB + 128)
    );
    assert_eq!(n, 0);
    // A count of 2^32 - 1 buffers: over the default limit before any length is read.
    line.0[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
    let (n, r) = allocations_in(|| FrameBuf::read_from(&mut &line.0[..40], &d).map(|_| ()));
    assert!(matches!(
        fault(r.unwrap_err()),
        FrameFault::TooManyBuffers { .. }
    ));
    assert_eq!(n, 0);
}
