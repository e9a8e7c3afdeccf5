//! Reading `content/results/*.csv` into a [`ResultSet`].
//!
//! Owns the results file format as the content format defines it: the header
//! row, `,` or `;` delimiters, UTF-8 with or without a byte-order mark,
//! decimal `.` or `,`, thousands spaces, empty values as "no data", the
//! optional `note` column, and every problem in those files (reported with
//! file, line and column, all of them in one run). Records are parsed by the
//! `csv` crate; this module only scans a raw line to place a field's column.
//!
//! It does not read files from disk (the caller passes their bytes, in
//! sorted path order), nor compute statuses (see `status`), nor show values
//! (see `crate::format`).

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::format::parse_number;
use crate::indicators::Indicators;
use crate::period::{Period, PeriodKind};

/// One value of one indicator in one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValuePoint {
    /// The reporting period.
    pub period: Period,
    /// The value as written; `None` when the file says "no data" (empty).
    pub value: Option<f64>,
    /// The `note` column, trimmed; `None` when empty or absent.
    pub note: Option<String>,
    /// Where the row is: path relative to the site root, and 1-based line.
    #[serde(skip)]
    pub source: (String, usize),
}

/// All results, per indicator id, each series sorted by period.
#[derive(Debug, Clone, Default)]
pub struct ResultSet {
    series: BTreeMap<String, Vec<ValuePoint>>,
    /// Whether rows were left out because of errors (reported to the
    /// loader's diagnostics): an indicator without rows may have some there.
    incomplete: bool,
}

impl ResultSet {
    /// The series of an indicator, oldest first; empty if it has no rows.
    pub fn series(&self, id: &str) -> &[ValuePoint] {
        self.series.get(id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Every indicator that has rows, by id, with its series.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[ValuePoint])> {
        self.series.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// The kind of period an indicator's series uses, if it has rows.
    pub fn kind(&self, id: &str) -> Option<PeriodKind> {
        self.series(id).first().map(|p| p.period.kind())
    }

    /// Whether no indicator has any row.
    pub fn is_empty(&self) -> bool {
        self.series.is_empty()
    }

    /// Whether rows were left out because of errors in the files.
    pub fn is_incomplete(&self) -> bool {
        self.incomplete
    }
}

const REQUIRED: [&str; 3] = ["indicator", "period", "value"];
const KNOWN: [&str; 4] = ["indicator", "period", "value", "note"];

/// The column a header name means, in English, Finnish or Swedish (spec
/// 1.1; case is ignored by the caller).
fn column_of(lower: &str) -> Option<&'static str> {
    match lower {
        "indicator" | "mittari" | "indikaattori" | "indikator" => Some("indicator"),
        "period" | "jakso" => Some("period"),
        "value" | "arvo" | "värde" => Some("value"),
        "note" | "huomio" | "anmärkning" => Some("note"),
        _ => None,
    }
}

/// Reads every results file. `files` are (path relative to the site root,
/// bytes), in the order the caller wants rows to be read (sorted by path).
/// Problems go to `diags`; rows with problems are left out.
pub fn load(
    files: &[(String, Vec<u8>)],
    indicators: &Indicators,
    diags: &Diagnostics,
) -> ResultSet {
    let mut seen: BTreeMap<(String, Period), (String, usize)> = BTreeMap::new();
    let mut series: BTreeMap<String, Vec<ValuePoint>> = BTreeMap::new();
    let mut incomplete = false;
    for (path, bytes) in files {
        let file_diags = Capped::new(diags);
        let points = load_file(path, bytes, indicators, &file_diags);
        incomplete |= file_diags.errors.get() > 0;
        file_diags.finish();
        let diags = Capped::new(diags);
        for (id, point) in points {
            let key = (id.clone(), point.period);
            if let Some((first_path, first_line)) = seen.get(&key) {
                let mut args = vec![
                    ("id", id.clone()),
                    ("period", point.period.to_string()),
                    ("line", first_line.to_string()),
                ];
                let code = if first_path == path {
                    "csv.twice"
                } else {
                    args.push(("file", first_path.clone()));
                    "csv.twice_in"
                };
                diags.push(Diagnostic::err(path, code, args).at(point.source.1, Some(1)));
                incomplete = true;
                continue;
            }
            seen.insert(key, point.source.clone());
            series.entry(id).or_default().push(point);
        }
        diags.finish();
    }
    for (id, points) in series.iter_mut() {
        let diags = Capped::new(diags);
        check_one_kind(id, points, &diags);
        diags.finish();
        points.sort_by_key(|p| p.period);
    }
    ResultSet { series, incomplete }
}

/// Reports rows whose period kind differs from the indicator's usual one (the
/// most used; on a tie, the first used) and leaves them out.
fn check_one_kind(id: &str, points: &mut Vec<ValuePoint>, diags: &Capped<'_>) {
    let mut counts: Vec<(PeriodKind, usize, usize)> = Vec::new(); // kind, count, first index
    for (i, p) in points.iter().enumerate() {
        match counts.iter_mut().find(|c| c.0 == p.period.kind()) {
            Some(c) => c.1 += 1,
            None => counts.push((p.period.kind(), 1, i)),
        }
    }
    if counts.len() < 2 {
        return;
    }
    let Some(&(main, _, first)) = counts
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
    else {
        return;
    };
    let (first_path, first_line) = points[first].source.clone();
    let first_period = points[first].period;
    points.retain(|p| {
        if p.period.kind() == main {
            return true;
        }
        diags.push(
            Diagnostic::err(
                &p.source.0,
                "csv.period_kind",
                vec![
                    ("id", id.to_string()),
                    ("kinds", format!("@{}", main.describe_code())),
                    ("first", first_period.to_string()),
                    ("file", first_path.clone()),
                    ("line", first_line.to_string()),
                    ("period", p.period.to_string()),
                ],
            )
            .at(p.source.1, Some(1)),
        );
        false
    });
}

/// Column positions of the header's known columns.
struct Columns {
    indicator: usize,
    period: usize,
    value: usize,
    note: Option<usize>,
    count: usize,
}

/// At most this many problems are listed per results file (and per
/// indicator for mixed kinds of period); the rest are counted in one last
/// message, so that a broken export of a million rows gives a report a
/// person can read, in bounded time and memory.
const MAX_LISTED: usize = 100;

/// A [`Diagnostics`] that lists the first [`MAX_LISTED`] problems and counts
/// the others.
struct Capped<'a> {
    diags: &'a Diagnostics,
    listed: Cell<usize>,
    unlisted: Cell<usize>,
    /// How many of the problems, listed or not, are errors.
    errors: Cell<usize>,
    /// Where the first problem not listed is.
    first_unlisted: RefCell<Option<(String, Option<usize>)>>,
}

impl<'a> Capped<'a> {
    fn new(diags: &'a Diagnostics) -> Self {
        Capped {
            diags,
            listed: Cell::new(0),
            unlisted: Cell::new(0),
            errors: Cell::new(0),
            first_unlisted: RefCell::new(None),
        }
    }

    fn push(&self, d: Diagnostic) {
        if d.is_error() {
            self.errors.set(self.errors.get() + 1);
        }
        if self.listed.get() < MAX_LISTED {
            self.listed.set(self.listed.get() + 1);
            self.diags.push(d);
        } else {
            self.unlisted.set(self.unlisted.get() + 1);
            self.first_unlisted
                .borrow_mut()
                .get_or_insert_with(|| (d.path.clone(), d.line));
        }
    }

    /// Adds the count of problems not listed, placed at the first of them.
    fn finish(self) {
        let n = self.unlisted.get();
        if let Some((path, line)) = self.first_unlisted.into_inner() {
            let d = if n == 1 {
                Diagnostic::err(path, "csv.more_one", vec![])
            } else {
                Diagnostic::err(path, "csv.more", vec![("n", n.to_string())])
            };
            self.diags.push(match line {
                Some(l) => d.at(l, None),
                None => d,
            });
        }
    }
}

fn load_file(
    path: &str,
    bytes: &[u8],
    indicators: &Indicators,
    diags: &Capped<'_>,
) -> Vec<(String, ValuePoint)> {
    let mut out = Vec::new();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Excel's "Unicode text" and some exports: UTF-16, told by its mark.
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        diags.push(Diagnostic::err(path, "csv.utf16", vec![]).at(1, None));
        return out;
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        diags.push(Diagnostic::err(path, "csv.nul", vec![]).at(line, None));
        return out;
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let col = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            diags.push(Diagnostic::err(path, "csv.not_utf8", vec![]).at(line, Some(col)));
            return out;
        }
    };
    if text.trim().is_empty() {
        diags.push(Diagnostic::err(path, "csv.empty", vec![]).at(1, None));
        return out;
    }
    let header_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = detect_delimiter(header_line);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();

    // The header row.
    let header = match records.next() {
        Some(Ok(r)) => r,
        Some(Err(e)) => {
            diags.push(csv_error(path, text, &e));
            return out;
        }
        None => return out,
    };
    let header_pos = header.position().map(|p| record_start(text, p));
    let header_line_no = header_pos.map_or(1, |p| p.0);
    let header_cols = header_pos
        .map(|(_, byte)| field_columns(text, byte, delimiter))
        .unwrap_or_default();
    let Some(cols) = read_header(path, &header, header_line_no, &header_cols, diags) else {
        return out;
    };

    // The data rows.
    for result in records {
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                diags.push(csv_error(path, text, &e));
                continue;
            }
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue; // a spreadsheet's empty row (`;;`)
        }
        let (line, byte) = record.position().map_or((0, 0), |p| record_start(text, p));
        let positions = field_columns(text, byte, delimiter);
        let at = |i: usize| -> Diagnostic {
            let (dl, col) = positions.get(i).copied().unwrap_or((0, 1));
            Diagnostic::error(path, String::new()).at(line + dl, Some(col))
        };
        let err = |i: usize, d: Diagnostic| Diagnostic {
            line: at(i).line,
            column: at(i).column,
            ..d
        };
        // A `"` never closed: the rest of the file was read as one value,
        // which now ends this row too early (a quote, not a delimiter, to fix).
        let last = record.len().saturating_sub(1);
        if record.len() < cols.count && record.get(last).is_some_and(|f| f.contains('\n')) {
            diags.push(err(last, Diagnostic::err(path, "csv.open_quote", vec![])));
            continue;
        }
        if record.len() != cols.count {
            diags.push(
                Diagnostic::err(
                    path,
                    if delimiter == b',' {
                        "csv.fields_comma"
                    } else {
                        "csv.fields"
                    },
                    vec![
                        ("found", record.len().to_string()),
                        ("expected", cols.count.to_string()),
                        ("delimiter", char::from(delimiter).to_string()),
                    ],
                )
                .at(line, None),
            );
            continue;
        }
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let mut ok = true;

        let id = field(cols.indicator);
        if id.is_empty() {
            diags.push(err(
                cols.indicator,
                Diagnostic::err(path, "csv.id_empty", vec![]),
            ));
            ok = false;
        } else if !indicators.is_defined(id) {
            let close = did_you_mean(id, indicators.ids()).unwrap_or("");
            diags.push(err(
                cols.indicator,
                Diagnostic::err(
                    path,
                    "csv.unknown_id",
                    vec![("id", id.to_string()), ("did_you_mean", close.to_string())],
                ),
            ));
            ok = false;
        }

        let period = match Period::parse(field(cols.period)) {
            Ok(p) => Some(p),
            Err(msg) => {
                diags.push(err(cols.period, msg.error(path)));
                ok = false;
                None
            }
        };

        let raw_value = field(cols.value);
        let value = if raw_value.is_empty() {
            None
        } else {
            match parse_number(raw_value) {
                Some(v) => Some(v),
                None => {
                    diags.push(err(cols.value, value_message(path, raw_value)));
                    ok = false;
                    None
                }
            }
        };

        let note = cols
            .note
            .map(field)
            .filter(|n| !n.is_empty())
            .map(str::to_owned);

        if let (true, Some(period)) = (ok, period) {
            out.push((
                id.to_string(),
                ValuePoint {
                    period,
                    value,
                    note,
                    source: (path.to_string(), line),
                },
            ));
        }
    }
    out
}

fn value_message(path: &str, raw: &str) -> Diagnostic {
    let has_digit = raw.chars().any(|c| c.is_ascii_digit());
    let has_unit = has_digit
        && raw
            .chars()
            .any(|c| c.is_alphabetic() || c == '%' || c == '€');
    let dots = raw.matches('.').count();
    let commas = raw.matches(',').count();
    let code = if has_unit {
        "csv.value_unit"
    } else if dots + commas > 1 {
        "csv.value_separators"
    } else {
        "csv.value"
    };
    Diagnostic::err(path, code, vec![("value", raw.to_string())])
}

/// `;` when the header line has more `;` than `,` outside quotes, else `,`.
fn detect_delimiter(header_line: &str) -> u8 {
    let (mut semi, mut comma, mut quoted) = (0, 0, false);
    for c in header_line.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => semi += 1,
            ',' if !quoted => comma += 1,
            _ => {}
        }
    }
    if semi > comma { b';' } else { b',' }
}

fn read_header(
    path: &str,
    header: &csv::StringRecord,
    line: usize,
    columns: &[(usize, usize)],
    diags: &Capped<'_>,
) -> Option<Columns> {
    let col_of = |i: usize| columns.get(i).map_or(1, |c| c.1);
    let line_of = |i: usize| line + columns.get(i).map_or(0, |c| c.0);
    let mut found: BTreeMap<&str, usize> = BTreeMap::new();
    let mut unknown: Vec<(usize, String)> = Vec::new();
    let mut ok = true;
    for (i, name) in header.iter().enumerate() {
        let name = name.trim();
        let lower = name.to_lowercase();
        match column_of(&lower) {
            Some(k) => {
                if found.contains_key(k) {
                    diags.push(
                        Diagnostic::err(path, "csv.column_twice", vec![("column", k.to_string())])
                            .at(line_of(i), Some(col_of(i))),
                    );
                    ok = false;
                } else {
                    found.insert(k, i);
                }
            }
            // An unnamed column (a trailing delimiter) is ignored silently.
            None if name.is_empty() => {}
            None => unknown.push((i, name.to_string())),
        }
    }
    if found.is_empty() {
        let tabbed = header.len() == 1 && header.get(0).is_some_and(|h| h.contains('\t'));
        diags.push(
            if tabbed {
                Diagnostic::err(path, "csv.tabs", vec![])
            } else if header.iter().any(|c| super::Period::parse(c).is_ok()) {
                Diagnostic::err(path, "csv.no_header", vec![])
            } else {
                let names: Vec<String> =
                    header.iter().map(|c| format!("\"{}\"", c.trim())).collect();
                Diagnostic::err(
                    path,
                    "csv.header_unknown",
                    vec![("found", names.join(", "))],
                )
            }
            .at(line, Some(1)),
        );
        return None;
    }
    for (i, name) in &unknown {
        let close = did_you_mean(&name.to_lowercase(), KNOWN)
            .filter(|k| !found.contains_key(k))
            .unwrap_or("");
        diags.push(
            Diagnostic::warn(
                path,
                "csv.column_unknown",
                vec![
                    ("name", name.clone()),
                    ("did_you_mean", close.to_string()),
                    ("known", KNOWN.join(", ")),
                ],
            )
            .at(line_of(*i), Some(col_of(*i))),
        );
    }
    for req in REQUIRED {
        if !found.contains_key(req) {
            let close = unknown
                .iter()
                .find(|(_, n)| did_you_mean(&n.to_lowercase(), [req]).is_some());
            diags.push(
                match close {
                    Some((_, n)) => Diagnostic::err(
                        path,
                        "csv.no_column_meant",
                        vec![("column", req.to_string()), ("name", n.clone())],
                    ),
                    None => {
                        Diagnostic::err(path, "csv.no_column", vec![("column", req.to_string())])
                    }
                }
                .at(line, Some(1)),
            );
            ok = false;
        }
    }
    let get = |k: &str| found.get(k).copied();
    match (ok, get("indicator"), get("period"), get("value")) {
        (true, Some(indicator), Some(period), Some(value)) => Some(Columns {
            indicator,
            period,
            value,
            note: get("note"),
            count: header.len(),
        }),
        _ => None,
    }
}

/// The 1-based line and the byte offset where the record that the `csv`
/// crate places at `pos` starts. After a `\r\n` line end the crate places
/// the next record at the `\n`, one line too early, so the line ends (and
/// blank lines) before the record are skipped here.
fn record_start(text: &str, pos: &csv::Position) -> (usize, usize) {
    let byte = pos.byte() as usize;
    let rest = text.get(byte..).unwrap_or("");
    let blank = rest.len() - rest.trim_start_matches(['\r', '\n']).len();
    let skipped_lines = rest[..blank].matches('\n').count();
    (pos.line() as usize + skipped_lines, byte + blank)
}

fn csv_error(path: &str, text: &str, e: &csv::Error) -> Diagnostic {
    let line = e.position().map(|p| record_start(text, p).0);
    let d = Diagnostic::err(path, "csv.unreadable_row", vec![("error", e.to_string())]);
    match line {
        Some(l) => d.at(l, None),
        None => d,
    }
}

/// For the record starting at byte `start` of `text`: each field's position
/// as (lines after the record's first line, 1-based character column of its
/// first non-blank character, or of its start when blank). A small scan that
/// follows quotes only so that quoted delimiters and line breaks are skipped;
/// the values themselves come from the `csv` crate.
fn field_columns(text: &str, start: usize, delimiter: u8) -> Vec<(usize, usize)> {
    let Some(rest) = text.get(start..) else {
        return Vec::new();
    };
    let delimiter = char::from(delimiter);
    // Column of `start` within its line.
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let mut col = text[line_start..start].chars().count() + 1;
    let mut line = 0;
    let mut out = Vec::new();
    let mut field_start = (line, col);
    let mut placed = false;
    let mut quoted = false;
    for c in rest.chars() {
        if !quoted && (c == '\n' || c == '\r') {
            break;
        }
        if !placed && !c.is_whitespace() && c != delimiter {
            out.push((line, col));
            placed = true;
        }
        match c {
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => {
                if !placed {
                    out.push(field_start);
                }
                placed = false;
                field_start = (line, col + 1);
            }
            '\n' => {
                line += 1;
                col = 0;
            }
            _ => {}
        }
        col += 1;
    }
    if !placed {
        out.push(field_start);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;

    fn indicators() -> Indicators {
        let src = "child-clinic-wait:\n  name: Wait\n  direction: lower\n  target: 7\n\
                   care-guarantee:\n  name: Guarantee\n  direction: higher\n  target: 90\n";
        let d = Diagnostics::new();
        let i = crate::indicators::parse(src, &["fi".into()], &d);
        assert!(!d.has_errors());
        i
    }

    fn run(files: &[(&str, &[u8])]) -> (ResultSet, Vec<Diagnostic>) {
        let files: Vec<(String, Vec<u8>)> = files
            .iter()
            .map(|(p, b)| (p.to_string(), b.to_vec()))
            .collect();
        let d = Diagnostics::new();
        let rs = load(&files, &indicators(), &d);
        (rs, d.into_sorted())
    }

    fn texts(ds: &[Diagnostic]) -> Vec<String> {
        ds.iter().map(ToString::to_string).collect()
    }

    const P: &str = "content/results/2025.csv";

    #[test]
    fn no_unknown_indicators_when_indicators_yaml_could_not_be_read() {
        let files = vec![(
            P.to_string(),
            b"indicator,period,value\nchild-clinic-wait,2025-H1,9\nwhatever,2025,1\nwhatever,2025-H9,1\n"
                .to_vec(),
        )];
        let d = Diagnostics::new();
        let rs = load(&files, &Indicators::unreadable(), &d);
        let t = texts(&d.into_sorted());
        // The row's own problem is still reported; no row is "unknown".
        assert_eq!(t.len(), 1, "{t:?}");
        assert!(t[0].starts_with(&format!("{P}:4:")), "{t:?}");
        assert!(t[0].contains("is not a period"), "{t:?}");
        assert_eq!(rs.series("child-clinic-wait").len(), 1);
    }

    /// Excel's "Unicode text": told what it is and how to save it, not
    /// that it holds a NUL byte.
    #[test]
    fn a_utf16_file_is_told_how_to_save_it_as_csv_utf8() {
        let text = "indicator,period,value\nchild-clinic-wait,2025-H1,9\n";
        for bom in [[0xFF_u8, 0xFE], [0xFE, 0xFF]] {
            let mut bytes = bom.to_vec();
            for u in text.encode_utf16() {
                let b = if bom[0] == 0xFF {
                    u.to_le_bytes()
                } else {
                    u.to_be_bytes()
                };
                bytes.extend(b);
            }
            let (rs, ds) = run(&[(P, &bytes)]);
            let t = texts(&ds);
            assert_eq!(t.len(), 1, "{t:?}");
            assert!(t[0].starts_with(&format!("{P}:1: ")), "{t:?}");
            assert!(
                t[0].contains("UTF-16") && t[0].contains("CSV UTF-8"),
                "{t:?}"
            );
            assert!(!t[0].contains("NUL"), "{t:?}");
            assert!(rs.series("child-clinic-wait").is_empty());
        }
    }

    /// `"5,0` never closed: told at the quote, not as a count of fields.
    #[test]
    fn a_quote_never_closed_is_told_at_the_quote() {
        let (_, ds) = run(&[(
            P,
            b"indicator,period,value,note\nchild-clinic-wait,2025-H1,\"5,0\nchild-clinic-wait,2025-H2,6,\n",
        )]);
        let t = texts(&ds);
        assert_eq!(t.len(), 1, "{t:?}");
        assert!(t[0].starts_with(&format!("{P}:2:27: ")), "{t:?}");
        assert!(t[0].contains("never closed"), "{t:?}");
    }

    #[test]
    fn reads_a_comma_file() {
        let (rs, ds) = run(&[(
            P,
            b"indicator,period,value\nchild-clinic-wait,2025-H2,6.5\nchild-clinic-wait,2025-H1,9\n",
        )]);
        assert!(ds.is_empty(), "{ds:?}");
        let s = rs.series("child-clinic-wait");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].period.to_string(), "2025-H1");
        assert_eq!(s[0].value, Some(9.0));
        assert_eq!(s[0].source, (P.to_string(), 3));
        assert_eq!(s[1].value, Some(6.5));
        assert_eq!(rs.kind("child-clinic-wait"), Some(PeriodKind::Half));
        assert!(rs.series("care-guarantee").is_empty());
    }

    #[test]
    fn reads_a_finnish_excel_export() {
        let file = "\u{feff}Period;Indicator;Value;Note;Comment\r\n\
                    2025-Q1; care-guarantee ;\u{a0}85,5 ;Uusi mittari; x\r\n\
                    2025-Q2;care-guarantee;;Ei tietoja;\r\n\
                    2025-Q3;care-guarantee;1 000;;\r\n\
                    ;;;;\r\n";
        let (rs, ds) = run(&[(P, file.as_bytes())]);
        let t = texts(&ds);
        assert_eq!(t.len(), 1, "{t:?}");
        assert!(
            t[0].starts_with(&format!("{P}:1:29: warning: the column \"Comment\"")),
            "{t:?}"
        );
        let s = rs.series("care-guarantee");
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].value, Some(85.5));
        assert_eq!(s[0].note.as_deref(), Some("Uusi mittari"));
        assert_eq!(s[1].value, None);
        assert_eq!(s[1].note.as_deref(), Some("Ei tietoja"));
        assert_eq!(s[2].value, Some(1000.0));
        assert_eq!(s[2].note, None);
    }

    #[test]
    fn quoted_decimal_comma_in_a_comma_file() {
        let (rs, ds) = run(&[(
            P,
            b"indicator,period,value,note\nchild-clinic-wait,2025,\"6,5\",\"Sis\xc3\xa4lt\xc3\xa4\xc3\xa4 pilkun, ja \"\"lainauksen\"\"\"\n",
        )]);
        assert!(ds.is_empty(), "{ds:?}");
        let s = rs.series("child-clinic-wait");
        assert_eq!(s[0].value, Some(6.5));
        assert_eq!(
            s[0].note.as_deref(),
            Some("Sisältää pilkun, ja \"lainauksen\"")
        );
    }

    #[test]
    fn reports_every_row_problem_with_its_place() {
        let file = "indicator;period;value\n\
                    child-clinc-wait;2025-H1;9\n\
                    child-clinic-wait;2025-H3;9\n\
                    child-clinic-wait;2025-H2;n/a\n\
                    child-clinic-wait;2025-H2;9;extra\n\
                    child-clinic-wait;2024-H2;95 %\n";
        let (rs, ds) = run(&[(P, file.as_bytes())]);
        let t = texts(&ds);
        assert_eq!(t.len(), 5, "{t:?}");
        assert!(t[0].starts_with(&format!("{P}:2:1: unknown indicator \"child-clinc-wait\" (did you mean \"child-clinic-wait\"?)")), "{t:?}");
        assert!(
            t[1].starts_with(&format!("{P}:3:19: \"2025-H3\" is not a period")),
            "{t:?}"
        );
        assert!(t[2].starts_with(&format!("{P}:4:27: value \"n/a\" is not a number; write a number like 6,5 or 6.5, or leave it empty for no data")), "{t:?}");
        assert!(
            t[3].starts_with(&format!(
                "{P}:5: this row has 4 fields but the header has 3"
            )),
            "{t:?}"
        );
        assert!(t[4].contains("without the unit"), "{t:?}");
        assert!(rs.series("child-clinic-wait").is_empty());
        assert!(ds.iter().all(|d| d.severity == Severity::Error));
    }

    #[test]
    fn duplicates_across_files_name_both_places() {
        let a = b"indicator,period,value\ncare-guarantee,2024,88\n";
        let b = b"indicator,period,value\ncare-guarantee,2025,91\ncare-guarantee,2024,89\n";
        let (rs, ds) = run(&[("content/results/2024.csv", a), (P, b)]);
        let t = texts(&ds);
        assert_eq!(t.len(), 1, "{t:?}");
        assert!(
            t[0].starts_with(&format!(
                "{P}:3:1: \"care-guarantee\" has a value for 2024 twice"
            )),
            "{t:?}"
        );
        assert!(t[0].contains("content/results/2024.csv line 2"), "{t:?}");
        assert_eq!(rs.series("care-guarantee")[0].value, Some(88.0));
    }

    #[test]
    fn mixed_period_kinds_are_an_error_on_the_odd_rows() {
        let f = b"indicator,period,value\ncare-guarantee,2025-03,1\ncare-guarantee,2025-Q1,2\ncare-guarantee,2025-Q2,3\n";
        let (rs, ds) = run(&[(P, f)]);
        let t = texts(&ds);
        assert_eq!(t.len(), 1, "{t:?}");
        assert!(
            t[0].starts_with(&format!(
                "{P}:2:1: \"care-guarantee\" is reported in quarters"
            )),
            "{t:?}"
        );
        assert_eq!(rs.series("care-guarantee").len(), 2);
    }

    #[test]
    fn finnish_and_swedish_headers_in_any_case() {
        for header in [
            "Mittari;Jakso;Arvo;Huomio",
            "indikaattori;jakso;arvo",
            "INDIKATOR;Period;Värde;Anmärkning",
        ] {
            let row = if header.matches(";").count() == 3 {
                "care-guarantee;2025;1;x"
            } else {
                "care-guarantee;2025;1"
            };
            let text = format!("{header}\n{row}\n");
            let (set, ds) = run(&[(P, text.as_bytes())]);
            assert!(texts(&ds).is_empty(), "{header}: {ds:?}");
            assert_eq!(set.series("care-guarantee").len(), 1, "{header}");
        }
    }

    #[test]
    fn header_problems() {
        let (_, ds) = run(&[(P, b"indicator;period;vaule\ncare-guarantee;2025;1\n")]);
        let t = texts(&ds);
        assert!(
            t.iter().any(|x| x.starts_with(&format!(
                "{P}:1:1: the header has no `value` column (is \"vaule\" meant to be `value`?)"
            ))),
            "{t:?}"
        );
        assert!(
            t.iter()
                .any(|x| x.starts_with(&format!("{P}:1:18: warning"))),
            "{t:?}"
        );

        let (_, ds) = run(&[(P, b"care-guarantee;2025;1\n")]);
        assert!(texts(&ds)[0].contains("no header row"), "{ds:?}");

        let (_, ds) = run(&[(P, b"indicator\tperiod\tvalue\n")]);
        assert!(texts(&ds)[0].contains("tabs"), "{ds:?}");

        // A header in no language lupaus reads names what it found and what it expects.
        let (_, ds) = run(&[(P, b"tunnus;aika;luku\ncare-guarantee;2025;1\n")]);
        let t = texts(&ds);
        assert!(
            t[0].contains("found \"tunnus\", \"aika\", \"luku\"")
                && t[0].contains("mittari;jakso;arvo"),
            "{t:?}"
        );

        let (_, ds) = run(&[(P, b"\xEF\xBB\xBF \n\n")]);
        assert!(
            texts(&ds)[0].starts_with(&format!("{P}:1: the file is empty")),
            "{ds:?}"
        );

        let (_, ds) = run(&[(P, b"indicator;period;value;period\n")]);
        assert!(
            texts(&ds)[0].starts_with(&format!("{P}:1:24: the column `period` appears twice")),
            "{ds:?}"
        );
    }

    #[test]
    fn trailing_delimiters_are_not_columns() {
        let (rs, ds) = run(&[(P, b"indicator;period;value;\ncare-guarantee;2025;90;\n")]);
        assert!(ds.is_empty(), "{ds:?}");
        assert_eq!(rs.series("care-guarantee").len(), 1);
    }

    #[test]
    fn non_utf8_names_the_line() {
        let (rs, ds) = run(&[(
            P,
            b"indicator;period;value;note\ncare-guarantee;2025;90;P\xe4ivitetty\n",
        )]);
        let t = texts(&ds);
        assert_eq!(t.len(), 1);
        assert!(
            t[0].starts_with(&format!("{P}:2:25: the file is not UTF-8")),
            "{t:?}"
        );
        assert!(rs.is_empty());
    }

    #[test]
    fn errors_in_several_files_are_all_reported() {
        let (_, ds) = run(&[
            ("content/results/a.csv", b""),
            (
                "content/results/b.csv",
                b"indicator,period,value\nnope,2025,1\n",
            ),
        ]);
        assert_eq!(ds.len(), 2, "{ds:?}");
    }

    #[test]
    fn columns_follow_quotes_and_multiline_fields() {
        let text = "a;\"b;c\"; d\n";
        assert_eq!(field_columns(text, 0, b';'), vec![(0, 1), (0, 3), (0, 10)]);
        let text = "x\n\"p\nq\";r;;\n";
        assert_eq!(
            field_columns(text, 2, b';'),
            vec![(0, 1), (1, 4), (1, 6), (1, 7)]
        );
    }

    #[test]
    fn a_million_bad_rows_list_a_hundred_and_count_the_rest() {
        let mut file = String::from("indicator;period;value\n");
        for _ in 0..1000 {
            file.push_str("care-guarantee;2025;x\n");
        }
        file.push_str("care-guarantee;2024;1\ncare-guarantee;2024;2\n");
        let (rs, ds) = run(&[(P, file.as_bytes())]);
        let t = texts(&ds);
        assert_eq!(t.len(), MAX_LISTED + 2, "{:?}", &t[MAX_LISTED - 1..]);
        assert!(
            t.iter().any(|l| l.starts_with(&format!(
                "{P}:{}: 900 more problems from here on are not listed",
                MAX_LISTED + 2
            ))),
            "{:?}",
            &t[MAX_LISTED - 1..]
        );
        assert!(t.iter().any(|l| l.contains("twice")), "{t:?}");
        assert_eq!(rs.series("care-guarantee").len(), 1);
    }

    #[test]
    fn delimiter_from_header() {
        assert_eq!(detect_delimiter("indicator;period;value"), b';');
        assert_eq!(detect_delimiter("indicator,period,value"), b',');
        assert_eq!(detect_delimiter("\"a;b\",c"), b',');
        assert_eq!(detect_delimiter("indicator"), b',');
    }
}
