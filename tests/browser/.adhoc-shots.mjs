import { chromium } from 'playwright-core';
import { startServer, CHROMIUM_PATH, CHROMIUM_ARGS } from './serve.mjs';
const [siteDir, outDir, width, ...urls] = process.argv.slice(2);
const server = await startServer(siteDir);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const w = Number(width);
const context = await browser.newContext({ viewport: { width: w, height: w < 600 ? 844 : 900 }, javaScriptEnabled: false });
const page = await context.newPage();
for (const url of urls) {
  await page.goto(origin + url, { waitUntil: 'load' });
  const name = url.replace(/\//g, '_') || 'root';
  if (process.env.SEL) { await page.locator(process.env.SEL).first().screenshot({ path: `${outDir}/${name}-${w}-sel.png` }); } else { await page.screenshot({ path: `${outDir}/${name}-${w}.png`, fullPage: process.env.FULL === "1" }); }
}
await browser.close(); server.close();
