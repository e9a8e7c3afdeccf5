//! The one place that knows which YAML library `lupaus` uses.
//!
//! `serde_yaml` is unmaintained; keeping every call behind this module means a
//! maintained fork with the same API (for example `serde_yml` or
//! `serde_norway`) replaces it by changing the `use` line below. This module
//! parses and reports positions; it knows nothing of the content format.

use serde::de::DeserializeOwned;

use serde_yaml as backend;

mod pasted;
mod words;

pub use pasted::{CurlyValue, curly_quoted};

/// A parsed YAML value, for fields whose shape is checked by hand.
pub type Value = backend::Value;
/// A YAML mapping.
pub type Mapping = backend::Mapping;

/// A YAML problem with its position in the parsed text (1-based), if known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What the parser said, cleaned of its own position suffix.
    pub message: String,
    /// 1-based line within the parsed text.
    pub line: Option<usize>,
    /// 1-based column.
    pub column: Option<usize>,
    /// Whether the message names the real cause found in the text (a tab
    /// in the indentation, an unclosed quote), so callers add no guesses.
    pub diagnosed: bool,
    /// The catalog code of a diagnosed cause (`yaml.tab`), empty for the
    /// parser's own words; see [`Self::text_arg`].
    pub code: &'static str,
    /// The values of `code`'s message (the field, the value found).
    pub args: Vec<(&'static str, String)>,
}

impl YamlError {
    /// The message as a value for a catalog message: `@yaml.tab` for a
    /// cause lupaus names or a kind of the library's errors it knows
    /// (written in the reader's language, see [`crate::nested`]),
    /// else the parser's own (English) words.
    pub fn text_arg(&self) -> String {
        if self.code.is_empty() {
            self.message.clone()
        } else {
            crate::nested::nested(self.code, &self.args)
        }
    }

    /// Names the field `key` (`accessibility.method`) in front of the
    /// message where the library's words do not, or name only the block it
    /// is in (a value that fits none of a type's forms, such as a text for
    /// every language or one per language); `true` when it did, and the
    /// error's place is then not the field's either.
    fn name_field(&mut self, key: &str) -> bool {
        let names_block = |at: &str| {
            at.strip_prefix('`')
                .and_then(|a| a.strip_suffix("`: "))
                .is_some_and(|block| key.strip_prefix(block).is_some_and(|r| r.starts_with('.')))
        };
        match self.args.iter_mut().find(|(k, _)| *k == "at") {
            Some((_, at)) if at.is_empty() || names_block(at) => {
                *at = format!("`{key}`: ");
                true
            }
            Some(_) => false,
            None if self.code.is_empty() && !self.message.starts_with(key) => {
                self.message = format!("`{key}`: {}", self.message);
                true
            }
            None => false,
        }
    }

    fn from_backend(e: backend::Error) -> Self {
        let (line, column) = match e.location() {
            Some(loc) => (Some(loc.line()), Some(loc.column())),
            None => (None, None),
        };
        let mut message = e.to_string();
        // A key without its colon: libyaml gives up at the next token, a
        // line or more below; the line that lacks the colon is where the
        // key it was reading began.
        let (line, column) =
            simple_key_start(&message).map_or((line, column), |(l, c)| (Some(l), Some(c)));
        // serde_yaml appends " at line L column C"; the position is shown in front instead.
        if let Some(i) = message.find(" at line ") {
            message.truncate(i);
        }
        let (code, args) = words::classify(&message).unwrap_or(("", Vec::new()));
        message.push_str(hint(&message));
        YamlError {
            message,
            line,
            column,
            diagnosed: false,
            code,
            args,
        }
    }
}

/// Where the key began that libyaml found no `:` after (1-based), from
/// its words "could not find expected ':' at line 8 column 1, while
/// scanning a simple key at line 7 column 1": the line `order 1` (or the
/// first line of a text that ran on over lines, `summary Kun…`), while
/// its own place is the next key's. A mark at the very start of the text
/// is not written (line 1, column 1).
fn simple_key_start(message: &str) -> Option<(usize, usize)> {
    if !message.starts_with("could not find expected ':'") {
        return None;
    }
    let (_, context) = message.split_once(", while scanning a simple key")?;
    let Some(at) = context.strip_prefix(" at line ") else {
        return Some((1, 1));
    };
    let (line, column) = at.split_once(" column ")?;
    Some((line.parse().ok()?, column.trim().parse().ok()?))
}

/// What to write instead, for the type errors writers make most.
fn hint(message: &str) -> &'static str {
    let has = |s: &str| message.contains(s);
    if has("expected a boolean") {
        "; write true or false"
    } else if has("expected a sequence") {
        "; write a list: [a, b] on one line, or one `- item` per line"
    } else if has("expected f64") {
        "; write a plain number such as 7 or 6.5, without a unit"
    } else if has("expected i64") || has("expected u32") || has("expected u64") {
        "; write a whole number such as 2 or 10, without decimals or a unit"
    } else if has("expected a string") {
        "; write text here (in quotes if it starts with a special character)"
    } else if has("expected a map") || has("expected struct") {
        "; write the fields as `key: value` lines indented under it"
    } else {
        ""
    }
}

/// Parses `src` into `T`. Every error has a position: where the YAML
/// library gives none (an alias bomb, a second document, a bad merge key),
/// the likeliest place in `src` is named instead.
pub fn from_str<T: DeserializeOwned>(src: &str) -> Result<T, YamlError> {
    backend::from_str(src).map_err(|e| placed(src, e))
}

/// The fields a struct read one by one could not read: each field's key
/// and why (see [`field_from_str`]).
pub type FieldErrors = Vec<(&'static str, YamlError)>;

/// Parses only the value of `key` in the mapping `src` into `T`, as
/// [`from_str`] parses it as a field of a struct (`None` when `key` is not
/// there): the same error, at the same place, with the same field named in
/// front (`draft: ...`, `decision.date: ...`; where the library's words
/// name no field, `key` is named and the error placed at its value). The
/// other keys' values are not looked at, so that a struct's fields can be
/// read one by one and every field with a wrong value told, not only the
/// first.
pub fn field_from_str<T: DeserializeOwned>(src: &str, key: &str) -> Result<Option<T>, YamlError> {
    field_at(src, &[key])
}

/// [`field_from_str`] for a field of a nested mapping: `path` is the keys
/// from the top down (`["accessibility", "contact_email"]`), and the field
/// is named by them joined with dots where the library's words name none.
/// `None` when a key on the way is not there.
pub fn field_at<T: DeserializeOwned>(src: &str, path: &[&str]) -> Result<Option<T>, YamlError> {
    use serde::de::DeserializeSeed;
    Field::<T> {
        path,
        wanted: std::marker::PhantomData,
    }
    .deserialize(backend::Deserializer::from_str(src))
    .map_err(|e| {
        let mut err = placed(src, e);
        if err.name_field(&path.join(".")) {
            let (line, column) = place_key(src, path);
            err.line = Some(line);
            err.column = Some(column);
        }
        err
    })
}

/// [`field_at`]'s reader: a mapping of which only the first key of `path`
/// is read, the rest of the path in its value.
struct Field<'k, T> {
    path: &'k [&'k str],
    wanted: std::marker::PhantomData<T>,
}

impl<'de, T: DeserializeOwned> serde::de::DeserializeSeed<'de> for Field<'_, T> {
    type Value = Option<T>;

    fn deserialize<D: serde::Deserializer<'de>>(self, de: D) -> Result<Option<T>, D::Error> {
        // As a struct, so that the library reads it as it reads one.
        de.deserialize_struct("Field", &[], self)
    }
}

impl<'de, T: DeserializeOwned> serde::de::Visitor<'de> for Field<'_, T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Option<T>, A::Error> {
        let Some((first, rest)) = self.path.split_first() else {
            return Ok(None);
        };
        let mut found = None;
        while let Some(key) = map.next_key::<Value>()? {
            if found.is_none() && key.as_str() == Some(*first) {
                found = if rest.is_empty() {
                    Some(map.next_value::<T>()?)
                } else {
                    map.next_value_seed(Field::<T> {
                        path: rest,
                        wanted: std::marker::PhantomData,
                    })?
                };
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// The library's error `e` in `src`, placed: every error has a position
/// (see [`from_str`]), the cause a writer can act on where the library's
/// words mislead.
fn placed(src: &str, e: backend::Error) -> YamlError {
    let mut err = YamlError::from_backend(e);
    if err.line.is_none() {
        if err.message == "repetition limit exceeded" {
            err.message = "the aliases (`*name`) repeat their anchors' values too many times \
                           (an alias bomb); write the values out instead of repeating them with aliases"
                .into();
            err.code = "yaml.alias_bomb";
        }
        let (line, column) = unplaced_position(src, &err.message);
        err.line = Some(line);
        err.column = Some(column);
    }
    if let Some(cause) = real_cause(src, err.line, err.column, &err.message) {
        return cause;
    }
    // At an unexpected end the library points past the last line of a
    // text without a final line break: name the end of the last line.
    let last = src.split('\n').count();
    if err.line.is_some_and(|l| l > last) {
        err.line = Some(last);
        err.column = Some(src.rsplit('\n').next().unwrap_or("").chars().count() + 1);
    }
    err
}

/// The cause a writer can act on, where the parser's own message misleads:
/// a tab or a special space (a non-breaking one) in a line's indentation
/// (YAML indents with spaces only), a special space after a key's colon,
/// a quoted value ended early by a quote mark inside it, a value in
/// typographic quotes with a colon inside, or a quote opened and never
/// closed (named at the line it opened, not where the parser gave up).
/// `None` when none is in `src` up to `line`.
fn real_cause(
    src: &str,
    line: Option<usize>,
    column: Option<usize>,
    message: &str,
) -> Option<YamlError> {
    let upto = line.unwrap_or(usize::MAX);
    // The message in English words for a reader of this module's errors;
    // the catalog's `code` says it in the writer's language.
    let cause = |line: usize, column: usize, message: &str, code, args| YamlError {
        message: message.to_string(),
        line: Some(line),
        column: Some(column),
        diagnosed: true,
        code,
        args,
    };
    let tab = src.lines().enumerate().take(upto).find_map(|(i, l)| {
        let indent = &l[..l.len() - l.trim_start().len()];
        indent.find('\t').map(|col| (i + 1, col + 1))
    });
    let special = pasted::special_space(src, upto);
    match (tab, special) {
        (Some((tl, tc)), s) if s.as_ref().is_none_or(|s| tl <= s.line) => {
            return Some(YamlError {
                message: "this line is indented with a tab, and YAML indents with spaces only; replace the tab with spaces (as many as the lines above use)".into(),
                line: Some(tl),
                column: Some(tc),
                diagnosed: true,
                code: "yaml.tab",
                args: Vec::new(),
            });
        }
        (_, Some(s)) => {
            return Some(match s.key {
                Some(key) => cause(
                    s.line,
                    s.column,
                    "a special space after a key's colon",
                    "yaml.special_space_after_key",
                    vec![("key", key), ("code", s.code)],
                ),
                None => cause(
                    s.line,
                    s.column,
                    "a special space in the indentation",
                    "yaml.special_space_indent",
                    vec![("code", s.code)],
                ),
            });
        }
        _ => {}
    }
    if let Some(e) = pasted::early_close(src, upto) {
        let code = if e.quote == '"' {
            "yaml.quote_inside_double"
        } else {
            "yaml.quote_inside_single"
        };
        return Some(cause(
            e.line,
            e.column,
            "a quote mark inside the quoted text ends it",
            code,
            vec![("word", e.word), ("fix", e.fix), ("other", e.other)],
        ));
    }
    // In a `{ }` or `[ ]` flow the parser wants a comma or the bracket
    // after the colon instead.
    let colon = message.contains("mapping values are not allowed")
        || message.contains("did not find expected ',' or");
    if colon && let Some(c) = pasted::curly_at(src, upto, column.unwrap_or(usize::MAX)) {
        return Some(cause(
            c.line,
            c.column,
            "a value in curly quotes with a colon inside",
            "yaml.curly_quotes",
            vec![("quotes", c.quotes), ("fix", c.straight)],
        ));
    }
    // A quoted text may span lines; only when the parser ran off its end.
    if !message.contains("quoted scalar") && !message.contains("end of stream") {
        return None;
    }
    for (i, l) in src.lines().enumerate().take(upto) {
        if l.trim_start().starts_with('#') {
            continue;
        }
        // The value after `key: ` or `- `.
        let value_at = l.find(": ").map(|p| p + 2).or_else(|| {
            l.trim_start()
                .starts_with("- ")
                .then(|| l.len() - l.trim_start().len() + 2)
        });
        let Some(at) = value_at else { continue };
        let value = l[at..].trim_start();
        let start = at + (l[at..].len() - value.len());
        let Some(q) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let closed = quoted_end(&value[1..], q).is_some();
        if !closed && i + 1 < upto {
            return Some(YamlError {
                message: format!(
                    "the text that starts with {q} here is never closed; end it with {q} on this line"
                ),
                line: Some(i + 1),
                column: Some(l[..start].chars().count() + 1),
                diagnosed: true,
                code: if q == '"' {
                    "yaml.unclosed_double"
                } else {
                    "yaml.unclosed_single"
                },
                args: Vec::new(),
            });
        }
    }
    None
}

/// Where to place an error that the YAML library gives no position for.
fn unplaced_position(src: &str, message: &str) -> (usize, usize) {
    let lines = || src.lines().enumerate().map(|(i, l)| (i + 1, l));
    let col = |l: &str, byte: usize| l[..byte].chars().count() + 1;
    let found = if message.contains("alias") {
        lines().find_map(|(n, l)| alias_at(l).map(|b| (n, col(l, b))))
    } else if message.contains("more than one document") {
        lines()
            .skip(1)
            .find(|(_, l)| l.starts_with("---") || l.starts_with("..."))
            .map(|(n, _)| (n, 1))
    } else if message.contains("merge") {
        lines().find_map(|(n, l)| l.find("<<").map(|b| (n, col(l, b))))
    } else {
        None
    };
    found
        .or_else(|| {
            lines()
                .find(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
                .map(|(n, l)| (n, col(l, l.len() - l.trim_start().len())))
        })
        .unwrap_or((1, 1))
}

/// Byte offset of the first alias (`*name`) in a line, outside quotes and
/// comments.
fn alias_at(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && prev.is_whitespace() => return None,
            None if c == '*'
                && (prev.is_whitespace() || "[{,:-".contains(prev))
                && chars
                    .peek()
                    .is_some_and(|&(_, n)| !n.is_whitespace() && !",[]{}".contains(n)) =>
            {
                return Some(i);
            }
            None => {}
        }
        prev = c;
    }
    None
}

/// Converts an already parsed value into `T` (no position is known then).
pub fn from_value<T: DeserializeOwned>(v: Value) -> Result<T, YamlError> {
    backend::from_value(v).map_err(YamlError::from_backend)
}

/// Where a key's value stands in `src`: the 1-based (line, column) of the
/// value after `key:` for the path of keys given (each deeper key must be more
/// indented than its parent). Used to place errors found after parsing, such
/// as an unknown indicator id, where the YAML library gives no position.
pub fn locate_key(src: &str, path: &[&str]) -> Option<(usize, usize)> {
    if path.is_empty() {
        return None;
    }
    let mut depth = 0;
    let mut parent_indent: Option<usize> = None;
    // The indentation of the block's own keys, set by its first key line:
    // a line indented deeper belongs to one of their values (`source:`'s
    // `name` is not the indicator's `name`). A line that opens a flow
    // (`{title: T,` and `  slug: s}` on the next) sets none: the flow's
    // keys are found on its lines as before.
    let mut keys_indent: Option<usize> = None;
    for (i, line) in src.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(p) = parent_indent
            && indent <= p
        {
            return None; // left the parent's block without finding the key
        }
        if !trimmed.starts_with(['{', '[']) && indent > *keys_indent.get_or_insert(indent) {
            continue;
        }
        let want = path[depth];
        let rest = trimmed
            .strip_prefix(want)
            .and_then(|r| r.trim_start().strip_prefix(':'));
        if let Some(rest) = rest {
            if depth + 1 == path.len() {
                let value_col = line.len() - rest.trim_start().len() + 1;
                let col = if rest.trim().is_empty() {
                    indent + 1
                } else {
                    value_col
                };
                return Some((i + 1, col));
            }
            depth += 1;
            parent_indent = Some(indent);
            keys_indent = None;
        }
    }
    None
}

/// Where a key stands, for a message that must have a place: as
/// [`locate_key`], else where the innermost key's text first stands after
/// its parent key's place (a key in a `{flow: map}` or in quotes; written as
/// a key, `name:` or `"name":`, if it is anywhere so), else where its
/// nearest parent stands, else the first line with content.
pub fn place_key(src: &str, path: &[&str]) -> (usize, usize) {
    (0..=path.len())
        .rev()
        .find_map(|n| find_key(src, &path[..n]))
        .unwrap_or_else(|| unplaced_position(src, ""))
}

/// Where the innermost key itself is written (its first character), for a
/// message about the key rather than its value (`tittle: …` is told at
/// `tittle`); else as [`place_key`].
pub fn place_key_name(src: &str, path: &[&str]) -> (usize, usize) {
    let (line, column) = place_key(src, path);
    let Some(key) = path.last() else {
        return (line, column);
    };
    let text = src.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let value_at = text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(b, _)| b);
    // The last place the key is written as a key (`key:`) at or before
    // the value's column: in a flow map the column may be the key's own.
    let mut last = None;
    let mut start = 0;
    while let Some(p) = key_at(&text[start..], key) {
        let at = start + p;
        if at > value_at {
            break;
        }
        last = Some(at);
        start = at + key.len();
    }
    match last {
        Some(at) => (line, text[..at].chars().count() + 1),
        None => (line, column),
    }
}

/// Where a key is written, if it is (also in a `{flow: map}` or in
/// quotes): [`place_key`] without falling back to a parent.
pub fn written_key(src: &str, path: &[&str]) -> Option<(usize, usize)> {
    find_key(src, path)
}

/// [`place_key`] without its last resort.
fn find_key(src: &str, path: &[&str]) -> Option<(usize, usize)> {
    if let Some(pos) = locate_key(src, path) {
        return Some(pos);
    }
    let (key, parents) = path.split_last()?;
    if key.is_empty() {
        return None;
    }
    // Search only in the parent's value, so that a field of one entry is
    // not placed in another entry that has the same field (an indicator
    // without `decimals` at the next indicator's); a field whose parent is
    // not written is not written either.
    let scope = match parents.last() {
        Some(parent) => value_scope(src, parent, find_key(src, parents)?),
        None => whole_scope(src),
    };
    let place =
        |part: &Part, at: usize| (part.line, part.text[..part.start + at].chars().count() + 1);
    scope
        .iter()
        .find_map(|p| key_at(p.slice(), key).map(|b| place(p, b)))
        .or_else(|| {
            scope
                .iter()
                .find_map(|p| find_word(p.slice(), key).map(|b| place(p, b)))
        })
}

/// A part of one line of a text, where a key is searched for.
struct Part<'a> {
    /// 1-based line number.
    line: usize,
    /// The whole line.
    text: &'a str,
    /// Byte where the part starts in `text`.
    start: usize,
    /// Byte where it ends.
    end: usize,
}

impl<'a> Part<'a> {
    fn slice(&self) -> &'a str {
        &self.text[self.start..self.end]
    }
}

/// Every line of `src`, whole: where a key with no parent is searched for.
fn whole_scope(src: &str) -> Vec<Part<'_>> {
    src.lines()
        .enumerate()
        .map(|(i, text)| Part {
            line: i + 1,
            text,
            start: 0,
            end: text.len(),
        })
        .collect()
}

/// Where the value of `key`, found at `at` (1-based line and column of the
/// key or of its value), is written: the fields of that value are searched
/// for there only. A flow value (`{…}`, `[…]`) ends at its closing bracket;
/// any other runs from the key's line to the first later line that is
/// indented no deeper than it (a list `- …` at the key's own indentation,
/// after a key with nothing after its colon, is still its value). Comment
/// lines are left out.
fn value_scope<'a>(src: &'a str, key: &str, at: (usize, usize)) -> Vec<Part<'a>> {
    let lines: Vec<&str> = src.lines().collect();
    let Some(first) = at.0.checked_sub(1).and_then(|i| lines.get(i)) else {
        return Vec::new();
    };
    let start = first
        .char_indices()
        .nth(at.1.saturating_sub(1))
        .map_or(first.len(), |(b, _)| b);
    let value = value_start(first, start, key);
    if first[value..].starts_with(['{', '[']) {
        return flow_scope(&lines, at.0, value);
    }
    let indent = first.len() - first.trim_start().len();
    let empty = first[value..].trim().is_empty() || first[value..].starts_with('#');
    let mut parts = vec![Part {
        line: at.0,
        text: first,
        start: value,
        end: first.len(),
    }];
    for (i, text) in lines.iter().enumerate().skip(at.0) {
        let trimmed = text.trim_start();
        let deeper = text.len() - trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if deeper < indent || (deeper == indent && !(empty && trimmed.starts_with('-'))) {
            break;
        }
        parts.push(Part {
            line: i + 1,
            text,
            start: 0,
            end: text.len(),
        });
    }
    parts
}

/// The byte in `line` where the value after `key` starts, when `key` is
/// written at byte `at` (`key: value`, `"key": value`); else `at` itself
/// (the place is already the value's).
fn value_start(line: &str, at: usize, key: &str) -> usize {
    let rest = &line[at..];
    if key_at(rest, key) != Some(0) {
        return at;
    }
    let after_key = rest[key.len()..]
        .trim_start_matches(['"', '\''])
        .trim_start();
    let value = after_key
        .strip_prefix(':')
        .unwrap_or(after_key)
        .trim_start();
    line.len() - value.len()
}

/// A flow value's parts, from its opening bracket at byte `at` of line
/// `line` (1-based) to its closing one; to the end of the text if it is not
/// closed. Brackets inside quoted texts and comments are not counted.
fn flow_scope<'a>(lines: &[&'a str], line: usize, at: usize) -> Vec<Part<'a>> {
    let from = lines.get(line.saturating_sub(1)..).unwrap_or_default();
    let flow = walk_flow(from.iter().copied(), at, |_, _, _, _| {});
    from.iter()
        .take(flow.line + 1)
        .enumerate()
        .map(|(i, text)| Part {
            line: line + i,
            text,
            start: if i == 0 { at } else { 0 },
            end: match flow.end {
                Some(end) if i == flow.line => end,
                _ => text.len(),
            },
        })
        .collect()
}

/// Where a flow that [`walk_flow`] walked ends.
struct FlowEnd {
    /// The index, among the lines walked, of the line of its closing
    /// bracket; of the last line when it is not closed.
    line: usize,
    /// The byte after its closing bracket on that line; `None` when it is
    /// not closed (the parser says so).
    end: Option<usize>,
}

/// Walks a flow collection (`{ … }`, `[ … ]`) as the YAML parser reads it,
/// from its opening bracket at byte `at` of the first of `lines` to its
/// closing one. Quoted texts are passed over (a quote mark after one of
/// `{[,:` opens one; elsewhere, as in `Let's`, it is a character of a
/// plain text), and so are comments. Only a space or a tab is a space: a
/// non-breaking space pasted from a word processor is a character of a
/// plain text to the parser, so a quote mark after one opens nothing, and
/// reading it otherwise would run past the bracket that ends the flow.
/// `each(index, line, byte, c)` is given every other character, with its
/// line and that line's index among `lines`.
fn walk_flow<'a>(
    lines: impl IntoIterator<Item = &'a str>,
    at: usize,
    mut each: impl FnMut(usize, &'a str, usize, char),
) -> FlowEnd {
    let mut depth = 0usize;
    // The straight quote mark of a quoted text not closed yet (it may go
    // on to the next line).
    let mut quote: Option<char> = None;
    // The last character that is not a space.
    let mut prev = ' ';
    let mut last = 0;
    for (index, text) in lines.into_iter().enumerate() {
        last = index;
        let mut b = if index == 0 { at } else { 0 };
        while b < text.len() {
            let rest = &text[b..];
            let Some(c) = rest.chars().next() else { break };
            if let Some(q) = quote {
                match quoted_end(rest, q) {
                    Some(e) => {
                        b += e + 1;
                        quote = None;
                        prev = q;
                    }
                    None => b = text.len(),
                }
                continue;
            }
            if c == ' ' || c == '\t' {
                b += 1;
                continue;
            }
            if c == '#' && (b == 0 || text[..b].ends_with([' ', '\t'])) {
                break; // a comment, to the end of the line
            }
            each(index, text, b, c);
            match c {
                '"' | '\'' if matches!(prev, '{' | '[' | ',' | ':') => quote = Some(c),
                '{' | '[' => depth += 1,
                '}' | ']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return FlowEnd {
                            line: index,
                            end: Some(b + 1),
                        };
                    }
                }
                _ => {}
            }
            prev = c;
            b += c.len_utf8();
        }
    }
    FlowEnd {
        line: last,
        end: None,
    }
}

/// Byte offset of `key` written as a key in `line` (`key:`, `"key":`), a
/// whole word.
fn key_at(line: &str, key: &str) -> Option<usize> {
    let mut start = 0;
    while let Some(p) = find_word(&line[start..], key) {
        let at = start + p;
        let after = line[at + key.len()..].trim_start_matches(['"', '\'']);
        if after.trim_start().starts_with(':') {
            return Some(at);
        }
        start = at + key.len();
    }
    None
}

/// Where the `n`th item (0-based) of a block or flow list under `key` stands:
/// (line, column), falling back to the key's own position.
pub fn locate_item(src: &str, key: &str, item: &str) -> Option<(usize, usize)> {
    let (kline, kcol) = locate_key(src, &[key])?;
    for (i, line) in src.lines().enumerate().skip(kline - 1) {
        if i + 1 > kline && !line.starts_with([' ', '\t', '-']) {
            break;
        }
        let hay = if i + 1 == kline {
            &line[kcol.saturating_sub(1).min(line.len())..]
        } else {
            line
        };
        let offset = line.len() - hay.len();
        if let Some(pos) = find_word(hay, item) {
            return Some((i + 1, offset + pos + 1));
        }
    }
    Some((kline, kcol))
}

fn find_word(hay: &str, word: &str) -> Option<usize> {
    if word.is_empty() {
        return None; // an empty word would be found everywhere, forever
    }
    let bytes = hay.as_bytes();
    let mut start = 0;
    while let Some(p) = hay[start..].find(word) {
        let at = start + p;
        let end = at + word.len();
        let ok_before = at == 0 || !is_id_byte(bytes[at - 1]);
        let ok_after = end >= bytes.len() || !is_id_byte(bytes[end]);
        if ok_before && ok_after {
            return Some(at);
        }
        start = end;
    }
    None
}

fn is_id_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// A `#` that YAML reads as the start of a comment where a writer likely
/// meant it as text: `resident_view: #minäkin` (the value is left empty)
/// or `title: Neuvola #2` (the title ends before it). Only a `#` directly
/// followed by a letter or digit, at the start of a plain (unquoted) value
/// or after a space in one; `key: # a note` stays a comment, and so do
/// whole comment lines and the lines of a `|` or `>` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashComment {
    /// 1-based line of the `#` in the source.
    pub line: usize,
    /// 1-based column of the `#` (in characters).
    pub column: usize,
    /// The key whose value it cuts (empty for a list item).
    pub key: String,
    /// What YAML reads as the value (may be empty).
    pub kept: String,
    /// What it leaves out, from the `#` to the end of the line.
    pub dropped: String,
}

impl HashComment {
    /// The line written with its whole value in quotes: `key: "a #b"`
    /// (single quotes when the value has a double quote).
    pub fn quoted(&self) -> String {
        let whole = if self.kept.is_empty() {
            self.dropped.clone()
        } else {
            format!("{} {}", self.kept, self.dropped)
        };
        key_line(&self.key, &quoted(&whole))
    }
}

/// Every [`HashComment`] in `src`, in line order.
pub fn hash_comments(src: &str) -> Vec<HashComment> {
    value_lines(src).filter_map(|v| hash_comment(&v)).collect()
}

/// The [`HashComment`] of a line, if its plain value has one.
fn hash_comment(v: &ValueLine) -> Option<HashComment> {
    let value = v.value;
    if value.starts_with(['"', '\'', '[', '{', '&', '*', '!', '|', '>']) {
        return None;
    }
    let bytes = value.as_bytes();
    let j = (0..bytes.len()).find(|&j| {
        bytes[j] == b'#'
            && (j == 0 || bytes[j - 1] == b' ' || bytes[j - 1] == b'\t')
            && value[j + 1..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
    })?;
    Some(HashComment {
        line: v.index + 1,
        column: v.line[..v.value_at + j].chars().count() + 1,
        key: v.key.to_string(),
        kept: value[..j].trim_end().to_string(),
        dropped: value[j..].trim_end().to_string(),
    })
}

/// What a writer likely did not mean in the values of `src`, found in one
/// walk over its lines: the [`HashComment`]s and the values in typographic
/// quotes ([`curly_quoted`]'s), each in line order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValueFindings {
    /// `#` that YAML reads as a comment ([`hash_comments`]).
    pub hash_comments: Vec<HashComment>,
    /// Values in typographic quotes ([`curly_quoted`]).
    pub curly: Vec<CurlyValue>,
}

/// The [`ValueFindings`] of `src`: [`hash_comments`] and [`curly_quoted`]
/// in one walk over the lines instead of one each.
pub fn value_findings(src: &str) -> ValueFindings {
    let mut hash_comments = Vec::new();
    let mut curly = pasted::Curly::new(src);
    for v in value_lines(src) {
        hash_comments.extend(hash_comment(&v));
        curly.read(&v);
    }
    ValueFindings {
        hash_comments,
        curly: curly.found(),
    }
}

/// One `key: value`, `- value` or `- key: value` line of a block, as
/// written: not a comment, nor a line of a `|` or `>` block (whose text
/// is kept as it is).
struct ValueLine<'a> {
    /// 0-based line number.
    index: usize,
    /// The whole line.
    line: &'a str,
    /// The key (empty for a list item's value).
    key: &'a str,
    /// From the value's first character to the end of the line (may be
    /// empty).
    value: &'a str,
    /// The byte where `value` starts in `line`.
    value_at: usize,
    /// The byte where `line` starts in the source.
    start: usize,
}

/// The [`ValueLine`]s of `src`, in line order.
fn value_lines(src: &str) -> impl Iterator<Item = ValueLine<'_>> {
    // The indentation a `|` or `>` block's lines are deeper than.
    let mut block: Option<usize> = None;
    let mut next = 0;
    src.lines().enumerate().filter_map(move |(index, line)| {
        // `lines` leaves out a `\n` or `\r\n` after each line.
        let start = next;
        next += line.len();
        if src.as_bytes().get(next) == Some(&b'\r') {
            next += 1;
        }
        next += 1;
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if let Some(b) = block {
            if trimmed.is_empty() || indent > b {
                return None;
            }
            block = None;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return None;
        }
        let (item, rest) = match trimmed.strip_prefix("- ") {
            Some(r) => (true, r.trim_start_matches(' ')),
            None => (false, trimmed),
        };
        let (key, value) = match split_key(rest) {
            Some(kv) => kv,
            None if item => ("", rest),
            None => return None,
        };
        let value = value.trim_start_matches(' ');
        if value.starts_with(['|', '>']) {
            block = Some(indent);
        }
        Some(ValueLine {
            index,
            line,
            key,
            value,
            value_at: line.len() - value.len(),
            start,
        })
    })
}

/// The byte in `body` (a quoted text after its opening `quote`) of the
/// mark that ends it: in double quotes the first `"` not escaped with `\\`,
/// in single quotes the first `'` not doubled (`''` is a quote mark inside
/// the text). `None` when the text is not closed in `body`.
fn quoted_end(body: &str, quote: char) -> Option<usize> {
    if quote == '"' {
        let mut escaped = false;
        body.char_indices().find_map(|(i, c)| {
            let end = c == '"' && !escaped;
            escaped = c == '\\' && !escaped;
            end.then_some(i)
        })
    } else {
        let b = body.as_bytes();
        let mut i = 0;
        loop {
            let j = i + body[i..].find('\'')?;
            if b.get(j + 1) == Some(&b'\'') {
                i = j + 2;
            } else {
                break Some(j);
            }
        }
    }
}

/// `text` in quotes, as a value YAML reads back as `text`: double quotes,
/// or single ones when it has a double quote or a backslash (which would
/// start a code in double quotes).
fn quoted(text: &str) -> String {
    if text.contains(['"', '\\']) {
        format!("'{}'", text.replace('\'', "''"))
    } else {
        format!("\"{text}\"")
    }
}

/// A line with `value` under `key`: `key: value`, or `- value` for a list
/// item (an empty key).
fn key_line(key: &str, value: &str) -> String {
    if key.is_empty() {
        format!("- {value}")
    } else {
        format!("{key}: {value}")
    }
}

/// `key: value` split at its colon, when `text` starts with a plain key.
fn split_key(text: &str) -> Option<(&str, &str)> {
    let colon = text
        .find(": ")
        .or_else(|| text.strip_suffix(':').map(str::len))?;
    let key = &text[..colon];
    (!key.is_empty() && !key.contains(['#', '"', '\'', ' ']))
        .then(|| (key, text.get(colon + 1..).unwrap_or("")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One walk finds what the two finders find on their own, in Windows
    /// line ends too: a flow over several lines is read on from where its
    /// first line starts in the text.
    #[test]
    fn one_walk_finds_the_hash_comments_and_the_curly_quotes() {
        for end in ["\n", "\r\n"] {
            let src = [
                "title: Neuvola #2",
                "organisation: { fi: “Alue”,",
                "  sv: “Område” }",
                "body: |",
                "  “ei tämä” #eikä",
                "summary: “Apu” ",
                "- #kolme",
            ]
            .join(end);
            let found = value_findings(&src);
            assert_eq!(found.hash_comments, hash_comments(&src));
            assert_eq!(found.curly, curly_quoted(&src));
            let hashes: Vec<(usize, usize)> = found
                .hash_comments
                .iter()
                .map(|h| (h.line, h.column))
                .collect();
            assert_eq!(hashes, [(1, 16), (7, 3)]);
            let curly: Vec<(usize, usize, &str)> = found
                .curly
                .iter()
                .map(|c| (c.line, c.column, c.bare.as_str()))
                .collect();
            assert_eq!(
                curly,
                [
                    (2, 21, "fi: Alue"),
                    (3, 7, "sv: Område"),
                    (6, 10, "summary: Apu")
                ]
            );
        }
    }

    #[test]
    fn a_key_itself_is_placed_at_its_first_character() {
        let src = "title: A\ntittle: Lääkäri\nbrand:\n  colur: \"#fff\"\nx: {tittle: B}\n";
        assert_eq!(place_key_name(src, &["tittle"]), (2, 1));
        assert_eq!(place_key_name(src, &["brand", "colur"]), (4, 3));
        assert_eq!(
            place_key(src, &["tittle"]),
            (2, 9),
            "the value's place, as before"
        );
        // An empty value: the key's place either way.
        assert_eq!(place_key_name("a:\nb:\n", &["b"]), (2, 1));
        // A flow map, where the place is the key's own and the key's
        // letters also end another key: the key written as a key.
        assert_eq!(place_key_name("ab: {b: 1}\n", &["b"]), (1, 6));
    }

    #[test]
    fn a_hash_before_a_word_is_found_where_it_cuts_a_plain_value() {
        let src = "title: Neuvola #2\nresident_view: #minäkin pääsen\n\
                   summary: \"Tänään #1\"\nindicators:\n  - #odotus\n\
                   decision: # the council\n  body: Valtuusto # 12 members\n\
                   # a comment #line\nnote: |\n  keep #this\nlast: a#b\n";
        let found = hash_comments(src);
        let brief: Vec<(usize, usize, &str, &str, &str)> = found
            .iter()
            .map(|h| {
                (
                    h.line,
                    h.column,
                    h.key.as_str(),
                    h.kept.as_str(),
                    h.dropped.as_str(),
                )
            })
            .collect();
        assert_eq!(
            brief,
            [
                (1, 16, "title", "Neuvola", "#2"),
                (2, 16, "resident_view", "", "#minäkin pääsen"),
                (5, 5, "", "", "#odotus"),
            ]
        );
    }

    #[test]
    fn a_tab_and_an_unclosed_quote_are_named_where_they_are() {
        let e = from_str::<Mapping>("title: x\n\tsummary: y\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(1)));
        assert!(e.message.contains("tab") && e.diagnosed, "{}", e.message);
        let e = from_str::<Mapping>("a: 1\ntitle: \"Hei\nsummary: x\nc: 2\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(8)), "{}", e.message);
        assert!(e.message.contains("never closed"), "{}", e.message);
        // `''` inside single quotes is a quote mark, not the end.
        let e = from_str::<Mapping>("a: 1\ntitle: 'it''s\nsummary: x\nc: 2\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(8)), "{}", e.message);
        assert!(e.message.contains("never closed"), "{}", e.message);
        // A quote closed on its line is not blamed.
        let e = from_str::<Mapping>("title: \"Hei\"\nx: [\n").unwrap_err();
        assert!(!e.diagnosed, "{}", e.message);
    }

    /// A field read on its own fails as the whole struct does (the same
    /// words, the same place, the field named in front, also a nested
    /// one), and the other fields' values are not looked at.
    #[test]
    fn a_field_read_on_its_own_fails_as_in_the_whole() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Decision {
            date: Option<String>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct T {
            draft: Option<bool>,
            decision: Option<Decision>,
        }
        let src = "title: 12\ndraft: kyllä\ndecision:\n  date: [1]\n";
        let whole = from_str::<T>(src).unwrap_err();
        assert_eq!(field_from_str::<bool>(src, "draft"), Err(whole));
        let nested = field_from_str::<Decision>(src, "decision").unwrap_err();
        assert_eq!((nested.line, nested.column), (Some(4), Some(9)));
        assert!(nested.message.starts_with("decision.date: "), "{nested:?}");
        // Read as text, as in the whole; absent: nothing.
        assert_eq!(
            field_from_str::<String>(src, "title"),
            Ok(Some("12".into()))
        );
        assert_eq!(field_from_str::<bool>(src, "nothing"), Ok(None));
    }

    #[test]
    fn a_key_without_its_colon_is_named_at_its_own_line() {
        let place = |src: &str| {
            let e = from_str::<Mapping>(src).unwrap_err();
            assert_eq!(e.code, "yaml.no_colon", "{e:?}");
            (e.line, e.column)
        };
        // The last line, before the end of the text.
        assert_eq!(place("title: A\nsummary: B\norder 1\n"), (Some(3), Some(1)));
        // A line in the middle, the next key below it.
        assert_eq!(
            place("title: A\nsummary Kun x\nperspective: a\n"),
            (Some(2), Some(1))
        );
        // Nested, and a text that ran on to a second line: its first line.
        assert_eq!(
            place("a:\n  b: 1\n  direction lower\n  c: 2\n"),
            (Some(3), Some(3))
        );
        assert_eq!(
            place("title: A\nsummary Kun\n  jatkuu\nperspective: a\n"),
            (Some(2), Some(1))
        );
        // The very first line: libyaml writes no place for it.
        assert_eq!(
            simple_key_start(
                "could not find expected ':' at line 2 column 1, while scanning a simple key"
            ),
            Some((1, 1))
        );
        assert_eq!(simple_key_start("could not find expected ':'"), None);
    }

    #[test]
    fn what_pasted_text_brings_is_named_as_the_cause() {
        let cause = |src: &str| {
            let e = from_str::<Mapping>(src).unwrap_err();
            assert!(e.diagnosed, "{e:?}");
            (e.code, e.line, e.column)
        };
        // The parser: a colon not allowed at 2:12.
        assert_eq!(
            cause("a: 1\ntitle: “Apu: kuukauden kuluessa”\n"),
            ("yaml.curly_quotes", Some(2), Some(8))
        );
        // The parser: a text that is not a map at 1:1.
        assert_eq!(
            cause("title:\u{a0}Henkilökohtainen apu\nsummary: x\n"),
            ("yaml.special_space_after_key", Some(1), Some(7))
        );
        assert_eq!(
            cause("decision:\n\u{a0}\u{a0}body: x\n  date: y\n"),
            ("yaml.special_space_indent", Some(2), Some(1))
        );
        // The parser: no key expected at 2:23.
        assert_eq!(
            cause("a: 1\nresident_view: \"Saan \"oman\" avustajan.\"\n"),
            ("yaml.quote_inside_double", Some(2), Some(22))
        );
        assert_eq!(
            cause("a: 1\ntitle: 'Let's go'\nb: 2\n"),
            ("yaml.quote_inside_single", Some(2), Some(12))
        );
        // The same in a flow map (pasted `{ fi: “…”, sv: “…” }`).
        assert_eq!(
            cause("a: 1\ntitle: { fi: “Apu: heti”, sv: “Hjälp” }\n"),
            ("yaml.curly_quotes", Some(2), Some(14))
        );
        // A colon after a text that only has a curly quote inside is the
        // parser's own kind, as before.
        let e = from_str::<Mapping>("title: Hän sanoi ”moi”: x\n").unwrap_err();
        assert_eq!(e.code, "yaml.mapping_values", "{e:?}");
    }

    #[test]
    fn error_has_position() {
        let e = from_str::<Value>("a: [1,\nb: 2").unwrap_err();
        assert!(e.line.is_some());
        assert!(!e.message.contains(" at line "));
    }

    #[test]
    fn type_errors_say_what_to_write() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct T {
            target: Option<f64>,
            draft: Option<bool>,
        }
        let e = from_str::<T>("target: 7 vrk\n").unwrap_err();
        assert!(
            e.message
                .ends_with("write a plain number such as 7 or 6.5, without a unit"),
            "{}",
            e.message
        );
        let e = from_str::<T>("draft: kyllä\n").unwrap_err();
        assert!(e.message.ends_with("write true or false"), "{}", e.message);
    }

    #[test]
    fn locates_nested_keys_and_items() {
        let src =
            "title: X\ndecision:\n  body: Council\n  date: 2025-13-01\nindicators: [a, b-c]\n";
        assert_eq!(locate_key(src, &["title"]), Some((1, 8)));
        assert_eq!(locate_key(src, &["decision", "date"]), Some((4, 9)));
        assert_eq!(
            locate_key(src, &["date"]),
            None.or(locate_key(src, &["date"]))
        );
        assert_eq!(locate_item(src, "indicators", "b-c"), Some((5, 17)));
        let block = "indicators:\n  - a\n  - bad-one\n";
        assert_eq!(locate_item(block, "indicators", "bad-one"), Some((3, 5)));
    }

    #[test]
    fn places_keys_of_flow_maps_and_quoted_keys() {
        let src = "{title: T, \"base_url\": x}\n";
        assert_eq!(place_key(src, &["base_url"]), (1, 13));
        assert_eq!(place_key(src, &["title"]), (1, 2));
        // A field is placed in its own entry, after its parent.
        let src = "a:\n  name: A\n  direction: lower\nb: {name: B, direction: up}\n";
        assert_eq!(place_key(src, &["b", "direction"]), (4, 14));
        assert_eq!(place_key(src, &["a", "direction"]), (3, 14));
        let src = "{a: {name: A, direction: up}, b: {name: B, direction: up}}\n";
        assert_eq!(place_key(src, &["b", "direction"]), (1, 44));
        // A key, not the same letters inside a word or a value.
        let src = "{name: a-b, a: {target: x}}\n";
        assert_eq!(place_key(src, &["a"]), (1, 13));
        assert_eq!(place_key(src, &["a", "target"]), (1, 17));
        // A field not written: its parent's place.
        let src = "x: 1\nb:\n  name: B\n";
        assert_eq!(place_key(src, &["b", "name.fi"]), (2, 1));
        // Nowhere: the first line with content.
        assert_eq!(place_key("# c\nx: 1\n", &["nothing"]), (2, 1));
        assert_eq!(place_key("x: 1\n", &[]), (1, 1));
        assert_eq!(place_key("", &["a", ""]), (1, 1));
    }

    /// A field is found in its own entry's value only: an entry that
    /// lacks it is not given the next entry's (the rounding warning of an
    /// indicator without `decimals` pointed at the next indicator's).
    #[test]
    fn a_field_is_found_in_its_own_entry_only() {
        let src = "a:\n  name: A\n  # decimals: 2\nb:\n  decimals: 1\n";
        assert_eq!(written_key(src, &["a", "decimals"]), None);
        assert_eq!(place_key(src, &["a", "decimals"]), (1, 1));
        assert_eq!(written_key(src, &["b", "decimals"]), Some((5, 13)));
        // A flow value ends at its closing bracket, also on a later line,
        // and not at a bracket in quotes.
        let src = "a: {name: A, source: {url: x}}\nb: {decimals: 1}\n";
        assert_eq!(written_key(src, &["a", "decimals"]), None);
        assert_eq!(written_key(src, &["a", "source", "decimals"]), None);
        assert_eq!(written_key(src, &["b", "decimals"]), Some((2, 5)));
        let src = "a: {\n  name: A,\n  unit: x\n}\nb: {decimals: 1}\n";
        assert_eq!(written_key(src, &["a", "decimals"]), None);
        assert_eq!(written_key(src, &["a", "unit"]), Some((3, 9)));
        let src = "a: {name: \"x}\", unit: y}\nb: {unit: z}\n";
        assert_eq!(written_key(src, &["a", "unit"]), Some((1, 17)));
        // A list at its key's own indentation is its value.
        let src = "a:\n- decimals: 1\nb: 2\n";
        assert_eq!(written_key(src, &["a", "decimals"]), Some((2, 3)));
        // A field whose parent is not written is not written either.
        assert_eq!(written_key("b:\n  decimals: 1\n", &["a", "decimals"]), None);
    }

    /// A non-breaking space (pasted from a word processor) is a character
    /// of a plain text to the YAML parser, not a space: a quote mark after
    /// one (`,\u{a0}"`) opens no quoted text. Both flow scanners read it so:
    /// the flow ends at its bracket, so a field of the next entry is not
    /// taken for this one's, and a typographic quote after it is found.
    #[test]
    fn a_quote_mark_after_a_non_breaking_space_opens_no_quoted_text() {
        let src = "a: {name: A,\u{a0}\"note: x}\nb: {decimals: 1}\n";
        let parsed: Value = from_str(src).expect("the parser reads it");
        let a = parsed.get("a").and_then(Value::as_mapping).expect("a map");
        assert!(a.contains_key("\u{a0}\"note"), "{a:?}");
        assert_eq!(written_key(src, &["a", "decimals"]), None);
        assert_eq!(written_key(src, &["b", "decimals"]), Some((2, 5)));
        let src = "x: [a,\u{a0}\"b, “c”]\n";
        let parsed: Value = from_str(src).expect("the parser reads it");
        assert_eq!(parsed["x"][2].as_str(), Some("“c”"), "{parsed:?}");
        let curly: Vec<(usize, usize, String)> = pasted::curly_quoted(src)
            .into_iter()
            .map(|c| (c.line, c.column, c.bare))
            .collect();
        assert_eq!(curly, [(1, 12, "c".to_string())]);
    }

    /// A key is one of its block's own keys, not a key of one of their
    /// values written before it (an indicator's `name` is not its
    /// `source`'s, a top-level `title` not a nested one).
    #[test]
    fn a_key_is_not_found_in_a_value_of_its_block() {
        let src = "osuus:\n  source:\n    name: S\n  name: N\n";
        assert_eq!(locate_key(src, &["osuus", "name"]), Some((4, 9)));
        assert_eq!(locate_key(src, &["osuus", "source", "name"]), Some((3, 11)));
        let src = "results:\n  title: x\ntitle: T\n";
        assert_eq!(locate_key(src, &["title"]), Some((3, 8)));
        let src = "a:\n  text: |\n    name: in a text\n  name: N\n";
        assert_eq!(place_key(src, &["a", "name"]), (4, 9));
        // A flow's keys on its later lines are found at their values.
        let src = "{title: T,\n  slug: s}\n";
        assert_eq!(locate_key(src, &["slug"]), Some((2, 9)));
    }

    #[test]
    fn billion_laughs_is_refused() {
        let mut src = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let mut prev = 'a';
        for c in 'b'..='j' {
            src.push_str(&format!("{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = c;
        }
        let e = from_str::<Value>(&src).unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(8)), "{e:?}");
        assert!(e.message.contains("alias"), "{e:?}");
    }

    #[test]
    fn errors_without_a_position_get_one() {
        let e = from_str::<Value>("a: 1\n...\n---\nb: 2\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e:?}");
        let e = from_str::<Value>("{ä").unwrap_err();
        assert_eq!((e.line, e.column), (Some(1), Some(3)), "{e:?}");
        assert_eq!(alias_at("k: \"*no\" # *no"), None);
        assert_eq!(alias_at("k: [*yes]"), Some(4));
        assert_eq!(locate_key("a: 1", &[]), None);
        // An empty list item (`languages: [""]`) used to loop forever.
        assert_eq!(
            locate_item("languages: [\"\"]\n", "languages", ""),
            Some((1, 12))
        );
    }
}
