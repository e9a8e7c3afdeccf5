//! Themes: the built-in ones embedded in the binary, and a site's own.
//!
//! A theme is `templates/`, `static/`, `css/` and `i18n/`. A site's
//! `themes/NAME/` replaces a built-in theme of the same name file by file, so
//! a site root with only `content/` builds with the built-in `default`. This
//! module gathers the files and remembers where each came from, for messages;
//! compiling templates is `render`'s job.

use std::collections::BTreeMap;
use std::path::Path;

use include_dir::{Dir, include_dir};

use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean_arg};

static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes");

/// One theme file.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Where it came from, for messages: `themes/x/templates/base.html`
    /// for a site's own file, with ` (built-in)` for an embedded one.
    pub origin: String,
    /// Whether it is the site's own file.
    pub own: bool,
}

/// A theme's files by path inside the theme (`templates/base.html`).
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Files by theme-relative path, sorted.
    pub files: BTreeMap<String, ThemeFile>,
    /// The built-in files that a site's own file replaces, by the same path
    /// (for `i18n`, whose files a site may override key by key).
    pub replaced: BTreeMap<String, ThemeFile>,
}

impl Theme {
    /// Files under a folder of the theme (`templates/`), with paths relative to it.
    pub fn under<'a>(
        &'a self,
        dir: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a ThemeFile)> + 'a {
        self.files
            .iter()
            .filter_map(move |(p, f)| p.strip_prefix(dir).map(|rest| (rest, f)))
    }

    /// One file, if the theme has it.
    pub fn get(&self, path: &str) -> Option<&ThemeFile> {
        self.files.get(path)
    }

    /// Whether the file at `path` is the built-in theme's: not the site's
    /// own, or the site's own with the built-in file's bytes (the bundled
    /// example site's `themes/default/` is the built-in theme itself).
    pub fn is_built_in(&self, path: &str) -> bool {
        match self.files.get(path) {
            Some(f) if f.own => self.replaced(path).is_some_and(|b| b.bytes == f.bytes),
            Some(_) => true,
            None => false,
        }
    }

    /// The built-in file that the site's own file at `path` replaces.
    pub fn replaced(&self, path: &str) -> Option<&ThemeFile> {
        self.replaced.get(path)
    }

    /// A theme of the site's own files only, each (path in the theme,
    /// text), for tests of what reads a theme.
    #[cfg(test)]
    pub(crate) fn of_own_files<P: AsRef<str>, T: AsRef<str>>(files: &[(P, T)]) -> Theme {
        let mut theme = Theme::default();
        for (path, text) in files {
            let path = path.as_ref();
            theme.files.insert(
                path.to_string(),
                ThemeFile {
                    bytes: text.as_ref().as_bytes().to_vec(),
                    origin: format!("themes/t/{path}"),
                    own: true,
                },
            );
        }
        theme
    }
}

/// Names of the built-in themes.
pub fn built_in_names() -> Vec<&'static str> {
    BUILT_IN
        .dirs()
        .filter_map(|d| d.path().file_name().and_then(|n| n.to_str()))
        .collect()
}

fn add_built_in(dir: &Dir<'static>, theme: &str, files: &mut BTreeMap<String, ThemeFile>) {
    for f in dir.files() {
        let path = f.path().to_string_lossy().replace('\\', "/");
        if let Some(rel) = path.strip_prefix(&format!("{theme}/")) {
            files.insert(
                rel.to_string(),
                ThemeFile {
                    bytes: f.contents().to_vec(),
                    origin: format!("themes/{path} (built-in)"),
                    own: false,
                },
            );
        }
    }
    for d in dir.dirs() {
        add_built_in(d, theme, files);
    }
}

/// Loads theme `name` for the site at `root`.
pub fn load(root: &Path, name: &str, diags: &Diagnostics) -> Option<Theme> {
    let mut files = BTreeMap::new();
    let mut replaced = BTreeMap::new();
    if let Some(dir) = BUILT_IN.get_dir(name) {
        add_built_in(dir, name, &mut files);
    }
    let own_dir = root.join("themes").join(name);
    if own_dir.is_dir() {
        for entry in walkdir::WalkDir::new(&own_dir).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    diags.push(Diagnostic::err(
                        format!("themes/{name}"),
                        "theme.unreadable",
                        vec![(
                            "error",
                            e.io_error()
                                .map_or_else(|| e.to_string(), crate::diagnostics::os_error),
                        )],
                    ));
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&own_dir) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if rel.split('/').any(crate::content::is_side_file) {
                continue;
            }
            let origin = format!("themes/{name}/{rel}");
            match std::fs::read(entry.path()) {
                Ok(bytes) => {
                    let own = ThemeFile {
                        bytes,
                        origin,
                        own: true,
                    };
                    if let Some(built_in) = files.insert(rel.clone(), own) {
                        replaced.insert(rel, built_in);
                    }
                }
                Err(e) => diags.push(Diagnostic::err(
                    origin,
                    "file.unreadable_short",
                    vec![("error", crate::diagnostics::os_error(&e))],
                )),
            }
        }
    }
    if files.is_empty() {
        let names = built_in_names();
        diags.push(
            Diagnostic::err(
                crate::config::PATH,
                "theme.missing",
                vec![
                    ("name", name.to_string()),
                    ("names", names.join(", ")),
                    did_you_mean_arg(name, names.iter().copied()),
                ],
            )
            .at_opt(None),
        );
        return None;
    }
    Some(Theme { files, replaced })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_theme_is_embedded() {
        assert!(built_in_names().contains(&"default"));
        let d = Diagnostics::new();
        let t = load(Path::new("/nonexistent"), "default", &d).unwrap();
        assert!(t.get("templates/base.html").is_some());
        assert!(t.get("i18n/fi.yaml").is_some());
    }

    /// docs/themes.md is the theme authors' index: it names every template
    /// of the built-in theme (the README's list once left out two).
    #[test]
    fn the_theme_docs_name_every_template() {
        let section = include_str!("../docs/themes.md");
        let t = load(Path::new("/nonexistent"), "default", &Diagnostics::new()).unwrap();
        let names: Vec<&str> = t.under("templates/").map(|(name, _)| name).collect();
        assert!(names.len() > 10, "{names:?}");
        for name in names {
            assert!(
                section.contains(&format!("`{name}`")),
                "docs/themes.md does not name templates/{name}"
            );
        }
    }
}
