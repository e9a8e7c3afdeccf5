//! Open data: `/data/results.csv`, `/data/results.json`, `/data/promise.json`.
//!
//! Machine-readable exports of the indicators, their values and statuses, and
//! the promise's structure, under the licence of `site.yaml`. The formats are
//! documented in the README and are a contract like the content format: add
//! fields, never rename or remove them. No timestamps, so that the same input
//! gives byte-identical files.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::output::Output;
use crate::results::{Evaluation, Period, ValuePoint};
use crate::site::{Route, Site};
use crate::snapshot::{Snapshot, all_langs};

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

/// The sizes in bytes of `data/results.csv`, `data/results.json` and
/// `data/promise.json` as [`export_results`] and [`export_promise`] write
/// them: the results page names its downloads with their sizes
/// ("Tulokset (CSV, 4 kt)"). Made the same way as the files, without
/// writing them.
pub fn sizes(site: &Site, eval: &Evaluation) -> BTreeMap<Route<'static>, usize> {
    sizes_with(site, eval, promise_len(site, eval))
}

/// [`sizes`], when `data/promise.json` has been written already and is
/// `promise` bytes long (its text is as large as every commitment's text
/// in every language: made once, not once more to count it).
pub fn sizes_with(
    site: &Site,
    eval: &Evaluation,
    promise: usize,
) -> BTreeMap<Route<'static>, usize> {
    let csv = CSV_HEADER.len()
        + site
            .indicators
            .list
            .iter()
            .map(|ind| csv_rows(&ind.id, eval.set.series(&ind.id)).len())
            .sum::<usize>();
    let indicators = site
        .indicators
        .list
        .iter()
        .map(|ind| indicator_out(site, eval, ind))
        .collect();
    let json = ResultsDoc::new(site, indicators).pretty().len();
    BTreeMap::from([
        (Route::ResultsCsv, csv),
        (Route::ResultsJson, json),
        (Route::PromiseData, promise),
    ])
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
        out.add_large(Route::IndicatorCsv(&ind.id).file(site, ""), own)?;
    }
    out.add_large(Route::ResultsCsv.file(site, ""), all)?;
    for ind in &site.indicators.list {
        let doc = ResultsDoc::new(site, vec![indicator_out(site, eval, ind)]);
        out.add_large(Route::IndicatorJson(&ind.id).file(site, ""), doc.pretty())?;
    }
    let indicators = site
        .indicators
        .list
        .iter()
        .map(|ind| indicator_out(site, eval, ind))
        .collect();
    out.add_large(
        Route::ResultsJson.file(site, ""),
        ResultsDoc::new(site, indicators).pretty(),
    )
}

/// Writes `data/promise.json`: the promise, its areas and commitments with
/// their titles, addresses, statuses, texts and targets (see [`Snapshot`]).
/// Returns its length in bytes.
pub fn export_promise(
    site: &Site,
    eval: &Evaluation,
    out: &mut Output,
) -> Result<usize, Diagnostic> {
    out.add_written(Route::PromiseData.file(site, ""), |w| {
        Snapshot::write(site, eval, w)
    })
    .map(|len| usize::try_from(len).unwrap_or(usize::MAX))
}

/// The length in bytes of `data/promise.json`, counted as it is written
/// rather than held: the results pages show it while the text, as large
/// as every commitment's text in every language, is written only once.
fn promise_len(site: &Site, eval: &Evaluation) -> usize {
    let mut count = crate::output::ByteCount::default();
    let _ = Snapshot::write(site, eval, &mut count);
    usize::try_from(count.0).unwrap_or(usize::MAX)
}
