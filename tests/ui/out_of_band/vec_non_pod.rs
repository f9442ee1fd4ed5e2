use fory::ForySerialize;

#[derive(ForySerialize)]
#[fory(name = "ui.Names")]
struct Names {
    #[fory(out_of_band)]
    names: Vec<String>,
}

fn main() {}
