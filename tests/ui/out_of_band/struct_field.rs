use fory::ForySerialize;

#[derive(ForySerialize, Default)]
#[fory(name = "ui.Inner")]
struct Inner {
    v: i32,
}

#[derive(ForySerialize)]
#[fory(name = "ui.Outer")]
struct Outer {
    #[fory(out_of_band)]
    inner: Inner,
}

fn main() {}
