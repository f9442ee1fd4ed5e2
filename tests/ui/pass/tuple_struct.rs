use fory::{ForyDeserialize, ForySerialize};

#[derive(ForySerialize, ForyDeserialize, Default)]
#[fory(name = "ui.Tuple")]
struct Tuple(i32, #[fory(rename = "label")] String);

#[derive(ForySerialize, ForyDeserialize, Default)]
#[fory(transparent)]
struct Meters(f64);

#[derive(ForySerialize, ForyDeserialize)]
#[fory(id = 7)]
enum Shape {
    Circle(f64),
    Tuple(Tuple),
    Len { meters: Meters },
    Empty,
    #[fory(other)]
    Unknown(u32, fory::Value),
}

fn main() {}
