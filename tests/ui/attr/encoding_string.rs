use fory::ForySerialize;

#[derive(ForySerialize)]
#[fory(name = "ui.Enc")]
struct Enc {
    #[fory(encoding = "fixed")]
    text: String,
    #[fory(encoding = "tagged")]
    small: i32,
    #[fory(encoding = "zigzag")]
    other: i64,
}

fn main() {}
