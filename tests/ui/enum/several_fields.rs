use fory::ForySerialize;

#[derive(ForySerialize)]
#[fory(name = "ui.Shape")]
enum Shape {
    Empty,
    Circle(f64),
    Rect { w: f64, h: f64 },
}

fn main() {}
