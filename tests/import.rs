//! `lupaus import sotkanet` against a fixture HTTP server on 127.0.0.1 that
//! answers in Sotkanet's shape (never the network): a good import, every
//! kind of failure, and a rerun that changes nothing.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use tempfile::TempDir;

/// The fixture Sotkanet. It answers `GET /json?indicator=N&years=…&genders=G`
/// by indicator id:
/// - 1111, 2222: a row for every requested year for region 974 (1111 has no
///   value for 2023) and for region 1, newest first;
/// - 500: HTTP 500; 777: answers after 3 seconds; 888: broken JSON;
/// - 999: rows only for region 5; 555: an empty list; 404: an error object.
struct Server {
    port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("address").port();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            // Bounded: no test makes more than a few dozen requests.
            for stream in listener.incoming().take(200) {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    std::thread::spawn(move || answer(stream));
                }
            }
        });
        Server {
            port,
            stop,
            thread: Some(thread),
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn answer(mut stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line == "\r\n" || line == "\n" => break,
            Ok(_) => {}
        }
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("");
    let query = target.split_once('?').map(|x| x.1).unwrap_or("");
    let params: Vec<(&str, &str)> = query.split('&').filter_map(|p| p.split_once('=')).collect();
    let get = |k: &str| params.iter().find(|p| p.0 == k).map(|p| p.1).unwrap_or("");
    let years: Vec<i32> = params
        .iter()
        .filter(|p| p.0 == "years")
        .filter_map(|p| p.1.parse().ok())
        .collect();
    let gender = get("genders");
    let indicator = get("indicator");
    let (status, body) = match indicator {
        "1111" | "2222" => {
            let mut rows = Vec::new();
            for &y in years.iter().rev() {
                let value = if indicator == "1111" {
                    (y != 2023).then(|| format!("{}.5", y - 2000))
                } else {
                    Some(format!("{}", 100 + y - 2000))
                };
                let value = value.map(|v| format!(",\"value\":{v}")).unwrap_or_default();
                rows.push(format!(
                    "{{\"indicator\":{indicator},\"region\":974,\"year\":{y},\"gender\":\"{gender}\"{value},\"absValue\":10}}"
                ));
                rows.push(format!(
                    "{{\"indicator\":{indicator},\"region\":1,\"year\":{y},\"gender\":\"{gender}\",\"value\":1.0}}"
                ));
            }
            ("200 OK", format!("[{}]", rows.join(",")))
        }
        "500" => (
            "500 Internal Server Error",
            "Internal error: database".into(),
        ),
        "777" => {
            std::thread::sleep(Duration::from_secs(3));
            ("200 OK", "[]".into())
        }
        "888" => ("200 OK", "[{\"indicator\":888,\"region\":974,".into()),
        "999" => (
            "200 OK",
            "[{\"indicator\":999,\"region\":5,\"year\":2024,\"gender\":\"total\",\"value\":3}]"
                .into(),
        ),
        "555" => ("200 OK", "[]".into()),
        "404" => ("200 OK", "{\"message\":\"No indicator 404\"}".into()),
        _ => ("404 Not Found", "not here".into()),
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

const GOOD_INDICATORS: &str = r#"
wait-a:
  name: {fi: "Odotus", sv: "Väntan", en: "Wait"}
  direction: lower
  target: 7
  sotkanet: {indicator: 1111, region: 974}
hand-written:
  name: {fi: "Käsin", sv: "För hand", en: "By hand"}
  direction: lower
  target: 7
visits-b:
  name: {fi: "Käynnit", sv: "Besök", en: "Visits"}
  direction: higher
  target: 100
  kind: progress
  sotkanet: {indicator: 2222, region: 974, gender: female}
"#;

const EXPECTED: &str = "indicator,period,value\n\
wait-a,2022,22.5\n\
wait-a,2023,\n\
wait-a,2024,24.5\n\
visits-b,2022,122\n\
visits-b,2023,123\n\
visits-b,2024,124\n";

/// A site made by `lupaus init`, with `indicators` added to its indicators.yaml.
fn site(indicators: &str) -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    let root = dir.path().join("site");
    // Starter text stops a build: replaced as a writer would.
    common::init_site(&root, &[]);
    // Added to the starter's indicator, which its commitment follows.
    let path = root.join("content/indicators.yaml");
    let starter = std::fs::read_to_string(&path).expect("read indicators");
    std::fs::write(&path, format!("{starter}{indicators}")).expect("write indicators");
    dir
}

/// The names in `content/results/`, sorted.
fn results_files(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("content/results"))
        .expect("results folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn import(root: &Path, server: &Server) -> (bool, String) {
    let out = common::lupaus_command()
        .args([
            "import",
            "sotkanet",
            "--years",
            "2022-2024",
            "--timeout",
            "1",
        ])
        .arg("--root")
        .arg(root)
        .arg("--base-url")
        .arg(server.url())
        .output()
        .expect("run lupaus import");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn good_import_writes_the_expected_file_and_a_rerun_changes_nothing() {
    let server = Server::start();
    let dir = site(GOOD_INDICATORS);
    let root = dir.path().join("site");
    let (ok, stderr) = import(&root, &server);
    assert!(ok, "{stderr}");
    let path = root.join("content/results/sotkanet.csv");
    let first = std::fs::read(&path).expect("sotkanet.csv written");
    assert_eq!(String::from_utf8_lossy(&first), EXPECTED);
    // A progress line per indicator.
    assert!(stderr.contains("[1/2] wait-a"), "{stderr}");
    assert!(stderr.contains("[2/2] visits-b"), "{stderr}");
    assert_eq!(
        results_files(&root),
        ["2025.csv", "sotkanet.csv"],
        "no temporary file is left"
    );

    let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
    let (ok, stderr) = import(&root, &server);
    assert!(ok, "{stderr}");
    assert!(stderr.contains("Unchanged"), "{stderr}");
    assert_eq!(std::fs::read(&path).expect("still there"), first);
    assert_eq!(
        std::fs::metadata(&path).and_then(|m| m.modified()).ok(),
        modified
    );

    // The imported file builds, and the indicator page names the source.
    let out = dir.path().join("public");
    let run = common::lupaus_command()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .arg("--output")
        .arg(&out)
        .output()
        .expect("run lupaus build");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let page = std::fs::read_to_string(out.join("en/results/wait-a/index.html")).expect("page");
    assert!(page.contains("THL Sotkanet"), "the page names its source");
    assert!(page.contains("https://sotkanet.fi/"), "and links to it");
}

/// One failing indicator after a good one: the old file stays, and the
/// message names the indicator, the address and what came back.
fn failing(sotkanet_id: u32, region: u32, expect: &str) {
    let server = Server::start();
    let indicators = format!(
        "{GOOD_INDICATORS}\nbroken-c:\n  name: {{fi: \"R\", sv: \"R\", en: \"R\"}}\n  direction: lower\n  target: 1\n  sotkanet: {{indicator: {sotkanet_id}, region: {region}}}\n"
    );
    let dir = site(&indicators);
    let root = dir.path().join("site");
    let path = root.join("content/results/sotkanet.csv");
    let old = "indicator,period,value\nwait-a,2020,1\n";
    std::fs::write(&path, old).expect("old file");
    let (ok, stderr) = import(&root, &server);
    assert!(!ok, "the import must fail: {stderr}");
    assert_eq!(std::fs::read_to_string(&path).expect("old file"), old);
    let url = format!(
        "{}/json?indicator={sotkanet_id}&years=2022&years=2023&years=2024&genders=total",
        server.url()
    );
    let line = stderr
        .lines()
        .find(|l| l.contains("indicator \"broken-c\""))
        .unwrap_or_else(|| panic!("no message names broken-c: {stderr}"));
    assert!(line.starts_with("content/indicators.yaml:"), "{line}");
    assert!(line.contains(&url), "the message names the address: {line}");
    assert!(line.contains(expect), "expected {expect:?} in: {line}");
    assert!(stderr.contains("was not changed"), "{stderr}");
    assert_eq!(
        results_files(&root),
        ["2025.csv", "sotkanet.csv"],
        "no temporary file is left"
    );
}

#[test]
fn server_error_keeps_the_old_file() {
    failing(
        500,
        974,
        "HTTP 500, a fault at its end; try again later; the answer began: \"Internal error: database\"",
    );
}

#[test]
fn timeout_keeps_the_old_file() {
    failing(777, 974, "time limit");
}

#[test]
fn malformed_json_keeps_the_old_file() {
    failing(888, 974, "not the JSON Sotkanet sends");
}

#[test]
fn wrong_region_keeps_the_old_file() {
    failing(999, 974, "no values for region 974 (the regions it has: 5)");
}

#[test]
fn empty_answer_keeps_the_old_file() {
    failing(555, 974, "empty list");
}

#[test]
fn unknown_indicator_keeps_the_old_file() {
    failing(404, 974, "does not know indicator 404");
}

/// The server's and the network's failures, and the progress lines, are
/// in the writer's language; a server nobody listens on is "refused".
#[test]
fn network_failures_are_said_in_the_writers_language() {
    let server = Server::start();
    let indicators = format!(
        "{GOOD_INDICATORS}\nbroken-c:\n  name: {{fi: \"R\", sv: \"R\", en: \"R\"}}\n  direction: lower\n  target: 1\n  sotkanet: {{indicator: 500, region: 974}}\n"
    );
    let dir = site(&indicators);
    let root = dir.path().join("site");
    let run = |lang: &str, base_url: &str| {
        let out = common::lupaus_command()
            .env("LANG", lang)
            .args([
                "import",
                "sotkanet",
                "--years",
                "2022-2024",
                "--timeout",
                "1",
            ])
            .arg("--root")
            .arg(&root)
            .arg("--base-url")
            .arg(base_url)
            .output()
            .expect("run lupaus import");
        assert!(!out.status.success());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let fi = run("fi_FI.UTF-8", &server.url());
    assert!(
        fi.contains("[1/3] wait-a: Sotkanetin indikaattori 1111, alue 974: 3 vuotta"),
        "{fi}"
    );
    assert!(fi.contains("[3/3] broken-c: epäonnistui"), "{fi}");
    assert!(
        fi.contains("Sotkanet vastasi virheellä HTTP 500, joka on vika palvelun päässä"),
        "{fi}"
    );
    assert!(
        fi.contains("tiedostoa content/results/sotkanet.csv ei muutettu."),
        "{fi}"
    );
    // A port nobody listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
        l.local_addr().expect("its address").port()
    };
    let sv = run("sv_FI.UTF-8", &format!("http://127.0.0.1:{port}"));
    assert!(
        sv.contains(&format!("servern 127.0.0.1:{port} vägrade ansluta")),
        "{sv}"
    );
    assert!(!sv.contains("Connection refused"), "{sv}");
}

/// A site with no `sotkanet` source: nothing is fetched, and the writer is
/// told what to add, in the language asked for.
#[test]
fn nothing_to_import_is_said_in_the_writers_language() {
    let dir = site("");
    let root = dir.path().join("site");
    for (lang, expect) in [
        ("en", "nothing to import"),
        ("fi", "tuotavaa ei ole"),
        ("sv", "inget att hämta"),
    ] {
        let out = common::lupaus_command()
            .args(["import", "sotkanet", "--lang", lang, "--root"])
            .arg(&root)
            .output()
            .expect("run lupaus import");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{stderr}");
        assert!(
            stderr.contains("content/indicators.yaml") && stderr.contains(expect),
            "{lang}: {stderr}"
        );
    }
}
