#!/usr/bin/env node
// Print checks of the whole-promise document of a built lupaus site.
//
//   node tests/browser/print.mjs SITE_DIR
//
// Serves SITE_DIR on 127.0.0.1 (ephemeral port, strict CSP) and, for every
// language's /<lang>/document/, in headless Chromium with print media:
//   - every service area (.document-area) computes `break-before: page`;
//   - Chromium's print-to-PDF (A4) has at least one page per area more than
//     the front matter, i.e. each area starts a page of its own;
//   - the running header (organisation, validity, address, date of the
//     figures) is in the top margin boxes of every printed page: the page's
//     own print stylesheet (css/document-LANG.css) sets `@top-left` and
//     `@top-right`; its text in the page (.document-running) is hidden;
//   - each commitment appears once, in the order of the front page.
// Output: `ok - NAME` or `FAIL NAME -- details` per check, then the closing
// line `print: N passed, M failed`.
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium),
//   PRINT_TIMEOUT_SECS overall limit (default 180).
// Exit status: 0 all checks pass, 1 a check failed, 2 the harness failed.

import fs from 'node:fs';
import path from 'node:path';
import { startServer, CHROMIUM_PATH, CHROMIUM_ARGS } from './serve.mjs';

const TIMEOUT_MS = Number(process.env.PRINT_TIMEOUT_SECS || 180) * 1000;

/** Number of pages of a PDF: its `/Type /Page` objects. */
function pdfPages(buf) {
  const text = buf.toString('latin1');
  return (text.match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
}

async function main() {
  const root = path.resolve(process.argv[2] || '');
  if (!process.argv[2] || !fs.existsSync(path.join(root, 'index.html'))) {
    console.error('usage: node tests/browser/print.mjs SITE_DIR (a built site)');
    return 2;
  }
  if (!fs.existsSync(CHROMIUM_PATH)) {
    console.error(`print: Chromium not found at ${CHROMIUM_PATH}`);
    return 2;
  }
  const langs = fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, 'document', 'index.html')));
  if (langs.length === 0) {
    console.error('print: no /<lang>/document/ in the site');
    return 1;
  }
  const { chromium } = await import('playwright-core');
  const server = await startServer(root);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const timer = setTimeout(() => {
    console.error(`print: overall time limit of ${TIMEOUT_MS / 1000}s reached`);
    process.exit(2);
  }, TIMEOUT_MS);
  let passed = 0;
  let failed = 0;
  const report = (name, problems) => {
    if (problems.length === 0) {
      passed += 1;
      console.log(`ok - ${name}`);
    } else {
      failed += 1;
      console.log(`FAIL ${name} -- ${problems.join('; ')}`);
    }
  };
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
    const page = await browser.newPage();
    for (const lang of langs) {
      const url = `${origin}/${lang}/document/`;
      await page.emulateMedia({ media: 'screen' });
      await page.goto(url, { waitUntil: 'load' });
      const screenRunning = await page.evaluate(() => {
        const r = document.querySelector('.document-running');
        return r ? getComputedStyle(r).display : 'missing';
      });
      report(`${lang}: running header hidden on screen`, screenRunning === 'none' ? [] : [`display is ${screenRunning}`]);
      // Reading order: the promise's commitments area by area, as
      // data/promise.json lists them (the order of the area pages), each once.
      const ids = await page.evaluate(() => [...document.querySelectorAll('[data-commitment] h3')].map((e) => e.textContent.trim()));
      const promiseJson = await (await fetch(`${origin}/data/promise.json`)).json();
      const frontTitles = promiseJson.areas.flatMap((a) => a.commitments.map((c) => c.title[lang] ?? Object.values(c.title)[0]));
      const problems = [];
      if (ids.length !== frontTitles.length) problems.push(`${ids.length} commitments, promise.json lists ${frontTitles.length}`);
      if (new Set(ids).size !== ids.length) problems.push('a commitment appears twice');
      report(`${lang}: every commitment once, in reading order`, problems.length ? problems : (JSON.stringify(ids) === JSON.stringify(frontTitles) ? [] : ['order differs from the front page']));

      await page.emulateMedia({ media: 'print' });
      const styles = await page.evaluate(async () => ({
        areas: [...document.querySelectorAll('.document-area')].map((a) => getComputedStyle(a).breakBefore),
        running: await (async () => {
          const link = document.querySelector('link[rel=stylesheet][media=print]');
          if (!link) return null;
          const css = await (await fetch(link.href)).text();
          const org = document.querySelector('.document-running span')?.textContent.trim();
          return { css, org };
        })(),
      }));
      const notPage = styles.areas.filter((b) => b !== 'page');
      report(`${lang}: ${styles.areas.length} areas each break before a page`,
        styles.areas.length === 0 ? ['no .document-area'] : notPage.length ? [`break-before: ${notPage.join(', ')}`] : []);
      const rp = [];
      if (!styles.running) rp.push('no print stylesheet of its own');
      else {
        const { css, org } = styles.running;
        const left = /@top-left\s*\{[^}]*content:\s*"([^"]*)"/.exec(css);
        const right = /@top-right\s*\{[^}]*content:\s*"([^"]*)"/.exec(css);
        if (!left || !org || !left[1].includes(org)) rp.push(`@top-left does not name the organisation (${org})`);
        if (!right || !right[1].includes(`/${lang}/document/`)) rp.push('@top-right has no online address');
      }
      report(`${lang}: running header in the page margins`, rp);
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
      const pages = pdfPages(pdf);
      // The front matter and contents take at least one page, then each
      // area at least one of its own.
      report(`${lang}: PDF has ${pages} A4 pages for ${styles.areas.length} areas`,
        pages >= styles.areas.length + 1 ? [] : [`only ${pages} pages`]);
    }
  } catch (err) {
    console.error(`print: harness error: ${err.stack || err}`);
    clearTimeout(timer);
    if (browser) await browser.close().catch(() => {});
    server.close();
    return 2;
  }
  clearTimeout(timer);
  await browser.close().catch(() => {});
  server.close();
  console.log(`print: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (err) => {
  console.error(`print: ${err.stack || err}`);
  process.exit(2);
});
