//! The one way out for everything a build produces.
//!
//! Rendering fills an [`Output`]; every file passes through it, and it is the
//! one place where HTML is minified (`minify-html`, in `build` only: a
//! preview keeps readable source). An [`Output`] lives either in memory (the
//! preview server and `check` use that and never write to disk) or, in a
//! build, streams its pages into a [`Staging`] folder beside the target as
//! they are rendered, so a large site is never held in memory whole.
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
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use bytes::Bytes;
use rayon::prelude::*;

use crate::diagnostics::Diagnostic;

/// The files of a built site, by path relative to the output root
/// (`fi/index.html`, `css/style.css`).
#[derive(Debug, Default, Clone)]
pub struct Output {
    /// Generated files held in memory (`Bytes`: cloning an output shares
    /// them, so the preview can patch a copy of a large site cheaply).
    pub files: BTreeMap<String, Bytes>,
    /// Files copied as they are: output path → source on disk.
    pub copies: BTreeMap<String, PathBuf>,
    /// Pages already written to the staging folder (a streamed build).
    streamed: BTreeSet<String>,
    /// Whether `.html` files are minified on their way in.
    minify_html: bool,
    /// Where pages go as they are rendered, in a streamed build.
    sink: Option<Sink>,
}

/// The staging folder an [`Output`] streams into, and the output it will
/// replace (to reuse unchanged files from).
#[derive(Debug, Clone)]
struct Sink {
    root: PathBuf,
    previous: PathBuf,
}

impl Output {
    /// An output in memory; `minify_html` minifies every `.html` file added.
    pub fn new(minify_html: bool) -> Self {
        Output {
            minify_html,
            ..Self::default()
        }
    }

    /// Adds a generated file (minified first when it is HTML and the output
    /// minifies). Small files stay in memory until the output is written.
    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        let path = path.into();
        let bytes = finish(self.minify_html, &path, bytes.into());
        self.streamed.remove(&path);
        self.files.insert(path, Bytes::from(bytes));
    }

    /// Adds rendered pages as `(path, html)`, in parallel: each is minified
    /// when the output minifies, then kept in memory or, in a streamed build,
    /// written to the staging folder at once. The error is the first file
    /// that could not be written.
    pub fn add_pages(
        &mut self,
        pages: impl ParallelIterator<Item = (String, String)>,
    ) -> Result<(), Diagnostic> {
        let minify = self.minify_html;
        match self.sink.clone() {
            None => {
                let done: Vec<(String, Vec<u8>)> = pages
                    .map(|(path, html)| {
                        let bytes = finish(minify, &path, html.into_bytes());
                        (path, bytes)
                    })
                    .collect();
                for (path, bytes) in done {
                    self.streamed.remove(&path);
                    self.files.insert(path, Bytes::from(bytes));
                }
                Ok(())
            }
            Some(sink) => {
                let first_error = Mutex::new(None);
                let written: Vec<String> = pages
                    .filter_map(|(path, html)| {
                        let bytes = finish(minify, &path, html.into_bytes());
                        let dest = sink.root.join(&path);
                        let old = sink.previous.join(&path);
                        match place_bytes(&dest, &old, &bytes) {
                            Ok(()) => Some(path),
                            Err(e) => {
                                let d = io_error(&dest, "cannot write a file", e);
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

    /// Adds a large generated file (open data): in a streamed build it is
    /// written to the staging folder at once and not kept in memory; HTML
    /// is minified as in [`Output::add`].
    pub fn add_large(&mut self, path: impl Into<String>, text: String) -> Result<(), Diagnostic> {
        self.add_pages(rayon::iter::once((path.into(), text)))
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
        let src = match (self.copies.get(path), &self.sink) {
            (Some(src), _) => src.clone(),
            (None, Some(sink)) if self.streamed.contains(path) => sink.root.join(path),
            _ => return None,
        };
        std::fs::read(src).ok().map(Cow::Owned)
    }
}

/// How `minify-html` is set: standards-compliant output that the Nu HTML
/// checker accepts (quoted attribute values, the full doctype, entities as
/// written); `<html lang>` and every other attribute are kept.
fn minify_cfg() -> minify_html::Cfg {
    minify_html::Cfg {
        keep_html_and_head_opening_tags: true,
        // Scripts are files of the theme; nothing inline to minify.
        minify_js: false,
        minify_css: false,
        ..minify_html::Cfg::default()
    }
}

/// A file on its way into the output: HTML is minified when asked.
fn finish(minify_html: bool, path: &str, bytes: Vec<u8>) -> Vec<u8> {
    if minify_html && path.ends_with(".html") {
        minify_html::minify(&bytes, &minify_cfg())
    } else {
        bytes
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn io_error(path: &Path, what: &str, e: io::Error) -> Diagnostic {
    Diagnostic::error(
        path.display().to_string(),
        format!(
            "{what} ({e}); check that the folder exists and that you may write there, or choose another with --output DIR. An earlier build there, if any, is unchanged"
        ),
    )
}

/// The file every output gets, so that the next build knows the folder is
/// its own to replace. Not part of an [`Output`]: the preview never has it,
/// and no sitemap, feed or search index lists it.
pub const MARKER: &str = ".lupaus-output";

/// What [`MARKER`] says to someone who finds it.
const MARKER_TEXT: &str = "written by lupaus; this folder is replaced on every build, so keep nothing of your own in it\n";

/// `--output DIR` is not a folder a build may replace: what it is, what
/// replacing it would destroy, and what to do instead.
fn refusal(target: &Path, what: &str, loss: &str, fix: &str) -> Diagnostic {
    Diagnostic::error(
        target.display().to_string(),
        format!(
            "{what}, and a build replaces its output as a whole: {loss}. Nothing was written; {fix}"
        ),
    )
}

/// Whether a build may replace `target`: it does not exist, or it is a
/// folder that is empty, holds a [`MARKER`], or is a build of an earlier
/// version (see [`looks_like_a_previous_build`]). A file, a symbolic link
/// and any other folder are refused, so that `--output` naming the wrong
/// place cannot delete a writer's files.
pub fn check_replaceable(target: &Path) -> Result<(), Diagnostic> {
    // Anything that cannot even be looked at (a missing path, a path under
    // a file) holds nothing to lose; creating the folder reports the rest.
    let Ok(meta) = std::fs::symlink_metadata(target) else {
        return Ok(());
    };
    let name = target.display();
    if meta.file_type().is_symlink() {
        let points_to = std::fs::canonicalize(target)
            .map(|p| format!(" (`{}`)", p.display()))
            .unwrap_or_default();
        return Err(refusal(
            target,
            "this is a symbolic link",
            "the link would become a folder",
            &format!(
                "give the folder it points to{points_to} as --output, or choose another --output"
            ),
        ));
    }
    if !meta.is_dir() {
        return Err(refusal(
            target,
            "this is a file, not a folder",
            "the file would be lost",
            &format!(
                "choose another --output (a new or empty folder), or delete {name} if you do not need it"
            ),
        ));
    }
    let mut entries = std::fs::read_dir(target)
        .map_err(|e| io_error(target, "cannot read the output folder", e))?;
    if entries.next().is_none() || is_earlier_build(target) {
        return Ok(());
    }
    Err(refusal(
        target,
        &format!("this folder has files that lupaus did not write (there is no {MARKER} in it)"),
        "they would be deleted",
        &format!(
            "choose another --output (a new or empty folder), empty {name}, or delete it if you do not need what is in it"
        ),
    ))
}

/// Whether `target` holds an earlier build: a folder, not a symbolic link,
/// with a [`MARKER`] in it or written by a version from before the marker
/// (see [`looks_like_a_previous_build`]). A failed build leaves such a
/// folder as it was, which is worth saying; any other target holds no
/// output to keep.
pub fn is_earlier_build(target: &Path) -> bool {
    std::fs::symlink_metadata(target).is_ok_and(|m| m.is_dir())
        && (std::fs::symlink_metadata(target.join(MARKER)).is_ok_and(|m| m.is_file())
            || looks_like_a_previous_build(target))
}

/// Whether `dir` is the output of a version of lupaus from before
/// [`MARKER`] existed: such a build has no marker, but always wrote
/// `sitemap.xml`, `data/promise.json` and a `css/style.<hash>.css`. All
/// three together do not happen by chance in a folder of one's own, so the
/// old `public/` is rebuilt in place (and gets its marker) without asking.
fn looks_like_a_previous_build(dir: &Path) -> bool {
    let is_file =
        |rel: &str| std::fs::symlink_metadata(dir.join(rel)).is_ok_and(|m| m.file_type().is_file());
    let has_stylesheet = || {
        std::fs::read_dir(dir.join("css")).is_ok_and(|entries| {
            entries.filter_map(Result::ok).any(|e| {
                let name = e.file_name();
                let name = name.to_string_lossy();
                name.starts_with("style.")
                    && name.ends_with(".css")
                    && name.len() > "style..css".len()
                    && e.file_type().is_ok_and(|t| t.is_file())
            })
        })
    };
    is_file("sitemap.xml") && is_file("data/promise.json") && has_stylesheet()
}

/// Refuses an output that would replace the site itself: the site root, a
/// folder that holds it (`--output .` in a subfolder, `--output ..`), or
/// its `content/` or `themes/` folder, a folder inside them or one that
/// holds them. Paths are compared after resolving links (`..`, symbolic
/// links) as far as they exist; the output itself may not exist yet.
pub fn check_site_folders(target: &Path, root: &Path) -> Result<(), Diagnostic> {
    let (Some(out), Some(root)) = (resolve(target), resolve(root)) else {
        return Ok(());
    };
    // `--output .` names the folder it means only to the one who typed it.
    let shown = |what: String| {
        if out.as_path() == target {
            what
        } else {
            format!("{what} (`{}`)", out.display())
        }
    };
    let default = root.join("public");
    let fix = format!(
        "choose a folder of its own, e.g. --output {} (the default)",
        default.display()
    );
    if out == root {
        return Err(refusal(
            target,
            &shown("this is the site folder itself".into()),
            "content/ would be deleted",
            &fix,
        ));
    }
    if root.starts_with(&out) {
        return Err(refusal(
            target,
            &shown(format!(
                "this folder holds the site folder {}",
                root.display()
            )),
            "the site would be deleted",
            &fix,
        ));
    }
    for name in ["content", "themes"] {
        let dir = root.join(name);
        let dir = resolve(&dir).unwrap_or(dir);
        if out.starts_with(&dir) || dir.starts_with(&out) {
            let (place, loss) = if out == dir {
                (format!("this is the site's {name}/ folder"), "it")
            } else if out.starts_with(&dir) {
                (
                    format!("this folder is inside the site's {name}/ folder"),
                    "that part of it",
                )
            } else {
                (format!("this folder holds the site's {name}/ folder"), "it")
            };
            return Err(refusal(
                target,
                &shown(place),
                &format!("{loss} would be deleted"),
                &fix,
            ));
        }
    }
    Ok(())
}

/// `path` made absolute with links resolved: the longest part that exists
/// is canonicalized, and the rest (folders not created yet, so no links)
/// is added by name, `..` taking one away. `None` only when not even the
/// current folder is known.
fn resolve(path: &Path) -> Option<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    let (mut base, rest) = absolute.ancestors().find_map(|a| {
        let canon = std::fs::canonicalize(a).ok()?;
        let rest = absolute.strip_prefix(a).ok()?.to_path_buf();
        Some((canon, rest))
    })?;
    for c in rest.components() {
        match c {
            std::path::Component::ParentDir => {
                base.pop();
            }
            std::path::Component::Normal(n) => base.push(n),
            _ => {}
        }
    }
    Some(base)
}

/// Writes `bytes` to `dest`, creating its folder when needed. When the
/// previous output's `old` has the same bytes, `dest` becomes a hard link
/// to it (same inode and modification time across builds); when `dest`, in
/// a staging folder brought up to date, already has them, it is left alone.
fn place_bytes(dest: &Path, old: &Path, bytes: &[u8]) -> io::Result<()> {
    let has_bytes = |p: &Path| {
        regular_len(p) == Some(bytes.len() as u64) && std::fs::read(p).is_ok_and(|b| b == bytes)
    };
    if has_bytes(old) {
        if same_file(old, dest) {
            return Ok(());
        }
        if remove_entry(dest).is_ok() && link(old, dest).is_ok() {
            return Ok(());
        }
    } else if has_bytes(dest) {
        return Ok(());
    }
    with_parent(dest, || write_new(dest, bytes))
}

/// Copies `src` to `dest`, as [`place_bytes`] writes bytes.
fn place_copy(dest: &Path, old: &Path, src: &Path) -> io::Result<()> {
    let src_len = std::fs::metadata(src)?.len();
    let has_src = |p: &Path| -> io::Result<bool> {
        Ok(regular_len(p) == Some(src_len) && same_content(p, src)?)
    };
    if has_src(old)? {
        if same_file(old, dest) {
            return Ok(());
        }
        if remove_entry(dest).is_ok() && link(old, dest).is_ok() {
            return Ok(());
        }
    } else if has_src(dest)? {
        return Ok(());
    }
    with_parent(dest, || {
        remove_entry(dest)?;
        std::fs::copy(src, dest).map(|_| ())
    })
}

/// The size of `path` when it is a regular file (not a link or folder).
fn regular_len(path: &Path) -> Option<u64> {
    std::fs::symlink_metadata(path)
        .ok()
        .filter(|m| m.file_type().is_file())
        .map(|m| m.len())
}

/// Whether `a` and `b` are the same file (hard links to one inode).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::symlink_metadata(a), std::fs::symlink_metadata(b)) {
            (Ok(x), Ok(y)) => x.is_file() && x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// Writes a new file at `dest`. Whatever is already there (a file written
/// earlier in this build, perhaps a link to the previous output's, or what
/// a reused staging folder held) is removed first, never written through,
/// so the previous output cannot change.
fn write_new(dest: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let open = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(dest)
    };
    let mut f = match open() {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            remove_entry(dest)?;
            open()?
        }
        r => r?,
    };
    f.write_all(bytes)
}

/// Removes what is at `dest` in the staging folder: a file, a link (not
/// what it points to), or a folder an earlier output had where a file now
/// goes. Nothing there is fine.
fn remove_entry(dest: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(dest) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(dest),
        Ok(_) => std::fs::remove_file(dest),
    }
}

fn link(old: &Path, dest: &Path) -> io::Result<()> {
    with_parent(dest, || std::fs::hard_link(old, dest))
}

/// Runs `f`; when it fails because `dest`'s folder is missing, creates the
/// folder and runs it again.
fn with_parent(dest: &Path, f: impl Fn() -> io::Result<()>) -> io::Result<()> {
    match f() {
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            make_parent(dest)?;
            f()
        }
        r => r,
    }
}

/// Creates `dest`'s folder (see [`make_folder`]).
fn make_parent(dest: &Path) -> io::Result<()> {
    match dest.parent() {
        Some(dir) => make_folder(dir),
        None => Ok(()),
    }
}

/// Creates the folder `dir` in a staging folder. In a reused staging folder
/// an earlier output may have a file (or link) where a folder now goes: it
/// is removed.
fn make_folder(dir: &Path) -> io::Result<()> {
    if std::fs::create_dir_all(dir).is_ok() {
        return Ok(());
    }
    // The staging folder itself and everything above it are folders, so
    // the first ancestor that is not one is inside the staging folder.
    if let Some(blocker) = dir
        .ancestors()
        .find(|a| std::fs::symlink_metadata(a).is_ok_and(|m| !m.is_dir()))
    {
        std::fs::remove_file(blocker)?;
    }
    std::fs::create_dir_all(dir)
}

/// Whether two files of the same size have the same bytes, read in chunks.
fn same_content(a: &Path, b: &Path) -> io::Result<bool> {
    let (mut fa, mut fb) = (File::open(a)?, File::open(b)?);
    let (mut ba, mut bb) = (vec![0u8; 64 * 1024], vec![0u8; 64 * 1024]);
    loop {
        let n = read_full(&mut fa, &mut ba)?;
        let m = read_full(&mut fb, &mut bb)?;
        if n != m || ba[..n] != bb[..m] {
            return Ok(false);
        }
        if n == 0 {
            return Ok(true);
        }
    }
}

fn read_full(f: &mut File, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// The folder beside the target that a build writes into, moved into place
/// by [`Staging::commit`] and deleted when dropped.
///
/// It is the output before last when there is one: each build leaves the
/// output it replaced beside the new one as `.<name>.prev`, and the next
/// build brings that folder up to date in place instead of creating every
/// folder and file anew and deleting the old tree (on a slow disk those
/// were a second of a 10,000-page build). Files are never written through
/// (a changed file is replaced, an unchanged one is a hard link to the
/// current output's), and what the new output does not have is deleted
/// before the swap, so the result is the same as a fresh folder's.
#[derive(Debug)]
pub struct Staging {
    /// A temporary folder beside the target holding `root`: dropping it
    /// deletes everything of this build that did not reach the target.
    dir: tempfile::TempDir,
    /// The folder the output is written into (`dir/site`).
    root: PathBuf,
    /// Whether `root` is a kept earlier output (it may hold files the new
    /// output does not have).
    reused: bool,
    target: PathBuf,
    parent: PathBuf,
    name: String,
}

/// Where the output that a build replaced is kept for the next build:
/// `.<name>.prev` in `parent`, beside the target `name`.
fn kept_folder(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.prev"))
}

/// A temporary folder beside the output that could not be created.
fn temp_folder_error(parent: &Path, e: io::Error) -> Diagnostic {
    io_error(
        parent,
        "cannot create a temporary folder beside the output",
        e,
    )
}

/// Whether `kept` is an output a build left to reuse: a folder with the
/// [`MARKER`], and nothing in it that is neither a file nor a folder (a
/// symbolic link could make a write land outside it).
fn reusable(kept: &Path) -> bool {
    if !std::fs::symlink_metadata(kept).is_ok_and(|m| m.is_dir())
        || !std::fs::symlink_metadata(kept.join(MARKER)).is_ok_and(|m| m.is_file())
    {
        return false;
    }
    walkdir::WalkDir::new(kept)
        .into_iter()
        .all(|e| e.is_ok_and(|e| e.file_type().is_file() || e.file_type().is_dir()))
}

impl Staging {
    /// Creates the staging folder beside `target` (and `target`'s parent
    /// when missing), taking over the kept output before last when there is
    /// one. Refuses a target that is not a build's to replace (see
    /// [`check_replaceable`]).
    pub fn beside(target: &Path) -> Result<Staging, Diagnostic> {
        check_replaceable(target)?;
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)
            .map_err(|e| io_error(&parent, "cannot create the output's parent folder", e))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "public".into());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.new-"))
            .tempdir_in(&parent)
            .map_err(|e| temp_folder_error(&parent, e))?;
        let root = dir.path().join("site");
        // Taken by moving it: a second build at the same time finds none.
        let kept = kept_folder(&parent, &name);
        let reused = if reusable(&kept) {
            std::fs::rename(&kept, &root).is_ok()
        } else {
            // Not ours to reuse, or damaged: a fresh folder, and the next
            // swap keeps a good one.
            if std::fs::symlink_metadata(kept.join(MARKER)).is_ok() {
                let _ = remove_dir_all::remove_dir_all(&kept);
            }
            false
        };
        if !reused {
            std::fs::create_dir(&root).map_err(|e| temp_folder_error(&parent, e))?;
        }
        Ok(Staging {
            dir,
            root,
            reused,
            target: target.to_path_buf(),
            parent,
            name,
        })
    }

    /// An empty output that writes its pages into this folder as they are
    /// added.
    pub fn output(&self, minify_html: bool) -> Output {
        Output {
            minify_html,
            sink: Some(Sink {
                root: self.root.clone(),
                previous: self.target.clone(),
            }),
            ..Output::default()
        }
    }

    /// Writes the files of `output` not written yet, deletes what a reused
    /// folder holds that `output` does not, then replaces the target with
    /// this folder. On error the previous target is left as it was and this
    /// folder is deleted.
    pub fn commit(self, output: &Output) -> Result<(), Diagnostic> {
        let root = self.root.as_path();
        let previous = self.target.as_path();
        let mut dirs: Vec<PathBuf> = output
            .files
            .keys()
            .chain(output.copies.keys())
            .filter_map(|p| root.join(p).parent().map(Path::to_path_buf))
            .collect();
        dirs.sort();
        dirs.dedup();
        for d in &dirs {
            make_folder(d).map_err(|e| io_error(d, "cannot create a folder", e))?;
        }
        output.files.par_iter().try_for_each(|(p, bytes)| {
            let dest = root.join(p);
            place_bytes(&dest, &previous.join(p), bytes)
                .map_err(|e| io_error(&dest, "cannot write a file", e))
        })?;
        output.copies.par_iter().try_for_each(|(p, src)| {
            let dest = root.join(p);
            place_copy(&dest, &previous.join(p), src)
                .map_err(|e| io_error(&dest, "cannot copy a file", e))
        })?;
        let marker = root.join(MARKER);
        place_bytes(&marker, &previous.join(MARKER), MARKER_TEXT.as_bytes())
            .map_err(|e| io_error(&marker, "cannot write a file", e))?;
        if self.reused {
            prune(root, output)?;
        }
        self.swap()
    }

    /// Swap: move the old output aside, move the new one in, then keep the
    /// old one for the next build (or delete it).
    fn swap(self) -> Result<(), Diagnostic> {
        let Staging {
            dir,
            root,
            target,
            parent,
            name,
            ..
        } = self;
        let target = target.as_path();
        // Checked again: the target may have changed while the site was
        // rendered. (The dropped `dir` deletes the staging folder.)
        check_replaceable(target)?;
        let old = if std::fs::symlink_metadata(target).is_ok() {
            let aside = tempfile::Builder::new()
                .prefix(&format!(".{name}.old-"))
                .tempdir_in(&parent)
                .map_err(|e| temp_folder_error(&parent, e))?;
            let aside_target = aside.path().join("old");
            std::fs::rename(target, &aside_target)
                .map_err(|e| io_error(target, "cannot replace the output folder", e))?;
            Some((aside, aside_target))
        } else {
            None
        };
        if let Err(e) = std::fs::rename(&root, target) {
            if let Some((aside, aside_target)) = old
                && std::fs::rename(&aside_target, target).is_err()
            {
                // Never delete the previous output: leave it where it is.
                let _ = aside.keep();
            }
            return Err(io_error(target, "cannot move the new output into place", e));
        }
        drop(dir);
        if let Some((aside, aside_target)) = old {
            // An output of this version (with its marker) is kept for the
            // next build; anything else is deleted, with several threads.
            let kept = kept_folder(&parent, &name);
            let keep = std::fs::symlink_metadata(aside_target.join(MARKER))
                .is_ok_and(|m| m.is_file())
                && std::fs::symlink_metadata(&kept).is_err()
                && std::fs::rename(&aside_target, &kept).is_ok();
            let aside = aside.keep();
            if keep {
                let _ = std::fs::remove_dir(&aside);
            } else {
                let _ = remove_dir_all::remove_dir_all(&aside);
            }
        }
        Ok(())
    }
}

/// Deletes from a reused staging folder what `output` does not have (files
/// of pages that are gone, and folders left empty).
fn prune(root: &Path, output: &Output) -> Result<(), Diagnostic> {
    let wanted: std::collections::HashSet<&str> =
        output.paths().chain(std::iter::once(MARKER)).collect();
    for entry in walkdir::WalkDir::new(root)
        .min_depth(1)
        .contents_first(true)
    {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(root).to_path_buf();
            io_error(&path, "cannot read the staging folder", e.into())
        })?;
        let path = entry.path();
        if entry.file_type().is_dir() {
            // Only when empty: a folder of the new output keeps its files.
            let _ = std::fs::remove_dir(path);
            continue;
        }
        let rel = path
            .strip_prefix(root)
            .ok()
            .map(|r| {
                r.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .unwrap_or_default();
        if !wanted.contains(rel.as_str()) {
            std::fs::remove_file(path)
                .map_err(|e| io_error(path, "cannot delete an old file", e))?;
        }
    }
    Ok(())
}

/// Writes `output` to `target`, replacing what was there only after every
/// file is written. On error the previous `target` is left as it was.
pub fn write_atomic(output: &Output, target: &Path) -> Result<(), Diagnostic> {
    Staging::beside(target)?.commit(output)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        // No temporary folders left behind; the replaced output is kept
        // for the next build.
        let mut beside = only_entry(dir.path());
        beside.sort();
        assert_eq!(beside, [".public.prev", "public"]);
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
