//! What the last build recorded of the files it wrote, so that the next one
//! need not read them back: each file's length, inode, modification time
//! and fingerprint (`crate::digest`), kept beside the output as
//! `.<name>.sums` (a cache, never published). A record of an earlier
//! version (a BLAKE3 hash) is not read: its file is read and compared.
//!
//! A build places each file by comparing it with the previous output's
//! copy (unchanged files become hard links to it, see `staging`). Reading
//! every previous file back to compare was about 15 % of a 10,000-page
//! build's CPU time. When the previous copy's length, inode and
//! modification time are still the recorded ones, the recorded hash stands
//! for its bytes; anything else (no record, a file changed or replaced
//! since, a system without inodes) is read and compared as before. A
//! record can only be wrong if a file was rewritten in place with the same
//! length and its modification time set back, which no tool does unasked.

use std::io::{self, BufRead, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The records of the previous build and those this build makes.
#[derive(Debug, Default)]
pub(super) struct Sums {
    /// What the previous build recorded, by its output path's [`path_key`],
    /// sorted: a number, not the path, since a 50,000-page build holds one
    /// per page (in a list at its size: a hash map's room took a third
    /// more). Two paths with one key cannot mislead: a record stands only
    /// for a file with its inode and modification time ([`Sums::same`]).
    known: Box<[(u64, Sum)]>,
    /// What this build placed: output path and hash.
    placed: Mutex<Placed>,
}

/// What a build placed, until [`Sums::write`] records it: a line each
/// (`hash path`) in an unnamed temporary file beside the output, which
/// the system deletes however the build ends (a 50,000-page build held
/// 4.8 MB of them in memory); in memory when that file cannot be made.
#[derive(Debug, Default)]
struct Placed {
    file: Option<io::BufWriter<std::fs::File>>,
    held: Vec<(Box<str>, crate::digest::Digest)>,
}

impl Placed {
    /// Notes `rel` with `hash` (in memory if the file fails).
    fn push(&mut self, rel: &str, hash: crate::digest::Digest) {
        if let Some(file) = &mut self.file {
            // A path is one line (no output path has a line break).
            if !rel.contains('\n') && writeln!(file, "{hash} {rel}").is_ok() {
                return;
            }
        }
        self.held.push((rel.into(), hash));
    }

    /// Hands each noted path and hash to `each`, those in the file first
    /// (a line that cannot be read, after a failed write, is skipped: its
    /// file is read and compared by the next build).
    fn drain(
        &mut self,
        mut each: impl FnMut(&str, crate::digest::Digest) -> io::Result<()>,
    ) -> io::Result<()> {
        if let Some(file) = self.file.take() {
            let mut file = file.into_inner().map_err(|e| e.into_error())?;
            file.rewind()?;
            for line in io::BufReader::new(file).lines() {
                let line = line?;
                let Some((hash, rel)) = line.split_once(' ') else {
                    continue;
                };
                if let Some(hash) = crate::digest::Digest::from_hex(hash) {
                    each(rel, hash)?;
                }
            }
        }
        for (rel, hash) in std::mem::take(&mut self.held) {
            each(&rel, hash)?;
        }
        Ok(())
    }
}

/// One file as a build left it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Sum {
    len: u64,
    stamp: Stamp,
    hash: crate::digest::Digest,
}

/// A file's inode and modification time (nanoseconds since 1970, which
/// 64 bits hold until 2554).
type Stamp = (u64, u64);

/// The number a record is found by: a hash of its output path.
fn path_key(rel: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    rel.hash(&mut h);
    h.finish()
}

/// The inode and modification time of a regular file; none where the
/// system has no inodes.
fn stamp(meta: &std::fs::Metadata) -> Option<Stamp> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let mtime = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos();
        let mtime = u64::try_from(mtime).ok()?;
        meta.is_file().then_some((meta.ino(), mtime))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Where the records of the output `name` in `parent` are kept.
pub(super) fn file(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.sums"))
}

impl Sums {
    /// The records in `path`; none when it is missing or unreadable (a
    /// line that cannot be read is skipped).
    pub(super) fn load(path: &Path) -> Sums {
        let mut known = Vec::new();
        if let Ok(f) = std::fs::File::open(path) {
            for line in io::BufReader::new(f).lines().map_while(Result::ok) {
                if let Some((rel, sum)) = parse(&line) {
                    known.push((path_key(rel), sum));
                }
            }
        }
        // A path placed twice in a build is recorded twice, in the order
        // placed: its last record stands (reversed, a stable sort puts it
        // first among its key's, where `dedup` keeps it).
        known.reverse();
        known.sort_by_key(|(key, _)| *key);
        known.dedup_by_key(|(key, _)| *key);
        let file = path
            .parent()
            .and_then(|dir| tempfile::tempfile_in(dir).ok())
            .map(io::BufWriter::new);
        Sums {
            known: known.into_boxed_slice(),
            placed: Mutex::new(Placed {
                file,
                held: Vec::new(),
            }),
        }
    }

    /// The previous build's record of output path `rel`.
    fn known(&self, rel: &str) -> Option<&Sum> {
        let key = path_key(rel);
        let at = self.known.binary_search_by_key(&key, |(k, _)| *k).ok()?;
        self.known.get(at).map(|(_, sum)| sum)
    }

    /// Whether the previous output's `old` (output path `rel`) holds bytes
    /// of length `len` and hash `hash`, as far as the records tell: `None`
    /// when they do not describe `old` as it is now (then read it).
    pub(super) fn same(
        &self,
        rel: &str,
        old: &Path,
        len: u64,
        hash: &crate::digest::Digest,
    ) -> Option<bool> {
        let sum = self.known(rel)?;
        let meta = std::fs::symlink_metadata(old).ok()?;
        (meta.len() == sum.len && stamp(&meta)? == sum.stamp)
            .then(|| sum.len == len && &sum.hash == hash)
    }

    /// Notes that this build places `rel` with bytes of length `len` and
    /// hash `hash`, and tells whether the previous output's `old` has the
    /// same bytes, as far as the records tell (see [`Sums::same`]).
    pub(super) fn placing(
        &self,
        rel: &str,
        old: &Path,
        len: u64,
        hash: crate::digest::Digest,
    ) -> Option<bool> {
        self.placed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(rel, hash);
        self.same(rel, old, len, &hash)
    }

    /// Writes what this build placed, as the files now are under `target`,
    /// to `path` (through a temporary file and a rename). A failure only
    /// costs the next build its shortcut: the old records no longer match
    /// the files that changed, and are checked before they are trusted.
    /// The records are in the order the files were placed (the next build
    /// looks them up by path, whatever their order).
    pub(super) fn write(&self, target: &Path, path: &Path) {
        let mut placed =
            std::mem::take(&mut *self.placed.lock().unwrap_or_else(|e| e.into_inner()));
        let tmp = path.with_extension("sums-new");
        let written = (|| -> io::Result<()> {
            let mut out = io::BufWriter::new(std::fs::File::create(&tmp)?);
            placed.drain(|rel, hash| {
                let Ok(meta) = std::fs::symlink_metadata(target.join(rel)) else {
                    return Ok(());
                };
                let Some((ino, mtime)) = stamp(&meta) else {
                    return Ok(());
                };
                writeln!(out, "{hash} {} {ino} {mtime} {rel}", meta.len())
            })?;
            out.into_inner().map_err(|e| e.into_error())?;
            std::fs::rename(&tmp, path)
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

/// One line of a records file: `hash length inode mtime path`.
fn parse(line: &str) -> Option<(&str, Sum)> {
    let mut parts = line.splitn(5, ' ');
    let hash = crate::digest::Digest::from_hex(parts.next()?)?;
    let len = parts.next()?.parse().ok()?;
    let ino = parts.next()?.parse().ok()?;
    let mtime = parts.next()?.parse().ok()?;
    let rel = parts.next()?;
    Some((
        rel,
        Sum {
            len,
            stamp: (ino, mtime),
            hash,
        },
    ))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_record_stands_only_for_the_file_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        std::fs::create_dir_all(target.join("fi")).unwrap();
        let page = target.join("fi/index.html");
        std::fs::write(&page, "vanha").unwrap();
        let sums = Sums::default();
        let old = crate::digest::Digest::of(b"vanha");
        assert_eq!(sums.placing("fi/index.html", &page, 5, old), None);
        let file = file(dir.path(), "public");
        sums.write(&target, &file);
        let sums = Sums::load(&file);
        assert_eq!(sums.same("fi/index.html", &page, 5, &old), Some(true));
        let new = crate::digest::Digest::of(b"uusi!");
        assert_eq!(sums.same("fi/index.html", &page, 5, &new), Some(false));
        assert_eq!(sums.same("sv/index.html", &page, 5, &old), None);
        // Rewritten in place (same length): the record no longer stands.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&page, "uusi!").unwrap();
        assert_eq!(sums.same("fi/index.html", &page, 5, &old), None);
        // Replaced by another file: neither.
        std::fs::remove_file(&page).unwrap();
        std::fs::write(&page, "vanha").unwrap();
        assert_eq!(sums.same("fi/index.html", &page, 5, &old), None);
    }

    #[test]
    fn what_a_loaded_build_places_is_noted_on_disk_and_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        std::fs::create_dir_all(&target).unwrap();
        let file = file(dir.path(), "public");
        let sums = Sums::load(&file);
        assert!(lock(&sums).file.is_some(), "noted in a temporary file");
        for (name, text) in [("a.html", "aa"), ("b c.html", "bbb")] {
            let page = target.join(name);
            std::fs::write(&page, text).unwrap();
            let hash = crate::digest::Digest::of(text.as_bytes());
            assert_eq!(sums.placing(name, &page, text.len() as u64, hash), None);
        }
        // Placed again with other bytes: the last placing is recorded.
        let page = target.join("a.html");
        std::fs::write(&page, "AA").unwrap();
        assert_eq!(
            sums.placing("a.html", &page, 2, crate::digest::Digest::of(b"AA")),
            None
        );
        sums.write(&target, &file);
        let again = Sums::load(&file);
        let hash = crate::digest::Digest::of(b"bbb");
        assert_eq!(
            again.same("b c.html", &target.join("b c.html"), 3, &hash),
            Some(true)
        );
        let hash = crate::digest::Digest::of(b"AA");
        assert_eq!(again.same("a.html", &page, 2, &hash), Some(true));
        let old = crate::digest::Digest::of(b"aa");
        assert_eq!(again.same("a.html", &page, 2, &old), Some(false));
        assert_eq!(again.known.len(), 2);
    }

    fn lock(sums: &Sums) -> std::sync::MutexGuard<'_, Placed> {
        sums.placed.lock().unwrap()
    }

    #[test]
    fn unreadable_lines_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".public.sums");
        let hash = crate::digest::Digest::of(b"x").to_hex();
        std::fs::write(
            &path,
            format!("nonsense\n{hash} 1 2 3 a b.html\n{hash} x 2 3 c.html\n"),
        )
        .unwrap();
        let sums = Sums::load(&path);
        assert_eq!(sums.known.len(), 1);
        assert_eq!(sums.known("a b.html").map(|s| s.stamp), Some((2, 3)));
    }
}
