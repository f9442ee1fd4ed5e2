//! Seed case 5: buffer objects written to any `std::io::Write`: a `Vec`, a `Cursor`, a file,
//! and one vectored write of payload + buffers.

use std::io::{Cursor, IoSlice, Read, Write};

use fory::Fory;

pub fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fory = Fory::default();
    let arrays: Vec<Vec<u8>> = vec![vec![7; 4096], vec![9; 1024]];
    let mut buffer_objects = Vec::new();
    let payload = fory.serialize_with(&arrays, |b| buffer_objects.push(b))?;

    for b in &buffer_objects {
        let mut v = Vec::new();
        b.write_to(&mut v)?;
        let mut cursor = Cursor::new(Vec::new());
        b.write_to(&mut cursor)?;
        assert_eq!(v, cursor.into_inner());
        assert_eq!(v.as_slice(), b.as_slice());
    }

    // A file: length-prefixed frames, written with one vectored write per frame set.
    let path = std::env::temp_dir().join(format!("fory-oob-{}.bin", std::process::id()));
    let mut file = std::fs::File::create(&path)?;
    let mut header = Vec::new();
    for part in
        std::iter::once(payload.as_slice()).chain(buffer_objects.iter().map(|b| b.as_slice()))
    {
        header.extend_from_slice(&(part.len() as u64).to_le_bytes());
    }
    let mut slices = vec![IoSlice::new(&header), IoSlice::new(&payload)];
    slices.extend(buffer_objects.iter().map(|b| b.io_slice()));
    let total: usize = slices.iter().map(|s| s.len()).sum();
    write_all_vectored(&mut file, &mut slices)?;
    drop(file);

    // Read it back: frame lengths, payload, buffers.
    let mut bytes = Vec::new();
    std::fs::File::open(&path)?.read_to_end(&mut bytes)?;
    std::fs::remove_file(&path)?;
    assert_eq!(bytes.len(), total);
    let n = 1 + buffer_objects.len();
    let lens: Vec<usize> = (0..n)
        .map(|i| u64::from_le_bytes(bytes[i * 8..i * 8 + 8].try_into().unwrap()) as usize)
        .collect();
    let mut pos = n * 8;
    let mut parts = Vec::new();
    for len in lens {
        parts.push(&bytes[pos..pos + len]);
        pos += len;
    }
    let back: Vec<Vec<u8>> = fory.deserialize_with_buffers(parts[0], &parts[1..])?;
    assert_eq!(back, arrays);
    println!("write_to: {total} B through one vectored write");
    Ok(())
}

fn write_all_vectored(w: &mut impl Write, mut slices: &mut [IoSlice<'_>]) -> std::io::Result<()> {
    while !slices.is_empty() {
        let n = w.write_vectored(slices)?;
        if n == 0 {
            return Err(std::io::ErrorKind::WriteZero.into());
        }
        IoSlice::advance_slices(&mut slices, n);
    }
    Ok(())
}
