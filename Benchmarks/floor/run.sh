#!/usr/bin/env bash
# The platform's floor under one durable reading, without any Swift, GRDB or CareHub code:
# an appending 4 KiB write + fdatasync, a raw SQLite commit (WAL, synchronous=FULL, cached
# statements; 1 table, then the reading's 3 tables), the same on tmpfs, and a hand-off to an idle
# thread. Usage: Benchmarks/floor/run.sh [DIR on the disk to measure, default .tmp/floor]
set -euo pipefail
cd "$(dirname "$0")"
dir="${1:-../../.tmp/floor}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
mkdir -p "$dir"
cc -O2 -o "$out/append" append-fdatasync.c
cc -O2 -o "$out/commit" sqlite-commit.c -lsqlite3
cc -O2 -o "$out/handoff" idle-handoff.c -lpthread
"$out/append" "$dir/append-probe" 2000
"$out/commit" "$dir/floor.db" 2000 1
"$out/commit" "$dir/floor.db" 2000 3
"$out/commit" /dev/shm/carehub-floor-$$.db 2000 3
"$out/handoff" 2000 2000
"$out/handoff" 2000 10000
rm -f "$dir"/floor.db* /dev/shm/carehub-floor-$$.db*
