//! How the binary's allocator (mimalloc, set in `main.rs`) asks the OS for memory. Measured on
//! the benchmark (README "Performance"); the library itself works with any allocator.

use libmimalloc_sys::{mi_option_get, mi_option_set, mi_option_t};

/// mimalloc's `mi_option_purge_delay` (v3 `mimalloc.h`; the Rust binding names no constant
/// for it): milliseconds before freed memory goes back to the OS, -1 for never.
const PURGE_DELAY: mi_option_t = 15;

/// Huge pages (transparent, 2 MiB) for the memory mimalloc takes from the OS: a build or
/// check holds the whole course, hundreds of MB touched once, and faulting it in 4 KiB at a
/// time is slow, more so in a virtual machine. Called first thing, before memory is taken.
pub fn use_huge_pages() {
    // SAFETY: sets a mimalloc option (two integers, no pointers); mimalloc reads its options
    // when it next asks the OS for memory, and allows them to change at any time.
    unsafe { mi_option_set(libmimalloc_sys::mi_option_large_os_pages, 1) }
}

/// For a process that runs one command: freed memory stays with the process until it exits.
/// A build frees memory in one stage and needs as much in the next (the search index's, then
/// the pages'); handed back to the OS after mimalloc's default second, it is faulted in and
/// zeroed again. That was ~8% of a 10,000-module build's CPU, and keeping the memory saves
/// about 40% of it for ~15 MB more peak. `serve` keeps the default: it runs for hours and
/// gives memory back between rebuilds.
pub fn keep_freed_memory() {
    // SAFETY: as above.
    unsafe { mi_option_set(PURGE_DELAY, -1) }
}

/// The purge delay in effect, in milliseconds (-1: never).
pub fn purge_delay() -> std::os::raw::c_long {
    // SAFETY: reads an option.
    unsafe { mi_option_get(PURGE_DELAY) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_fifteen_is_the_purge_delay() {
        // mimalloc's default purge delay is 1000 ms, and no option next to it defaults to
        // that: were the enum to move in a new mimalloc, this would fail rather than `tune`
        // setting some other option. Runs before `tune` in this process (only test here).
        assert_eq!(purge_delay(), 1000);
        keep_freed_memory();
        assert_eq!(purge_delay(), -1);
    }
}
