#!/bin/sh
# bench/report-bench.sh: report.html's size and load time in headless
# Chromium against graph.svg's, per graph size; bench/report-bench.mjs
# does the work and says how.  Not part of the test suite.
#
#   bench/report-bench.sh [BUILD_DIR] [RUNS] [SIZES]     e.g. build 5 300,3000x9000,10000
exec node "$(dirname "$0")/report-bench.mjs" "$@"
