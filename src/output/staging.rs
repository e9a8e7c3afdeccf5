//! The staging folder a build writes into beside its target, and the swap
//! that puts it in place: files are placed without writing through to the
//! previous output (unchanged ones are hard links to it), the output before
//! last is kept as `.<name>.prev` and brought up to date by the next build.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::sums::{self, Sums};
use super::{MARKER, MARKER_TEXT, Output, Sink, Store, check_replaceable, io_error};
use crate::diagnostics::Diagnostic;

/// Writes `bytes` to `dest`, creating its folder when needed. When the
/// previous output's `old` has the same bytes, `dest` becomes a hard link
/// to it (same inode and modification time across builds); when `dest`, in
/// a staging folder brought up to date, already has them, it is left alone.
/// With `sums` (the output path and the build's records), whether `old`
/// has the bytes is taken from the previous build's record where it still
/// describes the file, and this placing is recorded.
pub(super) fn place_bytes(
    dest: &Path,
    old: &Path,
    bytes: &[u8],
    sums: Option<(&str, &Sums)>,
) -> io::Result<()> {
    let has_bytes = |p: &Path| {
        regular_len(p) == Some(bytes.len() as u64) && std::fs::read(p).is_ok_and(|b| b == bytes)
    };
    let recorded = sums.and_then(|(rel, sums)| {
        sums.placing(
            rel,
            old,
            bytes.len() as u64,
            crate::digest::Digest::of(bytes),
        )
    });
    if recorded.unwrap_or_else(|| has_bytes(old)) {
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

/// Writes a file as large as the site as `write` makes it, to a new file
/// at `dest` (never through a link to the previous output); when it then
/// turns out to have the same bytes as the previous output's `old`, `dest`
/// becomes a hard link to that, as in [`place_bytes`] (with `sums`, as
/// far as the previous build's record tells, without reading either).
/// Returns the file's length.
pub(super) fn place_written(
    dest: &Path,
    old: &Path,
    write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
    sums: Option<(&str, &Sums)>,
) -> io::Result<u64> {
    remove_entry(dest)?;
    let file = match File::create_new(dest) {
        Err(e) if matches!(e.kind(), io::ErrorKind::NotFound) => {
            make_parent(dest)?;
            File::create_new(dest)?
        }
        r => r?,
    };
    let mut out = Counted {
        inner: io::BufWriter::with_capacity(256 * 1024, file),
        len: 0,
        hash: crate::digest::Hasher::new(),
    };
    write(&mut out)?;
    out.inner.into_inner().map_err(|e| e.into_error())?;
    let recorded =
        sums.and_then(|(rel, sums)| sums.placing(rel, old, out.len, out.hash.finalize()));
    let same = match recorded {
        Some(same) => same,
        None => regular_len(old) == Some(out.len) && same_content(old, dest)?,
    };
    if same && remove_entry(dest).is_ok() {
        link(old, dest)?;
    }
    Ok(out.len)
}

/// A writer that counts and hashes what goes through it.
struct Counted<W> {
    inner: W,
    len: u64,
    hash: crate::digest::Hasher,
}

impl<W: io::Write> io::Write for Counted<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(bytes)?;
        self.len += n as u64;
        self.hash.update(&bytes[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
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
    /// Held locked while the build runs: a later build that finds this
    /// folder can lock it only once the build is gone (killed, say), and
    /// then removes it (see [`clear_leftovers`]). Declared before `dir` so
    /// that it is closed first: Windows cannot delete an open file, and the
    /// folder would stay behind.
    _lock: File,
    /// A temporary folder beside the target holding `root`: dropping it
    /// deletes everything of this build that did not reach the target.
    dir: tempfile::TempDir,
    /// The folder the output is written into (`dir/site`).
    root: PathBuf,
    /// What `root` held when it was a kept earlier output (it may hold
    /// files the new output does not have); `None` for a new folder.
    reused: Option<Inventory>,
    target: PathBuf,
    parent: PathBuf,
    name: String,
    /// The previous build's records of its files, and this build's.
    sums: std::sync::Arc<Sums>,
}

/// The file in a staging folder that its build holds locked.
const LOCK: &str = ".lock";

/// How old a staging folder without a lock file must be before it is taken
/// for a leftover: a live build creates its lock file right after the
/// folder, so only a version from before the lock, or a build killed in
/// that instant, leaves one without.
const UNLOCKED_GRACE: std::time::Duration = std::time::Duration::from_secs(60);

/// Removes what builds that did not finish left beside the target `name`
/// in `parent`: staging folders (`.<name>.new-…`) whose build no longer
/// holds their lock, as large as a site each. A folder set aside in a swap
/// (`.<name>.old-…/old`, only where the swap is two renames) holds the
/// previous output: when the target is missing it is moved back first, so
/// what a reader had is what the build finds.
fn clear_leftovers(parent: &Path, name: &str, target: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let staging = format!(".{name}.new-");
    let aside = format!(".{name}.old-");
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let path = entry.path();
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        if file_name.starts_with(&staging) {
            if abandoned(&path, UNLOCKED_GRACE) {
                let _ = remove_dir_all::remove_dir_all(&path);
            }
        } else if file_name.starts_with(&aside) && abandoned(&path, std::time::Duration::ZERO) {
            let old = path.join("old");
            if std::fs::symlink_metadata(target).is_err()
                && std::fs::symlink_metadata(old.join(MARKER)).is_ok_and(|m| m.is_file())
                && std::fs::rename(&old, target).is_err()
            {
                continue; // never delete the only copy of the previous output
            }
            let _ = remove_dir_all::remove_dir_all(&path);
        }
    }
}

/// Whether no running build holds the folder `dir`: its lock file can be
/// locked, or it has none and is older than `grace`. (A set-aside folder
/// gets its lock before the output is moved into it, so one without a lock
/// is a leftover at once: a version from before the lock left it.)
fn abandoned(dir: &Path, grace: std::time::Duration) -> bool {
    match File::options().write(true).open(dir.join(LOCK)) {
        Ok(f) => f.try_lock().is_ok(),
        Err(_) => std::fs::symlink_metadata(dir)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= grace),
    }
}

/// Takes the lock of a new staging or set-aside folder `dir`.
fn take_lock(dir: &Path) -> io::Result<File> {
    let f = File::create(dir.join(LOCK))?;
    f.try_lock().map_err(io::Error::other)?;
    Ok(f)
}

/// Where the output that a build replaced is kept for the next build:
/// `.<name>.prev` in `parent`, beside the target `name`.
fn kept_folder(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.prev"))
}

/// A temporary folder beside the output that could not be created.
fn temp_folder_error(parent: &Path, e: io::Error) -> Diagnostic {
    io_error(parent, "@io.create_temp", e)
}

/// What a kept output held when a build took it over: the relative path
/// (`/` between names) of each file and each folder, `\0` after each, so
/// that [`prune`] finds what the new output does not have without reading
/// every folder again. (One text each: at 50,000 pages they are a few MB
/// as separate strings.)
#[derive(Debug, Default)]
struct Inventory {
    files: String,
    folders: String,
}

/// What the folder `kept` holds, when it is an output a build left to
/// reuse: a folder with the [`MARKER`], and nothing in it that is neither a
/// file nor a folder (a symbolic link could make a write land outside it),
/// every name readable as text.
fn reusable(kept: &Path) -> Option<Inventory> {
    if !std::fs::symlink_metadata(kept).is_ok_and(|m| m.is_dir())
        || !std::fs::symlink_metadata(kept.join(MARKER)).is_ok_and(|m| m.is_file())
    {
        return None;
    }
    let mut inventory = Inventory::default();
    take_inventory(kept, "", &mut inventory)?;
    Some(inventory)
}

/// Adds what is under the folder `dir` (at `rel` in the output) to
/// `inventory`; `None` unless everything there is a plain file or folder
/// (no link, no special file, nothing unreadable, no name that is not
/// text). The folders are read one after another: this runs on a thread
/// of its own while the site is loaded (`build.rs`); read side by side on
/// the threads that load the site, it took longer and slowed the load.
fn take_inventory(dir: &Path, rel: &str, inventory: &mut Inventory) -> Option<()> {
    for entry in std::fs::read_dir(dir).ok()? {
        let entry = entry.ok()?;
        let kind = entry.file_type().ok()?;
        let name = entry.file_name();
        let name = name.to_str()?;
        let path = if rel.is_empty() {
            name.to_string()
        } else {
            format!("{rel}/{name}")
        };
        if kind.is_dir() {
            inventory.folders.push_str(&path);
            inventory.folders.push('\0');
            take_inventory(&entry.path(), &path, inventory)?;
        } else if kind.is_file() {
            inventory.files.push_str(&path);
            inventory.files.push('\0');
        } else {
            return None;
        }
    }
    Some(())
}

/// The folder output folder `target` is in, where its staging folder is
/// made (`.` for a name without one, `public`).
pub fn folder_of(target: &Path) -> &Path {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

impl Staging {
    /// Creates the staging folder beside `target` (and `target`'s parent
    /// when missing), taking over the kept output before last when there is
    /// one. Refuses a target that is not a build's to replace (see
    /// [`check_replaceable`]).
    pub fn beside(target: &Path) -> Result<Staging, Diagnostic> {
        check_replaceable(target)?;
        let parent = folder_of(target).to_path_buf();
        std::fs::create_dir_all(&parent).map_err(|e| io_error(&parent, "@io.create_parent", e))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "public".into());
        clear_leftovers(&parent, &name, target);
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.new-"))
            .tempdir_in(&parent)
            .map_err(|e| temp_folder_error(&parent, e))?;
        let lock = take_lock(dir.path()).map_err(|e| temp_folder_error(&parent, e))?;
        let root = dir.path().join("site");
        // Taken by moving it: a second build at the same time finds none.
        let kept = kept_folder(&parent, &name);
        let reused = match reusable(&kept) {
            Some(inventory) => std::fs::rename(&kept, &root).is_ok().then_some(inventory),
            None => {
                // Not ours to reuse, or damaged: a fresh folder, and the next
                // swap keeps a good one.
                if std::fs::symlink_metadata(kept.join(MARKER)).is_ok() {
                    let _ = remove_dir_all::remove_dir_all(&kept);
                }
                None
            }
        };
        if reused.is_none() {
            std::fs::create_dir(&root).map_err(|e| temp_folder_error(&parent, e))?;
        }
        Ok(Staging {
            _lock: lock,
            dir,
            root,
            reused,
            target: target.to_path_buf(),
            sums: std::sync::Arc::new(Sums::load(&sums::file(&parent, &name))),
            parent,
            name,
        })
    }

    /// An empty output that writes its pages into this folder as they are
    /// added.
    pub fn output(&self, minify_html: bool) -> Output {
        Output {
            minify_html,
            store: Store::Staged(Sink {
                root: self.root.clone(),
                previous: self.target.clone(),
                sums: self.sums.clone(),
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
            make_folder(d).map_err(|e| io_error(d, "@io.create_folder", e))?;
        }
        output.files.par_iter().try_for_each(|(p, bytes)| {
            let dest = root.join(p);
            place_bytes(&dest, &previous.join(p), bytes, Some((p, &self.sums)))
                .map_err(|e| io_error(&dest, "@io.write_file", e))
        })?;
        output.copies.par_iter().try_for_each(|(p, src)| {
            let dest = root.join(p);
            place_copy(&dest, &previous.join(p), src)
                .map_err(|e| io_error(&dest, "@io.copy_file", e))
        })?;
        let marker = root.join(MARKER);
        place_bytes(
            &marker,
            &previous.join(MARKER),
            MARKER_TEXT.as_bytes(),
            None,
        )
        .map_err(|e| io_error(&marker, "@io.write_file", e))?;
        if let Some(kept) = &self.reused {
            prune(root, output, kept)?;
        }
        let records = sums::file(&self.parent, &self.name);
        let (sums, target) = (self.sums.clone(), self.target.clone());
        self.swap()?;
        sums.write(&target, &records);
        Ok(())
    }

    /// Swap: the new output takes the target's place in one step where the
    /// system can exchange two folders atomically (Linux), so a reader or a
    /// killed build never finds the target missing; elsewhere the old
    /// output is moved aside and the new one in, and a build killed between
    /// the two moves leaves the old output set aside, which the next build
    /// moves back ([`clear_leftovers`]). The old output is then kept for the
    /// next build (or deleted).
    fn swap(self) -> Result<(), Diagnostic> {
        let Staging {
            dir,
            root,
            target,
            parent,
            name,
            _lock,
            ..
        } = self;
        let target = target.as_path();
        // Checked again: the target may have changed while the site was
        // rendered. (The dropped `dir` deletes the staging folder.)
        check_replaceable(target)?;
        if std::fs::symlink_metadata(target).is_err() {
            std::fs::rename(&root, target).map_err(|e| io_error(target, "@io.move_output", e))?;
            return Ok(());
        }
        match exchange(&root, target) {
            Ok(()) => {
                // `root` now holds the old output, inside `dir`.
                keep_for_next_build(&root, &parent, &name);
                drop(_lock); // closed first: Windows cannot delete an open file
                drop(dir);
                return Ok(());
            }
            Err(e) if !unsupported(&e) => {
                return Err(io_error(target, "@io.replace_output", e));
            }
            Err(_) => {}
        }
        let aside = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .tempdir_in(&parent)
            .map_err(|e| temp_folder_error(&parent, e))?;
        let _aside_lock = take_lock(aside.path()).map_err(|e| temp_folder_error(&parent, e))?;
        let aside_target = aside.path().join("old");
        std::fs::rename(target, &aside_target)
            .map_err(|e| io_error(target, "@io.replace_output", e))?;
        if let Err(e) = std::fs::rename(&root, target) {
            if std::fs::rename(&aside_target, target).is_err() {
                // Never delete the previous output: leave it where it is.
                let _ = aside.keep();
            }
            return Err(io_error(target, "@io.move_output", e));
        }
        drop(_lock); // closed first: Windows cannot delete an open file
        drop(dir);
        keep_for_next_build(&aside_target, &parent, &name);
        Ok(())
    }
}

/// Keeps the replaced output `old` as `.<name>.prev` for the next build
/// when it is an output of this version (with its marker) and none is kept
/// yet; whatever is left of it where it stands is for its caller to delete
/// (it is inside a temporary folder).
fn keep_for_next_build(old: &Path, parent: &Path, name: &str) {
    let kept = kept_folder(parent, name);
    if std::fs::symlink_metadata(old.join(MARKER)).is_ok_and(|m| m.is_file())
        && std::fs::symlink_metadata(&kept).is_err()
    {
        let _ = std::fs::rename(old, &kept);
    }
}

/// Exchanges the folders `a` and `b` in one atomic step
/// (`renameat2(RENAME_EXCHANGE)`).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths that live across the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Where the system has no atomic exchange: two renames (see
/// [`Staging::swap`]).
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Whether an exchange failed only because the system or file system does
/// not offer it.
fn unsupported(e: &io::Error) -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if matches!(
        e.raw_os_error(),
        Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::EOPNOTSUPP)
    ) {
        return true;
    }
    e.kind() == io::ErrorKind::Unsupported
}

/// Deletes from a reused staging folder what `output` does not have:
/// the files of `kept` (what the folder held when this build took it
/// over; everything written since is the output's) that are not the
/// output's, then the folders of `kept` that hold none of the output's
/// files, deepest first.
fn prune(root: &Path, output: &Output, kept: &Inventory) -> Result<(), Diagnostic> {
    let wanted: std::collections::HashSet<&str> =
        output.paths().chain(std::iter::once(MARKER)).collect();
    for file in kept.files.split_terminator('\0') {
        if wanted.contains(file) {
            continue;
        }
        let path = root.join(file);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            // A folder of the new output where a file was.
            Err(_) if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) => {}
            Err(e) => return Err(io_error(&path, "@io.delete_old", e)),
        }
    }
    let mut holding: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for path in &wanted {
        let mut rest = *path;
        while let Some(slash) = rest.rfind('/') {
            rest = &rest[..slash];
            if !holding.insert(rest) {
                break;
            }
        }
    }
    let mut folders: Vec<&str> = kept
        .folders
        .split_terminator('\0')
        .filter(|f| !holding.contains(f))
        .collect();
    // A folder's own folders sort after it: reversed, they go first.
    folders.sort_unstable_by(|a, b| b.cmp(a));
    for folder in folders {
        // Only when empty: something put there during the build stays.
        let _ = std::fs::remove_dir(root.join(folder));
    }
    Ok(())
}
