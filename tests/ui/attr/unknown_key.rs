use fory::{ForyDeserialize, ForySerialize};

#[derive(ForySerialize, ForyDeserialize)]
#[fory(name = "ui.Unknown")]
struct Unknown {
    #[fory(renmae = "x")]
    a: i32,
}

// The failed derive still provides stub impls: no follow-on errors below.
fn main() {
    let mut fory = fory::Fory::builder().build();
    fory.register::<Unknown>().unwrap();
    let bytes = fory.serialize(&Unknown { a: 1 }).unwrap();
    let _: Unknown = fory.deserialize(&bytes).unwrap();
}
