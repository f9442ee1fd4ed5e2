use fory::ForyDeserialize;

#[derive(ForyDeserialize, Default)]
#[fory(name = "ui.View", deserialize_only)]
struct View<'a> {
    text: &'a str,
    #[fory(out_of_band)]
    column: &'a [f32],
}

fn main() {
    let mut fory = fory::Fory::builder().build();
    fory.register::<View>().unwrap();
}
