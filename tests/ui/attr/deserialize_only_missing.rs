use fory::ForyDeserialize;

// Only ForyDeserialize, without `deserialize_only`: nothing registers the type.
#[derive(ForyDeserialize, Default)]
#[fory(name = "ui.View")]
struct View {
    a: i32,
}

fn main() {}
