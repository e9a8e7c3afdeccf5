#!/usr/bin/env bash
# Serves a built site with Debian's nginx and the documented configuration
# (docs/server/nginx.conf, only `root` and `listen` changed) and checks what a
# visitor gets: the security headers, the caching of the fingerprinted
# stylesheet, the 404 page with status 404, folder and `/` handling, and every
# page in Chromium with the CSP enforced by nginx and no violation.
#
#   tests/server/nginx.sh SITE_DIR       (run by scripts/test)
#
# nginx runs in the foreground on 127.0.0.1 on a free port with a temporary
# prefix, and is stopped by its PID on exit. The last line is
# `nginx: N passed, M failed`; the exit status is 1 when a check failed.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SITE="$(cd "${1:?usage: tests/server/nginx.sh SITE_DIR}" && pwd)"
NGINX="${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
[ -x "$NGINX" ] || { echo "nginx: $NGINX not found (apt-get install nginx-light)"; echo "nginx: 0 passed, 1 failed"; exit 1; }

passed=0
failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/lupaus-nginx.XXXXXX")"
nginx_pid=""
cleanup() {
  if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
    kill "$nginx_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# A free port: ask the kernel for one, then let nginx take it.
port="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"

# The documented server block, with only the address and the root changed.
sed -e "/^[[:space:]]*listen /d" \
    -e "s|^\([[:space:]]*\)root .*;|\1listen 127.0.0.1:$port;\n\1root $SITE;|" \
    "$ROOT/docs/server/nginx.conf" >"$tmp/site.conf"
grep -q "root $SITE;" "$tmp/site.conf" || { echo "nginx: could not set root in the documented file"; echo "nginx: 0 passed, 1 failed"; exit 1; }
mkdir -p "$tmp/logs"
cat >"$tmp/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/logs/error.log warn;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $tmp/logs/access.log;
    client_body_temp_path $tmp/client_body;
    proxy_temp_path $tmp/proxy;
    fastcgi_temp_path $tmp/fastcgi;
    uwsgi_temp_path $tmp/uwsgi;
    scgi_temp_path $tmp/scgi;
    include $tmp/site.conf;
}
CONF
if ! "$NGINX" -t -p "$tmp" -c "$tmp/nginx.conf" >"$tmp/test.log" 2>&1; then
  cat "$tmp/test.log"
  echo "nginx: 0 passed, 1 failed"
  exit 1
fi
"$NGINX" -p "$tmp" -c "$tmp/nginx.conf" 2>>"$tmp/logs/error.log" &
nginx_pid=$!
BASE="http://127.0.0.1:$port"
for _ in $(seq 100); do
  curl -s -o /dev/null "$BASE/" && break
  kill -0 "$nginx_pid" 2>/dev/null || { cat "$tmp/logs/error.log"; echo "nginx: 0 passed, 1 failed"; exit 1; }
  sleep 0.1
done

# fetch PATH: headers to $tmp/h, body to $tmp/b, status in $status.
fetch() {
  status="$(curl -s -D "$tmp/h" -o "$tmp/b" -w '%{http_code}' "$BASE$1")"
}
header() { # header NAME: its value in the last response
  grep -i "^$1:" "$tmp/h" | head -n1 | cut -d' ' -f2- | tr -d '\r'
}
expect_header() { # expect_header PATH NAME VALUE
  local got
  got="$(header "$2")"
  if [ "$got" = "$3" ]; then ok; else fail "$1: $2 is '$got', expected '$3'"; fi
}

CSP="default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
css="$(cd "$SITE" && ls css/style.*.css | head -n1)"

# A page: status, type, security headers, revalidated.
fetch /fi/
[ "$status" = 200 ] && ok || fail "/fi/: status $status, expected 200"
expect_header /fi/ Content-Type "text/html; charset=utf-8"
expect_header /fi/ Content-Security-Policy "$CSP"
expect_header /fi/ X-Content-Type-Options nosniff
expect_header /fi/ Referrer-Policy strict-origin-when-cross-origin
expect_header /fi/ X-Frame-Options DENY
expect_header /fi/ Cache-Control no-cache
cmp -s "$tmp/b" "$SITE/fi/index.html" && ok || fail "/fi/: the body is not fi/index.html"

# The fingerprinted stylesheet: kept for a year.
fetch "/$css"
[ "$status" = 200 ] && ok || fail "/$css: status $status"
expect_header "/$css" Content-Type "text/css; charset=utf-8"
expect_header "/$css" Cache-Control "public, max-age=31536000, immutable"
expect_header "/$css" Content-Security-Policy "$CSP"
# Not fingerprinted: checked again on each visit.
fetch /js/search.js
[ "$status" = 200 ] && ok || fail "/js/search.js: status $status"
expect_header /js/search.js Cache-Control no-cache
fetch /fi/search-index.json
expect_header /fi/search-index.json Content-Type "application/json; charset=utf-8"

# A missing page: status 404 with the site's own 404 page and the same headers.
fetch /fi/no-such-page/
[ "$status" = 404 ] && ok || fail "/fi/no-such-page/: status $status, expected 404"
cmp -s "$tmp/b" "$SITE/404.html" && ok || fail "/fi/no-such-page/: the body is not the site's 404.html"
expect_header /fi/no-such-page/ Content-Security-Policy "$CSP"
expect_header /fi/no-such-page/ X-Content-Type-Options nosniff
fetch /.lupaus-output
[ "$status" = 404 ] && ok || fail "/.lupaus-output: status $status, expected 404"

# A folder without its slash is sent to it, on the same host and port.
fetch /fi/health
[ "$status" = 301 ] && ok || fail "/fi/health: status $status, expected 301"
expect_header /fi/health Location /fi/health/
fetch /fi/index.html
[ "$status" = 200 ] && ok || fail "/fi/index.html: status $status"

# `/`: the site's language page, which sends the visitor on to the default
# language and lists every language.
fetch /
[ "$status" = 200 ] && ok || fail "/: status $status"
cmp -s "$tmp/b" "$SITE/index.html" && ok || fail "/: the body is not index.html"
default_lang="$(grep -o 'http-equiv=refresh' "$SITE/index.html" >/dev/null && grep -o 'url=/[a-z-]*/' "$SITE/index.html" | head -n1 | cut -d/ -f2)"
[ -n "$default_lang" ] && ok || fail "/: index.html has no refresh to a language"

# Every page in Chromium with nginx's CSP, then the 404 and `/`.
set +e
node "$ROOT/tests/browser/served.mjs" "$BASE" "$SITE" | tee "$tmp/browser.log"
browser_status=${PIPESTATUS[0]}
set -e
line="$(grep '^served: ' "$tmp/browser.log" | tail -n1)"
if [[ "$line" =~ ^served:\ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
  passed=$((passed + BASH_REMATCH[1]))
  failed=$((failed + BASH_REMATCH[2]))
  [ "$browser_status" -eq 0 ] || [ "${BASH_REMATCH[2]}" -gt 0 ] || fail "browser: exit status $browser_status"
else
  fail "browser: no summary line (exit status $browser_status)"
fi

if grep -q '\[emerg\]\|\[alert\]\|\[crit\]' "$tmp/logs/error.log"; then
  fail "nginx logged errors:"; cat "$tmp/logs/error.log"
fi
echo "nginx: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
