use fory::ForySerialize;

#[derive(ForySerialize)]
#[fory(name = "ui.Clash")]
struct Clash {
    my_field: i32,
    #[fory(rename = "my_field")]
    other: i32,
    #[fory(id = 3)]
    a: i32,
    #[fory(id = 3)]
    b: i32,
}

fn main() {}
