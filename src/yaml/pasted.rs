//! What text typed in a word processor or pasted from one brings into
//! YAML: typographic (curly) quote marks, which YAML does not read as
//! quotes; special spaces (a non-breaking space) that look like ordinary
//! ones but are not read as spaces; and quote marks inside a quoted value,
//! which end it early. Each is found where it is written, so that a
//! parser's error can be told as its cause and a value that parses but
//! shows its quote marks can be warned about.

use super::{ValueLine, key_line, quoted, quoted_end, value_lines, walk_flow};
use crate::chars::code_point;
use crate::chars::{is_curly, is_special_space};

/// A value that starts with a typographic quote mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurlyValue {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters) of the opening mark.
    pub column: usize,
    /// The opening mark and the closing one, if the value ends with one
    /// (`“ ”`, `” ”`, `“`).
    pub quotes: String,
    /// Whether the value also ends with a typographic mark.
    pub closed: bool,
    /// The line written with the text in straight quotes (`title:
    /// "Apu: kuukauden kuluessa"`).
    pub straight: String,
    /// The line written with the text without quotes, or in straight ones
    /// where it needs them (`title: Henkilökohtainen apu`).
    pub bare: String,
}

/// The [`CurlyValue`] of a line, if its value starts with a typographic
/// quote mark.
fn curly_value(v: &ValueLine) -> Option<CurlyValue> {
    // A plain value ends where a comment starts.
    let value = v.value.find(" #").map_or(v.value, |i| &v.value[..i]);
    let (quotes, closed, text) = curly_parts(value.trim_end())?;
    let bare = if needs_quotes(text) {
        quoted(text)
    } else {
        text.to_string()
    };
    Some(CurlyValue {
        line: v.index + 1,
        column: v.line[..v.value_at].chars().count() + 1,
        quotes,
        closed,
        straight: key_line(v.key, &quoted(text)),
        bare: key_line(v.key, &bare),
    })
}

/// The [`CurlyValue`]s of a flow map or list that starts at `v` (`title:
/// { fi: “Lupaus”, sv: “Löfte” }`, `- [“a”, ”b”]`), on its first line and
/// on every line it continues on to its closing bracket: each entry's value
/// that starts with a typographic quote mark, with its fix written as the
/// entry (`fi: "Lupaus"`, `fi: Lupaus`). Inside `{ }` and `[ ]` a value
/// also ends at a comma or a bracket, so these are the places it is cut.
/// Returns them with the index of the flow's last line in `src` (of which
/// `v` is a line): the lines after `v` up to it are the flow's, not block
/// lines.
fn curly_flow_values(src: &str, v: &ValueLine) -> (Vec<CurlyValue>, usize) {
    let mut out = Vec::new();
    if !v.value.starts_with(['{', '[']) {
        return (out, v.index);
    }
    // Whether an entry starts at the next character that is not a space:
    // after an opening bracket or a comma, on this line or the next.
    let mut entry = false;
    // The flow's lines only: from `v`'s, as far as the flow goes.
    let lines = src.get(v.start..).unwrap_or("").lines();
    let flow = walk_flow(lines, v.value_at, |i, line, at, c| {
        if std::mem::take(&mut entry) && !matches!(c, '{' | '[' | '}' | ']' | ',' | '"' | '\'') {
            out.extend(curly_entry(line, at, v.index + i));
        }
        entry = matches!(c, '{' | '[' | ',');
    });
    (out, v.index + flow.line)
}

/// The [`CurlyValue`] of the flow entry that starts at byte `at` of `line`
/// (line `index`, 0-based), if its value starts with a typographic quote
/// mark: the entry runs to the next comma, bracket or comment.
fn curly_entry(line: &str, at: usize, index: usize) -> Option<CurlyValue> {
    let rest = &line[at..];
    let entry = &rest[..rest.find(['{', '[', ',', '}', ']']).unwrap_or(rest.len())];
    let item = entry.find(" #").map_or(entry, |j| &entry[..j]);
    // `key: value`, unless the colon is inside the curly text itself.
    let (key, text_at) = match item
        .find(": ")
        .or_else(|| item.strip_suffix(':').map(str::len))
    {
        Some(colon) if !item[..colon].starts_with(is_curly) => {
            let after = &item[colon + 1..];
            (
                &item[..colon],
                colon + 1 + (after.len() - after.trim_start().len()),
            )
        }
        _ => ("", 0),
    };
    let (quotes, closed, inner) = curly_parts(item[text_at..].trim_end())?;
    let bare = if needs_quotes(inner) || inner.contains([',', '[', ']', '{', '}']) {
        quoted(inner)
    } else {
        inner.to_string()
    };
    let entry_line = |value: &str| {
        if key.is_empty() {
            value.to_string()
        } else {
            format!("{key}: {value}")
        }
    };
    Some(CurlyValue {
        line: index + 1,
        column: line[..at + text_at].chars().count() + 1,
        quotes,
        closed,
        straight: entry_line(&quoted(inner)),
        bare: entry_line(&bare),
    })
}

/// A `text` (trimmed) that starts with a typographic quote mark: its marks
/// as a message names them (`“ ”`, or the opening one alone), whether it
/// also ends with one, and the text between them.
fn curly_parts(text: &str) -> Option<(String, bool, &str)> {
    let open = text.chars().next().filter(|c| is_curly(*c))?;
    let inner = &text[open.len_utf8()..];
    let close = inner.chars().last().filter(|c| is_curly(*c));
    let quotes = close.map_or(open.to_string(), |c| format!("{open} {c}"));
    let inner = close.map_or(inner, |c| &inner[..inner.len() - c.len_utf8()]);
    Some((quotes, close.is_some(), inner))
}

/// Whether `text` must be quoted to be read back as text by YAML.
fn needs_quotes(text: &str) -> bool {
    text.is_empty()
        || text != text.trim()
        || text.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
            '@', '`',
        ])
        || text.contains(": ")
        || text.contains(" #")
        || text.ends_with(':')
}

/// Every value of `src` (its block lines, and the entries of its flow
/// maps and lists on every line they take) that both starts and ends with
/// a typographic quote mark: YAML reads the marks as part of the text, so
/// a page shows them.
pub fn curly_quoted(src: &str) -> Vec<CurlyValue> {
    let mut curly = Curly::new(src);
    value_lines(src).for_each(|v| curly.read(&v));
    curly.found()
}

/// [`curly_quoted`] as its lines are walked, one [`ValueLine`] after the
/// other (by `super::value_findings` too, which walks them once for more).
pub(super) struct Curly<'a> {
    src: &'a str,
    found: Vec<CurlyValue>,
    /// The last line of the flow read last: its lines are read as the flow's.
    flow_end: Option<usize>,
}

impl<'a> Curly<'a> {
    pub(super) fn new(src: &'a str) -> Self {
        Curly {
            src,
            found: Vec::new(),
            flow_end: None,
        }
    }

    /// Reads the next line of `src`.
    pub(super) fn read(&mut self, v: &ValueLine) {
        if self.flow_end.is_some_and(|end| v.index <= end) {
            return;
        }
        self.found.extend(curly_value(v));
        let (values, end) = curly_flow_values(self.src, v);
        self.found.extend(values);
        self.flow_end = Some(end);
    }

    /// The values that both start and end with a typographic mark.
    pub(super) fn found(mut self) -> Vec<CurlyValue> {
        self.found.retain(|c| c.closed);
        self.found
    }
}

/// The value of `src`'s `line` (1-based), if it starts with a typographic
/// quote mark before `column`: where the parser refuses a colon inside it
/// (in a flow, the last entry on that line that starts before `column`).
pub fn curly_at(src: &str, line: usize, column: usize) -> Option<CurlyValue> {
    let mut flow_end: Option<usize> = None;
    for v in value_lines(src).take_while(|v| v.index < line) {
        if flow_end.is_some_and(|end| v.index <= end) {
            continue;
        }
        if v.index + 1 == line
            && let Some(c) = curly_value(&v).filter(|c| c.column < column)
        {
            return Some(c);
        }
        let (values, end) = curly_flow_values(src, &v);
        if end + 1 >= line {
            return values
                .into_iter()
                .filter(|c| c.line == line)
                .rfind(|c| c.column < column);
        }
        flow_end = Some(end);
    }
    None
}

/// A special space where YAML needs an ordinary one: in a line's
/// indentation, or right after a key's colon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialSpace {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// The key it follows, or `None` when it is in the indentation.
    pub key: Option<String>,
    /// Its Unicode name for the help desk: `U+00A0`.
    pub code: String,
}

/// The first [`SpecialSpace`] in `src`'s first `upto` lines.
pub fn special_space(src: &str, upto: usize) -> Option<SpecialSpace> {
    src.lines().take(upto).enumerate().find_map(|(i, l)| {
        let found = |byte: usize, key: Option<&str>| {
            let c = l[byte..].chars().next().unwrap_or(' ');
            Some(SpecialSpace {
                line: i + 1,
                column: l[..byte].chars().count() + 1,
                key: key.map(str::to_string),
                code: code_point(c),
            })
        };
        let text = l.trim_start_matches(|c: char| c == ' ' || c == '\t' || is_special_space(c));
        let indent = &l[..l.len() - text.len()];
        if let Some(b) = indent.find(is_special_space) {
            return found(b, None);
        }
        // `key:` (or `- key:`) and a special space right after the colon.
        let item = text.strip_prefix("- ").unwrap_or(text);
        let colon = item.find(':')?;
        let key = &item[..colon];
        let after = item[colon + 1..].chars().next()?;
        let plain_key = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.');
        (plain_key && is_special_space(after))
            .then(|| found(l.len() - item.len() + colon + 1, Some(key)))
            .flatten()
    })
}

/// A quoted value whose text has the same quote mark inside it, which
/// ends it early: `"Saan "oman" avustajan."`, `'Let's go'`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlyClose {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters) of the quote mark that ends it.
    pub column: usize,
    /// The quote mark, `"` or `'`.
    pub quote: char,
    /// The word right after it (`oman`).
    pub word: String,
    /// The line with the marks inside written as the other kind (double
    /// quotes) or twice (single quotes).
    pub fix: String,
    /// The line with the whole value in the other kind of quotes.
    pub other: String,
}

/// The first [`EarlyClose`] in `src`'s first `upto` lines.
pub fn early_close(src: &str, upto: usize) -> Option<EarlyClose> {
    value_lines(src)
        .take_while(|v| v.index < upto)
        .find_map(|v| early_close_in(&v))
}

fn early_close_in(v: &ValueLine) -> Option<EarlyClose> {
    let quote = v.value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let body = &v.value[1..];
    // The byte (in `body`) of the mark that ends the quoted text.
    let end = quoted_end(body, quote)?;
    let after = &body[end + 1..];
    let next = after.trim_start();
    // The end of the line, a comment, or (a quoted key) a colon.
    if next.is_empty()
        || next.starts_with(':')
        || (next.starts_with('#') && next.len() < after.len())
    {
        return None;
    }
    let word: String = next
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != quote)
        .collect();
    let whole = v.value.trim_end();
    let text = whole
        .strip_suffix(quote)
        .filter(|_| whole.len() > 1)
        .unwrap_or(whole);
    let text = &text[1..];
    let (fix, other) = if quote == '"' {
        let inside = text.replace("\\\"", "'").replace('"', "'");
        (
            format!("\"{inside}\""),
            format!("'{}'", text.replace("\\\"", "\"").replace('\'', "''")),
        )
    } else {
        let plain = text.replace("''", "'");
        (
            format!("'{}'", plain.replace('\'', "''")),
            format!("\"{}\"", plain.replace('\\', "\\\\").replace('"', "\\\"")),
        )
    };
    Some(EarlyClose {
        line: v.index + 1,
        column: v.line[..v.value_at + 1 + end].chars().count() + 1,
        quote,
        word,
        fix: key_line(v.key, &fix),
        other: key_line(v.key, &other),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curly_quotes_are_found_at_the_start_of_a_value() {
        let src = "title: ”Henkilökohtainen apu”\nsummary: “Apu: heti”\n\
                   list:\n  - «Lainaus»\nnote: Hän sanoi ”moi”\nx: ”avoin\n\
                   body: |\n  ”ei tämä”\n";
        let found = curly_quoted(src);
        let brief: Vec<(usize, usize, &str, &str, &str)> = found
            .iter()
            .map(|c| {
                (
                    c.line,
                    c.column,
                    c.quotes.as_str(),
                    c.straight.as_str(),
                    c.bare.as_str(),
                )
            })
            .collect();
        assert_eq!(
            brief,
            [
                (
                    1,
                    8,
                    "” ”",
                    "title: \"Henkilökohtainen apu\"",
                    "title: Henkilökohtainen apu"
                ),
                (
                    2,
                    10,
                    "“ ”",
                    "summary: \"Apu: heti\"",
                    "summary: \"Apu: heti\""
                ),
                (4, 5, "« »", "- \"Lainaus\"", "- Lainaus"),
            ]
        );
        // Where the parser refuses the colon (1:14), the value that
        // starts with a curly mark before it.
        let c = curly_at("title: “Apu: kuukauden kuluessa”\n", 1, 12);
        assert_eq!(
            c.map(|c| (c.column, c.straight)),
            Some((8, "title: \"Apu: kuukauden kuluessa\"".to_string()))
        );
        assert_eq!(curly_at("title: Apu: ”x”\n", 1, 11), None);
    }

    /// `title: { fi: “Lupaus”, sv: “Löfte” }` pasted from Word: each
    /// value in the map or list, at its opening mark, its fix written as
    /// the entry.
    #[test]
    fn curly_quotes_are_found_in_flow_maps_and_lists() {
        let src = "title: { fi: “Lupaus”, sv: “Löfte” }\n\
                   tags: [“a, b”, ”c”, d, \"“e”\"]\n\
                   x: { fi: Hän sanoi “moi” }\n\
                   - { fi: «Lainaus» } # “kommentti”\n";
        let brief: Vec<(usize, usize, String, String)> = curly_quoted(src)
            .into_iter()
            .map(|c| (c.line, c.column, c.quotes, c.bare))
            .collect();
        assert_eq!(
            brief,
            [
                (1, 14, "“ ”".into(), "fi: Lupaus".into()),
                (1, 28, "“ ”".into(), "sv: Löfte".into()),
                (2, 16, "” ”".into(), "c".into()),
                (4, 9, "« »".into(), "fi: Lainaus".into()),
            ]
        );
        // A comma ends a plain value in a flow: `“a` and `b”` are two
        // values, neither in quotes; `"“e”"` is quoted as it should be.
        // A colon inside the curly text: the parser stops after it.
        let c = curly_at("title: { fi: “Lupaus: apu”, sv: x }\n", 1, 21);
        assert_eq!(
            c.map(|c| (c.column, c.straight)),
            Some((14, "fi: \"Lupaus: apu\"".to_string()))
        );
    }

    /// A flow map or list written over several lines: every entry's
    /// value is read, on whichever line it is, once; the lines of the flow
    /// are not read again as block lines, and the block after it is.
    #[test]
    fn curly_quotes_are_found_in_flows_over_several_lines() {
        let src = "title: { fi: “Lupaus”,\n  sv: “Löfte”,\n  en: “Promise” }\n\
                   organisation: {\n  fi: “Alue”, # “kommentti”\n\n  sv: 'Let''s, “x”',\n\
                   \x20 en: It's “y”, se: “Guovlu”\n}\n\
                   tags: [\n  “a”,\n  [“b”],\n]\n\
                   summary: “Apu”\n";
        let brief: Vec<(usize, usize, String)> = curly_quoted(src)
            .into_iter()
            .map(|c| (c.line, c.column, c.bare))
            .collect();
        assert_eq!(
            brief,
            [
                (1, 14, "fi: Lupaus".into()),
                (2, 7, "sv: Löfte".into()),
                (3, 7, "en: Promise".into()),
                (5, 7, "fi: Alue".into()),
                (8, 21, "se: Guovlu".into()),
                (11, 3, "a".into()),
                (12, 4, "b".into()),
                (14, 10, "summary: Apu".into()),
            ]
        );
        // A colon inside the curly text of a later line of the flow.
        let src = "title: {\n  fi: x,\n  sv: “Löfte: nu”, en: y }\n";
        let c = curly_at(src, 3, 13);
        assert_eq!(
            c.map(|c| (c.line, c.column, c.straight)),
            Some((3, 7, "sv: \"Löfte: nu\"".to_string()))
        );
        assert_eq!(curly_at(src, 2, 9), None);
    }

    #[test]
    fn special_spaces_are_found_after_a_key_and_in_the_indentation() {
        let s = special_space("title:\u{a0}Apu\nsummary: x\n", 9).unwrap();
        assert_eq!((s.line, s.column, s.key.as_deref()), (1, 7, Some("title")));
        assert_eq!(s.code, "U+00A0");
        let s = special_space("a:\n \u{202f}b: 1\n", 9).unwrap();
        assert_eq!((s.line, s.column, s.key), (2, 2, None));
        assert_eq!(s.code, "U+202F");
        // In the text, and after a line given as the end: none.
        assert_eq!(special_space("title: Apu\u{a0}kello 8:\u{a0}30\n", 9), None);
        assert_eq!(special_space("a: 1\nb:\u{a0}2\n", 1), None);
    }

    #[test]
    fn a_quote_inside_quotes_is_found_where_it_ends_the_text() {
        let e = early_close("a: 1\nresident_view: \"Saan \"oman\" avustajan.\"\n", 9).unwrap();
        assert_eq!((e.line, e.column, e.quote), (2, 22, '"'));
        assert_eq!(e.word, "oman");
        assert_eq!(e.fix, "resident_view: \"Saan 'oman' avustajan.\"");
        assert_eq!(e.other, "resident_view: 'Saan \"oman\" avustajan.'");
        let e = early_close("- 'Let's go'\n", 9).unwrap();
        assert_eq!((e.column, e.word.as_str()), (7, "s"));
        assert_eq!(e.fix, "- 'Let''s go'");
        assert_eq!(e.other, "- \"Let's go\"");
        // Closed at the end, before a comment, escaped, or a quoted key.
        for fine in [
            "a: \"x \\\"y\\\" z\"\n",
            "a: 'it''s'\n",
            "a: \"x\" # note\n",
            "- \"key\": value\n",
            "a: \"x\"\n",
        ] {
            assert_eq!(early_close(fine, 9), None, "{fine}");
        }
    }
}
