//! Seed case 3: the selective callback. Ten byte buffers, ref tracking on; odd calls stay
//! in-band (the callback returns `true`), even calls go out-of-band.

use fory::Fory;

pub fn main() -> fory::Result<()> {
    let fory = Fory::builder().ref_tracking(true).build();
    let data: Vec<Vec<u8>> = (0..10u8)
        .map(|i| vec![i; 1000 * (i as usize + 1)])
        .collect();
    let mut buffer_objects = Vec::new();
    let mut counter = 0;
    let payload = fory.serialize_with(&data, |b| {
        counter += 1;
        if counter % 2 == 0 {
            buffer_objects.push(b);
            false // out-of-band
        } else {
            true // in-band
        }
    })?;
    assert_eq!(buffer_objects.len(), 5);
    let back: Vec<Vec<u8>> = fory.deserialize_with_buffers(&payload, &buffer_objects)?;
    assert_eq!(back, data);
    println!(
        "selective: payload {} B, {} buffers out-of-band",
        payload.len(),
        buffer_objects.len()
    );
    Ok(())
}
