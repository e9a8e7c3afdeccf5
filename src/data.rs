//! Open data: `/data/results.csv`, `/data/results.json`, `/data/promise.json`.
//!
//! Machine-readable exports of the indicators, their values and statuses, and
//! the promise's structure, under the licence of `site.yaml`. The formats are
//! documented in the README and are a contract like the content format: add
//! fields, never rename or remove them. No timestamps, so that the same input
//! gives byte-identical files.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::front_matter::Kind;
use crate::diagnostics::Diagnostic;
use crate::output::Output;
use crate::results::{Evaluation, Period, ValuePoint};
use crate::site::Site;
use crate::text::Text;

/// A text in every language of the site (fallbacks resolved).
fn all_langs(site: &Site, t: &Text) -> BTreeMap<String, String> {
    site.config
        .languages
        .iter()
        .map(|l| (l.clone(), t.text(l, site.default_lang())))
        .collect()
}

/// One value. Fields in alphabetical order, as the files have always
/// written them.
#[derive(Serialize)]
struct ValueOut<'a> {
    note: Option<&'a str>,
    period: Period,
    value: Option<f64>,
}

/// One indicator with its whole series. Fields in alphabetical order.
#[derive(Serialize)]
struct IndicatorOut<'a> {
    decimals: u32,
    direction: crate::indicators::Direction,
    id: &'a str,
    kind: crate::indicators::IndicatorKind,
    latest_period: Option<String>,
    latest_value: Option<f64>,
    name: BTreeMap<String, String>,
    status: &'static str,
    target: f64,
    trend: &'static str,
    unit: Option<BTreeMap<String, String>>,
    values: Vec<ValueOut<'a>>,
}

#[derive(Serialize)]
struct CommitmentOut {
    id: String,
    title: BTreeMap<String, String>,
    url: BTreeMap<String, String>,
    perspective: Option<String>,
    indicators: Vec<String>,
    status: &'static str,
}

#[derive(Serialize)]
struct AreaOut {
    id: String,
    title: BTreeMap<String, String>,
    url: BTreeMap<String, String>,
    counts: crate::results::Counts,
    commitments: Vec<CommitmentOut>,
}

fn titles_and_urls(
    site: &Site,
    page: &crate::site::Page,
) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let mut titles = BTreeMap::new();
    let mut urls = BTreeMap::new();
    for v in &page.variants {
        titles.insert(v.lang.clone(), v.title().to_string());
        // As in the sitemap and the feeds: a URI, `ä` percent-encoded too.
        urls.insert(v.lang.clone(), crate::site::urls::absolute(site, &v.url));
    }
    (titles, urls)
}

/// Writes the exports into `out`; the error is a file that could not be
/// written.
pub fn export(site: &Site, eval: &Evaluation, out: &mut Output) -> Result<(), Diagnostic> {
    export_results(site, eval, out)?;
    export_promise(site, eval, out);
    Ok(())
}

const CSV_HEADER: &str = "indicator,period,value,note\n";

/// The CSV rows of one indicator's series, without the header.
fn csv_rows(id: &str, series: &[ValuePoint]) -> String {
    let mut csv = csv::Writer::from_writer(Vec::new());
    for p in series {
        let value = p.value.map(|v| v.to_string()).unwrap_or_default();
        let period = p.period.to_string();
        let note = p.note.as_deref().unwrap_or("");
        // Writing to memory cannot fail.
        let _ = csv.write_record([id, &period, &value, note]);
    }
    String::from_utf8(csv.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// One indicator with its series, borrowing the notes.
fn indicator_out<'a>(
    site: &Site,
    eval: &'a Evaluation,
    ind: &'a crate::indicators::Indicator,
) -> IndicatorOut<'a> {
    let series = eval.set.series(&ind.id);
    let summary = eval.indicators.get(&ind.id);
    IndicatorOut {
        decimals: ind.decimals,
        direction: ind.direction,
        id: &ind.id,
        kind: ind.kind,
        latest_period: summary.and_then(|s| s.latest).map(|(p, _)| p.to_string()),
        latest_value: summary.and_then(|s| s.latest).map(|(_, v)| v),
        name: all_langs(site, &ind.name),
        status: eval.indicator_status(&ind.id).as_str(),
        target: ind.target,
        trend: summary.map(|s| s.trend.as_str()).unwrap_or("none"),
        unit: ind.unit.as_ref().map(|u| all_langs(site, u)),
        values: series
            .iter()
            .map(|p| ValueOut {
                note: p.note.as_deref(),
                period: p.period,
                value: p.value,
            })
            .collect(),
    }
}

/// `results.json` (and an indicator's own `.json`, with one indicator).
/// Fields in alphabetical order, as the file has always written them.
#[derive(Serialize)]
struct ResultsDoc<'a> {
    indicators: Vec<IndicatorOut<'a>>,
    license: &'a Option<String>,
    /// `results.next_update` of `site.yaml`, `YYYY-MM-DD`.
    next_update: Option<String>,
    /// `results.updated` of `site.yaml`, `YYYY-MM-DD`.
    updated: Option<String>,
}

impl<'a> ResultsDoc<'a> {
    fn new(site: &'a Site, indicators: Vec<IndicatorOut<'a>>) -> Self {
        let cal = &site.config.results;
        ResultsDoc {
            indicators,
            license: &site.config.license,
            next_update: cal.next_update.map(|d| d.to_string()),
            updated: cal.updated.map(|d| d.to_string()),
        }
    }

    fn pretty(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// Writes `data/results.csv` and `data/results.json` (every indicator) and
/// `data/results/<id>.csv` and `.json` (one indicator's whole series, the
/// same formats), which indicator pages link to. A large file goes to the
/// output at once (straight to disk in a build), so that a long series is
/// held in memory about twice at most, not once per file.
pub fn export_results(site: &Site, eval: &Evaluation, out: &mut Output) -> Result<(), Diagnostic> {
    let mut all = String::from(CSV_HEADER);
    for ind in &site.indicators.list {
        let mut own = String::from(CSV_HEADER);
        own.push_str(&csv_rows(&ind.id, eval.set.series(&ind.id)));
        all.push_str(&own[CSV_HEADER.len()..]);
        out.add_large(format!("data/results/{}.csv", ind.id), own)?;
    }
    out.add_large("data/results.csv", all)?;
    for ind in &site.indicators.list {
        let doc = ResultsDoc::new(site, vec![indicator_out(site, eval, ind)]);
        out.add_large(format!("data/results/{}.json", ind.id), doc.pretty())?;
    }
    let indicators = site
        .indicators
        .list
        .iter()
        .map(|ind| indicator_out(site, eval, ind))
        .collect();
    out.add_large(
        "data/results.json",
        ResultsDoc::new(site, indicators).pretty(),
    )
}

/// Writes `data/promise.json`: the promise, its areas and commitments with
/// their titles, addresses and statuses.
pub fn export_promise(site: &Site, eval: &Evaluation, out: &mut Output) {
    let license = site.config.license.clone();
    let default = site.default_lang();
    let mut areas = Vec::new();
    for (page, _) in site.areas(default) {
        let Kind::Area { area } = &page.kind else {
            continue;
        };
        let (title, url) = titles_and_urls(site, page);
        let commitments = site
            .commitments(area, default)
            .into_iter()
            .map(|(cp, _)| {
                let (title, url) = titles_and_urls(site, cp);
                let front = &site.files[cp.default_file].front;
                let id = match &cp.kind {
                    Kind::Commitment { name, .. } => name.clone(),
                    _ => cp.key.clone(),
                };
                CommitmentOut {
                    id,
                    title,
                    url,
                    perspective: front.perspective.clone(),
                    indicators: front.indicators.clone().unwrap_or_default(),
                    status: eval
                        .commitments
                        .get(&cp.key)
                        .map(|s| s.as_str())
                        .unwrap_or("no_data"),
                }
            })
            .collect();
        areas.push(AreaOut {
            id: area.clone(),
            title,
            url,
            counts: eval.areas.get(area).cloned().unwrap_or_default(),
            commitments,
        });
    }
    let promise = site.page("_index.md");
    let promise_front = promise.map(|p| &site.files[p.default_file].front);
    let promise_json = serde_json::json!({
        "license": license,
        "title": promise.map(|p| titles_and_urls(site, p).0),
        "organisation": all_langs(site, &site.config.organisation),
        "valid_from": promise_front.and_then(|f| f.valid_from).map(|d| d.to_string()),
        "valid_until": promise_front.and_then(|f| f.valid_until).map(|d| d.to_string()),
        "decision": promise_front.and_then(|f| f.decision.clone()),
        "counts": eval.total,
        "areas": areas,
    });
    out.add("data/promise.json", pretty(&promise_json));
}

fn pretty(v: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}
