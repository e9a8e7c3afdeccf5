//! Numbers, periods and dates as a reader of each language expects them.
//!
//! Owns the per-language conventions. They come from the common Unicode
//! locale data (CLDR) through ICU4X (`icu_decimal`, `icu_datetime`), so
//! every CLDR language gets its own; what `fi`, `sv` and `en` show is fixed
//! and tested:
//!
//! | | fi | sv | en | se (CLDR) |
//! |---|---|---|---|---|
//! | number | `1 234,5` (NBSP, U+00A0) | `1 234,5` | `1,234.5` | `1 234,5` |
//! | negative | `−3` (U+2212) | `−3` | `-3` | `−3` |
//! | with unit | `6,5 vrk`, `95 %` (NBSP) | `6,5 dygn`, `95 %` | `6.5 days`, `95%` | `95 %` |
//! | year | `2025` | `2025` | `2025` | `2025` |
//! | half year | `tammi–kesäkuu 2025` | `första halvåret 2025` | `January–June 2025` | `H1 2025` |
//! | quarter | `tammi–maaliskuu 2025` | `första kvartalet 2025` | `January–March 2025` | `Q1 2025` |
//! | month | `tammikuu 2025` | `januari 2025` | `January 2025` | CLDR's year-month |
//! | date | `16.12.2024` | `16.12.2024` | `16 December 2024` | CLDR's long date |
//!
//! ICU4X's compiled data holds the CLDR locales of modern coverage; the
//! Sámi languages (`se`, `smn`, `sms`, `sma`, `smj`) are not among them.
//! CLDR writes their numbers as Finnish and Norwegian do (`1 234,5` with a
//! no-break space, `−3`), so their numbers are formatted with the `fi`
//! data, their dates as `16.12.2024`, and their month names come from the
//! theme (`period_month_1` ... in `i18n/se.yaml`; `1/2025` where a theme
//! has none).
//!
//! Where CLDR's own choice for the bare language code differs from what
//! readers in Finland expect, another variant is asked for: Swedish dates
//! in Finland-Swedish digits (`16.12.2024`, not Sweden's `16 dec. 2024`;
//! CLDR's `sv-FI` would write `06.01.2025`, so the Finnish all-digit
//! pattern is used) and English dates as British (`en-GB`, `16 December
//! 2024`, not `December 16, 2024`). Finnish dates use CLDR's medium length
//! (`16.12.2024`); every other language the long one, with the month's
//! name. Half years and quarters have no names in CLDR; the theme's
//! interface strings word them (`period_half_1`, ..., see `render`), and
//! this module's forms are the fallback for fi, sv and en and `H1 2025`,
//! `Q1 2025` elsewhere. The `%` sign follows the number directly in English
//! and after a no-break space elsewhere (ICU4X's percent formatter is not
//! yet stable).
//!
//! Short period labels for chart axes ([`format_period_short`]) keep the year
//! visible and fit in about eight characters: fi and sv `2025`, `1–6/2025`
//! (a half year), `4–6/2025` (a quarter), `1/2025` (months and year, the
//! way Finnish and Finland-Swedish write them: a code such as `2025 H1`
//! is business shorthand a resident may not read); en `2025`, `Jan–Jun 2025`,
//! `Apr–Jun 2025`, `Jan 2025`. They are only
//! for axes: every chart also has a text alternative with the long forms.
//!
//! Numbers are rounded half away from zero on their shortest decimal form,
//! so `2.675` written in a results file shows as `2.68` with two decimals,
//! as the writer would expect; ICU4X then writes the digits in the
//! language's way. [`parse_number`] reads numbers as results files write
//! them. This module does not know the theme's interface strings (labels
//! such as "Target"), only these conventions.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use chrono::{Datelike, NaiveDate};
use icu_calendar::{Date, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{YM, YMD};
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_locale_core::Locale;

use crate::period::{Period, PeriodKind};

/// Where a language's conventions are fixed here rather than taken as they
/// are from CLDR.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    Fi,
    Sv,
    En,
    /// Any other language: CLDR as it is.
    Other,
}

fn lang_of(code: &str) -> Lang {
    let primary = code.split(['-', '_']).next().unwrap_or("");
    if primary.eq_ignore_ascii_case("fi") {
        Lang::Fi
    } else if primary.eq_ignore_ascii_case("sv") {
        Lang::Sv
    } else if primary.eq_ignore_ascii_case("en") {
        Lang::En
    } else {
        Lang::Other
    }
}

/// Whether `code` is a Sámi language, which ICU4X's compiled data lacks.
fn is_sami(code: &str) -> bool {
    let primary = code.split(['-', '_']).next().unwrap_or("");
    ["se", "smn", "sms", "sma", "smj"]
        .iter()
        .any(|s| primary.eq_ignore_ascii_case(s))
}

/// The CLDR locale of a site language code (`fi`, `se`, `sv-FI`); a code
/// that is not a valid BCP 47 tag gets CLDR's root conventions.
pub fn locale(code: &str) -> Locale {
    Locale::try_from_str(&code.replace('_', "-")).unwrap_or(Locale::UNKNOWN)
}

thread_local! {
    // Formatters are built once per language and thread: loading one reads
    // the compiled CLDR data.
    static DECIMALS: RefCell<HashMap<String, Rc<DecimalFormatter>>> = RefCell::default();
    static DATES: RefCell<HashMap<(String, bool), Rc<DateFormatter>>> = RefCell::default();
}

fn decimal_formatter(lang: &str) -> Option<Rc<DecimalFormatter>> {
    DECIMALS.with(|cache| {
        if let Some(f) = cache.borrow().get(lang) {
            return Some(f.clone());
        }
        // CLDR's Sámi number symbols are the Finnish ones (see above).
        let loc = if is_sami(lang) {
            locale("fi")
        } else {
            locale(lang)
        };
        let f = Rc::new(DecimalFormatter::try_new((&loc).into(), Default::default()).ok()?);
        cache.borrow_mut().insert(lang.to_string(), f.clone());
        Some(f)
    })
}

/// CLDR's date lengths that lupaus uses.
enum Length {
    Medium,
    Long,
}

enum DateFormatter {
    Date(FixedCalendarDateTimeFormatter<Gregorian, YMD>),
    YearMonth(FixedCalendarDateTimeFormatter<Gregorian, YM>),
}

/// A Gregorian date formatter for `lang`: a whole date, or (`year_month`)
/// a month of a year.
fn date_formatter(lang: &str, year_month: bool) -> Option<Rc<DateFormatter>> {
    let key = (lang.to_string(), year_month);
    DATES.with(|cache| {
        if let Some(f) = cache.borrow().get(&key) {
            return Some(f.clone());
        }
        let (loc, length) = match lang_of(lang) {
            // A month of a year is written in the language's own words.
            _ if year_month => (locale(lang), Length::Long),
            Lang::Fi => (locale(lang), Length::Medium),
            // Finland-Swedish writes dates in digits as Finnish does
            // (`16.12.2024`); CLDR's `sv-FI` short date has leading zeros
            // (`06.01.2025`) and its medium one a month name, so Finnish's
            // all-digit medium pattern is used.
            Lang::Sv if !lang.contains(['-', '_']) => (locale("fi"), Length::Medium),
            Lang::En if !lang.contains(['-', '_']) => (locale("en-GB"), Length::Long),
            _ => (locale(lang), Length::Long),
        };
        let prefs = (&loc).into();
        let f = if year_month {
            DateFormatter::YearMonth(
                FixedCalendarDateTimeFormatter::try_new(prefs, YM::long()).ok()?,
            )
        } else {
            let fields = match length {
                Length::Medium => YMD::medium(),
                Length::Long => YMD::long(),
            };
            DateFormatter::Date(FixedCalendarDateTimeFormatter::try_new(prefs, fields).ok()?)
        };
        let f = Rc::new(f);
        cache.borrow_mut().insert(key, f.clone());
        Some(f)
    })
}

/// `year-month-day` (month 1..=12) through CLDR, or `None` for a date ICU4X
/// cannot represent.
fn cldr_date(year: i32, month: u32, day: u32, lang: &str, year_month: bool) -> Option<String> {
    let date =
        Date::try_new_gregorian(year, u8::try_from(month).ok()?, u8::try_from(day).ok()?).ok()?;
    let f = date_formatter(lang, year_month)?;
    Some(match &*f {
        DateFormatter::Date(f) => f.format(&date).to_string(),
        DateFormatter::YearMonth(f) => f.format(&date).to_string(),
    })
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

/// `v` with `decimals` decimals in `lang`'s CLDR conventions: fi/sv
/// `1 234,5` (NBSP between groups) and `−3` (U+2212), en `1,234.5` and
/// `-3`, de `1.234,5`. Integers of four or more digits are grouped by
/// thousands where CLDR groups them.
pub fn format_number(v: f64, decimals: u32, lang: &str) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let (negative, int, frac) = round_decimal(v, decimals);
    let sign = if negative { "-" } else { "" };
    let point = if frac.is_empty() { "" } else { "." };
    let plain = format!("{sign}{int}{point}{frac}");
    match (decimal_formatter(lang), Decimal::try_from_str(&plain)) {
        (Some(f), Ok(d)) => f.format(&d).to_string(),
        // Not reached for finite numbers; the digits as they are.
        _ => plain,
    }
}

/// The decimals `v` is written with (its shortest form), at most 6: what
/// [`format_number`] needs to show a value as it was written.
pub fn written_decimals(v: f64) -> u32 {
    let s = format!("{}", v.abs());
    s.split_once('.').map_or(0, |(_, f)| f.len().min(6) as u32)
}

/// A number as [`format_number`] wrote it (`n`) with its unit: fi/sv
/// `6,5 vrk`, `95 %` (NBSP before the unit), en `6.5 days`, `95%`. An
/// empty unit gives the number alone. Pages write a quantity through
/// [`crate::i18n::Unit::quantity`], which picks the unit's form first.
pub fn with_unit(n: String, unit: &str, lang: &str) -> String {
    let unit = unit.trim();
    if unit.is_empty() {
        n
    } else if unit == "%" && lang_of(lang) == Lang::En {
        // CLDR's English percent pattern is `#,##0%`.
        format!("{n}%")
    } else {
        format!("{n}{NBSP}{unit}")
    }
}

/// A number as [`format_number`] wrote it in `lang` (fi `1 234,5`, `−3`;
/// en `1,234.5`) in plain digits, a `-` sign and a `.` before the
/// decimals (`1234.5`, `-3`), as CLDR's plural rules read numbers; `None`
/// when `written` has no digits before its decimal separator.
pub fn plain_number(written: &str, lang: &str) -> Option<String> {
    // The language's decimal separator, as the formatter writes it.
    let separator: String = format_number(1.5, 1, lang)
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .collect();
    if separator.is_empty() {
        return None;
    }
    let (int, frac) = written
        .split_once(separator.as_str())
        .unwrap_or((written, ""));
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let (int, frac) = (digits(int), digits(frac));
    if int.is_empty() {
        return None;
    }
    let sign = if written.trim_start().starts_with(['-', MINUS]) {
        "-"
    } else {
        ""
    };
    Some(match frac.as_str() {
        "" => format!("{sign}{int}"),
        _ => format!("{sign}{int}.{frac}"),
    })
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

const SV_ORDINALS: [&str; 4] = ["första", "andra", "tredje", "fjärde"];

/// A month of a year in words, through CLDR: fi `tammikuu 2025`, sv
/// `januari 2025`, en `January 2025`.
fn month_of_year(year: i32, month: u32, lang: &str) -> String {
    if is_sami(lang) {
        return format!("{month}/{year}");
    }
    cldr_date(year, month, 1, lang, true).unwrap_or_else(|| format!("{month}/{year}"))
}

/// A period in words: fi `tammi–kesäkuu 2025`, `tammi–maaliskuu 2025`,
/// `tammikuu 2025`; sv `första halvåret 2025`, `första kvartalet 2025`,
/// `januari 2025`; en `January–June 2025`, `January–March 2025`, `January
/// 2025`; a year alone in every language; months as CLDR writes a month of
/// a year in any other language, halves and quarters `H1 2025`, `Q1 2025`
/// there (the theme's interface strings can word them, see `render`).
/// Finnish names halves and quarters by their months, as the chart's axis
/// does (`1–3/2025`): a screen reader reads `1. neljännes` as "yksi
/// neljännes", a fraction.
pub fn format_period(p: &Period, lang: &str) -> String {
    let (y, i) = (p.year_number(), p.index());
    let ordinal_sv = SV_ORDINALS
        .get(i.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("");
    match (p.kind(), lang_of(lang)) {
        (PeriodKind::Year, _) => y.to_string(),
        (PeriodKind::Half, Lang::Fi | Lang::En) => months(y, i * 6 - 5, i * 6, lang),
        (PeriodKind::Half, Lang::Sv) => format!("{ordinal_sv} halvåret {y}"),
        (PeriodKind::Half, _) => format!("H{i} {y}"),
        (PeriodKind::Quarter, Lang::Fi | Lang::En) => months(y, i * 3 - 2, i * 3, lang),
        (PeriodKind::Quarter, Lang::Sv) => format!("{ordinal_sv} kvartalet {y}"),
        (PeriodKind::Quarter, _) => format!("Q{i} {y}"),
        (PeriodKind::Month, _) => month_of_year(y, i, lang),
    }
}

/// The months `first` to `last` of year `y` in words, through CLDR's month
/// names: en `January–March 2025`; fi `tammi–maaliskuu 2025`, the first
/// month without its `kuu` as Finnish writes a span of months; a word
/// joiner (U+2060) after the dash.
fn months(y: i32, first: u32, last: u32, lang: &str) -> String {
    let name = |m: u32| {
        let named = month_of_year(y, m, lang);
        named
            .strip_suffix(&format!(" {y}"))
            .map(str::to_string)
            .unwrap_or(named)
    };
    let start = name(first);
    let start = match lang_of(lang) {
        Lang::Fi => start.strip_suffix("kuu").unwrap_or(&start).to_string(),
        _ => start,
    };
    // A word joiner after the dash: a line never ends at "(huhti–".
    format!("{start}\u{2013}\u{2060}{} {y}", name(last))
}

/// A short period label for chart axes: fi/sv `2025`, `1–6/2025`,
/// `1–3/2025`, `1/2025`; en `2025`, `Jan–Jun 2025`, `Jan–Mar 2025`, `Jan 2025`; other languages
/// as fi and sv.
pub fn format_period_short(p: &Period, lang: &str) -> String {
    let (y, i) = (p.year_number(), p.index());
    // A month's first three letters in English: `Jan`, `Sep`.
    let abbr = |m: u32| -> String { month_of_year(y, m, lang).chars().take(3).collect() };
    match (p.kind(), lang_of(lang)) {
        (PeriodKind::Year, _) => y.to_string(),
        (PeriodKind::Half, Lang::En) => format!("{}\u{2013}{} {y}", abbr(i * 6 - 5), abbr(i * 6)),
        (PeriodKind::Half, _) => format!("{}\u{2013}{}/{y}", i * 6 - 5, i * 6),
        (PeriodKind::Quarter, Lang::En) => {
            format!("{}\u{2013}{} {y}", abbr(i * 3 - 2), abbr(i * 3))
        }
        (PeriodKind::Quarter, _) => format!("{}\u{2013}{}/{y}", i * 3 - 2, i * 3),
        (PeriodKind::Month, Lang::En) => format!("{} {y}", abbr(i)),
        (PeriodKind::Month, _) => format!("{i}/{y}"),
    }
}

/// A date through CLDR: fi/sv `16.12.2024` (no leading zeros), en
/// `16 December 2024`, other languages CLDR's long date.
pub fn format_date(d: NaiveDate, lang: &str) -> String {
    if is_sami(lang) {
        return format!("{}.{}.{}", d.day(), d.month(), d.year());
    }
    cldr_date(d.year(), d.month(), d.day(), lang, false)
        .unwrap_or_else(|| d.format("%Y-%m-%d").to_string())
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
        // Every other CLDR language gets its own conventions.
        assert_eq!(format_number(-1234.5, 1, "de"), "-1.234,5");
        assert_eq!(format_number(1234.5, 1, "et"), "1234,5");
        // Northern Sámi: CLDR's Finnish-Norwegian symbols, NBSP groups.
        assert_eq!(format_number(1234.5, 1, "se"), "1\u{a0}234,5");
        assert_eq!(format_number(-3.0, 0, "se"), "\u{2212}3");
        assert_eq!(
            with_unit(format_number(95.0, 0, "se"), "%", "se"),
            "95\u{a0}%"
        );
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
        assert_eq!(
            with_unit(format_number(6.5, 1, "fi"), "vrk", "fi"),
            "6,5\u{a0}vrk"
        );
        assert_eq!(
            with_unit(format_number(95.0, 0, "fi"), "%", "fi"),
            "95\u{a0}%"
        );
        assert_eq!(with_unit(format_number(95.0, 0, "en"), "%", "en"), "95%");
        assert_eq!(
            with_unit(format_number(6.5, 1, "en"), "days", "en"),
            "6.5\u{a0}days"
        );
        assert_eq!(with_unit(format_number(50.0, 0, "en"), "", "en"), "50");
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
        for (period, lang, words) in [
            ("2025", "fi", "2025"),
            ("2025-H1", "fi", "tammi–\u{2060}kesäkuu 2025"),
            ("2025-H2", "fi", "heinä–\u{2060}joulukuu 2025"),
            ("2025-Q1", "fi", "tammi–\u{2060}maaliskuu 2025"),
            ("2025-Q2", "fi", "huhti–\u{2060}kesäkuu 2025"),
            ("2025-Q3", "fi", "heinä–\u{2060}syyskuu 2025"),
            ("2025-Q4", "fi", "loka–\u{2060}joulukuu 2025"),
            ("2025-01", "fi", "tammikuu 2025"),
            ("2025-07", "fi", "heinäkuu 2025"),
            ("2025-H1", "sv", "första halvåret 2025"),
            ("2025-H2", "sv", "andra halvåret 2025"),
            ("2025-Q4", "sv", "fjärde kvartalet 2025"),
            ("2025-01", "sv", "januari 2025"),
            ("2025-H2", "en", "July–\u{2060}December 2025"),
            ("2025-Q1", "en", "January–\u{2060}March 2025"),
            ("2025-12", "en", "December 2025"),
            ("2025-12", "de", "Dezember 2025"),
            // CLDR has no Sámi month names in ICU4X's data: the theme words
            // them (render), and without a theme the month is written in
            // digits.
            ("2025-12", "se", "12/2025"),
            ("2025-H1", "se", "H1 2025"),
        ] {
            assert_eq!(format_period(&p(period), lang), words, "{period} {lang}");
        }
    }

    #[test]
    fn plain_number_reads_back_what_format_writes() {
        for (v, d, lang, plain) in [
            (1234.5, 1, "fi", "1234.5"),
            (1234.5, 1, "en", "1234.5"),
            (1.0, 0, "sv", "1"),
            (1.0, 1, "fi", "1.0"),
            (-3.0, 0, "fi", "-3"),
            (-3.0, 0, "en", "-3"),
            (1234.0, 0, "de", "1234"),
            (6.5, 1, "se", "6.5"),
        ] {
            assert_eq!(
                plain_number(&format_number(v, d, lang), lang).as_deref(),
                Some(plain),
                "{v} {d} {lang}"
            );
        }
        assert_eq!(plain_number("vrk", "fi"), None);
    }

    #[test]
    fn short_periods_for_axes() {
        assert_eq!(format_period_short(&p("2025"), "fi"), "2025");
        assert_eq!(format_period_short(&p("2025-H1"), "fi"), "1\u{2013}6/2025");
        assert_eq!(format_period_short(&p("2025-H2"), "sv"), "7\u{2013}12/2025");
        assert_eq!(format_period_short(&p("2025-Q2"), "sv"), "4\u{2013}6/2025");
        assert_eq!(
            format_period_short(&p("2025-Q4"), "fi"),
            "10\u{2013}12/2025"
        );
        assert_eq!(format_period_short(&p("2025-03"), "fi"), "3/2025");
        assert_eq!(
            format_period_short(&p("2025-H1"), "en"),
            "Jan\u{2013}Jun 2025"
        );
        assert_eq!(
            format_period_short(&p("2025-Q3"), "en"),
            "Jul\u{2013}Sep 2025"
        );
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
        assert_eq!(format_date(d, "sv"), "6.1.2025");
        assert_eq!(format_date(d, "en"), "6 January 2025");
        assert_eq!(format_date(d, "se"), "6.1.2025");
        assert_eq!(format_date(d, "de"), "6. Januar 2025");
    }
}
