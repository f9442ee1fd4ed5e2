use fory::ForySerialize;

#[derive(ForySerialize)]
#[fory(name = "ui.Skip")]
struct Skip {
    #[fory(skip, rename = "x")]
    a: i32,
}

fn main() {}
