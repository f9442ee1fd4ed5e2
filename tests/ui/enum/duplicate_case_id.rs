use fory::ForySerialize;

#[derive(ForySerialize)]
enum Shape {
    Circle(f64),
    #[fory(id = 0)]
    Square(f64),
}

fn main() {}
