use fory::ForySerialize;

#[derive(ForySerialize)]
#[fory(name = "ui.Text")]
struct Text {
    #[fory(out_of_band)]
    body: String,
}

fn main() {}
