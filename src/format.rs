//! Numbers, periods and dates as a reader of each language expects them.
//!
//! Owns the per-language conventions for `fi`, `sv` and `en` (any other code
//! uses the English ones):
//!
//! | | fi | sv | en |
//! |---|---|---|---|
//! | number | `1 234,5` (NBSP, U+00A0) | `1 234,5` | `1,234.5` |
//! | negative | `−3` (U+2212) | `−3` | `-3` |
//! | with unit | `6,5 vrk`, `95 %` (NBSP) | `6,5 dygn`, `95 %` | `6.5 days`, `95%` |
//! | year | `2025` | `2025` | `2025` |
//! | half year | `1. vuosipuolisko 2025` | `första halvåret 2025` | `H1 2025` |
//! | quarter | `1. neljännes 2025` | `första kvartalet 2025` | `Q1 2025` |
//! | month | `tammikuu 2025` | `januari 2025` | `January 2025` |
//! | date | `16.12.2024` | `16.12.2024` | `16 December 2024` |
//!
//! Short period labels for chart axes ([`format_period_short`]) keep the year
//! visible and fit in about seven characters: fi and sv `2025`, `2025 H1`,
//! `2025 Q1`, `1/2025` (month/year, the way Finnish and Finland-Swedish
//! write months); en `2025`, `H1 2025`, `Q1 2025`, `Jan 2025`. They are only
//! for axes: every chart also has a text alternative with the long forms.
//!
//! Numbers are rounded half away from zero on their shortest decimal form,
//! so `2.675` written in a results file shows as `2.68` with two decimals,
//! as the writer would expect. [`parse_number`] reads numbers as results
//! files write them. This module does not know the theme's interface
//! strings (labels such as "Target"), only these conventions.

use chrono::{Datelike, NaiveDate};

use crate::period::{Period, PeriodKind};

/// The conventions a language code uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    Fi,
    Sv,
    En,
}

fn lang_of(code: &str) -> Lang {
    let primary = code.split(['-', '_']).next().unwrap_or("");
    if primary.eq_ignore_ascii_case("fi") {
        Lang::Fi
    } else if primary.eq_ignore_ascii_case("sv") {
        Lang::Sv
    } else {
        Lang::En
    }
}

/// NO-BREAK SPACE, the thousands separator and the space before a unit in
/// Finnish and Swedish.
pub const NBSP: char = '\u{a0}';
/// MINUS SIGN, used for negative numbers in Finnish and Swedish.
pub const MINUS: char = '\u{2212}';

/// At most this many decimals are shown, whatever an indicator asks for.
const MAX_DECIMALS: u32 = 12;

/// Rounds `v` half away from zero to `decimals` places, on its shortest
/// decimal representation. Returns (negative, integer digits, fraction digits).
fn round_decimal(v: f64, decimals: u32) -> (bool, String, String) {
    let decimals = decimals.min(MAX_DECIMALS) as usize;
    // Rust prints the shortest representation that reads back to the same
    // value, never in exponent form.
    let repr = format!("{}", v.abs());
    let (int, frac) = repr.split_once('.').unwrap_or((&repr, ""));
    let mut digits: Vec<u8> = int.bytes().chain(frac.bytes()).map(|b| b - b'0').collect();
    let int_len = int.len();
    let keep = int_len + decimals;
    let round_up = digits.get(keep).is_some_and(|&d| d >= 5);
    digits.resize(keep, 0);
    let mut int_len = int_len;
    if round_up {
        let mut i = keep;
        loop {
            if i == 0 {
                digits.insert(0, 1);
                int_len += 1;
                break;
            }
            i -= 1;
            if digits[i] == 9 {
                digits[i] = 0;
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let to_string = |ds: &[u8]| ds.iter().map(|d| char::from(b'0' + d)).collect::<String>();
    let int_s = to_string(&digits[..int_len]);
    let frac_s = to_string(&digits[int_len..]);
    let negative = v.is_sign_negative() && digits.iter().any(|&d| d != 0);
    (negative, int_s, frac_s)
}

/// `v` rounded to `decimals` places exactly as [`format_number`] shows it.
pub fn rounded(v: f64, decimals: u32) -> f64 {
    let (negative, int, frac) = round_decimal(v, decimals);
    let text = format!("{}{int}.{frac}0", if negative { "-" } else { "" });
    text.parse().unwrap_or(v)
}

fn group_thousands(int: &str, sep: &str) -> String {
    if int.len() < 4 {
        return int.to_string();
    }
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// `v` with `decimals` decimals in `lang`'s conventions: fi/sv `1 234,5`
/// (NBSP between groups) and `−3` (U+2212), en `1,234.5` and `-3`.
/// Integers of four or more digits are grouped by thousands.
pub fn format_number(v: f64, decimals: u32, lang: &str) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let l = lang_of(lang);
    let (negative, int, frac) = round_decimal(v, decimals);
    let (group, point, minus) = match l {
        Lang::Fi | Lang::Sv => ("\u{a0}", ',', MINUS),
        Lang::En => (",", '.', '-'),
    };
    let mut out = String::new();
    if negative {
        out.push(minus);
    }
    out.push_str(&group_thousands(&int, group));
    if !frac.is_empty() {
        out.push(point);
        out.push_str(&frac);
    }
    out
}

/// A number with its unit: fi/sv `6,5 vrk`, `95 %` (NBSP before the unit),
/// en `6.5 days`, `95%`. An empty unit gives the number alone.
pub fn format_quantity(v: f64, decimals: u32, unit: &str, lang: &str) -> String {
    let n = format_number(v, decimals, lang);
    let unit = unit.trim();
    if unit.is_empty() {
        n
    } else if unit == "%" && lang_of(lang) == Lang::En {
        format!("{n}%")
    } else {
        format!("{n}{NBSP}{unit}")
    }
}

/// Reads a number as written in a results file: surrounding whitespace
/// trimmed; spaces, NBSP (U+00A0), narrow NBSP (U+202F) and thin spaces
/// inside are thousands separators; one `.` or `,` is the decimal separator;
/// a leading `-`, `−` (U+2212) or `+` is a sign. Where both `.` and `,`
/// appear (`1,234.5`, `1.234,5`), the last one is the decimal separator and
/// the other must separate groups of three digits. No exponents, no
/// infinities. `None` if it is not such a number.
///
/// It reads back everything [`format_number`] writes in fi and sv, and in en
/// whenever the number has decimals or fewer than four integer digits (an
/// English `1,234` alone is read, as the content format says, as a decimal
/// comma: 1.234).
pub fn parse_number(s: &str) -> Option<f64> {
    let t = s.trim();
    let mut body = String::with_capacity(t.len());
    let mut sign = "";
    for (i, c) in t.chars().enumerate() {
        match c {
            '-' | MINUS if i == 0 => sign = "-",
            '+' if i == 0 => {}
            ' ' | NBSP | '\u{202f}' | '\u{2009}' => {}
            '0'..='9' | '.' | ',' => body.push(c),
            _ => return None,
        }
    }
    let dots = body.matches('.').count();
    let commas = body.matches(',').count();
    let (int, frac) = match (dots, commas) {
        (0, 0) => (body.as_str(), ""),
        (1, 0) => body.split_once('.')?,
        (0, 1) => body.split_once(',')?,
        _ => {
            let (dec, group) = match (body.rfind('.'), body.rfind(',')) {
                (Some(d), Some(c)) if d > c => ('.', ','),
                (Some(_), Some(_)) => (',', '.'),
                _ => return None,
            };
            let (int, frac) = body.rsplit_once(dec)?;
            if int.contains(dec) {
                return None;
            }
            let mut groups = int.split(group);
            let first = groups.next()?;
            if first.is_empty() || first.len() > 3 || groups.clone().any(|g| g.len() != 3) {
                return None;
            }
            // Validated above; the groups joined are the integer digits.
            return finish(sign, &int.replace(group, ""), frac);
        }
    };
    finish(sign, int, frac)
}

fn finish(sign: &str, int: &str, frac: &str) -> Option<f64> {
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    let int = if int.is_empty() { "0" } else { int };
    let text = if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    };
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

const FI_MONTHS: [&str; 12] = [
    "tammikuu",
    "helmikuu",
    "maaliskuu",
    "huhtikuu",
    "toukokuu",
    "kesäkuu",
    "heinäkuu",
    "elokuu",
    "syyskuu",
    "lokakuu",
    "marraskuu",
    "joulukuu",
];
const SV_MONTHS: [&str; 12] = [
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
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const SV_ORDINALS: [&str; 4] = ["första", "andra", "tredje", "fjärde"];

fn month_name(lang: Lang, month: u32) -> &'static str {
    let names = match lang {
        Lang::Fi => &FI_MONTHS,
        Lang::Sv => &SV_MONTHS,
        Lang::En => &EN_MONTHS,
    };
    names
        .get(month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("")
}

/// A period in words: fi `1. vuosipuolisko 2025`, `1. neljännes 2025`,
/// `tammikuu 2025`; sv `första halvåret 2025`, `första kvartalet 2025`,
/// `januari 2025`; en `H1 2025`, `Q1 2025`, `January 2025`; a year alone in
/// every language.
pub fn format_period(p: &Period, lang: &str) -> String {
    let (y, i) = (p.year_number(), p.index());
    let ordinal_sv = SV_ORDINALS
        .get(i.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("");
    match (p.kind(), lang_of(lang)) {
        (PeriodKind::Year, _) => y.to_string(),
        (PeriodKind::Half, Lang::Fi) => format!("{i}. vuosipuolisko {y}"),
        (PeriodKind::Half, Lang::Sv) => format!("{ordinal_sv} halvåret {y}"),
        (PeriodKind::Half, Lang::En) => format!("H{i} {y}"),
        (PeriodKind::Quarter, Lang::Fi) => format!("{i}. neljännes {y}"),
        (PeriodKind::Quarter, Lang::Sv) => format!("{ordinal_sv} kvartalet {y}"),
        (PeriodKind::Quarter, Lang::En) => format!("Q{i} {y}"),
        (PeriodKind::Month, l) => format!("{} {y}", month_name(l, i)),
    }
}

/// A short period label for chart axes: fi/sv `2025`, `2025 H1`, `2025 Q1`,
/// `1/2025`; en `2025`, `H1 2025`, `Q1 2025`, `Jan 2025`.
pub fn format_period_short(p: &Period, lang: &str) -> String {
    let (y, i) = (p.year_number(), p.index());
    match (p.kind(), lang_of(lang)) {
        (PeriodKind::Year, _) => y.to_string(),
        (PeriodKind::Half, Lang::En) => format!("H{i} {y}"),
        (PeriodKind::Half, _) => format!("{y} H{i}"),
        (PeriodKind::Quarter, Lang::En) => format!("Q{i} {y}"),
        (PeriodKind::Quarter, _) => format!("{y} Q{i}"),
        (PeriodKind::Month, Lang::En) => {
            let name: String = month_name(Lang::En, i).chars().take(3).collect();
            format!("{name} {y}")
        }
        (PeriodKind::Month, _) => format!("{i}/{y}"),
    }
}

/// A date: fi/sv `16.12.2024` (no leading zeros), en `16 December 2024`.
pub fn format_date(d: NaiveDate, lang: &str) -> String {
    match lang_of(lang) {
        Lang::Fi | Lang::Sv => format!("{}.{}.{}", d.day(), d.month(), d.year()),
        Lang::En => format!(
            "{} {} {}",
            d.day(),
            month_name(Lang::En, d.month()),
            d.year()
        ),
    }
}

/// The Open Graph locale of a language code: its region when it has one
/// (`sv-FI` → `sv_FI`), British English for `en`, and Finland for every
/// other language, as a Finnish county's site uses them (`sv` → `sv_FI`,
/// `se` → `se_FI`).
pub fn og_locale(lang: &str) -> String {
    match lang.split_once('-') {
        Some((l, region)) if region.len() == 2 => format!("{l}_{}", region.to_uppercase()),
        Some((l, _)) => format!("{l}_FI"),
        None if lang == "en" => "en_GB".to_string(),
        None => format!("{lang}_FI"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_graph_locales() {
        assert_eq!(og_locale("fi"), "fi_FI");
        assert_eq!(og_locale("sv"), "sv_FI");
        assert_eq!(og_locale("en"), "en_GB");
        assert_eq!(og_locale("se"), "se_FI");
        assert_eq!(og_locale("en-us"), "en_US");
    }

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    #[test]
    fn numbers_per_language() {
        assert_eq!(format_number(6.5, 1, "fi"), "6,5");
        assert_eq!(format_number(6.5, 1, "en"), "6.5");
        assert_eq!(format_number(1234.0, 0, "fi"), "1\u{a0}234");
        assert_eq!(format_number(1234.0, 0, "sv"), "1\u{a0}234");
        assert_eq!(format_number(1234.0, 0, "en"), "1,234");
        assert_eq!(format_number(123.0, 0, "fi"), "123");
        assert_eq!(
            format_number(1234567.891, 2, "fi"),
            "1\u{a0}234\u{a0}567,89"
        );
        assert_eq!(format_number(1234567.891, 2, "en"), "1,234,567.89");
        assert_eq!(format_number(-3.0, 0, "fi"), "\u{2212}3");
        assert_eq!(format_number(-3.0, 0, "en"), "-3");
        assert_eq!(format_number(-1234.5, 1, "de"), "-1,234.5");
        assert_eq!(format_number(7.0, 2, "fi"), "7,00");
        assert_eq!(format_number(0.0, 0, "fi"), "0");
    }

    #[test]
    fn rounds_half_away_from_zero_as_written() {
        assert_eq!(format_number(6.5, 0, "en"), "7");
        assert_eq!(format_number(2.5, 0, "en"), "3");
        assert_eq!(format_number(-2.5, 0, "en"), "-3");
        assert_eq!(format_number(2.675, 2, "en"), "2.68");
        assert_eq!(format_number(1.005, 2, "en"), "1.01");
        assert_eq!(format_number(9.99, 1, "en"), "10.0");
        assert_eq!(format_number(999.96, 1, "fi"), "1\u{a0}000,0");
        assert_eq!(format_number(0.30000000000000004, 1, "en"), "0.3");
        assert_eq!(format_number(-0.04, 1, "fi"), "0,0");
        assert_eq!(
            format_number(1e21, 0, "en"),
            "1,000,000,000,000,000,000,000"
        );
        assert_eq!(format_number(1e-7, 2, "en"), "0.00");
    }

    #[test]
    fn quantities_with_units() {
        assert_eq!(format_quantity(6.5, 1, "vrk", "fi"), "6,5\u{a0}vrk");
        assert_eq!(format_quantity(95.0, 0, "%", "fi"), "95\u{a0}%");
        assert_eq!(format_quantity(95.0, 0, "%", "en"), "95%");
        assert_eq!(format_quantity(6.5, 1, "days", "en"), "6.5\u{a0}days");
        assert_eq!(format_quantity(50.0, 0, "", "en"), "50");
    }

    #[test]
    fn parses_numbers_as_results_files_write_them() {
        let ok = [
            ("6.5", 6.5),
            ("6,5", 6.5),
            (" 6,5 ", 6.5),
            ("1 234", 1234.0),
            ("1\u{a0}234,5", 1234.5),
            ("1\u{202f}234", 1234.0),
            ("-3", -3.0),
            ("\u{2212}3", -3.0),
            ("+4", 4.0),
            (",5", 0.5),
            ("5.", 5.0),
            ("1,234.5", 1234.5),
            ("1.234,5", 1234.5),
            ("12,345,678.9", 12345678.9),
            ("1,234", 1.234),
            ("0", 0.0),
        ];
        for (s, v) in ok {
            assert_eq!(parse_number(s), Some(v), "{s}");
        }
        for s in [
            "",
            " ",
            "n/a",
            "6,5,1",
            "6.5.1",
            "1e3",
            "inf",
            "NaN",
            "95 %",
            "7 vrk",
            "--1",
            "1-",
            ".",
            ",",
            "1,23.4",
            "1234,567.8",
            "-",
            "1.234,5.6",
        ] {
            assert_eq!(parse_number(s), None, "{s:?}");
        }
    }

    #[test]
    fn parse_reads_back_what_format_writes() {
        // A deterministic spread of values, signs, magnitudes and decimals.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..5000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let mag = 10f64.powi((x % 9) as i32 - 2);
            let v = ((x >> 11) as f64 / (1u64 << 53) as f64 - 0.3) * mag * 10.0;
            let decimals = ((x >> 3) % 4) as u32;
            let expected: f64 = {
                let (neg, int, frac) = round_decimal(v, decimals);
                let s = format!("{}{int}.{frac}0", if neg { "-" } else { "" });
                s.parse().unwrap()
            };
            for lang in ["fi", "sv", "en"] {
                let shown = format_number(v, decimals, lang);
                if lang == "en" && decimals == 0 && shown.contains(',') {
                    continue; // "1,234" alone is a decimal comma in results files
                }
                assert_eq!(
                    parse_number(&shown),
                    Some(expected),
                    "{v} {decimals} {lang} {shown}"
                );
            }
        }
    }

    #[test]
    fn periods_in_words() {
        assert_eq!(format_period(&p("2025"), "fi"), "2025");
        assert_eq!(format_period(&p("2025-H1"), "fi"), "1. vuosipuolisko 2025");
        assert_eq!(format_period(&p("2025-H2"), "fi"), "2. vuosipuolisko 2025");
        assert_eq!(format_period(&p("2025-Q3"), "fi"), "3. neljännes 2025");
        assert_eq!(format_period(&p("2025-01"), "fi"), "tammikuu 2025");
        assert_eq!(format_period(&p("2025-07"), "fi"), "heinäkuu 2025");
        assert_eq!(format_period(&p("2025-H1"), "sv"), "första halvåret 2025");
        assert_eq!(format_period(&p("2025-H2"), "sv"), "andra halvåret 2025");
        assert_eq!(format_period(&p("2025-Q4"), "sv"), "fjärde kvartalet 2025");
        assert_eq!(format_period(&p("2025-01"), "sv"), "januari 2025");
        assert_eq!(format_period(&p("2025-H2"), "en"), "H2 2025");
        assert_eq!(format_period(&p("2025-Q1"), "en"), "Q1 2025");
        assert_eq!(format_period(&p("2025-12"), "en"), "December 2025");
        assert_eq!(format_period(&p("2025-12"), "se"), "December 2025");
    }

    #[test]
    fn short_periods_for_axes() {
        assert_eq!(format_period_short(&p("2025"), "fi"), "2025");
        assert_eq!(format_period_short(&p("2025-H1"), "fi"), "2025 H1");
        assert_eq!(format_period_short(&p("2025-Q2"), "sv"), "2025 Q2");
        assert_eq!(format_period_short(&p("2025-03"), "fi"), "3/2025");
        assert_eq!(format_period_short(&p("2025-H1"), "en"), "H1 2025");
        assert_eq!(format_period_short(&p("2025-09"), "en"), "Sep 2025");
    }

    #[test]
    fn dates() {
        let d = NaiveDate::from_ymd_opt(2024, 12, 16).unwrap();
        assert_eq!(format_date(d, "fi"), "16.12.2024");
        assert_eq!(format_date(d, "sv"), "16.12.2024");
        assert_eq!(format_date(d, "en"), "16 December 2024");
        let d = NaiveDate::from_ymd_opt(2025, 1, 6).unwrap();
        assert_eq!(format_date(d, "fi"), "6.1.2025");
    }
}
