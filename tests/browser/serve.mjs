// The Chromium settings every browser suite shares, a built site's files
// and pages in a fixed order, and a static server for a built lupaus site
// (design, print, search, screenshots): 127.0.0.1 on an ephemeral port,
// directories serve index.html, every answer carries the strict
// Content-Security-Policy that the other suites use.
import http from 'node:http';
import fsp from 'node:fs/promises';
import path from 'node:path';

export const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'";
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.csv': 'text/csv; charset=utf-8',
};

// The files under `root` whose name `keep` accepts, as paths, in the order
// of their names (so a suite reports in the same order on every machine).
export async function findFiles(root, keep) {
  const out = [];
  async function walk(dir) {
    const entries = await fsp.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && keep(e.name)) out.push(p);
    }
  }
  await walk(root);
  return out;
}

// The pages of a built site: each `index.html` under `root` as
// `{ file, urlPath }`, `urlPath` its address (`/fi/palvelut/`).
export async function findPages(root) {
  const files = await findFiles(root, (name) => name === 'index.html');
  return files.map((file) => {
    const relDir = path.relative(root, path.dirname(file)).split(path.sep).filter(Boolean);
    const urlPath = '/' + relDir.map(encodeURIComponent).join('/') + (relDir.length ? '/' : '');
    return { file, urlPath };
  });
}

export function startServer(root) {
  root = path.resolve(root);
  const server = http.createServer(async (req, res) => {
    const send = (status, type, body) => {
      res.writeHead(status, {
        'Content-Security-Policy': CSP,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
        'Content-Type': type,
      });
      res.end(body);
    };
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      let rel;
      try {
        rel = decodeURIComponent(url.pathname);
      } catch {
        return send(400, MIME['.txt'], 'bad request\n');
      }
      if (rel.includes('\0')) return send(400, MIME['.txt'], 'bad request\n');
      let file = path.resolve(root, '.' + path.posix.normalize('/' + rel));
      if (file !== root && !file.startsWith(root + path.sep)) return send(403, MIME['.txt'], 'forbidden\n');
      let st = await fsp.stat(file).catch(() => null);
      if (st && st.isDirectory()) {
        if (!url.pathname.endsWith('/')) {
          res.writeHead(301, { Location: url.pathname + '/' + url.search });
          return res.end();
        }
        file = path.join(file, 'index.html');
        st = await fsp.stat(file).catch(() => null);
      }
      if (!st || !st.isFile()) return send(404, MIME['.txt'], 'not found\n');
      const type = MIME[path.extname(file).toLowerCase()] || 'application/octet-stream';
      return send(200, type, await fsp.readFile(file));
    } catch (err) {
      return send(500, MIME['.txt'], `error: ${err.message}\n`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
