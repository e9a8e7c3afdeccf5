//! `lupaus serve` end to end: the real binary on a copy of
//! `tests/fixtures/serve-site`, on a free loopback port, spoken to over raw
//! TCP (an HTTP client library would normalise the `..` paths this file
//! needs to send as they are). Every test is bounded in time and kills its
//! server when it ends, passed or not.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

/// How long anything may take before the test fails (debug builds, busy CI).
const PATIENCE: Duration = Duration::from_secs(30);

/// A running `lupaus serve`; killed on drop.
struct Server {
    child: Child,
    addr: SocketAddr,
    site: tempfile::TempDir,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-site")
}

impl Server {
    /// Copies the fixture, lets `prepare` change the copy, and starts serving it.
    fn start_with(prepare: impl FnOnce(&Path)) -> Server {
        let site = tempfile::tempdir().unwrap();
        copy_dir(&fixture(), site.path());
        prepare(site.path());
        let mut child = Command::new(env!("CARGO_BIN_EXE_lupaus"))
            .env("LANG", "C.UTF-8")
            .args(["serve", "--port", "0", "--root"])
            .arg(site.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start lupaus serve");
        // Drain both pipes so the server never blocks on a full one.
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let mut out = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut all = String::new();
            let mut buf = [0u8; 1024];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                all.push_str(&String::from_utf8_lossy(&buf[..n]));
                if let Some(line) = all.lines().find(|l| l.starts_with("Serving ")) {
                    let _ = tx.send(line.to_string());
                }
            }
        });
        let mut server = Server {
            child,
            addr: "127.0.0.1:1".parse().unwrap(),
            site,
            stderr,
        };
        let line = rx
            .recv_timeout(PATIENCE)
            .unwrap_or_else(|_| panic!("no URL printed; stderr:\n{}", server.stderr()));
        // `Serving http://127.0.0.1:PORT/ — press Ctrl+C to stop`
        assert!(line.ends_with("/ — press Ctrl+C to stop"), "{line}");
        let url = line
            .strip_prefix("Serving http://")
            .and_then(|r| r.split('/').next())
            .unwrap();
        server.addr = url.parse().unwrap();
        assert!(server.addr.ip().is_loopback(), "{line}");
        server
    }

    fn start() -> Server {
        Server::start_with(|_| {})
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.site.path().join(rel)
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// What the server printed, once it contains `text`: the terminal line
    /// is printed before the reload event is sent, but the thread that
    /// reads the server's stderr may see it a little later than the event.
    fn stderr_with(&self, text: &str) -> String {
        let deadline = std::time::Instant::now() + PATIENCE;
        loop {
            let s = self.stderr();
            if s.contains(text) {
                return s;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the server never printed {text:?}: {s}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn get(&self, raw_path: &str) -> Response {
        get(self.addr, raw_path)
    }

    /// Listens to the event stream; returns after its `hello`.
    fn events(&self) -> Events {
        let mut s = TcpStream::connect(self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        write!(
            s,
            "GET /__lupaus/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut ev = Events {
            stream: s,
            seen: String::new(),
            at: 0,
        };
        ev.wait("hello", self);
        ev
    }

    /// Writes a file as an editor would: the whole file at once.
    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.path(rel), text).unwrap();
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let old = std::fs::read_to_string(self.path(rel)).unwrap();
        assert!(old.contains(from), "{rel} has no {from:?}");
        self.write(rel, &old.replacen(from, to, 1));
    }
}

/// An open `/__lupaus/events` stream.
struct Events {
    stream: TcpStream,
    seen: String,
    at: usize,
}

impl Events {
    /// Waits for the next event called `name` and returns its data line.
    fn wait(&mut self, name: &str, server: &Server) -> String {
        let marker = format!("event: {name}\n");
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(i) = self.seen[self.at..].find(&marker) {
                let start = self.at + i + marker.len();
                if let Some(end) = self.seen[start..].find("\n\n") {
                    self.at = start + end;
                    let block = &self.seen[start..start + end];
                    return block
                        .lines()
                        .find_map(|l| l.strip_prefix("data: "))
                        .unwrap_or("")
                        .to_string();
                }
            }
            assert!(
                Instant::now() < deadline,
                "no {name} event; events so far:\n{}\nserver said:\n{}",
                self.seen,
                server.stderr()
            );
            let mut buf = [0u8; 4096];
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("event stream closed; got:\n{}", self.seen),
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {} // timeout: look again
            }
        }
    }
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One `GET` with the path sent exactly as given.
fn get(addr: SocketAddr, raw_path: &str) -> Response {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        s,
        "GET {raw_path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Response {
        status,
        headers,
        body: body.to_string(),
    }
}

const COMMITMENT: &str = "content/areas/perhe/neuvola.fi.md";
const COMMITMENT_URL: &str = "/fi/perhe/neuvola/";

#[test]
fn serves_the_site_from_memory() {
    let server = Server::start();
    let page = server.get(COMMITMENT_URL);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Aika neuvolaan viikon sisällä"));
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.header("cache-control"), Some("no-store"));
    // Preview URLs have no base_url prefix (/palvelulupaus).
    assert!(page.body.contains("href=\"/fi/perhe/\""), "{}", page.body);
    // The live-reload script is a file, never inline.
    assert!(page.body.contains("<script src=\"/__lupaus/reload.js\""));
    assert!(!page.body.contains("<script>"));
    // Without errors, the box is the quiet one, with check's one warning.
    assert!(
        !page.body.contains("class=\"lupaus-overlay\""),
        "no error box without errors"
    );
    assert!(
        page.body.contains("lupaus-overlay--quiet")
            && page
                .body
                .contains("1 warning: lupaus check reports the same"),
        "{}",
        page.body
    );
    let js = server.get("/__lupaus/reload.js");
    assert_eq!(js.status, 200);
    assert_eq!(
        js.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(js.body.contains("EventSource"));
    assert_eq!(server.get("/__lupaus/overlay.css").status, 200);

    // The root serves the redirect page; a folder without its slash redirects.
    let root = server.get("/");
    assert_eq!(root.status, 200);
    assert!(root.body.contains("/fi/"));
    let bare = server.get("/fi/perhe");
    assert_eq!(bare.status, 302);
    assert_eq!(bare.header("location"), Some("/fi/perhe/"));

    // Drafts are in the preview, with their banner.
    let draft = server.get("/fi/luonnos/");
    assert_eq!(draft.status, 200);
    assert!(draft.body.contains("draft-banner"), "{}", draft.body);

    // Copied media and the stylesheet, with their types.
    let svg = server.get("/media/logo.svg");
    assert_eq!(svg.status, 200);
    assert_eq!(
        svg.header("content-type"),
        Some("image/svg+xml; charset=utf-8")
    );
    let css_href = page
        .body
        .split("href=\"")
        .filter_map(|s| s.split('"').next())
        .find(|h| h.starts_with("/css/style."))
        .expect("a stylesheet link");
    let css = server.get(css_href);
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));

    assert_eq!(server.get("/fi/no-such-page/").status, 404);
    // Nothing was written into the site folder.
    assert!(!server.path("public").exists());
}

/// A page whose file name has `ä`: its link is percent-encoded,
/// and the address a browser sends for that link (`ä` as UTF-8 bytes)
/// serves the page.
#[test]
fn a_file_name_with_letters_is_served_at_its_encoded_address() {
    let server = Server::start_with(|site| {
        std::fs::write(
            site.join("content/pages/kesä-ja-talvi.fi.md"),
            "---\ntitle: Kesä ja talvi\n---\nVuodenajat.\n",
        )
        .unwrap();
    });
    let front = server.get("/fi/");
    assert_eq!(front.status, 200);
    let href = "/fi/kesä-ja-talvi/";
    assert!(
        front.body.contains(&format!("href=\"{href}\"")),
        "{}",
        front.body
    );
    let sent = percent_encoding::utf8_percent_encode(href, percent_encoding::CONTROLS).to_string();
    assert_eq!(sent, "/fi/kes%C3%A4-ja-talvi/");
    let page = server.get(&sent);
    assert_eq!(page.status, 200, "{}", server.stderr());
    assert!(page.body.contains("Vuodenajat."), "{}", page.body);
    let bare = server.get(sent.trim_end_matches('/'));
    assert_eq!(bare.status, 302);
    assert_eq!(bare.header("location"), Some(sent.as_str()));
}

#[test]
fn an_edit_is_visible_after_the_reload_event() {
    let server = Server::start();
    let mut events = server.events();
    server.edit(
        COMMITMENT,
        "viimeistään seitsemän päivän kuluttua",
        "viimeistään viiden päivän kuluttua",
    );
    events.wait("reload", &server);
    let page = server.get(COMMITMENT_URL);
    assert!(
        page.body.contains("viiden päivän kuluttua"),
        "{}",
        page.body
    );
    server.stderr_with("Rebuilt ");
}

#[test]
fn a_title_edit_re_renders_only_the_pages_that_show_it() {
    let server = Server::start();
    let mut events = server.events();
    server.edit(
        COMMITMENT,
        "title: Aika neuvolaan viikon sisällä",
        "title: Aika neuvolaan kolmessa päivässä",
    );
    events.wait("reload", &server);
    // The page itself, and the area page that lists it (the front page
    // shows the areas as cards with status counts, not each commitment).
    for url in [COMMITMENT_URL, "/fi/perhe/"] {
        let page = server.get(url);
        assert!(
            page.body.contains("Aika neuvolaan kolmessa päivässä"),
            "{url}: {}",
            page.body
        );
    }
    // Not every page was rendered again.
    let stderr = server.stderr_with("Rebuilt ");
    let line = stderr
        .lines()
        .find(|l| l.starts_with("Rebuilt "))
        .unwrap_or_else(|| panic!("no rebuild line: {stderr}"));
    let words: Vec<&str> = line.split(' ').collect();
    let (some, all) = (words[1], words[3]);
    assert_eq!(words[2], "of", "{line}");
    assert!(
        some.parse::<usize>().unwrap() < all.parse::<usize>().unwrap(),
        "{line}"
    );
}

#[test]
fn a_listing_left_stale_is_rendered_before_it_is_served() {
    // The document page lists every commitment: a title edit leaves it to
    // render until a browser asks for it, and asking gets the new title,
    // at once after the reload and after each further edit.
    let server = Server::start();
    let mut events = server.events();
    let titles = [
        "Aika neuvolaan viikon sisällä",
        "Aika neuvolaan kolmessa päivässä",
        "Aika neuvolaan kahdessa päivässä",
    ];
    for pair in titles.windows(2) {
        server.edit(
            COMMITMENT,
            &format!("title: {}", pair[0]),
            &format!("title: {}", pair[1]),
        );
        events.wait("reload", &server);
        let page = server.get("/fi/document/");
        assert_eq!(page.status, 200);
        assert!(page.body.contains(pair[1]), "{}", page.body);
        assert!(!page.body.contains(pair[0]), "{}", page.body);
    }
}

#[test]
fn a_stale_listing_is_never_served_while_the_site_has_errors() {
    // A title edit, then a broken save before the document page was asked
    // for: the document page is either up to date (rendered during a
    // pause) or replaced by the problems, never the old title.
    let server = Server::start();
    let mut events = server.events();
    server.edit(
        COMMITMENT,
        "title: Aika neuvolaan viikon sisällä",
        "title: Aika neuvolaan kolmessa päivässä",
    );
    events.wait("reload", &server);
    server.edit(
        COMMITMENT,
        "perspective: availability",
        "perspective: availabilty",
    );
    events.wait("errors", &server);
    let page = server.get("/fi/document/");
    assert!(!page.body.contains("viikon sisällä"), "{}", page.body);
    assert!(page.body.contains("role=\"alert\""), "{}", page.body);
    match page.status {
        200 => assert!(page.body.contains("kolmessa päivässä"), "{}", page.body),
        503 => assert!(
            page.body.contains("lists the whole promise"),
            "{}",
            page.body
        ),
        other => panic!("status {other}: {}", page.body),
    }
    server.edit(
        COMMITMENT,
        "perspective: availabilty",
        "perspective: availability",
    );
    events.wait("reload", &server);
    let page = server.get("/fi/document/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("kolmessa päivässä"), "{}", page.body);
}

#[test]
fn the_search_index_catches_up_when_the_writer_pauses() {
    let server = Server::start();
    assert!(server.get("/fi/search-index.json").status == 200);
    let mut events = server.events();
    server.edit(
        COMMITMENT,
        "viimeistään seitsemän päivän kuluttua",
        "viimeistään seitsemän päivän kuluttua seepranuoli",
    );
    events.wait("reload", &server);
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        if server
            .get("/fi/search-index.json")
            .body
            .contains("seepranuol")
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the search index never showed the edit"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_broken_save_shows_the_overlay_until_it_is_fixed() {
    let server = Server::start();
    let mut events = server.events();
    server.edit(
        COMMITMENT,
        "perspective: availability",
        "perspective: availabilty",
    );
    let data = events.wait("errors", &server);
    assert!(
        data.contains("content/areas/perhe/neuvola.fi.md:4"),
        "{data}"
    );

    // The last good site is still served, with the overlay on every page.
    for url in [COMMITMENT_URL, "/sv/", "/fi/no-such-page/"] {
        let page = server.get(url);
        assert!(page.body.contains("role=\"alert\""), "{url}: {}", page.body);
        assert!(
            page.body.contains(
                "<code class=\"lupaus-overlay__where\">content/areas/perhe/neuvola.fi.md:4:14</code>"
            ),
            "{url}: {}",
            page.body
        );
        assert!(page.body.contains("did you mean &quot;availability&quot;?"));
    }
    assert_eq!(server.get(COMMITMENT_URL).status, 200);
    assert!(server.get(COMMITMENT_URL).body.contains("Aika neuvolaan"));
    // The terminal says the same.
    server.stderr_with("content/areas/perhe/neuvola.fi.md:4:14: unknown perspective");

    server.edit(
        COMMITMENT,
        "perspective: availabilty",
        "perspective: availability",
    );
    events.wait("reload", &server);
    let page = server.get(COMMITMENT_URL);
    assert!(
        !page.body.contains("class=\"lupaus-overlay\""),
        "{}",
        page.body
    );
}

/// One save with two wrong front-matter values shows both in the box and
/// the terminal at once, not the second only after the next save.
#[test]
fn a_save_with_two_wrong_values_shows_both() {
    let server = Server::start();
    let mut events = server.events();
    server.edit(
        COMMITMENT,
        "perspective: availability",
        "draft: kyllä\nperspective: saatavuus",
    );
    let data = events.wait("errors", &server);
    for place in [
        "content/areas/perhe/neuvola.fi.md:4:8",
        "content/areas/perhe/neuvola.fi.md:5:14",
    ] {
        assert!(data.contains(place), "{place}: {data}");
    }
    let page = server.get(COMMITMENT_URL);
    assert!(
        page.body.contains("neither true nor false"),
        "{}",
        page.body
    );
    assert!(page.body.contains("unknown perspective"), "{}", page.body);
    server.stderr_with("content/areas/perhe/neuvola.fi.md:5:14: unknown perspective");
}

/// The box shows what `lupaus check` reports, content checks included (a
/// missing alt text, a heading jump, a `#` heading, a misspelt key, and
/// starter text, an error there too though the preview shows the page),
/// with the same count, on every page; and again after an edit.
/// The preview of the fixture with `tail` added to the commitment's body,
/// a misspelt key in its front matter and starter text in its area.
fn start_with_findings(tail: &str) -> Server {
    Server::start_with(|site| {
        let p = site.join(COMMITMENT);
        let text = std::fs::read_to_string(&p).unwrap();
        let text = text.replacen("---\n", "---\nsumary: x\n", 1) + tail;
        std::fs::write(p, text).unwrap();
        let area = site.join("content/areas/perhe/_index.fi.md");
        let text = std::fs::read_to_string(&area).unwrap();
        let starter = "summary: Lupaus yhdellä tai kahdella virkkeellä.";
        let text = text.replacen("summary: Neuvola lapsiperheille.", starter, 1);
        assert!(text.contains(starter), "the fixture changed");
        std::fs::write(area, text).unwrap();
    })
}

/// `lupaus check`'s counts of the served site, as its last line gives
/// them ("3 errors, 2 warnings in 3 pages (fi, sv)."), and its output.
fn check_counts(server: &Server) -> (String, String, String) {
    let check = Command::new(env!("CARGO_BIN_EXE_lupaus"))
        .env("LANG", "C.UTF-8")
        .args(["check", "--root"])
        .arg(server.path(""))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&check.stdout).to_string();
    let summary = out.lines().last().unwrap().to_string();
    let (errors, rest) = summary.split_once(", ").unwrap();
    let warnings = rest.split(" in ").next().unwrap().to_string();
    (errors.to_string(), warnings, out)
}

#[test]
fn the_box_counts_what_check_counts() {
    let server = start_with_findings("\n# Iso otsikko\n\n#### Hyppy\n\n![](/media/logo.svg)\n");
    let (errors, warnings, out) = check_counts(&server);
    let expected = format!("{errors} and {warnings}: lupaus check reports the same");
    for url in [COMMITMENT_URL, "/fi/", "/sv/"] {
        let page = server.get(url);
        assert_eq!(page.status, 200);
        assert!(
            page.body.contains(&expected),
            "{expected} in {url}:\n{out}\n{}",
            page.body
        );
        for what in [
            "alt text",
            "jumps from level",
            "level-1 heading",
            "sumary",
            "starter text",
        ] {
            assert!(page.body.contains(what), "{what} in {url}");
        }
    }
    // Fixed in the file: the box follows.
    let mut events = server.events();
    server.edit(
        COMMITMENT,
        "![](/media/logo.svg)",
        "![Logo](/media/logo.svg)",
    );
    events.wait("reload", &server);
    let page = server.get(COMMITMENT_URL);
    assert!(!page.body.contains("alt text"), "{}", page.body);
}

/// With an error that stops the site (a broken link), the box and the
/// terminal still show and count what `lupaus check` adds (a missing alt
/// text; starter text, an error as there): the same count as `check`.
#[test]
fn the_box_counts_what_check_counts_also_when_the_site_has_errors() {
    let server =
        start_with_findings("\nKatso [ohje](@/pages/ei-ole.md).\n\n![](/media/logo.svg)\n");
    let (errors, warnings, out) = check_counts(&server);
    assert_eq!(errors, "3 errors", "{out}");
    let expected = format!("{errors} and {warnings}: the site cannot be shown yet");
    let page = server.get(COMMITMENT_URL);
    assert_eq!(page.status, 503);
    assert!(
        page.body.contains(&expected),
        "{expected}:\n{out}\n{}",
        page.body
    );
    for what in ["no such file", "alt text", "starter text", "sumary"] {
        assert!(page.body.contains(what), "{what}: {}", page.body);
    }
    let terminal = server.stderr_with("the preview cannot show the site yet");
    assert!(
        terminal.contains(&format!("{errors}: the preview cannot show")),
        "{terminal}"
    );
    assert!(terminal.contains("alt text"), "{terminal}");
}

/// The terminal tells each problem once: a save prints what is new (also
/// when only the saved page was rendered again), not every warning again.
#[test]
fn the_terminal_tells_each_problem_once() {
    let server = Server::start_with(|site| {
        let p = site.join(COMMITMENT);
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(p, text.replacen("---\n", "---\nsumary: x\n", 1)).unwrap();
    });
    server.stderr_with("sumary");
    let mut events = server.events();
    // A body edit, rendered incrementally: its new problem is printed.
    server.edit(
        COMMITMENT,
        "## Mitä lupaamme",
        "## Mitä lupaamme\n\n![](/media/logo.svg)",
    );
    events.wait("reload", &server);
    let out = server.stderr_with("alt text");
    // A change to the settings renders everything again.
    server.edit("content/site.yaml", "title:", "# A comment.\ntitle:");
    events.wait("reload", &server);
    // Both rebuilds' closing lines are in (the reader may lag the event).
    let deadline = Instant::now() + PATIENCE;
    while server.stderr().matches("Rebuilt ").count() < 2 {
        assert!(Instant::now() < deadline, "{}", server.stderr());
        std::thread::sleep(Duration::from_millis(20));
    }
    let out_after = server.stderr();
    assert_eq!(out_after.matches("sumary").count(), 1, "{out_after}");
    assert_eq!(out_after.matches("alt text").count(), 1, "{out_after}");
    assert!(out.contains("sumary"), "{out}");
}

#[test]
fn a_site_broken_from_the_start_is_served_once_fixed() {
    let server = Server::start_with(|site| {
        let p = site.join(COMMITMENT);
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(p, text.replace("availability", "nonsense")).unwrap();
    });
    let page = server.get(COMMITMENT_URL);
    assert_eq!(page.status, 503);
    assert!(
        page.body.contains("content/areas/perhe/neuvola.fi.md:4:14"),
        "{}",
        page.body
    );
    let mut events = server.events();
    server.edit(COMMITMENT, "nonsense", "availability");
    events.wait("reload", &server);
    assert_eq!(server.get(COMMITMENT_URL).status, 200);
}

#[test]
fn a_stylesheet_change_swaps_the_stylesheet_without_rendering_a_page() {
    // The site's own theme overrides one file that the built-in
    // style.css imports.
    let print = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/css/print.css");
    let server = Server::start_with(|site| {
        let css = site.join("themes/default/css");
        std::fs::create_dir_all(&css).unwrap();
        std::fs::copy(&print, css.join("print.css")).unwrap();
    });
    let before = server.get("/fi/");
    let linked = before
        .body
        .split("href=\"")
        .filter_map(|s| s.split('"').next())
        .find(|h| h.starts_with("/css/style."))
        .unwrap_or_else(|| panic!("no stylesheet link in {}", before.body))
        .to_string();
    let mut events = server.events();
    let mut css = std::fs::read_to_string(server.path("themes/default/css/print.css")).unwrap();
    css.push_str("\n.lupaus-test-rule { outline: 3px solid #123456; }\n");
    server.write("themes/default/css/print.css", &css);
    let data = events.wait("css", &server);
    let href = data
        .split("\"href\":\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_else(|| panic!("no href in {data}"));
    // The open page loads the new sheet at the address every page links
    // to, with the build as a query so that nothing cached is used.
    assert!(href.starts_with(&format!("{linked}?v=")), "{href} {linked}");
    let sheet = server.get(href);
    assert_eq!(sheet.status, 200);
    assert!(sheet.body.contains("lupaus-test-rule"), "{}", sheet.body);
    assert!(server.get(&linked).body.contains("lupaus-test-rule"));
    // No page was rendered again: the terminal says so, and the page is
    // the same (but for the build it is told it belongs to).
    server.stderr_with("Updated the stylesheet in");
    let after = server.get("/fi/");
    assert!(after.body.contains(&linked));
    assert_eq!(after.body.len(), before.body.len());
    // A stylesheet error still shows on the page, as a full render does.
    server.write(
        "themes/default/css/print.css",
        &format!("{css}\n.broken {{ color: ; }}}}"),
    );
    events.wait("errors", &server);
}

#[test]
fn a_media_file_saved_over_renders_no_page() {
    let server = Server::start();
    let before = server.get("/media/logo.svg");
    assert_eq!(before.status, 200);
    let mut events = server.events();
    let svg = before.body.replace("</svg>", "<desc>changed</desc></svg>");
    server.write("content/media/logo.svg", &svg);
    events.wait("reload", &server);
    server.stderr_with("Updated media files in");
    assert!(
        server
            .get("/media/logo.svg")
            .body
            .contains("<desc>changed</desc>")
    );
    // A new file is a new address pages may link to: a full render.
    let mut events = server.events();
    server.write("content/media/new.svg", &svg);
    events.wait("reload", &server);
    assert_eq!(server.get("/media/new.svg").status, 200);
}

#[test]
fn paths_outside_the_site_are_not_found() {
    let server = Server::start();
    for raw in [
        "/../Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/fi/..%2f..%2fCargo.toml",
        "/fi/../../content/site.yaml",
        "/content/site.yaml",
        "//etc/passwd",
        "/fi/%2e%2e/%2e%2e/content/site.yaml",
        "/fi/..%5c..%5ccontent%5csite.yaml",
    ] {
        let r = server.get(raw);
        assert_eq!(r.status, 404, "{raw}");
        assert!(!r.body.contains("base_url"), "{raw}");
    }
    // A raw backslash is not even a valid request target.
    let r = server.get("/fi\\..\\..\\content\\site.yaml");
    assert!(r.status == 400 || r.status == 404, "{}", r.status);
}

#[test]
fn survives_deleted_recreated_and_renamed_files() {
    let server = Server::start();
    let mut events = server.events();
    let swedish = "content/areas/perhe/neuvola.sv.md";
    let saved = std::fs::read_to_string(server.path(swedish)).unwrap();

    // Without its Swedish file, the Swedish page falls back to Finnish.
    std::fs::remove_file(server.path(swedish)).unwrap();
    events.wait("reload", &server);
    let fallback = server.get("/sv/perhe/neuvola/");
    assert_eq!(fallback.status, 200);
    assert!(fallback.body.contains("Aika neuvolaan viikon sisällä"));
    server.write(swedish, &saved);
    events.wait("reload", &server);
    let back = server.get("/sv/perhe/neuvola/");
    assert_eq!(back.status, 200);
    assert!(back.body.contains("Tid till rådgivningen"));

    // Renaming the area's folder moves its pages.
    std::fs::rename(
        server.path("content/areas/perhe"),
        server.path("content/areas/perheet"),
    )
    .unwrap();
    events.wait("reload", &server);
    assert_eq!(server.get("/fi/perheet/neuvola/").status, 200);
    assert_eq!(server.get(COMMITMENT_URL).status, 404);
    assert_eq!(server.get("/fi/").status, 200);

    // Files in the renamed folder are still watched.
    server.edit(
        "content/areas/perheet/neuvola.fi.md",
        "seitsemän päivän",
        "kolmen päivän",
    );
    events.wait("reload", &server);
    assert!(
        server
            .get("/fi/perheet/neuvola/")
            .body
            .contains("kolmen päivän")
    );

    // Editors' side files do not trigger rebuilds (counted once the last
    // rebuild's line has been read).
    std::thread::sleep(Duration::from_millis(200));
    let before = server.stderr().matches("Rebuilt ").count();
    server.write("content/areas/perheet/.neuvola.fi.md.swp", "swap");
    server.write("content/areas/perheet/neuvola.fi.md~", "backup");
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(server.stderr().matches("Rebuilt ").count(), before);
    assert_eq!(server.get("/fi/perheet/").status, 200);
}

#[test]
fn a_burst_of_saves_is_one_rebuild() {
    let server = Server::start();
    let mut events = server.events();
    let before = server.stderr().matches("Rebuilt ").count();
    for i in 0..5 {
        server.edit(
            COMMITMENT,
            "## Mitä lupaamme",
            &format!("## Mitä lupaamme {i}\n\n## Mitä lupaamme"),
        );
    }
    events.wait("reload", &server);
    std::thread::sleep(Duration::from_millis(400));
    let rebuilt = server.stderr().matches("Rebuilt ").count() - before;
    assert!(
        rebuilt <= 2,
        "{rebuilt} rebuilds for one burst:\n{}",
        server.stderr()
    );
    assert!(server.get(COMMITMENT_URL).body.contains("Mitä lupaamme 4"));
}

#[test]
fn build_output_never_contains_the_preview_script() {
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_lupaus"))
        .env("LANG", "C.UTF-8")
        .args(["build", "--drafts", "--root"])
        .arg(fixture())
        .arg("--output")
        .arg(out.path().join("public"))
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let mut stack = vec![out.path().to_path_buf()];
    let mut pages = 0;
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "html") {
                pages += 1;
                let text = std::fs::read_to_string(&p).unwrap();
                assert!(!text.contains("__lupaus"), "{}", p.display());
            }
        }
    }
    assert!(pages > 0);
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let mut server = Server::start();
    let _events = server.events();
    let pid = server.child.id().to_string();
    let ok = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(ok.success());
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert!(status.success(), "{status:?}\n{}", server.stderr());
            break;
        }
        assert!(Instant::now() < deadline, "still running after Ctrl+C");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Started inside content/, the preview says to go one folder up, as
/// `build` does (it said "there is no content/ folder in .").
#[test]
fn started_inside_content_it_says_to_go_one_folder_up() {
    let site = tempfile::tempdir().unwrap();
    copy_dir(&fixture(), site.path());
    let out = Command::new(env!("CARGO_BIN_EXE_lupaus"))
        .env("LANG", "C.UTF-8")
        .args(["serve", "--port", "0"])
        .current_dir(site.path().join("content"))
        .stdin(Stdio::null())
        .output()
        .expect("run lupaus serve");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("go one folder up"), "{err}");
}
