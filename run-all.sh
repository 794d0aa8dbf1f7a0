#!/usr/bin/env bash
# The main job: builds tornbench, compares every torn-page strategy on this machine, runs crash
# trials, and prints where the results are. Options:
#   --dir DIR   directory on the disk under test for the real-file runs (default: ./work-data)
#   --txns N    transactions per run (default 5000)
#   --trials N  crash trials per strategy and crash model (default 500)
set -euo pipefail
cd "$(dirname "$0")"

dir="$PWD/work-data"
txns=5000
trials=500
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --txns) txns="$2"; shift 2 ;;
    --trials) trials="$2"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "run-all.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

command -v dotnet >/dev/null || { echo "run-all.sh: the .NET 10 SDK (dotnet) is required" >&2; exit 2; }
dotnet build -c Release src/TornPages.Harness -v quiet -nologo >/dev/null
tb() { dotnet src/TornPages.Harness/bin/Release/net10.0/tornbench.dll "$@"; }

host=$(hostname -s 2>/dev/null || hostname)
out="results/$host/$(date -u +%Y-%m-%dT%H%M%SZ)_compare"
[ -e "$out" ] && { echo "run-all.sh: $out exists already" >&2; exit 1; }
mkdir -p "$out"

strategies="none fpw dwb-small dwb-large shadow-8k shadow-64m lp-logged"
echo "== Every strategy, tpcb-like scale 1, $txns transactions (simulated device: exact counts)"
for strategy in $strategies; do
  for ckpt in 1000 5000; do
    tb run --strategy "$strategy" --txns "$txns" --checkpoint-every "$ckpt" --out "$out" | head -1
  done
  tb run --strategy "$strategy" --txns "$txns" --checkpoint-every 1000 --dist zipfian:1.1 --out "$out" | head -1
done

echo "== On real files with fdatasync in $dir"
for strategy in $strategies; do
  tb run --strategy "$strategy" --txns "$txns" --checkpoint-every 1000 --device "file:$dir/$strategy" --out "$out" | head -1
done
rm -rf "$dir"

echo "== Crash trials ($trials per strategy)"
all=$(echo $strategies | tr ' ' ',')
tb crash --strategy "$all" --trials "$trials" --sector 512 --out "$out"
tb crash --strategy "$all" --trials "$trials" --sector 4096 --out "$out"
tb crash --strategy none --trials "$trials" --sector 512 --atomic-unit 8192 --out "$out"

echo
echo "== Per transaction on the simulated device, checkpoint every 1000, uniform (see runs.csv for the rest)"
awk -F, 'NR==1 { for (i = 1; i <= NF; i++) col[$i] = i; printf "  %-11s %10s %10s %10s %12s %10s %14s\n", "strategy", "WAL B", "FPI B", "written B", "fsync/txn", "copy B", "discontinuity"; next }
  $col["device"] == "sim" && $col["dist"] == "uniform" && $col["checkpoint_every"] == 1000 {
    printf "  %-11s %10.0f %10.0f %10.0f %12.3f %10.0f %14d\n", $col["strategy"], $col["wal_bytes_per_txn"], $col["wal_fpi_bytes"] / $col["txns"],
      $col["write_bytes_per_txn"], $col["fsync_per_txn"], $col["copy_write_bytes"] / $col["txns"], $col["accounts_discontinuities"] }' "$out/runs.csv"
echo
echo "== fpw / none WAL bytes per transaction"
awk -F, 'NR==1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  $col["device"] == "sim" { key = $col["dist"] " checkpoint every " $col["checkpoint_every"]; wal[$col["strategy"], key] = $col["wal_bytes_per_txn"]; keys[key] = 1 }
  END { for (k in keys) printf "  %-40s none %7.0f B/txn   fpw %7.0f B/txn   ratio %.1fx\n", k, wal["none", k], wal["fpw", k], wal["fpw", k] / wal["none", k] }' "$out/runs.csv" | sort
echo
echo "results: $out/runs.csv and $out/crash.csv"
