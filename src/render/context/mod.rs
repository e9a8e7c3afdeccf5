//! What templates see: small serialisable views of the site model, one
//! type per variable (`base`: every page's; `page`: content pages';
//! `generated`: the generated pages'). `docs/themes.md` lists them for
//! theme authors.
//!
//! Every text that may be in another language than the page carries its
//! `lang` (set only when it differs), so templates can mark it. These structs
//! are the theme's contract; docs/themes.md lists them. Making a
//! [`PageLink`] records the page's front matter as read (see
//! [`super::deps`]).

pub mod base;
pub mod generated;
pub mod lifecycle;
pub mod page;
pub mod results;

use serde::Serialize;

use crate::content::front_matter::Kind;
use crate::format;
use crate::site::{Page, Site, Variant};

/// A language of the site, as the switcher and `<head>` show it.
#[derive(Debug, Clone, Serialize)]
pub struct LangLink {
    /// Language code.
    pub code: String,
    /// The language's name in itself (`suomi`, `svenska`).
    pub name: String,
    /// Where this page is in that language (or that language's front page).
    pub url: String,
    /// Absolute URL of `url`.
    pub absolute: String,
    /// Whether this page exists in that language with its own text.
    pub translated: bool,
    /// Whether the page is published in that language at all (else `url`
    /// leads to the front page).
    pub available: bool,
    /// Whether it is the current language.
    pub current: bool,
}

/// A link to a page, as listings show it.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// Summary, if any.
    pub summary: Option<String>,
    /// Language of title and summary when it is not the page's.
    pub lang: Option<String>,
    /// Language of the summary when it differs from the title's.
    pub summary_lang: Option<String>,
    /// Whether this is the current page.
    pub current: bool,
    /// Draft (only in previews and `--drafts` builds).
    pub draft: bool,
    /// Content key (`areas/family/_index.md`).
    pub key: String,
    /// Date, formatted, for dated pages.
    pub date: Option<String>,
    /// Date as `YYYY-MM-DD`, for `<time datetime>`.
    pub date_iso: Option<String>,
    /// Perspective id, for commitments.
    pub perspective: Option<String>,
    /// Perspective label in the page's language, for commitments.
    pub perspective_label: Option<String>,
    /// Icon name, for areas.
    pub icon: Option<String>,
    /// First-person view, for commitments.
    pub resident_view: Option<String>,
    /// Its language when it is not the page's.
    pub resident_view_lang: Option<String>,
    /// Indicator ids, for commitments.
    pub indicators: Vec<String>,
    /// Follow-up status (`met`, `partly_met`, `not_met`, `no_data`), for commitments.
    pub status: Option<String>,
    /// The status in words, in the page's language.
    pub status_label: Option<String>,
    /// Commitment statuses counted, for areas.
    pub counts: Option<crate::results::Counts>,
}

/// The language of a text when it is not `lang`.
pub fn other(text_lang: &str, lang: &str) -> Option<String> {
    (text_lang != lang).then(|| text_lang.to_string())
}

/// The language a variant's own text is in.
pub fn text_lang<'a>(site: &'a Site, v: &'a Variant) -> &'a str {
    if v.fallback {
        site.default_lang()
    } else {
        &v.lang
    }
}

impl PageLink {
    /// A listing entry for `page` as read in `lang`.
    pub fn new(
        site: &Site,
        i18n: &crate::i18n::I18n,
        page: &Page,
        v: &Variant,
        lang: &str,
        current_url: &str,
    ) -> Self {
        super::deps::front(&page.key, &v.lang);
        let tl = text_lang(site, v);
        let summary_lang = if v.inherited.contains(&"summary") {
            site.default_lang()
        } else {
            tl
        };
        let rv_lang = if v.inherited.contains(&"resident_view") {
            site.default_lang()
        } else {
            tl
        };
        let (perspective, perspective_label) = match (&page.kind, &v.front.perspective) {
            (Kind::Commitment { .. }, Some(p)) => (
                Some(p.to_string()),
                Some(i18n.get(lang, &format!("perspective_{p}"))),
            ),
            _ => (None, None),
        };
        PageLink {
            title: v.title().to_string(),
            url: v.url.to_string(),
            summary: v.front.summary.as_deref().map(str::to_string),
            lang: other(tl, lang),
            summary_lang: (summary_lang != tl).then(|| summary_lang.to_string()),
            current: *v.url == *current_url,
            draft: v.draft,
            key: page.key.clone(),
            date: v.front.date().map(|d| format::format_date(d, lang)),
            date_iso: v.front.date().map(|d| d.format("%Y-%m-%d").to_string()),
            perspective,
            perspective_label,
            icon: v.front.icon().map(str::to_string),
            resident_view: v.front.resident_view.as_deref().map(str::to_string),
            resident_view_lang: other(rv_lang, lang),
            indicators: v.front.indicators.as_deref().unwrap_or_default().to_vec(),
            status: None,
            status_label: None,
            counts: None,
        }
    }
}

/// A text with the language it is in, when that is not the page's.
#[derive(Debug, Clone, Serialize)]
pub struct Marked {
    /// The text.
    pub text: String,
    /// Its language, when not the page's.
    pub lang: Option<String>,
}

impl Marked {
    /// A site text resolved for `lang`.
    pub fn of(t: &crate::text::Text, lang: &str, default: &str) -> Self {
        let l = t.get(lang, default);
        Marked {
            text: l.text,
            lang: l.fallback_lang,
        }
    }
}
