//! Watching the site's files, and turning noisy file-system events into a
//! tiny set of [`ChangeKind`]s.
//!
//! Editors save in many ways (write in place, write a temporary file and
//! rename it over the original, keep swap and backup files beside it), and
//! each operating system reports that differently. [`classify`] is the one
//! pure function that maps one event on one path to what changed for the
//! site, or to nothing; everything after it (the rebuild decision in
//! `serve::rebuild`) is a match on [`ChangeKind`]. The table of watched folders
//! is [`WATCHED`]. This module does not build anything.
//!
//! Events are gathered into bursts ([`Burst`]): a burst is handed on when
//! the folders have been quiet for [`DEBOUNCE`], or only for [`SETTLE`]
//! when its last event finished a save (a file written and closed, or a
//! file renamed into place) and no file it wrote is still open: then the
//! saved files are whole, and waiting longer only delays the reload.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, CreateKind, EventKind, ModifyKind, RenameMode};
use notify::{Event, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::content::is_side_file;
use crate::messages::tr;

/// How long the folders must be quiet before a burst of events is handed
/// on when its last event did not finish a save (a file still being
/// written, deleted, renamed away, a folder made, or a system that does
/// not report closing a written file): an editor's save is several events
/// within a millisecond or two, and a "save all" a few more.
pub const DEBOUNCE: Duration = Duration::from_millis(10);

/// How long the folders must be quiet after an event that finished a save
/// (see [`Burst::wait`]): long enough for the next file of a "save all",
/// whose events follow within microseconds.
pub const SETTLE: Duration = Duration::from_millis(2);

/// Events gathered until the folders are quiet (see the module's
/// documentation).
#[derive(Debug, Default)]
pub struct Burst {
    /// The events that count: `(kind, paths, need_rescan)`.
    events: Vec<(EventKind, Vec<PathBuf>, bool)>,
    /// Files written to and not yet closed.
    open: BTreeSet<PathBuf>,
    /// Whether the last event that counts finished a save.
    finished: bool,
    /// Errors of the OS watcher.
    errors: Vec<String>,
    /// When the last event that counts came.
    last: Option<Instant>,
}

impl Burst {
    /// When the burst is to be handed on, if anything was gathered:
    /// [`Burst::wait`] after the last event that counts (reads do not
    /// put it off).
    pub fn due(&self) -> Option<Instant> {
        self.last.map(|t| t + self.wait())
    }

    /// Adds one event of the OS watcher, under `root`.
    pub fn add(&mut self, root: &Path, event: Event) {
        let rescan = event.need_rescan();
        let paths = event.paths;
        // Whether a path is a site file (not an editor's side file).
        let counts = |p: &PathBuf| classify(root, &EventKind::Any, p).is_some();
        match event.kind {
            // Closing a written file ends its save: the write came before.
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => {
                for p in &paths {
                    self.open.remove(p);
                }
                self.finished = paths.iter().any(counts);
                self.last = Some(Instant::now());
                return;
            }
            // Opening, reading, closing after reading change nothing.
            EventKind::Access(_) => return,
            EventKind::Create(CreateKind::File) | EventKind::Modify(ModifyKind::Data(_)) => {
                self.open.extend(paths.iter().cloned());
                self.finished = false;
            }
            // A file renamed into place (`Both` names it last) is whole.
            EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both)) => {
                self.finished = !rescan && paths.last().is_some_and(counts);
            }
            EventKind::Remove(_) => {
                for p in &paths {
                    self.open.remove(p);
                }
                self.finished = false;
            }
            _ => self.finished = false,
        }
        self.events.push((event.kind, paths, rescan));
        self.last = Some(Instant::now());
    }

    /// Adds an error of the OS watcher.
    pub fn error(&mut self, error: String) {
        self.errors.push(error);
        self.finished = false;
        self.last = Some(Instant::now());
    }

    /// How long to wait for more events before handing the burst on.
    pub fn wait(&self) -> Duration {
        if self.finished && self.open.is_empty() && self.errors.is_empty() {
            SETTLE
        } else {
            DEBOUNCE
        }
    }

    /// The burst as the rebuild loop sees it; the watcher's errors are
    /// printed and make a full rebuild (something may have been missed).
    pub fn batch(self, root: &Path) -> Batch {
        if !self.errors.is_empty() {
            for e in &self.errors {
                eprintln!("{}", tr("serve.watch_error", &[("error", e.clone())]));
            }
            return Batch {
                changes: BTreeSet::from([ChangeKind::Config]),
                rewatch: true,
                paths: BTreeSet::new(),
            };
        }
        batch(
            root,
            self.events
                .iter()
                .map(|(kind, paths, rescan)| (kind, paths.as_slice(), *rescan)),
        )
    }
}

/// What changed, as far as the preview cares. Ordered from least to most
/// work, so that a set's maximum says how much to redo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
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
pub fn classify(root: &Path, kind: &EventKind, path: &Path) -> Option<ChangeKind> {
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
    if parts.iter().any(|p| is_editor_side_file(p)) || parts.last().is_some_and(|n| is_sed_temp(n))
    {
        return None;
    }
    match parts.as_slice() {
        [] => None,
        ["content", "site.yaml"] => Some(ChangeKind::Config),
        ["content", "media", ..] => Some(ChangeKind::Static),
        // Markdown, YAML, CSV, the folder itself (deleted, renamed back), or
        // a file `content::load` will warn about: when in doubt, rebuild.
        ["content", ..] => Some(ChangeKind::Content),
        ["themes", _, "css", ..] => Some(ChangeKind::Style),
        ["themes", _, "static", ..] => Some(ChangeKind::Static),
        // templates/, i18n/, the theme folder, themes/ itself.
        ["themes", ..] => Some(ChangeKind::Template),
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

/// `sed -i`'s temporary file, `sed` and six letters or digits
/// (`sedAb12Cd`), renamed over the edited file at once. Only a file's own
/// name: a folder may be called anything.
fn is_sed_temp(name: &str) -> bool {
    name.len() == 9
        && name.starts_with("sed")
        && name[3..].bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The changes a batch of debounced events amounts to.
pub fn changes<'a>(
    root: &Path,
    events: impl IntoIterator<Item = (&'a EventKind, &'a [PathBuf], bool)>,
) -> BTreeSet<ChangeKind> {
    scan(root, events).0
}

/// The changes a batch of events amounts to, and the paths behind its
/// [`ChangeKind::Content`], [`ChangeKind::Static`] and [`ChangeKind::Template`] changes
/// (see [`Batch::paths`]), in one pass.
fn scan<'a>(
    root: &Path,
    events: impl IntoIterator<Item = (&'a EventKind, &'a [PathBuf], bool)>,
) -> (BTreeSet<ChangeKind>, BTreeSet<String>) {
    let mut out = BTreeSet::new();
    let mut content = BTreeSet::new();
    for (kind, paths, need_rescan) in events {
        if need_rescan {
            // The OS dropped events (inotify queue overflow): we no longer
            // know what changed, so redo everything.
            out.insert(ChangeKind::Config);
            continue;
        }
        for p in paths {
            let Some(change) = classify(root, kind, p) else {
                continue;
            };
            out.insert(change);
            // `classify` accepted it: it is under the root, in UTF-8 parts.
            if matches!(
                change,
                ChangeKind::Content | ChangeKind::Static | ChangeKind::Template
            ) && let Ok(rel) = p.strip_prefix(root)
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
    pub changes: BTreeSet<ChangeKind>,
    /// One of the [`WATCHED`] folders itself was created or renamed into
    /// place, so its recursive watch must be set up again.
    pub rewatch: bool,
    /// The paths behind the [`ChangeKind::Content`], [`ChangeKind::Static`] and
    /// [`ChangeKind::Template`] changes, relative to the root with `/`
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

/// A running watcher: stops when dropped (its thread ends with it).
pub struct Watcher {
    root: PathBuf,
    watcher: RecommendedWatcher,
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
            let _ = self.watcher.unwatch(&path);
            if path.is_dir()
                && let Err(e) = self.watcher.watch(&path, RecursiveMode::Recursive)
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

/// Watches `root` and its [`WATCHED`] folders and hands each burst that
/// changes something to `on_batch` (on the watcher's own thread; see
/// [`Burst`]). Errors of the OS watcher are printed and turned into a full
/// rebuild (we may have missed something).
pub fn start(root: &Path, on_batch: impl Fn(Batch) + Send + 'static) -> Result<Watcher, String> {
    let root = root.to_path_buf();
    let (tx, rx) = mpsc::channel::<notify::Result<Event>>();
    let watcher = notify::recommended_watcher(tx)
        .map_err(|e| tr("serve.cannot_watch", &[("error", e.to_string())]))?;
    let burst_root = root.clone();
    std::thread::Builder::new()
        .name("lupaus-watch".into())
        .spawn(move || {
            let mut burst = Burst::default();
            loop {
                let next = match burst.due() {
                    None => rx.recv().map_err(|_| mpsc::RecvTimeoutError::Disconnected),
                    Some(due) => rx.recv_timeout(due.saturating_duration_since(Instant::now())),
                };
                match next {
                    Ok(Ok(event)) => burst.add(&burst_root, event),
                    Ok(Err(e)) => burst.error(e.to_string()),
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        let b = std::mem::take(&mut burst).batch(&burst_root);
                        if !b.changes.is_empty() || b.rewatch {
                            on_batch(b);
                        }
                    }
                    // The watcher was dropped.
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                }
            }
        })
        .map_err(|e| tr("serve.cannot_watch", &[("error", e.to_string())]))?;
    let mut w = Watcher { root, watcher };
    w.watcher
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
    use notify::event::{DataChange, RemoveKind};

    fn write() -> EventKind {
        EventKind::Modify(ModifyKind::Data(DataChange::Any))
    }

    fn at(rel: &str) -> Option<ChangeKind> {
        classify(Path::new("/site"), &write(), &Path::new("/site").join(rel))
    }

    #[test]
    fn content_files() {
        assert_eq!(
            at("content/areas/family/clinic.fi.md"),
            Some(ChangeKind::Content)
        );
        assert_eq!(at("content/indicators.yaml"), Some(ChangeKind::Content));
        assert_eq!(at("content/results/2025.csv"), Some(ChangeKind::Content));
        assert_eq!(at("content/areas/family"), Some(ChangeKind::Content));
        assert_eq!(at("content"), Some(ChangeKind::Content));
        assert_eq!(at("content/site.yaml"), Some(ChangeKind::Config));
        assert_eq!(at("content/media/logo.svg"), Some(ChangeKind::Static));
    }

    #[test]
    fn theme_files() {
        assert_eq!(at("themes/default/css/base.css"), Some(ChangeKind::Style));
        assert_eq!(at("themes/default/static/x.png"), Some(ChangeKind::Static));
        assert_eq!(
            at("themes/default/templates/base.html"),
            Some(ChangeKind::Template)
        );
        assert_eq!(
            at("themes/default/i18n/fi.yaml"),
            Some(ChangeKind::Template)
        );
        assert_eq!(at("themes/default"), Some(ChangeKind::Template));
        assert_eq!(at("themes"), Some(ChangeKind::Template));
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
        assert_eq!(at("content/areas/family/sed27KzJd"), None);
        assert_eq!(at("content/sedNn9WZB"), None);
        // Only as a file's own name, and only of that shape.
        assert_eq!(
            at("content/areas/sedaatio1/_index.fi.md"),
            Some(ChangeKind::Content)
        );
        assert_eq!(
            at("content/areas/sedation.fi.md"),
            Some(ChangeKind::Content)
        );
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
            assert_eq!(
                classify(root, &kind, p),
                Some(ChangeKind::Content),
                "{kind:?}"
            );
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
        assert_eq!(
            set,
            BTreeSet::from([ChangeKind::Style, ChangeKind::Content])
        );
        let set = changes(root, [(&EventKind::Other, &[][..], true)]);
        assert_eq!(set, BTreeSet::from([ChangeKind::Config]));
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

    fn event(kind: EventKind, paths: &[&str]) -> Event {
        let mut e = Event::new(kind);
        for p in paths {
            e = e.add_path(PathBuf::from(p));
        }
        e
    }

    fn closed() -> EventKind {
        EventKind::Access(AccessKind::Close(AccessMode::Write))
    }

    fn renamed(mode: RenameMode) -> EventKind {
        EventKind::Modify(ModifyKind::Name(mode))
    }

    #[test]
    fn a_save_written_in_place_settles_when_the_file_is_closed() {
        let root = Path::new("/site");
        let page = "/site/content/a.fi.md";
        let mut b = Burst::default();
        assert_eq!(b.due(), None, "nothing gathered");
        b.add(root, event(write(), &[page]));
        assert_eq!(b.wait(), DEBOUNCE, "still being written");
        b.add(root, event(closed(), &[page]));
        assert_eq!(b.wait(), SETTLE);
        // Reading the file changes nothing, and does not put the burst off.
        let due = b.due();
        b.add(
            root,
            event(
                EventKind::Access(AccessKind::Close(AccessMode::Read)),
                &[page],
            ),
        );
        assert_eq!(b.due(), due);
        assert_eq!(b.wait(), SETTLE);
        let batch = b.batch(root);
        assert_eq!(batch.changes, BTreeSet::from([ChangeKind::Content]));
        assert_eq!(batch.paths, BTreeSet::from(["content/a.fi.md".to_string()]));
    }

    #[test]
    fn a_save_settles_only_when_every_written_file_is_closed() {
        let root = Path::new("/site");
        let mut b = Burst::default();
        b.add(root, event(write(), &["/site/content/a.fi.md"]));
        b.add(root, event(write(), &["/site/content/b.fi.md"]));
        b.add(root, event(closed(), &["/site/content/a.fi.md"]));
        assert_eq!(b.wait(), DEBOUNCE, "b.fi.md is still open");
        b.add(root, event(closed(), &["/site/content/b.fi.md"]));
        assert_eq!(b.wait(), SETTLE);
    }

    #[test]
    fn a_save_by_renaming_settles_when_the_real_name_is_in_place() {
        let root = Path::new("/site");
        // gedit: a temporary file written, closed and renamed over the page.
        let tmp = "/site/content/.goutputstream-X1";
        let page = "/site/content/a.fi.md";
        let mut b = Burst::default();
        b.add(root, event(EventKind::Create(CreateKind::File), &[tmp]));
        b.add(root, event(write(), &[tmp]));
        b.add(root, event(closed(), &[tmp]));
        assert_eq!(b.wait(), DEBOUNCE, "a side file closed is not the save");
        b.add(root, event(renamed(RenameMode::From), &[tmp]));
        assert_eq!(b.wait(), DEBOUNCE);
        b.add(root, event(renamed(RenameMode::To), &[page]));
        assert_eq!(b.wait(), SETTLE);
        b.add(root, event(renamed(RenameMode::Both), &[tmp, page]));
        assert_eq!(b.wait(), SETTLE);
        // Vim: the page renamed to a backup, then written anew.
        let mut b = Burst::default();
        b.add(
            root,
            event(renamed(RenameMode::To), &["/site/content/a.fi.md~"]),
        );
        assert_eq!(b.wait(), DEBOUNCE, "a backup in place is not the save");
        b.add(root, event(EventKind::Create(CreateKind::File), &[page]));
        b.add(root, event(write(), &[page]));
        assert_eq!(b.wait(), DEBOUNCE);
        b.add(root, event(closed(), &[page]));
        assert_eq!(b.wait(), SETTLE);
    }

    #[test]
    fn deletions_folders_and_errors_wait_the_whole_debounce() {
        let root = Path::new("/site");
        let page = "/site/content/a.fi.md";
        let mut b = Burst::default();
        b.add(root, event(write(), &[page]));
        b.add(root, event(closed(), &[page]));
        b.add(root, event(EventKind::Remove(RemoveKind::File), &[page]));
        assert_eq!(b.wait(), DEBOUNCE);
        let mut b = Burst::default();
        b.add(
            root,
            event(EventKind::Create(CreateKind::Folder), &["/site/content/x"]),
        );
        assert_eq!(b.wait(), DEBOUNCE);
        let mut b = Burst::default();
        b.error("queue overflow".into());
        assert_eq!(b.wait(), DEBOUNCE);
        assert!(b.due().is_some());
        let batch = b.batch(root);
        assert_eq!(batch.changes, BTreeSet::from([ChangeKind::Config]));
        assert!(batch.rewatch);
    }
}
