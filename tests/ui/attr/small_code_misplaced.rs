use fory::{ForyDeserialize, ForySerialize};

#[derive(ForySerialize, ForyDeserialize)]
#[fory(id = 7, small_code)]
enum Shape {
    Circle(f64),
    Empty,
}

#[derive(ForySerialize, ForyDeserialize)]
#[fory(transparent, small_code)]
struct Meters(f64);

fn main() {}
