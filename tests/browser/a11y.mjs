#!/usr/bin/env node
// Browser checks for a built lupaus site.
//
//   node tests/browser/a11y.mjs SITE_DIR
//
// Serves SITE_DIR on 127.0.0.1 (ephemeral port, strict Content-Security-Policy)
// and, for every index.html under it, checks in headless Chromium:
//   - axe-core: no WCAG 2.0/2.1/2.2 A/AA violations (runs in a bypassCSP context);
//   - keyboard: the first Tab focuses the skip link (href="#main"), an element
//     with id="main" exists, and activating the link moves to #main;
//   - reflow: no horizontal scrolling at 320x640 (and none at 1280x800);
//   - said twice: no table's caption (or name) is the heading right above
//     it, and no chart's name (svg role=img) repeats the page's h1 or the
//     heading above it;
//   - strict CSP: zero Content-Security-Policy violations;
//   - no uncaught JS errors and no broken same-origin resources (4xx/5xx).
// Pages that redirect with <meta http-equiv="refresh"> navigate away while
// axe runs, so they are left to validate.mjs and skipped here.
// One Chromium; A11Y_CONCURRENCY workers, each with two long-lived pages
// (see Worker). axe-core is served to the bypassCSP page from
// /__lupaus_test__/axe.min.js so Chromium caches its compiled code.
// Output: a `FAIL /path/ -- ...` line per failing page with indented details,
// then `covered P pages in L languages (...)` and last `a11y: N passed, M failed`.
//
// Environment:
//   CHROMIUM_PATH        browser binary (default /usr/bin/chromium)
//   A11Y_CONCURRENCY     pages checked at once (default 2)
//   A11Y_TIMEOUT_SECS    overall time limit (default 900)
//   A11Y_PAGE_TIMEOUT_SECS  per navigation/action limit (default 30)
//   A11Y_REPORT          if set, a JSON report is written to this path
//
// Exit status: 0 all pages pass, 1 a page failed, 2 the harness itself failed.

import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';

import { CHROMIUM_ARGS, CHROMIUM_PATH, CSP, findPages } from './serve.mjs';

const require = createRequire(import.meta.url);

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
// Where the server hands out axe-core (to the bypassCSP context only).
const AXE_PATH = '/__lupaus_test__/axe.min.js';
const NARROW = { width: 320, height: 640 };
const WIDE = { width: 1280, height: 800 };

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.rss': 'application/rss+xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.vtt': 'text/vtt; charset=utf-8',
  '.pdf': 'application/pdf',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
};

function envInt(name, dflt) {
  const v = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(v) && v > 0 ? v : dflt;
}

const CONCURRENCY = envInt('A11Y_CONCURRENCY', 2);
const TOTAL_TIMEOUT_MS = envInt('A11Y_TIMEOUT_SECS', 900) * 1000;
const PAGE_TIMEOUT_MS = envInt('A11Y_PAGE_TIMEOUT_SECS', 30) * 1000;

// ---------------------------------------------------------------- server ---

// Paths the server answered with an error status, to explain failed requests.
const serverErrors = new Map();

function startServer(root, axeSource) {
  const server = http.createServer(async (req, res) => {
    const send = (status, headers, body) => {
      if (status >= 400) serverErrors.set(req.url, status);
      res.writeHead(status, {
        'Content-Security-Policy': CSP,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
        ...headers,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return send(405, { 'Content-Type': 'text/plain; charset=utf-8', Allow: 'GET, HEAD' }, 'method not allowed\n');
      }
      const url = new URL(req.url, 'http://127.0.0.1');
      let rel;
      try {
        rel = decodeURIComponent(url.pathname);
      } catch {
        return send(400, { 'Content-Type': 'text/plain; charset=utf-8' }, 'bad request\n');
      }
      if (url.pathname === AXE_PATH) {
        return send(200, { 'Content-Type': MIME['.js'], 'Cache-Control': 'public, max-age=86400', 'Content-Length': axeSource.length }, axeSource);
      }
      if (rel.includes('\0')) return send(400, { 'Content-Type': 'text/plain; charset=utf-8' }, 'bad request\n');
      let file = path.resolve(root, '.' + path.posix.normalize('/' + rel));
      if (file !== root && !file.startsWith(root + path.sep)) {
        return send(403, { 'Content-Type': 'text/plain; charset=utf-8' }, 'forbidden\n');
      }
      let st = await fsp.stat(file).catch(() => null);
      if (st && st.isDirectory()) {
        if (!url.pathname.endsWith('/')) {
          return send(301, { Location: url.pathname + '/' + url.search, 'Content-Type': 'text/plain; charset=utf-8' }, 'moved\n');
        }
        file = path.join(file, 'index.html');
        st = await fsp.stat(file).catch(() => null);
      }
      if (!st || !st.isFile()) {
        return send(404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'not found\n');
      }
      const type = MIME[path.extname(file).toLowerCase()] || 'application/octet-stream';
      const body = await fsp.readFile(file);
      return send(200, { 'Content-Type': type, 'Content-Length': body.length }, body);
    } catch (err) {
      return send(500, { 'Content-Type': 'text/plain; charset=utf-8' }, `error: ${err.message}\n`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// ----------------------------------------------------------------- pages ---

// A page that redirects with a meta refresh.
function isRedirectOnly(html) {
  return /<meta\b[^>]*http-equiv\s*=\s*["']?refresh/i.test(html);
}

function languageOf(urlPath) {
  const first = urlPath.split('/').filter(Boolean)[0] ?? '';
  return /^[a-z]{2,3}$/i.test(first) ? first.toLowerCase() : null;
}

// ---------------------------------------------------------------- checks ---

const CSP_INIT = () => {
  window.__cspViolations = [];
  document.addEventListener(
    'securitypolicyviolation',
    (e) => {
      window.__cspViolations.push({
        directive: e.effectiveDirective || e.violatedDirective,
        blocked: e.blockedURI,
        source: e.sourceFile ? `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}` : '',
        sample: e.sample || '',
      });
    },
    true,
  );
};

// Each worker keeps two long-lived pages and navigates them from page to page
// (a new renderer per page costs ~0.5 s; this keeps a page at ~0.2-0.3 s):
//   - axePage, in a context with bypassCSP, where axe-core is injected;
//   - page, in a normal context under the strict CSP, for the CSP, keyboard
//     and reflow checks.
// After an error both are thrown away and made again.
class Worker {
  constructor(browser, origin) {
    this.browser = browser;
    this.origin = origin;
    this.current = null; // problems of the page being checked by `page`
    this.cspConsole = [];
  }

  async open() {
    if (this.page) return;
    this.axeContext = await this.browser.newContext({ bypassCSP: true, viewport: WIDE });
    this.axePage = await this.axeContext.newPage();
    this.axePage.setDefaultTimeout(PAGE_TIMEOUT_MS);

    this.context = await this.browser.newContext({ viewport: NARROW });
    const page = await this.context.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    await page.addInitScript(CSP_INIT);
    const origin = this.origin;
    page.on('console', (msg) => {
      const text = msg.text();
      if (this.current && /Content[- ]Security[- ]Policy/i.test(text)) this.cspConsole.push(text);
    });
    page.on('pageerror', (err) => this.current?.errors.push(String(err?.message ?? err).split('\n')[0]));
    page.on('response', (r) => {
      if (this.current && r.status() >= 400 && r.url().startsWith(origin)) {
        this.current.resources.push(`HTTP ${r.status()} ${r.url().slice(origin.length)}`);
      }
    });
    page.on('requestfailed', (r) => {
      if (!this.current || !r.url().startsWith(origin)) return;
      const p = r.url().slice(origin.length);
      const status = serverErrors.get(p);
      this.current.resources.push(`${status ? `HTTP ${status}` : 'failed'} ${p} (${r.failure()?.errorText ?? '?'})`);
    });
    this.page = page;
  }

  async close() {
    const contexts = [this.axeContext, this.context];
    this.axeContext = this.axePage = this.context = this.page = null;
    await Promise.all(contexts.map((c) => c?.close().catch(() => {})));
  }

  async check(urlPath) {
    await this.open();
    const url = this.origin + urlPath;
    const axe = await this.runAxe(url);
    const browser = await this.runBrowserChecks(url);
    return { axe, browser };
  }

  async runAxe(url) {
    const page = this.axePage;
    const resp = await page.goto(url, { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });
    if (!resp || !resp.ok()) throw new Error(`HTTP ${resp ? resp.status() : 'no response'} for the page itself`);
    // Served by our server with a long cache lifetime, so that Chromium keeps
    // the compiled script between pages (inline injection recompiles 0.5 MB
    // every time).
    await page.addScriptTag({ url: AXE_PATH });
    return page.evaluate(async (tags) => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        targets: v.nodes.map((n) => n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(' ')),
        summary: v.nodes[0]?.failureSummary ?? '',
      }));
    }, AXE_TAGS);
  }

  async runBrowserChecks(url) {
    const page = this.page;
    const origin = this.origin;
    const problems = { csp: [], keyboard: [], reflow: [], twice: [], errors: [], resources: [] };
    this.cspConsole = [];
    await page.setViewportSize(NARROW);
    this.current = problems;
    try {
      const resp = await page.goto(url, { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });
      if (!resp || !resp.ok()) {
        problems.errors.push(`HTTP ${resp ? resp.status() : 'no response'} for the page itself`);
        return problems;
      }
      // Let queued securitypolicyviolation events and layout settle.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));

      // Reflow at 320 px.
      const narrow = await page.evaluate(() => ({
        sw: document.documentElement.scrollWidth,
        widest: (() => {
          // Name the element that sticks out furthest, to help find the culprit.
          let best = null;
          let bestRight = 0;
          for (const el of document.body ? document.body.querySelectorAll('*') : []) {
            const r = el.getBoundingClientRect();
            if (r.right > bestRight + 0.5) {
              bestRight = r.right;
              best = el;
            }
          }
          if (!best) return '';
          const id = best.id ? `#${best.id}` : '';
          const cls = typeof best.className === 'string' && best.className.trim()
            ? '.' + best.className.trim().split(/\s+/).join('.') : '';
          return `${best.tagName.toLowerCase()}${id}${cls} right=${Math.round(bestRight)}px`;
        })(),
      }));
      if (narrow.sw > NARROW.width) {
        problems.reflow.push(`horizontal scroll at ${NARROW.width}px: scrollWidth ${narrow.sw} > ${NARROW.width} (widest: ${narrow.widest})`);
      }

      // Skip link: the first Tab must land on <a href="#main">, and #main must exist.
      const hasMain = await page.evaluate(() => !!document.getElementById('main'));
      if (!hasMain) problems.keyboard.push('no element with id="main"');
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const r = el.getBoundingClientRect();
        return {
          tag: el.tagName.toLowerCase(),
          href: el.getAttribute('href'),
          text: (el.textContent || '').trim().slice(0, 60),
          visible: r.width > 1 && r.height > 1 && r.right > 0 && r.bottom > 0 &&
            r.left < window.innerWidth && r.top < window.innerHeight,
        };
      });
      if (!focused) {
        problems.keyboard.push('first Tab focused nothing (expected the skip link <a href="#main">)');
      } else if (focused.tag !== 'a' || focused.href !== '#main') {
        problems.keyboard.push(`first Tab focused <${focused.tag}${focused.href != null ? ` href="${focused.href}"` : ''}> "${focused.text}", expected the skip link <a href="#main">`);
      } else {
        if (!focused.visible) problems.keyboard.push('skip link is not visible in the viewport when focused (it must appear on focus)');
        if (hasMain) {
          await page.keyboard.press('Enter');
          const hash = await page.evaluate(() => location.hash);
          if (hash !== '#main') problems.keyboard.push(`activating the skip link did not move to #main (location.hash is "${hash}")`);
        }
      }

      // Said twice: a table's caption or a chart's name that repeats the
      // heading a screen reader has just read (the h2 right above the
      // table, the page's h1 above the chart) tells nothing new.
      problems.twice.push(...(await page.evaluate(() => {
        const norm = (t) => (t || '').replace(/\s+/g, ' ').trim().toLowerCase();
        const byIds = (el, attr) => (el.getAttribute(attr) || '').split(/\s+/).filter(Boolean)
          .map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
        const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')];
        const before = (el) => headings.filter((h) => h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING).pop();
        const h1 = norm(document.querySelector('h1')?.textContent);
        const out = [];
        for (const table of document.querySelectorAll('table')) {
          const name = norm(table.getAttribute('aria-labelledby') ? byIds(table, 'aria-labelledby')
            : table.getAttribute('aria-label') || table.caption?.textContent);
          const h = before(table);
          if (name && h && name === norm(h.textContent)) {
            out.push(`a table's name "${name}" repeats the <${h.tagName.toLowerCase()}> above it`);
          }
        }
        for (const img of document.querySelectorAll('svg[role=img]')) {
          const name = norm(img.getAttribute('aria-labelledby') ? byIds(img, 'aria-labelledby')
            : img.getAttribute('aria-label') || img.querySelector(':scope > title')?.textContent);
          const h = before(img);
          if (name && ((h1 && name.includes(h1)) || (h && name === norm(h.textContent)))) {
            out.push(`a chart's name "${name.slice(0, 80)}" repeats a heading (the page's h1 or the one above it)`);
          }
        }
        return out;
      })));

      // Reflow at desktop width too.
      await page.setViewportSize(WIDE);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      if (wide > WIDE.width) problems.reflow.push(`horizontal scroll at ${WIDE.width}px: scrollWidth ${wide} > ${WIDE.width}`);

      const events = await page.evaluate(() => window.__cspViolations || []);
      for (const v of events) {
        problems.csp.push(`${v.directive} blocked ${v.blocked || '(unknown)'}${v.source ? ` at ${v.source.replace(origin, '')}` : ''}${v.sample ? ` sample: ${JSON.stringify(v.sample.slice(0, 60))}` : ''}`);
      }
      if (events.length === 0) for (const t of this.cspConsole) problems.csp.push(t.split('\n')[0].slice(0, 300));
    } finally {
      this.current = null;
    }
    problems.resources = [...new Set(problems.resources)];
    return problems;
  }
}

// ------------------------------------------------------------------ main ---

function formatFailure(urlPath, r) {
  const head = [];
  const lines = [];
  if (r.error) {
    head.push(`error: ${r.error}`);
  }
  if (r.axe?.length) {
    head.push(`axe: ${r.axe.map((v) => `${v.id}(${v.impact ?? '?'})`).join(', ')}`);
    for (const v of r.axe) {
      lines.push(`    axe ${v.id} [${v.impact ?? '?'}] ${v.help} (${v.targets.length} node${v.targets.length === 1 ? '' : 's'}: ${v.targets.slice(0, 5).join(', ')}${v.targets.length > 5 ? ', ...' : ''}) ${v.helpUrl}`);
    }
  }
  const p = r.browser ?? {};
  const groups = [
    ['keyboard', p.keyboard],
    ['reflow', p.reflow],
    ['said-twice', p.twice],
    ['csp', p.csp],
    ['js-error', p.errors],
    ['resource', p.resources],
  ];
  for (const [name, list] of groups) {
    if (!list?.length) continue;
    head.push(`${name}: ${list.length}`);
    for (const msg of list) lines.push(`    ${name} ${msg}`);
  }
  return [`FAIL ${urlPath} -- ${head.join('; ')}`, ...lines].join('\n');
}

async function main() {
  const siteArg = process.argv[2];
  if (!siteArg) {
    console.error('usage: node a11y.mjs SITE_DIR');
    return 2;
  }
  const root = path.resolve(siteArg);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    console.error(`a11y: ${root} is not a directory`);
    return 2;
  }
  if (!fs.existsSync(CHROMIUM_PATH)) {
    console.error(`a11y: Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);
    return 2;
  }

  const allPages = await findPages(root);
  const pages = [];
  const skipped = [];
  for (const p of allPages) {
    const html = await fsp.readFile(p.file, 'utf8');
    if (isRedirectOnly(html)) skipped.push(p);
    else pages.push(p);
  }
  if (pages.length === 0) {
    console.error(`a11y: no index.html pages (other than redirects) under ${root}`);
    return 2;
  }

  const axeSource = await fsp.readFile(require.resolve('axe-core/axe.min.js'));
  const { chromium } = await import('playwright-core');

  const started = Date.now();
  const cleanup = [];
  let timedOut = false;
  let browser;
  // On the overall time limit: stop taking pages, close the browser so that
  // pages in flight fail fast, and let main() report; hard exit if it hangs.
  const timer = setTimeout(() => {
    timedOut = true;
    console.error(`a11y: overall time limit of ${TOTAL_TIMEOUT_MS / 1000}s reached (A11Y_TIMEOUT_SECS); giving up`);
    browser?.close().catch(() => {});
    setTimeout(() => {
      console.error('a11y: cleanup hung; exiting');
      process.exit(2);
    }, 20_000).unref();
  }, TOTAL_TIMEOUT_MS);
  timer.unref();

  const server = await startServer(root, axeSource);
  cleanup.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  );
  try {
    const origin = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 60_000,
    });
    cleanup.unshift(() => browser.close().catch(() => {}));

    const results = new Array(pages.length);
    let next = 0;
    async function work() {
      const w = new Worker(browser, origin);
      try {
        while (!timedOut) {
          const i = next++;
          if (i >= pages.length) return;
          const { urlPath } = pages[i];
          const r = { urlPath };
          try {
            Object.assign(r, await w.check(urlPath));
          } catch (err) {
            r.error = timedOut ? 'not finished: overall time limit reached' : String(err?.message ?? err).split('\n')[0];
            await w.close(); // start the next page from fresh contexts
          }
          const b = r.browser ?? {};
          r.ok = !r.error && !r.axe?.length && !b.keyboard?.length && !b.reflow?.length && !b.twice?.length &&
            !b.csp?.length && !b.errors?.length && !b.resources?.length;
          results[i] = r;
          if (!r.ok) console.log(formatFailure(urlPath, r));
        }
      } finally {
        await w.close();
      }
    }
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, pages.length) }, work));

    const done = results.filter(Boolean);
    const passed = done.filter((r) => r.ok).length;
    // Pages never reached (time limit) count as failed.
    const failed = pages.length - passed;
    if (done.length < pages.length) console.log(`${pages.length - done.length} page(s) not checked: overall time limit reached`);
    const langCount = new Map();
    for (const p of done) {
      const l = languageOf(p.urlPath);
      if (l) langCount.set(l, (langCount.get(l) ?? 0) + 1);
    }
    const langs = [...langCount.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([l]) => l);
    const secs = (Date.now() - started) / 1000;

    if (process.env.A11Y_REPORT) {
      await fsp.writeFile(process.env.A11Y_REPORT, JSON.stringify({ root, skipped: skipped.map((p) => p.urlPath), results: done }, null, 2));
    }
    if (skipped.length) console.log(`skipped ${skipped.length} redirect-only page(s): ${skipped.map((p) => p.urlPath).join(', ')}`);
    console.log(`covered ${done.length} pages in ${langs.length} languages (${langs.join(', ')}) in ${secs.toFixed(1)}s`);
    console.log(`a11y: ${passed} passed, ${failed} failed`);
    return timedOut ? 2 : failed ? 1 : 0;
  } finally {
    clearTimeout(timer);
    for (const f of cleanup) await f().catch?.(() => {});
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`a11y: harness error: ${err?.stack ?? err}`);
    process.exit(2);
  },
);
