#!/usr/bin/env node
// Screenshots of a built lupaus site for design review.
//
//   node tests/browser/screenshots.mjs SITE_DIR OUT_DIR
//
// Takes the front page, an area, a commitment, the results overview, an
// indicator, the news list and a fallback page (a page shown in another
// language than the reader's) at 390 px (phone) and 1280 px (desktop),
// in light and dark colour schemes: OUT_DIR/<page>-<width>-<scheme>.png,
// full page. Uses Debian's Chromium (CHROMIUM_PATH), never a download.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, CHROMIUM_PATH, CHROMIUM_ARGS } from './serve.mjs';

const [siteDir, outDir] = process.argv.slice(2);
if (!siteDir || !outDir) {
  console.error('usage: node tests/browser/screenshots.mjs SITE_DIR OUT_DIR');
  process.exit(2);
}

// The example site's pages; any site with these addresses works.
const PAGES = [
  ['front', '/fi/'],
  ['area', '/fi/health/'],
  ['commitment', '/fi/health/ambulance/'],
  ['results', '/fi/results/'],
  ['indicator', '/fi/results/ems-response-8min/'],
  ['news', '/fi/news/'],
  ['fallback', '/en/follow-up-2026-h1/'],
  ['front-sv', '/sv/'],
];
const WIDTHS = [390, 1280];
const SCHEMES = ['light', 'dark'];

fs.mkdirSync(outDir, { recursive: true });
const server = await startServer(siteDir);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
let n = 0;
try {
  for (const scheme of SCHEMES) {
    for (const width of WIDTHS) {
      const context = await browser.newContext({
        viewport: { width, height: width < 600 ? 844 : 900 },
        colorScheme: scheme,
        deviceScaleFactor: 1,
        javaScriptEnabled: false,
      });
      const page = await context.newPage();
      for (const [name, url] of PAGES) {
        const resp = await page.goto(origin + url, { waitUntil: 'load' });
        if (!resp || !resp.ok()) {
          console.error(`skip ${name}: HTTP ${resp ? resp.status() : 'none'} for ${url}`);
          continue;
        }
        const file = path.join(outDir, `${name}-${width}-${scheme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        n += 1;
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`screenshots: ${n} written to ${outDir}`);
