#!/usr/bin/env python3
"""Turns a lupaus site made by gen_site.py into the same site for Hugo.

    python3 scripts/bench_hugo_site.py LUPAUS_SITE HUGO_SITE

Used by scripts/bench to compare `lupaus build` with `hugo --minify` on the
same Markdown. The Markdown bodies are copied as they are; the templates are
minimal equivalents of lupaus's default theme, doing the same work per page:

- every page: <html lang>, title, description, canonical link, hreflang
  alternates, a fingerprinted minified stylesheet, a skip link, a language
  switcher, the main navigation (every service area, the current one
  marked) and a footer listing the undated free pages (worked out once
  per language with partialCached, as lupaus does);
- the promise (home): every area with its commitments;
- an area: its commitments, grouped by perspective;
- a commitment: breadcrumb, perspective, resident's view, summary, body,
  indicators;
- `@/` links are resolved by a render hook (GetPage), as lupaus resolves
  and checks them; results links go to the language's /results/ address.

Like lupaus, every page is published in every language: a page without a
file in a language gets the default language's text there (lupaus's
fallback). lupaus's generated pages (results with charts, accessibility
statement, search, open data) have no Hugo counterpart; Hugo makes a
sitemap and one RSS feed per language instead. Only the standard library
is used.
"""

import os
import re
import shutil
import sys

HUGO_CONFIG = """\
baseURL: https://bench.example/
title: Benchmark
defaultContentLanguage: {default}
defaultContentLanguageInSubdir: true
disableKinds: [taxonomy, term]
outputs:
  home: [HTML, RSS]
  section: [HTML]
  page: [HTML]
markup:
  goldmark:
    parser:
      attribute:
        title: true
    renderer:
      unsafe: false
languages:
{languages}
"""

BASEOF = """\
<!DOCTYPE html>
<html lang="{{ .Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} – {{ site.Title }}</title>
{{- with .Params.summary }}
<meta name="description" content="{{ . }}">
{{- end }}
<link rel="canonical" href="{{ .Permalink }}">
{{- range .AllTranslations }}
<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{- end }}
{{- $css := resources.Get "css/style.css" | minify | fingerprint }}
<link rel="stylesheet" href="{{ $css.RelPermalink }}">
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <p class="site-name"><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></p>
  <nav class="lang-switcher" aria-label="Languages">
    <ul>
    {{- range .AllTranslations }}
      <li><a href="{{ .RelPermalink }}" lang="{{ .Language.Lang }}" hreflang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a></li>
    {{- end }}
    </ul>
  </nav>
  <nav class="main-nav" aria-label="Main">
    <ul>
      <li><a href="{{ site.Home.RelPermalink }}">Home</a></li>
      {{- $here := .RelPermalink }}
      {{- with site.GetPage "/areas" }}
      {{- range .Sections.ByWeight }}
      <li><a href="{{ .RelPermalink }}"{{ if eq .RelPermalink $here }} aria-current="page"{{ else if hasPrefix $here .RelPermalink }} aria-current="true"{{ end }}>{{ .Title }}</a></li>
      {{- end }}
      {{- end }}
    </ul>
  </nav>
</header>
<main id="main" tabindex="-1">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
  <nav aria-label="Footer">
    <ul class="plain">
    {{- $here := .RelPermalink }}
    {{- range partialCached "undated-pages.html" . .Language.Lang }}
      <li><a href="{{ .RelPermalink }}"{{ if eq .RelPermalink $here }} aria-current="page"{{ end }}>{{ .Title }}</a></li>
    {{- end }}
    </ul>
  </nav>
</footer>
</body>
</html>
"""

INDEX = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{- with .Params.summary }}<p class="lead">{{ . }}</p>{{ end }}
<div class="prose">{{ .Content }}</div>
{{- with site.GetPage "/areas" }}
{{- range .Sections.ByWeight }}
<section class="area">
  <h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
  <ul>
  {{- range .Pages.ByWeight }}
    <li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }} <span>{{ . }}</span>{{ end }}</li>
  {{- end }}
  </ul>
</section>
{{- end }}
{{- end }}
{{ end }}
"""

LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{- with .Params.summary }}<p class="lead">{{ . }}</p>{{ end }}
<div class="prose">{{ .Content }}</div>
{{- with where .Pages "Params.perspective" "!=" nil }}
{{- range (.ByWeight.GroupByParam "perspective") }}
<section>
  <h2>{{ .Key }}</h2>
  <ul>
  {{- range .Pages }}
    <li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }} <span>{{ . }}</span>{{ end }}</li>
  {{- end }}
  </ul>
</section>
{{- end }}
{{- else }}
<ul>
{{- range .Pages.ByWeight }}
  <li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{- end }}
</ul>
{{- end }}
{{ end }}
"""

SINGLE = """\
{{ define "main" }}
{{- with .Parent }}{{ if ne .Kind "home" }}
<nav class="breadcrumb" aria-label="Breadcrumb"><ol>
  <li><a href="{{ site.Home.RelPermalink }}">Home</a></li>
  <li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
</ol></nav>
{{- end }}{{ end }}
<h1>{{ .Title }}</h1>
{{- with .Params.perspective }}<p class="meta">{{ . }}</p>{{ end }}
{{- with .Params.resident_view }}
<figure class="resident-quote"><blockquote><p>{{ . }}</p></blockquote></figure>
{{- end }}
{{- with .Params.summary }}<p class="lead">{{ . }}</p>{{ end }}
<div class="prose">{{ .Content }}</div>
{{- with .Params.indicators }}
<section class="indicators"><h2>Indicators</h2><ul>
{{- range . }}<li><a href="{{ site.Home.RelPermalink }}results/{{ . }}/">{{ . }}</a></li>{{ end }}
</ul></section>
{{- end }}
{{ end }}
"""

# The footer's list, worked out once per language (as lupaus does), not
# filtered from every free page on every page.
UNDATED_PAGES = """\
{{- $pages := slice -}}
{{- with site.GetPage "/pages" -}}
{{- range .Pages.ByWeight -}}{{- if not .Params.date -}}{{- $pages = $pages | append . -}}{{- end -}}{{- end -}}
{{- end -}}
{{- return $pages -}}
"""

RENDER_LINK = """\
{{- $dest := .Destination -}}
{{- if hasPrefix $dest "@/" -}}
  {{- $path := strings.TrimPrefix "@/" $dest -}}
  {{- $anchor := "" -}}
  {{- if in $path "#" -}}{{- $parts := split $path "#" -}}{{- $path = index $parts 0 -}}{{- $anchor = printf "#%s" (index $parts 1) -}}{{- end -}}
  {{- if hasPrefix $path "results" -}}
    {{- $dest = printf "%s%s%s" site.Home.RelPermalink $path $anchor -}}
  {{- else -}}
    {{- $path = strings.TrimSuffix ".md" $path -}}
    {{- $path = strings.TrimSuffix "/_index" $path -}}
    {{- with .Page.GetPage (printf "/%s" $path) -}}
      {{- $dest = printf "%s%s" .RelPermalink $anchor -}}
    {{- else -}}
      {{- errorf "broken link %s in %s" $dest $.Page.File.Path -}}
    {{- end -}}
  {{- end -}}
{{- end -}}
<a href="{{ $dest | safeURL }}"{{ with .Title }} title="{{ . }}"{{ end }}>{{ .Text | safeHTML }}</a>
{{- /* */ -}}
"""


def split_front(text):
    m = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
    if not m:
        sys.exit("bench_hugo_site.py: a file without front matter")
    return m.group(1), m.group(2)


def to_hugo_front(yaml):
    """lupaus's `order` is Hugo's `weight`; `date` stays a date."""
    lines = []
    for line in yaml.split("\n"):
        if line.startswith("order:"):
            line = "weight:" + line[len("order:"):]
        lines.append(line)
    return "\n".join(lines)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    src, dst = sys.argv[1], sys.argv[2]
    content = os.path.join(src, "content")
    with open(os.path.join(content, "site.yaml"), encoding="utf-8") as f:
        site = f.read()
    m = re.search(r"^languages: \[(.*)\]", site, re.M)
    langs = [x.strip() for x in m.group(1).split(",")]
    default = langs[0]
    if os.path.exists(dst):
        shutil.rmtree(dst)
    layouts = os.path.join(dst, "layouts", "_default")
    os.makedirs(os.path.join(layouts, "_markup"))
    os.makedirs(os.path.join(dst, "layouts", "partials"))
    os.makedirs(os.path.join(dst, "assets", "css"))
    lang_yaml = "\n".join(
        f"  {l}:\n    languageName: {l}\n    weight: {i + 1}" for i, l in enumerate(langs)
    )
    files = {
        os.path.join(dst, "hugo.yaml"): HUGO_CONFIG.format(default=default, languages=lang_yaml),
        os.path.join(layouts, "baseof.html"): BASEOF,
        os.path.join(layouts, "list.html"): LIST,
        os.path.join(layouts, "single.html"): SINGLE,
        os.path.join(dst, "layouts", "index.html"): INDEX,
        os.path.join(layouts, "_markup", "render-link.html"): RENDER_LINK,
        os.path.join(dst, "layouts", "partials", "undated-pages.html"): UNDATED_PAGES,
    }
    for path, text in files.items():
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    # The same stylesheet lupaus bundles, concatenated (Hugo minifies it).
    css_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "themes", "default", "css")
    with open(os.path.join(dst, "assets", "css", "style.css"), "w", encoding="utf-8") as out:
        for name in sorted(os.listdir(css_dir)):
            if name.endswith(".css") and name != "style.css":
                with open(os.path.join(css_dir, name), encoding="utf-8") as f:
                    out.write(f.read())

    # Markdown: every page in every language (missing ones fall back to the
    # default language's text, as in lupaus).
    pages = {}
    for folder, _, names in os.walk(content):
        for name in names:
            if not name.endswith(".md"):
                continue
            stem, lang = name[:-3].rsplit(".", 1)
            rel = os.path.relpath(os.path.join(folder, stem), content)
            pages.setdefault(rel, {})[lang] = os.path.join(folder, name)
    for rel, by_lang in sorted(pages.items()):
        for lang in langs:
            path = by_lang.get(lang) or by_lang[default]
            with open(path, encoding="utf-8") as f:
                yaml, body = split_front(f.read())
            out = os.path.join(dst, "content", f"{rel}.{lang}.md")
            os.makedirs(os.path.dirname(out), exist_ok=True)
            with open(out, "w", encoding="utf-8") as f:
                f.write(f"---\n{to_hugo_front(yaml)}\n---\n{body}")
    print(f"{dst}: {len(pages)} pages in {len(langs)} languages for Hugo")


if __name__ == "__main__":
    main()
