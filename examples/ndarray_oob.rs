//! A 3-D image batch (`fory.ndarray`) out-of-band and back: the payload carries the shape and
//! element type, the pixels travel as one buffer that is never copied on the way out, and
//! come back as a borrowed `ArrayView3` (or an owned `Array3`, one copy).
//!
//! `fory::ndarray::nd` is the `ndarray` crate (0.16) the impls are for; `ndarray::Array3` is
//! the same type.

use fory::ndarray::nd::{s, Array3, ArrayView3};
use fory::Fory;

pub fn main() -> fory::Result<()> {
    let fory = Fory::default();
    // 16 grayscale 32×32 images.
    let batch = Array3::from_shape_fn((16, 32, 32), |(n, y, x)| (n * 1024 + y * 32 + x) as f32);

    let mut buffers = Vec::new();
    let payload = fory.serialize_with(&batch, |b| buffers.push(b))?;
    assert_eq!(buffers.len(), 1);
    // Zero copy: the buffer object is the array's own memory.
    assert_eq!(buffers[0].as_slice().as_ptr(), batch.as_ptr().cast::<u8>());
    println!(
        "image batch {:?}: payload {} B, one buffer of {} B",
        batch.shape(),
        payload.len(),
        buffers[0].len()
    );

    // "Send" the buffer: write it anywhere (a socket, a file, shared memory).
    let mut wire = Vec::new();
    buffers[0]
        .write_to(&mut wire)
        .map_err(|e| fory::Error::Unsupported(e.to_string().into()))?;

    // Receive: a borrowed view of the received bytes, no copy (the bytes must be aligned
    // for f32; a Vec<u8> from the allocator is).
    let received = [wire.as_slice()];
    let view: ArrayView3<f32> = fory.deserialize_with_buffers(&payload, &received)?;
    assert_eq!(view, batch);
    assert_eq!(view.as_ptr().cast::<u8>(), wire.as_ptr());
    // Or an owned array: one memcpy.
    let owned: Array3<f32> = fory.deserialize_with_buffers(&payload, &received)?;
    assert_eq!(owned, batch);

    // A non-contiguous view (every other image, transposed) is made contiguous: one copy,
    // written in-band because a buffer object must borrow from the value itself.
    let strided = batch.slice(s![..;2, .., ..]).reversed_axes();
    let mut calls = 0;
    let payload = fory.serialize_with(&strided, |_| calls += 1)?;
    assert_eq!(calls, 0);
    let none: [&[u8]; 0] = [];
    let back: Array3<f32> = fory.deserialize_with_buffers(&payload, &none)?;
    assert_eq!(back, strided);
    // Made contiguous by the caller, it goes out-of-band again.
    let contiguous = strided.as_standard_layout();
    let mut buffers = Vec::new();
    let payload = fory.serialize_with(&contiguous, |b| buffers.push(b))?;
    let back: ArrayView3<f32> = fory.deserialize_with_buffers(&payload, &buffers)?;
    assert_eq!(back, strided);
    println!(
        "strided view {:?}: copied once, {} B in-band",
        strided.shape(),
        back.len() * 4
    );
    Ok(())
}
