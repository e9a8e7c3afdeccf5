//! The process's memory allocator: mimalloc, for every Rust allocation of
//! the library and the binary.
//!
//! A build allocates and frees every page's context, HTML and minified HTML
//! on two threads. glibc's `malloc` kept much of what was freed in its
//! per-thread arenas (a 10,000-page build of the shared benchmark peaked at
//! 650 MB resident while its live heap was far smaller) and spent about a
//! fifth of the build's CPU time in `malloc`, `free` and their
//! consolidation. mimalloc's thread-local free lists cost less: user CPU
//! of that build went from 8.4 s to 6.1 s (docs/PERFORMANCE.md, 2026-12-04).
//!
//! It is built without transparent huge pages (the `no_thp` feature: no
//! `madvise(MADV_HUGEPAGE)` on its memory). With them, every first touch of
//! a 2 MB region had the kernel zero all of it (5 % of a 10,000-page
//! build's samples in `clear_page_erms`) and the resident size grew in
//! 2 MB steps: without, the same build's peak is 20–30 MB lower and its
//! system time about 0.2 s less (docs/PERFORMANCE.md, 2026-12-05).
//!
//! Memory it no longer uses goes back to the system after a millisecond
//! ([`tune`]): mimalloc 3 waits a second by default, and a build frees and
//! allocates on two threads, each in its own pages, so a second's worth of
//! freed pages stayed resident. A 10,000-page build peaked at 109–120 MB
//! with the default, 89–90 MB with 1 ms, 94–97 MB with 10 ms; with no
//! delay at all the peak is the same as with 1 ms but the system time
//! doubles (0.5 → 1.0–1.2 s: a purge for nearly every free) (docs/PERFORMANCE.md,
//! 2026-12-05).

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (`mimalloc.h`; `libmimalloc-sys`
/// names no constant for it).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long freed memory stays before it goes back to the system.
const PURGE_AFTER_MS: std::ffi::c_long = 1;

/// How long the preview keeps freed memory: a second, mimalloc's default.
const PREVIEW_PURGE_AFTER_MS: std::ffi::c_long = 1000;

/// Sets the allocator's options: freed memory is returned to the system
/// after `PURGE_AFTER_MS`. Called first thing by the binary.
pub fn tune() {
    purge_after(PURGE_AFTER_MS);
}

/// Sets the allocator's options for the preview, a long-running process
/// whose peak memory is the whole site in memory anyway: freed memory
/// stays for `PREVIEW_PURGE_AFTER_MS`. After a title edit at 10,000
/// pages the preview puts together the 20 MB document page again and
/// serves a copy of it; with memory returned after a millisecond, half of
/// that time was the kernel handing the same pages back (page faults,
/// zeroing) (docs/PERFORMANCE.md, 2026-12-05, afternoon).
pub fn tune_for_preview() {
    purge_after(PREVIEW_PURGE_AFTER_MS);
}

/// Returns to the system what the calling thread has freed, now instead of
/// whenever the allocator would. A build calls it on the thread that
/// rendered a page whose context is far larger than a content page's (the
/// document page holds every commitment: about 55 MB at 50,000 pages),
/// and on every thread after loading and when the pages are written
/// ([`release_freed_everywhere`]).
///
/// Without it, a 50,000-page build of the shared benchmark peaked at
/// 190–205 MB in some runs and 240–280 MB in others: in those, what the
/// document's context had taken stayed resident for the rest of the build
/// although it was freed (`mi_collect(false)` did not change that; the
/// forced collection does). With it, 179–197 MB, and no run above
/// (docs/PERFORMANCE.md, 2026-12-06, morning). The preview does not call it: it
/// keeps freed memory on purpose ([`tune_for_preview`]).
pub fn release_freed() {
    // SAFETY: `mi_collect` only frees and returns the allocator's own
    // memory that nothing uses any more.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

/// [`release_freed`] on every thread of the thread pool and on the caller's.
pub fn release_freed_everywhere() {
    rayon::broadcast(|_| release_freed());
    release_freed();
}

fn purge_after(ms: std::ffi::c_long) {
    // SAFETY: `mi_option_set` only stores the value of a known option;
    // mimalloc reads it when it next decides whether to purge.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, ms) }
}
