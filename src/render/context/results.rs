//! What the results pages show: an indicator as listings, commitment
//! pages and its own page show it ([`IndicatorView`]), indicators grouped
//! by kind, an indicator page's `series` and `rows`, and the results
//! overview's open-data files.

use serde::Serialize;

use super::Marked;
use crate::indicators::{Direction, IndicatorKind};

/// An indicator view (`indicators`, `indicator`).
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    /// Its id in `indicators.yaml`.
    pub id: String,
    /// Its name.
    pub name: Marked,
    /// Its page.
    pub url: String,
    /// Its unit in the page's language.
    pub unit: String,
    /// `lower` or `higher`: which way is better.
    pub direction: Direction,
    /// The target with its unit.
    pub target: String,
    /// The target in a sentence ("at least 90 %").
    pub target_text: String,
    /// `met`, `not_met` or `no_data`.
    pub status: &'static str,
    /// The status in words.
    pub status_label: String,
    /// `improving`, `worsening`, `unchanged` or `none`.
    pub trend: &'static str,
    /// The trend in words.
    pub trend_label: String,
    /// The latest value with its unit.
    pub latest_value: Option<String>,
    /// The latest period with a value, in words.
    pub latest_period: Option<String>,
    /// Its description.
    pub description: Option<Marked>,
    /// `outcome` or `progress` (format 1.1).
    pub kind: IndicatorKind,
    /// Where the results come from.
    pub source: Option<SourceView>,
}

/// `source` of an indicator view.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    /// The source's name.
    pub name: Option<Marked>,
    /// Its address.
    pub url: Option<String>,
}

/// One of `indicator_groups`: the indicators of one kind.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorGroup<'a> {
    /// `outcome` or `progress`.
    pub kind: &'static str,
    /// Its heading in the page's language.
    pub heading: String,
    /// Its indicators.
    pub indicators: Vec<&'a IndicatorView>,
}

/// `data_urls` of `results.html`.
#[derive(Debug, Clone, Serialize)]
pub struct DataUrls {
    /// Every result as CSV.
    pub csv: String,
    /// Every result as JSON.
    pub json: String,
    /// The promise as JSON.
    pub promise: String,
}

/// One of `data_files` of `results.html`.
#[derive(Debug, Clone, Serialize)]
pub struct DataFile {
    /// Its address.
    pub url: String,
    /// What it is, in words.
    pub title: String,
    /// `CSV` or `JSON`.
    pub format: &'static str,
    /// Its size in words ("4 kt").
    pub size: String,
    /// Its size in bytes.
    pub bytes: usize,
}

/// `series` of `indicator.html`: how much of the series the page shows.
#[derive(Debug, Clone, Serialize)]
pub struct SeriesView {
    /// Periods in the whole series.
    pub total: usize,
    /// Periods shown.
    pub shown: usize,
    /// Whether only the latest are shown.
    pub windowed: bool,
    /// Says so, when windowed.
    pub window_text: Option<String>,
    /// The link text to the whole series.
    pub all_text: String,
    /// The whole series as CSV.
    pub csv_url: String,
    /// The whole series as JSON.
    pub json_url: String,
}

/// One of `rows` of `indicator.html`: a period's result.
#[derive(Debug, Clone, Serialize)]
pub struct RowView<'a> {
    /// The period in words.
    pub period: String,
    /// The value with its unit.
    pub value: Option<String>,
    /// `met`, `not_met` or `no_data`.
    pub status: &'static str,
    /// The status in words.
    pub status_label: String,
    /// The CSV's note.
    pub note: &'a Option<String>,
}

/// `page` of `indicator.html`.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorPage<'a> {
    /// `indicator`.
    pub kind: &'static str,
    /// The indicator's name.
    pub title: &'a str,
    /// Its language when it is not the page's.
    pub lang: Option<String>,
}
