//! Seed case 2: a "data frame", a struct of columns. Numeric columns go out-of-band, the
//! string column stays in the payload.

use fory::{Fory, ForyDeserialize, ForySerialize};

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
#[fory(name = "example.Frame")]
struct Frame {
    #[fory(out_of_band)]
    a: Vec<f64>,
    #[fory(out_of_band)]
    b: Vec<i64>,
    c: Vec<String>,
}

pub fn main() -> fory::Result<()> {
    let mut fory = Fory::builder().build();
    fory.register::<Frame>()?;
    let n = 1000;
    let df = Frame {
        a: (0..n).map(|i| i as f64).collect(),
        b: (0..n).collect(),
        c: vec!["text".to_string(); n as usize],
    };
    let mut buffer_objects = Vec::new();
    let payload = fory.serialize_with(&df, |b| buffer_objects.push(b))?;
    assert_eq!(buffer_objects.len(), 2, "two numeric columns out-of-band");
    let back: Frame = fory.deserialize_with_buffers(&payload, &buffer_objects)?;
    assert_eq!(back, df);
    println!(
        "frame: payload {} B (strings), buffers {:?} B",
        payload.len(),
        buffer_objects.iter().map(|b| b.len()).collect::<Vec<_>>()
    );
    Ok(())
}
