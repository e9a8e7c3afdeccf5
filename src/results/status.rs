//! Whether a promise is kept: indicator and commitment statuses and trends.
//!
//! Owns the rules of the content format's "Status" section: an indicator's
//! status from its latest period with a value, its trend against the previous
//! period with a value, both on the values as written (not as rounded for
//! display); a commitment's status from its indicators' statuses; and counts
//! of statuses for an area or the whole promise. It does not load results
//! (see `load`) nor show statuses in words (the theme's strings do).

use serde::Serialize;

use super::load::ValuePoint;
use crate::indicators::{Direction, Indicator};
use crate::period::Period;

/// An indicator's status, from its latest value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorStatus {
    /// The latest value meets the target.
    Met,
    /// The latest value does not meet the target.
    NotMet,
    /// No value in any period.
    NoData,
}

impl IndicatorStatus {
    /// `met`, `not_met` or `no_data`, as in the open data and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            IndicatorStatus::Met => "met",
            IndicatorStatus::NotMet => "not_met",
            IndicatorStatus::NoData => "no_data",
        }
    }
}

/// How the latest value compares with the previous one, in the indicator's
/// direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    /// Better than the previous value.
    Improving,
    /// Worse than the previous value.
    Worsening,
    /// Equal to the previous value.
    Unchanged,
    /// No previous value to compare with.
    None,
}

impl Trend {
    /// `improving`, `worsening`, `unchanged` or `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            Trend::Improving => "improving",
            Trend::Worsening => "worsening",
            Trend::Unchanged => "unchanged",
            Trend::None => "none",
        }
    }

    /// The trend from `previous` to `latest` in `direction`.
    pub fn between(previous: f64, latest: f64, direction: Direction) -> Trend {
        if latest == previous {
            Trend::Unchanged
        } else if (latest < previous) == (direction == Direction::Lower) {
            Trend::Improving
        } else {
            Trend::Worsening
        }
    }
}

/// A commitment's status, from its indicators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentStatus {
    /// Every indicator with data is met.
    Met,
    /// Some indicators with data are met, some not.
    PartlyMet,
    /// No indicator with data is met.
    NotMet,
    /// No indicator has data, or the commitment has no indicators.
    NoData,
}

impl CommitmentStatus {
    /// `met`, `partly_met`, `not_met` or `no_data`.
    pub fn as_str(self) -> &'static str {
        match self {
            CommitmentStatus::Met => "met",
            CommitmentStatus::PartlyMet => "partly_met",
            CommitmentStatus::NotMet => "not_met",
            CommitmentStatus::NoData => "no_data",
        }
    }

    /// The status of a commitment followed up by indicators of these statuses.
    pub fn of(statuses: impl IntoIterator<Item = IndicatorStatus>) -> CommitmentStatus {
        let (mut met, mut not_met) = (0usize, 0usize);
        for s in statuses {
            match s {
                IndicatorStatus::Met => met += 1,
                IndicatorStatus::NotMet => not_met += 1,
                IndicatorStatus::NoData => {}
            }
        }
        match (met, not_met) {
            (0, 0) => CommitmentStatus::NoData,
            (_, 0) => CommitmentStatus::Met,
            (0, _) => CommitmentStatus::NotMet,
            _ => CommitmentStatus::PartlyMet,
        }
    }
}

/// An indicator's standing, computed from its series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorSummary {
    /// The indicator's id.
    pub id: String,
    /// The latest period with a value, and the value.
    pub latest: Option<(Period, f64)>,
    /// The period with a value before `latest`, and the value.
    pub previous: Option<(Period, f64)>,
    /// Met, not met or no data.
    pub status: IndicatorStatus,
    /// Against the previous value.
    pub trend: Trend,
}

/// Summarises an indicator's series (sorted by period, as
/// [`super::load::ResultSet::series`] gives it). Periods without a value are
/// skipped.
pub fn summarize(indicator: &Indicator, series: &[ValuePoint]) -> IndicatorSummary {
    summarize_values(
        &indicator.id,
        indicator.direction,
        indicator.target,
        series.iter().filter_map(|p| p.value.map(|v| (p.period, v))),
    )
}

/// [`summarize`] on plain (period, value) pairs, oldest first.
pub fn summarize_values(
    id: &str,
    direction: Direction,
    target: f64,
    values: impl DoubleEndedIterator<Item = (Period, f64)>,
) -> IndicatorSummary {
    let mut newest_first = values.rev();
    let latest = newest_first.next();
    let previous = newest_first.next();
    let status = match latest {
        Some((_, v)) if direction.meets(v, target) => IndicatorStatus::Met,
        Some(_) => IndicatorStatus::NotMet,
        None => IndicatorStatus::NoData,
    };
    let trend = match (previous, latest) {
        (Some((_, p)), Some((_, l))) => Trend::between(p, l, direction),
        _ => Trend::None,
    };
    IndicatorSummary {
        id: id.to_string(),
        latest,
        previous,
        status,
        trend,
    }
}

/// How many commitments (or indicators) have each status, for an area or the
/// whole promise.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Met.
    pub met: usize,
    /// Partly met (commitments only).
    pub partly_met: usize,
    /// Not met.
    pub not_met: usize,
    /// No data.
    pub no_data: usize,
    /// All of them.
    pub total: usize,
}

impl Counts {
    /// Counts one commitment.
    pub fn add(&mut self, s: CommitmentStatus) {
        match s {
            CommitmentStatus::Met => self.met += 1,
            CommitmentStatus::PartlyMet => self.partly_met += 1,
            CommitmentStatus::NotMet => self.not_met += 1,
            CommitmentStatus::NoData => self.no_data += 1,
        }
        self.total += 1;
    }

    /// Adds another count (an area's to the whole promise's).
    pub fn merge(&mut self, other: &Counts) {
        self.met += other.met;
        self.partly_met += other.partly_met;
        self.not_met += other.not_met;
        self.no_data += other.no_data;
        self.total += other.total;
    }
}

impl FromIterator<CommitmentStatus> for Counts {
    fn from_iter<I: IntoIterator<Item = CommitmentStatus>>(iter: I) -> Self {
        let mut c = Counts::default();
        for s in iter {
            c.add(s);
        }
        c
    }
}

impl<'a> FromIterator<&'a Counts> for Counts {
    fn from_iter<I: IntoIterator<Item = &'a Counts>>(iter: I) -> Self {
        let mut c = Counts::default();
        for o in iter {
            c.merge(o);
        }
        c
    }
}

/// The decimals a value must be shown with so that it does not read as
/// meeting a target it misses, or missing one it meets: the indicator's
/// `decimals`, or more (up to six) when rounding would cross the target
/// (`94.6` with `decimals: 0` and a target of at least 95 shows as `94,6`,
/// not `95`). Pages, tables, charts and their texts all call this.
pub fn decimals_to_tell(value: f64, target: f64, direction: Direction, decimals: u32) -> u32 {
    let met = direction.meets(value, target);
    (decimals..=decimals.max(6))
        .find(|&d| direction.meets(crate::format::rounded(value, d), target) == met)
        .unwrap_or(decimals.max(6))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Text;

    fn ind(direction: Direction, target: f64) -> Indicator {
        Indicator {
            id: "x".into(),
            name: Text::Plain("X".into()),
            unit: None,
            direction,
            target,
            decimals: 0,
            description: None,
            source: None,
            kind: Default::default(),
            sotkanet: None,
            line: 1,
            decimals_at: None,
        }
    }

    fn series(vals: &[(&str, Option<f64>)]) -> Vec<ValuePoint> {
        vals.iter()
            .map(|(p, v)| ValuePoint {
                period: Period::parse(p).unwrap(),
                value: *v,
                note: None,
                source: ("content/results/a.csv".into(), 2),
            })
            .collect()
    }

    #[test]
    fn lower_is_better() {
        let s = series(&[
            ("2024-H1", Some(12.0)),
            ("2024-H2", Some(9.0)),
            ("2025-H1", Some(6.5)),
        ]);
        let sum = summarize(&ind(Direction::Lower, 7.0), &s);
        assert_eq!(sum.status, IndicatorStatus::Met);
        assert_eq!(sum.trend, Trend::Improving);
        assert_eq!(sum.latest, Some((Period::parse("2025-H1").unwrap(), 6.5)));
        assert_eq!(sum.previous, Some((Period::parse("2024-H2").unwrap(), 9.0)));

        let s = series(&[("2024", Some(6.0)), ("2025", Some(7.5))]);
        let sum = summarize(&ind(Direction::Lower, 7.0), &s);
        assert_eq!(sum.status, IndicatorStatus::NotMet);
        assert_eq!(sum.trend, Trend::Worsening);
    }

    #[test]
    fn higher_is_better() {
        let s = series(&[("2024", Some(88.0)), ("2025", Some(89.9))]);
        let sum = summarize(&ind(Direction::Higher, 90.0), &s);
        assert_eq!(sum.status, IndicatorStatus::NotMet);
        assert_eq!(sum.trend, Trend::Improving);

        let s = series(&[("2024", Some(95.0)), ("2025", Some(91.0))]);
        let sum = summarize(&ind(Direction::Higher, 90.0), &s);
        assert_eq!(sum.status, IndicatorStatus::Met);
        assert_eq!(sum.trend, Trend::Worsening);
    }

    #[test]
    fn decimals_enough_to_tell_met_from_not_met() {
        // 94.6 rounds to 95, which would read as meeting 95.
        assert_eq!(decimals_to_tell(94.6, 95.0, Direction::Higher, 0), 1);
        assert_eq!(decimals_to_tell(94.96, 95.0, Direction::Higher, 0), 2);
        assert_eq!(decimals_to_tell(94.4, 95.0, Direction::Higher, 0), 0);
        // 7.4 rounds to 7, which would read as meeting "at most 7".
        assert_eq!(decimals_to_tell(7.4, 7.0, Direction::Lower, 0), 1);
        assert_eq!(decimals_to_tell(7.0, 7.0, Direction::Lower, 0), 0);
        assert_eq!(decimals_to_tell(96.0, 95.0, Direction::Higher, 2), 2);
    }

    #[test]
    fn exactly_on_target_is_met_in_both_directions() {
        let s = series(&[("2025", Some(7.0))]);
        assert_eq!(
            summarize(&ind(Direction::Lower, 7.0), &s).status,
            IndicatorStatus::Met
        );
        assert_eq!(
            summarize(&ind(Direction::Higher, 7.0), &s).status,
            IndicatorStatus::Met
        );
    }

    #[test]
    fn empty_values_are_skipped() {
        let s = series(&[
            ("2025-01", Some(10.0)),
            ("2025-02", Some(8.0)),
            ("2025-03", None),
            ("2025-04", Some(9.0)),
            ("2025-05", None),
        ]);
        let sum = summarize(&ind(Direction::Lower, 8.5), &s);
        assert_eq!(sum.latest, Some((Period::parse("2025-04").unwrap(), 9.0)));
        assert_eq!(sum.previous, Some((Period::parse("2025-02").unwrap(), 8.0)));
        assert_eq!(sum.status, IndicatorStatus::NotMet);
        assert_eq!(sum.trend, Trend::Worsening);
    }

    #[test]
    fn equal_values_are_unchanged_even_when_display_rounds() {
        let s = series(&[("2024", Some(90.0)), ("2025", Some(90.0))]);
        assert_eq!(
            summarize(&ind(Direction::Higher, 90.0), &s).trend,
            Trend::Unchanged
        );
        // 90.4 and 90.0 both show as "90" with 0 decimals, but differ.
        let s = series(&[("2024", Some(90.0)), ("2025", Some(90.4))]);
        assert_eq!(
            summarize(&ind(Direction::Higher, 90.0), &s).trend,
            Trend::Improving
        );
        // 6.96 shows as "7" but is under a target of 7 in a higher-is-better indicator.
        let s = series(&[("2025", Some(6.96))]);
        assert_eq!(
            summarize(&ind(Direction::Higher, 7.0), &s).status,
            IndicatorStatus::NotMet
        );
    }

    #[test]
    fn no_data_and_single_value() {
        let s = series(&[("2025", None)]);
        let sum = summarize(&ind(Direction::Lower, 7.0), &s);
        assert_eq!(
            (sum.status, sum.trend),
            (IndicatorStatus::NoData, Trend::None)
        );
        assert_eq!(sum.latest, None);
        let sum = summarize(&ind(Direction::Lower, 7.0), &[]);
        assert_eq!(
            (sum.status, sum.trend),
            (IndicatorStatus::NoData, Trend::None)
        );
        let s = series(&[("2024", None), ("2025", Some(3.0))]);
        let sum = summarize(&ind(Direction::Lower, 7.0), &s);
        assert_eq!((sum.status, sum.trend), (IndicatorStatus::Met, Trend::None));
        assert_eq!(sum.previous, None);
    }

    #[test]
    fn commitment_statuses() {
        use CommitmentStatus as C;
        use IndicatorStatus::*;
        assert_eq!(C::of([Met, Met, NoData]), C::Met);
        assert_eq!(C::of([Met, NotMet, NoData]), C::PartlyMet);
        assert_eq!(C::of([NotMet, NoData]), C::NotMet);
        assert_eq!(C::of([NoData, NoData]), C::NoData);
        assert_eq!(C::of([]), C::NoData);
    }

    #[test]
    fn serializes_snake_case() {
        fn j<T: Serialize>(v: &T) -> String {
            serde_json::to_string(v).unwrap()
        }
        assert_eq!(j(&IndicatorStatus::NotMet), "\"not_met\"");
        assert_eq!(j(&IndicatorStatus::NoData), "\"no_data\"");
        assert_eq!(j(&Trend::None), "\"none\"");
        assert_eq!(j(&Trend::Improving), "\"improving\"");
        assert_eq!(j(&CommitmentStatus::PartlyMet), "\"partly_met\"");
        for s in [
            CommitmentStatus::Met,
            CommitmentStatus::PartlyMet,
            CommitmentStatus::NotMet,
            CommitmentStatus::NoData,
        ] {
            assert_eq!(j(&s), format!("\"{}\"", s.as_str()));
        }
    }

    #[test]
    fn counts() {
        use CommitmentStatus as C;
        let a: Counts = [C::Met, C::PartlyMet, C::NoData].into_iter().collect();
        let mut b = Counts::default();
        b.add(C::NotMet);
        b.add(C::Met);
        let all: Counts = [&a, &b].into_iter().collect();
        assert_eq!(
            all,
            Counts {
                met: 2,
                partly_met: 1,
                not_met: 1,
                no_data: 1,
                total: 5
            }
        );
    }
}
