use fory::ForySerialize;

#[derive(ForySerialize)]
enum Shape {
    Circle(f64),
    #[fory(other)]
    Unknown(fory::Value),
}

fn main() {}
