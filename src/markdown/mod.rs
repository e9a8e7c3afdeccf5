//! Markdown: parsing a body once, its heading anchors, its links, and HTML.
//!
//! A body is parsed into events once ([`parse`]); anchors and `@/` links are
//! read off those events, and [`render`] turns them into HTML with each
//! internal link replaced by what the caller's resolver says: written
//! open first, with a hole for each link ([`open()`]), then filled
//! ([`OpenBody::fill`]), so that a build can keep a body open from the
//! moment its file is read to the moment its page is rendered
//! ([`KeptBody`]) instead of parsing it twice. This module knows nothing
//! of pages or URLs: resolving is the caller's (see `site`).

use std::cell::Cell;
use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::diagnostics::Message;

mod open;

use open::{Hole, Written};
pub use open::{KeptBody, OpenBody};

/// Options used for every body: CommonMark with tables, footnotes,
/// strikethrough and `{#id}` heading attributes.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// How deeply a body's elements may nest (block quotes, lists, emphasis,
/// links and raw HTML elements inside each other). Real pages nest a few
/// levels; thousands of levels would overflow the stack of recursive HTML
/// tools downstream (the HTML minifier aborts at a few hundred), so deeper
/// bodies are refused with an error at the place.
pub const MAX_NESTING: usize = 100;

/// Open raw HTML elements and whether the nesting error was reported, while
/// a body is parsed.
#[derive(Default)]
struct Depth {
    markdown: usize,
    html: usize,
    reported: bool,
}

impl Depth {
    fn exceeded(&mut self) -> bool {
        if !self.reported && self.markdown + self.html > MAX_NESTING {
            self.reported = true;
            return true;
        }
        false
    }
}

fn too_deep() -> Message {
    Message::new("html.too_deep", vec![("max", MAX_NESTING.to_string())])
}

/// A heading's anchor: its text in lowercase, letters (accents kept) and
/// digits kept, every other run of characters one `-`, trimmed at both ends.
pub fn anchor_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            // `İ` lowercases to `i` and a combining dot, which is no
            // letter of an anchor (nor of a slug suggested from one).
            out.extend(c.to_lowercase().filter(|l| l.is_alphanumeric()));
        } else {
            dash = true;
        }
    }
    out
}

/// A heading of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1..=6 as written.
    pub level: u8,
    /// Its anchor (explicit or derived, made unique).
    pub anchor: String,
    /// Its text.
    pub text: String,
    /// 1-based line within the body.
    pub line: usize,
}

/// A link or image of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    /// As written.
    pub dest: String,
    /// 1-based line within the body.
    pub line: usize,
    /// 1-based column within that line.
    pub column: usize,
    /// Its text (for links) or alt text (for images).
    pub text: String,
    /// Whether it is an image.
    pub image: bool,
}

/// A parsed body.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    events: Vec<Event<'static>>,
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Links and images in order.
    pub links: Vec<LinkRef>,
    /// Raw HTML and links that a strict Content-Security-Policy would block,
    /// and footnote references without a note, as (line, column, message):
    /// errors of [`render`].
    blocked: Vec<(usize, usize, Message)>,
    /// Paragraphs that look meant as headings (`##Ohje`, `##` and a
    /// non-breaking space) and footnote marks split over two lines, as
    /// (line, column, message): warnings of [`render_body`].
    near_headings: Vec<(usize, usize, Message)>,
}

impl Parsed {
    /// The body's events, as rendering reads them.
    pub fn events(&self) -> &[Event<'static>] {
        &self.events
    }

    /// Whether the body has a heading with this anchor.
    pub fn has_anchor(&self, anchor: &str) -> bool {
        self.headings.iter().any(|h| h.anchor == anchor)
    }

    /// What the checks and links read of the body (its headings and
    /// links), packed as [`Outline`]: kept for a whole build while the
    /// events are parsed again where a body is rendered.
    pub fn outline(&self) -> Outline {
        let pieces = 2 * (self.headings.len() + self.links.len());
        let mut text = String::new();
        let mut ends = Vec::with_capacity(pieces);
        let strings = self.headings.iter().flat_map(|h| [&h.anchor, &h.text]);
        for piece in strings.chain(self.links.iter().flat_map(|l| [&l.dest, &l.text])) {
            text.push_str(piece);
            ends.push(narrow(text.len()));
        }
        // A body with neither headings nor links keeps nothing.
        let places = (!ends.is_empty()).then(|| {
            Box::new(Places {
                ends: ends.into_boxed_slice(),
                headings: self
                    .headings
                    .iter()
                    .map(|h| (h.level, narrow(h.line)))
                    .collect(),
                links: self
                    .links
                    .iter()
                    .map(|l| (narrow(l.line), narrow(l.column), l.image))
                    .collect(),
            })
        });
        Outline {
            text: text.into_boxed_str(),
            places,
        }
    }
}

/// What the model keeps of each body for the whole run: its headings (links
/// to the page are checked against their anchors) and its links, as the
/// checks read them; of a body a build released, nothing (the model keeps
/// its anchors' [`anchor_hash`]es, `crate::site::bodies`). Every
/// string is in one allocation and the numbers in a box of three more,
/// instead of a struct and two strings per heading and link: a site of
/// 50,000 pages keeps 50,000 of them. Offsets, lines and columns are kept
/// in 32 bits (`narrow`), half the room.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// The strings one after another: each heading's anchor and text, then
    /// each link's destination and text.
    text: Box<str>,
    /// Where they are and what they are; `None` for a body with neither
    /// headings nor links.
    places: Option<Box<Places>>,
}

/// The numbers of an [`Outline`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Places {
    /// Where each string in the outline's `text` ends.
    ends: Box<[u32]>,
    /// Each heading's level and line.
    headings: Box<[(u8, u32)]>,
    /// Each link's line, column and whether it is an image.
    links: Box<[(u32, u32, bool)]>,
}

/// A length, line or column in 32 bits; one beyond them (a body over
/// 4 GiB) is kept as the largest, and a string past it reads as empty
/// ([`Outline::piece`]).
fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A heading as an [`Outline`] keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutlineHeading<'a> {
    /// 1..=6 as written.
    pub level: u8,
    /// Its anchor.
    pub anchor: &'a str,
    /// Its text.
    pub text: &'a str,
    /// 1-based line within the body.
    pub line: usize,
}

/// A link or image as an [`Outline`] keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutlineLink<'a> {
    /// As written.
    pub dest: &'a str,
    /// Its text (for links) or alt text (for images).
    pub text: &'a str,
    /// 1-based line within the body.
    pub line: usize,
    /// 1-based column within that line.
    pub column: usize,
    /// Whether it is an image.
    pub image: bool,
}

impl Outline {
    /// Where each string in `text` ends.
    fn ends(&self) -> &[u32] {
        self.places.as_ref().map_or(&[], |p| &p.ends)
    }

    /// Each heading's level and line.
    fn heading_places(&self) -> &[(u8, u32)] {
        self.places.as_ref().map_or(&[], |p| &p.headings)
    }

    /// String `i` of `text`.
    fn piece(&self, i: usize) -> &str {
        let ends = self.ends();
        let start = i.checked_sub(1).map_or(0, |j| ends[j]) as usize;
        self.text.get(start..ends[i] as usize).unwrap_or("")
    }

    /// The headings in order.
    pub fn headings(&self) -> impl Iterator<Item = OutlineHeading<'_>> {
        self.heading_places()
            .iter()
            .enumerate()
            .map(|(i, &(level, line))| OutlineHeading {
                level,
                anchor: self.piece(2 * i),
                text: self.piece(2 * i + 1),
                line: line as usize,
            })
    }

    /// The links and images in order.
    pub fn links(&self) -> impl Iterator<Item = OutlineLink<'_>> {
        let first = 2 * self.heading_places().len();
        let links: &[(u32, u32, bool)] = self.places.as_ref().map_or(&[], |p| &p.links);
        links
            .iter()
            .enumerate()
            .map(move |(i, &(line, column, image))| OutlineLink {
                dest: self.piece(first + 2 * i),
                text: self.piece(first + 2 * i + 1),
                line: line as usize,
                column: column as usize,
                image,
            })
    }

    /// The [`anchor_hash`] of each heading's anchor, in order: what a
    /// build keeps of a body it released (links to the page need only
    /// whether an anchor is there; what `check` reads of its headings and
    /// links was read as the body was, `crate::content::Looked::checks`).
    pub fn anchor_hashes(&self) -> Box<[u64]> {
        self.anchors().map(anchor_hash).collect()
    }

    /// The headings' anchors in order.
    pub fn anchors(&self) -> impl Iterator<Item = &str> {
        self.headings().map(|h| h.anchor)
    }

    /// Whether the body has a heading with this anchor.
    pub fn has_anchor(&self, anchor: &str) -> bool {
        self.anchors().any(|a| a == anchor)
    }
}

/// A heading anchor as 64 bits, for the anchors of the bodies a build
/// released: 8 bytes each where the text took 25 or so with its line
/// break. Two anchors of one page with one hash would make a link to the
/// missing one pass unwarned, one chance in about 2^64 per link.
pub fn anchor_hash(anchor: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    anchor.hash(&mut h);
    h.finish()
}

/// Byte offsets of line starts, to turn offsets into lines and columns.
/// The last position asked for is remembered, so that the columns of many
/// links on one long line are counted in linear time, not quadratic.
struct Lines {
    starts: Vec<usize>,
    /// (line, byte offset, column) of the last position.
    last: Cell<(usize, usize, usize)>,
}

impl Lines {
    fn new(s: &str) -> Self {
        Lines {
            starts: std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', s.as_bytes()).map(|i| i + 1))
                .collect(),
            last: Cell::new((1, 0, 1)),
        }
    }
    fn pos(&self, src: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let (last_line, last_offset, last_col) = self.last.get();
        let (from, base) = if last_line == line && last_offset <= offset {
            (last_offset, last_col)
        } else {
            (self.starts[line - 1], 1)
        };
        let col = base + src.get(from..offset).map_or(0, |s| s.chars().count());
        self.last.set((line, offset, col));
        (line, col)
    }
}

/// Parses a body once, to be kept: its events with each run of text
/// joined (see `merge_text`).
pub fn parse(body: &str) -> Parsed {
    parse_as(body, Events::Merged)
}

/// Parses a body to render it at once: its events as the parser gave them
/// (joining runs of text only saves memory in a body that is kept).
pub fn parse_to_render(body: &str) -> Parsed {
    parse_as(body, Events::AsParsed)
}

/// What a body's headings and links are ([`Parsed::outline`]), without
/// keeping its events: a build's look at a body it lets go.
pub fn outline(body: &str) -> Outline {
    parse_as(body, Events::None).outline()
}

/// Which of a body's events [`parse_as`] keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Events {
    /// Every event, runs of text joined.
    Merged,
    /// Every event as parsed.
    AsParsed,
    /// None: the headings, links and blocked HTML only.
    None,
}

/// Parses a body once, keeping `keep` of its events.
fn parse_as(body: &str, keep: Events) -> Parsed {
    let lines = Lines::new(body);
    let mut events: Vec<Event<'static>> = Vec::new();
    let mut headings = Vec::new();
    let mut links: Vec<LinkRef> = Vec::new();
    // (index of Start(Heading) event, text so far, explicit id, level, line)
    let mut open_heading: Option<(usize, String, Option<String>, u8, usize)> = None;
    let mut open_links: Vec<usize> = Vec::new();
    let mut used: HashSet<String> = HashSet::new();
    // The next suffix to try per base anchor, so that many repeated headings
    // take linear time.
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    let mut blocked = Vec::new();
    let mut near_headings = Vec::new();
    // Whether the last event began a paragraph.
    let mut paragraph_start = false;
    // Consecutive raw HTML block lines: (body offset, text) each.
    let mut html_block: Vec<(usize, String)> = Vec::new();
    let mut depth = Depth::default();
    // Inside a code block `[^x]` is code, not a footnote reference.
    let mut in_code_block = false;
    // The labels of the notes defined so far, compared as the parser
    // pairs labels.
    let mut notes: HashSet<NoteLabel<String>> = HashSet::new();
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if !matches!(event, Event::Html(_)) && !html_block.is_empty() {
            let parts = std::mem::take(&mut html_block);
            check_html_block(body, &lines, &parts, &mut depth, &mut blocked);
        }
        match &event {
            Event::Start(_) => {
                depth.markdown += 1;
                if depth.exceeded() {
                    let (line, column) = lines.pos(body, range.start);
                    blocked.push((line, column, too_deep()));
                }
            }
            Event::End(_) => depth.markdown = depth.markdown.saturating_sub(1),
            _ => {}
        }
        if std::mem::replace(&mut paragraph_start, matches!(event, Event::Start(Tag::Paragraph)))
            && matches!(event, Event::Text(_))
            // `\#Ohje` is text on purpose: its text starts after the `\`.
            && !body[..range.start].ends_with('\\')
            && let Some(msg) = body.get(range.clone()).and_then(near_heading)
        {
            let (line, column) = lines.pos(body, range.start);
            near_headings.push((line, column, msg));
        }
        match &event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let (line, _) = lines.pos(body, range.start);
                open_heading = Some((
                    events.len(),
                    String::new(),
                    id.as_ref().map(|s| s.to_string()),
                    *level as u8,
                    line,
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((idx, text, explicit, level, line)) = open_heading.take() {
                    let base = explicit.clone().unwrap_or_else(|| anchor_of(&text));
                    let base = if base.is_empty() {
                        "section".to_string()
                    } else {
                        base
                    };
                    let mut anchor = base.clone();
                    if used.contains(&anchor) {
                        let n = next_suffix.entry(base.clone()).or_insert(2);
                        loop {
                            anchor = format!("{base}-{n}");
                            *n += 1;
                            if !used.contains(&anchor) {
                                break;
                            }
                        }
                    }
                    used.insert(anchor.clone());
                    if let Some(Event::Start(Tag::Heading { id, .. })) = events.get_mut(idx) {
                        *id = Some(CowStr::from(anchor.clone()));
                    }
                    headings.push(Heading {
                        level,
                        anchor,
                        text: text.trim().to_string(),
                        line,
                    });
                }
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                let (line, column) = lines.pos(body, range.start);
                if is_javascript_url(dest_url) {
                    blocked.push((
                        line,
                        column,
                        Message::new("html.script_link", vec![("url", dest_url.to_string())]),
                    ));
                }
                open_links.push(links.len());
                links.push(LinkRef {
                    dest: dest_url.to_string(),
                    line,
                    column,
                    text: String::new(),
                    image: matches!(event, Event::Start(Tag::Image { .. })),
                });
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                open_links.pop();
            }
            Event::Html(t) => html_block.push((range.start, t.to_string())),
            Event::InlineHtml(t) => {
                for (at, msg) in blocked_html(t, &mut depth) {
                    let (line, column) = lines.pos(body, range.start + at);
                    blocked.push((line, column, msg));
                }
            }
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Start(Tag::FootnoteDefinition(label)) => {
                // A second note of a label: the parser publishes both, with
                // one number and one id, and no mark leads to the second.
                let first = notes.insert(NoteLabel::new(label.to_string()));
                if !first {
                    let (line, column) = lines.pos(body, range.start);
                    blocked.push((
                        line,
                        column,
                        Message::new("md.footnote_twice", vec![("label", label.to_string())]),
                    ));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if matches!(event, Event::Text(_)) && !in_code_block {
                    for (at, mark) in lone_references(body, range.clone(), t) {
                        let (line, column) = lines.pos(body, at);
                        match mark {
                            TextMark::Lone(label) => blocked.push((
                                line,
                                column,
                                Message::new("md.footnote_undefined", vec![("label", label)]),
                            )),
                            TextMark::Split { first, label } => near_headings.push((
                                line,
                                column,
                                Message::new(
                                    "md.footnote_split",
                                    vec![("first", first), ("label", label)],
                                ),
                            )),
                        }
                    }
                }
                if let Some((_, text, ..)) = &mut open_heading {
                    text.push_str(t);
                }
                for &i in &open_links {
                    links[i].text.push_str(t);
                }
            }
            _ => {}
        }
        if keep != Events::None {
            events.push(event.into_static());
        }
    }
    if !html_block.is_empty() {
        check_html_block(body, &lines, &html_block, &mut depth, &mut blocked);
    }
    // Every body stays parsed until it is rendered: fewer events, no spare
    // capacity (a site of 10,000 pages holds about 60 MB of events).
    let events = match keep {
        Events::Merged => merge_text(events),
        Events::AsParsed | Events::None => events,
    };
    Parsed {
        events,
        headings,
        links,
        blocked,
        near_headings,
    }
}

/// A footnote mark that the parser left as text, published as written.
#[derive(Debug, PartialEq, Eq)]
enum TextMark {
    /// `[^label]`, whose note `[^label]: …` the parser did not find.
    Lone(String),
    /// `[^long` at the end of a line and `label]` on the next: a label
    /// that a line break splits is never a footnote's (nor a note's, so
    /// `[^long label]: …` is no help), as in GitHub's Markdown. `first` is
    /// its part on the first line, `label` the whole on one line.
    Split { first: String, label: String },
}

/// The footnote references in a text event (its `range` in `body`) that
/// the parser left as text, which would be published as written: a
/// `[^label]` whose `[^label]: …` it did not find, and a label split over
/// two lines, which it never reads as one. Returns the byte offset in
/// `body` of each one's `[` and what it is. A `\[^x]` written as text on
/// purpose, and text that is not the body's own bytes (`&#91;^x]`), are
/// not references.
fn lone_references(
    body: &str,
    range: std::ops::Range<usize>,
    text: &str,
) -> Vec<(usize, TextMark)> {
    let mut out = Vec::new();
    // Most texts have no `[`: that is looked for first (every text of
    // every body comes here, twice in a build), the bytes compared after.
    let mut brackets = memchr::memchr_iter(b'[', text.as_bytes()).peekable();
    if brackets.peek().is_none() || body.get(range.clone()) != Some(text) {
        return out;
    }
    for i in brackets {
        let at = range.start + i;
        let backslashes = body[..at].bytes().rev().take_while(|&b| b == b'\\').count();
        if backslashes % 2 == 1 {
            continue;
        }
        let Some(rest) = body[at..].strip_prefix("[^") else {
            continue;
        };
        let Some(end) = rest.find(']') else {
            continue;
        };
        let label = &rest[..end];
        // What the parser never reads as a label: nothing but spaces, a
        // line break or a bracket in it. Spaces within a label are read
        // (`[^thl lähde]` is a reference when `[^thl lähde]: …` is
        // written), so without its note such a label is published as text
        // too.
        if label.trim().is_empty() || label.contains('[') {
            continue;
        }
        if label.contains(['\n', '\r']) {
            if let Some(mark) = split_label(label) {
                out.push((at, mark));
            }
            continue;
        }
        out.push((at, TextMark::Lone(label.to_string())));
    }
    out
}

/// A label that one line break splits (`long\nlabel`) as a writer meant
/// it; `None` for more than one (a paragraph ends at an empty line, and a
/// `]` lines below belongs to other text). The next line's indent, and
/// its `>` in a block quote, are not the label's.
fn split_label(label: &str) -> Option<TextMark> {
    let (first, next) = label.split_once('\n')?;
    if next.contains(['\n', '\r']) {
        return None;
    }
    let first = first.strip_suffix('\r').unwrap_or(first);
    let next = next.trim_start_matches(|c: char| c.is_whitespace() || c == '>');
    let whole: Vec<&str> = [first.trim(), next.trim_end()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect();
    Some(TextMark::Split {
        first: first.trim_end().to_string(),
        label: whole.join(" "),
    })
}

/// What to tell of a paragraph that starts with `#`s as a heading would
/// but is published as text: no space after them (`##Ohje`), or a
/// non-breaking or other special space that the writer cannot see.
fn near_heading(text: &str) -> Option<Message> {
    let rest = text.trim_start_matches('#');
    let hashes = &text[..text.len() - rest.len()];
    let next = rest.chars().next()?;
    if hashes.is_empty() || hashes.len() > 6 {
        return None;
    }
    let hashes = ("hashes", hashes.to_string());
    if crate::chars::is_special_space(next) {
        let code = crate::chars::code_point(next);
        Some(Message::new(
            "md.heading_special_space",
            vec![hashes, ("code", code)],
        ))
    } else if next.is_alphabetic() {
        let word: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
        Some(Message::new(
            "md.heading_no_space",
            vec![hashes, ("word", word)],
        ))
    } else {
        None
    }
}

/// Joins each run of text and soft line breaks into one text event, with
/// `\n` for the breaks: the HTML writer writes exactly the same bytes for
/// both forms, and a paragraph of four lines becomes one event instead of
/// seven. Inside an image's alt text a soft break is written as a space, so
/// runs there are left as they are.
fn merge_text(events: Vec<Event<'static>>) -> Vec<Event<'static>> {
    let mut out: Vec<Event<'static>> = Vec::with_capacity(events.len());
    let mut run: Option<String> = None;
    let mut in_image = 0usize;
    for ev in events {
        match &ev {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            _ => {}
        }
        let piece = match &ev {
            _ if in_image > 0 => None,
            Event::Text(t) => Some(t.as_ref()),
            Event::SoftBreak => Some("\n"),
            _ => None,
        };
        match piece {
            Some(p) => run.get_or_insert_with(String::new).push_str(p),
            None => {
                if let Some(text) = run.take() {
                    out.push(Event::Text(CowStr::from(text)));
                }
                out.push(ev);
            }
        }
    }
    if let Some(text) = run.take() {
        out.push(Event::Text(CowStr::from(text)));
    }
    out.shrink_to_fit();
    out
}

/// A body's [`plain_text`] with its headings apart, as the search index
/// reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PlainText {
    /// The text but the headings.
    pub text: String,
    /// The headings' text.
    pub headings: String,
}

impl PlainText {
    /// `parsed`'s text and headings.
    pub fn of(parsed: &Parsed) -> Self {
        let mut headings = String::new();
        let text = plain_text(parsed.events(), Some(&mut headings));
        PlainText { text, headings }
    }
}

/// A body's text without its markup, to be read rather than shown (the
/// search index and excerpts, the changes page's differences): each
/// paragraph, heading, list item, table row, block quote, code block and
/// footnote ends with a line break, each table cell with a space, and a
/// line break inside a paragraph is a space (where it is an event of its
/// own: [`parse`] joins it into the text as the `\n` it was); raw HTML,
/// footnote marks and link addresses are left out. The headings' text goes
/// to `headings` when it is given (search weighs it apart), else it stays
/// in its place.
pub fn plain_text(events: &[Event<'_>], mut headings: Option<&mut String>) -> String {
    let mut text = String::new();
    let mut in_heading = false;
    for event in events {
        let target = match &mut headings {
            Some(h) if in_heading => &mut **h,
            _ => &mut text,
        };
        match event {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::Text(t) | Event::Code(t) => target.push_str(t),
            Event::SoftBreak | Event::HardBreak => target.push(' '),
            Event::End(TagEnd::TableCell) => target.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::FootnoteDefinition,
            ) => {
                target.push('\n');
                in_heading = false;
            }
            // Raw HTML is markup, not text.
            _ => {}
        }
    }
    text
}

/// Checks one raw HTML block (its lines as parsed, with their offsets in
/// the body) for what a strict Content-Security-Policy blocks.
fn check_html_block(
    body: &str,
    lines: &Lines,
    parts: &[(usize, String)],
    depth: &mut Depth,
    out: &mut Vec<(usize, usize, Message)>,
) {
    let text: String = parts.iter().map(|p| p.1.as_str()).collect();
    let mut part_start = 0;
    let mut parts = parts.iter().peekable();
    for (at, msg) in blocked_html(&text, depth) {
        // The part that holds `at`, and where it starts in the body.
        let mut place = None;
        while let Some((offset, t)) = parts.peek() {
            if at < part_start + t.len() {
                // Inside a block quote or list the text is not the body's
                // own bytes: then the part's start is the best place.
                let inside = at - part_start;
                let exact = body.get(*offset..offset + t.len()) == Some(t.as_str());
                place = Some(if exact { offset + inside } else { *offset });
                break;
            }
            part_start += t.len();
            parts.next();
        }
        let (line, column) = lines.pos(body, place.unwrap_or(0));
        out.push((line, column, msg));
    }
}

/// Whether a link destination is a `javascript:` address.
fn is_javascript_url(dest: &str) -> bool {
    let t: String = dest
        .trim()
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .take(11)
        .collect();
    t.eq_ignore_ascii_case("javascript:")
}

/// What in raw HTML a strict Content-Security-Policy (`default-src 'self';
/// style-src 'self'; script-src 'self'`) blocks: `<style>` elements, inline
/// `<script>`, `style` and `on…` attributes and `javascript:` addresses.
/// Returns (byte offset in `html`, message) for each, and the place where
/// elements open in `html` nest deeper than [`MAX_NESTING`] with `depth`.
fn blocked_html(html: &str, depth: &mut Depth) -> Vec<(usize, Message)> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(p) = html[i..].find('<') {
        let start = i + p;
        i = start + 1;
        if html[start..].starts_with("<!--") {
            i = html[start..].find("-->").map_or(b.len(), |e| start + e + 3);
            continue;
        }
        if b.get(i) == Some(&b'/') {
            depth.html = depth.html.saturating_sub(1);
            continue;
        }
        let name_len = b[i..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
            .count();
        if name_len == 0 {
            continue;
        }
        let name = html[i..i + name_len].to_ascii_lowercase();
        i += name_len;
        let mut has_src = false;
        // Attributes, up to the end of the tag.
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let attr_start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/')
            {
                i += 1;
            }
            let attr = html[attr_start..i].to_ascii_lowercase();
            if attr.is_empty() {
                i += 1;
                continue;
            }
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = "";
            if i < b.len() && b[i] == b'=' {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                let (v_start, v_end, next) = match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => match html[i + 1..].find(char::from(q)) {
                        Some(e) => (i + 1, i + 1 + e, i + 2 + e),
                        None => (i + 1, b.len(), b.len()),
                    },
                    _ => {
                        let len = b[i..]
                            .iter()
                            .take_while(|c| !c.is_ascii_whitespace() && **c != b'>')
                            .count();
                        (i, i + len, i + len)
                    }
                };
                value = &html[v_start..v_end];
                i = next;
            }
            if attr == "src" {
                has_src = true;
            }
            let handler = attr.len() > 2
                && attr.starts_with("on")
                && attr.bytes().all(|c| c.is_ascii_lowercase());
            if attr == "style" {
                out.push((attr_start, Message::new("html.style_attribute", vec![])));
            } else if handler {
                out.push((
                    attr_start,
                    Message::new("html.handler", vec![("attr", attr.clone())]),
                ));
            } else if matches!(attr.as_str(), "href" | "src" | "action" | "formaction")
                && is_javascript_url(value)
            {
                out.push((
                    attr_start,
                    Message::new("html.script_address", vec![("attr", attr.clone())]),
                ));
            }
        }
        const VOID: [&str; 14] = [
            "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr", "param",
        ];
        let self_closing = i > 0 && b.get(i - 1) == Some(&b'/');
        if !VOID.contains(&name.as_str()) && !self_closing {
            depth.html += 1;
            if depth.exceeded() {
                out.push((start, too_deep()));
            }
        }
        if name == "style" || (name == "script" && !has_src) {
            out.push((
                start,
                if name == "style" {
                    Message::new("html.style_element", vec![])
                } else {
                    Message::new("html.inline_script", vec![])
                },
            ));
        }
        if name == "style" || name == "script" {
            // Their content is not HTML: skip to the closing tag.
            let close = format!("</{name}");
            let mut j = i;
            i = loop {
                match html[j..].find("</") {
                    Some(e) => {
                        let at = j + e;
                        if b[at..]
                            .get(..close.len())
                            .is_some_and(|t| t.eq_ignore_ascii_case(close.as_bytes()))
                        {
                            break at;
                        }
                        j = at + 2;
                    }
                    None => break b.len(),
                }
            };
        }
    }
    out.sort_by_key(|p| p.0);
    out
}

/// What a resolver says about an internal link.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolved {
    /// The URL to write.
    pub href: String,
    /// `hreflang` to add when the target is in another language.
    pub hreflang: Option<String>,
    /// A problem that does not stop the build (the link is written as
    /// `href` says), reported at the link's place.
    pub warning: Option<Message>,
}

impl Resolved {
    /// `dest` kept exactly as written (the HTML writer writes it, as for
    /// a link that is not resolved), with a warning about it.
    pub fn as_written(dest: &str, warning: Message) -> Self {
        Resolved {
            href: dest.to_string(),
            hreflang: None,
            warning: Some(warning),
        }
    }

    /// Whether this is [`Resolved::as_written`] for `dest`.
    fn is_as_written(&self, dest: &str) -> bool {
        self.href == dest && self.hreflang.is_none()
    }
}

/// A rendered body with the problems of its links, each at its line and
/// column within the body.
#[derive(Debug, Clone, Default)]
pub struct Body {
    /// The HTML.
    pub html: String,
    /// Broken links and blocked raw HTML: nothing is published with one.
    pub errors: Vec<(usize, usize, Message)>,
    /// Links written with a warning ([`Resolved::warning`]).
    pub warnings: Vec<(usize, usize, Message)>,
}

/// Renders a parsed body to HTML. `resolve` is called for every link and
/// image destination; it returns `Ok(None)` to keep one as written,
/// `Ok(Some(..))` to replace it, or `Err(message)` for a broken link, which is
/// returned with its position (line and column within the body). Raw HTML
/// that a strict Content-Security-Policy would block (inline styles and
/// scripts, event handler attributes, `javascript:` addresses) is returned
/// as an error at its position too.
/// `#` headings are written as `h2`: the page title is the only `h1`.
pub fn render(
    parsed: &Parsed,
    resolve: impl FnMut(&str) -> Result<Option<Resolved>, Message>,
) -> (String, Vec<(usize, usize, Message)>) {
    let body = render_body(parsed, NoteWords::default(), resolve);
    (body.html, body.errors)
}

/// What a footnote's links say to a screen reader besides the number, in
/// the language of the body's text (the theme's `footnote_reference` and
/// `footnote_back`): "Alaviite 1" rather than a bare "1" read as part of
/// the number it follows. Empty words give links with the number only.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoteWords<'a> {
    /// Before the number of a reference: "Alaviite", "Fotnot", "Footnote".
    pub reference: &'a str,
    /// The link from a note back to where it is referenced.
    pub back: &'a str,
}

/// Footnotes numbered in the order their labels first appear (as
/// pulldown-cmark numbers them), each reference with an id of its own so
/// that a note referenced twice gives no duplicate id; the note links back
/// to its first reference.
#[derive(Default)]
struct Notes {
    /// By label, compared as the parser pairs a reference with its note.
    numbers: HashMap<NoteLabel<String>, usize>,
    /// References written so far per number.
    seen: HashMap<usize, usize>,
}

impl Notes {
    fn number(&mut self, label: &str) -> usize {
        let next = self.numbers.len() + 1;
        *self
            .numbers
            .entry(NoteLabel::new(label.to_string()))
            .or_insert(next)
    }

    /// A reference's HTML, `words` its words for screen readers as
    /// [`hidden`] writes them.
    fn reference(&mut self, label: &str, words: &str) -> String {
        let n = self.number(label);
        let k = self.seen.entry(n).or_insert(0);
        *k += 1;
        let id = if *k == 1 {
            format!("fnref-{n}")
        } else {
            format!("fnref-{n}-{k}")
        };
        format!(
            "<sup class=\"footnote-reference\"><a href=\"#fn-{n}\" id=\"{id}\">{words}{n}</a></sup>"
        )
    }

    fn definition_start(&mut self, label: &str) -> (usize, String) {
        let n = self.number(label);
        let html = format!(
            "<div class=\"footnote-definition\" id=\"fn-{n}\"><sup class=\"footnote-definition-label\">{n}</sup>"
        );
        (n, html)
    }
}

/// A footnote label as pulldown-cmark compares one: its events give each
/// reference's and each note's label as written (whitespace collapsed), and
/// it pairs `[^Thl]` with the note `[^thl]: …` as it pairs a link with its
/// reference definition, in any case (Unicode case folding, through the
/// `unicase` it uses itself). Compared as written, such a reference and its
/// note had two numbers: the reference led to a note that was not there,
/// the note had no link back.
type NoteLabel<S> = unicase::UniCase<S>;

/// `words` and `after` for screen readers only (the theme's
/// `visually-hidden`), or nothing. They say what the number or arrow
/// beside them shows, so they are not copied with the text (`spoken`):
/// "94,2 %Alaviite 1" is not what a reader selected.
fn hidden(words: &str, after: &str) -> String {
    if words.is_empty() {
        String::new()
    } else {
        format!(
            "<span class=\"visually-hidden spoken\">{}{after}</span>",
            escape_attr(words)
        )
    }
}

/// [`render`], with the warnings of links too: the body [`open`](open())ed, then
/// [`OpenBody::fill`]ed (one way for every body, so that the HTML a build
/// keeps open is the HTML every other render writes), or written at once
/// when it cannot be kept open.
pub fn render_body(
    parsed: &Parsed,
    words: NoteWords,
    resolve: impl FnMut(&str) -> Result<Option<Resolved>, Message>,
) -> Body {
    match open(parsed) {
        Some(body) => body.fill(words, resolve),
        None => {
            let written = BodyWriter::new(parsed, Some(words), Some(resolve)).run();
            Body {
                html: written.html,
                errors: written.errors,
                warnings: written.warnings,
            }
        }
    }
}

/// The HTML of `parsed` with its links, images and footnotes' words left
/// open, to be filled in each language it is shown in
/// ([`OpenBody::fill`]); `None` when a hole would fall where filling it
/// could not write what [`render_body`] writes (a link or footnote inside
/// an image's alt text, where the HTML writer writes text) or the body's
/// own text has the byte that marks a hole.
pub fn open(parsed: &Parsed) -> Option<OpenBody> {
    let written = BodyWriter::new(parsed, None, None::<Resolver>).run();
    let fits = !written.misplaced_hole && open::marks_fit(&written.html, &written.holes);
    fits.then_some(OpenBody {
        html: written.html,
        holes: written.holes,
        errors: written.errors,
        warnings: written.warnings,
    })
}

/// The type of resolver an [`open()`] writer is made with: it has none.
type Resolver = fn(&str) -> Result<Option<Resolved>, Message>;

/// What [`render_body`] keeps as it goes through a body's events once: the
/// events it writes for them, the problems it finds, and where it is in
/// the links, tables and notes. Without a resolver and words it leaves a
/// hole for each link, image and footnote's words ([`open()`]).
struct BodyWriter<'p, 'w, R> {
    parsed: &'p Parsed,
    /// The footnotes' words; `None`: a hole for them.
    words: Option<NoteWords<'w>>,
    /// `None`: a hole for each link's and image's address.
    resolve: Option<R>,
    /// The holes left so far, in order.
    holes: Vec<Hole>,
    /// Images open (their alt text is being written).
    in_image: usize,
    /// A hole fell inside an image's alt text.
    misplaced_hole: bool,
    events: Vec<Event<'static>>,
    errors: Vec<(usize, usize, Message)>,
    warnings: Vec<(usize, usize, Message)>,
    /// Links and images passed so far: the next one's place is at this
    /// index of `parsed.links`.
    link_no: usize,
    /// For each link open, whether it was written as HTML (`<a href>`,
    /// closed with `</a>`) rather than as the Markdown event.
    link_stack: Vec<bool>,
    /// The alignments of the table's columns. Table cells are written
    /// with alignment classes: pulldown-cmark's `style="text-align"` would
    /// break a strict Content-Security-Policy.
    aligns: Vec<pulldown_cmark::Alignment>,
    /// Whether the cells are the table's head.
    in_head: bool,
    /// The column of the next cell of the row.
    column: usize,
    notes: Notes,
    /// The note being written, for its link back: its number, and whether
    /// the text references it (a note nothing references has no link back,
    /// which would lead nowhere).
    in_note: Vec<(usize, bool)>,
    /// The labels the body's references name, collected at its first note
    /// in one pass over its events (a pass per note made a body of
    /// thousands of notes quadratic).
    referenced: Option<HashSet<NoteLabel<&'p str>>>,
}

impl<'p, 'w, R> BodyWriter<'p, 'w, R>
where
    R: FnMut(&str) -> Result<Option<Resolved>, Message>,
{
    /// A writer for `parsed`, its problems starting with those parsing
    /// found (blocked HTML, near headings); without `words` and `resolve`,
    /// one that leaves holes.
    fn new(parsed: &'p Parsed, words: Option<NoteWords<'w>>, resolve: Option<R>) -> Self {
        BodyWriter {
            parsed,
            words,
            resolve,
            holes: Vec::new(),
            in_image: 0,
            misplaced_hole: false,
            events: Vec::with_capacity(parsed.events.len() + 8),
            errors: parsed.blocked.clone(),
            warnings: parsed.near_headings.clone(),
            link_no: 0,
            link_stack: Vec::new(),
            aligns: Vec::new(),
            in_head: false,
            column: 0,
            notes: Notes::default(),
            in_note: Vec::new(),
            referenced: None,
        }
    }

    /// Writes the events for `ev`: most as they are; headings, links,
    /// images, tables and footnotes as the steps below say.
    fn write(&mut self, ev: &Event<'static>) {
        match ev {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                id,
                classes,
                attrs,
            }) => self.events.push(Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                id: id.clone(),
                classes: classes.clone(),
                attrs: attrs.clone(),
            })),
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => self
                .events
                .push(Event::End(TagEnd::Heading(HeadingLevel::H2))),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.link_start(*link_type, dest_url, title, id),
            Event::End(TagEnd::Link) => self.link_end(),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => self.image(*link_type, dest_url, title, id),
            Event::End(TagEnd::Image) => {
                self.in_image = self.in_image.saturating_sub(1);
                self.events.push(ev.clone());
            }
            Event::Start(Tag::Table(a)) => self.table_start(a),
            Event::Start(Tag::TableHead) => {
                self.in_head = true;
                self.column = 0;
                self.events.push(ev.clone());
            }
            Event::End(TagEnd::TableHead) => {
                self.in_head = false;
                self.events.push(ev.clone());
            }
            Event::Start(Tag::TableRow) => {
                self.column = 0;
                self.events.push(ev.clone());
            }
            Event::Start(Tag::TableCell) => self.cell_start(),
            Event::End(TagEnd::TableCell) => self.cell_end(),
            Event::End(TagEnd::Table) => self.table_end(),
            Event::FootnoteReference(label) => {
                let words = match self.words {
                    Some(words) => hidden(words.reference, " "),
                    None => self.hole(Hole::NoteReference).to_string(),
                };
                let html = self.notes.reference(label, &words);
                self.push_inline(html);
            }
            Event::Start(Tag::FootnoteDefinition(label)) => self.note_start(label),
            Event::End(TagEnd::FootnoteDefinition) => self.note_end(),
            other => self.events.push(other.clone()),
        }
    }

    /// Writes every event of the body: its HTML, with the problems found
    /// and the holes left.
    fn run(mut self) -> Written {
        let parsed = self.parsed;
        for ev in &parsed.events {
            self.write(ev);
        }
        let mut html = String::with_capacity(parsed.events.len() * 16);
        pulldown_cmark::html::push_html(&mut html, self.events.into_iter());
        Written {
            html,
            errors: self.errors,
            warnings: self.warnings,
            holes: self.holes,
            misplaced_hole: self.misplaced_hole,
        }
    }

    /// Leaves `hole`: the mark to write where it is.
    fn hole(&mut self, hole: Hole) -> &'static str {
        self.misplaced_hole |= self.in_image > 0;
        self.holes.push(hole);
        open::HOLE_STR
    }

    fn push_inline(&mut self, html: impl Into<CowStr<'static>>) {
        self.events.push(Event::InlineHtml(html.into()));
    }

    fn push_html(&mut self, html: impl Into<CowStr<'static>>) {
        self.events.push(Event::Html(html.into()));
    }

    /// The place (line, column) of the next link or image in the body,
    /// where its problems are told.
    fn next_link_place(&mut self) -> (usize, usize) {
        let links = &self.parsed.links;
        let at = &links[self.link_no.min(links.len().saturating_sub(1))];
        self.link_no += 1;
        (at.line, at.column)
    }

    /// The next link's or image's `dest` as the resolver gives it, its
    /// warning (taken out of it) or its error noted at `place`, the
    /// link's: `Err(())` for a writer without a resolver (it leaves a
    /// hole), `Ok(None)` when it leads nowhere.
    fn resolve_at(
        &mut self,
        dest: &str,
        place: (usize, usize),
    ) -> Result<Option<Option<Resolved>>, ()> {
        let resolve = self.resolve.as_mut().ok_or(())?;
        let problems = Problems {
            errors: &mut self.errors,
            warnings: &mut self.warnings,
        };
        Ok(problems.resolve(resolve, dest, place))
    }

    /// A link's start: to the address `resolve` gives, as an `<a>` with
    /// its `hreflang` when the target is in another language; as written
    /// when it gives none or keeps it (with the warning it may give); a
    /// link that leads nowhere is an error and points at `#` meanwhile.
    fn link_start(
        &mut self,
        link_type: LinkType,
        dest_url: &CowStr<'static>,
        title: &CowStr<'static>,
        id: &CowStr<'static>,
    ) {
        let place = self.next_link_place();
        let Ok(resolved) = self.resolve_at(dest_url, place) else {
            let (line, column) = place;
            let mark = self.hole(Hole::Link {
                dest: dest_url.to_string(),
                title: title.to_string(),
                email: link_type == LinkType::Email,
                line,
                column,
            });
            self.push_inline(mark);
            // Its end is `</a>` as the HTML writer writes it.
            self.link_stack.push(true);
            return;
        };
        let (link_type, dest_url) = match resolved {
            Some(Some(r)) if !r.is_as_written(dest_url) => {
                self.push_inline(link_open(&r, title));
                self.link_stack.push(true);
                return;
            }
            // Kept as written.
            Some(_) => (link_type, dest_url.clone()),
            None => (LinkType::Inline, CowStr::from("#")),
        };
        self.events.push(Event::Start(Tag::Link {
            link_type,
            dest_url,
            title: title.clone(),
            id: id.clone(),
        }));
        self.link_stack.push(false);
    }

    /// A link's end, as its start was written.
    fn link_end(&mut self) {
        if self.link_stack.pop() == Some(true) {
            self.push_inline("</a>");
        } else {
            self.events.push(Event::End(TagEnd::Link));
        }
    }

    /// An image, its source the address `resolve` gives, else as written;
    /// one that leads nowhere is an error (kept as written meanwhile).
    fn image(
        &mut self,
        link_type: LinkType,
        dest_url: &CowStr<'static>,
        title: &CowStr<'static>,
        id: &CowStr<'static>,
    ) {
        let place = self.next_link_place();
        let dest = match self.resolve_at(dest_url, place) {
            Ok(Some(Some(r))) => CowStr::from(r.href),
            Ok(Some(None) | None) => dest_url.clone(),
            Err(()) => {
                // The hole stands for `<img src="` and the address; the
                // writer's own `<img src="` follows it, for an empty one.
                let (line, column) = place;
                let mark = self.hole(Hole::Image {
                    dest: dest_url.to_string(),
                    line,
                    column,
                });
                self.push_inline(mark);
                CowStr::Borrowed("")
            }
        };
        self.in_image += 1;
        self.events.push(Event::Start(Tag::Image {
            link_type,
            dest_url: dest,
            title: title.clone(),
            id: id.clone(),
        }));
    }

    /// A table's start, in a `table-scroll` box (a wide table scrolls on
    /// its own, not the page); its alignments kept for the cells' classes.
    fn table_start(&mut self, aligns: &[pulldown_cmark::Alignment]) {
        self.aligns = aligns.to_vec();
        self.push_html("<div class=\"table-scroll\">");
        self.events.push(Event::Start(Tag::Table(vec![
            pulldown_cmark::Alignment::None;
            aligns.len()
        ])));
    }

    /// A cell's start: `<th scope="col">` in the head (a screen reader
    /// reads it with the column's cells), `<td>` in the body, with its
    /// column's alignment as a class.
    fn cell_start(&mut self) {
        let class = match self.aligns.get(self.column) {
            Some(pulldown_cmark::Alignment::Left) => " class=\"align-left\"",
            Some(pulldown_cmark::Alignment::Center) => " class=\"align-center\"",
            Some(pulldown_cmark::Alignment::Right) => " class=\"align-right\"",
            _ => "",
        };
        self.column += 1;
        let html = if self.in_head {
            format!("<th scope=\"col\"{class}>")
        } else {
            format!("<td{class}>")
        };
        self.push_inline(html);
    }

    /// A cell's end, as its start was written.
    fn cell_end(&mut self) {
        self.push_inline(if self.in_head { "</th>" } else { "</td>" });
    }

    /// A table's end, and its `table-scroll` box's.
    fn table_end(&mut self) {
        self.events.push(Event::End(TagEnd::Table));
        self.push_html("</div>");
    }

    /// A footnote's start: its number, and whether the text references it
    /// (for the link back at its end).
    fn note_start(&mut self, label: &str) {
        let (n, html) = self.notes.definition_start(label);
        let events = &self.parsed.events;
        let referenced: &HashSet<NoteLabel<&str>> = self.referenced.get_or_insert_with(|| {
            events
                .iter()
                .filter_map(|e| match e {
                    Event::FootnoteReference(l) => Some(NoteLabel::new(&**l)),
                    _ => None,
                })
                .collect()
        });
        let referenced = referenced.contains(&NoteLabel::new(label));
        self.in_note.push((n, referenced));
        self.push_html(html);
    }

    /// A footnote's end, with its link back to the reference when it has
    /// one.
    fn note_end(&mut self) {
        let (n, referenced) = self.in_note.pop().unwrap_or((0, false));
        let back = match (referenced, self.words) {
            (false, _) => String::new(),
            (true, Some(words)) => note_back_link(n, words),
            (true, None) => self.hole(Hole::NoteBack(n)).to_string(),
        };
        self.push_html(format!("{back}</div>\n"));
    }
}

/// Where the problems of a body's links go as they are resolved.
struct Problems<'a> {
    errors: &'a mut Vec<(usize, usize, Message)>,
    warnings: &'a mut Vec<(usize, usize, Message)>,
}

impl Problems<'_> {
    /// `dest` as `resolve` gives it, its warning (taken out of it) or its
    /// error noted at `(line, column)`: `None` when it leads nowhere.
    fn resolve(
        self,
        resolve: &mut impl FnMut(&str) -> Result<Option<Resolved>, Message>,
        dest: &str,
        (line, column): (usize, usize),
    ) -> Option<Option<Resolved>> {
        match resolve(dest) {
            Ok(resolved) => Some(resolved.map(|mut r| {
                if let Some(w) = r.warning.take() {
                    self.warnings.push((line, column, w));
                }
                r
            })),
            Err(msg) => {
                self.errors.push((line, column, msg));
                None
            }
        }
    }
}

/// The opening `<a>` of a link to the resolved `r`, with its `hreflang`
/// and the link's `title`.
fn link_open(r: &Resolved, title: &str) -> String {
    let mut html = format!("<a href=\"{}\"", escape_attr(&r.href));
    if let Some(l) = &r.hreflang {
        html.push_str(&format!(" hreflang=\"{}\"", escape_attr(l)));
    }
    if !title.is_empty() {
        html.push_str(&format!(" title=\"{}\"", escape_attr(title)));
    }
    html.push('>');
    html
}

/// The link from note `n` back to its first reference. The arrow is a
/// picture to a screen reader: the words say it.
fn note_back_link(n: usize, words: NoteWords) -> String {
    if words.back.is_empty() {
        format!("<a href=\"#fnref-{n}\" class=\"footnote-back\">↩</a>")
    } else {
        format!(
            "<a href=\"#fnref-{n}\" class=\"footnote-back\"><span aria-hidden=\"true\">↩</span>{}</a>",
            hidden(words.back, "")
        )
    }
}

/// Escapes text for an HTML attribute value.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_follow_the_spec() {
        assert_eq!(anchor_of("Så gjorde vi"), "så-gjorde-vi");
        assert_eq!(
            anchor_of("  Mitä, jos lupaus ei toteudu?  "),
            "mitä-jos-lupaus-ei-toteudu"
        );
        assert_eq!(anchor_of("Step 1: Ask"), "step-1-ask");
        // Found by tests/properties.rs: a combining mark was kept.
        assert_eq!(anchor_of("İstanbul"), "istanbul");
    }

    /// A footnote's number is said as one ("Alaviite 1"), ids are `fn-N`
    /// and `fnref-N` (a bare `1` is no name for a link and collides with
    /// other notes), a second reference has an id of its own, and the note
    /// links back to its first reference.
    #[test]
    fn footnotes_are_named_numbered_and_linked_back() {
        let body =
            "Luku 94,2 %[^a] ja toinen[^b], taas[^a].\n\n[^b]: Toinen.\n\n[^a]: Ensimmäinen.\n";
        let words = NoteWords {
            reference: "Alaviite",
            back: "Takaisin tekstiin",
        };
        let html = render_body(&parse_to_render(body), words, |_| Ok(None)).html;
        assert!(
            html.contains("94,2 %<sup class=\"footnote-reference\"><a href=\"#fn-1\" id=\"fnref-1\"><span class=\"visually-hidden spoken\">Alaviite </span>1</a></sup>"),
            "{html}"
        );
        assert!(html.contains("<a href=\"#fn-2\" id=\"fnref-2\">"), "{html}");
        assert!(
            html.contains("<a href=\"#fn-1\" id=\"fnref-1-2\">"),
            "{html}"
        );
        assert!(
            html.contains("<div class=\"footnote-definition\" id=\"fn-1\"><sup class=\"footnote-definition-label\">1</sup>"),
            "{html}"
        );
        assert!(
            html.contains("<p>Ensimmäinen.</p>\n<a href=\"#fnref-1\" class=\"footnote-back\"><span aria-hidden=\"true\">↩</span><span class=\"visually-hidden spoken\">Takaisin tekstiin</span></a></div>"),
            "{html}"
        );
        assert!(
            !html.contains("id=\"1\"") && !html.contains("href=\"#1\""),
            "{html}"
        );
        // A note nothing references has no link back to lead nowhere.
        let lone = render_body(&parse_to_render("Teksti.\n\n[^c]: Yksin.\n"), words, |_| {
            Ok(None)
        })
        .html;
        assert!(lone.contains("<p>Yksin.</p>\n</div>"), "{lone}");
        assert!(!lone.contains("fnref"), "{lone}");
        let plain = render_body(&parse_to_render(body), NoteWords::default(), |_| Ok(None)).html;
        assert!(plain.contains("id=\"fnref-1\">1</a>"), "{plain}");
        assert!(!plain.contains("visually-hidden"), "{plain}");
    }

    /// pulldown-cmark pairs a reference with its note in any case
    /// (`[^Thl]` with `[^thl]: …`, `[^LÄHDE]` with `[^lähde]: …`), as it
    /// pairs a link with its definition: the reference, its note and the
    /// link back have one number. They had two: the reference led to
    /// `#fn-1`, which no note had, and the note `fn-2` had no link back.
    #[test]
    fn a_reference_and_its_note_in_another_case_have_one_number() {
        let body = "Luku[^Thl] ja[^LÄHDE], taas[^THL].\n\n[^thl]: THL.\n\n[^lähde]: Lähde.\n";
        let parsed = parse_to_render(body);
        // The parser pairs them, labels as written.
        let labels: Vec<String> = parsed
            .events()
            .iter()
            .filter_map(|e| match e {
                Event::FootnoteReference(l) => Some(format!("ref {l}")),
                Event::Start(Tag::FootnoteDefinition(l)) => Some(format!("note {l}")),
                _ => None,
            })
            .collect();
        assert_eq!(
            labels,
            ["ref Thl", "ref LÄHDE", "ref THL", "note thl", "note lähde"]
        );
        let out = render_body(&parsed, NoteWords::default(), |_| Ok(None));
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let html = out.html;
        for part in [
            "Luku<sup class=\"footnote-reference\"><a href=\"#fn-1\" id=\"fnref-1\">1</a></sup>",
            "ja<sup class=\"footnote-reference\"><a href=\"#fn-2\" id=\"fnref-2\">2</a></sup>",
            "taas<sup class=\"footnote-reference\"><a href=\"#fn-1\" id=\"fnref-1-2\">1</a></sup>",
            "<div class=\"footnote-definition\" id=\"fn-1\"><sup class=\"footnote-definition-label\">1</sup>",
            "<p>THL.</p>\n<a href=\"#fnref-1\" class=\"footnote-back\">↩</a></div>",
            "<div class=\"footnote-definition\" id=\"fn-2\"><sup class=\"footnote-definition-label\">2</sup>",
            "<p>Lähde.</p>\n<a href=\"#fnref-2\" class=\"footnote-back\">↩</a></div>",
        ] {
            assert!(html.contains(part), "{part}\n{html}");
        }
        assert!(!html.contains("fn-3"), "{html}");
    }

    /// A body of `n` notes: most referenced once before their note, every
    /// third a second time after it, every seventh not at all; every fifth
    /// label has a space in it.
    fn many_notes(n: usize) -> String {
        let (mut text, mut notes) = (String::new(), String::new());
        for i in 0..n {
            let label = if i % 5 == 0 {
                format!("lähde {i}")
            } else {
                format!("n{i}")
            };
            let referenced = i % 7 != 3;
            if referenced {
                text.push_str(&format!("Luku {i}[^{label}].\n"));
            }
            notes.push_str(&format!("[^{label}]: Lähde {i}.\n\n"));
            if referenced && i % 3 == 0 {
                notes.push_str(&format!("Taas[^{label}].\n\n"));
            }
        }
        format!("{text}\n{notes}")
    }

    /// A body of many notes renders as it did when each note scanned all
    /// of the body's events for a reference to it (the digest is of that
    /// HTML, made before the words had the class `spoken`): a link back
    /// for each referenced note, none for the others.
    #[test]
    fn many_notes_render_as_when_each_note_scanned_the_body() {
        let body = many_notes(2_000);
        let words = NoteWords {
            reference: "Alaviite",
            back: "Takaisin tekstiin",
        };
        for parsed in [parse(&body), parse_to_render(&body)] {
            let html = render_body(&parsed, words, |_| Ok(None)).html;
            let then = html.replace("visually-hidden spoken", "visually-hidden");
            assert_eq!(
                crate::digest::Digest::of(then.as_bytes()).to_hex(),
                "b8cb2477d95c701641e9c9b1ad3d1705"
            );
            let referenced = (0..2_000).filter(|i| i % 7 != 3).count();
            assert_eq!(html.matches("class=\"footnote-back\"").count(), referenced);
            assert_eq!(html.matches("class=\"footnote-definition\"").count(), 2_000);
        }
    }

    /// A footnote reference with no note (`[^x]` without `[^x]: …`) is
    /// published as the text `[^x]`: it is an error at its line and
    /// column, as a link to a missing page is. A reference with its note,
    /// one written as text on purpose (`\[^x]`, or after an escaped
    /// backslash, which is a reference), and code are not.
    #[test]
    fn a_footnote_reference_without_its_note_is_an_error_at_its_place() {
        let body = "Luku on 94 %[^thl] ja\nse kasvoi[^2025].\n\n\
                    Ei viite: \\[^esc] eikä `[^koodi]` eikä &#91;^ent].\n\n\
                    | a | b[^taulu] |\n|---|---|\n\n\
                    ```\n[^lohko]\n```\n\n\
                    Vino \\\\[^vino] ja [^Thl].\n\n\
                    [^thl]: THL.\n";
        let errors = render_body(&parse_to_render(body), NoteWords::default(), |_| Ok(None)).errors;
        let found: Vec<(usize, usize, String)> = errors
            .iter()
            .map(|(line, column, m)| (*line, *column, m.to_string()))
            .collect();
        let said = |label: &str| {
            format!(
                "the footnote reference `[^{label}]` has no note, so it is published as the \
                 text \"[^{label}]\": add the note `[^{label}]: …` on a line of its own below \
                 the text, or remove the reference"
            )
        };
        assert_eq!(
            found,
            vec![
                (2, 10, said("2025")),
                (6, 8, said("taulu")),
                (13, 8, said("vino")),
            ]
        );
        // Read alike however the body is parsed.
        let kept = render_body(&parse(body), NoteWords::default(), |_| Ok(None)).errors;
        assert_eq!(format!("{kept:?}"), format!("{errors:?}"));
    }

    /// pulldown-cmark reads a label with spaces (`[^thl lähde]`) as a
    /// reference when its note is written, spaces collapsed as in
    /// `[^thl  lähde]`; without its note the reference is published as the
    /// text "[^thl lähde]", which is the same error as `[^x]` without its
    /// note. A label of spaces only, or across a line break, is never a
    /// reference and not told as one (the latter is a warning of its own).
    #[test]
    fn a_footnote_label_with_spaces_is_a_reference_and_an_error_without_its_note() {
        let body = "Luku[^thl lähde] ja[^thl  lähde] ja[^thl 2023].\n\n\
                    Ei: [^ ] eikä [^rivi\nväli].\n\n\
                    [^thl lähde]: THL.\n";
        let parsed = parse_to_render(body);
        let out = render_body(&parsed, NoteWords::default(), |_| Ok(None));
        let found: Vec<(usize, usize, String)> = out
            .errors
            .iter()
            .map(|(line, column, m)| (*line, *column, m.to_string()))
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].0, found[0].1), (1, 36), "{found:?}");
        assert!(
            found[0].2.starts_with(
                "the footnote reference `[^thl 2023]` has no note, so it is published as the \
                 text \"[^thl 2023]\""
            ),
            "{found:?}"
        );
        assert!(out.html.contains("id=\"fnref-1\">1</a>"), "{}", out.html);
        assert!(out.html.contains("[^thl 2023]"), "{}", out.html);
        let kept = render_body(&parse(body), NoteWords::default(), |_| Ok(None)).errors;
        assert_eq!(format!("{kept:?}"), format!("{:?}", out.errors));
    }

    /// A note written twice (`[^b]: …` and again `[^b]: …`, or `[^B]: …`,
    /// which the parser pairs with the same marks) was published twice with
    /// one number and one id, the second with no mark leading to it: an
    /// error at the second, in both parses. A label used once, and a
    /// `[^b]:` in code, are not.
    #[test]
    fn a_note_written_twice_is_an_error_at_the_second() {
        let body = "Luku[^a] ja[^b].\n\n[^a]: Eka.\n\n[^b]: Toka.\n\n[^A]: Kolmas.\n\n\
                    ```\n[^b]: koodia\n```\n\n[^b]: Neljäs.\n";
        for parsed in [parse(body), parse_to_render(body)] {
            let out = render_body(&parsed, NoteWords::default(), |_| Ok(None));
            let told: Vec<(usize, usize, String)> = out
                .errors
                .iter()
                .map(|(l, c, m)| (l.to_owned(), c.to_owned(), m.code().to_string()))
                .collect();
            assert_eq!(
                told,
                [
                    (7, 1, "md.footnote_twice".to_string()),
                    (13, 1, "md.footnote_twice".to_string())
                ]
            );
            assert!(
                out.errors[0].2.to_string().contains("`[^A]:`"),
                "{}",
                out.errors[0].2
            );
        }
        let once = render_body(
            &parse_to_render("Luku[^a].\n\n[^a]: Eka.\n"),
            NoteWords::default(),
            |_| Ok(None),
        );
        assert!(once.errors.is_empty(), "{:?}", once.errors);
    }

    /// A footnote mark split over two lines (`[^pitkä` at a line's end,
    /// `nimi]` on the next) is never a footnote, with or without a note
    /// `[^pitkä nimi]: …`, and was published as text without a word: a
    /// warning at its `[`, saying how to write it on one line. Text that
    /// has no such mark is not told of.
    #[test]
    fn a_footnote_mark_split_over_two_lines_is_a_warning_at_its_place() {
        let told = |body: &str| -> Vec<(usize, usize, String)> {
            let out = render_body(&parse_to_render(body), NoteWords::default(), |_| Ok(None));
            let kept = render_body(&parse(body), NoteWords::default(), |_| Ok(None));
            assert_eq!(
                format!("{:?}", kept.warnings),
                format!("{:?}", out.warnings)
            );
            assert!(out.errors.is_empty(), "{body:?}: {:?}", out.errors);
            out.warnings
                .into_iter()
                .map(|(l, c, m)| (l, c, m.to_string()))
                .collect()
        };
        let said = |first: &str, label: &str| {
            format!(
                "the footnote mark \"[^{first}\" goes on to the next line, so it is not a \
                 footnote and is published as text: write the whole mark on one line, \
                 `[^{label}]`, and its note on a line of its own below the text starting with \
                 the same `[^{label}]: …`"
            )
        };
        assert_eq!(
            told("Luku on 94 %[^pitkä\nnimi] ja\nse kasvoi.\n\n[^pitkä nimi]: THL.\n"),
            [(1, 13, said("pitkä", "pitkä nimi"))]
        );
        // Windows line ends; no note; the second line indented in a list
        // or marked in a block quote; a mark cut right after `[^`.
        assert_eq!(
            told("Luku[^thl\r\n2023].\r\n"),
            [(1, 5, said("thl", "thl 2023"))]
        );
        assert_eq!(
            told("- Kohta[^thl\n  2023].\n\n> Lainaus[^thl\n> lähde].\n"),
            [
                (1, 8, said("thl", "thl 2023")),
                (4, 10, said("thl", "thl lähde"))
            ]
        );
        assert_eq!(told("Luku[^\nthl].\n"), [(1, 5, said("", "thl"))]);
        for fine in [
            "Tavallinen teksti [rivin\nyli] ja [^thl] viite.\n\n[^thl]: THL.\n",
            "Viite[^thl] ja\nrivi jatkuu].\n\n[^thl]: THL.\n",
            "Ei viite: \\[^pitkä\nnimi].\n",
            "Koodia `[^pitkä\nnimi]` tässä.\n",
            "```\n[^pitkä\nnimi]\n```\n",
            "Kappale[^pitkä\n\nToinen kappale] loppuu.\n",
            "Linkki [^pitkä\nnimi](https://thl.fi).\n",
            "Ei: [^ \n ].\n",
        ] {
            assert_eq!(told(fine), [], "{fine:?}");
        }
    }

    /// A body's plain text has a line per block and a space per table
    /// cell; its headings are apart when asked for (search), else in place
    /// (the changes page); markup, raw HTML and footnote marks are left out.
    #[test]
    fn plain_text_has_a_line_per_block_and_its_headings_apart_or_in_place() {
        let body = "## Mitä *lupaamme*\n\nSoita <b>heti</b>\n[palveluun](@/x.md).[^1]\n\n\
                    | a | b |\n|---|---|\n| c | `d` |\n\n- yksi\n\n[^1]: Lähde.\n";
        let parsed = parse(body);
        assert_eq!(
            plain_text(parsed.events(), None),
            "Mitä lupaamme\nSoita heti\npalveluun.\na b \nc d \nyksi\nLähde.\n\n"
        );
        let mut headings = String::new();
        let text = plain_text(parse_to_render(body).events(), Some(&mut headings));
        assert_eq!(headings, "Mitä lupaamme\n");
        assert_eq!(text, "Soita heti palveluun.\na b \nc d \nyksi\nLähde.\n\n");
    }

    /// A body parsed to be kept, to be rendered at once, or for its
    /// outline only gives the same HTML, problems and outline.
    #[test]
    fn the_three_ways_of_parsing_agree() {
        let body = "Intro *with* `code` and a\nsoft break, [a link](#b \"t\") & more.\n\n\
                    ## A heading {#b}\n\n## A heading\n\n![Alt *text*\nover lines](kuva.png)\n\n\
                    | a | b |\n|:--|--:|\n| 1 | 2 |\n\n<div onclick=\"x()\">raw</div>\n\n\
                    - one\n- [two](javascript:alert(1))\n";
        let kept = parse(body);
        let now = parse_to_render(body);
        assert!(
            now.events().len() > kept.events().len(),
            "runs of text are not joined"
        );
        let html = |p: &Parsed| render_body(p, NoteWords::default(), |_| Ok(None));
        let (a, b) = (html(&kept), html(&now));
        assert_eq!(a.html, b.html);
        assert_eq!(format!("{:?}", a.errors), format!("{:?}", b.errors));
        assert_eq!(outline(body), kept.outline());
        assert_eq!(now.outline(), kept.outline());
        let o = outline(body);
        assert_eq!((o.headings().count(), o.links().count()), (2, 3));
    }

    #[test]
    fn anchor_hashes_are_the_anchors_in_order() {
        let full = outline("## A\n\n## A\n\n[x](#a)\n\n## Työpajat {#workshops}\n");
        let hashes = full.anchor_hashes();
        let expected: Vec<u64> = ["a", "a-2", "workshops"].map(anchor_hash).to_vec();
        assert_eq!(*hashes, *expected);
        assert_ne!(anchor_hash("a"), anchor_hash("A"));
        // No headings: nothing kept.
        assert!(outline("[x](#a)\n").anchor_hashes().is_empty());
        // One per file for the whole build: a string and a box.
        assert_eq!(std::mem::size_of::<Outline>(), 24);
    }

    #[test]
    fn repeated_and_explicit_anchors() {
        let p = parse("## A\n\n## A\n\n## A\n\n## Työpajat {#workshops}\n");
        let a: Vec<&str> = p.headings.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(a, ["a", "a-2", "a-3", "workshops"]);
        let (html, _) = render(&p, |_| Ok(None));
        assert!(html.contains("<h2 id=\"a-2\">A</h2>"), "{html}");
        assert!(
            html.contains("<h2 id=\"workshops\">Työpajat</h2>"),
            "{html}"
        );
    }

    #[test]
    fn h1_becomes_h2_and_links_resolve() {
        let p = parse("# Big\n\nSee [the clinic](@/areas/a/b.md#x) and [bad](@/nope.md).\n");
        assert_eq!(p.links.len(), 2);
        assert_eq!((p.links[1].line, p.links[1].column), (3, 40));
        let (html, errs) = render(&p, |d| {
            if d.starts_with("@/areas") {
                Ok(Some(Resolved {
                    href: "/sv/a/b/#x".into(),
                    hreflang: Some("fi".into()),
                    warning: None,
                }))
            } else if d.starts_with("@/") {
                Err("no such page".into())
            } else {
                Ok(None)
            }
        });
        assert!(html.contains("<h2 id=\"big\">Big</h2>"), "{html}");
        assert!(
            html.contains("<a href=\"/sv/a/b/#x\" hreflang=\"fi\">the clinic</a>"),
            "{html}"
        );
        assert_eq!(errs, vec![(3, 40, Message::plain("no such page"))]);
    }

    #[test]
    fn tables_are_wrapped_for_narrow_screens() {
        let p = parse("| a | b |\n|---|---|\n| 1 | 2 |\n");
        let (html, _) = render(&p, |_| Ok(None));
        assert!(
            html.starts_with("<div class=\"table-scroll\"><table>"),
            "{html}"
        );
    }

    #[test]
    fn raw_html_that_a_strict_csp_blocks_is_an_error_where_it_stands() {
        let body = "Hi <span style=\"color:red\">x</span> [go](javascript:alert(1))\n\n\
                    <div\n  onclick='x()' class=a>\n<script>var a = '<style>';</script>\n</div>\n\n\
                    <script src=\"/app.js\"></script>\n\n<!-- <style> -->\n\n\
                    `<b style=x>` <a href=\" JavaScript:x\">a</a>\n\n<style>p{}</style>\n";
        let p = parse(body);
        let (_, errs) = render(&p, |_| Ok(None));
        let places: Vec<(usize, usize)> = errs.iter().map(|e| (e.0, e.1)).collect();
        assert_eq!(
            places,
            [(1, 10), (1, 37), (4, 3), (5, 1), (12, 18), (14, 1)],
            "{errs:#?}"
        );
        assert!(errs[0].2.to_string().contains("`style`"), "{errs:?}");
        assert!(
            errs[1].2.to_string().contains("javascript:alert(1)"),
            "{errs:?}"
        );
        assert!(errs[2].2.to_string().contains("`onclick`"), "{errs:?}");
        assert!(
            errs[3].2.to_string().contains("inline <script>"),
            "{errs:?}"
        );
        assert!(errs[4].2.to_string().contains("`href`"), "{errs:?}");
        assert!(errs[5].2.to_string().contains("<style>"), "{errs:?}");
        let p = parse("<p class=\"note\" title='on'>ok</p> <img src=x alt=y>\n");
        assert!(render(&p, |_| Ok(None)).1.is_empty());
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_an_error_once() {
        for (body, at) in [
            // The 101st `>`; the 51st `- ` (a list and an item each).
            (format!("{} x\n", ">".repeat(10_000)), (1, 101)),
            (format!("{}x\n", "- ".repeat(10_000)), (1, 101)),
            // A paragraph, then 100 emphases.
            (
                format!("{}x{}\n", "*a ".repeat(200), " b*".repeat(200)),
                (1, 298),
            ),
            // An HTML block, then 100 elements.
            (format!("{}x\n", "<div>\n".repeat(200)), (100, 1)),
            (format!("{}x\n", "<span>".repeat(200)), (1, 595)),
        ] {
            let p = parse(&body);
            let (_, errs) = render(&p, |_| Ok(None));
            assert_eq!(errs.len(), 1, "{errs:?}");
            assert_eq!((errs[0].0, errs[0].1), at, "{}", &body[..20]);
            assert!(
                errs[0]
                    .2
                    .to_string()
                    .contains("nested more than 100 levels")
            );
        }
        let ok = format!(
            "{} x\n\n<div><br><img src=x><p>a</p></div>\n",
            ">".repeat(40)
        );
        assert!(render(&parse(&ok), |_| Ok(None)).1.is_empty());
    }

    #[test]
    fn table_alignment_uses_classes_not_styles() {
        let p = parse("| a | b |\n|:--|--:|\n| 1 | 2 |\n");
        let (html, _) = render(&p, |_| Ok(None));
        assert!(!html.contains("style="), "{html}");
        assert!(
            html.contains("<th scope=\"col\" class=\"align-left\">a</th>"),
            "{html}"
        );
        assert!(html.contains("<td class=\"align-right\">2</td>"), "{html}");
    }

    #[test]
    fn an_outline_keeps_every_heading_and_link_as_parsed() {
        let body = "# Yksi\n\n## Kaksi {#oma}\n\nKatso [tätä](@/a.md#x), ![](kuva.png) \
                    ja [](https://e.example).\n\n## Yksi\n\n### Ö ja å [linkki `koodi`](/x)\n";
        let p = parse(body);
        let o = p.outline();
        let headings: Vec<_> = o
            .headings()
            .map(|h| (h.level, h.anchor.to_string(), h.text.to_string(), h.line))
            .collect();
        let want: Vec<_> = p
            .headings
            .iter()
            .map(|h| (h.level, h.anchor.clone(), h.text.clone(), h.line))
            .collect();
        assert_eq!(headings, want);
        assert_eq!(headings.len(), 4);
        let links: Vec<_> = o
            .links()
            .map(|l| {
                (
                    l.dest.to_string(),
                    l.text.to_string(),
                    l.line,
                    l.column,
                    l.image,
                )
            })
            .collect();
        let want: Vec<_> = p
            .links
            .iter()
            .map(|l| (l.dest.clone(), l.text.clone(), l.line, l.column, l.image))
            .collect();
        assert_eq!(links, want);
        assert_eq!(links.len(), 4);
        assert!(o.has_anchor("oma") && o.has_anchor("yksi-2") && !o.has_anchor("kaksi"));
        assert_eq!(parse("Ei otsikoita.\n").outline(), Outline::default());
    }

    #[test]
    fn a_paragraph_meant_as_a_heading_is_a_warning_at_its_place() {
        let codes = |body: &str| -> Vec<(usize, usize, String)> {
            render_body(&parse_to_render(body), NoteWords::default(), |_| Ok(None))
                .warnings
                .into_iter()
                .map(|(l, c, m)| (l, c, m.code().to_string()))
                .collect()
        };
        let no_space = "md.heading_no_space".to_string();
        let special = "md.heading_special_space".to_string();
        assert_eq!(codes("Text.\n\n##Ohje\n"), [(3, 1, no_space)]);
        assert_eq!(codes("##\u{a0}Näin toimit\n"), [(1, 1, special.clone())]);
        assert_eq!(codes("Text.\n\n #\u{202f}Otsikko\n"), [(3, 2, special)]);
        // Headings, text on purpose, a number, a hashtag mid-paragraph.
        for fine in [
            "## Ohje\n",
            "\\#Ohje\n",
            "#1 asia\n",
            "Text #Ohje\n",
            "```\n##Ohje\n```\n",
            "#######Ohje\n",
        ] {
            assert_eq!(codes(fine), [], "{fine:?}");
        }
    }
}
