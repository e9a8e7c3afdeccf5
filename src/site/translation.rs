//! Translations: what a language version shows of its own file and what it
//! takes from the default-language file (a missing summary, say), and
//! whether it is a draft.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::content::SourceFile;
use crate::content::front_matter::{Decision, FrontMatter, Rare};

/// What a variant shows of its own file `own` (none: it falls back) and the
/// default-language file `d`: the merged front matter, the text fields
/// taken from `d` (see [`merge`]), and whether it is a draft. A merge that
/// leaves a translation's fields as they are shares them with its file: a
/// build holds every variant's front matter at once.
pub(super) fn merged(
    files: &[SourceFile],
    own: Option<usize>,
    d: usize,
) -> (Arc<FrontMatter>, Box<[&'static str]>, bool) {
    let (front, inherited) = match own {
        Some(i) if i != d => {
            let (front, inherited) = merge(&files[i].front, &files[d].front);
            if front == *files[i].front {
                (files[i].front.clone(), inherited)
            } else {
                (Arc::new(front), inherited)
            }
        }
        _ => (files[d].front.clone(), BTreeSet::new()),
    };
    let draft = front.draft == Some(true) || files[d].front.draft == Some(true);
    (front, inherited.into_iter().collect(), draft)
}

/// A translation's front matter with what it leaves out taken from the
/// default file. `title` and `slug` belong to each file; `languages` only to
/// the default. Returns which text fields came from the default language.
pub fn merge(own: &FrontMatter, default: &FrontMatter) -> (FrontMatter, BTreeSet<&'static str>) {
    let mut inherited = BTreeSet::new();
    let mut text = |mine, theirs, name| inherit(mine, theirs, name, &mut inherited);
    let summary = text(&own.summary, &default.summary, "summary");
    let resident_view = text(&own.resident_view, &default.resident_view, "resident_view");
    let decision = match (own.decision(), default.decision()) {
        (None, None) => None,
        (mine, theirs) => {
            let empty = Decision::default();
            let m = mine.unwrap_or(&empty);
            let t = theirs.unwrap_or(&empty);
            Some(Decision {
                body: inherit(&m.body, &t.body, "decision.body", &mut inherited),
                date: m.date.or(t.date),
                reference: m.reference.clone().or_else(|| t.reference.clone()),
                url: m.url.clone().or_else(|| t.url.clone()),
            })
        }
    };
    let rare = Rare {
        slug: own.slug().map(Into::into),
        languages: default.languages().map(<[String]>::to_vec),
        valid_from: own.valid_from().or(default.valid_from()),
        valid_until: own.valid_until().or(default.valid_until()),
        decision,
        icon: own.icon().or(default.icon()).map(Into::into),
        date: own.date().or(default.date()),
    };
    (
        FrontMatter {
            title: own.title.clone(),
            summary,
            order: own.order.or(default.order),
            draft: own.draft.or(default.draft),
            perspective: own
                .perspective
                .clone()
                .or_else(|| default.perspective.clone()),
            indicators: own
                .indicators
                .clone()
                .or_else(|| default.indicators.clone()),
            resident_view,
            rare: rare.boxed(),
        },
        inherited,
    )
}

/// `mine`, or else `theirs` (the default language's), noting `name` in
/// `inherited` when it is theirs that is taken.
fn inherit<T: Clone>(
    mine: &Option<T>,
    theirs: &Option<T>,
    name: &'static str,
    inherited: &mut BTreeSet<&'static str>,
) -> Option<T> {
    match mine {
        Some(s) => Some(s.clone()),
        None => {
            if theirs.is_some() {
                inherited.insert(name);
            }
            theirs.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_keeps_own_title_and_inherits_nested_decision() {
        let default = FrontMatter {
            title: Some("Lupaus".into()),
            summary: Some("Tiivistelmä".into()),
            rare: Some(Box::new(Rare {
                slug: Some("lupaus".into()),
                decision: Some(Decision {
                    body: Some("Aluevaltuusto".into()),
                    date: chrono::NaiveDate::from_ymd_opt(2025, 6, 10),
                    ..Default::default()
                }),
                ..Default::default()
            })),
            ..Default::default()
        };
        let own = FrontMatter {
            title: Some("Löfte".into()),
            rare: Some(Box::new(Rare {
                decision: Some(Decision {
                    reference: Some("§ 5".into()),
                    ..Default::default()
                }),
                ..Default::default()
            })),
            ..Default::default()
        };
        let (m, inh) = merge(&own, &default);
        assert_eq!(m.title.as_deref(), Some("Löfte"));
        assert_eq!(m.slug(), None);
        let d = m.decision().expect("a decision");
        assert_eq!(d.body.as_deref(), Some("Aluevaltuusto"));
        assert_eq!(d.reference.as_deref(), Some("§ 5"));
        assert!(d.date.is_some());
        assert!(inh.contains("summary") && inh.contains("decision.body"));
    }
}
