//! The follow-up pages: `/<lang>/results/` and `/<lang>/results/<id>/`, and
//! the indicator views that commitment pages show.
//!
//! Everything here reads the [`Evaluation`](crate::results::Evaluation); the
//! numbers and periods are formatted for the reader's language by `format`.

use std::collections::BTreeMap;

use tera::Value;

use super::context::Marked;
use super::context::generated::GeneratedPage;
use super::context::results::{
    DataFile, DataUrls, IndicatorGroup, IndicatorPage, IndicatorView, RowView, SeriesView,
    SourceView,
};
use super::listings::Entry;
use super::parts::{Listing, Parts};
use super::{Job, Renderer};
use crate::content::front_matter::Kind;
use crate::format;
use crate::i18n::Unit;
use crate::indicators::{Direction, Indicator, IndicatorKind};
use crate::period::{Period, PeriodKind};
use crate::results::{
    ChartInput, ChartLabels, Counts, ValuePoint, axis_is_cut, chart_points, describe_trend,
    line_chart,
};
use crate::site::{Page, Route, Variant};

/// How many of the latest periods an indicator page charts and lists (two
/// years of months, six of quarters, 24 years); the whole series is in
/// `/data/results/<id>.csv` and `.json`, linked from the page.
pub const LATEST_SHOWN: usize = 24;

impl Renderer<'_> {
    fn unit(&self, ind: &Indicator, lang: &str) -> Unit {
        let written = ind
            .unit
            .as_ref()
            .map(|u| u.text(lang, self.site.default_lang()))
            .unwrap_or_default();
        self.i18n.unit(lang, &written)
    }

    /// The chart's accessible name: what it draws, in which unit, over which
    /// periods ("Line chart: results (days) and the target, March 2026 to
    /// August 2026"), from the theme's `chart_name` and `chart_periods`. Not the indicator's
    /// name: that is the page's `h1` right above, and a screen reader would
    /// say it twice. Without a unit, ` ({unit})` is left out; a unit the
    /// theme words (`unit_vrk`) is said in words, since the name is only
    /// heard ("tulokset (vuorokautta)").
    fn chart_name(&self, series: &[ValuePoint], unit: &str, lang: &str) -> String {
        let (Some(first), Some(last)) = (series.first(), series.last()) else {
            return String::new();
        };
        let (first, last) = (
            self.period(&first.period, lang),
            self.period(&last.period, lang),
        );
        // From one period to another in the theme's words: English periods
        // have a dash of their own ("January–June 2024"), and a second one
        // between them read as a range of ranges.
        let periods = if first == last {
            first
        } else {
            self.i18n
                .get(lang, "chart_periods")
                .replace("{first}", &first)
                .replace("{last}", &last)
        };
        let text = self.i18n.get(lang, "chart_name");
        let text = match unit.trim() {
            "" => text.replace(" ({unit})", "").replace("{unit}", ""),
            unit => text.replace(
                "{unit}",
                self.i18n.unit_words(lang, unit, "other").unwrap_or(unit),
            ),
        };
        text.replace("{periods}", &periods)
    }

    /// A period in words: the theme's `period_half_N`, `period_quarter_N` or
    /// `period_month_N` string with `{year}` in it where the language's
    /// i18n file words them, else `format`'s (CLDR's month names).
    pub(super) fn period(&self, p: &Period, lang: &str) -> String {
        let key = match p.kind() {
            PeriodKind::Year => None,
            PeriodKind::Half => Some(format!("period_half_{}", p.index())),
            PeriodKind::Quarter => Some(format!("period_quarter_{}", p.index())),
            PeriodKind::Month => Some(format!("period_month_{}", p.index())),
        };
        match key.as_deref().and_then(|k| self.i18n.find(lang, k)) {
            Some(s) => s.replace("{year}", &p.year_number().to_string()),
            None => format::format_period(p, lang),
        }
    }

    /// A value, with the decimals it needs to read on the right side of
    /// the target.
    fn quantity(&self, ind: &Indicator, v: f64, lang: &str) -> String {
        let d =
            crate::results::status::decimals_to_tell(v, ind.target, ind.direction, ind.decimals);
        self.unit(ind, lang).quantity(v, d, lang)
    }

    /// The target, with at least the decimals it is written with.
    fn target_quantity(&self, ind: &Indicator, lang: &str) -> String {
        let written = (0..6)
            .find(|&d| format::rounded(ind.target, d) == ind.target)
            .unwrap_or(6);
        self.unit(ind, lang)
            .quantity(ind.target, ind.decimals.max(written), lang)
    }

    /// An indicator as listings and commitment pages show it.
    pub(super) fn indicator_view(&self, ind: &Indicator, lang: &str) -> IndicatorView {
        let default = self.site.default_lang();
        let summary = self.eval.indicators.get(&ind.id);
        let status = self.eval.indicator_status(&ind.id);
        let trend = summary.map(|s| s.trend.as_str()).unwrap_or("none");
        let target_value = self.target_quantity(ind, lang);
        let target_key = match ind.direction {
            Direction::Lower => "target_lower",
            Direction::Higher => "target_higher",
        };
        let latest = summary.and_then(|s| s.latest);
        IndicatorView {
            id: ind.id.clone(),
            name: Marked::of(&ind.name, lang, default),
            url: Route::Indicator(&ind.id).url(self.site, lang),
            unit: self.unit(ind, lang).written,
            direction: ind.direction,
            target_text: self
                .i18n
                .get(lang, target_key)
                .replace("{target}", &target_value),
            target: target_value,
            status: status.as_str(),
            status_label: self.i18n.get(lang, &format!("status_{}", status.as_str())),
            trend,
            trend_label: self.i18n.get(lang, &format!("trend_{trend}")),
            latest_value: latest.map(|(_, v)| self.quantity(ind, v, lang)),
            latest_period: latest.map(|(p, _)| self.period(&p, lang)),
            description: ind
                .description
                .as_ref()
                .map(|d| Marked::of(d, lang, default)),
            kind: ind.kind,
            source: self.source_view(ind, lang),
        }
    }

    /// The source an indicator page names: `source` as written, or, for an
    /// indicator imported from Sotkanet without one, THL Sotkanet with a link
    /// to the indicator's description there (its data is CC BY 4.0, which
    /// asks for the source to be named).
    fn source_view(&self, ind: &Indicator, lang: &str) -> Option<SourceView> {
        let default = self.site.default_lang();
        if let Some(s) = &ind.source {
            return Some(SourceView {
                name: s.name.as_ref().map(|n| Marked::of(n, lang, default)),
                url: s.url.clone(),
            });
        }
        let sotkanet = ind.sotkanet.as_ref()?;
        // Sotkanet's own pages are in Finnish, Swedish and English.
        let site_lang = match lang {
            "sv" | "en" => lang,
            _ => "fi",
        };
        Some(SourceView {
            name: Some(Marked {
                text: self.i18n.get(lang, "source_sotkanet"),
                lang: None,
            }),
            url: Some(format!(
                "https://sotkanet.fi/sotkanet/{site_lang}/metadata/indicators/{}",
                sotkanet.indicator
            )),
        })
    }

    /// Indicator views in groups by kind (outcome, then progress), each
    /// with its heading; a kind without indicators has no group. Templates
    /// show the groups when there are two, and a plain list otherwise.
    pub(super) fn indicator_groups<'v>(
        &self,
        views: &'v [IndicatorView],
        lang: &str,
    ) -> Vec<IndicatorGroup<'v>> {
        [
            (IndicatorKind::Outcome, "outcome"),
            (IndicatorKind::Progress, "progress"),
        ]
        .into_iter()
        .filter_map(|(of, kind)| {
            let members: Vec<&IndicatorView> = views.iter().filter(|v| v.kind == of).collect();
            (!members.is_empty()).then(|| IndicatorGroup {
                kind,
                heading: self.i18n.get(lang, &format!("kind_{kind}_heading")),
                indicators: members,
            })
        })
        .collect()
    }

    /// The overview page of one language.
    pub(super) fn results_job(&self, lang: &str) -> Job {
        let site = self.site;
        // Each indicator's view once: a large site lists thousands of
        // commitments here, most following the same few indicators.
        let indicators: Vec<IndicatorView> = site
            .indicators
            .list
            .iter()
            .map(|ind| self.indicator_view(ind, lang))
            .collect();
        let views: std::collections::HashMap<Box<str>, Value> = site
            .indicators
            .list
            .iter()
            .map(|ind| Box::<str>::from(ind.id.as_str()))
            .zip(indicators.iter().map(Value::from_serializable))
            .collect();
        let mut parts = self
            .in_parts(Listing::Results)
            .then(|| Parts::new(Listing::Results, lang.into(), 0));
        let areas = site.areas(lang);
        let area_entries = self.links_in_slots(&areas, lang);
        let areas: Vec<Value> = areas
            .iter()
            .zip(area_entries)
            .filter_map(|((p, _), area_entry)| {
                let Kind::Area { area } = &p.kind else {
                    return None;
                };
                let listed = site.commitments(area, lang);
                let commitments = match &mut parts {
                    Some(parts) => listed.iter().map(|(p, v)| parts.add(site, p, v)).collect(),
                    None => self.entries(Entry::Results, &listed, lang, |p, v| {
                        self.results_entry(p, v, lang, &views)
                    }),
                };
                let mut group = BTreeMap::from([
                    ("area", area_entry),
                    ("commitments", Value::from(commitments)),
                ]);
                if let Some(counts) = self.eval.areas.get(&**area) {
                    group.insert("headline", Value::from(self.results_headline(counts, lang)));
                }
                let area = Value::from(group);
                if let Some(parts) = &mut parts {
                    parts.end_group(area.clone());
                }
                Some(area)
            })
            .collect();
        if let Some(parts) = &mut parts {
            parts.views = views;
        }
        let total = self.eval.total;
        let headline = self.results_headline(&total, lang);
        let mut job = self.generated_job(lang, Route::Results, "results.html", |ctx| {
            ctx.insert(
                "page",
                &GeneratedPage {
                    kind: "results",
                    title: self.i18n.get(lang, "results_title"),
                },
            );
            ctx.insert("total", &total);
            ctx.insert("headline", &headline);
            ctx.insert_value("areas", Value::from(areas));
            ctx.insert(
                "indicator_groups",
                &self.indicator_groups(&indicators, lang),
            );
            ctx.insert("indicators", &indicators);
            ctx.insert(
                "data_urls",
                &DataUrls {
                    csv: Route::ResultsCsv.url(site, lang),
                    json: Route::ResultsJson.url(site, lang),
                    promise: Route::PromiseData.url(site, lang),
                },
            );
            ctx.insert("data_files", &self.data_files(lang));
        });
        job.parts = parts;
        job
    }

    /// How many of `counts`' commitments were met, in words: "18
    /// lupauksesta toteutui 5", and when none or all were, or there are
    /// none, one or two, a sentence of its own ("Yksikään 3 lupauksesta ei
    /// ole toteutunut", "Kaikki 4 lupausta ovat toteutuneet", "Lupaus on
    /// toteutunut", "Kumpikaan lupaus ei ole toteutunut", "Lupauksia ei
    /// vielä ole"), not "3 lupauksesta toteutui 0".
    pub(super) fn results_headline(&self, counts: &Counts, lang: &str) -> String {
        let (n, met) = (counts.total, counts.met);
        let plural = |key: &str| self.i18n.plural(lang, key, n as i64, &n.to_string());
        match (n, met) {
            (0, _) => self.i18n.get(lang, "results_no_commitments"),
            (2, 0) => self.i18n.get(lang, "results_neither_met"),
            (2, 2) => self.i18n.get(lang, "results_both_met"),
            (_, 0) => plural("results_none_met"),
            _ if met == n => plural("results_all_met"),
            _ => plural("results_headline").replace("{met}", &met.to_string()),
        }
    }

    /// A commitment as the results page lists it (`c` of `results.html`
    /// and `results_commitment.html`): its link and its indicators' views,
    /// taken from `views`.
    pub(super) fn results_entry(
        &self,
        p: &Page,
        v: &Variant,
        lang: &str,
        views: &std::collections::HashMap<Box<str>, Value>,
    ) -> Value {
        let indicators: Vec<Value> = self.site.files[p.default_file]
            .front
            .indicators
            .iter()
            .flatten()
            .filter_map(|id| views.get(id.as_str()).cloned())
            .collect();
        Value::from(BTreeMap::from([
            ("link", self.listed_in_slot(p, v, lang)),
            ("indicators", Value::from(indicators)),
        ]))
    }

    /// Takes `sizes` as the open-data files' sizes (see
    /// [`crate::data::sizes_with`]), for the pages rendered from now on;
    /// the preview keeps them for its edits.
    pub fn know_data_sizes(&self, sizes: std::collections::BTreeMap<Route<'static>, usize>) {
        if let Some(kept) = self.listings {
            kept.renew_data_sizes(sizes.clone());
        }
        let _ = self.data_sizes.set(sizes);
    }

    /// The open-data downloads, named like attachments: what the file
    /// holds, its format and its size as this build writes it.
    fn data_files(&self, lang: &str) -> Vec<DataFile> {
        super::deps::read(|| super::deps::Read::DataSizes);
        let sizes = self.data_sizes.get_or_init(|| match self.listings {
            // The preview's, kept between edits.
            Some(kept) => kept.data_sizes(|| crate::data::sizes(self.site, self.eval)),
            None => crate::data::sizes(self.site, self.eval),
        });
        [
            (Route::ResultsCsv, "data_results", "CSV"),
            (Route::ResultsJson, "data_results", "JSON"),
            (Route::PromiseData, "data_promise", "JSON"),
        ]
        .into_iter()
        .map(|(route, key, format)| {
            let bytes = sizes.get(&route).copied().unwrap_or(0);
            DataFile {
                url: route.url(self.site, lang),
                title: self.i18n.get(lang, key),
                format,
                size: file_size(bytes, lang, self.i18n),
                bytes,
            }
        })
        .collect()
    }

    /// One indicator's page in one language.
    pub(super) fn indicator_job(&self, ind: &Indicator, lang: &str) -> Job {
        let site = self.site;
        let default = site.default_lang();
        let all = self.eval.set.series(&ind.id);
        // A page stays the same size however long the series grows: the
        // chart and the table show the latest periods, and the whole series
        // is linked as the indicator's own data files.
        let series = &all[all.len().saturating_sub(LATEST_SHOWN)..];
        let windowed = series.len() < all.len();
        let fill = |key: &str| {
            self.i18n
                .get(lang, key)
                .replace(
                    "{shown}",
                    &format::format_number(series.len() as f64, 0, lang),
                )
                .replace("{total}", &format::format_number(all.len() as f64, 0, lang))
        };
        let series_view = SeriesView {
            total: all.len(),
            shown: series.len(),
            windowed,
            window_text: windowed.then(|| fill("chart_window")),
            all_text: fill("all_results"),
            csv_url: Route::IndicatorCsv(&ind.id).url(site, lang),
            json_url: Route::IndicatorJson(&ind.id).url(site, lang),
        };
        let unit = self.unit(ind, lang);
        let name = ind.name.text(lang, default);
        let view = self.indicator_view(ind, lang);
        let target_text = view.target_text.clone();
        // The periods in words as the table and the facts say them (the
        // theme's `period_*`): the caption, which a screen reader reads as
        // the chart's text, said "Q2 2026" beside a table of "April–June
        // 2026".
        let worded: Vec<(String, Option<f64>)> = series
            .iter()
            .map(|p| (self.period(&p.period, lang), p.value))
            .collect();
        let description = describe_trend(
            &worded,
            ind.target,
            &target_text,
            ind.direction,
            ind.decimals,
            &unit,
            lang,
            &|key| self.i18n.get(lang, key),
        );
        let labels = ChartLabels {
            target: self.i18n.get(lang, "chart_target"),
            met: self.i18n.get(lang, "status_met"),
            not_met: self.i18n.get(lang, "status_not_met"),
        };
        let chart = (!series.is_empty()).then(|| {
            line_chart(&ChartInput {
                id_prefix: format!("chart-{}", ind.id),
                title: self.chart_name(series, &unit.written, lang),
                // The figure's caption says it; the chart only names itself.
                description: String::new(),
                points: chart_points(series, lang),
                target: ind.target,
                direction: ind.direction,
                decimals: ind.decimals,
                lang: lang.to_string(),
                unit: unit.clone(),
                labels,
            })
        });
        let rows: Vec<RowView> = series
            .iter()
            .map(|p| {
                let met = p.value.map(|v| ind.direction.meets(v, ind.target));
                let status = match met {
                    Some(true) => "met",
                    Some(false) => "not_met",
                    None => "no_data",
                };
                RowView {
                    period: self.period(&p.period, lang),
                    value: p.value.map(|v| self.quantity(ind, v, lang)),
                    status,
                    status_label: self.i18n.get(lang, &format!("status_{status}")),
                    note: &p.note,
                }
            })
            .collect();
        let commitments: Vec<(&Page, &Variant)> = site
            .pages
            .iter()
            .filter(|p| {
                matches!(p.kind, Kind::Commitment { .. })
                    && site.files[p.default_file]
                        .front
                        .indicators
                        .iter()
                        .flatten()
                        .any(|i| i == &ind.id)
            })
            .filter_map(|p| p.variant(lang).map(|v| (p, v)))
            .collect();
        // No commitment is this page: the entries are those of any other.
        let mut parts = self
            .in_parts(Listing::Indicator)
            .then(|| Parts::new(Listing::Indicator, lang.into(), 0));
        let commitments = match &mut parts {
            Some(parts) => commitments
                .iter()
                .map(|(p, v)| parts.add(site, p, v))
                .collect(),
            None => self.links_in_slots(&commitments, lang),
        };
        let name_lang = ind.name.get(lang, default).fallback_lang;
        let mut job =
            self.generated_job(lang, Route::Indicator(&ind.id), "indicator.html", |ctx| {
                ctx.insert(
                    "page",
                    &IndicatorPage {
                        kind: "indicator",
                        title: &name,
                        lang: name_lang,
                    },
                );
                ctx.insert("indicator", &view);
                ctx.insert("chart", &chart);
                ctx.insert("chart_description", &description);
                ctx.insert("chart_axis_cut", &axis_is_cut(&worded, ind.target));
                ctx.insert("rows", &rows);
                ctx.insert("series", &series_view);
                ctx.insert_value("commitments", Value::from(commitments));
                ctx.insert("results_url", &Route::Results.url(site, lang));
            });
        job.parts = parts;
        job
    }
}

/// A file size in kilobytes (rounded up, at least 1) or, from a megabyte
/// on, in megabytes with one decimal, as the language writes it.
fn file_size(bytes: usize, lang: &str, i18n: &crate::i18n::I18n) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b >= KB * KB {
        let mb = format::format_number((b / (KB * KB) * 10.0).ceil() / 10.0, 1, lang);
        i18n.get(lang, "size_mb").replace("{n}", &mb)
    } else {
        let kb = ((b / KB).ceil() as i64).max(1);
        i18n.get(lang, "size_kb").replace("{n}", &kb.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_round_up_and_switch_to_megabytes() {
        let mut i18n = crate::i18n::I18n::default();
        let mut fi = crate::i18n::Strings::new();
        fi.insert("size_kb".into(), crate::i18n::Entry::Plain("{n} kt".into()));
        fi.insert("size_mb".into(), crate::i18n::Entry::Plain("{n} Mt".into()));
        i18n.langs.insert("fi".into(), fi);
        assert_eq!(file_size(0, "fi", &i18n), "1 kt");
        assert_eq!(file_size(1024, "fi", &i18n), "1 kt");
        assert_eq!(file_size(1025, "fi", &i18n), "2 kt");
        assert_eq!(file_size(4000, "fi", &i18n), "4 kt");
        assert_eq!(file_size(1024 * 1024 + 1, "fi", &i18n), "1,1 Mt");
    }
}
