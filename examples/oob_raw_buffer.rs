//! Seed case 4: the PickleBuffer case. `RawBuffer` always takes the buffer-object path, at
//! the root or inside containers.

use fory::{Fory, RawBuffer};

pub fn main() -> fory::Result<()> {
    let fory = Fory::default();
    let data = b"Large binary data".to_vec();
    let wrapped = RawBuffer(data.clone());
    let mut buffer_objects = Vec::new();
    let payload = fory.serialize_with(&wrapped, |b| buffer_objects.push(b))?;
    let back: RawBuffer<Vec<u8>> = fory.deserialize_with_buffers(&payload, &buffer_objects)?;
    assert_eq!(back.0, data);

    // In a container: each element is its own buffer object.
    let frames = vec![RawBuffer(vec![1u16; 64]), RawBuffer(vec![2u16; 32])];
    let mut buffer_objects = Vec::new();
    let payload = fory.serialize_with(&frames, |b| buffer_objects.push(b))?;
    assert_eq!(buffer_objects.len(), 2);
    let back: Vec<RawBuffer<Vec<u16>>> =
        fory.deserialize_with_buffers(&payload, &buffer_objects)?;
    assert_eq!(back, frames);
    println!("raw buffers: payload {} B", payload.len());
    Ok(())
}
