//! Plain text set aside while the minifier runs.
//!
//! The one-pass minifier reads text a byte at a time (about a hundred
//! instructions a byte: every byte is checked for an entity, for white
//! space and for a tag), yet most of a page's text is words and single
//! spaces that it copies as they are. [`shelve`] replaces each long run of
//! such text with one private-use character ([`MARK`]) before the page is
//! minified, and [`Shelf::restore`] puts the runs back, in order, into what
//! the minifier wrote: the bytes are those of minifying the page whole,
//! in a fraction of the time.
//!
//! A run is set aside only where the minifier is known to copy it
//! unchanged:
//! - it is text content, outside every tag (the tags are read as the
//!   minifier reads them: quoted and unquoted attribute values, `/>`),
//!   comment, `<!…>` and `<?…?>`, and outside `script`, `style`,
//!   `textarea` and `title`;
//! - it holds no `&` (an entity is decoded and may be written otherwise),
//!   no `<`, and no white space but single spaces between other characters
//!   (white space is collapsed and trimmed around it, which the mark keeps:
//!   it is text, like the run);
//! - it starts after a tag or after white space, never right after other
//!   text (an entity before it could read on into it).
//!
//! The values of a few attributes (`href`, `src`, `class`, `id`...: see
//! [`is_plain_valued`]) are set aside too when they hold nothing the
//! minifier would quote, encode or compare with a default value, and with
//! their quotes when they are words with single spaces between them,
//! which the minifier leaves in double quotes.
//!
//! A page that already holds the mark, or whose tags cannot be read to
//! their end, is not shelved; when what the minifier wrote does not hold
//! every mark once, in text, [`Shelf::restore`] says so and the page is
//! minified whole (`minify.rs`).

/// What stands for a run of text: a private-use character, which no page
/// of a site is expected to hold (one that does is minified whole).
const MARK: &[u8] = "\u{E00F}".as_bytes();

/// The shortest run worth setting aside: shorter ones cost more to find
/// and put back than the minifier spends on them.
const MIN_RUN: usize = 8;

/// A page with its long runs of text (and plain attribute values) set
/// aside.
pub(super) struct Shelf<'a> {
    /// The page, each run replaced by [`MARK`].
    pub html: Vec<u8>,
    /// The runs, in page order.
    runs: Vec<&'a [u8]>,
    /// Their bytes together.
    run_bytes: usize,
}

/// What the minifier makes of each byte, as bits of [`CLASS`].
const SPACE: u8 = 1;
const TAG_NAME: u8 = 2;
const ATTR_NAME: u8 = 4;
const PLAIN_VALUE: u8 = 8;

/// Each byte's classes: the minifier's white space (the HTML standard's
/// ASCII white space), a character of a tag name or an attribute name as
/// it reads them, and a character it copies as it is in the value of an
/// attribute [`is_plain_valued`] picks (no white space, quote, `=`, `<`, `>`,
/// `` ` `` or `&`; `conform` leaves such a value unquoted too).
const CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        // The standard's ASCII white space: the minifier's too.
        let space = c.is_ascii_whitespace();
        if space {
            class[b] |= SPACE;
        }
        if c.is_ascii_alphanumeric() || c == b':' || c == b'-' {
            class[b] |= TAG_NAME;
        }
        if !(matches!(c, b' ' | b'"' | b'\'' | b'>' | b'/' | b'=')
            || c < 0x20
            || (c >= 0x7f && c <= 0x9f))
        {
            class[b] |= ATTR_NAME;
        }
        if !(space || matches!(c, b'"' | b'\'' | b'=' | b'<' | b'>' | b'`' | b'&')) {
            class[b] |= PLAIN_VALUE;
        }
        b += 1;
    }
    class
};

fn is(b: u8, class: u8) -> bool {
    CLASS[b as usize] & class != 0
}

/// The minifier's white space.
fn is_space(b: u8) -> bool {
    is(b, SPACE)
}

/// Whether the minifier copies the value of attribute `name` as it is
/// when it holds only [`PLAIN_VALUE`] characters (and between double
/// quotes when they are words with single spaces between them, see
/// [`is_spaced_words`]): none of these has a default value it would drop
/// the attribute for, and none is boolean.
fn is_plain_valued(name: &[u8]) -> bool {
    let named = |n: &[u8]| name.eq_ignore_ascii_case(n);
    match name.len() {
        2 => named(b"id"),
        3 => named(b"src") || named(b"for"),
        4 => named(b"href"),
        5 => named(b"class") || named(b"title"),
        7 => named(b"content"),
        10 => named(b"aria-label"),
        15 => named(b"aria-labelledby"),
        _ => false,
    }
}

/// Whether `value` is words of [`PLAIN_VALUE`] characters with single
/// spaces between them (at least one): a value the minifier writes as it
/// is between double quotes (white space is what needs them), and that no
/// attribute's white space trimming or collapsing changes.
fn is_spaced_words(value: &[u8]) -> bool {
    value.first().is_some_and(|&b| b != b' ')
        && value.last().is_some_and(|&b| b != b' ')
        && value.contains(&b' ')
        && !value.windows(2).any(|w| w == b"  ")
        && value.iter().all(|&b| b == b' ' || is(b, PLAIN_VALUE))
}

/// `html` with its long runs of plain text set aside (see the module's
/// documentation); `None` when there is none, or when the page cannot be
/// shelved safely.
pub(super) fn shelve(html: &[u8]) -> Option<Shelf<'_>> {
    if memchr::memmem::find(html, MARK).is_some() {
        return None;
    }
    let mut shelver = Shelver {
        html,
        copied: 0,
        shelf: Shelf {
            html: Vec::new(),
            runs: Vec::new(),
            run_bytes: 0,
        },
    };
    let mut at = 0;
    // Whether text at `at` may start a run: after a tag, or at the start.
    let mut after_tag = true;
    while at < html.len() {
        let lt = memchr::memchr(b'<', &html[at..]).map_or(html.len(), |i| at + i);
        shelver.runs_in(at, lt, after_tag);
        if lt == html.len() {
            break;
        }
        (at, after_tag) = shelver.markup_end(lt)?;
    }
    let Shelver {
        html,
        copied,
        mut shelf,
    } = shelver;
    if shelf.runs.is_empty() {
        return None;
    }
    shelf.html.extend_from_slice(&html[copied..]);
    Some(shelf)
}

/// A page being shelved: what is copied so far.
struct Shelver<'a> {
    html: &'a [u8],
    /// `html` is copied into the shelf up to here.
    copied: usize,
    shelf: Shelf<'a>,
}

impl<'a> Shelver<'a> {
    /// Sets `html[start..end]` aside, when it is at least [`MIN_RUN`]
    /// bytes long.
    fn take(&mut self, start: usize, end: usize) {
        if end - start < MIN_RUN {
            return;
        }
        let shelf = &mut self.shelf;
        if shelf.html.capacity() == 0 {
            shelf.html.reserve(self.html.len() / 2);
        }
        shelf.html.extend_from_slice(&self.html[self.copied..start]);
        shelf.html.extend_from_slice(MARK);
        shelf.runs.push(&self.html[start..end]);
        shelf.run_bytes += end - start;
        self.copied = end;
    }

    /// Sets aside the runs in the text `html[start..end]` (no `<` in it);
    /// `after_tag` says whether the text follows a tag.
    fn runs_in(&mut self, start: usize, end: usize, after_tag: bool) {
        let text = &self.html[start..end];
        let next_space = |i: usize| {
            text[i..]
                .iter()
                .position(|&b| is_space(b))
                .map_or(text.len(), |n| i + n)
        };
        let mut i = 0;
        while i < text.len() {
            if is_space(text[i]) {
                i += 1;
                continue;
            }
            let starts = if i == 0 {
                after_tag
            } else {
                is_space(text[i - 1])
            };
            if !starts || text[i] == b'&' {
                // Not a run's start: on to the next white space.
                i = next_space(i);
                continue;
            }
            let from = i;
            loop {
                while text.get(i).is_some_and(|&b| !is_space(b) && b != b'&') {
                    i += 1;
                }
                // A single space with more of the run after it.
                if text.get(i) == Some(&b' ')
                    && text.get(i + 1).is_some_and(|&b| !is_space(b) && b != b'&')
                {
                    i += 1;
                    continue;
                }
                break;
            }
            self.take(start + from, start + i);
            if text.get(i) == Some(&b'&') {
                // What follows an entity is not a run's start.
                i = next_space(i);
            }
        }
    }

    /// Where the markup that opens at `lt` (a `<`) ends, and whether it
    /// was a tag (after which a run may start); `None` when it does not
    /// end, or a start tag cannot be read to its end as the minifier reads
    /// it. A `<` that opens no markup is text.
    fn markup_end(&mut self, lt: usize) -> Option<(usize, bool)> {
        let rest = &self.html[lt..];
        let find = |what: &[u8]| memchr::memmem::find(rest, what).map(|i| lt + i + what.len());
        let gt = || memchr::memchr(b'>', rest).map(|i| lt + i + 1);
        match rest.get(1) {
            Some(&b) if is(b, TAG_NAME) => self.start_tag_end(lt),
            Some(b'/') => Some((gt()?, true)),
            Some(b'!') if rest.starts_with(b"<!--") => Some((find(b"-->")?, false)),
            Some(b'!') => Some((gt()?, false)),
            Some(b'?') => Some((find(b"?>")?, false)),
            _ => Some((lt + 1, false)),
        }
    }

    /// Where the start tag at `lt` ends (after the content of an element
    /// that holds raw text, see `minify::is_raw_text`), read as the minifier reads it;
    /// sets aside the long plain values of the attributes [`is_plain_valued`]
    /// picks.
    fn start_tag_end(&mut self, lt: usize) -> Option<(usize, bool)> {
        let html = self.html;
        let mut at = lt + 1;
        while html.get(at).is_some_and(|&b| is(b, TAG_NAME)) {
            at += 1;
        }
        let name = &html[lt + 1..at];
        let skip_space = |mut at: usize| {
            while html.get(at).is_some_and(|&b| is_space(b)) {
                at += 1;
            }
            at
        };
        // The values to set aside, taken when the tag's end is known: a
        // quoted one only if the tag does not end with `/>`, as the
        // minifier may drop the attributes between it and the `/>` and
        // then writes `"…"/>`, where an unquoted mark needs `MARK />`.
        // (At most 8 a tag; any more stay, which is always correct.)
        let mut pending = [(0usize, 0usize, false); 8];
        let mut n = 0;
        let self_closing = loop {
            at = skip_space(at);
            match html.get(at)? {
                b'>' => break false,
                b'/' if html.get(at + 1) == Some(&b'>') => break true,
                _ => {}
            }
            let attr_start = at;
            while html.get(at).is_some_and(|&b| is(b, ATTR_NAME)) {
                at += 1;
            }
            if at == attr_start {
                // The minifier refuses it.
                return None;
            }
            let attr = &html[attr_start..at];
            at = skip_space(at);
            if html.get(at) != Some(&b'=') {
                continue;
            }
            at = skip_space(at + 1);
            let (value, end) = match html.get(at)? {
                &q @ (b'"' | b'\'') => {
                    let end = at + 1 + memchr::memchr(q, &html[at + 1..])?;
                    (at + 1..end, end + 1)
                }
                _ => {
                    let mut end = at;
                    while html.get(end).is_some_and(|&b| !is_space(b) && b != b'>') {
                        end += 1;
                    }
                    (at..end, end)
                }
            };
            if value.len() >= MIN_RUN && is_plain_valued(attr) && n < pending.len() {
                let text = &html[value.clone()];
                if text.iter().all(|&b| is(b, PLAIN_VALUE)) {
                    pending[n] = (value.start, value.end, false);
                    n += 1;
                } else if html[value.start - 1] == b'"' && is_spaced_words(text) {
                    // Quoted by the minifier as it was written: the value
                    // with its quotes, the mark unquoted in their place.
                    pending[n] = (value.start - 1, end, true);
                    n += 1;
                }
            }
            at = end;
        };
        for &(start, end, quoted) in &pending[..n] {
            if !(quoted && self_closing) {
                self.take(start, end);
            }
        }
        if self_closing {
            return Some((at + 2, true));
        }
        let end = at + 1;
        if super::minify::is_raw_text(name) {
            // Its content, up to its end tag, is copied as it is.
            return Some((super::minify::raw_text_end(html, end, name), false));
        }
        Some((end, true))
    }
}

impl Shelf<'_> {
    /// `minified` (what the minifier wrote of [`Shelf::html`]) with every
    /// mark replaced by its run, in order; `None` unless it holds exactly
    /// one mark per run.
    pub(super) fn restore(&self, minified: &[u8]) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(minified.len() + self.run_bytes);
        let mut runs = self.runs.iter();
        let mut at = 0;
        for i in memchr::memmem::find_iter(minified, MARK) {
            out.extend_from_slice(&minified[at..i]);
            out.extend_from_slice(runs.next()?);
            at = i + MARK.len();
        }
        if runs.next().is_some() {
            return None;
        }
        out.extend_from_slice(&minified[at..]);
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(html: &str) -> Vec<String> {
        shelve(html.as_bytes()).map_or_else(Vec::new, |s| {
            s.runs
                .iter()
                .map(|r| String::from_utf8_lossy(r).into_owned())
                .collect()
        })
    }

    #[test]
    fn long_runs_of_words_and_single_spaces_are_set_aside() {
        let html = "<p>The county keeps its promise.\n  Every  year <b>it reports on it</b> &amp; more text follows here</p>";
        assert_eq!(
            runs(html),
            [
                "The county keeps its promise.",
                "it reports on it",
                "more text follows here"
            ]
        );
        let shelf = shelve(html.as_bytes()).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&shelf.html),
            "<p>\u{E00F}\n  Every  year <b>\u{E00F}</b> &amp; \u{E00F}</p>"
        );
    }

    #[test]
    fn text_right_after_an_entity_or_other_text_stays() {
        // After `&lt;` the text could still be part of what the entity
        // decodes to; after a comment, of the text before it.
        assert!(runs("<p>&lt;abcdefghijklmnopqrstuvwxyz</p>").is_empty());
        assert!(runs("<p>x<!-- c -->abcdefghijklmnopqrstuvwxyz</p>").is_empty());
        assert!(
            runs("<p>a < b abcdefghijklmnopqrstuvwxyz</p>") == ["b abcdefghijklmnopqrstuvwxyz"]
        );
    }

    #[test]
    fn tags_attributes_and_untouched_elements_are_not_text() {
        let html = "<a title=\"a > long attribute value here\" href=x>link text long enough</a>\
                    <script>let a = 'long enough script text';</script>\
                    <title>A long enough title text</title><br/>after the br long enough";
        assert_eq!(
            runs(html),
            ["link text long enough", "after the br long enough"]
        );
        // A tag the minifier refuses, or one that never ends: not shelved.
        assert!(shelve(b"<p / >long enough text for a run</p>").is_none());
        assert!(shelve(b"<p>long enough text for a run</p><a href=\"x").is_none());
        // A page that holds the mark already.
        assert!(shelve("<p>long enough text for a run \u{E00F}</p>".as_bytes()).is_none());
    }

    #[test]
    fn plain_values_of_plain_valued_attributes_are_set_aside() {
        let html = "<a class=commitment-link href=\"/fi/s0/p120/\" rel=\"/fi/s0/p120/\">x</a>\
                    <link rel=alternate href=\"https://example.org/?a=1\">\
                    <p class=\"status status-met\" id='perspective-quality'>y</p>\
                    <p class='status status-met' title=\"two  spaces\">y</p><br class=\"status status-met\"/>\
                    <path href=\"status status-met\" class/>";
        // Not `rel` (not picked), not a value with `=`; words with single
        // spaces with their double quotes, but not from single quotes nor
        // in a tag that ends with `/>`, even with an attribute between
        // them that the minifier drops (`class/>`: it writes `"…"/>`).
        assert_eq!(
            runs(html),
            [
                "commitment-link",
                "/fi/s0/p120/",
                "\"status status-met\"",
                "perspective-quality"
            ]
        );
    }

    #[test]
    fn restore_needs_one_mark_per_run() {
        let html = "<p>long enough text for a run</p>";
        let shelf = shelve(html.as_bytes()).unwrap();
        assert_eq!(shelf.restore(&shelf.html).unwrap(), html.as_bytes());
        assert!(shelf.restore(b"<p>none</p>").is_none());
        let twice = [shelf.html.as_slice(), shelf.html.as_slice()].concat();
        assert!(shelf.restore(&twice).is_none());
    }
}
