# The checks tests/server/nginx.sh and tests/server/apache.sh make of a
# running server: sourced, with BASE (http://127.0.0.1:PORT), SITE (the built
# site it serves), ROOT (the repository), tmp (a scratch folder) and the
# ok/fail counters' functions set. See those scripts.

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
# nginx (absolute_redirect off) sends the path; Apache the whole address.
location="$(header Location)"
[ "${location#"$BASE"}" = /fi/health/ ] && ok || fail "/fi/health: Location is '$location', expected /fi/health/"
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

