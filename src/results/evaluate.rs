//! What the results say about the promise: each indicator's summary, each
//! commitment's status, and the counts per area and for the whole promise.
//!
//! Computed once per build from the site model and the loaded results; the
//! pages, the open data and `check` all read this one [`Evaluation`].

use std::collections::{BTreeMap, HashMap};

use super::{CommitmentStatus, Counts, IndicatorStatus, IndicatorSummary, ResultSet, summarize};
use crate::content::front_matter::Kind;
use crate::site::Site;

/// The follow-up state of the whole promise.
#[derive(Debug, Default)]
pub struct Evaluation {
    /// The loaded values.
    pub set: ResultSet,
    /// Per indicator id.
    pub indicators: BTreeMap<String, IndicatorSummary>,
    /// Per commitment content key.
    pub commitments: HashMap<String, CommitmentStatus>,
    /// Per area folder name.
    pub areas: BTreeMap<String, Counts>,
    /// The whole promise.
    pub total: Counts,
}

impl Evaluation {
    /// An indicator's status (no data when unknown).
    pub fn indicator_status(&self, id: &str) -> IndicatorStatus {
        self.indicators
            .get(id)
            .map(|s| s.status)
            .unwrap_or(IndicatorStatus::NoData)
    }
}

/// Evaluates every indicator and commitment of `site` against `set`.
pub fn evaluate(site: &Site, set: ResultSet) -> Evaluation {
    let indicators: BTreeMap<String, IndicatorSummary> = site
        .indicators
        .list
        .iter()
        .map(|ind| (ind.id.clone(), summarize(ind, set.series(&ind.id))))
        .collect();
    let mut eval = Evaluation {
        set,
        indicators,
        ..Default::default()
    };
    for page in &site.pages {
        let Kind::Commitment { area, .. } = &page.kind else {
            continue;
        };
        // Structure (indicators) comes from the default-language file.
        let ids = site.files[page.default_file]
            .front
            .indicators
            .clone()
            .unwrap_or_default();
        let status = CommitmentStatus::of(ids.iter().map(|id| eval.indicator_status(id)));
        eval.commitments.insert(page.key.clone(), status);
        eval.areas.entry(area.to_string()).or_default().add(status);
        eval.total.add(status);
    }
    eval
}
