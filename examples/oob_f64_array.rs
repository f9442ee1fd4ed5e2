//! Seed case 1: a large f64 array out-of-band, as a struct field and at the root.

use fory::{Fory, ForyDeserialize, ForySerialize, RawBuffer};

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
#[fory(name = "example.Series")]
struct Series {
    name: String,
    #[fory(out_of_band)]
    values: Vec<f64>,
}

pub fn main() -> fory::Result<()> {
    let mut fory = Fory::builder().build();
    fory.register::<Series>()?;

    // As a field: the Vec's memory is handed to the callback, not copied.
    let series = Series {
        name: "arange".into(),
        values: (0..10_000).map(f64::from).collect(),
    };
    let mut buffer_objects = Vec::new();
    let payload = fory.serialize_with(&series, |b| buffer_objects.push(b))?;
    assert!(std::ptr::eq(
        buffer_objects[0].as_slice().as_ptr(),
        series.values.as_ptr().cast()
    ));
    // The buffers can be anything that derefs to bytes; here, owned copies as a receiver gets.
    let received: Vec<Vec<u8>> = buffer_objects
        .iter()
        .map(|b| b.as_slice().to_vec())
        .collect();
    let back: Series = fory.deserialize_with_buffers(&payload, &received)?;
    assert_eq!(back, series);
    println!(
        "field: payload {} B, buffer {} B",
        payload.len(),
        received[0].len()
    );

    // At the root: a plain Vec<f64> is a dense in-band array; RawBuffer sends it out-of-band.
    let array: Vec<f64> = (0..10_000).map(|i| i as f64 * 0.5).collect();
    let root = RawBuffer(&array[..]);
    let mut buffer_objects = Vec::new();
    let payload = fory.serialize_with(&root, |b| buffer_objects.push(b))?;
    // Borrow the result straight out of the buffer (it is aligned: it is the array itself).
    let view: RawBuffer<&[f64]> = fory.deserialize_with_buffers(&payload, &buffer_objects)?;
    assert!(std::ptr::eq(view.0, &array[..]));
    println!(
        "root: payload {} B, zero-copy view of {} f64",
        payload.len(),
        view.0.len()
    );
    Ok(())
}
