//! Watching the site's files, and turning noisy file-system events into a
//! tiny set of [`Change`]s.
//!
//! Editors save in many ways (write in place, write a temporary file and
//! rename it over the original, keep swap and backup files beside it), and
//! each operating system reports that differently. [`classify`] is the one
//! pure function that maps one event on one path to what changed for the
//! site, or to nothing; everything after it (the rebuild decision in
//! `serve::rebuild`) is a match on [`Change`]. The table of watched folders
//! is [`WATCHED`]. This module does not build anything.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use notify::event::{EventKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::content::is_side_file;
use crate::messages::tr;

/// How long the folder must be quiet before a burst of events is handed on:
/// an editor's save is several events within a millisecond or two, and a
/// "save all" a few more.
pub const DEBOUNCE: Duration = Duration::from_millis(10);

/// How often the debouncer looks for quiet paths (the added latency is at
/// most this on top of [`DEBOUNCE`]).
const TICK: Duration = Duration::from_millis(5);

/// What changed, as far as the preview cares. Ordered from least to most
/// work, so that a set's maximum says how much to redo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Change {
    /// A theme's `css/`: the stylesheet can be swapped without a reload.
    Style,
    /// Files copied as they are: `content/media/`, a theme's `static/`.
    Static,
    /// Markdown, `indicators.yaml`, `results/*.csv`, or a folder of them.
    Content,
    /// A theme's templates or interface strings, or a theme folder itself.
    Template,
    /// `content/site.yaml`: languages, theme, base settings.
    Config,
}

/// The folders under the site root that are watched, recursively. The root
/// itself is watched too, but not recursively, to see these folders being
/// created, deleted or renamed (a site's `themes/` is optional).
pub const WATCHED: [&str; 2] = ["content", "themes"];

/// What one event on one path means for the site, or `None` when it means
/// nothing (a read, an editor's side file, a file outside the watched folders).
pub fn classify(root: &Path, kind: &EventKind, path: &Path) -> Option<Change> {
    match kind {
        // Opening, reading and closing a file change nothing. inotify also
        // reports close-after-write, but the write itself came before it.
        EventKind::Access(_) => return None,
        // Reading a file updates its access time on some mounts.
        EventKind::Modify(ModifyKind::Metadata(notify::event::MetadataKind::AccessTime)) => {
            return None;
        }
        _ => {}
    }
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_str()?),
            // Events only carry absolute, normalised paths; anything else is
            // not ours to interpret.
            _ => return None,
        }
    }
    if parts.iter().any(|p| is_editor_side_file(p)) {
        return None;
    }
    match parts.as_slice() {
        [] => None,
        ["content", "site.yaml"] => Some(Change::Config),
        ["content", "media", ..] => Some(Change::Static),
        // Markdown, YAML, CSV, the folder itself (deleted, renamed back), or
        // a file `content::load` will warn about: when in doubt, rebuild.
        ["content", ..] => Some(Change::Content),
        ["themes", _, "css", ..] => Some(Change::Style),
        ["themes", _, "static", ..] => Some(Change::Static),
        // templates/, i18n/, the theme folder, themes/ itself.
        ["themes", ..] => Some(Change::Template),
        // public/, target/, .git/, README … beside content/.
        _ => None,
    }
}

/// Names that are never part of the site: [`is_side_file`] (what the
/// content loader skips) plus the temporary names editors write before
/// renaming over the real file. The rename that follows is what counts.
fn is_editor_side_file(name: &str) -> bool {
    is_side_file(name)
        // JetBrains IDEs' "safe write": `x.md___jb_tmp___`, `x.md___jb_old___`.
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        // Kate's swap file.
        || name.ends_with(".kate-swp")
        // nano's emergency save and some sync tools' partial downloads.
        || name.ends_with(".save")
        || name.ends_with(".part")
        || name.ends_with(".crdownload")
        // Vim writes `x.md~` (covered) and, with `backupcopy=no`, probes the
        // folder with a file called `4913` (covered); gedit writes
        // `.goutputstream-XXXX` and Emacs `.#x.md` (dot files, covered).
        // Syncthing and Dropbox temporary files.
        || name.starts_with(".syncthing.")
        || name.starts_with(".dropbox")
}

/// The changes a batch of debounced events amounts to.
pub fn changes<'a>(
    root: &Path,
    events: impl IntoIterator<Item = (&'a EventKind, &'a [PathBuf], bool)>,
) -> BTreeSet<Change> {
    scan(root, events).0
}

/// The changes a batch of events amounts to, and the paths behind its
/// [`Change::Content`], [`Change::Static`] and [`Change::Template`] changes
/// (see [`Batch::paths`]), in one pass.
fn scan<'a>(
    root: &Path,
    events: impl IntoIterator<Item = (&'a EventKind, &'a [PathBuf], bool)>,
) -> (BTreeSet<Change>, BTreeSet<String>) {
    let mut out = BTreeSet::new();
    let mut content = BTreeSet::new();
    for (kind, paths, need_rescan) in events {
        if need_rescan {
            // The OS dropped events (inotify queue overflow): we no longer
            // know what changed, so redo everything.
            out.insert(Change::Config);
            continue;
        }
        for p in paths {
            let Some(change) = classify(root, kind, p) else {
                continue;
            };
            out.insert(change);
            // `classify` accepted it: it is under the root, in UTF-8 parts.
            if matches!(change, Change::Content | Change::Static | Change::Template)
                && let Ok(rel) = p.strip_prefix(root)
            {
                let parts: Vec<&str> = rel.iter().filter_map(|c| c.to_str()).collect();
                content.insert(parts.join("/"));
            }
        }
    }
    (out, content)
}

/// One debounced burst, as the rebuild loop sees it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Batch {
    /// What changed.
    pub changes: BTreeSet<Change>,
    /// One of the [`WATCHED`] folders itself was created or renamed into
    /// place, so its recursive watch must be set up again.
    pub rewatch: bool,
    /// The paths behind the [`Change::Content`], [`Change::Static`] and
    /// [`Change::Template`] changes, relative to the root with `/`
    /// (`content/areas/family/clinic.md`): when they are all saved
    /// Markdown pages (or templates), the preview re-renders only what
    /// shows them; when they are all media saved over existing files,
    /// nothing.
    pub paths: BTreeSet<String>,
}

/// Whether `path` is one of the [`WATCHED`] folders of `root`.
fn is_watched_folder(root: &Path, path: &Path) -> bool {
    WATCHED.iter().any(|d| path == root.join(d))
}

/// A batch from debounced events: `(kind, paths, need_rescan)`.
pub fn batch<'a>(
    root: &Path,
    events: impl IntoIterator<Item = (&'a EventKind, &'a [PathBuf], bool)> + Clone,
) -> Batch {
    let rewatch = events.clone().into_iter().any(|(kind, paths, rescan)| {
        rescan
            || (matches!(
                kind,
                EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_))
            ) && paths.iter().any(|p| is_watched_folder(root, p)))
    });
    let (changes, paths) = scan(root, events);
    Batch {
        changes,
        rewatch,
        paths,
    }
}

/// A running watcher: stops when dropped.
pub struct Watcher {
    root: PathBuf,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
}

impl Watcher {
    /// Watches every [`WATCHED`] folder that exists (again). Returns the
    /// folders that could not be watched, with why.
    pub fn rewatch(&mut self) -> Vec<String> {
        let mut problems = Vec::new();
        for dir in WATCHED {
            let path = self.root.join(dir);
            // A folder deleted and created again has lost its watch; one that
            // still has it is simply watched anew.
            let _ = self.debouncer.unwatch(&path);
            if path.is_dir()
                && let Err(e) = self.debouncer.watch(&path, RecursiveMode::Recursive)
            {
                problems.push(tr(
                    "serve.cannot_watch_path",
                    &[
                        ("path", path.display().to_string()),
                        ("error", e.to_string()),
                    ],
                ));
            }
        }
        problems
    }
}

/// Watches `root` and its [`WATCHED`] folders and hands each debounced
/// burst that changes something to `on_batch` (on the debouncer's thread).
/// Errors of the OS watcher are printed and turned into a full rebuild (we
/// may have missed something).
pub fn start(root: &Path, on_batch: impl Fn(Batch) + Send + 'static) -> Result<Watcher, String> {
    let root = root.to_path_buf();
    let handler_root = root.clone();
    let debouncer = new_debouncer(DEBOUNCE, Some(TICK), move |res: DebounceEventResult| {
        let b = match res {
            Ok(events) => batch(
                &handler_root,
                events
                    .iter()
                    .map(|e| (&e.event.kind, e.event.paths.as_slice(), e.need_rescan())),
            ),
            Err(errors) => {
                for e in errors {
                    eprintln!("{}", tr("serve.watch_error", &[("error", e.to_string())]));
                }
                Batch {
                    changes: BTreeSet::from([Change::Config]),
                    rewatch: true,
                    paths: BTreeSet::new(),
                }
            }
        };
        if !b.changes.is_empty() || b.rewatch {
            on_batch(b);
        }
    })
    .map_err(|e| tr("serve.cannot_watch", &[("error", e.to_string())]))?;
    let mut w = Watcher { root, debouncer };
    w.debouncer
        .watch(&w.root, RecursiveMode::NonRecursive)
        .map_err(|e| {
            tr(
                "serve.cannot_watch_path",
                &[
                    ("path", w.root.display().to_string()),
                    ("error", e.to_string()),
                ],
            )
        })?;
    if let Some(p) = w.rewatch().into_iter().next() {
        return Err(p);
    }
    Ok(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, DataChange, RemoveKind, RenameMode};

    fn write() -> EventKind {
        EventKind::Modify(ModifyKind::Data(DataChange::Any))
    }

    fn at(rel: &str) -> Option<Change> {
        classify(Path::new("/site"), &write(), &Path::new("/site").join(rel))
    }

    #[test]
    fn content_files() {
        assert_eq!(
            at("content/areas/family/clinic.fi.md"),
            Some(Change::Content)
        );
        assert_eq!(at("content/indicators.yaml"), Some(Change::Content));
        assert_eq!(at("content/results/2025.csv"), Some(Change::Content));
        assert_eq!(at("content/areas/family"), Some(Change::Content));
        assert_eq!(at("content"), Some(Change::Content));
        assert_eq!(at("content/site.yaml"), Some(Change::Config));
        assert_eq!(at("content/media/logo.svg"), Some(Change::Static));
    }

    #[test]
    fn theme_files() {
        assert_eq!(at("themes/default/css/base.css"), Some(Change::Style));
        assert_eq!(at("themes/default/static/x.png"), Some(Change::Static));
        assert_eq!(
            at("themes/default/templates/base.html"),
            Some(Change::Template)
        );
        assert_eq!(at("themes/default/i18n/fi.yaml"), Some(Change::Template));
        assert_eq!(at("themes/default"), Some(Change::Template));
        assert_eq!(at("themes"), Some(Change::Template));
    }

    #[test]
    fn outside_and_side_files_are_ignored() {
        assert_eq!(at("public/fi/index.html"), None);
        assert_eq!(at("target/debug/lupaus"), None);
        assert_eq!(at(".git/index"), None);
        assert_eq!(at("README.md"), None);
        assert_eq!(at(""), None);
        assert_eq!(at("content/areas/.clinic.fi.md.swp"), None);
        assert_eq!(at("content/areas/clinic.fi.md~"), None);
        assert_eq!(at("content/areas/4913"), None);
        assert_eq!(at("content/areas/#clinic.fi.md#"), None);
        assert_eq!(at("content/areas/.#clinic.fi.md"), None);
        assert_eq!(at("content/.goutputstream-ABC123"), None);
        assert_eq!(at("content/areas/clinic.fi.md___jb_tmp___"), None);
        assert_eq!(at("content/areas/clinic.fi.md.kate-swp"), None);
        assert_eq!(at("content/.hidden/x.md"), None);
        assert_eq!(
            classify(
                Path::new("/site"),
                &write(),
                Path::new("/other/content/x.md")
            ),
            None
        );
    }

    #[test]
    fn reads_are_ignored_and_structure_changes_count() {
        let p = Path::new("/site/content/a.fi.md");
        let root = Path::new("/site");
        let open = EventKind::Access(AccessKind::Open(notify::event::AccessMode::Any));
        assert_eq!(classify(root, &open, p), None);
        for kind in [
            EventKind::Create(CreateKind::File),
            EventKind::Remove(RemoveKind::File),
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            EventKind::Any,
        ] {
            assert_eq!(classify(root, &kind, p), Some(Change::Content), "{kind:?}");
        }
    }

    #[test]
    fn a_burst_is_one_set_and_a_rescan_redoes_everything() {
        let root = Path::new("/site");
        let k = write();
        let a = [PathBuf::from("/site/content/a.fi.md")];
        let b = [PathBuf::from("/site/content/.a.fi.md.swp")];
        let c = [PathBuf::from("/site/themes/default/css/x.css")];
        let set = changes(
            root,
            [
                (&k, &a[..], false),
                (&k, &b[..], false),
                (&k, &c[..], false),
            ],
        );
        assert_eq!(set, BTreeSet::from([Change::Style, Change::Content]));
        let set = changes(root, [(&EventKind::Other, &[][..], true)]);
        assert_eq!(set, BTreeSet::from([Change::Config]));
    }

    #[test]
    fn a_recreated_watched_folder_is_watched_again() {
        let root = Path::new("/site");
        let made = EventKind::Create(CreateKind::Folder);
        let content = [PathBuf::from("/site/content")];
        let inner = [PathBuf::from("/site/content/areas")];
        assert!(batch(root, [(&made, &content[..], false)]).rewatch);
        assert!(!batch(root, [(&made, &inner[..], false)]).rewatch);
        assert!(!batch(root, [(&write(), &content[..], false)]).rewatch);
        let page = [root.join("content/areas/family/clinic.md")];
        let side = [root.join("content/areas/family/.clinic.md.swp")];
        let b = batch(
            root,
            [(&write(), &page[..], false), (&write(), &side[..], false)],
        );
        assert_eq!(
            b.paths,
            BTreeSet::from(["content/areas/family/clinic.md".to_string()])
        );
    }
}
