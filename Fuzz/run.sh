#!/usr/bin/env bash
# Fuzz every HealthProfiles decoder with libFuzzer (+ AddressSanitizer).
#   Fuzz/run.sh RUNS          bounded (CI): RUNS executions per decoder, one libFuzzer run each
#   Fuzz/run.sh --seconds N   long: N seconds of one run where the first input byte selects the decoder
# Seed corpus: every payload of fixtures/payloads/*.json. Exits non-zero on any crash or failed check;
# the crashing input is written to Fuzz/.out/crash-*.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=Fuzz/.out
BIN=$OUT/fuzz-decoders
mkdir -p "$OUT"

if [ ! -x "$BIN" ] || [ -n "$(find Sources/HealthProfiles Sources/JSONEscaping Fuzz/FuzzDecoders.swift -newer "$BIN" -name '*.swift' | head -1)" ]; then
    echo "fuzz: building $BIN"
    # ld.gold warns about every local ASan symbol; keep the log, show it only on failure.
    # Link to a temporary name and move it into place only on success, so a failed build never leaves
    # a binary that looks up to date.
    rm -f "$BIN"
    # HealthProfiles imports JSONEscaping: build that module first (instrumented too), then link it in.
    mkdir -p "$OUT/modules"
    if ! { swiftc -O -g -sanitize=fuzzer,address -parse-as-library -module-name JSONEscaping -emit-library -static \
            -emit-module -emit-module-path "$OUT/modules/JSONEscaping.swiftmodule" \
            Sources/JSONEscaping/*.swift -o "$OUT/modules/libJSONEscaping.a" \
        && swiftc -O -g -sanitize=fuzzer,address -parse-as-library -module-name HealthProfilesFuzz \
            -I "$OUT/modules" -L "$OUT/modules" -lJSONEscaping \
            Sources/HealthProfiles/*.swift Fuzz/FuzzDecoders.swift -o "$BIN.tmp"; } > "$OUT/build.log" 2>&1; then
        grep -v "Cannot export local symbol" "$OUT/build.log"
        rm -f "$BIN.tmp"
        exit 1
    fi
    mv "$BIN.tmp" "$BIN"
fi

# Seed corpora from the fixtures: $OUT/seeds/<UUID>/<id> (payload only) and $OUT/seeds/all/<id> (selector byte + payload).
rm -rf "$OUT/seeds"
python3 - "$OUT/seeds" <<'PY'
import glob, json, os, sys
root = sys.argv[1]
order = ["2A35","2A36","2A49","2A9D","2A9E","2A9C","2A9B","2A08","2A2B","2A19","2A23","2A24","2A25","2A26","2A27","2A28","2A29",
         "2A50","2A1C","2A5E","2A18","2A52"]  # Characteristic.allCases order
for f in glob.glob("fixtures/payloads/*.json"):
    for e in json.load(open(f)):
        data = bytes.fromhex(e["hex"])
        for sub, blob in ((e["characteristic"], data), ("all", bytes([order.index(e["characteristic"])]) + data)):
            os.makedirs(os.path.join(root, sub), exist_ok=True)
            open(os.path.join(root, sub, e["id"]), "wb").write(blob)
PY

COMMON=(-max_len=64 -detect_leaks=0 -print_final_stats=1 "-artifact_prefix=$OUT/")

if [ "${1:-}" = "--seconds" ]; then
    SECONDS_TOTAL=${2:?usage: Fuzz/run.sh --seconds N}
    mkdir -p "$OUT/corpus-all"
    echo "fuzz: all decoders for ${SECONDS_TOTAL}s"
    status=0
    "$BIN" "${COMMON[@]}" -max_total_time="$SECONDS_TOTAL" "$OUT/corpus-all" "$OUT/seeds/all" > "$OUT/fuzz-all.log" 2>&1 || status=$?
    grep -E "stat::number_of_executed_units|Done|ERROR|SUMMARY|failed" "$OUT/fuzz-all.log" || true
    [ "$status" -eq 0 ] || echo "fuzz: FAILED (status $status), see $OUT/fuzz-all.log and $OUT/crash-*"
    exit "$status"
fi

RUNS=${1:-200000}
# The six Device Information strings share one decoder: fuzz it once (0x2A29) plus 0x2A24 for the field mapping.
for uuid in 2A35 2A36 2A49 2A9D 2A9E 2A9C 2A9B 2A08 2A2B 2A19 2A23 2A24 2A29 2A50 2A1C 2A5E 2A18 2A52; do
    mkdir -p "$OUT/corpus-$uuid"
    seeds="$OUT/seeds/$uuid"
    [ -d "$seeds" ] || seeds=""
    if ! CAREHUB_FUZZ_CHARACTERISTIC=$uuid "$BIN" "${COMMON[@]}" -runs="$RUNS" "$OUT/corpus-$uuid" $seeds > "$OUT/fuzz-$uuid.log" 2>&1; then
        echo "fuzz: 0x$uuid FAILED, see $OUT/fuzz-$uuid.log"
        tail -30 "$OUT/fuzz-$uuid.log"
        exit 1
    fi
    echo "fuzz: 0x$uuid $(grep -E 'stat::number_of_executed_units' "$OUT/fuzz-$uuid.log" | awk '{print $2}') runs, no crash"
done
