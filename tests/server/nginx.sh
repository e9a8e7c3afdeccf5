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
user $(id -un) $(id -gn);
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

# shellcheck source=tests/server/checks.sh
. "$HERE/checks.sh"

if grep -q '\[emerg\]\|\[alert\]\|\[crit\]' "$tmp/logs/error.log"; then
  fail "nginx logged errors:"; cat "$tmp/logs/error.log"
fi
echo "nginx: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
