//! Problems found in a site's files, and how they are shown to the writer.
//!
//! Every loader reports what it finds as a [`Diagnostic`]: the file's path
//! relative to the site root, the line and column where known, what is wrong
//! and what to do. Loaders never stop at the first problem; they collect into
//! [`Diagnostics`], and the command prints them all at the end. This module
//! does not decide what is wrong: that is each loader's job.

use std::fmt;
use std::sync::Mutex;

use serde::Serialize;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Nothing is published while there is one.
    Error,
    /// Published anyway; the writer should look.
    Warning,
}

/// One problem in one place. Problems are listed in their [`Ord`] order:
/// the [causes](Diagnostic::is_cause) first, then by file, line and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Path relative to the site root, with `/` separators (`content/site.yaml`).
    pub path: String,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// 1-based column, where known.
    pub column: Option<usize>,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong and what to do, in one sentence or two (in English;
    /// printed in the writer's language when the problem has a `code`).
    pub message: String,
    /// A stable name of the problem (`check.alt`), empty for messages not
    /// yet in the catalogs; see [`crate::messages`].
    #[serde(skip_serializing_if = "str::is_empty")]
    pub code: &'static str,
    /// The named values the message is written with.
    #[serde(skip)]
    pub args: Box<[(&'static str, String)]>,
}

impl Diagnostic {
    /// An error in `path` at no particular line.
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line: None,
            column: None,
            severity: Severity::Error,
            message: message.into(),
            code: "",
            args: Box::default(),
        }
    }

    /// A problem with a code from the message catalogs and its named
    /// values; its English text is its `message`.
    pub fn coded(
        severity: Severity,
        path: impl Into<String>,
        code: &'static str,
        args: Vec<(&'static str, String)>,
    ) -> Self {
        let message = crate::messages::text(crate::messages::Lang::En, code, &args)
            .unwrap_or_else(|| code.to_string());
        Diagnostic {
            severity,
            code,
            args: args.into_boxed_slice(),
            ..Diagnostic::error(path, message)
        }
    }

    /// An error with a code from the message catalogs (see [`Self::coded`]).
    pub fn err(
        path: impl Into<String>,
        code: &'static str,
        args: Vec<(&'static str, String)>,
    ) -> Self {
        Self::coded(Severity::Error, path, code, args)
    }

    /// A warning with a code from the message catalogs (see [`Self::coded`]).
    pub fn warn(
        path: impl Into<String>,
        code: &'static str,
        args: Vec<(&'static str, String)>,
    ) -> Self {
        Self::coded(Severity::Warning, path, code, args)
    }

    /// The message in the language of this run.
    pub fn text(&self) -> String {
        if self.code.is_empty() {
            return self.message.clone();
        }
        crate::messages::text(crate::messages::current(), self.code, &self.args)
            .unwrap_or_else(|| self.message.clone())
    }

    /// A warning in `path` at no particular line.
    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// The same problem at a line (and column, if known).
    pub fn at(mut self, line: usize, column: Option<usize>) -> Self {
        self.line = Some(line);
        self.column = column;
        self
    }

    /// The same problem at an optional position.
    pub fn at_opt(self, pos: Option<(usize, usize)>) -> Self {
        match pos {
            Some((line, col)) => self.at(line, Some(col)),
            None => self,
        }
    }

    /// Whether this problem stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The problems that cause others elsewhere, listed before every other:
/// a translation without its default-language file (the links to the page
/// fail with it) and a missing `indicators.yaml` (its ids are unknown
/// everywhere), so that a writer reads the cause before its consequences.
const CAUSES: [&str; 4] = [
    "site.no_default_file",
    "site.no_default_file_renamed",
    "indicators.missing",
    "indicators.missing_results",
];

impl Diagnostic {
    /// Whether this problem causes others elsewhere (`CAUSES`): it is
    /// listed first.
    pub fn is_cause(&self) -> bool {
        CAUSES.contains(&self.code)
    }
}

impl Ord for Diagnostic {
    /// Causes first, then by file ([`natural_cmp`]: `sivu2.md` before
    /// `sivu10.md`), line, column and severity.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        fn key(d: &Diagnostic) -> impl Ord + '_ {
            (d.line, d.column, d.severity, (&d.message, d.code, &d.args))
        }
        (!self.is_cause())
            .cmp(&!other.is_cause())
            .then_with(|| natural_cmp(&self.path, &other.path))
            .then_with(|| key(self).cmp(&key(other)))
    }
}

/// File names as a person orders them: runs of digits compared as
/// numbers, so that `sivu2.md` comes before `sivu10.md` and
/// `2024-9.csv` before `2024-10.csv`; everything else as it is written.
/// Names that differ only in leading zeros (`c01`, `c1`) are told apart
/// as text, so that two names are equal only when they are the same.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    /// The next piece of `s`: a run of ASCII digits, or one character.
    fn piece(s: &str) -> (&str, &str) {
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        let len = if digits > 0 {
            digits
        } else {
            s.chars().next().map_or(0, char::len_utf8)
        };
        s.split_at(len)
    }
    let (mut x, mut y) = (a, b);
    while !x.is_empty() && !y.is_empty() {
        let ((p, rest_x), (q, rest_y)) = (piece(x), piece(y));
        let numbers = p.starts_with(|c: char| c.is_ascii_digit())
            && q.starts_with(|c: char| c.is_ascii_digit());
        let order = if numbers {
            // As numbers of any length: without leading zeros, the
            // longer is the larger, and of equal length the digits say.
            let (p, q) = (p.trim_start_matches('0'), q.trim_start_matches('0'));
            p.len().cmp(&q.len()).then_with(|| p.cmp(q))
        } else {
            p.cmp(q)
        };
        if order != Ordering::Equal {
            return order;
        }
        (x, y) = (rest_x, rest_y);
    }
    // A name that is the start of the other comes first.
    (!x.is_empty()).cmp(&!y.is_empty()).then_with(|| a.cmp(b))
}

impl PartialOrd for Diagnostic {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line:col: message`, the form editors and terminals turn into links;
    /// warnings say so after the location.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        if self.severity == Severity::Warning {
            write!(f, ": {}", warning_label())?;
        }
        write!(f, ": {}", self.text())
    }
}

/// The word that marks a warning after its place, in the language of the
/// messages: `warning`, `varoitus`, `varning`.
pub fn warning_label() -> String {
    crate::messages::tr("diag.warning", &[])
}

/// A problem's words without its place, from code that does not know the
/// file (a link resolver); the caller places it with [`Message::error`] or
/// [`Message::warning`]. Its `Display` is the English text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    code: &'static str,
    args: Vec<(&'static str, String)>,
    english: String,
}

impl Message {
    /// A message from the catalogs ([`crate::messages`]).
    pub fn new(code: &'static str, args: Vec<(&'static str, String)>) -> Self {
        let english = crate::messages::text(crate::messages::Lang::En, code, &args)
            .unwrap_or_else(|| code.to_string());
        Message {
            code,
            args,
            english,
        }
    }

    /// A message not yet in the catalogs: English in every language.
    pub fn plain(text: impl Into<String>) -> Self {
        Message {
            code: "",
            args: Vec::new(),
            english: text.into(),
        }
    }

    /// This message as the value of another message's placeholder, in the
    /// reader's language (see [`crate::messages::nested`]); its English
    /// text when it has no code.
    pub fn arg(&self) -> String {
        if self.code.is_empty() {
            self.english.clone()
        } else {
            crate::messages::nested(self.code, &self.args)
        }
    }

    /// The catalog code (empty for a message not in the catalogs).
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The error this message says, in `path`.
    pub fn error(self, path: impl Into<String>) -> Diagnostic {
        self.at(Severity::Error, path)
    }

    /// The warning this message says, in `path`.
    pub fn warning(self, path: impl Into<String>) -> Diagnostic {
        self.at(Severity::Warning, path)
    }

    fn at(self, severity: Severity, path: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            code: self.code,
            args: self.args.into_boxed_slice(),
            ..Diagnostic::error(path, self.english)
        }
    }
}

impl From<&str> for Message {
    fn from(text: &str) -> Self {
        Message::plain(text)
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english)
    }
}

/// A thread-safe collection of problems, filled by loaders running in parallel.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Mutex<Vec<Diagnostic>>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one problem.
    pub fn push(&self, d: Diagnostic) {
        self.lock().push(d);
    }

    /// Adds many problems.
    pub fn extend(&self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.lock().extend(ds);
    }

    /// Whether any problem so far is one that `f` picks.
    pub fn any(&self, f: impl Fn(&Diagnostic) -> bool) -> bool {
        self.lock().iter().any(f)
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.lock().iter().any(Diagnostic::is_error)
    }

    /// All problems, sorted (the causes of others first, then by file, line
    /// and column, see [`Diagnostic`]'s order), duplicates removed, so that
    /// the report reads in file order whatever order the threads ran in.
    pub fn into_sorted(self) -> Vec<Diagnostic> {
        let mut v = self.items.into_inner().unwrap_or_else(|e| e.into_inner());
        v.sort();
        v.dedup();
        v
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Diagnostic>> {
        // A panic elsewhere must not hide the problems found so far.
        self.items.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// From how many links with the same problem on they are told as one
/// ([`grouped`]).
const GROUP_FROM: usize = 3;

/// How many of a grouped problem's places its message names.
const PLACES_SHOWN: usize = 3;

/// `diags` as a person reads them in a terminal or the preview's box:
/// links with the same problem (the same code and values: the same missing
/// page, anchor or file, and the same fix) in `GROUP_FROM` or more places
/// become one problem at the first of them, which says how many links
/// there are, names the first `PLACES_SHOWN` places and that `lupaus
/// check` lists every one. Renaming a page that 81 pages link to is one
/// cause: told 81 times, it scrolled off the screen. Every other problem
/// is kept as it is, in the same order. Counts of errors are counted on
/// `diags`, not on this (a grouped problem says its number of links);
/// `lupaus check` and its JSON list every link.
pub fn grouped(diags: &[Diagnostic]) -> Vec<Diagnostic> {
    use std::collections::BTreeMap;
    type Key<'a> = (Severity, &'static str, &'a [(&'static str, String)]);
    fn key(d: &Diagnostic) -> Option<Key<'_>> {
        d.code
            .starts_with("links.")
            .then_some((d.severity, d.code, &*d.args))
    }
    let mut same: BTreeMap<Key<'_>, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diags {
        if let Some(k) = key(d) {
            same.entry(k).or_default().push(d);
        }
    }
    let mut out = Vec::with_capacity(diags.len());
    for d in diags {
        let group = key(d)
            .and_then(|k| same.get(&k))
            .filter(|g| g.len() >= GROUP_FROM);
        match group {
            None => out.push(d.clone()),
            // Told once, where the first of them is.
            Some(g) if std::ptr::eq(g[0], d) => out.push(one_for(g)),
            Some(_) => {}
        }
    }
    out
}

/// The one problem told for the links in `group` (at least one).
fn one_for(group: &[&Diagnostic]) -> Diagnostic {
    let first = group[0];
    let places: Vec<String> = group
        .iter()
        .take(PLACES_SHOWN)
        .map(|d| match d.line {
            Some(line) => format!("{}:{line}", d.path),
            None => d.path.clone(),
        })
        .collect();
    let more = match group.len().saturating_sub(PLACES_SHOWN) {
        0 => String::new(),
        1 => crate::nested::nested("links.more_one", &[]),
        n => crate::nested::nested("links.more", &[("n", n.to_string())]),
    };
    let problem = crate::nested::nested(first.code, &first.args);
    Diagnostic {
        line: first.line,
        column: first.column,
        ..Diagnostic::coded(
            first.severity,
            first.path.clone(),
            "links.many",
            vec![
                ("n", group.len().to_string()),
                ("problem", problem),
                ("places", places.join(", ")),
                ("more", more),
            ],
        )
    }
}

pub use crate::suggest::did_you_mean;

/// The `{error}` value for an operating-system error: what it means in the
/// reader's language for the kinds a writer meets (no such file, no
/// permission, a full disk, a file open in another program), else the
/// system's own words.
pub fn os_error(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    // Windows: ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION.
    if cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33)) {
        return crate::nested::nested("os.in_use", &[]);
    }
    let code = match e.kind() {
        K::NotFound => "os.not_found",
        K::PermissionDenied => "os.denied",
        K::AlreadyExists => "os.exists",
        K::IsADirectory => "os.is_folder",
        K::NotADirectory => "os.not_folder",
        K::StorageFull | K::QuotaExceeded => "os.disk_full",
        K::ReadOnlyFilesystem => "os.read_only",
        K::DirectoryNotEmpty => "os.not_empty",
        K::InvalidFilename => "os.bad_name",
        _ => return e.to_string(),
    };
    crate::nested::nested(code, &[])
}

/// The `did_you_mean` value of a coded message: the closest candidate, or
/// nothing (the catalogs turn it into the sentence of the reader's
/// language, see [`crate::messages::text`]).
pub fn did_you_mean_arg<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> (&'static str, String) {
    (
        "did_you_mean",
        did_you_mean(word, candidates).unwrap_or("").to_string(),
    )
}

/// [`did_you_mean_arg`] for a word a writer may have written in their own
/// language: what `names` says it stands for (a Finnish or Swedish key or
/// value, `tavoite` → `target`; looked up trimmed, lowercased, with spaces
/// and `-` as `_`), else the closest of `candidates` by spelling, which
/// cannot bridge languages.
pub fn did_you_mean_named<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    names: fn(&str) -> Option<&'static str>,
) -> (&'static str, String) {
    let name = word.trim().to_lowercase().replace([' ', '-'], "_");
    match names(&name) {
        Some(meant) => ("did_you_mean", meant.to_string()),
        None => did_you_mean_arg(word, candidates),
    }
}

/// ` (did you mean "x"?)`, or nothing.
pub fn suggestion<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(word, candidates)
        .map(|c| format!(" (did you mean \"{c}\"?)"))
        .unwrap_or_default()
}

/// Asserts that one of the diagnostics `told` (as displayed) starts with
/// `at` and suggests `meant` (`(did you mean "meant"?)`) for `written`,
/// which it quotes.
#[cfg(test)]
pub(crate) fn assert_suggests(told: &[String], at: &str, written: &str, meant: &str) {
    let suggestion = format!("did you mean \"{meant}\"");
    assert!(
        told.iter()
            .any(|t| t.starts_with(at) && t.contains(written) && t.contains(&suggestion)),
        "{written} → {meant} at {at}: {told:?}"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_location_then_message() {
        let d = Diagnostic::error("content/a.md", "bad").at(4, Some(14));
        assert_eq!(d.to_string(), "content/a.md:4:14: bad");
        let w = Diagnostic::warning("content/a.md", "hm").at(2, None);
        assert_eq!(w.to_string(), "content/a.md:2: warning: hm");
    }

    #[test]
    fn suggests_close_names_only() {
        let c = ["availability", "accessibility", "quality"];
        assert_eq!(did_you_mean("availabilty", c), Some("availability"));
        assert_eq!(did_you_mean("zzz", c), None);
        let paths = ["areas/social/_index.md", "areas/family/clinic.md"];
        assert_eq!(did_you_mean("areas/nope.md", paths), None);
        assert_eq!(
            did_you_mean("areas/family/clinc.md", paths),
            Some("areas/family/clinic.md")
        );
    }

    #[test]
    fn os_errors_are_said_in_the_readers_language() {
        use crate::messages::{Lang, text};
        let e = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let args = [("error", os_error(&e))];
        let fi = text(Lang::Fi, "file.unreadable_short", &args).unwrap_or_default();
        assert_eq!(fi, "tiedostoa ei voi lukea (ei käyttöoikeutta)");
        let e = std::fs::read("/nonexistent/lupaus/file").unwrap_err();
        let args = [("error", os_error(&e))];
        let sv = text(Lang::Sv, "file.unreadable_short", &args).unwrap_or_default();
        assert_eq!(sv, "filen kan inte läsas (filen eller mappen finns inte)");
        let other = std::io::Error::other("odd");
        assert_eq!(os_error(&other), "odd");
    }

    /// A problem that causes others (a missing default-language file, its
    /// links failing everywhere) is listed before them.
    #[test]
    fn causes_come_first() {
        let ds = Diagnostics::new();
        ds.push(Diagnostic::err("content/a.md", "links.no_file_how", vec![]).at(3, None));
        ds.push(Diagnostic::err(
            "content/pages/b.sv.md",
            "site.no_default_file",
            vec![],
        ));
        let v = ds.into_sorted();
        assert_eq!(v[0].path, "content/pages/b.sv.md");
        assert!(v[0].is_cause() && !v[1].is_cause());
    }

    /// Links to one missing page from many places are one problem that
    /// says how many, where the first ones are and what to do; a problem
    /// in two places, and other problems, are told as they are.
    #[test]
    fn many_links_with_the_same_problem_are_told_once() {
        let missing = |path: &str, line: usize| {
            Diagnostic::err(
                path,
                "links.no_file",
                vec![
                    ("path", "pages/palaute.md".to_string()),
                    ("did_you_mean", "@/pages/palautteet.md".to_string()),
                ],
            )
            .at(line, Some(5))
        };
        let ds = Diagnostics::new();
        for i in 0..81 {
            ds.push(missing(&format!("content/areas/a/c{i:02}.fi.md"), 7));
        }
        let other = |path: &str| {
            Diagnostic::err(path, "links.no_file_how", vec![("path", "x.md".into())]).at(2, None)
        };
        ds.push(other("content/a.fi.md"));
        ds.push(other("content/b.fi.md"));
        ds.push(Diagnostic::error("content/site.yaml", "bad"));
        let all = ds.into_sorted();
        assert_eq!(all.len(), 84);
        let shown = grouped(&all);
        let lines: Vec<String> = shown.iter().map(ToString::to_string).collect();
        assert_eq!(lines.len(), 4, "{lines:#?}");
        assert_eq!(
            lines[1],
            "content/areas/a/c00.fi.md:7:5: 81 links have this problem: link to \
             @/pages/palaute.md, but there is no such file in content/; check the path \
             (did you mean \"@/pages/palautteet.md\"?). They are at \
             content/areas/a/c00.fi.md:7, content/areas/a/c01.fi.md:7, \
             content/areas/a/c02.fi.md:7 and 78 more; `lupaus check` lists every one"
        );
        assert!(lines[0].starts_with("content/a.fi.md:2: link to @/x.md"));
        assert!(lines[2].starts_with("content/b.fi.md:2: link to @/x.md"));
        assert_eq!(lines[3], "content/site.yaml: bad");
        assert!(shown[1].is_error());
        // In the writer's language, the link's own message with it.
        let fi = crate::messages::text(crate::messages::Lang::Fi, shown[1].code, &shown[1].args)
            .unwrap_or_default();
        assert!(
            fi.starts_with("81 linkissä on tämä ongelma: linkki kohteeseen @/pages/palaute.md")
                && fi.contains("(tarkoititko \"@/pages/palautteet.md\"?)")
                && fi.contains(" ja 78 muuta;"),
            "{fi}"
        );
    }

    /// Numbers in names are compared as numbers: `sivu2.md` before
    /// `sivu10.md`, `2024-9` before `2024-10`; names that differ only in
    /// leading zeros are still two names, in a fixed order.
    #[test]
    fn names_are_in_natural_order() {
        use std::cmp::Ordering::*;
        let mut names = vec![
            "content/pages/sivu10.fi.md",
            "content/pages/sivu2.fi.md",
            "content/pages/sivu1.fi.md",
            "content/pages/sivu.fi.md",
            "content/pages/sivu02.fi.md",
            "content/pages/sivua.fi.md",
            "content/results/2024-10.csv",
            "content/results/2024-9.csv",
            "content/pages/sivu99999999999999999999999.fi.md",
        ];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            [
                "content/pages/sivu.fi.md",
                "content/pages/sivu1.fi.md",
                "content/pages/sivu02.fi.md",
                "content/pages/sivu2.fi.md",
                "content/pages/sivu10.fi.md",
                "content/pages/sivu99999999999999999999999.fi.md",
                "content/pages/sivua.fi.md",
                "content/results/2024-9.csv",
                "content/results/2024-10.csv",
            ]
        );
        assert_eq!(natural_cmp("a", "a"), Equal);
        assert_eq!(natural_cmp("a1", "a01"), "a1".cmp("a01"));
        assert_eq!(natural_cmp("ä2", "ä10"), Less);
        assert_eq!(natural_cmp("", "a"), Less);
    }

    /// The report lists a site's problems by file in natural order and,
    /// in one file, by line as a number; the places that a grouped
    /// problem names follow the same order.
    #[test]
    fn problems_and_grouped_places_are_in_natural_order() {
        let missing = |path: String, line: usize| {
            Diagnostic::err(path, "links.no_file", vec![("path", "x.md".to_string())])
                .at(line, Some(1))
        };
        let ds = Diagnostics::new();
        for i in [10, 2, 1] {
            ds.push(missing(format!("content/pages/sivu{i}.fi.md"), 10));
        }
        ds.push(missing("content/pages/sivu1.fi.md".to_string(), 2));
        let all = ds.into_sorted();
        let places: Vec<String> = all
            .iter()
            .map(|d| format!("{}:{}", d.path, d.line.unwrap_or(0)))
            .collect();
        assert_eq!(
            places,
            [
                "content/pages/sivu1.fi.md:2",
                "content/pages/sivu1.fi.md:10",
                "content/pages/sivu2.fi.md:10",
                "content/pages/sivu10.fi.md:10",
            ]
        );
        let shown = grouped(&all);
        assert_eq!(shown.len(), 1);
        assert!(
            shown[0].to_string().ends_with(
                "They are at content/pages/sivu1.fi.md:2, content/pages/sivu1.fi.md:10, \
                 content/pages/sivu2.fi.md:10 and 1 more; `lupaus check` lists every one"
            ),
            "{}",
            shown[0]
        );
    }

    #[test]
    fn sorted_and_deduplicated() {
        let ds = Diagnostics::new();
        ds.push(Diagnostic::error("b", "x").at(1, None));
        ds.push(Diagnostic::error("a", "x").at(9, None));
        ds.push(Diagnostic::error("a", "x").at(9, None));
        let v = ds.into_sorted();
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].path, "a");
    }
}
