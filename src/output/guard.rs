//! Which folders a build may replace: an earlier build's output (it has
//! the [`MARKER`]), an empty or missing folder, never a file, a link, a
//! folder of someone's own files, or the site's own folders.

use std::path::{Path, PathBuf};

use super::{MARKER, io_error};
use crate::diagnostics::Diagnostic;

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
    let mut entries =
        std::fs::read_dir(target).map_err(|e| io_error(target, "@io.read_output", e))?;
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
