//! The one way out for everything a build produces.
//!
//! Rendering fills an [`Output`] in memory; [`write_atomic`] then writes it to
//! a fresh folder beside the target and swaps it in only when every file was
//! written, so a failed build never touches the previous output. The preview
//! server serves the same [`Output`] from memory and never writes to disk.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;

/// The files of a built site, by path relative to the output root
/// (`fi/index.html`, `css/style.css`).
#[derive(Debug, Default, Clone)]
pub struct Output {
    /// Generated files.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Files copied as they are: output path → source on disk.
    pub copies: BTreeMap<String, PathBuf>,
}

impl Output {
    /// Adds a generated file.
    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }

    /// Adds a file to copy.
    pub fn copy(&mut self, path: impl Into<String>, src: PathBuf) {
        self.copies.insert(path.into(), src);
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len() + self.copies.len()
    }

    /// Whether there is nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes of one output path, reading a copied file from disk.
    pub fn read(&self, path: &str) -> Option<std::borrow::Cow<'_, [u8]>> {
        if let Some(b) = self.files.get(path) {
            return Some(std::borrow::Cow::Borrowed(b));
        }
        let src = self.copies.get(path)?;
        std::fs::read(src).ok().map(std::borrow::Cow::Owned)
    }
}

fn io_error(path: &Path, what: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(
        path.display().to_string(),
        format!(
            "{what} ({e}); check that the folder exists and that you may write there, or choose another with --output DIR. The previous output is unchanged"
        ),
    )
}

/// Writes `output` to `target`, replacing what was there only after every
/// file is written. On error the previous `target` is left as it was.
pub fn write_atomic(output: &Output, target: &Path) -> Result<(), Diagnostic> {
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
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.new-"))
        .tempdir_in(&parent)
        .map_err(|e| {
            io_error(
                &parent,
                "cannot create a temporary folder beside the output",
                e,
            )
        })?;
    let root = staging.path();
    let mut dirs: Vec<PathBuf> = output
        .files
        .keys()
        .chain(output.copies.keys())
        .filter_map(|p| root.join(p).parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        std::fs::create_dir_all(d).map_err(|e| io_error(d, "cannot create a folder", e))?;
    }
    output.files.par_iter().try_for_each(|(p, bytes)| {
        let dest = root.join(p);
        std::fs::write(&dest, bytes).map_err(|e| io_error(&dest, "cannot write a file", e))
    })?;
    output.copies.par_iter().try_for_each(|(p, src)| {
        let dest = root.join(p);
        std::fs::copy(src, &dest)
            .map(|_| ())
            .map_err(|e| io_error(&dest, "cannot copy a file", e))
    })?;
    // Swap: move the old output aside, move the new one in, then delete the old.
    let staging = staging.keep();
    let old = if target.exists() {
        let aside = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .tempdir_in(&parent)
            .map_err(|e| {
                io_error(
                    &parent,
                    "cannot create a temporary folder beside the output",
                    e,
                )
            })?
            .keep();
        let aside_target = aside.join("old");
        if let Err(e) = std::fs::rename(target, &aside_target) {
            let _ = std::fs::remove_dir_all(&staging);
            let _ = std::fs::remove_dir_all(&aside);
            return Err(io_error(target, "cannot replace the output folder", e));
        }
        Some((aside, aside_target))
    } else {
        None
    };
    if let Err(e) = std::fs::rename(&staging, target) {
        if let Some((aside, aside_target)) = &old {
            let _ = std::fs::rename(aside_target, target);
            let _ = std::fs::remove_dir_all(aside);
        }
        let _ = std::fs::remove_dir_all(&staging);
        return Err(io_error(target, "cannot move the new output into place", e));
    }
    if let Some((aside, _)) = old {
        let _ = std::fs::remove_dir_all(aside);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        std::fs::create_dir_all(target.join("stale")).unwrap();
        std::fs::write(target.join("stale/x.html"), "old").unwrap();
        let mut out = Output::default();
        out.add("fi/index.html", "uusi");
        write_atomic(&out, &target).unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("fi/index.html")).unwrap(),
            "uusi"
        );
        assert!(!target.join("stale").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary folders left behind");
    }
}
