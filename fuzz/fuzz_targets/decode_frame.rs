//! Any bytes as a file of frames: read in place (`FrameIter` over a 64-byte-aligned copy),
//! through `FrameReader` (one aligned allocation per frame, under a small size limit), and
//! copied from a misaligned address; every frame found is deserialized as `fory::Value` and as
//! borrowed typed targets. The readers must return errors, never panic or over-allocate.
#![no_main]

use fory::frame::{FrameBuf, FrameIter, FrameLimits, FrameReader, FrameRef};
use fory::{Fory, Value};
use libfuzzer_sys::fuzz_target;

fn use_frame(fory: &Fory, f: &FrameRef<'_>) {
    let _ = f.deserialize::<Value>(fory);
    let _ = f.deserialize::<Vec<&[u8]>>(fory);
    let _ = f.deserialize::<fory::RawBuffer<&[f64]>>(fory);
}

fuzz_target!(|data: &[u8]| {
    let fory = Fory::default();
    let limits = FrameLimits {
        max_frame_len: 1 << 20,
        max_buffers: 1024,
        require_alignment: true,
    };
    let mut storage = vec![0u8; data.len() + 64];
    let at = storage.as_ptr().align_offset(64);
    storage[at..at + data.len()].copy_from_slice(data);
    let aligned = &storage[at..at + data.len()];
    for frame in FrameIter::new(aligned, limits.clone()) {
        match frame {
            Ok(f) => use_frame(&fory, &f),
            Err(_) => break,
        }
    }
    for frame in FrameReader::new(data, limits.clone()) {
        match frame {
            Ok(f) => {
                let _ = f.deserialize::<Value>(&fory);
                let _ = f.deserialize::<Vec<bytes::Bytes>>(&fory);
            }
            Err(_) => break,
        }
    }
    if let Ok(f) = FrameBuf::copy_from_slice(data, &limits) {
        let _ = f.deserialize::<Value>(&fory);
    }
    if let Ok((f, _)) = FrameRef::parse_unaligned(data) {
        use_frame(&fory, &f);
    }
});
