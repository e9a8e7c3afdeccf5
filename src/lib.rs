//! `lupaus`: a service promise, from Markdown and YAML to an accessible,
//! multilingual static site.
//!
//! The library is the program's own: `main.rs` and the integration tests
//! use the modules declared `pub`; the rest are the crate's. Its documents
//! are for the engineer (`cargo doc --document-private-items`), so a public
//! item's documentation may link to a private one.
#![allow(rustdoc::private_intra_doc_links)]

pub(crate) mod assets;
pub mod build;
pub(crate) mod changes;
pub(crate) mod chars;
pub mod check;
pub(crate) mod collate;
pub mod config;
pub(crate) mod consultation;
pub mod content;
pub(crate) mod data;
pub mod diagnostics;
pub(crate) mod digest;
pub mod format;
pub(crate) mod i18n;
pub mod import;
pub mod incremental;
pub mod indicators;
pub mod markdown;
pub mod memory;
pub mod messages;
pub(crate) mod nested;
pub mod output;
pub mod period;
pub(crate) mod publish;
pub(crate) mod render;
pub mod results;
pub(crate) mod review;
pub mod scaffold;
pub mod serve;
pub mod site;
pub(crate) mod snapshot;
pub(crate) mod starter;
pub(crate) mod stash;
pub(crate) mod suggest;
pub(crate) mod text;
pub(crate) mod theme;
pub(crate) mod timings;
pub mod yaml;

/// Locks `m`, also when a thread panicked while it held it: every mutex of
/// the crate guards caches or collected results, which stay usable.
pub(crate) fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// `bytes` as a string when they are UTF-8 (else back as they were),
/// checked by `simdutf8`: several times faster than the standard check on
/// text that is not all ASCII, as Finnish and Swedish are not. Every body
/// and every rendered page passes through it.
pub(crate) fn utf8_string(bytes: Vec<u8>) -> Result<String, Vec<u8>> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: `simdutf8` has just checked that `bytes` is UTF-8.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        Err(bytes)
    }
}

/// `bytes` as a string ([`utf8_string`]), invalid sequences replaced:
/// for the text lupaus made itself (rendered and minified pages), which
/// is UTF-8 unless a bug says otherwise.
pub(crate) fn text_lossy(bytes: Vec<u8>) -> String {
    utf8_string(bytes).unwrap_or_else(|b| String::from_utf8_lossy(&b).into_owned())
}
