use fory::{ForyDeserialize, ForySerialize};

struct NoDefault;

#[derive(ForySerialize, ForyDeserialize)]
#[fory(name = "ui.Field")]
struct Field {
    a: i32,
    #[fory(skip)]
    cache: NoDefault,
}

fn main() {}
