//! Open data: `/data/results.csv`, `/data/results.json`, `/data/promise.json`.
//!
//! Machine-readable exports of the indicators, their values and statuses, and
//! the promise's structure, under the licence of `site.yaml`. The formats are
//! documented in the README and are a contract like the content format: add
//! fields, never rename or remove them. No timestamps, so that the same input
//! gives byte-identical files.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::output::Output;
use crate::results::Evaluation;
use crate::site::Site;
use crate::snapshot::{Snapshot, all_langs};

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
/// their titles, addresses, statuses, texts and targets (see [`Snapshot`]).
pub fn export_promise(site: &Site, eval: &Evaluation, out: &mut Output) {
    let snapshot = Snapshot::of(site, eval);
    out.add(
        "data/promise.json",
        pretty(&crate::render::to_json(&snapshot)),
    );
}

fn pretty(v: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}
