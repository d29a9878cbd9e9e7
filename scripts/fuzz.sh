#!/usr/bin/env bash
# Runs the fuzz targets of fuzz/ one after another, each for SECONDS (or
# until 10 million executions), on the working corpus in fuzz/corpus/TARGET.
# A crash stops that target only; its input lands in fuzz/artifacts/TARGET
# and the script exits 1 at the end.
#
# The corpus the repository keeps is fuzz/seeds/TARGET.tar.gz: a set-cover
# minimisation of everything the runs here found. A missing working corpus
# starts from it; `--pack` minimises the working corpus into it again.
#
#   scripts/fuzz.sh [SECONDS] [TARGET ...]    (default: 1800, every target)
#   scripts/fuzz.sh --pack [TARGET ...]
#
# cargo-fuzz needs nightly features: a nightly toolchain when rustup has
# one, else RUSTC_BOOTSTRAP=1 on the stable one (for this build only).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
pack=0
if [ "${1:-}" = --pack ]; then
    pack=1
    shift
    seconds=0
else
    seconds="${1:-1800}"
    shift || true
fi
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
mkdir -p logs seeds
bin="target/$(rustc -vV | sed -n 's/^host: //p')/release"
if [ "$pack" = 1 ]; then
    for t in "${targets[@]}"; do
        min=$(mktemp -d)
        "$bin/$t" -set_cover_merge=1 -max_len=65536 -rss_limit_mb=2048 "$min" "corpus/$t" >"logs/$t.pack.log" 2>&1
        tar -C "$min" -czf "seeds/$t.tar.gz" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 .
        echo "== seeds/$t.tar.gz: $(ls "$min" | wc -l) inputs"
        rm -rf "$min"
    done
    exit 0
fi
failed=0
for t in "${targets[@]}"; do
    if [ ! -d "corpus/$t" ] && [ -f "seeds/$t.tar.gz" ]; then
        mkdir -p "corpus/$t"
        tar -C "corpus/$t" -xzf "seeds/$t.tar.gz"
    fi
    mkdir -p "corpus/$t"
    echo "== $t: ${seconds}s or 10,000,000 runs"
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
