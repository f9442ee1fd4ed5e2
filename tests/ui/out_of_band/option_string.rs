use fory::ForySerialize;

#[derive(ForySerialize)]
#[fory(name = "ui.MaybeText")]
struct MaybeText {
    #[fory(out_of_band)]
    body: Option<String>,
}

fn main() {}
