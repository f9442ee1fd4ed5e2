//! `fory::frame`: round trips through every reader, partial writes, and hostile input
//! (truncation at every byte, wrong magic / version / flags, lengths larger than what follows
//! or than the limits, bad padding, misaligned in-place input, a peer that hangs up mid-frame).

use std::io::{self, Read, Write};

use fory::frame::{
    frame_len, write_frame, FrameBuf, FrameFault, FrameIter, FrameLimits, FrameReader, FrameRef,
    HEADER_LEN,
};
use fory::{Error, Fory, ForyDeserialize, ForySerialize, RawBuffer};

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(name = "test.Msg")]
struct Msg {
    seq: u64,
    #[fory(out_of_band)]
    floats: Vec<f32>,
    #[fory(out_of_band)]
    raw: Vec<u8>,
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq)]
#[fory(name = "test.Msg")]
struct MsgView<'a> {
    seq: u64,
    #[fory(out_of_band)]
    floats: &'a [f32],
    #[fory(out_of_band)]
    raw: &'a [u8],
}

fn fory() -> Fory {
    let mut f = Fory::default();
    f.register::<Msg>().unwrap();
    f.register::<MsgView<'static>>().unwrap();
    f
}

fn msg(seq: u64, n: usize, m: usize) -> Msg {
    Msg {
        seq,
        floats: (0..n).map(|i| i as f32 + 0.25).collect(),
        raw: (0..m).map(|i| (i * 7) as u8).collect(),
    }
}

/// `bytes` copied to a 64-byte-aligned address (what a memory map gives).
struct Aligned {
    storage: Vec<u8>,
    at: usize,
    len: usize,
}

impl Aligned {
    fn new(bytes: &[u8]) -> Self {
        let mut storage = vec![0u8; bytes.len() + 128];
        let at = storage.as_ptr().align_offset(64);
        storage[at..at + bytes.len()].copy_from_slice(bytes);
        Aligned {
            storage,
            at,
            len: bytes.len(),
        }
    }
    fn get(&self) -> &[u8] {
        &self.storage[self.at..self.at + self.len]
    }
    /// The same bytes one byte past a 64-byte boundary.
    fn shifted(&mut self) -> &[u8] {
        self.storage
            .copy_within(self.at..self.at + self.len, self.at + 1);
        &self.storage[self.at + 1..self.at + 1 + self.len]
    }
}

fn frame_fault(e: Error) -> (u64, FrameFault) {
    match e {
        Error::Frame { at, fault } => (at, fault),
        other => panic!("expected a frame error, got {other:?}"),
    }
}

#[test]
fn layout_is_as_documented() {
    let fory = fory();
    let m = msg(1, 3, 5);
    let mut wire = Vec::new();
    let len = fory.serialize_to_writer(&m, &mut wire).unwrap();
    assert_eq!(len as usize, wire.len());
    assert_eq!(&wire[..6], &[0x89, b'F', b'R', b'M', 1, 0]);
    assert_eq!(u32::from_le_bytes(wire[8..12].try_into().unwrap()), 2);
    let payload_len = u64::from_le_bytes(wire[16..24].try_into().unwrap());
    assert_eq!(u64::from_le_bytes(wire[24..32].try_into().unwrap()), len);
    assert_eq!(u64::from_le_bytes(wire[32..40].try_into().unwrap()), 12);
    assert_eq!(u64::from_le_bytes(wire[40..48].try_into().unwrap()), 5);
    let mut oob = Vec::new();
    let payload = fory.serialize_with(&m, |b| oob.push(b)).unwrap();
    assert_eq!(payload.len() as u64, payload_len);
    assert_eq!(&wire[48..48 + payload.len()], &payload[..]);
    let b0 = (48 + payload.len()).next_multiple_of(64);
    assert_eq!(
        &wire[b0..b0 + 12],
        bytemuck::cast_slice::<f32, u8>(&m.floats)
    );
    let b1 = (b0 + 12).next_multiple_of(64);
    assert_eq!(&wire[b1..b1 + 5], &m.raw[..]);
    assert_eq!(wire.len(), (b1 + 5).next_multiple_of(64));
    assert_eq!(frame_len(payload_len, [12, 5]), Some(len));
}

#[test]
fn round_trips_through_every_reader() {
    let fory = fory();
    let sizes = [
        (0, 0),
        (1, 1),
        (15, 63),
        (16, 64),
        (17, 65),
        (1000, 4096),
        (65536, 3),
    ];
    let mut wire = Vec::new();
    for (i, &(n, m)) in sizes.iter().enumerate() {
        fory.serialize_to_writer(&msg(i as u64, n, m), &mut wire)
            .unwrap();
    }
    // From a Read, one aligned allocation per frame; views borrow from it.
    let frames: Vec<FrameBuf> = FrameReader::new(wire.as_slice(), FrameLimits::default())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(frames.len(), sizes.len());
    for (i, f) in frames.iter().enumerate() {
        let v: MsgView = f.deserialize(&fory).unwrap();
        let want = msg(i as u64, sizes[i].0, sizes[i].1);
        assert_eq!(
            (v.seq, v.floats, v.raw),
            (want.seq, &want.floats[..], &want.raw[..])
        );
        assert_eq!(f.as_bytes().as_ptr() as usize % 64, 0);
        for b in f.buffers() {
            assert_eq!(b.as_ptr() as usize % 64, 0);
        }
        assert!(std::ptr::eq(
            v.floats.as_ptr().cast(),
            f.buffers()[0].as_ptr()
        ));
        assert_eq!(f.deserialize::<Msg>(&fory).unwrap(), want);
    }
    // In place over aligned memory, frame after frame.
    let aligned = Aligned::new(&wire);
    let views: Vec<FrameRef> = FrameIter::new(aligned.get(), FrameLimits::default())
        .collect::<Result<_, _>>()
        .unwrap();
    for (i, f) in views.iter().enumerate() {
        let v: MsgView = f.deserialize(&fory).unwrap();
        assert_eq!(v.seq, i as u64);
        let range = aligned.get().as_ptr_range();
        assert!(range.contains(&v.raw.as_ptr()) || v.raw.is_empty());
    }
}

/// A writer that takes at most `chunk` bytes per call, vectored or not.
struct Trickle {
    out: Vec<u8>,
    chunk: usize,
    calls: usize,
}

impl Write for Trickle {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.calls += 1;
        if self.calls.is_multiple_of(3) {
            return Err(io::ErrorKind::Interrupted.into());
        }
        let n = buf.len().min(self.chunk);
        self.out.extend_from_slice(&buf[..n]);
        Ok(n)
    }
    fn write_vectored(&mut self, bufs: &[io::IoSlice<'_>]) -> io::Result<usize> {
        let first = bufs.iter().find(|b| !b.is_empty()).map_or(&[][..], |b| b);
        self.write(first)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn partial_and_interrupted_writes_give_the_same_bytes() {
    let fory = fory();
    let m = msg(9, 300, 77);
    let mut whole = Vec::new();
    fory.serialize_to_writer(&m, &mut whole).unwrap();
    for chunk in [1, 7, 64, 1000] {
        let mut t = Trickle {
            out: Vec::new(),
            chunk,
            calls: 0,
        };
        fory.serialize_to_writer(&m, &mut t).unwrap();
        assert_eq!(t.out, whole);
    }
    struct Full;
    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Ok(0)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let e = fory.serialize_to_writer(&m, &mut Full).unwrap_err();
    assert!(
        matches!(
            e,
            Error::Io {
                kind: io::ErrorKind::WriteZero,
                ..
            }
        ),
        "{e:?}"
    );
}

fn sample_frame() -> Vec<u8> {
    let mut wire = Vec::new();
    fory()
        .serialize_to_writer(&msg(3, 20, 70), &mut wire)
        .unwrap();
    wire
}

#[test]
fn truncated_at_every_byte() {
    let wire = sample_frame();
    let aligned = Aligned::new(&wire);
    for cut in 0..wire.len() {
        let part = &aligned.get()[..cut];
        let (at, f) = frame_fault(FrameRef::parse(part, &FrameLimits::default()).unwrap_err());
        assert!(
            matches!(f, FrameFault::Truncated { .. }),
            "cut {cut}: {f:?}"
        );
        assert_eq!(at, cut as u64);
        let mut r = &wire[..cut];
        match FrameBuf::read_from(&mut r, &FrameLimits::default()) {
            Ok(None) => assert_eq!(cut, 0),
            Ok(Some(_)) => panic!("cut {cut} read a frame"),
            Err(e) => {
                let (at, f) = frame_fault(e);
                assert!(
                    matches!(f, FrameFault::Truncated { available, .. } if available == cut as u64)
                );
                assert_eq!(at, cut as u64);
            }
        }
    }
}

fn corrupt(offset: usize, bytes: &[u8]) -> Vec<u8> {
    let mut w = sample_frame();
    w[offset..offset + bytes.len()].copy_from_slice(bytes);
    w
}

fn parse_err(wire: &[u8], limits: &FrameLimits) -> (u64, FrameFault) {
    let a = Aligned::new(wire);
    let e1 = FrameRef::parse(a.get(), limits).unwrap_err();
    let e2 = FrameBuf::read_from(&mut &wire[..], limits).unwrap_err();
    assert_eq!(e1, e2);
    frame_fault(e1)
}

#[test]
fn header_faults_are_typed_with_offsets() {
    let d = FrameLimits::default();
    assert_eq!(
        parse_err(&corrupt(0, b"PK"), &d),
        (
            0,
            FrameFault::BadMagic {
                found: [b'P', b'K', b'R', b'M']
            }
        )
    );
    assert_eq!(
        parse_err(&corrupt(4, &[2]), &d),
        (4, FrameFault::UnsupportedVersion { found: 2 })
    );
    assert_eq!(
        parse_err(&corrupt(5, &[0x80]), &d),
        (5, FrameFault::UnknownFlags { bits: 0x80 })
    );
    assert!(matches!(
        parse_err(&corrupt(7, &[1]), &d),
        (6, FrameFault::NonZero { .. })
    ));
    assert!(matches!(
        parse_err(&corrupt(13, &[1]), &d),
        (12, FrameFault::NonZero { .. })
    ));
    // A buffer count larger than what follows, and than the limit.
    assert!(matches!(
        parse_err(&corrupt(8, &[200]), &d),
        (16, FrameFault::Inconsistent(_))
    ));
    let small = FrameLimits {
        max_buffers: 1,
        ..d.clone()
    };
    assert_eq!(
        parse_err(&sample_frame(), &small),
        (8, FrameFault::TooManyBuffers { count: 2, max: 1 })
    );
    // A payload or buffer length larger than what follows.
    assert!(matches!(
        parse_err(&corrupt(16, &[0xff, 0xff]), &d),
        (16, FrameFault::Inconsistent(_))
    ));
    assert!(matches!(
        parse_err(&corrupt(32, &[0xff, 0xff]), &d),
        (32, FrameFault::Inconsistent(_))
    ));
    assert!(matches!(
        parse_err(&corrupt(40, &[0xff; 8]), &d),
        (40, FrameFault::Inconsistent(_))
    ));
    // A buffer shorter than declared room: the parts no longer add up.
    assert!(matches!(
        parse_err(&corrupt(40, &[1]), &d),
        (24, FrameFault::Inconsistent(_))
    ));
    // Frame length: over the limit, not a multiple of 64.
    let tiny = FrameLimits {
        max_frame_len: 64,
        ..d.clone()
    };
    let len = sample_frame().len() as u64;
    assert_eq!(
        parse_err(&sample_frame(), &tiny),
        (24, FrameFault::TooLarge { len, max: 64 })
    );
    assert!(matches!(
        parse_err(&corrupt(24, &[1]), &d),
        (24, FrameFault::Inconsistent(_))
    ));
    // Padding must be zero.
    let wire = sample_frame();
    let last = wire.len() - 1;
    assert_eq!(
        parse_err(&corrupt(last, &[1]), &d),
        (last as u64, FrameFault::NonZero { what: "padding" })
    );
}

#[test]
fn every_byte_flip_is_an_error_or_a_valid_frame_never_a_panic() {
    let fory = fory();
    let wire = sample_frame();
    for i in 0..wire.len() {
        for bit in [0x01u8, 0x80] {
            let mut w = wire.clone();
            w[i] ^= bit;
            let a = Aligned::new(&w);
            if let Ok((f, _)) = FrameRef::parse(a.get(), &FrameLimits::default()) {
                let _ = f.deserialize::<MsgView>(&fory);
            }
            let _ = FrameBuf::read_from(&mut &w[..], &FrameLimits::default());
        }
    }
}

#[test]
fn lengths_over_4_gib_are_carried_and_checked() {
    // A header declaring a 5 GiB buffer: well-formed, and truncated (not overflowed) here.
    let lens = [5u64 << 30];
    let total = frame_len(10, lens).unwrap();
    assert!(total > 5 << 30);
    let mut h = vec![0x89, b'F', b'R', b'M', 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0];
    h.extend_from_slice(&10u64.to_le_bytes());
    h.extend_from_slice(&total.to_le_bytes());
    h.extend_from_slice(&lens[0].to_le_bytes());
    h.resize(128, 0);
    let big = FrameLimits {
        max_frame_len: u64::MAX,
        ..Default::default()
    };
    let a = Aligned::new(&h);
    let (at, f) = frame_fault(FrameRef::parse(a.get(), &big).unwrap_err());
    assert_eq!(
        (at, f),
        (
            128,
            FrameFault::Truncated {
                needed: total,
                available: 128
            }
        )
    );
    // Over the default 4 GiB limit: refused from the fixed header alone.
    let (at, f) = frame_fault(FrameRef::parse(a.get(), &FrameLimits::default()).unwrap_err());
    assert_eq!(
        (at, f),
        (
            24,
            FrameFault::TooLarge {
                len: total,
                max: 1 << 32
            }
        )
    );
    // Lengths that overflow u64 when aligned and summed.
    assert_eq!(frame_len(0, [u64::MAX]), None);
    assert_eq!(frame_len(u64::MAX - 10, []), None);
}

#[test]
fn misaligned_in_place_input_is_an_error_or_a_documented_copy() {
    let fory = fory();
    let wire = sample_frame();
    let mut a = Aligned::new(&wire);
    let shifted = a.shifted();
    let (at, f) = frame_fault(FrameRef::parse(shifted, &FrameLimits::default()).unwrap_err());
    assert_eq!((at, f), (0, FrameFault::Misaligned { offset: 1 }));
    // Accepted when asked: byte fields borrow, `&[f32]` reports the misalignment.
    let (f, _) = FrameRef::parse_unaligned(shifted).unwrap();
    assert!(f.deserialize::<MsgView>(&fory).is_err());
    assert_eq!(f.deserialize::<Msg>(&fory).unwrap(), msg(3, 20, 70));
    // Or copied once into an aligned allocation.
    let copy = FrameBuf::copy_from_slice(shifted, &FrameLimits::default()).unwrap();
    assert_eq!(copy.deserialize::<MsgView>(&fory).unwrap().floats.len(), 20);
}

#[test]
fn iterator_reports_stream_offsets_and_stops_after_an_error() {
    let mut wire = sample_frame();
    let one = wire.len();
    wire.extend_from_slice(&sample_frame());
    wire[one + 4] = 9; // second frame: bad version
    wire.extend_from_slice(&sample_frame());
    let a = Aligned::new(&wire);
    let mut it = FrameIter::new(a.get(), FrameLimits::default());
    assert!(it.next().unwrap().is_ok());
    let (at, f) = frame_fault(it.next().unwrap().unwrap_err());
    assert_eq!(
        (at, f),
        (one as u64 + 4, FrameFault::UnsupportedVersion { found: 9 })
    );
    assert!(it.next().is_none());
    let mut r = FrameReader::new(&wire[..], FrameLimits::default());
    assert!(r.next_frame().unwrap().is_some());
    let (at, _) = frame_fault(r.next_frame().unwrap_err());
    assert_eq!(at, one as u64 + 4);
}

#[test]
fn a_peer_that_hangs_up_mid_frame() {
    let fory = fory();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let whole: Vec<u8> = (0..3).flat_map(|_| sample_frame()).collect();
    let cut = whole.len() - 100;
    let sender = std::thread::spawn(move || {
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.write_all(&whole[..cut]).unwrap();
        // dropped: the connection closes in the middle of the third frame
    });
    let (stream, _) = listener.accept().unwrap();
    let mut r = FrameReader::new(stream, FrameLimits::default());
    for _ in 0..2 {
        let f = r.next_frame().unwrap().unwrap();
        assert_eq!(f.deserialize::<Msg>(&fory).unwrap(), msg(3, 20, 70));
    }
    let (at, f) = frame_fault(r.next_frame().unwrap_err());
    let one = sample_frame().len() as u64;
    assert_eq!(at, 3 * one - 100);
    assert_eq!(
        f,
        FrameFault::Truncated {
            needed: one,
            available: one - 100
        }
    );
    sender.join().unwrap();
}

#[test]
fn raw_write_frame_and_read_error_passthrough() {
    let fory = Fory::default();
    let data: Vec<f64> = (0..100).map(f64::from).collect();
    let mut oob = Vec::new();
    let value = RawBuffer(&data[..]);
    let payload = fory.serialize_with(&value, |b| oob.push(b)).unwrap();
    let mut wire = Vec::new();
    write_frame(&mut wire, &payload, &oob).unwrap();
    let f = FrameBuf::read_from(&mut &wire[..], &FrameLimits::default())
        .unwrap()
        .unwrap();
    assert_eq!(f.payload(), &payload[..]);
    let back: RawBuffer<&[f64]> = f.deserialize(&fory).unwrap();
    assert_eq!(back.0, &data[..]);
    // A reader error other than end-of-input is Error::Io.
    struct Broken;
    impl Read for Broken {
        fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
            Err(io::ErrorKind::ConnectionReset.into())
        }
    }
    let e = FrameBuf::read_from(&mut Broken, &FrameLimits::default()).unwrap_err();
    assert!(matches!(
        e,
        Error::Io {
            kind: io::ErrorKind::ConnectionReset,
            ..
        }
    ));
    assert_eq!(HEADER_LEN, 32);
}
