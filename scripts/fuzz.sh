#!/usr/bin/env bash
# Runs the fuzz targets of fuzz/ one after another, each for SECONDS (or
# until 10 million executions), on the corpus kept in fuzz/corpus/TARGET.
# A crash stops that target only; its input lands in fuzz/artifacts/TARGET
# and the script exits 1 at the end.
#
#   scripts/fuzz.sh [SECONDS] [TARGET ...]    (default: 1800, every target)
#
# cargo-fuzz needs nightly features: a nightly toolchain when rustup has
# one, else RUSTC_BOOTSTRAP=1 on the stable one (for this build only).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-1800}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(html entities activitypub signature streaming link_header config)
fi
if ! command -v cargo-fuzz >/dev/null; then
    cargo install cargo-fuzz --locked --version 0.13.2
fi
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    fuzz=(cargo +nightly fuzz)
else
    export RUSTC_BOOTSTRAP=1
    fuzz=(cargo fuzz)
fi
"${fuzz[@]}" build -O
failed=0
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t"
    echo "== $t: ${seconds}s or 10,000,000 runs"
    mkdir -p logs
    set +e
    "${fuzz[@]}" run -O "$t" -- -max_total_time="$seconds" -runs=10000000 \
        -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 >"logs/$t.log" 2>&1
    rc=$?
    set -e
    grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+== ERROR|SUMMARY|thread .* panicked|Test unit written)' "logs/$t.log" || true
    if [ "$rc" != 0 ]; then
        echo "!! $t crashed (exit $rc): see fuzz/artifacts/$t and fuzz/logs/$t.log"
        failed=1
    fi
done
exit "$failed"
