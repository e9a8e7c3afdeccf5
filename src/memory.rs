//! How the process asks the system allocator to use memory.
//!
//! glibc's `malloc` gives every thread that allocates its own arena, up to
//! eight per CPU, and memory freed in one arena is not reused by another.
//! A parallel render allocates a page's context and HTML on whichever
//! thread renders it, so the arenas each grow to hold the largest pages and
//! the peak resident memory of a 10,000-page build was about 228 MB; with
//! two arenas it is about 200 MB, and the build is no slower (measured with
//! `scripts/bench`, see docs/PERFORMANCE.md). One arena saves another
//! 15 MB but makes the threads wait for each other (about 50 % slower).
//!
//! A `MALLOC_ARENA_MAX` set in the environment wins. Other systems and
//! allocators are left as they are.

/// Arenas of glibc's allocator when the environment does not say.
pub const ARENAS: i32 = 2;

/// Sets the allocator up; call once, at the start of `main`, before any
/// thread is started.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: `mallopt` only changes a setting of the allocator; it is
        // called before any other thread exists, as glibc asks.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, ARENAS);
        }
    }
}
