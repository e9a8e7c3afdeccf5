#!/usr/bin/env bash
# Serves a built site with Debian's Apache httpd and the documented
# configuration (docs/server/apache.conf, as the site's .htaccess, unchanged)
# and makes the same checks as tests/server/nginx.sh (tests/server/checks.sh).
#
#   tests/server/apache.sh SITE_DIR
#
# Apache runs in the foreground (-X) on 127.0.0.1 on a free port with a
# temporary ServerRoot, serving a copy of the site, and is stopped by its PID
# on exit. Needs apache2-bin. The last line is `apache: N passed, M failed`.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SRC="$(cd "${1:?usage: tests/server/apache.sh SITE_DIR}" && pwd)"
APACHE="${APACHE:-/usr/sbin/apache2}"
MODULES=/usr/lib/apache2/modules
[ -x "$APACHE" ] || { echo "apache: $APACHE not found (apt-get install apache2-bin)"; echo "apache: 0 passed, 1 failed"; exit 1; }

passed=0
failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/lupaus-apache.XXXXXX")"
apache_pid=""
cleanup() {
  if [ -n "$apache_pid" ] && kill -0 "$apache_pid" 2>/dev/null; then
    kill "$apache_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$apache_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# Apache will not serve as root: its worker is `daemon`, which must be able
# to read the site, so it serves a world-readable copy.
chmod 0755 "$tmp"
SITE="$tmp/site"
cp -r "$SRC" "$SITE"
chmod -R a+rX "$SITE"
cp "$ROOT/docs/server/apache.conf" "$SITE/.htaccess"
chmod a+r "$SITE/.htaccess"

port="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
mkdir -p "$tmp/logs"
{
  for m in mpm_event authz_core authz_host dir mime headers alias deflate filter setenvif; do
    echo "LoadModule ${m}_module $MODULES/mod_$m.so"
  done
  cat <<CONF
ServerRoot "$tmp"
ServerName 127.0.0.1
Listen 127.0.0.1:$port
PidFile "$tmp/apache.pid"
ErrorLog "$tmp/logs/error.log"
LogLevel warn
TypesConfig /etc/mime.types
$( [ "$(id -u)" -eq 0 ] && printf 'User daemon\nGroup daemon\n' )
DocumentRoot "$SITE"
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory "$SITE">
    AllowOverride All
    Require all granted
</Directory>
<Files ".ht*">
    Require all denied
</Files>
CONF
} >"$tmp/httpd.conf"
[ -f /etc/mime.types ] || { echo "apache: /etc/mime.types is missing (apt-get install media-types)"; echo "apache: 0 passed, 1 failed"; exit 1; }
if ! "$APACHE" -t -f "$tmp/httpd.conf" >"$tmp/test.log" 2>&1; then
  cat "$tmp/test.log"
  echo "apache: 0 passed, 1 failed"
  exit 1
fi
"$APACHE" -X -f "$tmp/httpd.conf" 2>>"$tmp/logs/error.log" &
apache_pid=$!
BASE="http://127.0.0.1:$port"
for _ in $(seq 100); do
  curl -s -o /dev/null "$BASE/" && break
  kill -0 "$apache_pid" 2>/dev/null || { cat "$tmp/logs/error.log"; echo "apache: 0 passed, 1 failed"; exit 1; }
  sleep 0.1
done

# shellcheck source=tests/server/checks.sh
. "$HERE/checks.sh"
# The .htaccess itself: refused by Apache's own rule for .ht* (403) or not
# found; never served.
fetch /.htaccess
case "$status" in 403 | 404) ok ;; *) fail "/.htaccess: status $status, expected 403 or 404" ;; esac
echo "apache: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
