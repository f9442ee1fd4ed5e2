//! Workload 2: a label and a large `Vec<f64>`, in-band and out-of-band.

use std::borrow::Cow;

/// Plain Rust, with serde and rkyv derives.
#[derive(
    Debug,
    Clone,
    PartialEq,
    serde::Serialize,
    serde::Deserialize,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
pub struct PlainSeries {
    pub label: String,
    pub data: Vec<f64>,
}

/// In-band: the column is a dense FLOAT64_ARRAY inside the payload.
#[derive(Debug, Clone, PartialEq, Default, fory::ForySerialize, fory::ForyDeserialize)]
#[fory(id = 30)]
pub struct Series {
    pub label: String,
    pub data: Vec<f64>,
}

/// Out-of-band: the column is a buffer object, handed to the callback as a view of the `Vec`.
#[derive(Debug, Clone, PartialEq, Default, fory::ForySerialize, fory::ForyDeserialize)]
#[fory(id = 31)]
pub struct OobSeries {
    pub label: String,
    #[fory(out_of_band)]
    pub data: Vec<f64>,
}

/// The same wire type read without copying: both the label and the column borrow.
#[derive(Debug, PartialEq, Default, fory::ForyDeserialize)]
#[fory(id = 31, deserialize_only)]
pub struct OobSeriesView<'a> {
    pub label: Cow<'a, str>,
    #[fory(out_of_band)]
    pub data: &'a [f64],
}

/// The same wire type read as owned, shared data: the column shares the receiver's `Bytes`.
#[derive(Debug, PartialEq, Default, fory::ForyDeserialize)]
#[fory(id = 31, deserialize_only)]
pub struct OobSeriesShared {
    pub label: String,
    #[fory(out_of_band)]
    pub data: bytes::Bytes,
}

/// Apache Fory Rust 1.7.7 (in-band only: it has no out-of-band buffers).
#[derive(Debug, Clone, PartialEq, apache_fory::ForyStruct)]
pub struct ApacheSeries {
    #[fory(id = 1)]
    pub label: String,
    #[fory(id = 2, array)]
    pub data: Vec<f64>,
}

/// Our `Fory`, every series type registered.
pub fn fory(compatible: bool) -> fory::Fory {
    let mut f = fory::Fory::builder().compatible(compatible).build();
    f.register::<Series>().unwrap();
    f.register::<OobSeries>().unwrap();
    f.register::<OobSeriesView<'static>>().unwrap();
    f.register::<OobSeriesShared>().unwrap();
    f
}

/// Apache's `Fory`.
pub fn apache_fory(compatible: bool) -> apache_fory::Fory {
    let mut f = apache_fory::Fory::builder()
        .xlang(true)
        .compatible(compatible)
        .build();
    f.register::<ApacheSeries>(30).unwrap();
    f
}

/// A column of `bytes` bytes.
pub fn column(bytes: usize) -> Vec<f64> {
    (0..bytes / 8).map(|i| i as f64 * 0.25 - 3.0).collect()
}
