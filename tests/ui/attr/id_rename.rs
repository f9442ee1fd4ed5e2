use fory::ForySerialize;

#[derive(ForySerialize)]
#[fory(name = "ui.IdRename")]
struct IdRename {
    #[fory(id = 1, rename = "x")]
    a: i32,
}

fn main() {}
