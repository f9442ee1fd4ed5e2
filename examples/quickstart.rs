//! Quickstart: derive, register, serialize, deserialize; then the same struct with an
//! out-of-band buffer.

use fory::{Fory, ForyDeserialize, ForySerialize, Value};

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
#[fory(name = "demo.Point")]
struct Point {
    x: i32,
    y: f64,
    s: String,
    #[fory(rename = "myField")]
    my_field: i64,
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
#[fory(name = "demo.Samples")]
struct Samples {
    label: String,
    #[fory(out_of_band)]
    data: Vec<f64>,
}

pub fn main() -> fory::Result<()> {
    let mut fory = Fory::builder().compatible(true).build();
    fory.register::<Point>()?;
    fory.register::<Samples>()?;

    // Plain round trip: the bytes are the ones pyfory 1.7.7 writes for the same dataclass.
    let p = Point {
        x: 1,
        y: 2.0,
        s: "a".into(),
        my_field: 5,
    };
    let bytes = fory.serialize(&p)?;
    let back: Point = fory.deserialize(&bytes)?;
    assert_eq!(back, p);
    println!("Point: {} bytes, round trip ok", bytes.len());

    // Reuse one buffer across messages.
    let mut buf = Vec::new();
    fory.serialize_into(&p, &mut buf)?;
    assert_eq!(buf, bytes);

    // Any payload can be read without a schema.
    let v: Value = fory.deserialize(&bytes)?;
    println!("as Value: {:?}", v.as_struct().map(|s| &s.fields));

    // Out-of-band: the f64 column leaves the payload as a view of the Vec's own memory.
    let samples = Samples {
        label: "sensor".into(),
        data: (0..10_000).map(f64::from).collect(),
    };
    let mut buffers = Vec::new();
    let payload = fory.serialize_with(&samples, |b| buffers.push(b))?;
    assert!(std::ptr::eq(
        buffers[0].as_slice().as_ptr(),
        samples.data.as_ptr().cast()
    ));
    println!(
        "Samples: payload {} bytes + {} out-of-band buffer(s) of {} bytes",
        payload.len(),
        buffers.len(),
        buffers[0].len()
    );
    let back: Samples = fory.deserialize_with_buffers(&payload, &buffers)?;
    assert_eq!(back, samples);
    println!("out-of-band round trip ok");
    Ok(())
}
