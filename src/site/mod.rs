//! The site model: logical pages, their translations, and their addresses.
//!
//! Takes the loaded [`Content`] and decides, for every page and language,
//! whether it is published, which file's text it shows (its own or the default
//! language's as a fallback), its merged front matter, and its URL. It checks
//! what needs the whole site at once: translations without a default file,
//! URL collisions, unknown indicators, `languages:` lists. Rendering is in
//! `render`; link resolution in [`links`].

pub mod links;
pub mod update;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;

use crate::collate;
use crate::config::SiteConfig;
use crate::content::front_matter::{Decision, FrontMatter, Kind};
use crate::content::{Asset, Content, SourceFile};
use crate::diagnostics::{Diagnostic, Diagnostics, suggestion};
use crate::indicators::Indicators;
use crate::markdown::{self, Parsed};

/// First URL segments after the language that generated pages own.
pub const RESERVED: [&str; 4] = ["results", "accessibility", "data", "media"];

/// How a site is assembled.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Publish drafts (marked as such).
    pub drafts: bool,
    /// Path prefix of every URL (from `base_url`'s path, or empty).
    pub prefix: String,
}

/// A page as published in one language.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Its language (the reader's).
    pub lang: String,
    /// Index of the file whose text is shown.
    pub file: usize,
    /// Whether the text is the default language's (no translation).
    pub fallback: bool,
    /// Its address, with the prefix: `/fi/family/clinic/`.
    pub url: String,
    /// Front matter merged with the default-language file's.
    pub front: FrontMatter,
    /// Text fields taken from the default language: `summary`,
    /// `resident_view`, `decision.body`.
    pub inherited: BTreeSet<&'static str>,
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
    /// Translation files in use, by language (default included).
    pub files: BTreeMap<String, usize>,
    /// Published variants in the order of `languages`.
    pub variants: Vec<Variant>,
    /// Languages where the page shows the default language's text.
    pub missing: Vec<String>,
}

impl Page {
    /// The variant in `lang`, if published there.
    pub fn variant(&self, lang: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| v.lang == lang)
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
    /// Each file's parsed body, same index as `files`.
    pub parsed: Vec<Parsed>,
    /// Published pages, sorted by key.
    pub pages: Vec<Page>,
    /// Results CSV files.
    pub results_files: Vec<(String, Vec<u8>)>,
    /// Media to copy.
    pub media: Vec<Asset>,
    /// How it was assembled.
    pub options: Options,
    by_key: HashMap<String, usize>,
    /// Keys of pages held back as drafts (for link errors).
    pub held_back: BTreeSet<String>,
    /// Keys of files that could not be read (their errors are reported).
    pub broken: BTreeSet<String>,
    /// Every URL a content page has, to keep generated pages out of their way.
    pub urls: std::collections::HashSet<String>,
    /// Per language, the pages published in it in reading order, sorted
    /// once and cut into listings.
    reading: HashMap<String, Reading>,
}

impl Site {
    /// The page with this content key.
    pub fn page(&self, key: &str) -> Option<&Page> {
        self.by_key.get(key).map(|&i| &self.pages[i])
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
    /// address then gives way to it).
    pub fn url_taken(&self, url: &str) -> bool {
        self.urls.contains(url)
    }

    /// URL of a generated page under a language (`results/`, `accessibility/`).
    pub fn generated_url(&self, lang: &str, path: &str) -> String {
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
        v.retain(|(p, _)| self.files[p.default_file].front.date.is_none());
        v
    }

    /// Dated pages in `lang`, newest first (then in reading order).
    pub fn dated_pages(&self, lang: &str) -> Vec<(&Page, &Variant)> {
        let mut v = self.listing(lang, |r| Some(&r.free));
        v.retain(|(_, v)| v.front.date.is_some());
        v.sort_by_key(|b| std::cmp::Reverse(b.1.front.date));
        v
    }
}

/// One language's pages in reading order ([`reading_order`]), cut into the
/// lists that pages show, so that a listing is neither a sort nor a pass
/// over every page of the site.
#[derive(Debug, Default)]
struct Reading {
    /// Service areas.
    areas: Vec<usize>,
    /// Commitments, by service area.
    commitments: HashMap<String, Vec<usize>>,
    /// Free pages, dated or not.
    free: Vec<usize>,
}

impl Reading {
    fn new(pages: &[Page], lang: &str) -> Self {
        let mut r = Reading::default();
        for i in reading_order(pages, lang) {
            match &pages[i].kind {
                Kind::Area { .. } => r.areas.push(i),
                Kind::Commitment { area, .. } => {
                    r.commitments.entry(area.clone()).or_default().push(i)
                }
                Kind::Free { .. } => r.free.push(i),
                Kind::Promise => {}
            }
        }
        r
    }

    /// Moves the page `moved` to its place after its title or `order`
    /// changed (a list is a subset of the whole order, sorted the same way).
    fn reposition(&mut self, pages: &[Page], lang: &str, moved: usize) {
        let Some(page) = pages.get(moved) else {
            return;
        };
        let list = match &page.kind {
            Kind::Area { .. } => &mut self.areas,
            Kind::Commitment { area, .. } => match self.commitments.get_mut(area) {
                Some(list) => list,
                None => return,
            },
            Kind::Free { .. } => &mut self.free,
            Kind::Promise => return,
        };
        reposition(list, pages, lang, moved);
    }
}

/// Assembles the site from its content; problems go to `diags`.
pub fn assemble(content: Content, options: Options, diags: &Diagnostics) -> Site {
    let Content {
        config,
        indicators,
        files,
        results,
        media,
        broken,
    } = content;
    let languages = config.languages.clone();
    let default = languages[0].clone();
    let parsed: Vec<Parsed> = files.par_iter().map(|f| markdown::parse(&f.body)).collect();

    // Group files by key.
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        groups.entry(f.key.as_str()).or_default().push(i);
    }
    let has_default = |key: &str| {
        groups
            .get(key)
            .is_some_and(|v| v.iter().any(|&i| files[i].lang == default))
    };
    let mut held_back = BTreeSet::new();
    // Areas whose default file is a held-back draft hold back their commitments.
    let mut draft_areas = BTreeSet::new();
    for (key, idx) in &groups {
        if let Some(&d) = idx.iter().find(|&&i| files[i].lang == default)
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
        let Some(&d) = idx.iter().find(|&&i| files[i].lang == default) else {
            if broken.contains(*key) {
                // The default file exists but has errors of its own, reported already.
                continue;
            }
            for &i in idx {
                let f = &files[i];
                let stem = f.path.rsplit_once('.').map(|p| p.0).unwrap_or(&f.path);
                let stem = stem.rsplit_once('.').map(|p| p.0).unwrap_or(stem);
                diags.push(Diagnostic::error(
                    &f.path,
                    format!(
                        "this translation has no default-language file; create {stem}.{default}.md (the {default} text) or rename this file"
                    ),
                ));
            }
            continue;
        };
        let kind = files[d].kind.clone();
        if let Kind::Commitment { area, .. } = &kind {
            let area_key = format!("areas/{area}/_index.md");
            if !has_default(&area_key) && !broken.contains(&area_key) {
                diags.push(Diagnostic::error(
                    &files[d].path,
                    format!(
                        "the area folder content/areas/{area}/ has no _index.{default}.md; create it with the area's title, or move this commitment to an existing area"
                    ),
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
            if i != d && f.front.languages.is_some() {
                diags.push(
                    Diagnostic::warning(
                        &f.path,
                        "`languages` is read only from the default-language file; move it there",
                    )
                    .at_opt(f.locate(&["languages"])),
                );
            }
            in_use.insert(f.lang.clone(), i);
        }
        let publish: Vec<String> = match &files[d].front.languages {
            None => languages.clone(),
            Some(list) => {
                for code in list {
                    if !languages.contains(code) {
                        diags.push(
                            Diagnostic::error(
                                &files[d].path,
                                format!(
                                    "`languages` names \"{code}\", which site.yaml does not list; use some of {}{}",
                                    languages.join(", "),
                                    suggestion(code, languages.iter().map(String::as_str))
                                ),
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
        let mut variants = Vec::new();
        let mut missing = Vec::new();
        for lang in &publish {
            let own = in_use.get(lang).copied();
            let file = own.unwrap_or(d);
            if own.is_none() {
                missing.push(lang.clone());
            }
            let (front, inherited, draft) = merged(&files, own, d);
            variants.push(Variant {
                lang: lang.clone(),
                file,
                fallback: own.is_none(),
                url: String::new(),
                front,
                inherited,
                draft,
            });
        }
        pages.push(Page {
            key: key.to_string(),
            kind,
            default_file: d,
            files: in_use,
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
            .and_then(|v| files[v.file].front.slug.clone())
            .unwrap_or_else(|| name.to_string())
    };
    let mut urls: Vec<Vec<String>> = Vec::with_capacity(pages.len());
    for p in &pages {
        let mut list = Vec::new();
        for v in &p.variants {
            let own_slug = || {
                (!v.fallback)
                    .then(|| files[v.file].front.slug.clone())
                    .flatten()
            };
            let path = match &p.kind {
                Kind::Promise => String::new(),
                Kind::Area { area } => format!("{}/", own_slug().unwrap_or_else(|| area.clone())),
                Kind::Commitment { area, name } => format!(
                    "{}/{}/",
                    slug_in(&pages, &format!("areas/{area}/_index.md"), &v.lang, area),
                    own_slug().unwrap_or_else(|| name.clone())
                ),
                Kind::Free { name } => format!("{}/", own_slug().unwrap_or_else(|| name.clone())),
            };
            list.push(format!("{}/{}/{}", options.prefix, v.lang, url_path(&path)));
        }
        urls.push(list);
    }
    for (p, list) in pages.iter_mut().zip(urls) {
        for (v, url) in p.variants.iter_mut().zip(list) {
            v.url = url;
        }
    }

    // Collisions and reserved names.
    let mut seen: HashMap<&str, (&str, &str)> = HashMap::new();
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
                    Diagnostic::error(
                        &file.path,
                        format!(
                            "the address {} is reserved for generated pages ({}); rename the file or set another `slug`",
                            v.url,
                            RESERVED.join(", ")
                        ),
                    )
                    .at_opt(file.locate(&["slug"])),
                );
                continue;
            }
            if let Some((other, _)) = seen.get(v.url.as_str()) {
                diags.push(
                    Diagnostic::error(
                        &file.path,
                        format!(
                            "this page would have the same address {} as {other}; rename one of them or set a different `slug`",
                            v.url
                        ),
                    )
                    .at_opt(file.locate(&["slug"])),
                );
            } else {
                seen.insert(&v.url, (&file.path, &p.key));
            }
        }
    }

    // Commitments: perspective required, indicators known.
    for p in &pages {
        if !matches!(p.kind, Kind::Commitment { .. }) {
            continue;
        }
        let d = &files[p.default_file];
        if d.front.perspective.is_none() {
            diags.push(
                Diagnostic::error(
                    &d.path,
                    "missing required field `perspective`; add one of `perspective: availability`, accessibility, quality, effectiveness or integration",
                )
                .at(1, None),
            );
        }
        for &i in p.files.values() {
            let f = &files[i];
            for id in f.front.indicators.iter().flatten() {
                if !indicators.is_defined(id) {
                    diags.push(
                        Diagnostic::error(
                            &f.path,
                            format!(
                                "unknown indicator \"{id}\"; define it in content/indicators.yaml or use one of its ids{}",
                                suggestion(id, indicators.ids())
                            ),
                        )
                        .at_opt(f.locate_item("indicators", id)),
                    );
                }
            }
        }
    }

    let urls = pages
        .iter()
        .flat_map(|p| p.variants.iter().map(|v| v.url.clone()))
        .collect();
    let by_key = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.key.clone(), i))
        .collect();
    let reading = languages
        .par_iter()
        .map(|lang| (lang.clone(), Reading::new(&pages, lang)))
        .collect();
    Site {
        config,
        indicators,
        files,
        parsed,
        pages,
        results_files: results,
        media,
        options,
        by_key,
        held_back,
        broken,
        urls,
        reading,
    }
}

/// The ASCII characters a page's address percent-encodes: those a URL path
/// may not hold or that would end it (`?`, `#`), and `%` itself, so that
/// decoding gives the name back. A file name may have spaces and such; a
/// slug may not.
const URL_PATH_ESCAPES: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A page's path (`päivä ja yö/`) as it stands in its address
/// (`päivä%20ja%20yö/`): ASCII that may not stand in a URL path is
/// percent-encoded, `/` separates segments, and letters such as `ä` are
/// kept as browsers show them (valid in HTML; the sitemap and feeds encode
/// them too, see `publish::absolute`). `render::url_to_file` decodes it
/// back to the path on disk.
pub fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut buf = [0u8; 4];
    for c in path.chars() {
        if c.is_ascii() {
            out.extend(percent_encoding::utf8_percent_encode(
                c.encode_utf8(&mut buf),
                URL_PATH_ESCAPES,
            ));
        } else {
            out.push(c);
        }
    }
    out
}

/// The indices of the pages published in `lang`, in reading order: `order`
/// ascending, pages without it after, then by title in that language's
/// alphabetical order ([`collate::compare`]), then by key. Keys are unique,
/// so the order is total: any subset of it is that subset sorted.
pub fn reading_order(pages: &[Page], lang: &str) -> Vec<usize> {
    let mut v: Vec<(usize, &Variant)> = pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.variant(lang).map(|v| (i, v)))
        .collect();
    // The collation key is computed once per page, not once per comparison.
    v.sort_by_cached_key(|(i, v)| reading_key(&pages[*i], v, lang));
    v.into_iter().map(|(i, _)| i).collect()
}

/// What [`reading_order`] sorts a page's variant by.
type ReadingKey = (bool, Option<i64>, Vec<u8>, String, String);

fn reading_key(page: &Page, v: &Variant, lang: &str) -> ReadingKey {
    let title = v.title();
    (
        v.front.order.is_none(),
        v.front.order,
        collate::key(title, lang),
        title.to_string(),
        page.key.clone(),
    )
}

/// Moves the page `moved` to its place in `order`, `lang`'s
/// [`reading_order`], after its title or `order` changed: the same result
/// as sorting all pages again, with a binary search instead of a sort.
fn reposition(order: &mut Vec<usize>, pages: &[Page], lang: &str, moved: usize) {
    let Some(v) = pages.get(moved).and_then(|p| p.variant(lang)) else {
        return;
    };
    order.retain(|&i| i != moved);
    let key = reading_key(&pages[moved], v, lang);
    let at = order.partition_point(|&i| {
        pages[i]
            .variant(lang)
            .is_some_and(|w| reading_key(&pages[i], w, lang) < key)
    });
    order.insert(at, moved);
}

/// What a variant shows of its own file `own` (none: it falls back) and the
/// default-language file `d`: the merged front matter, the text fields
/// taken from `d` (see [`merge`]), and whether it is a draft.
fn merged(
    files: &[SourceFile],
    own: Option<usize>,
    d: usize,
) -> (FrontMatter, BTreeSet<&'static str>, bool) {
    let (front, inherited) = match own {
        Some(i) if i != d => merge(&files[i].front, &files[d].front),
        _ => (files[d].front.clone(), BTreeSet::new()),
    };
    let draft = front.draft == Some(true) || files[d].front.draft == Some(true);
    (front, inherited, draft)
}

/// A translation's front matter with what it leaves out taken from the
/// default file. `title` and `slug` belong to each file; `languages` only to
/// the default. Returns which text fields came from the default language.
pub fn merge(own: &FrontMatter, default: &FrontMatter) -> (FrontMatter, BTreeSet<&'static str>) {
    let mut inherited = BTreeSet::new();
    let mut text = |mine: &Option<String>, theirs: &Option<String>, name: &'static str| match mine {
        Some(s) => Some(s.clone()),
        None => {
            if theirs.is_some() {
                inherited.insert(name);
            }
            theirs.clone()
        }
    };
    let summary = text(&own.summary, &default.summary, "summary");
    let resident_view = text(&own.resident_view, &default.resident_view, "resident_view");
    let decision = match (&own.decision, &default.decision) {
        (None, None) => None,
        (mine, theirs) => {
            let empty = Decision::default();
            let m = mine.as_ref().unwrap_or(&empty);
            let t = theirs.as_ref().unwrap_or(&empty);
            Some(Decision {
                body: text(&m.body, &t.body, "decision.body"),
                date: m.date.or(t.date),
                reference: m.reference.clone().or_else(|| t.reference.clone()),
                url: m.url.clone().or_else(|| t.url.clone()),
            })
        }
    };
    (
        FrontMatter {
            title: own.title.clone(),
            summary,
            order: own.order.or(default.order),
            draft: own.draft.or(default.draft),
            slug: own.slug.clone(),
            languages: default.languages.clone(),
            valid_from: own.valid_from.or(default.valid_from),
            valid_until: own.valid_until.or(default.valid_until),
            decision,
            icon: own.icon.clone().or_else(|| default.icon.clone()),
            perspective: own
                .perspective
                .clone()
                .or_else(|| default.perspective.clone()),
            indicators: own
                .indicators
                .clone()
                .or_else(|| default.indicators.clone()),
            resident_view,
            date: own.date.or(default.date),
        },
        inherited,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A commitment of area `a` or `b` published in `fi`, with a title and
    /// maybe an `order`.
    fn commitment(i: usize, area: bool, title: &str, order: Option<i64>) -> Page {
        let area = if area { "a" } else { "b" };
        let front = FrontMatter {
            title: Some(title.to_string()),
            order,
            ..FrontMatter::default()
        };
        Page {
            key: format!("areas/{area}/c{i}.md"),
            kind: Kind::Commitment {
                area: area.into(),
                name: format!("c{i}"),
            },
            default_file: i,
            files: BTreeMap::new(),
            variants: vec![Variant {
                lang: "fi".into(),
                file: i,
                fallback: false,
                url: format!("/fi/{area}/c{i}/"),
                front,
                inherited: BTreeSet::new(),
                draft: false,
            }],
            missing: Vec::new(),
        }
    }

    fn titled() -> impl Strategy<Value = (bool, String, Option<i64>)> {
        (
            any::<bool>(),
            "[AaÄäÖöZz ]{0,4}",
            proptest::option::of(0i64..3),
        )
    }

    proptest! {
        /// Moving an edited page with [`Reading::reposition`] gives the
        /// lists a full sort gives.
        #[test]
        fn repositioning_an_edited_page_equals_sorting_again(
            pages in proptest::collection::vec(titled(), 1..12),
            edited in any::<prop::sample::Index>(),
            (_, title, order) in titled(),
        ) {
            let mut pages: Vec<Page> = pages
                .iter()
                .enumerate()
                .map(|(i, (area, t, o))| commitment(i, *area, t, *o))
                .collect();
            let mut reading = Reading::new(&pages, "fi");
            let i = edited.index(pages.len());
            pages[i].variants[0].front.title = Some(title);
            pages[i].variants[0].front.order = order;
            reading.reposition(&pages, "fi", i);
            let sorted = Reading::new(&pages, "fi");
            prop_assert_eq!(&reading.commitments, &sorted.commitments);
            prop_assert_eq!(&reading.areas, &sorted.areas);
            prop_assert_eq!(&reading.free, &sorted.free);
        }
    }

    #[test]
    fn url_paths_encode_what_a_url_cannot_hold_and_keep_letters() {
        assert_eq!(url_path("päivä ja yö/"), "päivä%20ja%20yö/");
        assert_eq!(url_path("perhe/neuvola/"), "perhe/neuvola/");
        assert_eq!(
            url_path("a\"b<c>d`e{f}g|h^i[j]k\\l?m#n%o\tp/"),
            "a%22b%3Cc%3Ed%60e%7Bf%7Dg%7Ch%5Ei%5Bj%5Dk%5Cl%3Fm%23n%25o%09p/"
        );
        // The file is where the address points.
        assert_eq!(
            crate::render::url_to_file(
                &format!("/lupaus/fi/{}", url_path("päivä ja yö/")),
                "/lupaus"
            ),
            "fi/päivä ja yö/index.html"
        );
        // What a path may hold stays: sub-delimiters, `:`, `@`, `~`.
        assert_eq!(
            url_path("a-b_c.d~e!f$g&h'i(j)k*l+m,n;o=p:q@r/"),
            "a-b_c.d~e!f$g&h'i(j)k*l+m,n;o=p:q@r/"
        );
    }

    #[test]
    fn merge_keeps_own_title_and_inherits_nested_decision() {
        let default = FrontMatter {
            title: Some("Lupaus".into()),
            slug: Some("lupaus".into()),
            summary: Some("Tiivistelmä".into()),
            decision: Some(Decision {
                body: Some("Aluevaltuusto".into()),
                date: chrono::NaiveDate::from_ymd_opt(2025, 6, 10),
                ..Default::default()
            }),
            ..Default::default()
        };
        let own = FrontMatter {
            title: Some("Löfte".into()),
            decision: Some(Decision {
                reference: Some("§ 5".into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        let (m, inh) = merge(&own, &default);
        assert_eq!(m.title.as_deref(), Some("Löfte"));
        assert_eq!(m.slug, None);
        let d = m.decision.unwrap();
        assert_eq!(d.body.as_deref(), Some("Aluevaltuusto"));
        assert_eq!(d.reference.as_deref(), Some("§ 5"));
        assert!(d.date.is_some());
        assert!(inh.contains("summary") && inh.contains("decision.body"));
    }
}
