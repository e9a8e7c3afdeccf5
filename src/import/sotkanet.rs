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

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::indicators::{Indicator, Indicators, Sotkanet};

/// Sotkanet's REST API, the part of the address before `/json`.
pub const DEFAULT_BASE_URL: &str = "https://sotkanet.fi/rest/1.1";

/// Where the results go, relative to the site root.
pub const RESULTS_PATH: &str = "content/results/sotkanet.csv";

/// Where indicators are defined, relative to the site root.
const INDICATORS_PATH: &str = "content/indicators.yaml";

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
    let hint = "write the years as FIRST-LAST, e.g. 2015-2025, or one year, e.g. 2024";
    let year = |t: &str| -> Result<i32, String> {
        let t = t.trim();
        match t.parse::<i32>() {
            Ok(y) if t.len() == 4 && (1000..=9999).contains(&y) => Ok(y),
            _ => Err(format!("\"{t}\" is not a year; {hint}")),
        }
    };
    let (first, last) = match s.split_once('-') {
        Some((a, b)) => (year(a)?, year(b)?),
        None => (year(s)?, year(s)?),
    };
    if first > last {
        return Err(format!(
            "{first} comes after {last}; write the earlier year first, e.g. {last}-{first}"
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
pub fn parse_answer(body: &[u8], source: &Sotkanet) -> Result<YearValues, String> {
    let json: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
        format!(
            "the answer is not the JSON Sotkanet sends ({e}); it began: {}",
            first_bytes(body)
        )
    })?;
    let serde_json::Value::Array(items) = json else {
        return Err(format!(
            "Sotkanet answered with a message instead of a list of values, \
             so it probably does not know indicator {}: check `sotkanet.indicator` \
             against the indicator's page at sotkanet.fi; the answer began: {}",
            source.indicator,
            first_bytes(body)
        ));
    };
    if items.is_empty() {
        return Err(format!(
            "Sotkanet has no values for indicator {} in these years (the answer is an empty list): \
             check `sotkanet.indicator` at sotkanet.fi, the years (--years) and `gender` ({})",
            source.indicator, source.gender
        ));
    }
    let mut regions = std::collections::BTreeSet::new();
    let mut values: BTreeMap<i32, Option<f64>> = BTreeMap::new();
    for (i, item) in items.into_iter().enumerate() {
        let row: Row = serde_json::from_value(item).map_err(|e| {
            format!(
                "row {} of the answer is not a Sotkanet value ({e}); expected \
                 {{\"indicator\", \"region\", \"year\", \"gender\", \"value\"}}",
                i + 1
            )
        })?;
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
            return Err(format!(
                "row {} of the answer has the year {}, which is not a year of four digits",
                i + 1,
                row.year
            ));
        }
        if values.insert(row.year, row.value).is_some() {
            return Err(format!(
                "the answer has two values for region {} in {}; Sotkanet should send one",
                source.region, row.year
            ));
        }
    }
    if values.is_empty() {
        let listed: Vec<String> = regions.iter().take(10).map(u32::to_string).collect();
        return Err(format!(
            "the answer has no values for region {} (it has {} other {}: {}{}): \
             check `sotkanet.region`, the county's region id in Sotkanet",
            source.region,
            regions.len(),
            if regions.len() == 1 {
                "region"
            } else {
                "regions"
            },
            listed.join(", "),
            if regions.len() > listed.len() {
                ", …"
            } else {
                ""
            }
        ));
    }
    Ok(values.into_iter().collect())
}

/// The first bytes of an answer, as text, for a message.
fn first_bytes(body: &[u8]) -> String {
    if body.is_empty() {
        return "(nothing)".into();
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
fn fetch(agent: &ureq::Agent, url: &str) -> Result<Vec<u8>, String> {
    let mut response = agent.get(url).call().map_err(|e| match e {
        ureq::Error::Timeout(_) => {
            "no complete answer within the time limit (--timeout)".to_string()
        }
        other => format!("the request failed ({other})"),
    })?;
    let status = response.status();
    let mut body = Vec::new();
    let read = response
        .body_mut()
        .with_config()
        .limit(MAX_ANSWER)
        .reader()
        .read_to_end(&mut body);
    if !status.is_success() {
        return Err(format!(
            "Sotkanet answered HTTP {status}; the answer began: {}",
            first_bytes(&body)
        ));
    }
    read.map_err(|e| {
        if e.kind() == std::io::ErrorKind::TimedOut {
            "no complete answer within the time limit (--timeout)".to_string()
        } else {
            format!("the answer could not be read ({e})")
        }
    })?;
    Ok(body)
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
                progress(&format!(
                    "[{}/{total}] {}: Sotkanet indicator {}, region {}: {} {}",
                    n + 1,
                    ind.id,
                    source.indicator,
                    source.region,
                    values.len(),
                    if values.len() == 1 { "year" } else { "years" }
                ));
                series.push((ind.id.as_str(), values));
            }
            Err(why) => {
                progress(&format!("[{}/{total}] {}: failed", n + 1, ind.id));
                errors.push(
                    Diagnostic::err(
                        INDICATORS_PATH,
                        "sotkanet.fetch",
                        vec![
                            ("id", ind.id.clone()),
                            ("url", url.clone()),
                            ("why", why.to_string()),
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
            vec![("what", what.to_string()), ("error", e.to_string())],
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
        assert!(parse_answer(b"[]", &s).unwrap_err().contains("empty list"));
        assert!(
            parse_answer(b"<html>", &s)
                .unwrap_err()
                .contains("\"<html>\"")
        );
        let other = br#"[{"indicator":1234,"region":5,"year":2024,"gender":"total","value":1}]"#;
        let e = parse_answer(other, &s).unwrap_err();
        assert!(
            e.contains("no values for region 974") && e.contains(": 5)"),
            "{e}"
        );
        let unknown = br#"{"message":"Indicator not found"}"#;
        assert!(
            parse_answer(unknown, &s)
                .unwrap_err()
                .contains("does not know indicator 1234")
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
