//! The one way out for everything a build produces.
//!
//! Rendering fills an [`Output`]; every file passes through it. HTML is
//! minified by `minify.rs`, in `build` only (a preview keeps readable
//! source): whole pages here, and the parts every page repeats and each
//! body once where the renderer makes them (`render::pages`,
//! `render::fragments`), so that no text is minified twice. An [`Output`]
//! lives in memory (the preview server, which serves from it), or, in a
//! build, streams its pages into a [`Staging`] folder beside the target as
//! they are rendered, so a large site is never held in memory whole; for
//! `check`, which writes nothing, it makes every file as a build would and
//! keeps only its path ([`Output::discarding`]).
//!
//! [`Staging::commit`] writes what is left, then swaps the staging folder in
//! for the target only when every file was written: a failed build never
//! touches the previous output, and a dropped [`Staging`] deletes itself. A
//! file whose bytes are the same as in the previous output is hard-linked
//! from it instead of written again, so unchanged files (media, theme files,
//! unchanged pages) keep their inode and modification time across builds.
//! The replaced output is kept beside the target (`.<name>.prev`) and is the
//! next build's staging folder, brought up to date in place.
//!
//! Because a build replaces its target as a whole, the target must be
//! something a build may replace: every output gets a [`MARKER`] file, and
//! [`Staging`] refuses a target that is a file, a link, or a folder with
//! something in it but no marker (see [`check_replaceable`]);
//! [`check_site_folders`] refuses the site's own folders.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use bytes::Bytes;
use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::lock;

mod guard;
mod minify;
mod shelf;
mod staging;
mod sums;

pub use guard::{check_replaceable, check_site_folders, is_earlier_build};
pub(crate) use minify::{comment_end, is_raw_text, onepass as minify_onepass, raw_text_end};
pub use staging::{Staging, folder_of};
use staging::{place_bytes, place_written};

/// A rendered page on its way into an [`Output`]: its path, its HTML, and
/// for a page as large as the whole site (the whole-promise document) the
/// texts of its slots, made one at a time as the page is written, so that
/// the page is never one string in memory.
pub struct Page<'a> {
    /// Output path (`fi/document/index.html`).
    pub path: String,
    /// The HTML, with a [`slot`] marker where each slot's text goes.
    pub html: String,
    /// The text of slot `n` (the same function for every slot).
    pub slots: Option<Slots<'a>>,
    /// Whether its slots are bodies that other pages make (the document
    /// page's, from the build's stash): then it is written after every
    /// other page. A content page's one slot is its own body.
    pub deferred: bool,
    /// Whether `html` is minified already (a long listing rendered in
    /// parts is minified part by part as it is rendered: `render::parts`);
    /// its slots' texts are minified as any page's.
    pub minified: bool,
}

/// The texts of a [`Page`]'s slots, by slot number.
pub type Slots<'a> = Box<dyn Fn(usize) -> SlotText + Send + Sync + 'a>;

/// The text of a slot, and whether it is minified already (a body the
/// build minified once for its content page and the document).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlotText {
    /// The HTML.
    pub html: String,
    /// Whether `html` is minified already (then it is not minified again).
    pub minified: bool,
}

impl SlotText {
    /// A text that is minified with the page when the page is.
    pub fn plain(html: String) -> Self {
        SlotText {
            html,
            minified: false,
        }
    }
}

impl From<(String, String)> for Page<'_> {
    fn from((path, html): (String, String)) -> Self {
        Page {
            path,
            html,
            slots: None,
            deferred: false,
            minified: false,
        }
    }
}

/// The marker of slot `n` in a [`Page`]'s HTML: two characters of
/// Unicode's private use area around the number, which no template or
/// text writes and minifying leaves as they are.
pub fn slot(n: usize) -> String {
    format!("{SLOT_OPEN}{n}{SLOT_CLOSE}")
}

/// Whether `html` holds the character that opens a [`slot`] marker (a
/// page is cut at its slots only when nothing else wrote one).
pub fn has_slot_marks(html: &str) -> bool {
    html.contains(SLOT_OPEN)
}

const SLOT_OPEN: char = '\u{E000}';
const SLOT_CLOSE: char = '\u{E001}';

impl<'a> Page<'a> {
    /// Hands `write` the page's bytes piece by piece: the HTML up to each
    /// slot marker, then the slot's text, each minified on its own when
    /// `minify` (unless the text is minified already). A slot's text sits
    /// inside an element of its own in every template (the document's
    /// `<div class="prose">`), so minifying the pieces apart gives the
    /// bytes minifying the whole would.
    fn write_pieces(
        self,
        minify: bool,
        write: impl FnMut(&[u8]) -> io::Result<()>,
    ) -> io::Result<()> {
        let (html, cut) = self.cut(minify);
        cut.write(minify, |range| Ok(Cow::Borrowed(&html[range])), write)
    }

    /// The page's bytes, whole (see [`Page::write_pieces`]).
    fn into_bytes(self, minify: bool) -> Vec<u8> {
        let mut bytes = Vec::new();
        let _ = self.write_pieces(minify, |piece| {
            bytes.extend_from_slice(piece);
            Ok(())
        });
        bytes
    }

    /// The page's HTML, minified when `minify`, and the page cut at its
    /// slot markers: written later with [`Output::add_cut`] from wherever
    /// the HTML is kept in the meantime.
    pub fn cut(self, minify: bool) -> (Vec<u8>, Cut<'a>) {
        let Page {
            path,
            html,
            slots,
            minified,
            ..
        } = self;
        let html = finish(minify && !minified, &path, html.into_bytes());
        let html = crate::text_lossy(html);
        let parts = split_at_slots(&html);
        (html.into_bytes(), Cut { path, parts, slots })
    }
}

/// A page cut at its slot markers ([`Page::cut`]): the ranges of its HTML
/// between them, each with the slot that follows it.
pub struct Cut<'a> {
    path: String,
    parts: Stretches,
    slots: Option<Slots<'a>>,
}

impl<'a> Cut<'a> {
    /// A page whose HTML, as it is to be written (minified if the build
    /// minifies), is in `file` from its start: cut at its slot markers as
    /// the file is read, a chunk at a time.
    pub fn of_file(path: String, file: &std::fs::File, slots: Slots<'a>) -> io::Result<Cut<'a>> {
        let parts = split_read_at_slots(file, 256 * 1024)?;
        Ok(Cut {
            path,
            parts,
            slots: Some(slots),
        })
    }
}

impl Cut<'_> {
    /// Hands `write` the page piece by piece (see [`Page::write_pieces`]),
    /// the HTML's stretches as `stretch` reads them (one read per
    /// [`SLOTS_AT_ONCE`] slots), the slots' texts made that many at a time,
    /// side by side, each minified when `minify`.
    fn write<'s>(
        self,
        minify: bool,
        stretch: impl Fn(std::ops::Range<usize>) -> io::Result<Cow<'s, [u8]>>,
        mut write: impl FnMut(&[u8]) -> io::Result<()>,
    ) -> io::Result<()> {
        let Cut { path, parts, slots } = self;
        for parts in parts.chunks(SLOTS_AT_ONCE) {
            let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
                continue;
            };
            let from = first.0.start;
            let html = stretch(from..last.0.end)?;
            let filled: Vec<Option<Vec<u8>>> = parts
                .par_iter()
                .map(|(_, n)| {
                    n.zip(slots.as_ref()).map(|(n, fill)| {
                        let text = fill(n);
                        if text.minified {
                            text.html.into_bytes()
                        } else {
                            finish(minify, &path, text.html.into_bytes())
                        }
                    })
                })
                .collect();
            for ((range, _), filled) in parts.iter().zip(filled) {
                write(&html[range.start - from..range.end - from])?;
                if let Some(text) = filled {
                    write(&text)?;
                }
            }
        }
        Ok(())
    }
}

/// How many of a page's slots [`Cut::write`] fills at a time: enough
/// for both threads to share, few enough to hold (the document's bodies
/// are a few kilobytes each).
const SLOTS_AT_ONCE: usize = 64;

/// Where a page is cut: each stretch of HTML with the number of the slot
/// that follows it (none after the last stretch).
type Stretches = Vec<(std::ops::Range<usize>, Option<usize>)>;

/// What [`find_marker`] finds in some bytes of a page.
enum Found {
    /// No marker begins.
    Nothing,
    /// A marker begins here, and does not end in the bytes given.
    Open(usize),
    /// A marker from `open` to `end` (past its closing character), with
    /// the number it holds; `None` when what it holds is not a number (it
    /// is then left as text).
    Marker {
        open: usize,
        end: usize,
        slot: Option<usize>,
    },
}

/// The first slot marker in `bytes` from `from` on: the one grammar of
/// [`split_at_slots`] and [`split_read_at_slots`].
fn find_marker(bytes: &[u8], from: usize) -> Found {
    let (mut open_mark, mut close_mark) = ([0; 4], [0; 4]);
    let open_mark = SLOT_OPEN.encode_utf8(&mut open_mark).as_bytes();
    let close_mark = SLOT_CLOSE.encode_utf8(&mut close_mark).as_bytes();
    let rest = |at: usize| bytes.get(at..).unwrap_or_default();
    let Some(open) = memchr::memmem::find(rest(from), open_mark).map(|i| i + from) else {
        return Found::Nothing;
    };
    let number = open + open_mark.len();
    let Some(close) = memchr::memmem::find(rest(number), close_mark).map(|i| i + number) else {
        return Found::Open(open);
    };
    let slot = std::str::from_utf8(&bytes[number..close])
        .ok()
        .and_then(|n| n.parse::<usize>().ok());
    Found::Marker {
        open,
        end: close + close_mark.len(),
        slot,
    }
}

/// Takes the marker from `open` to `end` (offsets in the page) into
/// `parts`, the stretch before it ending there when it holds a slot's
/// number; returns where the search goes on.
fn take_marker(
    parts: &mut Stretches,
    stretch: &mut usize,
    (open, end, slot): (usize, usize, Option<usize>),
) -> usize {
    match slot {
        Some(n) => {
            parts.push((*stretch..open, Some(n)));
            *stretch = end;
            end
        }
        None => open + SLOT_OPEN.len_utf8(),
    }
}

/// The stretches of a page of `len` bytes whose last one begins at
/// `stretch`, kept until the page is written, after every other page (a
/// grown vector's slack was 1.5 MB of the three documents' at 50,000
/// pages).
fn last_stretch(mut parts: Stretches, stretch: usize, len: usize) -> Stretches {
    parts.push((stretch..len, None));
    parts.shrink_to_fit();
    parts
}

/// `html` cut at its slot markers: each stretch of HTML with the number of
/// the slot that follows it (none after the last stretch). A marker
/// without a number is left as it is; a marker's start without an end
/// ends the search.
pub(crate) fn split_at_slots(html: &str) -> Stretches {
    let (mut parts, mut stretch, mut from) = (Vec::new(), 0, 0);
    while let Found::Marker { open, end, slot } = find_marker(html.as_bytes(), from) {
        from = take_marker(&mut parts, &mut stretch, (open, end, slot));
    }
    last_stretch(parts, stretch, html.len())
}

/// [`split_at_slots`] of the HTML that `read` gives, read `chunk` bytes at
/// a time and never whole: for a page kept in a file as it was rendered
/// (the whole-promise document, 14 MB at 50,000 pages). Only the bytes
/// from a marker's start to its end are held longer than a chunk.
pub(crate) fn split_read_at_slots(mut read: impl io::Read, chunk: usize) -> io::Result<Stretches> {
    let mut parts = Vec::new();
    // The bytes read and not yet let go; `base` is the offset of the
    // first, `from` where the search for the next marker goes on.
    let mut buf: Vec<u8> = Vec::new();
    let (mut base, mut from, mut stretch) = (0, 0, 0);
    let mut piece = vec![0; chunk.max(1)];
    let mut more = |buf: &mut Vec<u8>| -> io::Result<bool> {
        loop {
            match read.read(&mut piece) {
                Ok(0) => return Ok(false),
                Ok(n) => {
                    buf.extend_from_slice(&piece[..n]);
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    };
    let mut ended = false;
    loop {
        let keep_from = match find_marker(&buf, from) {
            Found::Marker { open, end, slot } => {
                let marker = (base + open, base + end, slot);
                from = take_marker(&mut parts, &mut stretch, marker) - base;
                continue;
            }
            // No end yet: kept from the marker's start.
            Found::Open(open) => open,
            // No marker yet: kept from where one may have begun.
            Found::Nothing => buf.len().saturating_sub(SLOT_OPEN.len_utf8() - 1).max(from),
        };
        // With nothing more to read, no marker is left (as in
        // `split_at_slots`, a start without an end ends the search).
        if ended {
            break;
        }
        buf.drain(..keep_from);
        base += keep_from;
        from -= keep_from.min(from);
        ended = !more(&mut buf)?;
    }
    Ok(last_stretch(parts, stretch, base + buf.len()))
}

/// The files of a built site, by path relative to the output root
/// (`fi/index.html`, `css/style.css`).
#[derive(Debug, Default, Clone)]
pub struct Output {
    /// Generated files held in memory (`Bytes`: cloning an output shares
    /// them, so the preview can patch a copy of a large site cheaply).
    pub files: BTreeMap<String, Bytes>,
    /// Files copied as they are: output path → source on disk.
    pub copies: BTreeMap<String, PathBuf>,
    /// Files not held here: already written to the staging folder (a
    /// streamed build), or made and let go ([`Output::discarding`]).
    streamed: BTreeSet<String>,
    /// Whether `.html` files are minified on their way in.
    minify_html: bool,
    /// Where the files go.
    store: Store,
}

/// Where an [`Output`]'s files go as they are added.
#[derive(Debug, Default, Clone)]
enum Store {
    /// Into memory, whole (the preview serves them from there).
    #[default]
    Memory,
    /// Into a staging folder, a page at a time (a build).
    Staged(Sink),
    /// Nowhere: each file is made, then let go (`check`).
    Nowhere,
}

/// The staging folder an [`Output`] streams into, and the output it will
/// replace (to reuse unchanged files from).
#[derive(Debug, Clone)]
struct Sink {
    root: PathBuf,
    previous: PathBuf,
    /// What the previous build recorded of its files, and what this one
    /// places (see [`sums`]).
    sums: std::sync::Arc<sums::Sums>,
}

impl Output {
    /// An output in memory; `minify_html` minifies every `.html` file added.
    pub fn new(minify_html: bool) -> Self {
        Output {
            minify_html,
            ..Self::default()
        }
    }

    /// An output that keeps nothing but the paths of its files: every file
    /// is made as a build makes it (its pages rendered, a long page's slots
    /// filled, the open data written), then let go, so that `check` finds
    /// what a build would find in the memory of a build, not of the whole
    /// site. Nothing is minified: minifying changes no problem found.
    pub fn discarding() -> Self {
        Output {
            store: Store::Nowhere,
            ..Self::default()
        }
    }

    /// Adds a generated file (minified first when it is HTML and the output
    /// minifies). Small files stay in memory until the output is written.
    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        let path = path.into();
        if matches!(self.store, Store::Nowhere) {
            self.let_go(path);
            return;
        }
        let bytes = finish(self.minify_html, &path, bytes.into());
        self.streamed.remove(&path);
        self.files.insert(path, Bytes::from(bytes));
    }

    /// Records `path` as a file not held here.
    fn let_go(&mut self, path: String) {
        self.files.remove(&path);
        self.streamed.insert(path);
    }

    /// Adds a file whose bytes another holder shares (the preview's kept
    /// pages, see `render::splice`); minified first when the output
    /// minifies HTML (then it is a copy).
    pub fn add_shared(&mut self, path: String, bytes: Bytes) {
        if matches!(self.store, Store::Nowhere) {
            self.let_go(path);
            return;
        }
        if self.minify_html && path.ends_with(".html") {
            self.add(path, bytes.to_vec());
            return;
        }
        self.streamed.remove(&path);
        self.files.insert(path, bytes);
    }

    /// Adds rendered pages ([`Page`], or `(path, html)`), in parallel: each
    /// is minified when the output minifies, then kept in memory or, in a
    /// streamed build, written to the staging folder at once (a deferred
    /// page, as large as the site, piece by piece as its slots are made);
    /// [`Output::discarding`] makes each page's slots and lets it go.
    /// The error is the first file that could not be written.
    pub fn add_pages<'a, P: Into<Page<'a>> + Send>(
        &mut self,
        pages: impl ParallelIterator<Item = P>,
    ) -> Result<(), Diagnostic> {
        let minify = self.minify_html;
        match self.store.clone() {
            Store::Nowhere => {
                let made: Vec<String> = pages
                    .map(|page| {
                        let page: Page<'a> = page.into();
                        let path = page.path.clone();
                        if page.slots.is_some() {
                            // Writing nowhere does not fail.
                            let _ = page.write_pieces(false, |_| Ok(()));
                        }
                        path
                    })
                    .collect();
                for path in made {
                    self.let_go(path);
                }
                Ok(())
            }
            Store::Memory => {
                let done: Vec<(String, Vec<u8>)> = pages
                    .map(|page| {
                        let page: Page<'a> = page.into();
                        let path = page.path.clone();
                        let bytes = match page.slots {
                            None => finish(minify && !page.minified, &path, page.html.into_bytes()),
                            Some(_) => page.into_bytes(minify),
                        };
                        (path, bytes)
                    })
                    .collect();
                for (path, bytes) in done {
                    self.streamed.remove(&path);
                    self.files.insert(path, Bytes::from(bytes));
                }
                Ok(())
            }
            Store::Staged(sink) => {
                let first_error = Mutex::new(None);
                let written: Vec<String> = pages
                    .filter_map(|page| {
                        let page: Page<'a> = page.into();
                        let path = page.path.clone();
                        let dest = sink.root.join(&path);
                        let old = sink.previous.join(&path);
                        let placed = match page.slots {
                            None => {
                                let bytes =
                                    finish(minify && !page.minified, &path, page.html.into_bytes());
                                place_bytes(&dest, &old, &bytes, Some((&path, &sink.sums)))
                            }
                            // A content page and its own body: a page's size.
                            Some(_) if !page.deferred => {
                                let bytes = page.into_bytes(minify);
                                place_bytes(&dest, &old, &bytes, Some((&path, &sink.sums)))
                            }
                            Some(_) => place_written(
                                &dest,
                                &old,
                                |w| page.write_pieces(minify, |piece| w.write_all(piece)),
                                Some((&path, &sink.sums)),
                            )
                            .map(|_| ()),
                        };
                        match placed {
                            Ok(()) => Some(path),
                            Err(e) => {
                                let d = io_error(&dest, "@io.write_file", e);
                                lock(&first_error).get_or_insert(d);
                                None
                            }
                        }
                    })
                    .collect();
                for path in written {
                    self.files.remove(&path);
                    self.streamed.insert(path);
                }
                match lock(&first_error).take() {
                    Some(d) => Err(d),
                    None => Ok(()),
                }
            }
        }
    }

    /// Where a streamed build may keep a temporary file: beside its
    /// staging folder, on the disk the output goes to (the system's
    /// temporary folder may be memory, as a tmpfs is).
    pub fn scratch_dir(&self) -> Option<&Path> {
        match &self.store {
            Store::Staged(sink) => sink.root.parent(),
            Store::Memory | Store::Nowhere => None,
        }
    }

    /// Whether `.html` files are minified on their way in.
    pub fn minifies_html(&self) -> bool {
        self.minify_html
    }

    /// Adds a page cut at its slots ([`Page::cut`]) whose HTML, already
    /// minified, `stretch` reads range by range: kept in memory or, in a
    /// streamed build, written to the staging folder piece by piece.
    pub fn add_cut(
        &mut self,
        cut: Cut<'_>,
        stretch: impl Fn(std::ops::Range<usize>) -> io::Result<Vec<u8>>,
    ) -> Result<(), Diagnostic> {
        let minify = self.minify_html;
        let path = cut.path.clone();
        let stretch = |range| stretch(range).map(Cow::Owned);
        match &self.store {
            Store::Nowhere => {
                cut.write(false, stretch, |_| Ok(()))
                    .map_err(|e| io_error(Path::new(&path), "@io.read_temp", e))?;
                self.let_go(path);
            }
            Store::Memory => {
                let mut bytes = Vec::new();
                cut.write(minify, stretch, |piece| {
                    bytes.extend_from_slice(piece);
                    Ok(())
                })
                .map_err(|e| io_error(Path::new(&path), "@io.read_temp", e))?;
                self.streamed.remove(&path);
                self.files.insert(path, Bytes::from(bytes));
            }
            Store::Staged(sink) => {
                let dest = sink.root.join(&path);
                let old = sink.previous.join(&path);
                place_written(
                    &dest,
                    &old,
                    |w| cut.write(minify, stretch, |piece| w.write_all(piece)),
                    Some((&path, &sink.sums)),
                )
                .map_err(|e| io_error(&dest, "@io.write_file", e))?;
                self.files.remove(&path);
                self.streamed.insert(path);
            }
        }
        Ok(())
    }

    /// Adds a large generated file (open data): in a streamed build it is
    /// written to the staging folder at once and not kept in memory; HTML
    /// is minified as in [`Output::add`].
    pub fn add_large(&mut self, path: impl Into<String>, text: String) -> Result<(), Diagnostic> {
        self.add_pages(rayon::iter::once((path.into(), text)))
    }

    /// Adds a file as large as the site (open data), as `write` writes it:
    /// in a streamed build straight into the staging folder, never held in
    /// memory; otherwise kept in memory like any file. Returns its length
    /// in bytes; the error is the file's if it could not be written.
    pub fn add_written(
        &mut self,
        path: impl Into<String>,
        write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
    ) -> Result<u64, Diagnostic> {
        let path = path.into();
        match &self.store {
            Store::Nowhere => {
                let mut count = ByteCount::default();
                // Counting does not fail.
                let _ = write(&mut count);
                self.let_go(path);
                Ok(count.0)
            }
            Store::Memory => {
                let mut bytes = Vec::new();
                // Writing into memory does not fail.
                let _ = write(&mut bytes);
                let len = bytes.len() as u64;
                self.add(path, bytes);
                Ok(len)
            }
            Store::Staged(sink) => {
                let dest = sink.root.join(&path);
                let len = place_written(
                    &dest,
                    &sink.previous.join(&path),
                    write,
                    Some((&path, &sink.sums)),
                )
                .map_err(|e| io_error(&dest, "@io.write_file", e))?;
                self.files.remove(&path);
                self.streamed.insert(path);
                Ok(len)
            }
        }
    }

    /// Adds a file to copy.
    pub fn copy(&mut self, path: impl Into<String>, src: PathBuf) {
        self.copies.insert(path.into(), src);
    }

    /// Whether the output has a file at `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
            || self.copies.contains_key(path)
            || self.streamed.contains(path)
    }

    /// Every output path, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        let mut all: Vec<&str> = self
            .files
            .keys()
            .chain(self.copies.keys())
            .chain(self.streamed.iter())
            .map(String::as_str)
            .collect();
        all.sort_unstable();
        all.into_iter()
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len() + self.copies.len() + self.streamed.len()
    }

    /// Whether there is nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes of one output path, reading a copied or already written
    /// file from disk.
    pub fn read(&self, path: &str) -> Option<Cow<'_, [u8]>> {
        if let Some(b) = self.files.get(path) {
            return Some(Cow::Borrowed(b));
        }
        let src = match (self.copies.get(path), &self.store) {
            (Some(src), _) => src.clone(),
            (None, Store::Staged(sink)) if self.streamed.contains(path) => sink.root.join(path),
            _ => return None,
        };
        std::fs::read(src).ok().map(Cow::Owned)
    }
}

/// A writer that counts the bytes written to it and keeps none (the length
/// of a file as large as the site, without holding it).
#[derive(Debug, Default)]
pub struct ByteCount(pub u64);

impl io::Write for ByteCount {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0 += bytes.len() as u64;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A file on its way into the output: HTML is minified when asked.
pub(crate) fn finish(minify_html: bool, path: &str, bytes: Vec<u8>) -> Vec<u8> {
    if minify_html && path.ends_with(".html") {
        minify::html(bytes)
    } else {
        bytes
    }
}

/// A failed write, read or move under the output: `what` is a catalog
/// word (`@io.write_file`), so the message speaks the writer's language.
pub(crate) fn io_error(path: &Path, what: &str, e: io::Error) -> Diagnostic {
    let code = if is_disk_full(&e) {
        "output.disk_full"
    } else {
        "output.io"
    };
    Diagnostic::err(
        path.display().to_string(),
        code,
        vec![
            ("what", what.to_string()),
            ("folder", path.display().to_string()),
            ("error", crate::diagnostics::os_error(&e)),
        ],
    )
}

/// Whether `e` says the disk (or the writer's quota on it) is full.
fn is_disk_full(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
    )
}

/// The file every output gets, so that the next build knows the folder is
/// its own to replace. Not part of an [`Output`]: the preview never has it,
/// and no sitemap, feed or search index lists it.
pub const MARKER: &str = ".lupaus-output";

/// What [`MARKER`] says to someone who finds it.
const MARKER_TEXT: &str = "written by lupaus; this folder is replaced on every build, so keep nothing of your own in it\n";

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `output` to `target` as a build does, without the build's
    /// check of the folders around it (`check_site_folders`).
    fn write_atomic(output: &Output, target: &Path) -> Result<(), Diagnostic> {
        Staging::beside(target)?.commit(output)
    }

    #[cfg(unix)]
    fn inode(p: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(p).unwrap().ino()
    }

    #[test]
    fn replaces_the_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        std::fs::create_dir_all(target.join("stale")).unwrap();
        std::fs::write(target.join(MARKER), MARKER_TEXT).unwrap();
        std::fs::write(target.join("stale/x.html"), "old").unwrap();
        let mut out = Output::default();
        out.add("fi/index.html", "uusi");
        write_atomic(&out, &target).unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("fi/index.html")).unwrap(),
            "uusi"
        );
        assert!(!target.join("stale").exists());
        assert_eq!(
            std::fs::read_to_string(target.join(MARKER)).unwrap(),
            MARKER_TEXT
        );
        // No temporary folders left behind; the replaced output and the
        // records of the new one's files are kept for the next build.
        let mut beside = only_entry(dir.path());
        beside.sort();
        assert_eq!(beside, [".public.prev", ".public.sums", "public"]);
        assert_eq!(
            std::fs::read_to_string(dir.path().join(".public.prev/stale/x.html")).unwrap(),
            "old"
        );
    }

    #[test]
    fn streamed_pages_are_written_minified_and_listed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let staging = Staging::beside(&target).unwrap();
        let mut out = staging.output(true);
        let page = "<!DOCTYPE html>\n<html lang=\"fi\">\n<head>\n<title>T</title>\n</head>\n<body>\n<p lang=\"sv\">  a  </p>\n</body>\n</html>\n";
        out.add_pages(rayon::iter::once((
            "fi/index.html".to_string(),
            page.to_string(),
        )))
        .unwrap();
        assert!(out.contains("fi/index.html"));
        assert!(
            out.files.is_empty(),
            "streamed pages are not kept in memory"
        );
        let html = String::from_utf8(out.read("fi/index.html").unwrap().into_owned()).unwrap();
        assert!(html.len() < page.len(), "{html}");
        assert!(html.contains("<html lang=fi>") || html.contains("<html lang=\"fi\">"));
        assert!(html.contains("lang=sv") || html.contains("lang=\"sv\""));
        staging.commit(&out).unwrap();
        assert!(target.join("fi/index.html").is_file());
    }

    #[test]
    fn a_page_read_in_chunks_is_cut_where_it_is_cut_whole() {
        let (o, c) = (SLOT_OPEN, SLOT_CLOSE);
        let pages = [
            String::new(),
            "<p>ei paikkoja</p>".to_string(),
            format!("{}{}<p>väli</p>{}", slot(0), slot(1), slot(12)),
            format!("a{o}x{c}b{}c{o}{o}7{c}d{o}", slot(3)),
            format!("{o}+5{c}ä{o}{c}{o}99{o}1{c}loppu"),
            format!("{}ö{o}", slot(123_456)),
            format!("ei loppua {o}12 ja {}", "x".repeat(40)),
        ];
        for page in &pages {
            let whole = split_at_slots(page);
            for chunk in [1, 2, 3, 4, 5, 7, 64] {
                let read = split_read_at_slots(page.as_bytes(), chunk).expect("read");
                assert_eq!(read, whole, "{page:?} in chunks of {chunk}");
            }
        }
        // The grammar both share: a marker holding no number is text, a
        // start inside one begins the next, a start without an end ends
        // the search (each marker character is three bytes).
        assert_eq!(
            split_at_slots(&pages[3]),
            vec![(0..9, Some(3)), (16..20, Some(7)), (27..31, None)]
        );
    }

    /// A document-like page, whole and as HTML with slots plus the slots'
    /// texts (each in an element of its own, as on the document page).
    fn slotted() -> (String, String, Vec<String>) {
        let bodies = vec![
            "<h4 id=\"c-a-x\">Otsikko</h4>\n<p>Teksti  <a href=\"#c-a-x\">linkki</a></p>\n<ul>\n<li>yksi</li>\n</ul>\n".to_string(),
            "<p>Toinen &amp; viimeinen</p>\n<table><thead><tr><th>a</th></tr></thead></table>\n".to_string(),
        ];
        let page = |fill: &dyn Fn(usize) -> String| {
            format!(
                "<!DOCTYPE html>\n<html lang=\"fi\">\n<head>\n<title>T</title>\n</head>\n<body>\n<main>\n<section>\n<h3>A</h3>\n<div class=\"prose\">\n{}\n</div>\n</section>\n<section>\n<div class=\"prose\" lang=\"sv\">\n{}\n</div>\n<p>Loppu</p>\n</section>\n</main>\n</body>\n</html>\n",
                fill(0),
                fill(1)
            )
        };
        (page(&|n| bodies[n].clone()), page(&slot), bodies)
    }

    fn slotted_page(html: String, bodies: Vec<String>) -> Page<'static> {
        Page {
            path: "fi/document/index.html".into(),
            html,
            slots: Some(Box::new(move |n| SlotText::plain(bodies[n].clone()))),
            deferred: true,
            minified: false,
        }
    }

    #[test]
    fn a_page_with_slots_has_the_bytes_of_the_whole_page() {
        let (whole, html, bodies) = slotted();
        for minify in [false, true] {
            let page = slotted_page(html.clone(), bodies.clone());
            let pieces: Vec<u8> = page.into_bytes(minify);
            let expected = finish(minify, "x.html", whole.clone().into_bytes());
            assert_eq!(
                String::from_utf8(pieces).unwrap(),
                String::from_utf8(expected).unwrap(),
                "minify: {minify}"
            );
        }
    }

    /// A slot's text minified already (a body the build minified for its
    /// content page) is not minified again: minifying is not idempotent in
    /// general, and the text is written as it is.
    #[test]
    fn a_minified_slot_text_is_written_as_it_is() {
        let (whole, html, bodies) = slotted();
        let minified: Vec<String> = bodies
            .iter()
            .map(|b| String::from_utf8(minify_onepass(b.as_bytes()).unwrap()).unwrap())
            .collect();
        let marked = minified.clone();
        let page = Page {
            path: "fi/document/index.html".into(),
            html,
            slots: Some(Box::new(move |n| SlotText {
                html: format!("{}<!--kept-->", marked[n]),
                minified: true,
            })),
            deferred: true,
            minified: false,
        };
        let written = String::from_utf8(page.into_bytes(true)).unwrap();
        // The comment shows the text was not minified (it would be dropped).
        assert_eq!(written.matches("<!--kept-->").count(), 2, "{written}");
        let expected = finish(true, "x.html", whole.into_bytes());
        assert_eq!(
            written.replace("<!--kept-->", ""),
            String::from_utf8(expected).unwrap()
        );
    }

    #[test]
    fn a_page_cut_and_written_later_from_its_bytes_is_the_whole_page() {
        // Many slots, so that the HTML is read in more than one stretch.
        let (one, _, bodies) = slotted();
        let count = SLOTS_AT_ONCE * 2 + 5;
        let body = |n: usize| format!("<p>Teksti {n}</p>\n{}", bodies[n % 2]);
        let page = |fill: &dyn Fn(usize) -> String| {
            let sections: String = (0..count)
                .map(|n| {
                    format!(
                        "<section>\n<div class=\"prose\">\n{}\n</div>\n</section>\n",
                        fill(n)
                    )
                })
                .collect();
            one.replace("<main>", &format!("<main>\n{sections}"))
        };
        for minify in [false, true] {
            let whole = finish(minify, "x.html", page(&body).into_bytes());
            let slotted = Page {
                path: "fi/document/index.html".into(),
                html: page(&slot),
                slots: Some(Box::new(|n| SlotText::plain(body(n)))),
                deferred: true,
                minified: false,
            };
            let (html, cut) = slotted.cut(minify);
            let mut out = Output::new(minify);
            let reads = std::sync::atomic::AtomicUsize::new(0);
            out.add_cut(cut, |range| {
                reads.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                Ok(html[range].to_vec())
            })
            .unwrap();
            let written = out.read("fi/document/index.html").unwrap();
            assert_eq!(
                String::from_utf8_lossy(&written),
                String::from_utf8_lossy(&whole)
            );
            assert_eq!(reads.into_inner(), 3, "one read per {SLOTS_AT_ONCE} slots");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_streamed_page_with_slots_is_written_and_linked_when_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let (whole, html, bodies) = slotted();
        let build = || {
            let staging = Staging::beside(&target).unwrap();
            let mut out = staging.output(true);
            let page = slotted_page(html.clone(), bodies.clone());
            out.add_pages(rayon::iter::once(page)).unwrap();
            assert!(out.files.is_empty(), "the page is not kept in memory");
            staging.commit(&out).unwrap();
        };
        build();
        let file = target.join("fi/document/index.html");
        let expected = finish(true, "x.html", whole.into_bytes());
        assert_eq!(std::fs::read(&file).unwrap(), expected);
        let first = inode(&file);
        build();
        assert_eq!(std::fs::read(&file).unwrap(), expected);
        assert_eq!(
            inode(&file),
            first,
            "unchanged: linked to the previous output"
        );
    }

    #[test]
    fn open_data_is_written_as_it_is_made() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let staging = Staging::beside(&target).unwrap();
        let mut out = staging.output(true);
        out.add_written("data/x.json", |w| w.write_all(b"{}\n"))
            .unwrap();
        assert!(out.files.is_empty() && out.contains("data/x.json"));
        assert_eq!(out.read("data/x.json").unwrap().as_ref(), b"{}\n");
        let mut memory = Output::new(true);
        memory
            .add_written("data/x.json", |w| w.write_all(b"{}\n"))
            .unwrap();
        assert_eq!(memory.files["data/x.json"].as_ref(), b"{}\n");
    }

    #[test]
    fn a_discarding_output_makes_every_file_and_keeps_only_its_path() {
        let mut out = Output::discarding();
        out.add("fi/index.html", "<p>x</p>");
        out.add_shared("fi/a/index.html".into(), Bytes::from_static(b"<p>a</p>"));
        // A deferred page's slots are still made (a build's problems come
        // from making them), then let go.
        let made = std::sync::atomic::AtomicUsize::new(0);
        let (_, html, bodies) = slotted();
        let page = Page {
            slots: Some(Box::new(|n| {
                made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                SlotText::plain(bodies[n].clone())
            })),
            ..slotted_page(html, Vec::new())
        };
        out.add_pages(rayon::iter::once(page)).unwrap();
        assert_eq!(made.into_inner(), 2, "both slots made");
        let len = out
            .add_written("data/x.json", |w| w.write_all(b"{}\n"))
            .unwrap();
        assert_eq!(len, 3, "the open data's length is counted");
        assert!(out.files.is_empty(), "nothing held");
        assert_eq!(
            out.paths().collect::<Vec<_>>(),
            [
                "data/x.json",
                "fi/a/index.html",
                "fi/document/index.html",
                "fi/index.html"
            ]
        );
        assert!(out.read("fi/index.html").is_none() && out.scratch_dir().is_none());
    }

    #[test]
    fn a_dropped_staging_folder_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join(MARKER), MARKER_TEXT).unwrap();
        std::fs::write(target.join("keep.txt"), "old").unwrap();
        {
            let staging = Staging::beside(&target).unwrap();
            let mut out = staging.output(false);
            out.add_pages(rayon::iter::once(("a.html".to_string(), "x".to_string())))
                .unwrap();
        }
        let beside: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(beside.len(), 1);
        assert_eq!(
            std::fs::read_to_string(target.join("keep.txt")).unwrap(),
            "old"
        );
    }

    /// Every file under `dir` with its bytes, to see that a refusal left it
    /// exactly as it was.
    fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
            .collect()
    }

    fn one_page() -> Output {
        let mut out = Output::default();
        out.add("fi/index.html", "uusi");
        out
    }

    fn only_entry(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn a_missing_or_empty_target_is_written_with_its_marker() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("a/b/public");
        write_atomic(&one_page(), &missing).unwrap();
        assert!(missing.join(MARKER).is_file());
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        write_atomic(&one_page(), &empty).unwrap();
        assert!(empty.join("fi/index.html").is_file());
        assert_eq!(
            std::fs::read_to_string(empty.join(MARKER)).unwrap(),
            MARKER_TEXT
        );
    }

    #[test]
    fn a_file_is_refused_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("notes.txt");
        std::fs::write(&file, "my notes").unwrap();
        let e = write_atomic(&one_page(), &file).unwrap_err();
        assert!(e.is_error());
        assert_eq!(e.path, file.display().to_string());
        assert!(e.message.contains("this is a file, not a folder"), "{e}");
        assert!(e.message.contains("choose another --output"), "{e}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "my notes");
        assert_eq!(only_entry(dir.path()), ["notes.txt"]);
    }

    #[test]
    fn a_folder_of_other_files_is_refused_and_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("docs");
        std::fs::create_dir_all(docs.join("sub")).unwrap();
        std::fs::write(docs.join("report.odt"), "report").unwrap();
        std::fs::write(docs.join("sub/index.html"), "<p>mine</p>").unwrap();
        let before = snapshot(&docs);
        let e = write_atomic(&one_page(), &docs).unwrap_err();
        assert!(e.message.contains(MARKER), "{e}");
        assert!(e.message.contains("empty"), "{e}");
        assert!(e.message.contains("delete it"), "{e}");
        assert_eq!(snapshot(&docs), before);
        assert_eq!(only_entry(dir.path()), ["docs"], "nothing left beside it");
    }

    #[test]
    fn a_build_of_an_earlier_version_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("public");
        for (rel, text) in [
            ("sitemap.xml", "<urlset/>"),
            ("data/promise.json", "{}"),
            ("css/style.0123456789.css", "a{}"),
            ("fi/old/index.html", "old"),
        ] {
            let p = old.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        // One of the three signs missing: not taken for a build.
        std::fs::rename(old.join("sitemap.xml"), dir.path().join("s.xml")).unwrap();
        assert!(write_atomic(&one_page(), &old).is_err());
        std::fs::rename(dir.path().join("s.xml"), old.join("sitemap.xml")).unwrap();
        write_atomic(&one_page(), &old).unwrap();
        assert!(!old.join("fi/old").exists());
        assert!(old.join(MARKER).is_file());
    }

    #[test]
    fn only_a_folder_with_a_build_in_it_is_an_earlier_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        assert!(!is_earlier_build(&out), "missing");
        std::fs::create_dir(&out).unwrap();
        assert!(!is_earlier_build(&out), "empty");
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        assert!(!is_earlier_build(&out), "other files");
        assert!(!is_earlier_build(&out.join("notes.txt")), "a file");
        write_atomic(&one_page(), &dir.path().join("built")).unwrap();
        assert!(is_earlier_build(&dir.path().join("built")));
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(dir.path().join("built"), &link).unwrap();
            assert!(!is_earlier_build(&link), "a link to a build");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir(&real).unwrap();
        let link = dir.path().join("public");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let e = write_atomic(&one_page(), &link).unwrap_err();
        assert!(e.message.contains("symbolic link"), "{e}");
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    }

    #[test]
    fn a_target_that_changes_during_the_build_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let staging = Staging::beside(&target).unwrap();
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("mine.txt"), "mine").unwrap();
        assert!(staging.commit(&one_page()).is_err());
        assert_eq!(
            std::fs::read_to_string(target.join("mine.txt")).unwrap(),
            "mine"
        );
        assert_eq!(only_entry(dir.path()), ["public"]);
    }

    #[test]
    fn the_sites_own_folders_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        for d in ["content/pages", "themes/default"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        let refused = |out: PathBuf, needle: &str| {
            let e = check_site_folders(&out, &root).unwrap_err();
            assert!(e.message.contains(needle), "{}: {e}", out.display());
            assert!(e.message.contains("site/public"), "{e}");
            assert_eq!(e.path, out.display().to_string());
        };
        refused(root.clone(), "the site folder itself");
        refused(root.join("content/.."), "the site folder itself");
        refused(root.join("new/.."), "the site folder itself");
        refused(dir.path().to_path_buf(), "holds the site folder");
        refused(root.join("content"), "is the site's content/ folder");
        refused(root.join("content/pages"), "inside the site's content/");
        refused(root.join("content/new/out"), "inside the site's content/");
        refused(root.join("themes"), "is the site's themes/ folder");
        refused(root.join("themes/default/out"), "inside the site's themes/");
        check_site_folders(&root.join("public"), &root).unwrap();
        check_site_folders(&root.join("build/public"), &root).unwrap();
        check_site_folders(&dir.path().join("elsewhere"), &root).unwrap();
        check_site_folders(&root.join("contents"), &root).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn the_sites_folders_are_found_through_links() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        let alias = dir.path().join("alias");
        std::os::unix::fs::symlink(&root, &alias).unwrap();
        assert!(check_site_folders(&alias.join("content"), &root).is_err());
        assert!(check_site_folders(&alias, &root).is_err());
        check_site_folders(&alias.join("public"), &root).unwrap();
        // content/ kept elsewhere, linked in.
        let texts = dir.path().join("texts");
        std::fs::create_dir(&texts).unwrap();
        let root2 = dir.path().join("site2");
        std::fs::create_dir(&root2).unwrap();
        std::os::unix::fs::symlink(&texts, root2.join("content")).unwrap();
        assert!(check_site_folders(&texts, &root2).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_are_linked_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let src = dir.path().join("logo.svg");
        std::fs::write(&src, "<svg/>").unwrap();
        let build = |css: &str| {
            let mut out = Output::default();
            out.add("css/a.css", css.to_string());
            out.copy("media/logo.svg", src.clone());
            write_atomic(&out, &target).unwrap();
        };
        build("a{}");
        let (logo, css) = (
            inode(&target.join("media/logo.svg")),
            inode(&target.join("css/a.css")),
        );
        build("a{}");
        assert_eq!(inode(&target.join("media/logo.svg")), logo);
        assert_eq!(inode(&target.join("css/a.css")), css);
        std::fs::write(&src, "<svg></svg>").unwrap();
        build("b{}");
        assert_ne!(inode(&target.join("media/logo.svg")), logo);
        assert_eq!(
            std::fs::read_to_string(target.join("media/logo.svg")).unwrap(),
            "<svg></svg>"
        );
        assert_eq!(
            std::fs::read_to_string(target.join("css/a.css")).unwrap(),
            "b{}"
        );
    }
}
