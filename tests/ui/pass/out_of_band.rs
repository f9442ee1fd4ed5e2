use std::borrow::Cow;

use fory::{ForyDeserialize, ForySerialize};

/// Every accepted out-of-band type, write side.
#[derive(ForySerialize)]
#[fory(name = "ui.Columns")]
struct Columns<'a> {
    #[fory(out_of_band)]
    floats: Vec<f32>,
    #[fory(out_of_band)]
    halves: Box<[u16]>,
    #[fory(out_of_band)]
    doubles: &'a [f64],
    #[fory(out_of_band)]
    longs: Cow<'a, [i64]>,
    #[fory(out_of_band)]
    shared: bytes::Bytes,
    #[fory(out_of_band)]
    raw: Vec<u8>,
    #[fory(out_of_band, nullable)]
    maybe: Option<Vec<f64>>,
}

/// Both sides. (`Box<[T]>` reads only as `Box<[u8]>` in the runtime so far.)
#[derive(ForySerialize, ForyDeserialize, Default)]
#[fory(name = "ui.ReadColumns")]
struct ReadColumns<'a> {
    #[fory(out_of_band)]
    floats: Vec<f32>,
    #[fory(out_of_band)]
    bytes: Box<[u8]>,
    #[fory(out_of_band)]
    doubles: &'a [f64],
    #[fory(out_of_band)]
    longs: Cow<'a, [i64]>,
    #[fory(out_of_band)]
    shared: bytes::Bytes,
    #[fory(out_of_band)]
    raw: Vec<u8>,
    #[fory(out_of_band, nullable)]
    maybe: Option<Vec<f64>>,
}

fn main() {
    let mut fory = fory::Fory::builder().build();
    fory.register::<Columns>().unwrap();
    fory.register::<ReadColumns>().unwrap();
}
