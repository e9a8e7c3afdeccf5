//! Which folders a build may replace: an earlier build's output (it has
//! the [`MARKER`]), an empty or missing folder, never a file, a link, a
//! folder of someone's own files, or the site's own folders.

use std::path::{Path, PathBuf};

use super::{MARKER, io_error};
use crate::diagnostics::Diagnostic;

/// `--output DIR` is not a folder a build may replace: each `code`
/// (`output.refuse_*`) says what it is, what replacing it would destroy,
/// and what to do instead.
fn refusal(target: &Path, code: &'static str, args: Vec<(&'static str, String)>) -> Diagnostic {
    Diagnostic::err(target.display().to_string(), code, args)
}

/// Whether a build may replace `target`: it does not exist, or it is a
/// folder that is empty, holds a [`MARKER`], or is a build of an earlier
/// version (see `looks_like_a_previous_build`). A file, a symbolic link
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
            "output.refuse_symlink",
            vec![("points_to", points_to)],
        ));
    }
    if !meta.is_dir() {
        return Err(refusal(
            target,
            "output.refuse_file",
            vec![("name", name.to_string())],
        ));
    }
    let mut entries =
        std::fs::read_dir(target).map_err(|e| io_error(target, "@io.read_output", e))?;
    if entries.next().is_none() || is_earlier_build(target) {
        return Ok(());
    }
    Err(refusal(
        target,
        "output.refuse_foreign",
        vec![("marker", MARKER.to_string()), ("name", name.to_string())],
    ))
}

/// Whether `target` holds an earlier build: a folder, not a symbolic link,
/// with a [`MARKER`] in it or written by a version from before the marker
/// (see `looks_like_a_previous_build`). A failed build leaves such a
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
    let shown = if out.as_path() == target {
        String::new()
    } else {
        format!(" (`{}`)", out.display())
    };
    let default = root.join("public").display().to_string();
    let args = |more: Vec<(&'static str, String)>| {
        let mut all = vec![("shown", shown.clone()), ("default", default.clone())];
        all.extend(more);
        all
    };
    if out == root {
        return Err(refusal(target, "output.refuse_root", args(vec![])));
    }
    if root.starts_with(&out) {
        return Err(refusal(
            target,
            "output.refuse_holds_root",
            args(vec![("root", root.display().to_string())]),
        ));
    }
    for name in ["content", "themes"] {
        let dir = root.join(name);
        let dir = resolve(&dir).unwrap_or(dir);
        if out.starts_with(&dir) || dir.starts_with(&out) {
            let code = if out == dir {
                "output.refuse_is_dir"
            } else if out.starts_with(&dir) {
                "output.refuse_in_dir"
            } else {
                "output.refuse_holds_dir"
            };
            return Err(refusal(target, code, args(vec![("dir", name.to_string())])));
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
