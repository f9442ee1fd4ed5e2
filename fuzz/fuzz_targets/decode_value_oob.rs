//! Any bytes split into out-of-band buffers and a payload (see `common::split`), read as
//! `fory::Value` and as typed buffer-bearing targets with `deserialize_with_buffers`.
#![no_main]

use fory::Value;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&cfg, rest)) = data.split_first() else {
        return;
    };
    let fory = common::fory(cfg);
    let (bufs, payload) = common::split(rest);
    let _ = fory.deserialize_with_buffers::<Value, _>(payload, &bufs);
    let _ = fory.deserialize_with_buffers::<Vec<Vec<u8>>, _>(payload, &bufs);
    let _ = fory.deserialize_with_buffers::<Vec<u8>, _>(payload, &bufs);
    let _ = fory.deserialize_with_buffers::<Vec<f32>, _>(payload, &bufs);
    let _ = fory.deserialize_with_buffers::<&[u8], _>(payload, &bufs);
    let _ = fory.deserialize_with_buffers::<std::borrow::Cow<[u64]>, _>(payload, &bufs);
    let shared: Vec<bytes::Bytes> = bufs
        .iter()
        .map(|b| bytes::Bytes::copy_from_slice(b))
        .collect();
    let _ = fory.deserialize_with_buffers::<Vec<bytes::Bytes>, _>(payload, &shared);
    // The payload alone, as a message without buffers.
    let _ = fory.deserialize::<Value>(payload);
});
