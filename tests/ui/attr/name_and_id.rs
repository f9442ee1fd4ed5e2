use fory::ForySerialize;

#[derive(ForySerialize)]
#[fory(name = "ui.Both", id = 7)]
struct Both {
    a: i32,
}

fn main() {}
