//! Any bytes read into one of several std types (first byte: type and configuration).
#![no_main]

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::rc::Rc;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, msg)) = data.split_first() else {
        return;
    };
    let f = common::fory(sel);
    match sel >> 2 {
        0 => drop(f.deserialize::<i64>(msg)),
        1 => drop(f.deserialize::<String>(msg)),
        2 => drop(f.deserialize::<Vec<String>>(msg)),
        3 => drop(f.deserialize::<HashMap<String, i64>>(msg)),
        4 => drop(f.deserialize::<Vec<Vec<u8>>>(msg)),
        5 => drop(f.deserialize::<Vec<i32>>(msg)),
        6 => drop(f.deserialize::<BTreeMap<i64, Vec<Option<String>>>>(msg)),
        7 => drop(f.deserialize::<Option<Vec<Option<i64>>>>(msg)),
        8 => drop(f.deserialize::<BTreeSet<String>>(msg)),
        9 => drop(f.deserialize::<HashSet<i32>>(msg)),
        10 => drop(f.deserialize::<VecDeque<f64>>(msg)),
        11 => drop(f.deserialize::<Vec<bool>>(msg)),
        12 => drop(f.deserialize::<Rc<Vec<Rc<String>>>>(msg)),
        13 => drop(f.deserialize::<Vec<Arc<Vec<i64>>>>(msg)),
        14 => drop(f.deserialize::<&str>(msg)),
        15 => drop(f.deserialize::<HashMap<i8, HashMap<String, Vec<f32>>>>(msg)),
        16 => drop(f.deserialize::<Vec<fory::Value>>(msg)),
        17 => drop(f.deserialize::<HashMap<String, fory::Value>>(msg)),
        18 => drop(f.deserialize::<Box<[u8]>>(msg)),
        19 => drop(f.deserialize::<[i16; 4]>(msg)),
        20 => drop(f.deserialize::<u8>(msg)),
        21 => drop(f.deserialize::<Vec<Vec<Vec<String>>>>(msg)),
        // Temporal, decimal and UUID types (#19), and the crates' own.
        22 => drop(f.deserialize::<fory::Timestamp>(msg)),
        23 => drop(f.deserialize::<Vec<fory::Date>>(msg)),
        24 => drop(f.deserialize::<HashMap<fory::Date, fory::Decimal>>(msg)),
        25 => drop(f.deserialize::<Option<fory::Duration>>(msg)),
        26 => drop(f.deserialize::<std::time::Duration>(msg)),
        27 => drop(f.deserialize::<Vec<std::time::SystemTime>>(msg)),
        28 => drop(f.deserialize::<Vec<chrono::DateTime<chrono::Utc>>>(msg)),
        29 => drop(f.deserialize::<BTreeMap<chrono::NaiveDate, chrono::TimeDelta>>(msg)),
        30 => drop(f.deserialize::<Vec<time::OffsetDateTime>>(msg)),
        31 => drop(f.deserialize::<BTreeMap<time::Date, time::Duration>>(msg)),
        32 => drop(f.deserialize::<Vec<rust_decimal::Decimal>>(msg)),
        33 => drop(f.deserialize::<Vec<bigdecimal::BigDecimal>>(msg)),
        34 => drop(f.deserialize::<Vec<uuid::Uuid>>(msg)),
        35 => drop(f.deserialize::<fory::Decimal>(msg)),
        _ => drop(f.deserialize::<bytes::Bytes>(msg)),
    }
});
