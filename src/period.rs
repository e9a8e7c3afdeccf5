//! Reporting periods of follow-up results: `YYYY`, `YYYY-H1`/`H2`,
//! `YYYY-Q1`..`Q4` and `YYYY-MM`.
//!
//! Owns parsing a period as written in a results CSV file, its canonical
//! form, its dates and its order in time. It does not know how a period is
//! shown to readers (see `crate::format::format_period`) nor which periods an
//! indicator may use (see `load`).

use std::cmp::Ordering;
use std::fmt;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::diagnostics::Message;

/// The length of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// A calendar year, `2025`.
    Year,
    /// A half year, `2025-H1`.
    Half,
    /// A quarter, `2025-Q3`.
    Quarter,
    /// A month, `2025-03`.
    Month,
}

impl PeriodKind {
    /// How many months a period of this kind lasts.
    pub fn months(self) -> u32 {
        match self {
            PeriodKind::Year => 12,
            PeriodKind::Half => 6,
            PeriodKind::Quarter => 3,
            PeriodKind::Month => 1,
        }
    }

    /// The kind in plain English words for messages ("half years").
    /// The catalog code of [`Self::describe_plural`]'s text.
    pub fn describe_code(self) -> &'static str {
        match self {
            PeriodKind::Year => "period.years",
            PeriodKind::Half => "period.halves",
            PeriodKind::Quarter => "period.quarters",
            PeriodKind::Month => "period.months",
        }
    }

    pub fn describe_plural(self) -> &'static str {
        match self {
            PeriodKind::Year => "years (YYYY)",
            PeriodKind::Half => "half years (YYYY-H1, YYYY-H2)",
            PeriodKind::Quarter => "quarters (YYYY-Q1..YYYY-Q4)",
            PeriodKind::Month => "months (YYYY-MM)",
        }
    }
}

/// One reporting period. Equal periods are the same span of time; the order
/// is by start month, then shorter before longer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    year: i32,
    kind: PeriodKind,
    /// 1-based half, quarter or month; 1 for a year.
    index: u32,
}

impl Period {
    /// A calendar year.
    pub fn year(year: i32) -> Option<Period> {
        Period::new(year, PeriodKind::Year, 1)
    }

    /// A period from its parts; `None` if out of range (index 1..=2 for
    /// halves, 1..=4 for quarters, 1..=12 for months, 1 for years; year
    /// 1000..=9999).
    pub fn new(year: i32, kind: PeriodKind, index: u32) -> Option<Period> {
        let max = 12 / kind.months();
        ((1000..=9999).contains(&year) && (1..=max).contains(&index)).then_some(Period {
            year,
            kind,
            index,
        })
    }

    /// Parses a period as written in a results file (surrounding whitespace
    /// is ignored; `h`/`q` may be lowercase). The error says what is allowed.
    pub fn parse(s: &str) -> Result<Period, Message> {
        let t = s.trim();
        // `why` names the catalog's reason (`period.bad_half`), with
        // the values it needs besides the period itself.
        let bad_with = |why: &'static str, mut args: Vec<(&'static str, String)>| -> Message {
            if t.is_empty() {
                Message::new("period.empty", vec![])
            } else {
                args.push(("value", t.to_string()));
                Message::new(why, args)
            }
        };
        if let Some(meant) = year_last(t) {
            return Err(bad_with("period.year_last", vec![("meant", meant)]));
        }
        if let Some(meant) = month_named(t) {
            return Err(bad_with("period.month_name", vec![("meant", meant)]));
        }
        let (year_part, rest) = match t.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (t, None),
        };
        let all_digits = !year_part.is_empty() && year_part.bytes().all(|b| b.is_ascii_digit());
        if all_digits && year_part.len() != 4 {
            return Err(bad_with("period.bad_year", vec![]));
        }
        if !all_digits {
            // `2025/1`, `2025 H1`: a year, then another separator.
            let four = year_part
                .get(..4)
                .is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()));
            return Err(if four && year_part.len() > 4 {
                bad_with(
                    "period.bad_separator",
                    vec![("year", year_part[..4].to_string())],
                )
            } else {
                bad_with("period.bad", vec![])
            });
        }
        let year: i32 = year_part
            .parse()
            .map_err(|_| bad_with("period.bad", vec![]))?;
        if year < 1000 {
            return Err(bad_with("period.bad_year", vec![]));
        }
        let Some(rest) = rest else {
            return Period::new(year, PeriodKind::Year, 1)
                .ok_or_else(|| bad_with("period.bad", vec![]));
        };
        let digits = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
        let mut chars = rest.chars();
        match chars.next() {
            Some(c @ ('H' | 'h' | 'Q' | 'q')) => {
                let num = chars.as_str();
                let (kind, max, name) = if c.eq_ignore_ascii_case(&'H') {
                    (PeriodKind::Half, 2, "period.bad_half")
                } else {
                    (PeriodKind::Quarter, 4, "period.bad_quarter")
                };
                if num.len() != 1 || !digits(num) {
                    return Err(bad_with(name, vec![]));
                }
                let index: u32 = num.parse().map_err(|_| bad_with("period.bad", vec![]))?;
                if index == 0 || index > max {
                    return Err(bad_with(name, vec![]));
                }
                Period::new(year, kind, index).ok_or_else(|| bad_with("period.bad", vec![]))
            }
            _ if digits(rest) && rest.len() == 2 => {
                let month: u32 = rest.parse().map_err(|_| bad_with("period.bad", vec![]))?;
                Period::new(year, PeriodKind::Month, month)
                    .ok_or_else(|| bad_with("period.bad_month", vec![]))
            }
            _ if digits(rest) && rest.len() == 1 => Err(bad_with(
                "period.bad_month_digits",
                vec![("year", year.to_string()), ("month", rest.to_string())],
            )),
            _ => Err(bad_with("period.bad", vec![])),
        }
    }

    /// The calendar year.
    pub fn year_number(&self) -> i32 {
        self.year
    }

    /// The period's length.
    pub fn kind(&self) -> PeriodKind {
        self.kind
    }

    /// The half (1–2), quarter (1–4) or month (1–12); 1 for a year.
    pub fn index(&self) -> u32 {
        self.index
    }

    /// The first month, 1..=12.
    pub fn start_month(&self) -> u32 {
        (self.index - 1) * self.kind.months() + 1
    }

    /// The last month, 1..=12.
    pub fn end_month(&self) -> u32 {
        self.start_month() + self.kind.months() - 1
    }

    /// The first day of the period.
    pub fn start_date(&self) -> NaiveDate {
        // Year and month are validated on construction, so this always exists.
        NaiveDate::from_ymd_opt(self.year, self.start_month(), 1).unwrap_or_default()
    }

    /// The last day of the period (inclusive).
    pub fn end_date(&self) -> NaiveDate {
        let (y, m) = if self.end_month() == 12 {
            (self.year + 1, 1)
        } else {
            (self.year, self.end_month() + 1)
        };
        NaiveDate::from_ymd_opt(y, m, 1)
            .and_then(|d| d.pred_opt())
            .unwrap_or_default()
    }

    fn sort_key(&self) -> (i32, u32, u32) {
        (self.year, self.start_month(), self.kind.months())
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Period {
    /// The canonical form: `2025`, `2025-H1`, `2025-Q3`, `2025-03`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            PeriodKind::Year => write!(f, "{}", self.year),
            PeriodKind::Half => write!(f, "{}-H{}", self.year, self.index),
            PeriodKind::Quarter => write!(f, "{}-Q{}", self.year, self.index),
            PeriodKind::Month => write!(f, "{}-{:02}", self.year, self.index),
        }
    }
}

impl std::str::FromStr for Period {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Period::parse(s).map_err(|m| m.to_string())
    }
}

impl Serialize for Period {
    /// As its canonical form.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A period written with its year last, as Finnish and Swedish tables
/// often do (`1/2025`, `03.2025`, `Q1/2025`, `H2 2025`), as it is written
/// in a results file (`2025-01`, `2025-03`, `2025-Q1`, `2025-H2`); `None`
/// for anything else.
fn year_last(t: &str) -> Option<String> {
    let at = t.len().checked_sub(4)?;
    let (front, year) = (t.get(..at)?, t.get(at..)?);
    if !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let front = front.strip_suffix(['/', '.', '-', ' '])?.trim();
    let digits = |d: &str| !d.is_empty() && d.len() <= 2 && d.bytes().all(|b| b.is_ascii_digit());
    let mut chars = front.chars();
    let (kind, index) = match chars.next()? {
        c @ ('H' | 'h' | 'Q' | 'q') if digits(chars.as_str()) => {
            let kind = if c.eq_ignore_ascii_case(&'H') {
                PeriodKind::Half
            } else {
                PeriodKind::Quarter
            };
            (kind, chars.as_str().parse().ok()?)
        }
        _ if digits(front) => (PeriodKind::Month, front.parse().ok()?),
        _ => return None,
    };
    let period = Period::new(year.parse().ok()?, kind, index)?;
    Some(period.to_string())
}

/// A month written with its name and a year, in Finnish, Swedish or
/// English, either way round (`kesäkuu 2025`, `tammikuussa 2025`,
/// `juni 2025`, `Mar. 2025`, `2025 June`), as a results file writes it
/// (`2025-06`); `None` for anything else.
fn month_named(t: &str) -> Option<String> {
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || matches!(c, '/' | '-' | ',' | '.'))
        .filter(|w| !w.is_empty())
        .collect();
    let [a, b] = words[..] else {
        return None;
    };
    let is_year = |w: &str| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit());
    let (name, year) = match (is_year(a), is_year(b)) {
        (false, true) => (a, b),
        (true, false) => (b, a),
        _ => return None,
    };
    let month = month_number(&name.to_lowercase())?;
    let period = Period::new(year.parse().ok()?, PeriodKind::Month, month)?;
    Some(period.to_string())
}

/// The number of the month `name` (lowercase) names: a Finnish name in any
/// form (`kesäkuu`, `kesäkuussa`), a Swedish or English name, or their
/// first three letters (`jan`, `okt`, `oct`).
fn month_number(name: &str) -> Option<u32> {
    const FINNISH: [&str; 12] = [
        "tammi", "helmi", "maalis", "huhti", "touko", "kesä", "heinä", "elo", "syys", "loka",
        "marras", "joulu",
    ];
    const SWEDISH: [&str; 12] = [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ];
    const ENGLISH: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let finnish = FINNISH.iter().position(|stem| {
        name.strip_prefix(stem)
            .is_some_and(|rest| rest.starts_with("kuu"))
    });
    let named = |names: &[&str; 12]| {
        names
            .iter()
            .position(|full| *full == name || name.chars().count() == 3 && full.starts_with(name))
    };
    let index = finnish
        .or_else(|| named(&SWEDISH))
        .or_else(|| named(&ENGLISH))?;
    u32::try_from(index + 1).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    #[test]
    fn parses_every_form_and_prints_it_back() {
        for s in [
            "2025", "2025-H1", "2025-H2", "2025-Q1", "2025-Q4", "2025-01", "2025-12",
        ] {
            assert_eq!(p(s).to_string(), s);
        }
        assert_eq!(p(" 2025-h2 ").to_string(), "2025-H2");
        assert_eq!(p("2025-q3").kind(), PeriodKind::Quarter);
        assert_eq!(p("2025").kind(), PeriodKind::Year);
        assert_eq!(p("2025-07").kind(), PeriodKind::Month);
        assert_eq!(p("2025-H2").kind(), PeriodKind::Half);
    }

    #[test]
    fn a_period_written_year_last_is_told_as_a_results_file_writes_it() {
        for (written, meant) in [
            ("1/2025", "2025-01"),
            ("01/2025", "2025-01"),
            ("12.2025", "2025-12"),
            ("3-2025", "2025-03"),
            ("Q1/2025", "2025-Q1"),
            ("q4 2025", "2025-Q4"),
            ("H2/2025", "2025-H2"),
            ("H1-2025", "2025-H1"),
        ] {
            let e = Period::parse(written).unwrap_err().to_string();
            assert!(
                e.contains(&format!("the year comes first: {meant})")),
                "{written}: {e}"
            );
        }
        // Not a period with its year last: the general message.
        for written in ["13/2025", "Q5/2025", "H3/2025", "1/25", "2025/1", "x/2025"] {
            let e = Period::parse(written).unwrap_err().to_string();
            assert!(!e.contains("comes first"), "{written}: {e}");
        }
    }

    #[test]
    fn a_month_written_with_its_name_is_told_as_a_results_file_writes_it() {
        for (written, meant) in [
            ("kesäkuu 2026", "2026-06"),
            ("Tammikuussa 2025", "2025-01"),
            ("marraskuu/2025", "2025-11"),
            ("juni 2026", "2026-06"),
            ("Okt 2025", "2025-10"),
            ("March 2025", "2025-03"),
            ("Dec. 2025", "2025-12"),
            ("2025 maj", "2025-05"),
        ] {
            let e = Period::parse(written).unwrap_err().to_string();
            assert!(
                e.contains(&format!("a month is written with its number: {meant})")),
                "{written}: {e}"
            );
        }
        // Not a month's name: the general message.
        for written in [
            "kesä 2026",
            "ma 2025",
            "jun 2025 x",
            "juni 25",
            "kevät 2026",
        ] {
            let e = Period::parse(written).unwrap_err().to_string();
            assert!(!e.contains("its number"), "{written}: {e}");
        }
    }

    #[test]
    fn rejects_bad_forms_saying_what_is_allowed() {
        for s in [
            "2025-H3", "2025-H0", "2025-Q5", "2025-13", "2025-00", "25", "2025-", "2025-1",
            "2025-001", "H1-2025", "2025/H1", "", "abcd", "2025-H", "2025-H12", "0999",
        ] {
            let e = Period::parse(s).unwrap_err().to_string();
            assert!(e.contains("YYYY-H1 or YYYY-H2"), "{s}: {e}");
        }
        assert!(
            Period::parse("2025-H3")
                .unwrap_err()
                .to_string()
                .contains("H1 and H2")
        );
        assert!(
            Period::parse("2025-Q5")
                .unwrap_err()
                .to_string()
                .contains("Q1 to Q4")
        );
        assert!(
            Period::parse("2025-13")
                .unwrap_err()
                .to_string()
                .contains("01 to 12")
        );
        assert!(
            Period::parse("2025-3")
                .unwrap_err()
                .to_string()
                .contains("2025-03")
        );
    }

    #[test]
    fn a_year_with_another_separator_is_not_said_to_lack_digits() {
        for bad in ["2025/1", "2025 H1", "2025.03"] {
            let e = Period::parse(bad).unwrap_err().to_string();
            assert!(
                !e.contains("four digits") && e.contains("separate its parts with `-`"),
                "{e}"
            );
        }
        assert!(
            Period::parse("25")
                .unwrap_err()
                .to_string()
                .contains("four digits")
        );
    }

    #[test]
    fn orders_in_time_then_by_length() {
        let mut v = [
            p("2025"),
            p("2024-H2"),
            p("2025-Q2"),
            p("2025-01"),
            p("2025-H1"),
            p("2025-Q1"),
            p("2024-12"),
            p("2025-H2"),
        ];
        v.sort();
        let s: Vec<String> = v.iter().map(ToString::to_string).collect();
        assert_eq!(
            s,
            [
                "2024-H2", "2024-12", "2025-01", "2025-Q1", "2025-H1", "2025", "2025-Q2", "2025-H2"
            ]
        );
        assert!(p("2024-H2") < p("2025-H1"));
        assert!(p("2025-09") < p("2025-10"));
    }

    #[test]
    fn dates_span_the_period() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(p("2025-H2").start_date(), d(2025, 7, 1));
        assert_eq!(p("2025-H2").end_date(), d(2025, 12, 31));
        assert_eq!(p("2024-02").end_date(), d(2024, 2, 29));
        assert_eq!(p("2025-Q2").start_date(), d(2025, 4, 1));
        assert_eq!(p("2025-Q2").end_date(), d(2025, 6, 30));
        assert_eq!(p("2025").end_date(), d(2025, 12, 31));
    }

    #[test]
    fn serializes_as_canonical_text() {
        assert_eq!(serde_json::to_string(&p("2025-q1")).unwrap(), "\"2025-Q1\"");
    }
}
