//! The site model: logical pages, their translations, and their addresses.
//!
//! Takes the loaded [`Content`] and decides, for every page and language,
//! whether it is published, which file's text it shows (its own or the default
//! language's as a fallback), its merged front matter, and its URL. It checks
//! what needs the whole site at once: translations without a default file,
//! URL collisions, unknown indicators, `languages:` lists. Rendering is in
//! `render`; link resolution in [`links`].

pub mod bodies;
pub mod links;
mod order;
pub mod routes;
mod translation;
pub mod update;
pub mod urls;

use order::Reading;
pub use order::reading_order;
pub use routes::{RESERVED, Route};
pub use translation::merge;
use translation::merged;
pub use urls::url_path;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::content::front_matter::{FrontMatter, Kind};
use crate::content::{Asset, Content, SourceFile};
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean_arg};
use crate::indicators::Indicators;
use crate::markdown::{self, Outline, Parsed};

/// How a site is assembled.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Publish drafts (marked as such).
    pub drafts: bool,
    /// Path prefix of every URL (from `base_url`'s path, or empty).
    pub prefix: String,
    /// Keep every body's parsed Markdown for the whole run, as the preview
    /// does (it re-renders single pages after each edit). Otherwise only
    /// what the checks and links need of a body (its headings, links and
    /// blocked HTML) is kept, and [`Site::body`] parses the body again where
    /// it is read, so that a build's memory does not grow with the parsed
    /// text of every page.
    pub keep_parsed: bool,
}

/// A page as published in one language.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Its language (the reader's), shared by the language's variants.
    pub lang: std::sync::Arc<str>,
    /// Index of the file whose text is shown.
    pub file: usize,
    /// Whether the text is the default language's (no translation).
    pub fallback: bool,
    /// Its address, with the prefix: `/fi/family/clinic/`.
    pub url: Box<str>,
    /// Front matter merged with the default-language file's: the file's own,
    /// shared, when the merge adds nothing to it.
    pub front: std::sync::Arc<FrontMatter>,
    /// Text fields taken from the default language: `summary`,
    /// `resident_view`, `decision.body`, sorted (a boxed slice: most
    /// variants have none, and a set's node took 200 bytes when one had).
    pub inherited: Box<[&'static str]>,
    /// Whether it is a draft (only published with `--drafts`).
    pub draft: bool,
}

impl Variant {
    /// The title shown.
    pub fn title(&self) -> &str {
        self.front.title.as_deref().unwrap_or("")
    }
}

/// One logical page and its published languages.
#[derive(Debug, Clone)]
pub struct Page {
    /// Content path without language: `areas/family/clinic.md`.
    pub key: String,
    /// What it is.
    pub kind: Kind,
    /// Index of the default-language file.
    pub default_file: usize,
    /// Translation files in use (default included), by the order of
    /// their language codes (each file's language is its `lang`).
    /// A list, not a map: a 50,000-page site keeps one per page, and a map's
    /// node was 400 bytes for the two or three files of a page.
    pub files: Box<[usize]>,
    /// Published variants in the order of `languages`.
    pub variants: Vec<Variant>,
    /// Languages where the page shows the default language's text.
    pub missing: Vec<String>,
}

impl Page {
    /// The variant in `lang`, if published there.
    pub fn variant(&self, lang: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| *v.lang == *lang)
    }
}

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    /// Settings.
    pub config: SiteConfig,
    /// Indicators.
    pub indicators: Indicators,
    /// Every Markdown file that was read.
    pub files: Vec<SourceFile>,
    /// Each file's headings and links, same index as `files`: empty for a
    /// body a build released (its checks were made as it was read; its
    /// anchors are kept apart, see [`Site::has_anchor`]).
    pub outlines: Vec<Outline>,
    /// Each file's parsed body, same index as `files`, when
    /// [`Options::keep_parsed`]; else empty (read a body with
    /// [`Site::body`]).
    pub parsed: Vec<Parsed>,
    /// Published pages, sorted by key.
    pub pages: Vec<Page>,
    /// Results CSV files.
    pub results_files: Vec<(String, Vec<u8>)>,
    /// Media to copy.
    pub media: Vec<Asset>,
    /// How it was assembled.
    pub options: Options,
    /// Keys of pages held back as drafts (for link errors).
    pub held_back: BTreeSet<String>,
    /// Keys of files that could not be read (their errors are reported).
    pub broken: BTreeSet<String>,
    /// Where the bodies a build released as it read them are read again
    /// (see [`bodies`]); `None` when every body is held.
    released: Option<std::sync::Arc<bodies::Released>>,
    /// Per language, the pages published in it in reading order, sorted
    /// once and cut into listings.
    reading: HashMap<String, Reading>,
}

impl Site {
    /// The parsed body of file `file`, events included: the one kept when
    /// [`Options::keep_parsed`], else parsed again from its text to be
    /// rendered at once ([`markdown::parse_to_render`]).
    pub fn body(&self, file: usize) -> std::borrow::Cow<'_, Parsed> {
        if self.options.keep_parsed {
            std::borrow::Cow::Borrowed(&self.parsed[file])
        } else {
            std::borrow::Cow::Owned(markdown::parse_to_render(&self.body_text(file)))
        }
    }

    /// The files whose text a published page shows, each once, in file
    /// order (a fallback shows its default-language file). A draft left
    /// out (without `--drafts`) has no page, so its file is not here.
    pub fn shown_files(&self) -> BTreeSet<usize> {
        self.pages
            .iter()
            .flat_map(|p| p.variants.iter().map(|v| v.file))
            .collect()
    }

    /// The page with this content key.
    pub fn page(&self, key: &str) -> Option<&Page> {
        self.page_position(key).map(|i| &self.pages[i])
    }

    /// Where the page with this content key is in [`Site::pages`] (sorted
    /// by key).
    pub fn page_position(&self, key: &str) -> Option<usize> {
        self.pages
            .binary_search_by(|p| p.key.as_str().cmp(key))
            .ok()
    }

    /// The default language.
    pub fn default_lang(&self) -> &str {
        self.config.default_lang()
    }

    /// URL of a language's front page.
    pub fn home_url(&self, lang: &str) -> String {
        format!("{}/{lang}/", self.options.prefix)
    }

    /// Whether a content page has this URL (a generated page of the same
    /// address then gives way to it). A look through every variant, as
    /// [`urls::claimant`] does: asked a few times per language, while the
    /// shared parts of its pages are made.
    pub fn url_taken(&self, url: &str) -> bool {
        self.pages
            .iter()
            .flat_map(|p| &p.variants)
            .any(|v| *v.url == *url)
    }

    /// URL of a path under a language (`results/`, `accessibility/`); the
    /// generated pages' own are [`Route::url`].
    fn generated_url(&self, lang: &str, path: &str) -> String {
        format!("{}/{lang}/{path}", self.options.prefix)
    }

    /// The pages of one of `lang`'s listings (`pick` chooses it), in
    /// reading order (see [`reading_order`]), with their variants.
    fn listing<'a>(
        &'a self,
        lang: &str,
        pick: impl FnOnce(&'a Reading) -> Option<&'a Vec<usize>>,
    ) -> Vec<(&'a Page, &'a Variant)> {
        self.reading
            .get(lang)
            .and_then(pick)
            .into_iter()
            .flatten()
            .map(|&i| &self.pages[i])
            .filter_map(|p| p.variant(lang).map(|v| (p, v)))
            .collect()
    }

    /// Service areas in `lang`, in reading order.
    pub fn areas(&self, lang: &str) -> Vec<(&Page, &Variant)> {
        self.listing(lang, |r| Some(&r.areas))
    }

    /// Commitments of `area` in `lang`, in reading order.
    pub fn commitments(&self, area: &str, lang: &str) -> Vec<(&Page, &Variant)> {
        self.listing(lang, |r| r.commitments.get(area))
    }

    /// Free pages without a date in `lang`, in reading order.
    pub fn free_pages(&self, lang: &str) -> Vec<(&Page, &Variant)> {
        let mut v = self.listing(lang, |r| Some(&r.free));
        v.retain(|(p, _)| self.files[p.default_file].front.date().is_none());
        v
    }

    /// Dated pages in `lang`, newest first (then in reading order).
    pub fn dated_pages(&self, lang: &str) -> Vec<(&Page, &Variant)> {
        let mut v = self.listing(lang, |r| Some(&r.free));
        v.retain(|(_, v)| v.front.date().is_some());
        v.sort_by_key(|b| std::cmp::Reverse(b.1.front.date()));
        v
    }
}

/// A translation's path without its language and extension
/// (`content/pages/feedback.sv.md` → `content/pages/feedback`): its
/// default-language file is this and `.{default}.md`.
pub fn stem_of(translation: &SourceFile) -> &str {
    let path = &*translation.path;
    let stem = path.rsplit_once('.').map_or(path, |p| p.0);
    stem.rsplit_once('.').map_or(stem, |p| p.0)
}

/// The default-language file of the one page in the folder of `key` that
/// has no file in `lang`: what the default file of a translation without
/// one was probably renamed to.
fn renamed_default<'a>(
    key: &str,
    lang: &str,
    groups: &BTreeMap<&str, Vec<usize>>,
    files: &'a [SourceFile],
    default: &str,
) -> Option<&'a SourceFile> {
    fn folder(k: &str) -> &str {
        k.rsplit_once('/').map_or("", |p| p.0)
    }
    let mut candidates = groups
        .iter()
        .filter(|(k, _)| **k != key && folder(k) == folder(key))
        .filter_map(|(_, idx)| {
            let d = idx.iter().find(|&&i| *files[i].lang == *default)?;
            (!idx.iter().any(|&i| *files[i].lang == *lang)).then(|| &files[*d])
        });
    let first = candidates.next();
    // Two or more: which one is a guess.
    first.filter(|_| candidates.next().is_none())
}

/// The one error of a site without `content/indicators.yaml` whose
/// commitments (the first, `first`, and `ids` ids in all) or results
/// files name indicators: the cause, not one unknown indicator per place
/// (see [`Indicators::missing`](crate::indicators::Indicators::missing)).
fn missing_indicators(
    first: Option<(&SourceFile, &String)>,
    ids: usize,
    results: &[(String, Vec<u8>)],
    diags: &Diagnostics,
) {
    use crate::indicators::PATH;
    if let Some((file, id)) = first {
        let place = match file.locate_item("indicators", id) {
            Some((line, column)) => format!("{}:{line}:{column}", file.path),
            None => file.path.to_string(),
        };
        let count = if ids == 1 {
            "count.indicator"
        } else {
            "count.indicators"
        };
        diags.push(Diagnostic::err(
            PATH,
            "indicators.missing",
            vec![
                (
                    "indicators",
                    crate::nested::nested(count, &[("n", ids.to_string())]),
                ),
                ("id", id.clone()),
                ("first", place),
            ],
        ));
    } else if let Some((first, _)) = results.first() {
        diags.push(Diagnostic::err(
            PATH,
            "indicators.missing_results",
            vec![("first", first.clone())],
        ));
    }
}

/// Assembles the site from its content; problems go to `diags`.
pub fn assemble(content: Content, options: Options, diags: &Diagnostics) -> Site {
    let Content {
        root,
        config,
        indicators,
        mut files,
        results,
        media,
        broken,
        kept,
    } = content;
    let languages = config.languages.clone();
    let names = crate::content::LangNames::new(&languages);
    let default = languages[0].clone();
    let keep = options.keep_parsed;
    let (outlines, parsed): (Vec<Outline>, Vec<Option<Parsed>>) = files
        .par_iter_mut()
        .map(|f| {
            // A body released as it was read left only its anchors
            // (`Released::of` takes them).
            if f.released.is_some() {
                return (Outline::default(), None);
            }
            if !keep {
                return (markdown::outline(&f.body), None);
            }
            let p = markdown::parse(&f.body);
            (p.outline(), Some(p))
        })
        .unzip();
    let parsed = if keep {
        // Same index as `files` (a body released as it was read is not
        // kept parsed; the preview releases none).
        parsed.into_iter().map(Option::unwrap_or_default).collect()
    } else {
        Vec::new()
    };

    // Group files by key.
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        groups.entry(f.key.as_ref()).or_default().push(i);
    }
    let has_default = |key: &str| {
        groups
            .get(key)
            .is_some_and(|v| v.iter().any(|&i| *files[i].lang == *default))
    };
    let mut held_back = BTreeSet::new();
    // Areas whose default file is a held-back draft hold back their commitments.
    let mut draft_areas = BTreeSet::new();
    for (key, idx) in &groups {
        if let Some(&d) = idx.iter().find(|&&i| *files[i].lang == *default)
            && files[d].front.draft == Some(true)
            && !options.drafts
        {
            held_back.insert(key.to_string());
            if let Kind::Area { area } = &files[d].kind {
                draft_areas.insert(area.clone());
            }
        }
    }

    let mut pages = Vec::new();
    for (key, idx) in &groups {
        let Some(&d) = idx.iter().find(|&&i| *files[i].lang == *default) else {
            if broken.contains(*key) {
                // The default file exists but has errors of its own, reported already.
                continue;
            }
            for &i in idx {
                let f = &files[i];
                let mut args = vec![
                    ("stem", stem_of(f).to_string()),
                    ("default", default.to_string()),
                ];
                // The default-language file renamed, its translation not:
                // the one page beside it that lacks this language.
                let code = match renamed_default(key, &f.lang, &groups, &files, &default) {
                    Some(d) => {
                        args.push(("renamed", d.path.to_string()));
                        args.push(("suggested", format!("{}.{}.md", stem_of(d), f.lang)));
                        "site.no_default_file_renamed"
                    }
                    None => "site.no_default_file",
                };
                diags.push(Diagnostic::err(&*f.path, code, args));
            }
            continue;
        };
        let kind = files[d].kind.clone();
        if let Kind::Commitment { area, .. } = &kind {
            let area_key = format!("areas/{area}/_index.md");
            if !has_default(&area_key) && !broken.contains(&area_key) {
                diags.push(Diagnostic::err(
                    &*files[d].path,
                    "site.no_area",
                    vec![("area", area.to_string()), ("default", default.to_string())],
                ));
                continue;
            }
            if draft_areas.contains(area) {
                held_back.insert(key.to_string());
            }
        }
        if held_back.contains(*key) {
            continue;
        }
        let mut in_use = BTreeMap::new();
        for &i in idx {
            let f = &files[i];
            if i != d && f.front.draft == Some(true) && !options.drafts {
                continue;
            }
            if i != d && f.front.languages().is_some() {
                diags.push(
                    Diagnostic::warn(&*f.path, "site.languages_default_only", vec![])
                        .at_opt(f.locate(&["languages"])),
                );
            }
            in_use.insert(f.lang.clone(), i);
        }
        let publish: Vec<String> = match files[d].front.languages() {
            None => languages.clone(),
            Some(list) => {
                for code in list {
                    if !languages.contains(code) {
                        diags.push(
                            Diagnostic::err(
                                &*files[d].path,
                                "site.languages_unlisted",
                                vec![
                                    ("code", code.clone()),
                                    ("languages", languages.join(", ")),
                                    did_you_mean_arg(code, languages.iter().map(String::as_str)),
                                ],
                            )
                            .at_opt(files[d].locate_item("languages", code)),
                        );
                    }
                }
                languages
                    .iter()
                    .filter(|l| list.contains(l))
                    .cloned()
                    .collect()
            }
        };
        // Sized to the languages: at 50,000 pages a doubling vector's
        // slack was a fifth of the variants' memory.
        let mut variants = Vec::with_capacity(publish.len());
        let mut missing = Vec::new();
        for lang in &publish {
            let own = in_use.get(lang.as_str()).copied();
            let file = own.unwrap_or(d);
            if own.is_none() {
                missing.push(lang.clone());
            }
            let (front, inherited, draft) = merged(&files, own, d);
            variants.push(Variant {
                lang: names.get(lang),
                file,
                fallback: own.is_none(),
                url: Box::default(),
                front,
                inherited,
                draft,
            });
        }
        pages.push(Page {
            key: key.to_string(),
            kind,
            default_file: d,
            files: in_use.into_values().collect(),
            variants,
            missing,
        });
    }

    // URLs, now that every page's slugs are known.
    let index: HashMap<&str, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.key.as_str(), i))
        .collect();
    let slug_in = |pages: &[Page], key: &str, lang: &str, name: &str| -> String {
        index
            .get(key)
            .map(|&i| &pages[i])
            .and_then(|p| p.variant(lang))
            .filter(|v| !v.fallback)
            .and_then(|v| files[v.file].front.slug())
            .unwrap_or(name)
            .to_string()
    };
    let mut urls: Vec<Vec<String>> = Vec::with_capacity(pages.len());
    for p in &pages {
        let mut list = Vec::new();
        for v in &p.variants {
            let own_slug = (!v.fallback).then(|| files[v.file].front.slug()).flatten();
            list.push(urls::page_url(
                &options.prefix,
                &v.lang,
                &p.kind,
                own_slug,
                |area| slug_in(&pages, &format!("areas/{area}/_index.md"), &v.lang, area),
            ));
        }
        urls.push(list);
    }
    for (p, list) in pages.iter_mut().zip(urls) {
        for (v, url) in p.variants.iter_mut().zip(list) {
            v.url = url.into();
        }
    }

    // Collisions and reserved names.
    let mut seen: HashMap<&str, &SourceFile> = HashMap::new();
    // A clash is told once per file and page it clashes with, not once
    // per language.
    let mut told: BTreeSet<(&str, &str)> = BTreeSet::new();
    for p in &pages {
        for v in &p.variants {
            let file = &files[if v.fallback { p.default_file } else { v.file }];
            let rest = v
                .url
                .strip_prefix(&format!("{}/{}/", options.prefix, v.lang))
                .unwrap_or("");
            let first = rest.split('/').next().unwrap_or("");
            if matches!(p.kind, Kind::Area { .. } | Kind::Free { .. }) && RESERVED.contains(&first)
            {
                diags.push(
                    Diagnostic::err(
                        &*file.path,
                        "site.reserved",
                        vec![
                            ("url", v.url.to_string()),
                            ("reserved", RESERVED.join(", ")),
                        ],
                    )
                    .at_opt(file.locate(&["slug"])),
                );
                continue;
            }
            if let Some(&other) = seen.get(&*v.url) {
                // The file whose `slug` makes the clash is told, at that
                // line; with no slug, the file names clash (no line).
                let (blamed, with) = if file.front.slug().is_none() && other.front.slug().is_some()
                {
                    (other, file)
                } else {
                    (file, other)
                };
                if told.insert((&blamed.path, &with.key)) {
                    diags.push(
                        Diagnostic::err(
                            &*blamed.path,
                            "site.same_address",
                            vec![("url", v.url.to_string()), ("other", with.path.to_string())],
                        )
                        .at_opt(blamed.locate(&["slug"])),
                    );
                }
            } else {
                seen.insert(&v.url, file);
            }
        }
    }

    // Commitments: perspective required, indicators known. Without
    // indicators.yaml every id is taken as known, and the file is told
    // missing once, with the first place that names one.
    let mut named_without_file: BTreeSet<&str> = BTreeSet::new();
    let mut first_named = None;
    for p in &pages {
        if !matches!(p.kind, Kind::Commitment { .. }) {
            continue;
        }
        let d = &files[p.default_file];
        if d.front.perspective.is_none() {
            diags.push(Diagnostic::err(&*d.path, "site.no_perspective", vec![]).at(1, None));
        }
        for &i in &p.files {
            let f = &files[i];
            for id in f.front.indicators.iter().flatten() {
                if indicators.missing {
                    named_without_file.insert(id);
                    first_named.get_or_insert((f, id));
                }
                if !indicators.is_defined(id) {
                    diags.push(
                        Diagnostic::err(
                            &*f.path,
                            "site.unknown_indicator",
                            vec![("id", id.clone()), did_you_mean_arg(id, indicators.ids())],
                        )
                        .at_opt(f.locate_item("indicators", id)),
                    );
                }
            }
        }
    }

    if indicators.missing {
        missing_indicators(first_named, named_without_file.len(), &results, diags);
    }

    debug_assert!(pages.is_sorted_by(|a, b| a.key < b.key));
    let reading = languages
        .par_iter()
        .map(|lang| (lang.clone(), Reading::new(&pages, lang)))
        .collect();
    let released = bodies::Released::of(&root, &mut files, kept);
    Site {
        released,
        config,
        indicators,
        files,
        outlines,
        parsed,
        pages,
        results_files: results,
        media,
        options,
        held_back,
        broken,
        reading,
    }
}

#[cfg(test)]
/// For tests: writes `text` to `content/{rel}` under `dir`, its folders
/// made first.
pub(crate) fn write_content(dir: &std::path::Path, rel: &str, text: &str) {
    let path = dir.join("content").join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

#[cfg(test)]
/// For tests: a site of one page, `pages/a.fi.md`, with `body`, in `dir`, loaded
/// with `bodies` (and kept parsed, as the preview does, when kept).
pub(crate) fn one_page_site(
    dir: &std::path::Path,
    bodies: crate::content::Bodies<'_>,
    body: &str,
) -> Site {
    let write = |rel: &str, text: &str| write_content(dir, rel, text);
    write(
        "site.yaml",
        "title: T\norganisation: O\nbase_url: https://x.example\nlanguages: [fi]\n",
    );
    write("_index.fi.md", "---\ntitle: Lupaus\n---\n");
    write("pages/a.fi.md", &format!("---\ntitle: A\n---\r\n{body}"));
    let diags = crate::diagnostics::Diagnostics::new();
    let content = crate::content::load_with(dir, bodies, &diags).expect("content loads");
    let options = crate::site::Options {
        drafts: false,
        prefix: String::new(),
        keep_parsed: matches!(bodies, crate::content::Bodies::Keep),
    };
    crate::site::assemble(content, options, &diags)
}
