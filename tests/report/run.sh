#!/bin/sh
# tests/report/run.sh: ctest's report_browser.  Runs the browser tests of
# report.html (tests/report/*.test.mjs) with Node's own test runner, after
# saying plainly what is missing when node or the pinned playwright-core
# is: the test then fails, it is never skipped.  scripts/dev test installs
# both (Debian's nodejs and npm when no node is on PATH, then `npm ci` here).
# The test files are named one by one: `node --test DIR` finds them in Node
# 18 and 20 but takes its arguments as globs from Node 21 on.
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v node >/dev/null 2>&1; then
    echo "report_browser: node is not installed: run scripts/dev test (it installs Debian's nodejs and npm)" >&2
    exit 1
fi
if [ ! -f "$here/node_modules/playwright-core/package.json" ]; then
    echo "report_browser: $here/node_modules is missing: run scripts/dev test, or npm ci --no-audit --no-fund in tests/report" >&2
    exit 1
fi
mkdir -p "$KG_WORKDIR" || exit 1
exec node --test "$here"/*.test.mjs
