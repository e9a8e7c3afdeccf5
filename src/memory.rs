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

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
