#!/usr/bin/env node
// HTML validation of a built lupaus site with the Nu Html Checker (vnu.jar
// from the vnu-jar npm package).
//
//   node tests/browser/validate.mjs SITE_DIR
//
// Every .html file under SITE_DIR is checked in ONE java invocation
// (--errors-only --format json --skip-non-html). Each error is printed as
// file:line:col: message (file relative to SITE_DIR), then a closing line `html: N passed, M failed`
// counting files.
//
// Environment: JAVA (java binary, default `java` on PATH),
//   VNU_TIMEOUT_SECS (default 600), VNU_JAVA_OPTS (extra JVM options).
// Exit status: 0 no errors, 1 validation errors, 2 the harness itself failed.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { findFiles } from './serve.mjs';

const require = createRequire(import.meta.url);
const JAVA = process.env.JAVA || 'java';
const TIMEOUT_MS = (Number.parseInt(process.env.VNU_TIMEOUT_SECS ?? '', 10) || 600) * 1000;

function vnuJarPath() {
  const pkg = require.resolve('vnu-jar/package.json');
  return path.join(path.dirname(pkg), 'build', 'dist', 'vnu.jar');
}

function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`vnu did not finish within ${TIMEOUT_MS / 1000}s`));
    }, TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

function urlToFile(u) {
  if (!u) return null;
  try {
    return path.resolve(fileURLToPath(new URL(u)));
  } catch {
    return null;
  }
}

async function main() {
  const siteArg = process.argv[2];
  if (!siteArg) {
    console.error('usage: node validate.mjs SITE_DIR');
    return 2;
  }
  const root = path.resolve(siteArg);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    console.error(`html: ${root} is not a directory`);
    return 2;
  }
  const files = await findFiles(root, (name) => /\.html?$/i.test(name));
  if (files.length === 0) {
    console.error(`html: no .html files under ${root}`);
    return 2;
  }
  const jar = vnuJarPath();
  if (!fs.existsSync(jar)) {
    console.error(`html: ${jar} missing (run npm ci in tests/browser)`);
    return 2;
  }

  const started = Date.now();
  const javaOpts = (process.env.VNU_JAVA_OPTS || '-Xss1m').split(/\s+/).filter(Boolean);
  // One invocation for all files. (Linux allows ~2 MB of arguments; a site
  // would need tens of thousands of pages to get near that.)
  const args = [...javaOpts, '-jar', jar, '--errors-only', '--format', 'json', '--skip-non-html', ...files];
  let res;
  try {
    res = await run(JAVA, args);
  } catch (err) {
    console.error(`html: could not run ${JAVA}: ${err.message}${err.code === 'ENOENT' ? ' (install default-jre-headless)' : ''}`);
    return 2;
  }
  // vnu writes its JSON report to stderr (stdout stays empty for --format json).
  const text = (res.stderr.trim() || res.stdout.trim());
  let report;
  try {
    report = JSON.parse(text);
  } catch {
    console.error(`html: could not parse vnu output (exit ${res.code}${res.signal ? `, ${res.signal}` : ''}):\n${text.slice(0, 2000)}`);
    return 2;
  }

  const byFile = new Map(files.map((f) => [path.resolve(f), []]));
  const global = [];
  for (const m of report.messages ?? []) {
    // With --errors-only only errors are reported, but be strict about type anyway.
    if (m.type === 'info') continue;
    const f = urlToFile(m.url);
    const entry = { ...m, file: f };
    if (f && byFile.has(f)) byFile.get(f).push(entry);
    else global.push(entry);
  }

  let failed = 0;
  for (const [file, msgs] of byFile) {
    if (!msgs.length) continue;
    failed++;
    const rel = path.relative(root, file) || file;
    for (const m of msgs) {
      const line = m.lastLine ?? m.firstLine ?? 0;
      const col = m.firstColumn ?? m.lastColumn ?? 0;
      const kind = m.type === 'error' ? (m.subType ? `${m.subType} error` : 'error') : m.type;
      const extract = m.extract ? `  [${m.extract.replace(/\s+/g, ' ').trim().slice(0, 100)}]` : '';
      console.log(`${rel}:${line}:${col}: ${kind}: ${m.message}${extract}`);
    }
  }
  for (const m of global) {
    console.log(`${m.url ?? '(vnu)'}: ${m.type}: ${m.message}`);
  }
  const passed = files.length - failed;
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`checked ${files.length} html files with vnu in ${secs}s`);
  console.log(`html: ${passed} passed, ${failed} failed`);
  if (global.length && failed === 0) return 1;
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`html: harness error: ${err?.stack ?? err}`);
    process.exit(2);
  },
);
