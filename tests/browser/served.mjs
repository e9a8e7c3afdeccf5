#!/usr/bin/env node
// Every page of a built site, as a real web server serves it, in Chromium.
//
//   node tests/browser/served.mjs BASE_URL SITE_DIR
//
// Unlike a11y.mjs, which serves the site itself, this asks a running server
// (tests/server/nginx.sh starts nginx with the documented configuration), so
// the Content-Security-Policy enforced is the server's. For every index.html
// under SITE_DIR: the page answers 200 with a Content-Security-Policy header,
// its stylesheet and scripts load, and no CSP violation or script error is
// reported. Then a missing page shows the site's 404 page with status 404,
// and `/` leads on to a language's front page, both without a violation.
// Output: a `FAIL ...` line per problem, then `served: N passed, M failed`.
// Exit status: 0 all passed, 1 a check failed, 2 the harness itself failed.

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

import { CHROMIUM_ARGS, CHROMIUM_PATH, findPages } from './serve.mjs';

const PAGE_TIMEOUT_MS = 30_000;

// Records CSP violations in the page before any of its own code runs.
const CSP_INIT = () => {
  window.__cspViolations = [];
  document.addEventListener(
    'securitypolicyviolation',
    (e) => window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'}`),
    true,
  );
};

async function main() {
  const [base, siteArg] = process.argv.slice(2);
  if (!base || !siteArg) {
    console.error('usage: node served.mjs BASE_URL SITE_DIR');
    return 2;
  }
  const site = path.resolve(siteArg);
  if (!fs.existsSync(CHROMIUM_PATH)) {
    console.error(`served: Chromium not found at ${CHROMIUM_PATH}`);
    return 2;
  }
  const notFoundBody = await fsp.readFile(path.join(site, '404.html'), 'utf8');
  const notFoundTitle = /<title>([^<]*)<\/title>/.exec(notFoundBody)?.[1];
  const pages = (await findPages(site)).map((p) => p.urlPath).filter((p) => p !== '/');

  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  let passed = 0;
  let failed = 0;
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    await page.addInitScript(CSP_INIT);
    let problems = [];
    page.on('console', (m) => {
      // A failed load is reported by the response handler below, which
      // knows the expected 404 of a missing page and Chromium's own
      // /favicon.ico request from the site's resources.
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text().split('\n')[0].slice(0, 200)}`);
    });
    page.on('pageerror', (e) => problems.push(`script error: ${String(e?.message ?? e).split('\n')[0]}`));
    page.on('response', (r) => {
      if (r.status() >= 400 && r.request().resourceType() !== 'document') problems.push(`HTTP ${r.status()} ${r.url().slice(base.length)}`);
    });

    // visit PATH: problems of one page, given how its document must answer.
    async function visit(urlPath, expect) {
      problems = [];
      let resp;
      try {
        resp = await page.goto(base + urlPath, { waitUntil: 'load' });
        if (expect.navigatesTo) await page.waitForURL(expect.navigatesTo, { timeout: 10_000 });
        await page.waitForLoadState('load');
      } catch (err) {
        problems.push(`error: ${String(err?.message ?? err).split('\n')[0]}`);
      }
      if (resp) {
        if (resp.status() !== expect.status) problems.push(`status ${resp.status()}, expected ${expect.status}`);
        if (!(await resp.headerValue('content-security-policy'))) problems.push('no Content-Security-Policy header');
      }
      const csp = await page.evaluate(() => window.__cspViolations || []).catch(() => []);
      for (const v of csp) problems.push(`CSP: ${v}`);
      // The stylesheet applied (a blocked or missing one leaves none).
      const sheets = await page.evaluate(() => [...document.styleSheets].filter((s) => s.cssRules?.length).length).catch(() => 0);
      if (sheets === 0) problems.push('no stylesheet applied');
      if (expect.title) {
        const title = await page.title();
        if (title !== expect.title) problems.push(`title "${title}", expected "${expect.title}"`);
      }
      if (problems.length) {
        failed++;
        console.log(`FAIL ${urlPath} -- ${problems.join('; ')}`);
      } else {
        passed++;
      }
    }

    for (const p of pages) await visit(p, { status: 200 });
    await visit('/fi/no-such-page/', { status: 404, title: notFoundTitle });
    // `/` refreshes to the default language's front page.
    const target = /url=(\/[^"'>\s]*)/.exec(await fsp.readFile(path.join(site, 'index.html'), 'utf8'))?.[1];
    await visit('/', { status: 200, navigatesTo: (u) => u.pathname === target });
    console.log(`covered ${pages.length} pages, the 404 page and / at ${base}`);
  } finally {
    await browser.close().catch(() => {});
  }
  console.log(`served: ${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`served: harness error: ${err?.stack ?? err}`);
    console.log('served: 0 passed, 1 failed');
    process.exit(2);
  },
);
