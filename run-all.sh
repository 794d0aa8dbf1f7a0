#!/usr/bin/env bash
# The main job: builds tornbench, probes the disk, runs the default sweep of every torn-page
# strategy on real files, runs the crash trials, renders the report, and prints where it is.
#   --quick     the quick preset (about a minute) instead of the default one (about 15 minutes on a 2-core VM)
#   --dir DIR   directory on the disk under test (default ./work-data, removed afterwards)
set -euo pipefail
cd "$(dirname "$0")"

preset=default
dir="$PWD/work-data"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) preset=quick; shift ;;
    --dir) dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "run-all.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

command -v dotnet >/dev/null || { echo "run-all.sh: the .NET 10 SDK (dotnet) is required" >&2; exit 2; }
dotnet build -c Release src/TornPages.Harness -v quiet -nologo >/dev/null
tb() { dotnet src/TornPages.Harness/bin/Release/net10.0/tornbench.dll "$@"; }

mkdir -p "$dir"
tb probe --dir "$dir" --writes 2000
log=$(mktemp)
tb sweep --preset "$preset" --dir "$dir" --out results | tee "$log"
out=$(sed -n 's/^results: //p' "$log")
rm -f "$log"
rmdir "$dir" 2>/dev/null || true
tb report "$out"
echo
# The uniform summary table and the strategy x fault table of the report.
awk '/^## / { show = ($0 ~ /^## (Per transaction, uniform|Crash trials)/) } /^!\[/ || /^All rows:/ { show = 0 } show' "$out/report.md"
echo "results: $out (report.md, summary.json, runs.csv, timeseries.csv, crash.csv, meta.json, charts/)"
