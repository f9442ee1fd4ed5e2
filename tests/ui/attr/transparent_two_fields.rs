use fory::ForySerialize;

#[derive(ForySerialize)]
#[fory(transparent)]
struct Pair(f64, f64);

#[derive(ForySerialize)]
#[fory(transparent, name = "ui.Meters")]
struct Meters(f64);

fn main() {}
