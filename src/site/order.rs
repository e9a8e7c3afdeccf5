//! Reading order: the order in which a language's pages are listed
//! (`order`, then title in that language's alphabetical order), cut once
//! per language into the lists pages show, and kept up to date after an
//! edit in the preview without sorting again.

use std::collections::HashMap;

use super::{Page, Variant};
use crate::collate;
use crate::content::front_matter::Kind;

/// One language's pages in reading order ([`reading_order`]), cut into the
/// lists that pages show, so that a listing is neither a sort nor a pass
/// over every page of the site.
#[derive(Debug, Default)]
pub(super) struct Reading {
    /// Service areas.
    pub(super) areas: Vec<usize>,
    /// Commitments, by service area.
    pub(super) commitments: HashMap<String, Vec<usize>>,
    /// Free pages, dated or not.
    pub(super) free: Vec<usize>,
}

impl Reading {
    pub(super) fn new(pages: &[Page], lang: &str) -> Self {
        let mut r = Reading::default();
        for i in reading_order(pages, lang) {
            match &pages[i].kind {
                Kind::Area { .. } => r.areas.push(i),
                Kind::Commitment { area, .. } => {
                    r.commitments.entry(area.to_string()).or_default().push(i)
                }
                Kind::Free { .. } => r.free.push(i),
                Kind::Promise => {}
            }
        }
        r
    }

    /// Moves the page `moved` to its place after its title or `order`
    /// changed (a list is a subset of the whole order, sorted the same way);
    /// returns whether its place changed.
    pub(super) fn reposition(&mut self, pages: &[Page], lang: &str, moved: usize) -> bool {
        let Some(page) = pages.get(moved) else {
            return false;
        };
        let list = match &page.kind {
            Kind::Area { .. } => &mut self.areas,
            Kind::Commitment { area, .. } => match self.commitments.get_mut(&**area) {
                Some(list) => list,
                None => return false,
            },
            Kind::Free { .. } => &mut self.free,
            Kind::Promise => return false,
        };
        let before = list.iter().position(|&i| i == moved);
        reposition(list, pages, lang, moved);
        list.iter().position(|&i| i == moved) != before
    }
}

/// The indices of the pages published in `lang`, in reading order: `order`
/// ascending, pages without it after, then by title in that language's
/// alphabetical order ([`collate::key`]), then by key. Keys are unique,
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

#[cfg(test)]
mod tests {

    use super::*;
    use crate::content::front_matter::FrontMatter;
    use proptest::prelude::*;

    fn commitment(i: usize, area: bool, title: &str, order: Option<i64>) -> Page {
        let area = if area { "a" } else { "b" };
        let front = FrontMatter {
            title: Some(title.into()),
            order,
            ..FrontMatter::default()
        };
        Page {
            key: format!("areas/{area}/c{i}.md"),
            kind: Kind::Commitment {
                area: area.into(),
                name: format!("c{i}").into(),
            },
            default_file: i,
            files: Box::default(),
            variants: vec![Variant {
                lang: "fi".into(),
                file: i,
                fallback: false,
                url: format!("/fi/{area}/c{i}/").into(),
                front: front.into(),
                inherited: Box::default(),
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
            std::sync::Arc::make_mut(&mut pages[i].variants[0].front).title = Some(title.into());
            std::sync::Arc::make_mut(&mut pages[i].variants[0].front).order = order;
            reading.reposition(&pages, "fi", i);
            let sorted = Reading::new(&pages, "fi");
            prop_assert_eq!(&reading.commitments, &sorted.commitments);
            prop_assert_eq!(&reading.areas, &sorted.areas);
            prop_assert_eq!(&reading.free, &sorted.free);
        }
    }
}
