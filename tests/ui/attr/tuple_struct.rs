use fory::ForySerialize;

#[derive(ForySerialize)]
#[fory(name = "ui.Tuple")]
struct Tuple(i32, String);

fn main() {}
