#!/usr/bin/env python3
"""Generates a large, realistic lupaus site for benchmarks.

    python3 scripts/gen_site.py --pages 1000 OUT_DIR
    python3 scripts/gen_site.py --pages 10000 --languages fi,sv,en --seed 7 OUT_DIR

Writes OUT_DIR/content/ (OUT_DIR must not exist or be empty): site.yaml,
the promise, service areas with commitments, free pages (some dated, so
the news list and feeds exist), indicators.yaml and results/*.csv.

--pages N is the number of HTML pages `lupaus build` should publish, counted
as the build counts them (every `.html` file): the root redirect, and per
language the promise, areas, commitments, free pages, results pages,
accessibility statement and news list. The printed "expect" figure uses
that list; when the build adds generated pages of its own, its summary line
("Built N pages ...") says a few more. Sizes: at most 12 service areas and
5 undated footer pages (they are on every page, as in a real county's
site); the rest is commitments (~90 %) and dated news pages (~10 %).

The Markdown is written to look like the real thing: `##` headings, lists,
emphasis, a table now and then, a footnote, internal `@/` links between
commitments of the same area and to free pages, links to results pages.
The default language has every file; the second language has every file;
further languages miss about one file in five (those pages fall back to
the default language, as the content format says), so fallbacks are
exercised too. Everything is deterministic for a given --seed.

Only the Python standard library is used.
"""

import argparse
import os
import random
import sys

WORDS = {
    "fi": (
        "asiakas palvelu hoito aika terveysasema neuvola kotihoito lääkäri hoitaja "
        "perhe lapsi vanhus apu tuki yhteys puhelin viesti ajanvaraus palaute "
        "lupaus tavoite seuranta tulos arvio tarve suunnitelma kuntoutus "
        "sosiaalityö asuminen kunta alue päivystys vastaanotto odotusaika "
        "hyvinvointi turvallisuus luottamus kieli ruotsi suomi tieto"
    ).split(),
    "sv": (
        "kund tjänst vård tid hälsostation rådgivning hemvård läkare skötare "
        "familj barn äldre hjälp stöd kontakt telefon meddelande tidsbokning respons "
        "löfte mål uppföljning resultat bedömning behov plan rehabilitering "
        "socialarbete boende kommun område jour mottagning väntetid "
        "välfärd trygghet förtroende språk svenska finska information"
    ).split(),
    "en": (
        "resident service care time health centre clinic home care doctor nurse "
        "family child older person help support contact phone message appointment feedback "
        "promise target follow-up result assessment need plan rehabilitation "
        "social work housing municipality area emergency reception waiting time "
        "wellbeing safety trust language swedish finnish information"
    ).split(),
}

HEADINGS = {
    "fi": ["Mitä lupaamme", "Näin toimit", "Jos lupaus ei toteudu", "Lisätietoa"],
    "sv": ["Vad vi lovar", "Så här gör du", "Om löftet inte hålls", "Mer information"],
    "en": ["What we promise", "What to do", "If the promise is not kept", "More information"],
}

LABELS = {
    "fi": {"area": "Palvelualue", "commitment": "Lupaus", "page": "Sivu",
           "results": "tulokset", "feedback": "anna palautetta", "promise": "Palvelulupaus"},
    "sv": {"area": "Serviceområde", "commitment": "Löfte", "page": "Sida",
           "results": "resultaten", "feedback": "ge respons", "promise": "Servicelöfte"},
    "en": {"area": "Service area", "commitment": "Commitment", "page": "Page",
           "results": "the results", "feedback": "give feedback", "promise": "Service promise"},
}

MAX_AREAS = 12
UNDATED = 6
PERSPECTIVES = ["availability", "accessibility", "quality", "effectiveness", "integration"]
INDICATORS = 5


def words(rng, lang, n):
    return " ".join(rng.choice(WORDS.get(lang, WORDS["en"])) for _ in range(n))


def sentence(rng, lang, n=None):
    s = words(rng, lang, n or rng.randint(6, 14))
    return s[0].upper() + s[1:] + "."


def paragraph(rng, lang):
    return "\n".join(sentence(rng, lang) for _ in range(rng.randint(2, 4)))


def label(lang, key):
    return LABELS.get(lang, LABELS["en"])[key]


def heading(lang, i):
    return HEADINGS.get(lang, HEADINGS["en"])[i]


def front(fields):
    out = ["---"]
    for k, v in fields:
        out.append(f"{k}: {v}")
    out.append("---")
    return "\n".join(out) + "\n\n"


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def body(rng, lang, links, indicator=None, table=False):
    """Realistic commitment/page body with internal links."""
    parts = [f"## {heading(lang, 0)}", "", paragraph(rng, lang), ""]
    parts += [paragraph(rng, lang).replace(".", ", **" + words(rng, lang, 2) + "**.", 1), ""]
    parts += [f"## {heading(lang, 1)}", ""]
    for _ in range(rng.randint(2, 4)):
        parts.append(f"- {sentence(rng, lang)}")
    parts.append("")
    if table:
        parts += ["| " + words(rng, lang, 1) + " | " + words(rng, lang, 1) + " |", "|---|---|"]
        for _ in range(3):
            parts.append(f"| {words(rng, lang, 2)} | {rng.randint(1, 99)} |")
        parts.append("")
    parts += [f"## {heading(lang, 2)}", ""]
    text = paragraph(rng, lang)
    if links:
        link_text = ", ".join(f"[{words(rng, lang, 2)}]({target})" for target in links)
        text += f"\n{label(lang, 'page')}: {link_text}."
    if indicator:
        text += f"\n[{label(lang, 'results')}](@/results/{indicator}/)."
    parts += [text, ""]
    if rng.random() < 0.2:
        parts += [f"{sentence(rng, lang)}[^1]", "", f"[^1]: {sentence(rng, lang)}", ""]
    return "\n".join(parts)


def plan(pages, nlang):
    """How many areas, commitments and free pages give `pages` HTML pages."""
    # 1 root redirect + per language: promise, results index, one page per
    # indicator, accessibility, news list, and one page per content entry.
    fixed = 1 + nlang * (4 + INDICATORS)
    entries = max(3, (pages - fixed) // nlang)
    # A county has a handful of service areas and footer pages whatever the
    # size of the site: those lists are on every page, so they stay small
    # (MAX_AREAS, UNDATED); the site grows in commitments and news.
    areas = min(MAX_AREAS, max(1, round(entries / 20)))
    free = max(1, entries // 10)
    commitments = max(1, entries - areas - free)
    return areas, commitments, free


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", metavar="OUT_DIR")
    ap.add_argument("--pages", type=int, default=1000, help="HTML pages to publish (default 1000)")
    ap.add_argument("--languages", default="fi,sv,en", help="comma-separated, first = default")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    langs = [x.strip() for x in args.languages.split(",") if x.strip()]
    if not langs:
        sys.exit("gen_site.py: --languages is empty")
    if os.path.exists(args.out) and os.listdir(args.out):
        sys.exit(f"gen_site.py: {args.out} exists and is not empty")
    rng = random.Random(args.seed)
    content = os.path.join(args.out, "content")
    default = langs[0]
    nareas, ncommit, nfree = plan(args.pages, len(langs))

    def tmap(fn):
        return "{ " + ", ".join(f"{l}: {q(fn(l))}" for l in langs) + " }"

    def has(lang, i):
        # default and second language complete; others miss one file in five
        return langs.index(lang) < 2 or i % 5 != 3

    def fname(name, lang):
        return f"{name}.{lang}.md"

    write(os.path.join(content, "site.yaml"), "\n".join([
        f"title: {tmap(lambda l: label(l, 'promise'))}",
        f"organisation: {tmap(lambda l: 'Benchmark ' + label(l, 'area'))}",
        "base_url: https://bench.example",
        f"languages: [{', '.join(langs)}]",
        "theme: default",
        "feedback:",
        "  url: https://bench.example/feedback",
        "license: CC BY 4.0",
        "accessibility:",
        "  conformance: partial",
        "  assessed: 2026-01-15",
        f"  method: {tmap(lambda l: words(random.Random(1), l, 2))}",
        "  contact_email: a11y@bench.example",
        "  known_issues: []",
        "",
    ]))

    # Indicators and results.
    ind_ids = [f"indicator-{i + 1}" for i in range(INDICATORS)]
    lines = []
    for i, ind in enumerate(ind_ids):
        lines += [
            f"{ind}:",
            f"  name: {tmap(lambda l: words(random.Random(i), l, 4))}",
            "  unit: \"%\"",
            f"  direction: {'higher' if i % 2 else 'lower'}",
            f"  target: {50 + i}",
            "  decimals: 1",
            "",
        ]
    write(os.path.join(content, "indicators.yaml"), "\n".join(lines))
    for year in (2024, 2025):
        rows = ["indicator,period,value"]
        for ind in ind_ids:
            for h in ("H1", "H2"):
                rows.append(f"{ind},{year}-{h},{rng.uniform(30, 80):.1f}")
        write(os.path.join(content, "results", f"{year}.csv"), "\n".join(rows) + "\n")

    # Free pages: the first UNDATED (but one) are footer pages, the rest are
    # dated news and follow-up reports.
    free_names = [f"page-{i + 1}" for i in range(nfree)]
    for i, name in enumerate(free_names):
        for lang in langs:
            if not has(lang, i):
                continue
            fields = [("title", q(f"{label(lang, 'page')} {i + 1}: {words(rng, lang, 3)}")),
                      ("summary", q(sentence(rng, lang)))]
            if lang == default and (i == 0 or i >= UNDATED):
                fields.append(("date", f"2025-{(i % 12) + 1:02d}-{(i % 28) + 1:02d}"))
            links = [f"@/pages/{free_names[(i + 1) % nfree]}.md"]
            write(os.path.join(content, "pages", fname(name, lang)),
                  front(fields) + body(rng, lang, links, table=i % 4 == 0))

    # The promise.
    for lang in langs:
        fields = [("title", q(label(lang, "promise"))), ("summary", q(sentence(rng, lang)))]
        if lang == default:
            fields += [("valid_from", "2026-01-01"), ("valid_until", "2029-12-31"),
                       ("decision", "{ body: Aluevaltuusto, date: 2025-11-24, reference: \"§ 87\" }")]
        write(os.path.join(content, fname("_index", lang)),
              front(fields) + body(rng, lang, ["@/pages/page-1.md"]))

    # Areas and their commitments, spread evenly.
    per_area = [ncommit // nareas + (1 if a < ncommit % nareas else 0) for a in range(nareas)]
    n = 0
    for a in range(nareas):
        area = f"area-{a + 1}"
        adir = os.path.join(content, "areas", area)
        for lang in langs:
            fields = [("title", q(f"{label(lang, 'area')} {a + 1}: {words(rng, lang, 2)}")),
                      ("summary", q(sentence(rng, lang)))]
            if lang == default:
                fields.append(("order", str(a + 1)))
            write(os.path.join(adir, fname("_index", lang)),
                  front(fields) + paragraph(rng, lang) + "\n")
        names = [f"commitment-{c + 1}" for c in range(per_area[a])]
        for c, name in enumerate(names):
            ind = ind_ids[n % INDICATORS]
            for lang in langs:
                if not has(lang, n):
                    continue
                fields = [("title", q(f"{label(lang, 'commitment')} {a + 1}.{c + 1}: {words(rng, lang, 4)}")),
                          ("summary", q(sentence(rng, lang))),
                          ("resident_view", q(sentence(rng, lang, 6)))]
                if lang == default:
                    fields += [("perspective", PERSPECTIVES[n % len(PERSPECTIVES)]),
                               ("indicators", f"[{ind}]"),
                               ("order", str(c + 1))]
                links = [f"@/areas/{area}/{names[(c + 1) % len(names)]}.md",
                         f"@/pages/{free_names[n % nfree]}.md"]
                write(os.path.join(adir, fname(name, lang)),
                      front(fields) + body(rng, lang, links, indicator=ind, table=n % 7 == 0))
            n += 1

    entries = 1 + nareas + ncommit + nfree
    print(f"{args.out}: {nareas} areas, {ncommit} commitments, {nfree} free pages "
          f"in {len(langs)} languages; expect {1 + len(langs) * (entries + 3 + INDICATORS)} HTML pages")


if __name__ == "__main__":
    main()
