#!/usr/bin/env node
// Browser checks of the search page of a built lupaus site.
//
//   node tests/browser/search.mjs SITE_DIR
//
// Serves SITE_DIR on 127.0.0.1 (ephemeral port) under the strict
// Content-Security-Policy of a11y.mjs and, in headless Chromium, checks that:
//   - /fi/search/?q=hammashoito lists the urgent dental care page and the
//     aria-live region announces the count ("N tulosta" / "1 tulos");
//   - /sv/search/?q=tandvård does the same in Swedish ("träffar");
//   - /en/search/?q=dentist works in English;
//   - typing a query and pressing Enter searches without reloading, puts the
//     query in the address, and announces the count;
//   - a word that is nowhere gives no results and says so;
//   - without JavaScript the page shows the notice with links and no form;
//   - no CSP violations, no JS errors, no failed requests on these pages.
// The queries are words of content/areas/health/urgent-dental-care.*.md of
// the example site.
// Output: `ok - NAME` or `FAIL NAME -- details` per check, then the closing
// line `search: N passed, M failed`.
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium),
//   SEARCH_TIMEOUT_SECS overall limit (default 180).
// Exit status: 0 all checks pass, 1 a check failed, 2 the harness failed.

import fs from 'node:fs';
import path from 'node:path';
import { startServer, CHROMIUM_PATH, CHROMIUM_ARGS } from './serve.mjs';

const TIMEOUT_MS = (Number.parseInt(process.env.SEARCH_TIMEOUT_SECS ?? '', 10) || 180) * 1000;
const STEP_MS = 15_000;
const DENTAL = '/health/urgent-dental-care/';

const CSP_INIT = () => {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push(`${e.effectiveDirective || e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
  }, true);
};

// Opens a page in a fresh context and collects its problems.
async function open(browser, origin, urlPath, { javaScript = true } = {}) {
  const context = await browser.newContext({ javaScriptEnabled: javaScript });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  const problems = [];
  if (javaScript) await page.addInitScript(CSP_INIT);
  page.on('pageerror', (err) => problems.push(`js error: ${String(err?.message ?? err).split('\n')[0]}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && r.url().startsWith(origin)) problems.push(`HTTP ${r.status()} ${r.url().slice(origin.length)}`);
  });
  page.on('requestfailed', (r) => {
    if (r.url().startsWith(origin)) problems.push(`failed ${r.url().slice(origin.length)}`);
  });
  const resp = await page.goto(origin + urlPath, { waitUntil: 'load' });
  if (!resp || !resp.ok()) problems.push(`HTTP ${resp ? resp.status() : 'no response'} for the page`);
  const finish = async () => {
    if (javaScript) {
      const csp = await page.evaluate(() => window.__csp || []);
      for (const v of csp) problems.push(`csp: ${v}`);
    }
    await context.close();
    return problems;
  };
  return { page, problems, finish };
}

// The results and the live region once the search has answered.
async function results(page) {
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-search-status]');
    return s && s.textContent.trim() !== '';
  });
  return page.evaluate(() => {
    const status = document.querySelector('[data-search-status]');
    return {
      status: status.textContent.trim(),
      live: status.getAttribute('aria-live'),
      hrefs: [...document.querySelectorAll('[data-search-results] li a')].map((a) => a.getAttribute('href')),
      formVisible: !!document.querySelector('form[role="search"]')?.checkVisibility?.(),
      noticeVisible: !!document.querySelector('[data-search-nojs]')?.checkVisibility?.(),
    };
  });
}

function expectResults(r, { lang, pattern, words }) {
  const problems = [];
  const want = `/${lang}${DENTAL}`;
  if (!r.hrefs.some((h) => h.endsWith(want))) problems.push(`no link to ${want} among ${r.hrefs.length} results: ${r.hrefs.join(', ')}`);
  if (r.live !== 'polite') problems.push(`the status region has aria-live="${r.live}", not "polite"`);
  const n = r.hrefs.length;
  const m = r.status.match(pattern);
  if (!m) problems.push(`the live region says "${r.status}", expected /${pattern.source}/`);
  else if (Number(m[1].replace(/\s/g, '')) !== n) problems.push(`the live region says "${r.status}" but ${n} results are listed`);
  if (!words.test(r.status)) problems.push(`the live region says "${r.status}", not in the page's language`);
  if (!r.formVisible) problems.push('the search form is not visible with JavaScript');
  if (r.noticeVisible) problems.push('the no-JavaScript notice is visible with JavaScript');
  return problems;
}

const CHECKS = [
  {
    name: 'fi: ?q=hammashoito finds urgent dental care and announces the count',
    async run(browser, origin) {
      const { page, finish } = await open(browser, origin, '/fi/search/?q=hammashoito');
      const problems = expectResults(await results(page), { lang: 'fi', pattern: /^(\d[\d\s]*) tulos(ta)?$/, words: /tulos/ });
      return [...problems, ...(await finish())];
    },
  },
  {
    name: 'sv: ?q=tandvård finds urgent dental care and announces the count',
    async run(browser, origin) {
      const { page, finish } = await open(browser, origin, `/sv/search/?q=${encodeURIComponent('tandvård')}`);
      const problems = expectResults(await results(page), { lang: 'sv', pattern: /^(\d[\d\s]*) träff(ar)?$/, words: /träff/ });
      return [...problems, ...(await finish())];
    },
  },
  {
    name: 'en: ?q=dentist finds urgent dental care',
    async run(browser, origin) {
      const { page, finish } = await open(browser, origin, '/en/search/?q=dentist');
      const problems = expectResults(await results(page), { lang: 'en', pattern: /^(\d[\d\s]*) results?$/, words: /result/ });
      return [...problems, ...(await finish())];
    },
  },
  {
    name: 'fi: typing a query and pressing Enter searches in place',
    async run(browser, origin) {
      const { page, finish } = await open(browser, origin, '/fi/search/');
      const problems = [];
      await page.fill('input[name="q"]', 'hammassärky');
      await page.press('input[name="q"]', 'Enter');
      const r = await results(page);
      problems.push(...expectResults(r, { lang: 'fi', pattern: /^(\d[\d\s]*) tulos(ta)?$/, words: /tulos/ }));
      const q = new URL(page.url()).searchParams.get('q');
      if (q !== 'hammassärky') problems.push(`the address has q=${q}, expected hammassärky`);
      const focused = await page.evaluate(() => document.activeElement?.getAttribute('name'));
      if (focused !== 'q') problems.push('the search field lost focus');
      return [...problems, ...(await finish())];
    },
  },
  {
    name: 'fi: a word that is nowhere gives no results and says so',
    async run(browser, origin) {
      const { page, finish } = await open(browser, origin, '/fi/search/?q=xyzzyplugh');
      const r = await results(page);
      const problems = [];
      if (r.hrefs.length) problems.push(`${r.hrefs.length} results for a word that is nowhere`);
      if (!/xyzzyplugh/.test(r.status) || !/Ei tuloksia/.test(r.status)) problems.push(`the live region says "${r.status}"`);
      return [...problems, ...(await finish())];
    },
  },
  {
    name: 'without JavaScript: a notice with links, no form',
    async run(browser, origin) {
      const { page, finish } = await open(browser, origin, '/fi/search/?q=hammashoito', { javaScript: false });
      const state = await page.evaluate(() => ({
        notice: !!document.querySelector('[data-search-nojs]')?.checkVisibility?.(),
        links: [...document.querySelectorAll('[data-search-nojs] a')].map((a) => a.getAttribute('href')),
        form: !!document.querySelector('form[role="search"]')?.checkVisibility?.(),
      }));
      const problems = [];
      if (!state.notice) problems.push('the notice is not visible');
      if (!state.links.includes('/fi/')) problems.push(`the notice does not link to /fi/ (links: ${state.links.join(', ')})`);
      if (state.form) problems.push('the form is visible, though it cannot work without JavaScript');
      return [...problems, ...(await finish())];
    },
  },
];

async function main() {
  const siteArg = process.argv[2];
  if (!siteArg) {
    console.error('usage: node search.mjs SITE_DIR');
    return 2;
  }
  const root = path.resolve(siteArg);
  for (const need of ['fi/search/index.html', 'sv/search/index.html', 'fi/search-index.json']) {
    if (!fs.existsSync(path.join(root, need))) {
      console.error(`search: ${need} is missing under ${root}`);
      console.log('search: 0 passed, 1 failed');
      return 1;
    }
  }
  if (!fs.existsSync(CHROMIUM_PATH)) {
    console.error(`search: Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);
    return 2;
  }
  const { chromium } = await import('playwright-core');
  const server = await startServer(root);
  const origin = `http://127.0.0.1:${server.address().port}`;
  let browser;
  const timer = setTimeout(() => {
    console.error(`search: overall time limit of ${TIMEOUT_MS / 1000}s reached`);
    process.exit(2);
  }, TIMEOUT_MS);
  timer.unref();
  let passed = 0;
  let failed = 0;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
    for (const check of CHECKS) {
      let problems;
      try {
        problems = await check.run(browser, origin);
      } catch (err) {
        problems = [`error: ${String(err?.message ?? err).split('\n')[0]}`];
      }
      if (problems.length) {
        failed++;
        console.log(`FAIL ${check.name} -- ${problems.length} problem(s)`);
        for (const p of problems) console.log(`    ${p}`);
      } else {
        passed++;
        console.log(`ok - ${check.name}`);
      }
    }
  } finally {
    clearTimeout(timer);
    await browser?.close().catch(() => {});
    server.closeAllConnections?.();
    await new Promise((r) => server.close(() => r()));
  }
  console.log(`search: ${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`search: harness error: ${err?.stack ?? err}`);
    process.exit(2);
  },
);
