//! A file of frames: 1,000 messages (a struct with an out-of-band `Vec<f64>` and a 2-D array)
//! written with one vectored write each, then the file memory-mapped and every frame read in
//! place: the arrays are views of the mapping, nothing is copied.
//!
//! `cargo run -p fory-examples --example frame_file`

use std::io::BufWriter;

use fory::frame::{FrameIter, FrameLimits};
use fory::ndarray::nd::{Array2, ArrayView2};
use fory::{Fory, ForyDeserialize, ForySerialize};

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
#[fory(name = "example.Reading")]
pub struct Reading {
    pub seq: u32,
    pub sensor: String,
    #[fory(out_of_band)]
    pub samples: Vec<f64>,
    pub image: Array2<f32>,
}

/// The same message, borrowing its buffers from the file.
#[derive(ForySerialize, ForyDeserialize, Debug)]
#[fory(name = "example.Reading")]
pub struct ReadingView<'a> {
    pub seq: u32,
    pub sensor: &'a str,
    #[fory(out_of_band)]
    pub samples: &'a [f64],
    #[fory(default = "no_image")]
    pub image: ArrayView2<'a, f32>,
}

fn no_image<'a>() -> ArrayView2<'a, f32> {
    ArrayView2::from_shape((0, 0), &[]).expect("empty")
}

fn reading(seq: u32) -> Reading {
    let n = (seq as usize * 37) % 3000;
    Reading {
        seq,
        sensor: format!("sensor-{}", seq % 7),
        samples: (0..n).map(|i| (seq as usize * i) as f64).collect(),
        image: Array2::from_shape_fn((seq as usize % 17, 24), |(i, j)| {
            (i * j) as f32 + seq as f32
        }),
    }
}

pub fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut fory = Fory::default();
    fory.register::<Reading>()?;
    fory.register::<ReadingView<'static>>()?;

    let path = std::env::temp_dir().join(format!("fory-frames-{}.bin", std::process::id()));
    let mut out = BufWriter::new(std::fs::File::create(&path)?);
    let mut written = 0u64;
    for seq in 0..1000 {
        written += fory.serialize_to_writer(&reading(seq), &mut out)?;
    }
    drop(out);

    let file = std::fs::File::open(&path)?;
    // SAFETY: the file is private to this process (a fresh name in the temp dir) and is not
    // modified or truncated while mapped.
    let map = unsafe { memmap2::Mmap::map(&file)? };
    std::fs::remove_file(&path)?;
    assert_eq!(map.len() as u64, written);
    let range = map.as_ptr_range();
    let mut count = 0u32;
    for frame in FrameIter::new(&map, FrameLimits::default()) {
        let frame = frame?;
        let view: ReadingView = frame.deserialize(&fory)?;
        let want = reading(count);
        assert_eq!(view.seq, want.seq);
        assert_eq!(view.sensor, want.sensor);
        assert_eq!(view.samples, &want.samples[..]);
        assert_eq!(view.image, want.image);
        if !view.samples.is_empty() {
            assert!(
                range.contains(&view.samples.as_ptr().cast()),
                "borrowed from the map"
            );
        }
        count += 1;
    }
    assert_eq!(count, 1000);
    println!("frame_file: 1000 frames, {written} bytes, read in place from the memory map");
    Ok(())
}
