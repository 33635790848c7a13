//! How the binary's allocator (mimalloc, set in `main.rs`) asks the OS for memory. Measured on
//! the benchmark (README "Performance"); the library itself works with any allocator.
//!
//! Tried and left at mimalloc's default: keeping freed memory until exit (`purge_delay` -1)
//! instead of handing it back after a second. It cut the kernel's page zeroing from 7.7% to
//! 4.7% of a 10,000-module build's samples, but neither wall nor CPU time moved beyond this
//! machine's noise in interleaved runs, and the peak rose from ~456 to ~480 MiB.

use libmimalloc_sys::mi_option_set;

/// Huge pages (transparent, 2 MiB) for the memory mimalloc takes from the OS: a build or
/// check holds the whole course, hundreds of MB touched once, and faulting it in 4 KiB at a
/// time is slow, more so in a virtual machine. Called first thing, before memory is taken.
pub fn use_huge_pages() {
    // SAFETY: sets a mimalloc option (two integers, no pointers); mimalloc reads its options
    // when it next asks the OS for memory, and allows them to change at any time.
    unsafe { mi_option_set(libmimalloc_sys::mi_option_large_os_pages, 1) }
}
