use fory::ForySerialize;

#[derive(ForySerialize)]
#[fory(untagged, id = 3)]
enum Either {
    Int(i64),
    Nothing,
}

fn main() {}
