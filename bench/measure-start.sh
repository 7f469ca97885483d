#!/usr/bin/env bash
# `npm start` on the demo, measured: seconds from launch to "Serving on" and the peak RSS of the process tree
# (GNU time's "Maximum resident set size": the largest single process, which is the Node process running the
# pipeline, its worker threads included). A fresh state and output folder each time, port 0, then Ctrl-C.
#   bash bench/measure-start.sh            # prints: serving_after_s=… peak_rss_mb=… certificates=…
# Needs GNU time (apt-get install time). Not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
started=$(date +%s.%N)
setsid /usr/bin/time -v -o "$work/time.txt" npm start -- --port 0 --out "$work/run" >"$work/stdout" 2>&1 &
leader=$!
until grep -q 'Serving on' "$work/stdout"; do
  if ! kill -0 "$leader" 2>/dev/null; then
    cat "$work/stdout" >&2
    echo "measure-start: npm start ended before serving" >&2
    exit 1
  fi
  sleep 0.1
done
serving=$(date +%s.%N)
kill -INT -- "-$leader"
wait "$leader" || true
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
pdfs=$(find "$work/run" -name '*.pdf' | wc -l)
printf 'serving_after_s=%.1f peak_rss_mb=%d certificates=%d\n' "$(echo "$serving - $started" | bc)" "$((rss_kb / 1024))" "$pdfs"
