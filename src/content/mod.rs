//! Loading a site's `content/` folder.
//!
//! Finds every file, decides from its place and name what it is (the promise,
//! an area, a commitment, a free page, results, media), reads it as UTF-8 and
//! splits off its front matter. It does not merge translations, compute URLs
//! or render anything: that is `site` and `render`.

pub mod front_matter;
pub mod names;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{self, SiteConfig, valid_lang_code};
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean_arg, os_error};
use crate::indicators::{self, Indicators};
pub use front_matter::{FrontMatter, Kind};

/// One Markdown file of the content.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root (`content/areas/family/clinic.sv.md`).
    pub path: Box<str>,
    /// The language-free content path used in `@/` links (`areas/family/clinic.md`).
    pub key: Box<str>,
    /// Its language, shared by the files in it.
    pub lang: std::sync::Arc<str>,
    /// What it is.
    pub kind: Kind,
    /// Its fields (shared with the variants that show them unchanged).
    pub front: std::sync::Arc<FrontMatter>,
    /// The front matter's YAML text, to place later messages; empty once
    /// released with the body (read again then, see [`SourceFile::locate`]).
    pub front_src: Box<str>,
    /// File line of the YAML's first line.
    pub front_line: u32,
    /// The Markdown body; empty once released (see [`Bodies::Release`]).
    pub body: Box<str>,
    /// File line of the body's first line.
    pub body_line: u32,
    /// What was kept of the body when it was released as the file was read.
    pub released: Option<Box<ReleasedBody>>,
}

/// One string per configured language, shared by the records that name
/// it: every file and every variant keeps its language for the whole build.
pub struct LangNames(Vec<std::sync::Arc<str>>);

impl LangNames {
    /// The strings of `languages`.
    pub fn new(languages: &[String]) -> Self {
        LangNames(languages.iter().map(|l| l.as_str().into()).collect())
    }

    /// `lang`'s shared string (a string of its own if it is not configured).
    pub fn get(&self, lang: &str) -> std::sync::Arc<str> {
        self.0
            .iter()
            .find(|n| ***n == *lang)
            .cloned()
            .unwrap_or_else(|| lang.into())
    }
}

/// What [`load_with`] keeps of a body it releases: enough to check that the
/// file still has it when it is read again, and what the model and the
/// checks need of it (see `crate::site::bodies`).
#[derive(Debug, Clone)]
pub struct ReleasedBody {
    /// Its fingerprint (`crate::digest`).
    pub hash: crate::digest::Digest,
    /// Whether it is empty but for white space.
    pub empty: bool,
    /// Its headings' anchors, each as its
    /// [`anchor_hash`](crate::markdown::anchor_hash), until the model takes
    /// them (links to the page need only whether an anchor is there); what
    /// `check` reads of its headings and links was read as the body was
    /// ([`Looked::checks`]). What the look found is boxed: one record per
    /// file is kept for the whole build, and most have nothing else.
    pub anchors: Box<[u64]>,
    /// What the caller's look at the body found (see [`Bodies::Release`]),
    /// `None` when it found nothing.
    pub looked: Option<Box<Looked>>,
    /// Where the body is kept open ([`crate::markdown::KeptBody`]) in the
    /// stash [`Bodies::Release`] gave, to be filled where its page is
    /// rendered instead of read and parsed again; `None` when it is not
    /// (no stash, a body with problems, a write that failed).
    pub(crate) kept: Option<crate::stash::Place>,
    /// Where the front matter's YAML, released too, is read again.
    pub yaml: ReleasedYaml,
}

/// Where a released front matter's YAML text is read again to place a
/// message (it is needed only then: a 50,000-page build held 6 MB of it).
#[derive(Debug, Clone)]
pub struct ReleasedYaml {
    /// The site root, which the file's path is relative to.
    root: std::sync::Arc<PathBuf>,
    /// The text's hash: read again and changed, it places nothing.
    hash: u64,
}

/// The hash [`ReleasedYaml`] keeps of a front matter's text.
fn yaml_hash(yaml: &str) -> u64 {
    crate::digest::Digest::of(yaml.as_bytes()).low64()
}

impl ReleasedBody {
    /// What the caller's look at the body found (see [`Bodies::Release`]).
    pub fn notes(&self) -> &[Diagnostic] {
        self.looked.as_ref().map_or(&[], |l| &l.notes)
    }

    /// What the caller's look found for `check` ([`Looked::checks`]).
    pub fn checks(&self) -> &[Diagnostic] {
        self.looked.as_ref().map_or(&[], |l| &l.checks)
    }
}

/// What a look at a body before it is released found (see
/// [`Bodies::Release`]).
#[derive(Debug, Default, Clone)]
pub struct Looked {
    /// Problems of the build (the starter texts left in it).
    pub notes: Vec<Diagnostic>,
    /// What `check` adds (`crate::review::body_checks`).
    pub checks: Vec<Diagnostic>,
}

/// What [`load_with`] does with the Markdown bodies.
#[derive(Clone, Copy)]
pub enum Bodies<'a> {
    /// Keeps them (the preview edits them).
    Keep,
    /// Releases each as soon as its file is read, after `look` has
    /// looked at it and its outline (what it finds is kept as
    /// [`ReleasedBody::notes`] and [`ReleasedBody::checks`]), so that the
    /// whole site's text is never held at once. The front matter's YAML
    /// text goes with it (`look` sees it first, in
    /// [`SourceFile::front_src`]); a message's line is found by reading it
    /// again ([`SourceFile::locate`]).
    Release {
        /// Looks at each body before it goes.
        look: &'a Look<'a>,
        /// Where each body is kept open, parsed once, until its page is
        /// rendered ([`ReleasedBody::kept`]); `None`: nowhere, and the
        /// body is read and parsed again where it is rendered.
        keep: Option<&'a std::sync::Arc<crate::stash::Stash>>,
    },
}

/// What looks at a body before a build lets it go ([`Bodies::Release`]).
pub type Look<'a> = dyn Fn(&SourceFile, &crate::markdown::Outline) -> Looked + Sync + 'a;

impl SourceFile {
    /// Where a front matter key is written in the file, for messages: also
    /// in a `{flow: map}` or in quotes. `None` when it is not written (a
    /// message about an address taken from the file name then names the
    /// file only: no line of the file is its cause).
    pub fn locate(&self, keys: &[&str]) -> Option<(usize, usize)> {
        crate::yaml::written_key(&self.front_yaml()?, keys)
            .map(|(l, c)| (l + self.front_line as usize - 1, c))
    }

    /// The front matter's YAML text: held, or read again from the file
    /// when a build released it (`None` when the file cannot be read or
    /// no longer has the text it had).
    pub fn front_yaml(&self) -> Option<std::borrow::Cow<'_, str>> {
        let Some(at) = self.released.as_ref().map(|r| &r.yaml) else {
            return Some(std::borrow::Cow::Borrowed(&self.front_src));
        };
        let text = read_text(&at.root.join(&*self.path), &self.path).ok()?;
        let yaml = front_matter::split(&text).ok()?.yaml;
        (yaml_hash(yaml) == at.hash).then(|| std::borrow::Cow::Owned(yaml.to_string()))
    }

    /// Lets go of the body and the front matter's YAML text after `look`
    /// has looked at them, keeping the body's hash, its headings' anchors
    /// and what `look` found (see [`Bodies::Release`]), the body open in
    /// `keep` when there is one, and where the YAML is read again under
    /// `root`.
    fn release_body(
        &mut self,
        look: &Look<'_>,
        keep: Option<&crate::stash::Stash>,
        root: &std::sync::Arc<PathBuf>,
    ) {
        let (outline, kept) = match keep {
            Some(stash) => {
                let parsed = crate::markdown::parse_to_render(&self.body);
                let kept = crate::markdown::KeptBody::of(&parsed)
                    .and_then(|k| k.to_bytes())
                    .and_then(|bytes| stash.keep(&bytes));
                (parsed.outline(), kept)
            }
            None => (crate::markdown::outline(&self.body), None),
        };
        let looked = look(self, &outline);
        let yaml = std::mem::take(&mut self.front_src);
        let body = std::mem::take(&mut self.body);
        let found = !looked.notes.is_empty() || !looked.checks.is_empty();
        self.released = Some(Box::new(ReleasedBody {
            hash: crate::digest::Digest::of(body.as_bytes()),
            empty: body.trim().is_empty(),
            anchors: outline.anchor_hashes(),
            looked: found.then(|| Box::new(looked)),
            kept,
            yaml: ReleasedYaml {
                root: root.clone(),
                hash: yaml_hash(&yaml),
            },
        }));
    }

    /// Where an item of a list field stands in the file.
    pub fn locate_item(&self, key: &str, item: &str) -> Option<(usize, usize)> {
        crate::yaml::locate_item(&self.front_yaml()?, key, item)
            .map(|(l, c)| (l + self.front_line as usize - 1, c))
    }
}

/// A file copied as it is (media).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Asset {
    /// Output path relative to the output root (`media/logo.svg`).
    pub out: String,
    /// Where it is on disk.
    pub src: PathBuf,
}

/// Everything read from `content/`.
#[derive(Debug)]
pub struct Content {
    /// The site root, which the files' paths are relative to.
    pub root: PathBuf,
    /// `site.yaml`.
    pub config: SiteConfig,
    /// `indicators.yaml` (empty, and marked missing, when absent).
    pub indicators: Indicators,
    /// Markdown files, sorted by key then by the order of `languages`.
    pub files: Vec<SourceFile>,
    /// Results CSV files as (path relative to the site root, bytes), sorted.
    pub results: Vec<(String, Vec<u8>)>,
    /// Media to copy, sorted.
    pub media: Vec<Asset>,
    /// Content keys of Markdown files that could not be read or parsed (their
    /// errors are reported); other checks treat them as present.
    pub broken: std::collections::BTreeSet<String>,
    /// Where the released bodies are kept open ([`ReleasedBody::kept`]).
    pub kept: Option<std::sync::Arc<crate::stash::Stash>>,
}

/// Reads a file as UTF-8 text, as any editor saves it: without its
/// byte-order mark and with Windows line ends (`\r\n`) read as `\n`, so
/// lines and columns are counted as the writer sees them and the output
/// does not depend on the editor. The error names the line of the first
/// bad byte.
pub fn read_text(abs: &Path, rel: &str) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(abs)
        .map_err(|e| Diagnostic::err(rel, "file.unreadable", vec![("error", os_error(&e))]))?;
    text_from_bytes(bytes, rel).map(normalise_text)
}

/// Text without a leading byte-order mark and with `\r\n` as `\n`.
pub fn normalise_text(text: String) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    }
}

/// Checks bytes are UTF-8 text without NUL; the error names the line.
pub fn text_from_bytes(bytes: Vec<u8>, rel: &str) -> Result<String, Diagnostic> {
    let line_of = |bytes: &[u8], at: usize| bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    // Notepad's "Unicode" and "Unicode big endian" begin with a byte-order
    // mark; the text itself is unreadable as UTF-8, so say so at line 1.
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(Diagnostic::err(rel, "file.utf16", vec![]).at(1, None));
    }
    if let Some(at) = memchr::memchr(0, &bytes) {
        return Err(Diagnostic::err(rel, "file.nul", vec![]).at(line_of(&bytes, at), None));
    }
    // Every body is read three times in a build (loaded, rendered,
    // exported): the fast check first, the standard one to find the line.
    let bytes = match crate::utf8_string(bytes) {
        Ok(text) => return Ok(text),
        Err(bytes) => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = line_of(e.as_bytes(), at);
        Diagnostic::err(rel, "file.not_utf8", vec![]).at(line, None)
    })
}

/// What a file under `content/` is.
enum Entry {
    Markdown {
        key: String,
        kind: Kind,
        lang: String,
    },
    Results,
    Media(String),
    Settings,
    Ignored,
}

/// Editors' and systems' side files that are never content: Windows'
/// `Thumbs.db` and `desktop.ini`, macOS's `.DS_Store`, Office's `~$name`
/// lock files, LibreOffice's `.~lock.name#`, Vim's and Emacs's backups.
pub fn is_side_file(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('~')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        // Windows writes these in either case (`Thumbs.db`, `Desktop.ini`).
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
        || name == "4913"
}

/// A spreadsheet program's own file (Excel, LibreOffice, Numbers), by
/// its extension in any case.
fn is_spreadsheet(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".xlsx", ".xls", ".xlsm", ".ods", ".numbers"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// The name without the `.txt` that Notepad adds to a page, settings or
/// results file (`kuljetus.fi.md.txt`, `site.yaml.txt`), in any case.
fn text_file_name(name: &str) -> Option<&str> {
    let stem = name
        .len()
        .checked_sub(4)
        .filter(|&i| name.is_char_boundary(i) && name[i..].eq_ignore_ascii_case(".txt"))
        .map(|i| &name[..i])?;
    let lower = stem.to_ascii_lowercase();
    [".md", ".yaml", ".csv"]
        .iter()
        .any(|ext| lower.ends_with(ext) && lower.len() > ext.len())
        .then_some(stem)
}

/// The language code a file name's code that is not one may mean: a
/// country's code (`se`, Sweden's, is Northern Sami's language code; `gb`)
/// or a three-letter one (`swe`, `fin`, `eng`).
fn lang_from_name(code: &str) -> Option<&'static str> {
    Some(match code {
        "se" | "swe" | "sve" => "sv",
        "fin" | "suo" => "fi",
        "eng" | "gb" | "uk" | "us" => "en",
        _ => return None,
    })
}

fn classify(rel: &str, parts: &[&str], languages: &[String], out: &mut Vec<Diagnostic>) -> Entry {
    let path = format!("content/{rel}");
    let name = parts.last().copied().unwrap_or("");
    if let Some(rest) = rel.strip_prefix("media/") {
        // Published as a file, as it is: a page saved here by mistake
        // would be a raw text file on the site.
        if name.ends_with(".md") {
            out.push(Diagnostic::warn(&path, "file.markdown_in_media", vec![]));
        }
        return Entry::Media(format!("media/{rest}"));
    }
    if !name.ends_with(".md") {
        return match parts {
            ["site.yaml"] | ["indicators.yaml"] => Entry::Settings,
            ["results", n] if n.ends_with(".csv") => Entry::Results,
            // A workbook saved beside the CSV files: it wants saving as
            // CSV, not moving to media/ (that would publish it).
            ["results", n] if is_spreadsheet(n) => {
                out.push(Diagnostic::warn(&path, "file.spreadsheet", vec![]));
                Entry::Ignored
            }
            _ => {
                out.push(match text_file_name(name) {
                    // Notepad's `kuljetus.fi.md.txt`: Windows hides the
                    // `.txt`, so the writer sees the right name.
                    Some(suggested) => Diagnostic::warn(
                        &path,
                        "file.txt_extension",
                        vec![("suggested", suggested.to_string())],
                    ),
                    None => Diagnostic::warn(&path, "file.not_content", vec![]),
                });
                Entry::Ignored
            }
        };
    }
    if !names_ok(parts, &path, out) {
        return Entry::Ignored;
    }
    let stem = &name[..name.len() - 3];
    let default = languages[0].as_str();
    let (base, lang) = match stem.rsplit_once('.') {
        Some((base, code)) if valid_lang_code(code) => {
            if !languages.iter().any(|l| l == code) {
                // `se` (Northern Sami) for Swedish, `eng` for English.
                let meant = lang_from_name(code).filter(|m| languages.iter().any(|l| l == m));
                out.push(Diagnostic::err(
                    &path,
                    "file.lang_unlisted",
                    vec![
                        ("code", code.to_string()),
                        ("languages", languages.join(", ")),
                        match meant {
                            Some(m) => ("did_you_mean", m.to_string()),
                            None => did_you_mean_arg(code, languages.iter().map(String::as_str)),
                        },
                    ],
                ));
                return Entry::Ignored;
            }
            (base, code.to_string())
        }
        // `.EN.md`: a site language in capitals, not part of the page's
        // name (which would publish the text as a page of its own, in the
        // default language).
        Some((base, code))
            if !base.is_empty()
                && let Some(lang) = languages.iter().find(|l| l.eq_ignore_ascii_case(code)) =>
        {
            out.push(Diagnostic::err(
                &path,
                "file.lang_case",
                vec![
                    ("code", code.to_string()),
                    ("suggested", format!("{base}.{lang}.md")),
                ],
            ));
            return Entry::Ignored;
        }
        _ => (stem, default.to_string()),
    };
    if base.is_empty() {
        out.push(Diagnostic::err(&path, "file.no_name", vec![]));
        return Entry::Ignored;
    }
    // The names that become part of an address must be able to.
    let named: &[(&str, &str)] = match parts {
        ["areas", area, _] => &[("file.bad_char_folder", area), ("file.bad_char", base)],
        _ => &[("file.bad_char", base)],
    };
    for (what, name) in named {
        if let Some(c) = name
            .chars()
            .find(|c| matches!(c, '#' | '?' | '%' | '\\') || c.is_control())
        {
            let c = if c.is_control() {
                crate::chars::code_point(c)
            } else {
                format!("`{c}`")
            };
            out.push(Diagnostic::err(
                &path,
                what,
                vec![("name", name.to_string()), ("char", c)],
            ));
            return Entry::Ignored;
        }
    }
    let (key, kind) = match parts {
        [_] if base == "_index" => ("_index.md".to_string(), Kind::Promise),
        ["areas", area, _] if base == "_index" => (
            format!("areas/{area}/_index.md"),
            Kind::Area {
                area: (*area).into(),
            },
        ),
        ["areas", area, _] => (
            format!("areas/{area}/{base}.md"),
            Kind::Commitment {
                area: (*area).into(),
                name: base.into(),
            },
        ),
        ["pages", _] if base != "_index" => {
            (format!("pages/{base}.md"), Kind::Free { name: base.into() })
        }
        _ => {
            out.push(Diagnostic::err(&path, "file.no_place", vec![]));
            return Entry::Ignored;
        }
    };
    Entry::Markdown { key, kind, lang }
}

/// Whether the file's name and its folders' names are fit for an address
/// (see [`names`]); reports those that are not.
fn names_ok(parts: &[&str], path: &str, out: &mut Vec<Diagnostic>) -> bool {
    let last = parts.len().saturating_sub(1);
    let before = out.len();
    out.extend(
        parts
            .iter()
            .enumerate()
            .filter_map(|(i, part)| crate::content::names::problem_at(path, part, i == last)),
    );
    out.len() == before
}

/// Reads `content/site.yaml` and `content/indicators.yaml` (empty, and
/// marked [missing](Indicators::missing), when absent): the settings a
/// command needs without the pages (`lupaus import`).
/// Returns the configuration, its source text and the indicators.
pub fn settings(
    content_dir: &Path,
    diags: &Diagnostics,
) -> Option<(SiteConfig, String, Indicators)> {
    let site_path = content_dir.join("site.yaml");
    if !site_path.is_file() {
        diags.push(Diagnostic::err(config::PATH, "config.missing", vec![]));
        return None;
    }
    let (config, config_src) = match read_text(&site_path, config::PATH) {
        Ok(src) => (config::parse(&src, diags)?, src),
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let indicators_path = content_dir.join("indicators.yaml");
    let indicators = if indicators_path.is_file() {
        match read_text(&indicators_path, indicators::PATH) {
            Ok(src) => indicators::parse(&src, &config.languages, diags),
            Err(d) => {
                diags.push(d);
                Indicators::unreadable()
            }
        }
    } else {
        Indicators::missing()
    };

    Some((config, config_src, indicators))
}

/// Loads the whole `content/` folder of `root`, keeping every body. `None`
/// when there is no usable `site.yaml`; all problems go to `diags`.
pub fn load(root: &Path, diags: &Diagnostics) -> Option<Content> {
    load_with(root, Bodies::Keep, diags)
}

/// Why `root` is not a site root, when it has no `content/` folder: run
/// from inside `content/` (the root is one folder up), or elsewhere (the
/// folder named in full, not as `.`). `None` when it has one.
pub fn not_a_site_root(root: &Path) -> Option<Diagnostic> {
    if root.join("content").is_dir() {
        return None;
    }
    if root.join("site.yaml").is_file() {
        return Some(Diagnostic::err("content", "file.inside_content", vec![]));
    }
    let shown = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    Some(Diagnostic::err(
        "content",
        "file.no_content",
        vec![("root", shown.display().to_string())],
    ))
}

/// [`load`], with the bodies kept or released as `bodies` says.
pub fn load_with(root: &Path, bodies: Bodies<'_>, diags: &Diagnostics) -> Option<Content> {
    if let Some(d) = not_a_site_root(root) {
        diags.push(d);
        return None;
    }
    let content_dir = root.join("content");
    let mut steps = crate::timings::Steps::new();
    let (config, config_src, indicators) = settings(&content_dir, diags)?;
    let root_canon = canonical_root(root, diags)?;
    let walked = walk_content(root, &content_dir, &root_canon, diags);
    report_windows_clashes(&walked.siblings, diags);
    let Found {
        pages,
        results,
        mut media,
    } = sort_found(walked.files, &config.languages, diags);
    steps.done("load: settings, find files");
    let (files, broken) = read_pages(root, pages, &config.languages, bodies, diags);
    steps.done("load: read files");
    let files = one_file_per_page(files, &config.languages, diags);
    let results = read_results(results, diags);
    media.sort();
    config::check_files(
        &config_src,
        &config,
        |file| media.iter().any(|m| m.out == file),
        diags,
    );
    Some(Content {
        root: root.to_path_buf(),
        config,
        indicators,
        files,
        results,
        media,
        broken,
        kept: match bodies {
            Bodies::Release { keep, .. } => keep.cloned(),
            Bodies::Keep => None,
        },
    })
}

/// `root` in full, to tell a symbolic link that leads outside the site
/// ([`inside_root`]); `None` (and the error) when it cannot be resolved.
fn canonical_root(root: &Path, diags: &Diagnostics) -> Option<PathBuf> {
    match root.canonicalize() {
        Ok(p) => Some(p),
        Err(e) => {
            diags.push(Diagnostic::err(
                ".",
                "file.root_unreadable",
                vec![("error", os_error(&e))],
            ));
            None
        }
    }
}

/// What the walk of `content/` found.
struct Walked {
    /// Each file to read, as (path relative to the site root, path on disk),
    /// in name order.
    files: Vec<(String, PathBuf)>,
    /// Every folder's names (by the folder's path relative to the root), to
    /// find those that are one name on Windows.
    siblings: std::collections::BTreeMap<String, Vec<String>>,
}

/// Walks `content/` in name order, following symbolic links: the files to
/// read, leaving out side files ([`is_side_file`]), files with a name
/// that cannot be published ([`names::name_problem`], an error each) and
/// links that lead outside the site (an error each, the folder not
/// entered); a folder or link that cannot be read is an error too.
fn walk_content(root: &Path, content_dir: &Path, root_canon: &Path, diags: &Diagnostics) -> Walked {
    let mut walked = Walked {
        files: Vec::new(),
        siblings: Default::default(),
    };
    let mut walk = walkdir::WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.extend(walk_error(&e, root));
                continue;
            }
        };
        let Ok(rel_root) = entry.path().strip_prefix(root) else {
            continue;
        };
        let rel_root = rel_root.to_string_lossy().replace('\\', "/");
        let name = entry.file_name().to_string_lossy();
        let is_dir = entry.file_type().is_dir();
        if entry.depth() > 0 && is_side_file(&name) {
            if is_dir {
                walk.skip_current_dir();
            }
            continue;
        }
        if entry.depth() > 0 && !note_name(&rel_root, &name, is_dir, &mut walked.siblings, diags) {
            continue;
        }
        if entry.path_is_symlink() && !inside_root(entry.path(), root_canon) {
            diags.push(Diagnostic::err(&rel_root, "file.link_outside", vec![]));
            if is_dir {
                walk.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_file() {
            walked.files.push((rel_root, entry.into_path()));
        }
    }
    walked
}

/// The error for an entry the walk could not read: a link that leads
/// back into its own folder, or one the system refused. `None` for Emacs's
/// lock file `.#x.md`, a link to nowhere while x.md has unsaved edits: a
/// side file, not an unreadable one.
fn walk_error(e: &walkdir::Error, root: &Path) -> Option<Diagnostic> {
    let side = e
        .path()
        .and_then(Path::file_name)
        .is_some_and(|n| is_side_file(&n.to_string_lossy()));
    if side && e.depth() > 0 {
        return None;
    }
    let at = e
        .path()
        .and_then(|p| p.strip_prefix(root).ok())
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_else(|| "content".into());
    Some(if e.loop_ancestor().is_some() {
        Diagnostic::err(at, "file.link_loop", vec![])
    } else {
        let error = e.io_error().map_or_else(|| e.to_string(), os_error);
        Diagnostic::err(at, "file.walk_unreadable", vec![("error", error)])
    })
}

/// Notes `name` (at `rel_root`) among its folder's names, and reports it
/// when it cannot be published as it is ([`names::name_problem`]).
/// Whether the entry is still read: a file with such a name is not; a
/// folder is walked all the same, so that its files are told too.
fn note_name(
    rel_root: &str,
    name: &str,
    is_dir: bool,
    siblings: &mut std::collections::BTreeMap<String, Vec<String>>,
    diags: &Diagnostics,
) -> bool {
    let parent = rel_root.rsplit_once('/').map_or("", |(p, _)| p);
    siblings
        .entry(parent.to_string())
        .or_default()
        .push(name.to_string());
    match names::name_problem(rel_root, name, is_dir) {
        Some(problem) => {
            diags.push(problem);
            is_dir
        }
        None => true,
    }
}

/// Whether the symbolic link at `path` leads inside the site root
/// (`root_canon`, resolved): one that leads elsewhere would publish files
/// from outside the site; one that cannot be resolved is taken as outside.
fn inside_root(path: &Path, root_canon: &Path) -> bool {
    path.canonicalize()
        .map(|p| p.starts_with(root_canon))
        .unwrap_or(false)
}

/// An error for each two names in a folder that are one name on Windows
/// (`Sivu.fi.md` and `sivu.fi.md`): a site copied there loses one.
fn report_windows_clashes(
    siblings: &std::collections::BTreeMap<String, Vec<String>>,
    diags: &Diagnostics,
) {
    for (folder, in_folder) in siblings {
        let in_folder: Vec<&str> = in_folder.iter().map(String::as_str).collect();
        for (first, second) in names::same_on_windows(&in_folder) {
            if let Some(problem) = names::clash(&format!("{folder}/{second}"), first, second) {
                diags.push(problem);
            }
        }
    }
}

/// A Markdown file found, to be read as a page's language version.
struct FoundPage {
    /// Path relative to the site root, as on disk.
    path: String,
    /// Path on disk.
    abs: PathBuf,
    /// The page's content key.
    key: String,
    /// What kind of page it is (from its name).
    kind: Kind,
    /// Its language code (from its name).
    lang: String,
}

/// The files found, by what they are ([`classify`]).
struct Found {
    pages: Vec<FoundPage>,
    /// Results CSV files as (path relative to the site root, path on disk).
    results: Vec<(String, PathBuf)>,
    media: Vec<Asset>,
}

/// Sorts the files found into pages, results and media by their names
/// ([`classify`], which reports names it cannot place); settings files
/// and ignored ones are left out.
fn sort_found(files: Vec<(String, PathBuf)>, languages: &[String], diags: &Diagnostics) -> Found {
    let mut classify_diags = Vec::new();
    let mut found = Found {
        pages: Vec::new(),
        results: Vec::new(),
        media: Vec::new(),
    };
    for (rel_root, abs) in files {
        // Pages, addresses and links use the NFC form of the name; the
        // path stays as on disk, to read the file again and name it.
        let rel = names::nfc(rel_root.strip_prefix("content/").unwrap_or(&rel_root));
        let parts: Vec<&str> = rel.split('/').collect();
        match classify(&rel, &parts, languages, &mut classify_diags) {
            Entry::Markdown { key, kind, lang } => found.pages.push(FoundPage {
                path: rel_root,
                abs,
                key,
                kind,
                lang,
            }),
            Entry::Results => found.results.push((rel_root, abs)),
            Entry::Media(out) => found.media.push(Asset { out, src: abs }),
            Entry::Settings | Entry::Ignored => {}
        }
    }
    diags.extend(classify_diags);
    found
}

/// Reads the Markdown files in parallel ([`read_source`]), each body kept
/// or released as `bodies` says. Returns the files read, and the keys of
/// those that could not be read or parsed (their problems in `diags`).
fn read_pages(
    root: &Path,
    pages: Vec<FoundPage>,
    languages: &[String],
    bodies: Bodies<'_>,
    diags: &Diagnostics,
) -> (Vec<SourceFile>, std::collections::BTreeSet<String>) {
    let shared_root = std::sync::Arc::new(root.to_path_buf());
    let names = LangNames::new(languages);
    let read: Vec<Result<SourceFile, String>> = pages
        .into_par_iter()
        .map(|p| {
            let mut out = Vec::new();
            let lang = names.get(&p.lang);
            let mut file = read_source(
                &p.abs,
                p.path.into(),
                p.key.as_str().into(),
                p.kind,
                lang,
                &mut out,
            );
            if let (Some(f), Bodies::Release { look, keep }) = (&mut file, bodies) {
                f.release_body(look, keep.map(|s| &**s), &shared_root);
            }
            diags.extend(out);
            file.ok_or(p.key)
        })
        .collect();
    let mut files = Vec::with_capacity(read.len());
    let mut broken = std::collections::BTreeSet::new();
    for r in read {
        match r {
            Ok(f) => files.push(f),
            Err(key) => {
                broken.insert(key);
            }
        }
    }
    (files, broken)
}

/// The files sorted by key, then by the order of `languages`, one per
/// page and language: a second file of the same page in the same language
/// (`sivu.fi.md` and `sivu/_index.fi.md`) is an error and left out.
fn one_file_per_page(
    mut files: Vec<SourceFile>,
    languages: &[String],
    diags: &Diagnostics,
) -> Vec<SourceFile> {
    let lang_pos = |l: &str| languages.iter().position(|x| x == l).unwrap_or(usize::MAX);
    files.sort_by(|a, b| (&a.key, lang_pos(&a.lang)).cmp(&(&b.key, lang_pos(&b.lang))));
    for pair in files.windows(2) {
        if pair[0].key == pair[1].key && pair[0].lang == pair[1].lang {
            diags.push(Diagnostic::err(
                &*pair[1].path,
                "file.same_page",
                vec![
                    ("path", pair[1].path.to_string()),
                    ("other", pair[0].path.to_string()),
                ],
            ));
        }
    }
    files.dedup_by(|b, a| a.key == b.key && a.lang == b.lang);
    files
}

/// The results CSV files' bytes (parsed later, with the indicators); an
/// error for each that cannot be read, which is left out.
fn read_results(results: Vec<(String, PathBuf)>, diags: &Diagnostics) -> Vec<(String, Vec<u8>)> {
    results
        .into_iter()
        .filter_map(|(rel, abs)| match std::fs::read(&abs) {
            Ok(bytes) => Some((rel, bytes)),
            Err(e) => {
                diags.push(Diagnostic::err(
                    rel,
                    "file.unreadable_short",
                    vec![("error", os_error(&e))],
                ));
                None
            }
        })
        .collect()
}

/// Reads `file` again from disk after an edit, as [`load`] read it (same
/// page, language and kind: its place and name have not changed). `None`
/// when it cannot be read or has problems (in `out`), and when it has become
/// a symbolic link: [`load`] then decides whether the link may be followed.
pub fn reload(root: &Path, file: &SourceFile, out: &mut Vec<Diagnostic>) -> Option<SourceFile> {
    let abs = root.join(&*file.path);
    let meta = std::fs::symlink_metadata(&abs).ok()?;
    if !meta.file_type().is_file() {
        return None;
    }
    read_source(
        &abs,
        file.path.clone(),
        file.key.clone(),
        file.kind.clone(),
        file.lang.clone(),
        out,
    )
}

fn read_source(
    abs: &Path,
    path: Box<str>,
    key: Box<str>,
    kind: Kind,
    lang: std::sync::Arc<str>,
    out: &mut Vec<Diagnostic>,
) -> Option<SourceFile> {
    let text = match read_text(abs, &path) {
        Ok(t) => t,
        Err(d) => {
            out.push(d);
            return None;
        }
    };
    let split = match front_matter::split(&text) {
        Ok(s) => s,
        Err((line, msg)) => {
            out.push(Diagnostic::err(&*path, msg, vec![]).at(line, None));
            return None;
        }
    };
    let front = front_matter::parse(split.yaml, split.yaml_line, &kind, &path, out)?;
    Some(SourceFile {
        front_src: split.yaml.into(),
        front_line: u32::try_from(split.yaml_line).unwrap_or(u32::MAX),
        body: split.body.into(),
        body_line: u32::try_from(split.body_line).unwrap_or(u32::MAX),
        released: None,
        path,
        key,
        lang,
        kind,
        front: std::sync::Arc::new(front),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(front_src: &str) -> SourceFile {
        SourceFile {
            path: "content/pages/a.fi.md".into(),
            key: "pages/a.md".into(),
            lang: "fi".into(),
            kind: Kind::Free { name: "a".into() },
            front: Default::default(),
            front_src: front_src.into(),
            front_line: 2,
            body: Box::default(),
            body_line: 4,
            released: None,
        }
    }

    #[test]
    fn a_markdown_file_in_media_is_copied_with_a_warning() {
        let langs = ["fi".to_string()];
        let mut out = Vec::new();
        let e = classify(
            "media/ohje.fi.md",
            &["media", "ohje.fi.md"],
            &langs,
            &mut out,
        );
        assert!(matches!(e, Entry::Media(ref o) if o == "media/ohje.fi.md"));
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].path, "content/media/ohje.fi.md");
        assert!(!out[0].is_error() && out[0].message.contains("move it to content/pages/"));
        out.clear();
        let e = classify("media/kuva.png", &["media", "kuva.png"], &langs, &mut out);
        assert!(matches!(e, Entry::Media(_)) && out.is_empty());
    }

    #[test]
    fn a_language_code_in_capitals_or_a_countrys_code_is_told_the_sites_code() {
        let langs = ["fi".to_string(), "sv".to_string(), "en".to_string()];
        for (rel, told) in [
            (
                "areas/a/kuljetus.EN.md",
                "language code \"EN\" is in capitals; write it in lowercase as site.yaml does: rename the file \"kuljetus.en.md\"",
            ),
            ("pages/ohje.Sv.md", "rename the file \"ohje.sv.md\""),
            ("pages/ohje.se.md", "did you mean \"sv\"?"),
            ("pages/ohje.swe.md", "did you mean \"sv\"?"),
            ("pages/ohje.eng.md", "did you mean \"en\"?"),
        ] {
            let parts: Vec<&str> = rel.split('/').collect();
            let mut out = Vec::new();
            let e = classify(rel, &parts, &langs, &mut out);
            assert!(matches!(e, Entry::Ignored), "{rel}");
            assert!(
                out.len() == 1 && out[0].is_error() && out[0].message.contains(told),
                "{rel}: {out:?}"
            );
        }
        // A code not configured in any case: the page's name, as before.
        let mut out = Vec::new();
        let e = classify(
            "pages/versio.II.md",
            &["pages", "versio.II.md"],
            &langs,
            &mut out,
        );
        assert!(
            matches!(e, Entry::Markdown { ref lang, .. } if lang == "fi"),
            "{out:?}"
        );
        // `se` on a site that has no Swedish: no guess of it.
        let no_sv = ["fi".to_string(), "en".to_string()];
        let mut out = Vec::new();
        classify(
            "pages/ohje.se.md",
            &["pages", "ohje.se.md"],
            &no_sv,
            &mut out,
        );
        assert!(
            out.len() == 1 && !out[0].message.contains("\"sv\""),
            "{out:?}"
        );
    }

    #[test]
    fn a_page_saved_with_notepads_txt_is_told_its_right_name() {
        let langs = ["fi".to_string()];
        for (rel, suggested) in [
            ("areas/a/kuljetus.fi.md.txt", Some("kuljetus.fi.md")),
            ("areas/a/kuljetus.fi.md.TXT", Some("kuljetus.fi.md")),
            ("site.yaml.txt", Some("site.yaml")),
            ("results/a.csv.txt", Some("a.csv")),
            ("areas/a/muistio.txt", None),
            ("areas/a/.md.txt", None),
        ] {
            let parts: Vec<&str> = rel.split('/').collect();
            let mut out = Vec::new();
            let e = classify(rel, &parts, &langs, &mut out);
            assert!(matches!(e, Entry::Ignored), "{rel}");
            let text = out.iter().map(|d| d.message.clone()).collect::<String>();
            match suggested {
                Some(name) => assert!(
                    text.contains(&format!("rename the file \"{name}\"")),
                    "{text}"
                ),
                None => assert!(text.contains("not part of the content format"), "{text}"),
            }
        }
    }

    #[test]
    fn locates_keys_in_file_lines_also_in_flow_maps_and_quotes() {
        // Block form: the value after `slug:`, on file line 3.
        assert_eq!(
            file("title: A\nslug: data\n").locate(&["slug"]),
            Some((3, 7))
        );
        // A flow map and a quoted key: the key itself.
        assert_eq!(
            file("{title: A, slug: data}\n").locate(&["slug"]),
            Some((2, 12))
        );
        assert_eq!(
            file("title: A\n\"slug\": data\n").locate(&["slug"]),
            Some((3, 2))
        );
        // Not written: no place.
        assert_eq!(file("# c\ntitle: A\n").locate(&["slug"]), None);
    }
}
