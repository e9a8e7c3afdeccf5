//! `lupaus import sotkanet`: yearly results from THL's Sotkanet into
//! `content/results/sotkanet.csv`.
//!
//! Owns the Sotkanet REST API as lupaus uses it (the request address, the
//! shape of the answer and every way an answer can be unusable), and writing
//! the results file. One request per indicator with a `sotkanet` source in
//! `content/indicators.yaml`:
//!
//! ```text
//! GET {base}/json?indicator=ID&years=2015&years=2016&…&genders=total
//! ```
//!
//! where `{base}` is `https://sotkanet.fi/rest/1.1` (`--base-url`), `ID` the
//! Sotkanet indicator id, every year repeated as `years=` and `genders` the
//! indicator's `gender`. The answer is a JSON array of rows for every region,
//! `{"indicator": 1234, "region": 974, "year": 2023, "gender": "total",
//! "value": 12.5, "absValue": 1234}` (`value` is missing where THL does not
//! publish the figure); the rows of the indicator's `region` are kept.
//!
//! The file is written only when every request succeeded and the new file
//! reads back as valid results: to a temporary file in the same folder,
//! then renamed over the old one, so a failure leaves the old file as it was.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics, Message};
use crate::indicators::{Indicator, Indicators, Sotkanet};

/// Sotkanet's REST API, the part of the address before `/json`.
pub const DEFAULT_BASE_URL: &str = "https://sotkanet.fi/rest/1.1";

/// Where the results go, relative to the site root.
pub const RESULTS_PATH: &str = "content/results/sotkanet.csv";

use crate::indicators::PATH as INDICATORS_PATH;

/// How many bytes of an unusable answer a message shows.
const SHOWN_BYTES: usize = 200;

/// The largest answer read (an indicator for every region of Finland over
/// decades is a few megabytes).
const MAX_ANSWER: u64 = 64 * 1024 * 1024;

/// How to import.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site root (holds `content/`).
    pub root: PathBuf,
    /// The years to fetch.
    pub years: RangeInclusive<i32>,
    /// The API's address before `/json`.
    pub base_url: String,
    /// How long one request may take in all.
    pub timeout: Duration,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Indicators fetched.
    pub indicators: usize,
    /// Rows written.
    pub rows: usize,
    /// Whether the file's bytes changed.
    pub changed: bool,
}

/// The last ten full years before `current_year` (`2016-2025` in 2026).
pub fn default_years(current_year: i32) -> RangeInclusive<i32> {
    (current_year - 10)..=(current_year - 1)
}

/// Parses `--years`: `2015-2025` or one year `2024`.
pub fn parse_years(s: &str) -> Result<RangeInclusive<i32>, String> {
    // clap prints the error as it is: written in the language of the run.
    let year = |t: &str| -> Result<i32, String> {
        let t = t.trim();
        match t.parse::<i32>() {
            Ok(y) if t.len() == 4 && (1000..=9999).contains(&y) => Ok(y),
            _ => Err(crate::messages::tr(
                "cli.years_not_year",
                &[("value", t.to_string())],
            )),
        }
    };
    let (first, last) = match s.split_once('-') {
        Some((a, b)) => (year(a)?, year(b)?),
        None => (year(s)?, year(s)?),
    };
    if first > last {
        return Err(crate::messages::tr(
            "cli.years_order",
            &[("first", first.to_string()), ("last", last.to_string())],
        ));
    }
    Ok(first..=last)
}

/// The request for one indicator (see the module documentation).
pub fn request_url(base_url: &str, source: &Sotkanet, years: &RangeInclusive<i32>) -> String {
    let mut url = format!(
        "{}/json?indicator={}",
        base_url.trim_end_matches('/'),
        source.indicator
    );
    for y in years.clone() {
        url.push_str(&format!("&years={y}"));
    }
    url.push_str("&genders=");
    url.push_str(
        &percent_encoding::utf8_percent_encode(&source.gender, percent_encoding::NON_ALPHANUMERIC)
            .to_string(),
    );
    url
}

/// A county's yearly values: `(year, value)` sorted by year, `None` where
/// THL publishes no figure.
pub type YearValues = Vec<(i32, Option<f64>)>;

/// One row of Sotkanet's answer. Other fields (`absValue`, titles) are
/// ignored.
#[derive(Debug, Deserialize)]
struct Row {
    indicator: Option<u32>,
    region: u32,
    year: i32,
    #[serde(default)]
    gender: Option<String>,
    #[serde(default)]
    value: Option<f64>,
}

/// The county's yearly values in one answer: `(year, value)` sorted by
/// year, `None` where THL publishes no figure. The error says what is wrong
/// with the answer in words a writer can act on.
pub fn parse_answer(body: &[u8], source: &Sotkanet) -> Result<YearValues, Message> {
    let start = || ("start", first_bytes(body));
    let json: serde_json::Value = serde_json::from_slice(body)
        .map_err(|_| Message::new("sotkanet.not_json", vec![start()]))?;
    let serde_json::Value::Array(items) = json else {
        return Err(Message::new(
            "sotkanet.message_answer",
            vec![("indicator", source.indicator.to_string()), start()],
        ));
    };
    if items.is_empty() {
        return Err(Message::new(
            "sotkanet.empty",
            vec![
                ("indicator", source.indicator.to_string()),
                ("gender", source.gender.clone()),
            ],
        ));
    }
    let mut regions = std::collections::BTreeSet::new();
    let mut values: BTreeMap<i32, Option<f64>> = BTreeMap::new();
    for (i, item) in items.into_iter().enumerate() {
        let row: Row = serde_json::from_value(item)
            .map_err(|_| Message::new("sotkanet.bad_row", vec![("row", (i + 1).to_string())]))?;
        if row.indicator.is_some_and(|id| id != source.indicator) {
            continue;
        }
        if row.gender.as_deref().is_some_and(|g| g != source.gender) {
            continue;
        }
        regions.insert(row.region);
        if row.region != source.region {
            continue;
        }
        if !(1000..=9999).contains(&row.year) {
            return Err(Message::new(
                "sotkanet.bad_year",
                vec![("row", (i + 1).to_string()), ("year", row.year.to_string())],
            ));
        }
        if values.insert(row.year, row.value).is_some() {
            return Err(Message::new(
                "sotkanet.two_values",
                vec![
                    ("region", source.region.to_string()),
                    ("year", row.year.to_string()),
                ],
            ));
        }
    }
    if values.is_empty() {
        let mut listed: Vec<String> = regions.iter().take(10).map(u32::to_string).collect();
        if regions.len() > listed.len() {
            listed.push("…".into());
        }
        return Err(Message::new(
            "sotkanet.no_region",
            vec![
                ("region", source.region.to_string()),
                ("listed", listed.join(", ")),
            ],
        ));
    }
    Ok(values.into_iter().collect())
}

/// The first bytes of an answer, as text, for a message.
fn first_bytes(body: &[u8]) -> String {
    if body.is_empty() {
        return "@sotkanet.nothing".into();
    }
    let shown = &body[..body.len().min(SHOWN_BYTES)];
    let text: String = String::from_utf8_lossy(shown)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!(
        "\"{}{}\"",
        text.trim(),
        if body.len() > SHOWN_BYTES { "…" } else { "" }
    )
}

/// A number as the results file writes it: the shortest form that reads
/// back as the same number (`12.5`, `3`, `-0.25`), never an exponent.
pub fn canonical_number(v: f64) -> String {
    let s = format!("{v}");
    if s == "-0" { "0".into() } else { s }
}

/// The results file for `series` (in `indicators.yaml` order, each by
/// year): `indicator,period,value`, a line per row, `\n` line ends.
pub fn results_csv(series: &[(&str, YearValues)]) -> String {
    let mut out = String::from("indicator,period,value\n");
    for (id, values) in series {
        for (year, value) in values {
            let value = value.map(canonical_number).unwrap_or_default();
            out.push_str(&format!("{id},{year},{value}\n"));
        }
    }
    out
}

/// Fetches one address: the body of a `200 OK`, or what went wrong.
fn fetch(agent: &ureq::Agent, url: &str) -> Result<Vec<u8>, Message> {
    let mut response = agent.get(url).call().map_err(|e| network_words(&e, url))?;
    let status = response.status();
    let mut body = Vec::new();
    let read = response
        .body_mut()
        .with_config()
        .limit(MAX_ANSWER)
        .reader()
        .read_to_end(&mut body);
    if !status.is_success() {
        return Err(status_words(status.as_u16(), &body));
    }
    read.map_err(|e| io_words(&e, url))?;
    Ok(body)
}

/// An answer that is not `2xx`: its number, what it means for the writer,
/// and the answer's first bytes.
fn status_words(status: u16, body: &[u8]) -> Message {
    let code = match status {
        404 | 410 => "sotkanet.status_missing",
        429 | 503 => "sotkanet.status_busy",
        500..=599 => "sotkanet.status_server",
        _ => "sotkanet.status",
    };
    Message::new(
        code,
        vec![("status", status.to_string()), ("start", first_bytes(body))],
    )
}

/// What went wrong on the network, in words the writer can act on; the
/// library's own words only for a kind not known here.
fn network_words(e: &ureq::Error, url: &str) -> Message {
    let host = || ("host", host_of(url).to_string());
    match e {
        ureq::Error::Timeout(_) => Message::new("sotkanet.timeout", vec![]),
        ureq::Error::HostNotFound => Message::new("sotkanet.host_not_found", vec![host()]),
        ureq::Error::ConnectionFailed => Message::new("sotkanet.unreachable", vec![host()]),
        ureq::Error::Io(io) => io_words(io, url),
        ureq::Error::StatusCode(n) => status_words(*n, b""),
        ureq::Error::Tls(_) | ureq::Error::Pem(_) | ureq::Error::Rustls(_) => {
            Message::new("sotkanet.tls", vec![("error", e.to_string())])
        }
        ureq::Error::BodyExceedsLimit(_) => Message::new("sotkanet.too_big", vec![]),
        ureq::Error::TooManyRedirects | ureq::Error::RedirectFailed => {
            Message::new("sotkanet.redirect", vec![])
        }
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => {
            Message::new("sotkanet.bad_url", vec![("error", e.to_string())])
        }
        other => Message::new(
            "sotkanet.request_failed",
            vec![("error", other.to_string())],
        ),
    }
}

/// An input/output error on the connection, by its kind.
fn io_words(e: &std::io::Error, url: &str) -> Message {
    use std::io::ErrorKind as K;
    let host = || ("host", host_of(url).to_string());
    match e.kind() {
        K::TimedOut | K::WouldBlock => Message::new("sotkanet.timeout", vec![]),
        K::ConnectionRefused => Message::new("sotkanet.refused", vec![host()]),
        K::ConnectionReset | K::ConnectionAborted | K::UnexpectedEof | K::BrokenPipe => {
            Message::new("sotkanet.connection_lost", vec![])
        }
        K::HostUnreachable | K::NetworkUnreachable | K::NetworkDown | K::AddrNotAvailable => {
            Message::new("sotkanet.unreachable", vec![host()])
        }
        K::NotFound => Message::new("sotkanet.host_not_found", vec![host()]),
        // The resolver's failure has no kind of its own.
        _ if e.to_string().contains("lookup address") => {
            Message::new("sotkanet.host_not_found", vec![host()])
        }
        _ => Message::new("sotkanet.request_failed", vec![("error", e.to_string())]),
    }
}

/// `sotkanet.fi` of `https://sotkanet.fi/rest/1.1`.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?']).next().unwrap_or(rest);
    authority.rsplit_once('@').map_or(authority, |(_, h)| h)
}

/// Runs the import; `progress` gets a line per indicator. Errors name the
/// indicator (at its line in `content/indicators.yaml`), the address and
/// what came back; the results file is then left as it was.
pub fn import(opts: &Options, progress: &mut dyn FnMut(&str)) -> Result<Summary, Vec<Diagnostic>> {
    let diags = Diagnostics::new();
    let content_dir = opts.root.join("content");
    if !content_dir.is_dir() {
        return Err(vec![Diagnostic::err(
            "content",
            "file.no_content",
            vec![("root", opts.root.display().to_string())],
        )]);
    }
    let settings = crate::content::settings(&content_dir, &diags);
    if diags.has_errors() {
        return Err(diags.into_sorted());
    }
    let Some((_, _, indicators)) = settings else {
        return Err(diags.into_sorted());
    };
    let sourced: Vec<(&Indicator, &Sotkanet)> = indicators
        .list
        .iter()
        .filter_map(|i| i.sotkanet.as_ref().map(|s| (i, s)))
        .collect();
    if sourced.is_empty() {
        return Err(vec![Diagnostic::err(
            INDICATORS_PATH,
            "sotkanet.none",
            vec![],
        )]);
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(opts.timeout))
        .http_status_as_error(false)
        .user_agent(concat!(
            "lupaus/",
            env!("CARGO_PKG_VERSION"),
            " (lupaus import sotkanet)"
        ))
        .build()
        .into();
    let mut series: Vec<(&str, YearValues)> = Vec::new();
    let mut errors = Vec::new();
    let total = sourced.len();
    for (n, (ind, source)) in sourced.iter().enumerate() {
        let url = request_url(&opts.base_url, source, &opts.years);
        let got = fetch(&agent, &url).and_then(|body| parse_answer(&body, source));
        match got {
            Ok(values) => {
                let line = crate::messages::tr(
                    "sotkanet.progress",
                    &[
                        ("indicator", source.indicator.to_string()),
                        ("region", source.region.to_string()),
                        (
                            "years",
                            crate::messages::count(values.len(), "count.year", "count.years"),
                        ),
                    ],
                );
                progress(&format!("[{}/{total}] {}: {line}", n + 1, ind.id));
                series.push((ind.id.as_str(), values));
            }
            Err(why) => {
                let failed = crate::messages::tr("sotkanet.progress_failed", &[]);
                progress(&format!("[{}/{total}] {}: {failed}", n + 1, ind.id));
                errors.push(
                    Diagnostic::err(
                        INDICATORS_PATH,
                        "sotkanet.fetch",
                        vec![
                            ("id", ind.id.clone()),
                            ("url", url.clone()),
                            ("why", why.arg()),
                        ],
                    )
                    .at(ind.line, None),
                );
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let csv = results_csv(&series);
    check_reads_back(&csv, &indicators)?;
    let rows = series.iter().map(|(_, v)| v.len()).sum();
    let changed = write_replacing(&opts.root.join(RESULTS_PATH), csv.as_bytes())?;
    Ok(Summary {
        indicators: series.len(),
        rows,
        changed,
    })
}

/// Reads the new file as a build would; any problem is an error and the
/// old file stays.
fn check_reads_back(csv: &str, indicators: &Indicators) -> Result<(), Vec<Diagnostic>> {
    let diags = Diagnostics::new();
    let files = vec![(RESULTS_PATH.to_string(), csv.as_bytes().to_vec())];
    crate::results::load(&files, indicators, &diags);
    if diags.has_errors() {
        let mut all = diags.into_sorted();
        all.push(Diagnostic::err(RESULTS_PATH, "sotkanet.read_back", vec![]));
        return Err(all);
    }
    Ok(())
}

/// Replaces `path` with `bytes` through a temporary file in the same
/// folder; returns whether the bytes changed. An unchanged file is not
/// written at all.
fn write_replacing(path: &Path, bytes: &[u8]) -> Result<bool, Vec<Diagnostic>> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let fail = |what: &str, e: std::io::Error| {
        vec![Diagnostic::err(
            RESULTS_PATH,
            "sotkanet.write",
            vec![
                ("what", what.to_string()),
                ("error", crate::diagnostics::os_error(&e)),
            ],
        )]
    };
    std::fs::create_dir_all(dir).map_err(|e| fail("@io.create_results", e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".sotkanet.csv.")
        .tempfile_in(dir)
        .map_err(|e| fail("@io.create_temp_results", e))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| fail("@io.write_temp", e))?;
    tmp.persist(path)
        .map_err(|e| fail("@io.replace_file", e.error))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source() -> Sotkanet {
        Sotkanet {
            indicator: 1234,
            region: 974,
            gender: "total".into(),
        }
    }

    #[test]
    fn url_repeats_every_year() {
        let url = request_url("https://sotkanet.fi/rest/1.1/", &source(), &(2022..=2024));
        assert_eq!(
            url,
            "https://sotkanet.fi/rest/1.1/json?indicator=1234&years=2022&years=2023&years=2024&genders=total"
        );
    }

    #[test]
    fn years_from_the_command_line() {
        assert_eq!(parse_years("2015-2025"), Ok(2015..=2025));
        assert_eq!(parse_years("2024"), Ok(2024..=2024));
        assert!(
            parse_years("2025-2015")
                .unwrap_err()
                .contains("earlier year first")
        );
        assert!(parse_years("15-25").unwrap_err().contains("not a year"));
        assert_eq!(default_years(2026), 2016..=2025);
    }

    #[test]
    fn keeps_the_county_and_sorts_by_year() {
        let body = br#"[
            {"indicator":1234,"region":974,"year":2024,"gender":"total","value":12.5,"absValue":100},
            {"indicator":1234,"region":1,"year":2024,"gender":"total","value":99},
            {"indicator":1234,"region":974,"year":2023,"gender":"total"}
        ]"#;
        assert_eq!(
            parse_answer(body, &source()),
            Ok(vec![(2023, None), (2024, Some(12.5))])
        );
    }

    #[test]
    fn each_unusable_answer_says_why() {
        let s = source();
        let why = |body: &[u8]| parse_answer(body, &s).unwrap_err().to_string();
        assert!(why(b"[]").contains("empty list"));
        assert!(why(b"<html>").contains("\"<html>\""));
        let other = br#"[{"indicator":1234,"region":5,"year":2024,"gender":"total","value":1}]"#;
        let e = why(other);
        assert!(
            e.contains("no values for region 974") && e.contains(": 5)"),
            "{e}"
        );
        let unknown = br#"{"message":"Indicator not found"}"#;
        assert!(why(unknown).contains("does not know indicator 1234"));
        // In the writer's language, the answer's own words kept.
        let fi = |m: Message| {
            let args = [("why", m.arg())];
            crate::messages::text(crate::messages::Lang::Fi, "sotkanet.fetch", &args)
                .unwrap_or_default()
        };
        let e = fi(parse_answer(b"<html>", &s).unwrap_err());
        assert!(
            e.contains("ei ole Sotkanetin lähettämää JSONia; sen alku: \"<html>\""),
            "{e}"
        );
        let e = fi(status_words(503, b""));
        assert!(
            e.contains("HTTP 503: palvelu on ruuhkautunut") && e.ends_with("(ei mitään)"),
            "{e}"
        );
    }

    #[test]
    fn network_failures_are_named_by_kind() {
        let url = "https://user@sotkanet.example:8443/rest/1.1/json?x=1";
        assert_eq!(host_of(url), "sotkanet.example:8443");
        let code = |e: ureq::Error| network_words(&e, url).code();
        assert_eq!(code(ureq::Error::HostNotFound), "sotkanet.host_not_found");
        assert_eq!(code(ureq::Error::ConnectionFailed), "sotkanet.unreachable");
        assert_eq!(code(ureq::Error::TooManyRedirects), "sotkanet.redirect");
        assert_eq!(code(ureq::Error::BodyExceedsLimit(9)), "sotkanet.too_big");
        assert_eq!(
            code(ureq::Error::StatusCode(404)),
            "sotkanet.status_missing"
        );
        assert_eq!(code(ureq::Error::StatusCode(500)), "sotkanet.status_server");
        let io = |kind: std::io::ErrorKind, text: &str| {
            code(ureq::Error::Io(std::io::Error::new(kind, text.to_string())))
        };
        use std::io::ErrorKind as K;
        assert_eq!(io(K::ConnectionRefused, "refused"), "sotkanet.refused");
        assert_eq!(io(K::TimedOut, "slow"), "sotkanet.timeout");
        assert_eq!(io(K::ConnectionReset, "reset"), "sotkanet.connection_lost");
        assert_eq!(
            io(K::NetworkUnreachable, "no route"),
            "sotkanet.unreachable"
        );
        let lookup = "failed to lookup address information: Name or service not known";
        assert_eq!(io(K::Other, lookup), "sotkanet.host_not_found");
        assert_eq!(io(K::Other, "odd"), "sotkanet.request_failed");
        // A real refused connection: a port on this machine nobody listens on.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
        let port = listener.local_addr().expect("its address").port();
        drop(listener);
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(5)))
            .build()
            .into();
        let local = format!("http://127.0.0.1:{port}/json");
        let m = fetch(&agent, &local).unwrap_err();
        assert_eq!(m.code(), "sotkanet.refused", "{m}");
        let sv = crate::messages::text(
            crate::messages::Lang::Sv,
            "sotkanet.fetch",
            &[("why", m.arg()), ("id", "a".into()), ("url", local.clone())],
        )
        .unwrap_or_default();
        assert!(
            sv.contains(&format!("servern 127.0.0.1:{port} vägrade ansluta")),
            "{sv}"
        );
    }

    #[test]
    fn numbers_are_written_canonically() {
        assert_eq!(canonical_number(3.0), "3");
        assert_eq!(canonical_number(12.50), "12.5");
        assert_eq!(canonical_number(-0.0), "0");
        assert_eq!(canonical_number(0.0000001), "0.0000001");
        let csv = results_csv(&[("a", vec![(2023, None), (2024, Some(1.25))])]);
        assert_eq!(csv, "indicator,period,value\na,2023,\na,2024,1.25\n");
    }
}
