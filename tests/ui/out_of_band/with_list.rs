use fory::ForySerialize;

#[derive(ForySerialize)]
#[fory(name = "ui.Both")]
struct Both {
    #[fory(out_of_band, list)]
    values: Vec<f32>,
}

fn main() {}
