//! Any bytes, read as `fory::Value` in one of four configurations (first byte): an error is
//! fine, a panic, a hang or a runaway allocation is a bug. A value that reads is written back
//! and must read again.
#![no_main]

use fory::Value;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&cfg, msg)) = data.split_first() else {
        return;
    };
    let fory = common::fory(cfg);
    if let Ok(v) = fory.deserialize::<Value>(msg) {
        if let Ok(bytes) = fory.serialize(&v) {
            // What we write, we read.
            if let Err(e) = fory.deserialize::<Value>(&bytes) {
                panic!("re-serialized Value does not read back: {e}\n{v:?}");
            }
        }
    }
});
