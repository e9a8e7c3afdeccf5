#!/usr/bin/env node
// The live preview in a real browser, with JavaScript, many tabs at once.
//
//   node tests/browser/preview.mjs LUPAUS_BINARY SITE_ROOT
//
// Copies SITE_ROOT's content/ to a temporary folder, runs
// `LUPAUS_BINARY serve --port 0` on it (127.0.0.1) and, in headless
// Chromium, checks that:
//   - eight tabs of the preview all load (a browser opens at most six
//     connections to one address: one reload stream per tab would leave
//     the seventh loading forever);
//   - a saved edit reloads every open tab, and a tab opened after it
//     loads too.
// Output: `ok - NAME` or `FAIL NAME -- details` per check, then the closing
// line `preview: N passed, M failed`.
// Exit status: 0 all checks pass, 1 a check failed, 2 the harness failed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, CHROMIUM_ARGS } from './serve.mjs';

const [binary, siteRoot] = process.argv.slice(2);
if (!binary || !siteRoot) {
  console.error('usage: node tests/browser/preview.mjs LUPAUS_BINARY SITE_ROOT');
  process.exit(2);
}

// Pages of the example site, in three languages.
const URLS = ['/fi/', '/sv/', '/en/', '/fi/health/', '/fi/family/', '/fi/results/', '/sv/results/', '/fi/document/'];
// The file the edit changes, and the text every tab must show after it.
const EDITED = 'content/_index.fi.md';
const MARK = 'Esikatselun testi';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lupaus-preview-'));
fs.cpSync(path.join(siteRoot, 'content'), path.join(work, 'content'), { recursive: true });

// The server; its address from its "Serving http://…" line.
const server = spawn(binary, ['serve', '--port', '0', '--root', work], {
  env: { ...process.env, LANG: 'C.UTF-8' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let log = '';
const origin = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`no "Serving" line in 60 s:\n${log}`)), 60_000);
  const read = (chunk) => {
    log += chunk;
    const m = log.match(/Serving (http:\/\/127\.0\.0\.1:\d+)/);
    if (m) {
      clearTimeout(timer);
      resolve(m[1]);
    }
  };
  server.stdout.on('data', read);
  server.stderr.on('data', read);
  server.on('exit', (code) => reject(new Error(`lupaus serve exited (${code}):\n${log}`)));
}).catch((e) => {
  console.error(`preview: harness failed: ${e.message}`);
  server.kill('SIGINT');
  fs.rmSync(work, { recursive: true, force: true });
  process.exit(2);
});

const results = [];
const check = (name, problems) => {
  results.push(problems.length === 0);
  console.log(problems.length === 0 ? `ok - ${name}` : `FAIL ${name} -- ${problems.join('; ')}`);
};

let status = 0;
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
  const tabs = [];
  const problems = [];
  for (const url of URLS) {
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    try {
      await page.goto(origin + url, { waitUntil: 'load', timeout: 10_000 });
      tabs.push([url, page]);
    } catch (e) {
      problems.push(`tab ${tabs.length + 1} (${url}) did not load: ${e.message.split('\n')[0]}`);
    }
  }
  check(`${URLS.length} tabs of the preview load side by side`, problems);

  // Each tab's build before the edit (the script's data-build).
  const buildOf = (page) => page.evaluate(() => document.querySelector('script[data-build]')?.dataset.build ?? '');
  const before = new Map();
  for (const [url, page] of tabs) before.set(url, await buildOf(page));
  const file = path.join(work, EDITED);
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, text.replace(/^title: .*$/m, `title: ${MARK}`));
  const stale = [];
  for (const [url, page] of tabs) {
    try {
      await page.waitForFunction(
        (old) => {
          const b = document.querySelector('script[data-build]')?.dataset.build;
          return b && b !== old;
        },
        before.get(url),
        { timeout: 15_000, polling: 100 },
      );
    } catch {
      stale.push(`${url} was not reloaded`);
    }
  }
  const late = await context.newPage();
  try {
    await late.goto(origin + '/fi/', { waitUntil: 'load', timeout: 10_000 });
    if (!(await late.content()).includes(MARK)) stale.push('a tab opened after the edit shows the old front page');
  } catch (e) {
    stale.push(`a tab opened after the edit did not load: ${e.message.split('\n')[0]}`);
  }
  check('a saved edit reloads every open tab', stale);
  await context.close();
} catch (e) {
  console.error(`preview: harness failed: ${e.stack || e}`);
  status = 2;
} finally {
  await browser.close();
  server.kill('SIGINT');
  fs.rmSync(work, { recursive: true, force: true });
}
const failed = results.filter((r) => !r).length;
console.log(`preview: ${results.length - failed} passed, ${failed} failed`);
process.exit(status || (failed ? 1 : 0));
