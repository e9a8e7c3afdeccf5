//! The served state, and rebuilding it when files change.
//!
//! The preview holds one [`ServedSite`]: the last good [`Output`], the
//! problems of the last attempt (empty when it succeeded) and a build id.
//! [`Rebuilder::rebuild`] brings the site up to date in memory, swaps the
//! new snapshot in at once, and returns what the terminal should say and the
//! one [`Notice`] for open pages, which [`Rebuilder::announce`] sends. When
//! only saved Markdown pages changed and the last build was good, it applies
//! them to the kept [`Session`] (only the pages that show them are rendered
//! again); otherwise, or when the session refuses the edit, it renders the
//! whole site ("when in doubt, rebuild more"). A failed build keeps the
//! last good output. Nothing here writes to disk or prints.
//!
//! An applied edit may leave the long listing pages stale (see
//! `incremental`): the snapshot names them ([`ServedSite::stale`]), and the
//! server asks for them to be rendered ([`Rebuilder::fresh`]) and waits
//! for the next snapshot ([`Served::changed`]) before it serves one.

use std::collections::BTreeSet;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::build::{BuildOptions, Rendered};
use crate::diagnostics::{Diagnostic, Severity};
use crate::incremental::Session;
use crate::output::Output;

use super::inject;
use super::reload::{Broadcaster, Notice};
use super::watch::ChangeKind;

/// What the preview serves right now.
#[derive(Debug, Default)]
pub struct ServedSite {
    /// Id of the latest build attempt (`<start>-<n>`): pages carry it, so a
    /// page that missed a notice notices when it connects.
    pub build: String,
    /// The last good site, if any build has succeeded yet.
    pub site: Option<Arc<Output>>,
    /// URL of the stylesheet of `site` (`/css/style.<hash>.css`).
    pub stylesheet: Option<String>,
    /// Problems of the latest attempt when it failed; empty when it succeeded.
    pub errors: Arc<Vec<Diagnostic>>,
    /// The overlay markup for `errors` (empty when there are none).
    pub overlay: Arc<String>,
    /// Output files of `site` that an edit left to render (the long
    /// listings): never served as they are, but rendered first.
    pub stale: Arc<BTreeSet<String>>,
}

/// The snapshot, shared between the rebuild thread and the server.
#[derive(Debug)]
pub struct Served {
    current: RwLock<Arc<ServedSite>>,
    /// Counts the snapshots swapped in, for whoever waits for the next.
    swaps: tokio::sync::watch::Sender<u64>,
}

impl Default for Served {
    fn default() -> Self {
        Served {
            current: RwLock::default(),
            swaps: tokio::sync::watch::Sender::new(0),
        }
    }
}

impl Served {
    /// The current snapshot (cheap: one `Arc` clone).
    pub fn get(&self) -> Arc<ServedSite> {
        // A panic while swapping cannot leave a half-written Arc behind.
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Resolves at the first swap after it was called (for a server
    /// that found a page stale, see [`ServedSite::stale`]): call it before
    /// [`Served::get`], so that no swap in between is missed.
    pub fn changed(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut rx = self.swaps.subscribe();
        async move {
            // The sender lives as long as the server.
            let _ = rx.changed().await;
        }
    }

    fn set(&self, s: ServedSite) {
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(s);
        self.swaps.send_modify(|n| *n += 1);
    }
}

/// How one rebuild went, for the terminal and the benchmark.
#[derive(Debug)]
pub struct RebuildReport {
    /// HTML pages in the new site (0 when the build failed).
    pub pages: usize,
    /// Pages rendered again, when only those that show the saved files
    /// were (`None` after a full render).
    pub rerendered: Option<usize>,
    /// Languages of the new site.
    pub languages: Vec<String>,
    /// How long rendering took.
    pub took: Duration,
    /// The problems the terminal was not told of before (of a site that
    /// built: new warnings and check findings), or all problems when the
    /// build failed.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the build failed.
    pub failed: bool,
    /// Whether the preview has a good build to show (this one or an earlier one).
    pub have_site: bool,
    /// What was brought up to date without rendering a page, if that was
    /// all, as a catalog word (`@serve.what_style`: "the stylesheet").
    pub updated: Option<&'static str>,
}

/// Rebuilds the site and keeps [`Served`] up to date.
pub struct Rebuilder {
    opts: BuildOptions,
    served: Arc<Served>,
    notices: Broadcaster,
    epoch: String,
    count: u64,
    /// The last good full render, kept for incremental rebuilds.
    session: Option<Session>,
    /// The warnings of the last good full render: an incremental rebuild
    /// keeps them in the box (the edited files had none).
    warnings: Vec<Diagnostic>,
    /// What the terminal was last told of a site that built ([`shown_of`]):
    /// a rebuild prints only what is new, not every warning again.
    told: Vec<Diagnostic>,
}

/// The stylesheet's output path (`css/style.<hash>.css`).
fn stylesheet_of(out: &Output) -> Option<String> {
    out.files
        .keys()
        .find(|k| k.starts_with("css/style.") && k.ends_with(".css"))
        .map(|k| format!("/{k}"))
}

/// What the box and the terminal show: a site's problems and what `lupaus
/// check` adds (a failed render's are together, see
/// `build::render_prepared`), sorted, each once. Starter text is an
/// error there, as `check` and `build` call it: the preview renders the
/// pages anyway (a new site must show), but must not make it look like
/// something that may be published.
fn shown_of(mut shown: Vec<Diagnostic>) -> Vec<Diagnostic> {
    for d in &mut shown {
        if d.code.starts_with("template.") {
            d.severity = Severity::Error;
        }
    }
    shown.sort();
    shown.dedup();
    shown
}

/// The box on every page of a site that built, from [`shown_of`]'s list
/// (empty when there are no problems).
fn box_for(shown: &[Diagnostic]) -> String {
    inject::overlay(&inject::built_title(shown), &inject::problems(shown))
}

/// The problems of `shown` that the terminal was not told of in `told`
/// (both sorted).
fn newly(shown: &[Diagnostic], told: &[Diagnostic]) -> Vec<Diagnostic> {
    shown
        .iter()
        .filter(|d| told.binary_search(d).is_err())
        .cloned()
        .collect()
}

/// The notice for a rebuild: a pure decision on what changed and how the
/// previous and new builds went.
pub fn decide(
    changes: &BTreeSet<ChangeKind>,
    had_errors: bool,
    failed: bool,
    stylesheet: Option<&str>,
) -> ReloadKind {
    if failed {
        return ReloadKind::Errors;
    }
    // Coming back from errors, the page must lose its overlay: reload.
    if had_errors {
        return ReloadKind::Reload;
    }
    match (changes.iter().all(|c| *c == ChangeKind::Style), stylesheet) {
        (true, Some(href)) if !changes.is_empty() => ReloadKind::Css(href.to_string()),
        _ => ReloadKind::Reload,
    }
}

/// What the kept session brought up to date without a full render.
enum Quick {
    /// Saved pages: what [`Session::apply`] did.
    Edited(crate::incremental::Applied),
    /// Saved templates: this many pages rendered again.
    Pages(usize),
    /// The stylesheet, at this address (with the build as a query).
    Stylesheet(String),
    /// Media saved over existing files.
    Media,
}

/// What [`decide`] decided.
#[derive(Debug, PartialEq, Eq)]
pub enum ReloadKind {
    /// Reload every page.
    Reload,
    /// Swap the stylesheet to this URL.
    Css(String),
    /// Show the problems.
    Errors,
}

/// The site to serve after a full render failed with `diags`: the last
/// good one (`prev`'s) with the problems, counted as `check` counts them
/// (starter text an error), and the report that says so.
fn failed(
    diags: Vec<Diagnostic>,
    prev: &ServedSite,
    build: String,
    took: Duration,
) -> (ServedSite, RebuildReport) {
    let diags = shown_of(diags);
    let have_site = prev.site.is_some();
    let title = inject::title(&diags, have_site);
    let overlay = inject::overlay(&title, &inject::problems(&diags));
    let snap = ServedSite {
        build,
        site: prev.site.clone(),
        stylesheet: prev.stylesheet.clone(),
        errors: Arc::new(diags.clone()),
        overlay: Arc::new(overlay),
        // Served only with the problems (see `serve::site`).
        stale: prev.stale.clone(),
    };
    let report = RebuildReport {
        pages: 0,
        rerendered: None,
        languages: Vec::new(),
        took,
        diagnostics: diags,
        failed: true,
        have_site,
        updated: None,
    };
    (snap, report)
}

impl Rebuilder {
    /// A rebuilder for the preview of `opts.root`.
    pub fn new(opts: BuildOptions, served: Arc<Served>, notices: Broadcaster) -> Self {
        let epoch = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0);
        Rebuilder {
            opts,
            served,
            notices,
            epoch: format!("{epoch:x}"),
            count: 0,
            session: None,
            warnings: Vec::new(),
            told: Vec::new(),
        }
    }

    /// Brings the site up to date and swaps it in; returns what to print
    /// and what to tell open pages (with [`Rebuilder::announce`]) according
    /// to `changes` (empty for the first build) and the saved files behind
    /// them (`paths`, relative to the root).
    pub fn rebuild(
        &mut self,
        changes: &BTreeSet<ChangeKind>,
        paths: &BTreeSet<String>,
    ) -> (RebuildReport, Notice) {
        let start = Instant::now();
        self.count += 1;
        let build = format!("{}-{}", self.epoch, self.count);
        let prev = self.served.get();
        let had_errors = !prev.errors.is_empty();
        match self.quick(changes, paths, had_errors, &build) {
            Some(Ok(quick)) => {
                if let Some(done) = self.serve_quick(quick, &prev, &build, start) {
                    return done;
                }
            }
            // Half-updated, or not doable so: render everything below.
            Some(Err(())) => self.session = None,
            None => {}
        }
        let (snapshot, report) = match Session::start(&self.opts) {
            Ok((session, r)) => self.started(session, r, build.clone(), start.elapsed()),
            Err(diags) => {
                self.session = None;
                failed(diags, &prev, build.clone(), start.elapsed())
            }
        };
        let decision = decide(
            changes,
            had_errors,
            report.failed,
            snapshot.stylesheet.as_deref(),
        );
        let notice = match decision {
            ReloadKind::Reload => Notice::Reload {
                build: build.clone(),
            },
            ReloadKind::Css(href) => Notice::Css {
                build: build.clone(),
                href,
            },
            ReloadKind::Errors => Notice::Errors {
                build: build.clone(),
                title: inject::title(&snapshot.errors, snapshot.site.is_some()),
                problems: inject::problems(&snapshot.errors),
            },
        };
        // Swap first, then tell: a page that reloads must get the new site.
        self.served.set(snapshot);
        (report, notice)
    }

    /// What the kept session can bring up to date without a full render
    /// (saved pages, the stylesheet, media saved over, templates), when
    /// every change is of one such kind and the last build had no errors:
    /// `None` when it cannot, `Some(Err)` when it tried and failed (the
    /// session is then half-updated). `build` names this rebuild.
    fn quick(
        &mut self,
        changes: &BTreeSet<ChangeKind>,
        paths: &BTreeSet<String>,
        had_errors: bool,
        build: &str,
    ) -> Option<Result<Quick, ()>> {
        let session = self.session.as_mut().filter(|_| !had_errors)?;
        let only = |kind: ChangeKind| !changes.is_empty() && changes.iter().all(|c| *c == kind);
        let quick = if only(ChangeKind::Content) {
            session.apply(paths).map(Quick::Edited).map_err(drop)
        } else if only(ChangeKind::Style) {
            session
                .restyle()
                .map(|href| Quick::Stylesheet(format!("{href}?v={build}")))
                .map_err(drop)
        } else if only(ChangeKind::Static) {
            session
                .touch_copies(paths)
                .map(|()| Quick::Media)
                .map_err(drop)
        } else if only(ChangeKind::Template) {
            session.retemplate(paths).map(Quick::Pages).map_err(drop)
        } else {
            return None;
        };
        Some(quick)
    }

    /// Serves what [`Rebuilder::quick`] brought up to date (`None` without
    /// a kept session, which made it). Saved pages: check's content checks
    /// again, on the edited model; a stylesheet, media or templates change
    /// none.
    fn serve_quick(
        &mut self,
        quick: Quick,
        prev: &ServedSite,
        build: &str,
        start: Instant,
    ) -> Option<(RebuildReport, Notice)> {
        let session = self.session.as_ref()?;
        let mut steps = crate::timings::Steps::new();
        let mut new = Vec::new();
        let overlay = match &quick {
            Quick::Edited(applied) => {
                let mut shown = self.warnings.clone();
                shown.extend(applied.checks.iter().cloned());
                let shown = shown_of(shown);
                new = newly(&shown, &self.told);
                let overlay = Arc::new(box_for(&shown));
                self.told = shown;
                overlay
            }
            _ => prev.overlay.clone(),
        };
        steps.done("apply: the box");
        let snap = ServedSite {
            build: build.to_string(),
            site: Some(session.output().clone()),
            stylesheet: prev.stylesheet.clone(),
            errors: Arc::default(),
            overlay,
            stale: Arc::new(session.stale()),
        };
        let (rerendered, updated) = match &quick {
            Quick::Edited(a) => (a.pages, None),
            Quick::Pages(n) => (*n, None),
            Quick::Stylesheet(_) => (0, Some("@serve.what_style")),
            Quick::Media => (0, Some("@serve.what_media")),
        };
        let report = RebuildReport {
            pages: session.pages(),
            rerendered: Some(rerendered),
            languages: Vec::new(),
            took: start.elapsed(),
            diagnostics: new,
            failed: false,
            have_site: true,
            updated,
        };
        self.served.set(snap);
        let build = build.to_string();
        let notice = match quick {
            Quick::Stylesheet(href) => Notice::Css { build, href },
            Quick::Edited(_) | Quick::Pages(_) | Quick::Media => Notice::Reload { build },
        };
        Some((report, notice))
    }

    /// Keeps the `session` a full render started (its report `r`) and
    /// makes the site to serve from it, its box with every problem and
    /// the terminal's report with what it was not told before.
    fn started(
        &mut self,
        session: Session,
        r: Rendered,
        build: String,
        took: Duration,
    ) -> (ServedSite, RebuildReport) {
        // The snapshot and the session share one output.
        let site = session.output().clone();
        self.session = Some(session);
        let stylesheet = stylesheet_of(&site);
        self.warnings = r.warnings.clone();
        let mut shown = r.warnings.clone();
        shown.extend(r.checks.iter().cloned());
        let shown = shown_of(shown);
        let overlay = box_for(&shown);
        let new = newly(&shown, &self.told);
        self.told = shown;
        let report = RebuildReport {
            pages: r.pages,
            rerendered: None,
            languages: r.languages,
            took,
            diagnostics: new,
            failed: false,
            have_site: true,
            updated: None,
        };
        let snap = ServedSite {
            build,
            site: Some(site),
            stylesheet,
            errors: Arc::default(),
            overlay: Arc::new(overlay),
            stale: Arc::default(),
        };
        (snap, report)
    }

    /// Tells every open page.
    pub fn announce(&self, notice: Notice) {
        self.notices.send(notice);
    }

    /// Whether an incremental rebuild left the search indexes, the data
    /// file or listing pages behind.
    pub fn deferred(&self) -> bool {
        self.session.as_ref().is_some_and(Session::deferred)
    }

    /// Swaps in the session's output as it is now, quietly (the pages
    /// that open pages show did not change).
    fn swap_quietly(&self) {
        let Some(session) = self.session.as_ref() else {
            return;
        };
        let prev = self.served.get();
        let snap = ServedSite {
            build: prev.build.clone(),
            site: Some(session.output().clone()),
            stylesheet: prev.stylesheet.clone(),
            errors: prev.errors.clone(),
            overlay: prev.overlay.clone(),
            stale: Arc::new(session.stale()),
        };
        self.served.set(snap);
    }

    /// Renders the listing pages that a browser asked for while they were
    /// stale ([`ServedSite::stale`]) and swaps them in. When they cannot be
    /// rendered so, renders the whole site and returns what to print and
    /// tell open pages, as [`Rebuilder::rebuild`] does.
    pub fn fresh(&mut self) -> Option<(RebuildReport, Notice)> {
        let session = self.session.as_mut()?;
        if session.stale().is_empty() {
            return None;
        }
        match session.render_pending() {
            Ok(_) => {
                self.swap_quietly();
                None
            }
            Err(_) => Some(self.render_in_full()),
        }
    }

    /// Renders the whole site again, as after a change that no kept
    /// session can apply.
    fn render_in_full(&mut self) -> (RebuildReport, Notice) {
        self.session = None;
        self.rebuild(&BTreeSet::from([ChangeKind::Content]), &BTreeSet::new())
    }

    /// After incremental rebuilds, renders the stale listing pages, brings
    /// the search indexes and `data/promise.json` up to date and swaps them
    /// in quietly (they read every page, so they wait until the writer
    /// pauses). When the listing pages cannot be rendered so, renders the
    /// whole site and returns what to print and tell open pages.
    pub fn refresh_deferred(&mut self) -> Option<(RebuildReport, Notice)> {
        let session = self.session.as_mut()?;
        if !session.refresh_deferred() {
            if session.stale().is_empty() {
                return None;
            }
            return Some(self.render_in_full());
        }
        self.swap_quietly();
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_each_rebuild_tells_the_pages() {
        let style = BTreeSet::from([ChangeKind::Style]);
        let content = BTreeSet::from([ChangeKind::Content]);
        let both = BTreeSet::from([ChangeKind::Style, ChangeKind::Content]);
        let css = Some("/css/style.1.css");
        assert_eq!(
            decide(&style, false, false, css),
            ReloadKind::Css("/css/style.1.css".into())
        );
        assert_eq!(decide(&content, false, false, css), ReloadKind::Reload);
        assert_eq!(decide(&both, false, false, css), ReloadKind::Reload);
        assert_eq!(decide(&style, true, false, css), ReloadKind::Reload);
        assert_eq!(decide(&style, false, true, css), ReloadKind::Errors);
        assert_eq!(
            decide(&BTreeSet::new(), false, false, css),
            ReloadKind::Reload
        );
        assert_eq!(decide(&style, false, false, None), ReloadKind::Reload);
    }
}
