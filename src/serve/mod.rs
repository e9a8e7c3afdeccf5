//! `lupaus serve`: the live preview, served from memory.
//!
//! [`serve`] builds the site in preview mode (drafts included, each with its
//! draft banner; no minification; URLs without the `base_url` prefix), serves
//! it over HTTP with axum, watches the site's files and rebuilds on every
//! change, and tells open pages to reload. The steps:
//!
//! 1. bind the address (loopback unless told otherwise), so that a port in
//!    use is reported at once;
//! 2. start the watcher ([`watch`]);
//! 3. first build ([`rebuild`]), printed like every later one, then the URL;
//! 4. start the one rebuild thread, and serve until Ctrl+C; then end the
//!    event streams and stop.
//!
//! What is served: only the keys of the in-memory
//! [`Output`](crate::output::Output) ([`paths`] maps request paths to them),
//! with the preview's own files under `/__lupaus/` ([`inject`], [`reload`]).
//! Nothing is written to disk. Rendering itself lives in `build` and
//! `render`; this module never decides what a page contains.

pub mod inject;
pub mod paths;
pub mod rebuild;
pub mod reload;
pub mod watch;

use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use crate::messages::tr;
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::watch as signal_watch;
use tower::limit::GlobalConcurrencyLimitLayer;

use crate::build::BuildOptions;
use rebuild::{RebuildReport, Rebuilder, Served};
use reload::Broadcaster;
use watch::{Batch, ChangeKind};

/// The default port, as in Zola.
pub const DEFAULT_PORT: u16 = 1111;

/// Requests handled at once (event streams included); more wait their turn.
const MAX_REQUESTS: usize = 128;

/// HTTP worker threads: a preview serves one writer's browser tabs.
const WORKERS: usize = 2;

/// How long open connections get to finish after Ctrl+C.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// The `Content-Security-Policy` of preview pages: the preview adds no
/// inline script, and a theme must not need one either.
const CSP: &str = "script-src 'self'; object-src 'none'; base-uri 'self'";

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site root (holds `content/`).
    pub root: PathBuf,
    /// Where to listen; port 0 picks a free port.
    pub addr: SocketAddr,
    /// Open the preview in the default browser.
    pub open: bool,
}

/// The preview build's options for `root`.
pub fn preview_options(root: PathBuf) -> BuildOptions {
    BuildOptions {
        root,
        drafts: true,
        preview: true,
        minify: false,
    }
}

/// What the server's handlers share.
#[derive(Clone)]
struct App {
    served: Arc<Served>,
    notices: Broadcaster,
    /// The rebuild thread, asked for stale pages ([`Job::Fresh`]).
    jobs: mpsc::Sender<Job>,
}

/// Messages to the rebuild thread.
enum Job {
    Files(Batch),
    /// A browser asks for a page that an edit left stale.
    Fresh,
    Stop,
}

/// Builds, serves and watches until Ctrl+C. Errors are about the server
/// itself (the address is taken, the files cannot be watched); problems in
/// the site are shown in the terminal and the browser and do not stop it.
pub fn serve(opts: ServeOptions) -> Result<(), String> {
    let root = opts.root.clone();
    if let Some(d) = crate::content::not_a_site_root(&root) {
        return Err(d.text());
    }
    let (stop_tx, stop_rx) = signal_watch::channel(false);
    let served = Arc::new(Served::default());
    let notices = Broadcaster::new(stop_rx);
    let mut rebuilder = Rebuilder::new(
        preview_options(root.clone()),
        served.clone(),
        notices.clone(),
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(WORKERS)
        .max_blocking_threads(WORKERS)
        .thread_name("lupaus-http")
        .enable_all()
        .build()
        .map_err(|e| tr("serve.cannot_start", &[("error", e.to_string())]))?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(opts.addr))
        .map_err(|e| bind_error(opts.addr, &e))?;
    let addr = listener
        .local_addr()
        .map_err(|e| tr("serve.cannot_start", &[("error", e.to_string())]))?;
    let (jobs_tx, jobs_rx) = mpsc::channel::<Job>();
    let files_tx = jobs_tx.clone();
    // Events carry absolute, resolved paths (`/private/tmp` on macOS).
    let watch_root = std::fs::canonicalize(&root).unwrap_or_else(|_| root.clone());
    let watcher = watch::start(&watch_root, move |b| {
        // The receiver is gone only when the server is shutting down.
        let _ = files_tx.send(Job::Files(b));
    })?;
    // The first build comes after the watcher starts, so that a save made
    // meanwhile is not lost (it is rebuilt right after).
    let (report, _) = rebuilder.rebuild(&BTreeSet::new(), &BTreeSet::new());
    print_report(&report, true);
    let url = format!("http://{}/", display_addr(addr));
    println!("{}", tr("serve.serving", &[("url", url.clone())]));
    if !addr.ip().is_loopback() {
        eprintln!(
            "{}",
            tr("serve.bind_warning", &[("address", addr.ip().to_string())])
        );
    }
    let rebuild_thread = std::thread::Builder::new()
        .name("lupaus-rebuild".into())
        .spawn(move || rebuild_loop(&jobs_rx, watcher, rebuilder))
        .map_err(|e| tr("serve.cannot_start", &[("error", e.to_string())]))?;

    if opts.open {
        let target = if addr.ip().is_unspecified() {
            format!(
                "http://{}/",
                display_addr(SocketAddr::new(IpAddr::from([127, 0, 0, 1]), addr.port()))
            )
        } else {
            url.clone()
        };
        if let Err(e) = opener::open_browser(&target) {
            eprintln!(
                "{}",
                tr(
                    "serve.no_browser",
                    &[("error", e.to_string()), ("url", target.clone())],
                )
            );
        }
    }

    let app = App {
        served,
        notices,
        jobs: jobs_tx.clone(),
    };
    let result = runtime.block_on(async move {
        let router = router(app);
        let stop = shutdown_signal();
        let server = axum::serve(listener, router).with_graceful_shutdown(async move {
            stop.await;
            eprintln!("\n{}", tr("serve.stopping", &[]));
            // Ends every event stream, so that graceful shutdown can finish.
            let _ = stop_tx.send(true);
        });
        server.await
    });
    runtime.shutdown_timeout(SHUTDOWN_GRACE);
    let _ = jobs_tx.send(Job::Stop);
    let _ = rebuild_thread.join();
    result.map_err(|e| tr("serve.stopped", &[("error", e.to_string())]))
}

/// How long the site must be quiet before the search indexes and
/// `data/promise.json` are brought up to date after an incremental rebuild
/// (see [`Rebuilder::refresh_deferred`]): they read every page, so they wait
/// until the writer pauses instead of delaying the next save's reload.
const DEFERRED_QUIET: Duration = Duration::from_secs(1);

/// The one rebuild thread: one rebuild per burst of saves, until told to stop.
fn rebuild_loop(jobs: &mpsc::Receiver<Job>, mut watcher: watch::Watcher, mut rebuilder: Rebuilder) {
    loop {
        let job = if rebuilder.deferred() {
            match jobs.recv_timeout(DEFERRED_QUIET) {
                Ok(job) => job,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if let Some((report, notice)) = rebuilder.refresh_deferred() {
                        print_report(&report, false);
                        rebuilder.announce(notice);
                    }
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
        } else {
            match jobs.recv() {
                Ok(job) => job,
                Err(_) => return,
            }
        };
        let mut batch = match job {
            Job::Files(batch) => batch,
            Job::Fresh => {
                fresh(&mut rebuilder);
                continue;
            }
            Job::Stop => return,
        };
        // Saves that arrived while the last rebuild ran are one rebuild.
        let mut asked = false;
        while let Ok(more) = jobs.try_recv() {
            match more {
                Job::Files(b) => {
                    batch.changes.extend(b.changes);
                    batch.rewatch |= b.rewatch;
                    batch.paths.extend(b.paths);
                }
                Job::Fresh => asked = true,
                Job::Stop => return,
            }
        }
        if batch.rewatch {
            for p in watcher.rewatch() {
                eprintln!("{}: {p}", crate::diagnostics::warning_label());
            }
        }
        if !batch.changes.is_empty() {
            print_changes(&batch.changes, &batch.paths);
            let (report, notice) = rebuilder.rebuild(&batch.changes, &batch.paths);
            // The terminal first, so that its account is complete when the
            // page reloads.
            print_report(&report, false);
            rebuilder.announce(notice);
        }
        if asked {
            fresh(&mut rebuilder);
        }
    }
}

/// Renders the stale pages a browser asked for (see [`Rebuilder::fresh`]).
fn fresh(rebuilder: &mut Rebuilder) {
    if let Some((report, notice)) = rebuilder.fresh() {
        print_report(&report, false);
        rebuilder.announce(notice);
    }
}

/// The current snapshot, with the output file `key` rendered first when
/// an edit left it stale ([`rebuild::ServedSite::stale`]): the rebuild
/// thread is asked for it and the next snapshot awaited, until `key` is
/// fresh. A stale file of a site that has problems stays as it is (the
/// caller shows the problems instead).
async fn fresh_snapshot(app: &App, key: &str) -> Arc<rebuild::ServedSite> {
    loop {
        let changed = app.served.changed();
        let snap = app.served.get();
        if !snap.stale.contains(key) || !snap.errors.is_empty() {
            return snap;
        }
        if app.jobs.send(Job::Fresh).is_err() {
            // Shutting down.
            return snap;
        }
        changed.await;
    }
}

/// The routes: the preview's own files, its event stream, and the site.
fn router(app: App) -> Router {
    Router::new()
        .route("/__lupaus/reload.js", get(reload_js))
        .route("/__lupaus/overlay.css", get(overlay_css))
        .route("/__lupaus/events", get(events))
        .fallback(site)
        .layer(GlobalConcurrencyLimitLayer::new(MAX_REQUESTS))
        .with_state(app)
}

/// Resolves on Ctrl+C (or SIGTERM on Unix). The handlers are registered
/// when this is called, not when the future is first polled: the server
/// answers before its shutdown future runs, and a Ctrl+C in between would
/// otherwise end the process without the clean stop. Call it inside the
/// runtime.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{Signal, SignalKind, signal};
        let interrupt = signal(SignalKind::interrupt()).ok();
        let terminate = signal(SignalKind::terminate()).ok();
        let received = |s: Option<Signal>| async move {
            match s {
                Some(mut s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        async move {
            tokio::select! {
                _ = received(interrupt) => {},
                _ = received(terminate) => {},
            }
        }
    }
    #[cfg(not(unix))]
    {
        let ctrl_c = tokio::signal::windows::ctrl_c().ok();
        async move {
            match ctrl_c {
                Some(mut c) => {
                    c.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        }
    }
}

/// Common headers: never cached, never sniffed.
fn respond(status: StatusCode, content_type: &str, body: impl Into<Body>) -> Response {
    let mut r = (status, body.into()).into_response();
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if content_type.starts_with("text/html") {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
    r
}

async fn reload_js() -> Response {
    respond(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        inject::RELOAD_JS,
    )
}

async fn overlay_css() -> Response {
    respond(
        StatusCode::OK,
        "text/css; charset=utf-8",
        inject::OVERLAY_CSS,
    )
}

async fn events(State(app): State<App>) -> Response {
    let build = app.served.get().build.clone();
    match app.notices.subscribe(build) {
        Some(sse) => {
            let mut r = sse.into_response();
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            r
        }
        None => respond(
            StatusCode::SERVICE_UNAVAILABLE,
            "text/plain; charset=utf-8",
            "Too many preview pages are open; close some tabs.\n",
        ),
    }
}

/// The Content-Type for an output path.
fn content_type(key: &str) -> String {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let textual = mime.type_() == mime_guess::mime::TEXT
        || matches!(
            mime.essence_str(),
            "application/javascript" | "application/json" | "image/svg+xml" | "application/xml"
        )
        || mime.suffix() == Some(mime_guess::mime::XML)
        || mime.suffix() == Some(mime_guess::mime::JSON);
    if textual && mime.get_param(mime_guess::mime::CHARSET).is_none() {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.to_string()
    }
}

/// Everything that is not the preview's own: the built site.
async fn site(State(app): State<App>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = respond(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain; charset=utf-8",
            format!("{}\n", tr("serve.get_only", &[])),
        );
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let mut snap = app.served.get();
    let html = "text/html; charset=utf-8";
    if let Some(out) = snap.site.clone()
        && let paths::Lookup::File(key) = paths::lookup(uri.path(), |k| {
            out.files.contains_key(k) || out.copies.contains_key(k)
        })
        && snap.stale.contains(&key)
    {
        snap = fresh_snapshot(&app, &key).await;
        if snap.stale.contains(&key) {
            // The site has problems: the page would show what an edit
            // before them left stale.
            return problems(&snap, "serve.stale_text");
        }
    }
    let Some(out) = snap.site.clone() else {
        return problems(&snap, "serve.errors_text");
    };
    let found = paths::lookup(uri.path(), |k| {
        out.files.contains_key(k) || out.copies.contains_key(k)
    });
    match found {
        paths::Lookup::File(key) => {
            let bytes = match out.files.get(&key) {
                Some(b) => b.clone(),
                None => match out.copies.get(&key) {
                    // Copied media are read from where the build found them.
                    Some(src) => match tokio::fs::read(src).await {
                        Ok(b) => b.into(),
                        Err(_) => return not_found(&snap, uri.path()),
                    },
                    None => return not_found(&snap, uri.path()),
                },
            };
            let ct = content_type(&key);
            if key.ends_with(".html") {
                return respond(
                    StatusCode::OK,
                    html,
                    inject::inject(&bytes, &snap.build, &snap.overlay),
                );
            }
            respond(StatusCode::OK, &ct, bytes)
        }
        paths::Lookup::Redirect(to) => {
            let to = match uri.query() {
                Some(q) => format!("{to}?{q}"),
                None => to,
            };
            let mut r = respond(StatusCode::FOUND, "text/plain; charset=utf-8", "");
            match HeaderValue::from_str(&to) {
                Ok(v) => {
                    r.headers_mut().insert(header::LOCATION, v);
                    r
                }
                Err(_) => not_found(&snap, uri.path()),
            }
        }
        paths::Lookup::NotFound => not_found(&snap, uri.path()),
    }
}

/// The site's own `404.html` when the build made one (as a web server
/// would show it), else a plain page; either with the preview's additions.
/// The page of the site's problems, with the catalog text `text` saying
/// why it stands where a page of the site would (503).
fn problems(snap: &rebuild::ServedSite, text: &str) -> Response {
    let page = inject::page(
        &snap.build,
        &tr("serve.errors_title", &[]),
        &tr(text, &[]),
        &snap.overlay,
    );
    respond(
        StatusCode::SERVICE_UNAVAILABLE,
        "text/html; charset=utf-8",
        page,
    )
}

fn not_found(snap: &rebuild::ServedSite, path: &str) -> Response {
    let html = "text/html; charset=utf-8";
    // The preview has no path prefix: the route's path is its file.
    let file = crate::site::Route::NotFound.path("");
    if let Some(page) = snap.site.as_ref().and_then(|o| o.files.get(file.as_ref())) {
        let body = inject::inject(page, &snap.build, &snap.overlay);
        return respond(StatusCode::NOT_FOUND, html, body);
    }
    let page = inject::page(
        &snap.build,
        &tr("serve.not_found_title", &[]),
        &tr("serve.not_found", &[("path", path.to_string())]),
        &snap.overlay,
    );
    respond(StatusCode::NOT_FOUND, html, page)
}

/// `127.0.0.1:1111`, `[::1]:1111`.
fn display_addr(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V6(ip) => format!("[{ip}]:{}", addr.port()),
        IpAddr::V4(ip) => format!("{ip}:{}", addr.port()),
    }
}

fn bind_error(addr: SocketAddr, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::AddrInUse => {
            tr("serve.port_in_use", &[("port", addr.port().to_string())])
        }
        std::io::ErrorKind::AddrNotAvailable => {
            tr("serve.no_address", &[("address", addr.ip().to_string())])
        }
        std::io::ErrorKind::PermissionDenied => tr(
            "serve.port_denied",
            &[
                ("port", addr.port().to_string()),
                ("default", DEFAULT_PORT.to_string()),
            ],
        ),
        _ => tr(
            "serve.cannot_listen",
            &[("address", display_addr(addr)), ("error", e.to_string())],
        ),
    }
}

/// `Changed: content/areas/perhe/neuvola.fi.md, stylesheet` before the
/// rebuild's summary: the saved files by name (up to three), other changes
/// by kind.
fn print_changes(changes: &BTreeSet<ChangeKind>, paths: &BTreeSet<String>) {
    let names = changed_names(changes, paths).join(", ");
    eprintln!("{}", tr("serve.changed", &[("names", names)]));
}

fn changed_names(changes: &BTreeSet<ChangeKind>, paths: &BTreeSet<String>) -> Vec<String> {
    let mut names: Vec<String> = paths.iter().take(3).cloned().collect();
    if paths.len() > 3 {
        names.push(crate::messages::count(
            paths.len() - 3,
            "serve.more_file",
            "serve.more_files",
        ));
    }
    names.extend(
        changes
            .iter()
            .filter(|c| paths.is_empty() || **c != ChangeKind::Content)
            .map(|c| {
                tr(
                    match c {
                        ChangeKind::Style => "serve.kind_style",
                        ChangeKind::Static => "serve.kind_media",
                        ChangeKind::Content => "serve.kind_content",
                        ChangeKind::Template => "serve.kind_theme",
                        ChangeKind::Config => "serve.kind_config",
                    },
                    &[],
                )
            }),
    );
    names
}

/// The terminal's account of one build: its problems (many links with the
/// same problem as one, see [`crate::diagnostics::grouped`]), then one
/// line, which counts every link.
fn print_report(r: &RebuildReport, first: bool) {
    let shown = crate::diagnostics::grouped(&r.diagnostics);
    let (errors, warnings): (Vec<_>, Vec<_>) = shown.iter().partition(|d| d.is_error());
    for d in warnings.iter().chain(errors.iter()) {
        eprintln!("{d}");
    }
    let ms = r.took.as_millis();
    if r.failed {
        let errors = r.diagnostics.iter().filter(|d| d.is_error()).count();
        let n = crate::messages::count(errors, "count.error", "count.errors");
        let code = if r.have_site {
            "serve.failed"
        } else {
            "serve.nothing"
        };
        eprintln!("{}", tr(code, &[("errors", n)]));
    } else if first {
        let languages =
            crate::messages::count(r.languages.len(), "count.language", "count.languages");
        eprintln!(
            "{}",
            tr(
                "serve.built",
                &[
                    ("pages", r.pages.to_string()),
                    ("languages", languages),
                    ("list", r.languages.join(", ")),
                    ("ms", ms.to_string()),
                ],
            )
        );
    } else if let Some(what) = r.updated {
        eprintln!(
            "{}",
            tr(
                "serve.updated",
                &[("what", what.to_string()), ("ms", ms.to_string())],
            )
        );
    } else if let Some(n) = r.rerendered {
        eprintln!(
            "{}",
            tr(
                "serve.rerendered",
                &[
                    ("n", n.to_string()),
                    ("pages", r.pages.to_string()),
                    ("ms", ms.to_string()),
                ],
            )
        );
    } else {
        eprintln!(
            "{}",
            tr(
                "serve.rebuilt",
                &[("pages", r.pages.to_string()), ("ms", ms.to_string())],
            )
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The terminal names the saved files (three at most), then other kinds.
    #[test]
    fn changes_are_named_by_file_then_by_kind() {
        let paths: BTreeSet<String> = ["content/a.fi.md", "content/b.fi.md"]
            .map(String::from)
            .into();
        let kinds: BTreeSet<ChangeKind> = [ChangeKind::Content, ChangeKind::Style].into();
        assert_eq!(
            changed_names(&kinds, &paths),
            ["content/a.fi.md", "content/b.fi.md", "stylesheet"]
        );
        let many: BTreeSet<String> = (0..5).map(|i| format!("content/{i}.fi.md")).collect();
        let names = changed_names(&[ChangeKind::Content].into(), &many);
        assert_eq!(names.len(), 4);
        assert_eq!(names[3], "2 more files");
        let four: BTreeSet<String> = (0..4).map(|i| format!("content/{i}.fi.md")).collect();
        let names = changed_names(&[ChangeKind::Content].into(), &four);
        assert_eq!(names[3], "1 more file");
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("fi/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("css/style.abc.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("media/logo.svg"),
            "image/svg+xml; charset=utf-8"
        );
        assert_eq!(content_type("media/photo.jpg"), "image/jpeg");
        assert_eq!(
            content_type("data/results.json"),
            "application/json; charset=utf-8"
        );
        assert_eq!(content_type("data/results.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("media/report.pdf"), "application/pdf");
        assert_eq!(
            content_type("media/unknown.zzz"),
            "application/octet-stream"
        );
    }

    #[test]
    fn addresses_print_as_urls() {
        assert_eq!(
            display_addr("127.0.0.1:1111".parse().unwrap()),
            "127.0.0.1:1111"
        );
        assert_eq!(display_addr("[::1]:8080".parse().unwrap()), "[::1]:8080");
    }
}
