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
use crate::output::Output;
use crate::results::Evaluation;
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

#[derive(Serialize)]
struct ValueOut {
    period: String,
    value: Option<f64>,
    note: Option<String>,
}

#[derive(Serialize)]
struct IndicatorOut {
    id: String,
    name: BTreeMap<String, String>,
    unit: Option<BTreeMap<String, String>>,
    direction: crate::indicators::Direction,
    target: f64,
    decimals: u32,
    latest_period: Option<String>,
    latest_value: Option<f64>,
    status: &'static str,
    trend: &'static str,
    values: Vec<ValueOut>,
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

/// The exports' paths (`data/results.csv` …) and sizes in bytes, as
/// [`export`] writes them in the same build: the results page names its
/// downloads with their sizes ("Tulokset (CSV, 4 kt)").
pub fn sizes(site: &Site, eval: &Evaluation) -> BTreeMap<String, usize> {
    let mut scratch = Output::default();
    export(site, eval, &mut scratch);
    scratch
        .files
        .iter()
        .map(|(path, bytes)| (path.clone(), bytes.len()))
        .collect()
}

/// Writes the three exports into `out`.
pub fn export(site: &Site, eval: &Evaluation, out: &mut Output) {
    export_results(site, eval, out);
    export_promise(site, eval, out);
}

/// Writes `data/results.csv` and `data/results.json`: the indicators and
/// their values (they do not depend on the pages).
pub fn export_results(site: &Site, eval: &Evaluation, out: &mut Output) {
    let license = site.config.license.clone();
    let mut csv = csv::Writer::from_writer(Vec::new());
    let _ = csv.write_record(["indicator", "period", "value", "note"]);
    let mut indicators = Vec::new();
    for ind in &site.indicators.list {
        let series = eval.set.series(&ind.id);
        for p in series {
            let value = p.value.map(|v| v.to_string()).unwrap_or_default();
            let period = p.period.to_string();
            let note = p.note.as_deref().unwrap_or("");
            // Writing to memory cannot fail.
            let _ = csv.write_record([ind.id.as_str(), &period, &value, note]);
        }
        let summary = eval.indicators.get(&ind.id);
        indicators.push(IndicatorOut {
            id: ind.id.clone(),
            name: all_langs(site, &ind.name),
            unit: ind.unit.as_ref().map(|u| all_langs(site, u)),
            direction: ind.direction,
            target: ind.target,
            decimals: ind.decimals,
            latest_period: summary.and_then(|s| s.latest).map(|(p, _)| p.to_string()),
            latest_value: summary.and_then(|s| s.latest).map(|(_, v)| v),
            status: eval.indicator_status(&ind.id).as_str(),
            trend: summary.map(|s| s.trend.as_str()).unwrap_or("none"),
            values: series
                .iter()
                .map(|p| ValueOut {
                    period: p.period.to_string(),
                    value: p.value,
                    note: p.note.clone(),
                })
                .collect(),
        });
    }
    let results_json = serde_json::json!({
        "license": license,
        "indicators": indicators,
    });
    out.add("data/results.csv", csv.into_inner().unwrap_or_default());
    out.add("data/results.json", pretty(&results_json));
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
