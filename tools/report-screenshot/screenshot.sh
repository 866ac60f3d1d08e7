#!/usr/bin/env bash
# Screenshot of a report page in headless Chromium, as the site-tiny IT takes them.
# usage: tools/report-screenshot/screenshot.sh PAGE.html OUT.png [WIDTH [HEIGHT]]
#   e.g. tools/report-screenshot/screenshot.sh sample-project/target/site/cvt/agmel/index.html docs/report-screenshot.png 1280 2400
set -euo pipefail
page=${1:?page}; out=${2:?output png}; width=${3:-1280}; height=${4:-2400}
chromium=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$chromium" ] || { echo "no chromium on the PATH (Debian: apt-get install chromium)" >&2; exit 1; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$chromium" --headless --disable-gpu --no-sandbox --hide-scrollbars --no-first-run --user-data-dir="$profile" \
  --screenshot="$(realpath -m "$out")" --window-size="$width,$height" "file://$(realpath "$page")" >/dev/null 2>&1
[ -s "$out" ] && echo "$out (${width} x ${height})"
