//! The one counting global allocator of the tests: allocations made by the current thread
//! while [`measure`] runs (other test threads do not disturb the count).
//!
//! A test binary installs it with
//! `#[global_allocator] static GLOBAL: fory_tests::counting::Counting = fory_tests::counting::Counting;`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// Forwards to [`System`], counting while [`measure`] runs on the allocating thread.
pub struct Counting;

thread_local! {
    static ON: Cell<bool> = const { Cell::new(false) };
    static COUNT: Cell<u64> = const { Cell::new(0) };
    static LARGEST: Cell<usize> = const { Cell::new(0) };
    static TOTAL: Cell<usize> = const { Cell::new(0) };
}

fn note(size: usize) {
    // `try_with`: the allocator also runs while thread-locals are being torn down.
    let _ = ON.try_with(|on| {
        if on.get() {
            let _ = COUNT.try_with(|c| c.set(c.get() + 1));
            let _ = LARGEST.try_with(|l| l.set(l.get().max(size)));
            let _ = TOTAL.try_with(|t| t.set(t.get() + size));
        }
    });
}

// SAFETY: every call is forwarded to `System` unchanged, with the caller's own arguments, so
// `System` upholds `GlobalAlloc`'s contract; the bookkeeping only touches thread-local `Cell`s
// and never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: forwarded unchanged (see the impl).
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: forwarded unchanged (see the impl).
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size);
        // SAFETY: forwarded unchanged (see the impl).
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged (see the impl).
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// What one [`measure`]d closure allocated on this thread.
#[derive(Debug, Clone, Copy, Default)]
pub struct Allocs {
    /// Allocations and reallocations.
    pub count: u64,
    /// The largest single request, in bytes.
    pub largest: usize,
    /// The sum of all requests, in bytes.
    pub total: usize,
}

/// Runs `f` and reports what it allocated on this thread (only when [`Counting`] is the global
/// allocator; otherwise every count is zero).
pub fn measure<R>(f: impl FnOnce() -> R) -> (R, Allocs) {
    COUNT.with(|c| c.set(0));
    LARGEST.with(|l| l.set(0));
    TOTAL.with(|t| t.set(0));
    ON.with(|on| on.set(true));
    let r = f();
    ON.with(|on| on.set(false));
    let allocs = Allocs {
        count: COUNT.with(Cell::get),
        largest: LARGEST.with(Cell::get),
        total: TOTAL.with(Cell::get),
    };
    (r, allocs)
}
