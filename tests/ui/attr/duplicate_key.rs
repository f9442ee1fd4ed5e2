use fory::ForySerialize;

#[derive(ForySerialize)]
#[fory(name = "ui.Dup")]
struct Dup {
    #[fory(nullable, nullable)]
    a: Option<i32>,
    #[fory(rename = "x")]
    #[fory(rename = "y")]
    b: i32,
}

fn main() {}
