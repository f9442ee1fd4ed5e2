//! A zero-initialised heap allocation at a 64-byte-aligned address.

use std::alloc::{alloc_zeroed, dealloc, Layout};
use std::ptr::NonNull;

#[repr(C, align(64))]
struct Line([u8; 64]);

/// Owns `len` bytes at a 64-byte-aligned address. Fixed size; never reallocated, so views into
/// it stay valid for as long as it lives.
pub(crate) struct AlignedBuf {
    ptr: NonNull<u8>,
    len: usize,
}

// SAFETY: AlignedBuf uniquely owns its allocation (like `Box<[u8]>`); shared access is
// read-only through `&self`.
unsafe impl Send for AlignedBuf {}
// SAFETY: as above: `&AlignedBuf` only gives out `&[u8]`.
unsafe impl Sync for AlignedBuf {}

impl AlignedBuf {
    /// `len` zero bytes, or `None` if the allocation fails (or `len` exceeds `isize::MAX`).
    pub(crate) fn zeroed(len: usize) -> Option<Self> {
        if len == 0 {
            return Some(AlignedBuf {
                ptr: NonNull::<Line>::dangling().cast(),
                len: 0,
            });
        }
        let layout = Layout::from_size_align(len, 64).ok()?;
        // SAFETY: `layout` has a non-zero size.
        let ptr = unsafe { alloc_zeroed(layout) };
        NonNull::new(ptr).map(|ptr| AlignedBuf { ptr, len })
    }

    pub(crate) fn as_slice(&self) -> &[u8] {
        // SAFETY: `ptr` is valid for `len` initialised (zeroed, then written) bytes for as long
        // as `self` lives (or is a dangling, aligned pointer with `len == 0`).
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }

    pub(crate) fn as_mut_slice(&mut self) -> &mut [u8] {
        // SAFETY: as in `as_slice`, and `&mut self` makes this the only access.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

impl AsRef<[u8]> for AlignedBuf {
    fn as_ref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl Drop for AlignedBuf {
    fn drop(&mut self) {
        if self.len != 0 {
            let layout = Layout::from_size_align(self.len, 64).expect("checked in zeroed");
            // SAFETY: allocated in `zeroed` with this very layout, and freed only here.
            unsafe { dealloc(self.ptr.as_ptr(), layout) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::AlignedBuf;

    #[test]
    fn aligned_zeroed_writable() {
        for len in [0usize, 1, 63, 64, 65, 4096] {
            let mut b = AlignedBuf::zeroed(len).unwrap();
            assert_eq!(b.as_slice().as_ptr() as usize % 64, 0);
            assert!(b.as_slice().iter().all(|&x| x == 0));
            for (i, x) in b.as_mut_slice().iter_mut().enumerate() {
                *x = i as u8;
            }
            assert!(b.as_slice().iter().enumerate().all(|(i, &x)| x == i as u8));
            let moved = std::thread::spawn(move || b.as_slice().len())
                .join()
                .unwrap();
            assert_eq!(moved, len);
        }
        assert!(AlignedBuf::zeroed(usize::MAX).is_none());
    }
}
