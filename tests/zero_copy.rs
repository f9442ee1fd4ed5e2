//! Zero-copy reads from out-of-band buffers: borrowed Pod slices, `Cow` fallback on
//! misalignment, shared `Bytes`. These are the paths miri runs over.

use std::borrow::Cow;

use fory::Fory;

/// A payload carrying one out-of-band BINARY buffer (the wire form of an out-of-band Pod field).
fn one_buffer_payload(fory: &Fory, len: usize) -> Vec<u8> {
    let bytes = vec![0u8; len];
    let mut n = 0;
    let payload = fory.serialize_with(&bytes, |_| n += 1).unwrap();
    assert_eq!(n, 1);
    payload
}

#[test]
fn aligned_buffer_is_borrowed_in_place() {
    let fory = Fory::default();
    let values: Vec<f64> = (0..64).map(|i| i as f64 * 0.5).collect();
    let raw: &[u8] = bytemuck::cast_slice(&values);
    let payload = one_buffer_payload(&fory, raw.len());
    let buffers = [raw];
    let view: &[f64] = fory.deserialize_with_buffers(&payload, &buffers).unwrap();
    assert_eq!(view, values.as_slice());
    assert!(
        std::ptr::eq(view.as_ptr(), values.as_ptr()),
        "borrowed, not copied"
    );
    let cow: Cow<[f64]> = fory.deserialize_with_buffers(&payload, &buffers).unwrap();
    assert!(matches!(cow, Cow::Borrowed(_)));
}

#[test]
fn misaligned_buffer_is_an_error_for_slices_and_a_copy_for_cow() {
    let fory = Fory::default();
    let values: Vec<f64> = (0..8).map(f64::from).collect();
    // u64 storage is 8-aligned by type (a `Vec<u8>` is not: miri places it anywhere), so one
    // byte in is misaligned for f64 on every allocator.
    let mut backing = vec![0u64; 9];
    let bytes: &mut [u8] = bytemuck::cast_slice_mut(&mut backing);
    bytes[1..65].copy_from_slice(bytemuck::cast_slice(&values));
    let misaligned = &bytes[1..65];
    let payload = one_buffer_payload(&fory, misaligned.len());
    let buffers = [misaligned];
    let err = fory
        .deserialize_with_buffers::<&[f64], _>(&payload, &buffers)
        .unwrap_err();
    assert!(matches!(err, fory::Error::OutOfBand(_)), "{err}");
    let cow: Cow<[f64]> = fory.deserialize_with_buffers(&payload, &buffers).unwrap();
    assert!(matches!(cow, Cow::Owned(_)));
    assert_eq!(&*cow, values.as_slice());
    let owned: Vec<f64> = fory.deserialize_with_buffers(&payload, &buffers).unwrap();
    assert_eq!(owned, values);
}

#[test]
fn buffer_size_must_be_whole_elements() {
    let fory = Fory::default();
    let payload = one_buffer_payload(&fory, 12);
    let buf = vec![0u8; 12];
    let buffers = [buf.as_slice()];
    assert!(fory
        .deserialize_with_buffers::<Vec<f64>, _>(&payload, &buffers)
        .is_err());
    assert!(fory
        .deserialize_with_buffers::<&[f64], _>(&payload, &buffers)
        .is_err());
    assert!(fory
        .deserialize_with_buffers::<Vec<f32>, _>(&payload, &buffers)
        .is_ok());
}

#[test]
fn bytes_buffers_are_shared_not_copied() {
    let fory = Fory::default();
    let data = bytes::Bytes::from(vec![5u8; 4096]);
    let mut bufs = Vec::new();
    let payload = fory
        .serialize_with(&data, |b| {
            bufs.push(bytes::Bytes::copy_from_slice(b.as_slice()))
        })
        .unwrap();
    let back: bytes::Bytes = fory.deserialize_with_buffers(&payload, &bufs).unwrap();
    assert_eq!(back.as_ptr(), bufs[0].as_ptr());
    assert_eq!(back, data);
}
