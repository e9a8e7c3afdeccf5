//! What every page's context has: `site`, `consultation` and
//! `results_calendar` (besides `lang`, `default_lang`, `t`, `nav`,
//! `free_pages`, `languages`, `url`, `canonical`, `stylesheet` and
//! `preview`, which are plain values or [`super::PageLink`]s and
//! [`super::LangLink`]s).

use serde::Serialize;

use super::Marked;
use crate::config::Feedback;

/// `site`: the site's settings and the addresses of its generated pages,
/// in the page's language.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView<'a> {
    /// The site's title (`site.yaml` `title`).
    pub title: Marked,
    /// The county (`site.yaml` `organisation`).
    pub organisation: Marked,
    /// `site.yaml` `base_url`.
    pub base_url: &'a str,
    /// The front page of the page's language.
    pub home_url: String,
    /// Where residents give feedback (`url`, `email`).
    pub feedback: &'a Feedback,
    /// `site.yaml` `license`, if any.
    pub license: &'a Option<String>,
    /// The accessibility statement.
    pub accessibility_url: String,
    /// The results overview.
    pub results_url: String,
    /// The list of dated pages.
    pub news_url: String,
    /// Whether the language has a list of dated pages.
    pub has_news: bool,
    /// Whether the site follows any indicator.
    pub has_results: bool,
    /// The search page, when there is one.
    pub search_url: Option<String>,
    /// The Atom feed, when the language has dated pages.
    pub feed_url: Option<String>,
    /// The Open Graph locale (`fi_FI`).
    pub og_locale: String,
    /// The county's brand.
    pub brand: BrandView,
    /// The latest period with a value, in words (format 1.1).
    pub latest_period: Option<String>,
    /// The open-data section of the results overview.
    pub open_data_url: String,
    /// The changes page, with `previous`.
    pub changes_url: Option<String>,
    /// The whole promise on one page, unless a page of the site has its
    /// address.
    pub document_url: Option<String>,
}

/// `site.brand`: the county's logo, own site and privacy statement
/// (`site.yaml` `brand`).
#[derive(Debug, Clone, Serialize)]
pub struct BrandView {
    /// The logo's address.
    pub logo_url: Option<String>,
    /// The county's own site.
    pub url: Option<String>,
    /// Its privacy statement.
    pub privacy_url: Option<String>,
    /// Whether the brand colour is in the stylesheet.
    pub coloured: bool,
}

/// A date for readers and for `<time datetime>`.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// Formatted for the page's language.
    pub text: String,
    /// `YYYY-MM-DD`.
    pub iso: String,
}

/// `results_calendar` (null when neither date is set): `site.yaml`
/// `results`.
#[derive(Debug, Clone, Serialize)]
pub struct ResultsCalendarView {
    /// When the results were last updated.
    pub updated: Option<DateView>,
    /// When the next update is due.
    pub next_update: Option<DateView>,
}

/// `consultation` (null without one): the comment round of `site.yaml`.
#[derive(Debug, Clone, Serialize)]
pub struct ConsultationView<'a> {
    /// Whether comments are taken now.
    pub open: bool,
    /// Until when, formatted.
    pub until: Option<String>,
    /// Until when, `YYYY-MM-DD`.
    pub until_iso: Option<String>,
    /// Where to comment.
    pub url: &'a Option<String>,
    /// Or by email.
    pub email: &'a Option<String>,
}
