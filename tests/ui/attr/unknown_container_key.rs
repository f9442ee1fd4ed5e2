use fory::ForySerialize;

#[derive(ForySerialize)]
#[fory(namespace = "ui")]
struct Unknown {
    a: i32,
}

fn main() {}
