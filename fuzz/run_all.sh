#!/bin/sh
# Runs every fuzz target for 600 s, one after another, niced.
cd "$(dirname "$0")"
for t in front_matter results_csv markdown period_number; do
  echo "== $t $(date -u +%H:%M:%S)" >> logs/summary.txt
  RUSTC_BOOTSTRAP=1 nice -n 19 cargo fuzz run "$t" corpus/"$t" -- \
    -max_total_time=600 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 > logs/"$t".log 2>&1
  echo "exit $? $(date -u +%H:%M:%S)" >> logs/summary.txt
done
