//! What a build keeps for later on disk, not in memory: each body as its
//! file is read, open and with its plain text, until its page is rendered
//! (`crate::markdown::KeptBody`, in a stash of its own made as the load
//! starts), the content pages' body HTML for the document page, the
//! document pages themselves until they are written (each in a temporary
//! file of its own, made here with `Stash::scratch_file`, when it was
//! rendered in parts), and each page's search document and words until the
//! index is written (`crate::publish::search`).
//!
//! The whole-promise document (`/<lang>/document/`) shows every body that
//! the content pages show, rendered the same way (the same links, resolved
//! in the same language) and then nested (`render::lifecycle`). Rendering
//! them again for it, reading, parsing and rendering each body a second
//! time, was a tenth of a build's CPU. In a build, each page job puts its
//! body's HTML here as it renders it; the document pages are rendered first
//! (their templates), kept here minified, and written after every content
//! page, their bodies taken from here. Holding the HTML in
//! memory instead would hold the text of the whole site (60 MB at 10,000
//! pages): it goes to an unnamed temporary file, which the system deletes
//! when the build ends, however it ends. The file is made beside the
//! output folder, on its disk, not in the system's temporary folder, which
//! may be held in memory (a tmpfs).
//!
//! A body that is not here (the temporary file could not be written, a
//! page that failed) is rendered for the document as before: the stash
//! only saves work, it never changes a byte.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Write};
use std::ops::Range;
use std::sync::Mutex;

use crate::output::SlotText;

/// Which rendering of a body: its file (by index), the language its links
/// resolve in (by its number in [`Inner::langs`]), and whether it is a
/// fallback copy shown in that language. Small and without a string of
/// its own: a 50,000-page build keeps one per page until the end.
type Key = (u32, u8, bool);

/// Where a body is in the file: offset, length, whether it is minified.
type Spot = (u64, u32, bool);

/// Body HTML by `Key`, in an unnamed temporary file.
pub struct Stash {
    /// The file, read from at any offset by any thread.
    file: File,
    /// The folder it was made in (`None`: the system's temporary folder).
    dir: Option<std::path::PathBuf>,
    /// Where each body is, and the writer that appends to the file.
    inner: Mutex<Inner>,
}

impl std::fmt::Debug for Stash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stash")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

struct Inner {
    /// Appends to `file` (a handle of the same file).
    writer: io::BufWriter<File>,
    /// The file's length once everything written is flushed.
    len: u64,
    /// The length that is on disk (the rest is in `writer`'s buffer).
    flushed: u64,
    /// Each body's place in the file.
    places: HashMap<Key, Spot>,
    /// The languages of the keys, in the order first seen.
    langs: Vec<String>,
    /// A write failed: the stash keeps nothing more.
    failed: bool,
}

impl Stash {
    /// A new, empty stash, its file in `dir` (beside a build's output:
    /// the system's temporary folder may be held in memory), else in the
    /// system's temporary folder; `None` when no temporary file can be
    /// made (then the document renders its bodies itself).
    pub fn new(dir: Option<&std::path::Path>) -> Option<Stash> {
        let (file, dir) = match dir.map(tempfile::tempfile_in) {
            Some(Ok(file)) => (file, dir.map(std::path::Path::to_path_buf)),
            _ => (tempfile::tempfile().ok()?, None),
        };
        let writer = io::BufWriter::with_capacity(256 * 1024, file.try_clone().ok()?);
        Some(Stash {
            file,
            dir,
            inner: Mutex::new(Inner {
                writer,
                len: 0,
                flushed: 0,
                places: HashMap::new(),
                langs: Vec::new(),
                failed: false,
            }),
        })
    }

    /// Keeps `body`, the body of source file `file` rendered with its links
    /// resolved in `lang` (`fallback`: a copy shown in another language),
    /// minified or not as it says.
    pub fn put(&self, file: usize, lang: &str, fallback: bool, body: &SlotText) {
        let mut inner = crate::lock(&self.inner);
        // A body too long for the place's length, a file number or a
        // language beyond the key's range: not kept (it is rendered again
        // for the document, see the module's documentation).
        let Ok(len) = u32::try_from(body.html.len()) else {
            return;
        };
        let Some(key) = inner.key(file, lang, fallback, true) else {
            return;
        };
        if let Some((at, _)) = inner.append(body.html.as_bytes()) {
            inner.places.insert(key, (at, len, body.minified));
        }
    }

    /// The body kept for `file` in `lang` (see [`Stash::put`]), if any.
    pub fn get(&self, file: usize, lang: &str, fallback: bool) -> Option<SlotText> {
        let (at, len, minified) = {
            let mut inner = crate::lock(&self.inner);
            let key = inner.key(file, lang, fallback, false)?;
            *inner.places.get(&key)?
        };
        let html = crate::utf8_string(self.read(at, len as usize).ok()?).ok()?;
        Some(SlotText { html, minified })
    }

    /// Keeps `bytes` (a page to write later, a page's search words);
    /// `None` when it cannot.
    pub(crate) fn keep(&self, bytes: &[u8]) -> Option<Place> {
        crate::lock(&self.inner)
            .append(bytes)
            .map(|(at, len)| Place { at, len })
    }

    /// Another unnamed temporary file where this one is, for a page too
    /// large to make in memory beside its context (see
    /// `Renderer::render_work`).
    pub(crate) fn scratch_file(&self) -> io::Result<File> {
        match &self.dir {
            Some(dir) => tempfile::tempfile_in(dir),
            None => tempfile::tempfile(),
        }
    }

    /// The bytes kept at `place` (see [`Stash::keep`]).
    pub(crate) fn read_kept(&self, place: &Place) -> io::Result<Vec<u8>> {
        self.read(place.at, place.len)
    }

    /// The bytes in `range` of those kept at `place` (see [`Stash::keep`]).
    pub(crate) fn read_in(&self, place: &Place, range: Range<usize>) -> io::Result<Vec<u8>> {
        if range.start > range.end || range.end > place.len {
            return Err(io::ErrorKind::InvalidInput.into());
        }
        self.read(place.at + range.start as u64, range.len())
    }

    /// The `len` bytes at offset `at`, flushed first if need be.
    fn read(&self, at: u64, len: usize) -> io::Result<Vec<u8>> {
        {
            let mut inner = crate::lock(&self.inner);
            if inner.flushed < at + len as u64 {
                inner.writer.flush()?;
                inner.flushed = inner.len;
            }
        }
        let mut bytes = vec![0; len];
        read_at(&self.file, &mut bytes, at)?;
        Ok(bytes)
    }
}

/// Where [`Stash::keep`] put bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Place {
    at: u64,
    len: usize,
}

impl Inner {
    /// The key of `file`'s body in `lang` (`fallback`: a copy); the
    /// language numbered if it is new and `add` says so. `None` when the
    /// file or language has no number that fits the key.
    fn key(&mut self, file: usize, lang: &str, fallback: bool, add: bool) -> Option<Key> {
        let file = u32::try_from(file).ok()?;
        let n = match self.langs.iter().position(|l| l == lang) {
            Some(n) => n,
            None if add => {
                self.langs.push(lang.to_string());
                self.langs.len() - 1
            }
            None => return None,
        };
        let n = u8::try_from(n).ok()?;
        Some((file, n, fallback))
    }

    /// Appends `bytes` to the file; where they went, or `None` once a write
    /// failed (then nothing more is kept, and nothing kept is found).
    fn append(&mut self, bytes: &[u8]) -> Option<(u64, usize)> {
        if self.failed {
            return None;
        }
        if self.writer.write_all(bytes).is_err() {
            self.failed = true;
            self.places.clear();
            return None;
        }
        let at = self.len;
        self.len += bytes.len() as u64;
        Some((at, bytes.len()))
    }
}

/// The bytes in `range` of `file`.
pub(crate) fn read_range(file: &File, range: Range<usize>) -> io::Result<Vec<u8>> {
    if range.start > range.end {
        return Err(io::ErrorKind::InvalidInput.into());
    }
    let mut bytes = vec![0; range.len()];
    read_at(file, &mut bytes, range.start as u64)?;
    Ok(bytes)
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut at: u64) -> io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, at)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(html: &str) -> SlotText {
        SlotText::plain(html.to_string())
    }

    /// The HTML of the body kept for `file` in `lang`.
    fn html(stash: &Stash, file: usize, lang: &str, fallback: bool) -> Option<String> {
        stash.get(file, lang, fallback).map(|b| b.html)
    }

    #[test]
    fn bodies_come_back_as_they_were_put_by_file_language_and_fallback() {
        let stash = Stash::new(None).expect("a temporary file");
        stash.put(1, "fi", false, &plain("<p>yksi</p>"));
        stash.put(1, "sv", true, &plain("<p>yksi, på svenska</p>"));
        stash.put(2, "fi", false, &plain("<p>kaksi ä</p>"));
        assert_eq!(
            html(&stash, 2, "fi", false).as_deref(),
            Some("<p>kaksi ä</p>")
        );
        assert_eq!(html(&stash, 1, "fi", false).as_deref(), Some("<p>yksi</p>"));
        assert_eq!(
            html(&stash, 1, "sv", true).as_deref(),
            Some("<p>yksi, på svenska</p>")
        );
        assert_eq!(html(&stash, 1, "sv", false), None);
        assert_eq!(html(&stash, 3, "fi", false), None);
        // Put after a read: still found, from the writer's buffer flushed.
        stash.put(3, "en", false, &plain("<p>three</p>"));
        assert_eq!(
            html(&stash, 3, "en", false).as_deref(),
            Some("<p>three</p>")
        );
        // A page kept to be written later comes back range by range.
        let page = format!("<main>{}</main>", "å".repeat(300_000));
        let place = stash.keep(page.as_bytes()).expect("kept");
        stash.put(4, "fi", false, &plain("<p>neljä</p>"));
        let read = |r: Range<usize>| stash.read_in(&place, r).expect("read back");
        assert_eq!(read(0..page.len()), page.as_bytes());
        assert_eq!(read(6..10), "åå".as_bytes());
        assert!(stash.read_in(&place, 0..page.len() + 1).is_err());
        assert_eq!(
            html(&stash, 4, "fi", false).as_deref(),
            Some("<p>neljä</p>")
        );
        // Whether a body is minified comes back with it.
        let minified = SlotText {
            html: "<p>viisi".to_string(),
            minified: true,
        };
        stash.put(5, "fi", false, &minified);
        assert_eq!(stash.get(5, "fi", false), Some(minified));
        assert_eq!(stash.get(4, "fi", false).map(|b| b.minified), Some(false));
    }

    #[test]
    fn many_bodies_from_many_threads() {
        use rayon::prelude::*;
        let stash = Stash::new(None).expect("a temporary file");
        let text = |n: usize| format!("<p>{}</p>", "x".repeat(n % 5000));
        (0..2000)
            .into_par_iter()
            .for_each(|n| stash.put(n, "fi", false, &SlotText::plain(text(n))));
        (0..2000)
            .into_par_iter()
            .for_each(|n| assert_eq!(html(&stash, n, "fi", false), Some(text(n))));
    }
}
