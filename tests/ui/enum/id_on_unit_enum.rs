use fory::ForySerialize;

#[derive(ForySerialize)]
enum Color {
    Red,
    #[fory(id = 5)]
    Green,
}

fn main() {}
