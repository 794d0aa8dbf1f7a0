#!/usr/bin/env bash
# Calibration of fpw:lz4 and fpw:zstd against PostgreSQL 15's wal_compression: the same pgbench
# tpcb-like run (uniform keys, one client, autovacuum off, a CHECKPOINT every N transactions,
# full_page_writes on) with wal_compression off, lz4 and zstd on a private cluster (a temp
# directory, a private port, stopped at the end); pg_waldump --stats=record sums the full-page
# image bytes; tornbench runs fpw, fpw:lz4 and fpw:zstd on sim; both are printed side by side.
#   --scale S (default 10)   --txns T (default 20000)   --checkpoint-every N (default 1000)
#   --out DIR where the results go (default results/calibration/<date>_compression)
# Installs postgresql-15 from Debian's packages when it is missing (as root).
set -euo pipefail
cd "$(dirname "$0")/.."

me=pg-calibrate-compression.sh help=2,9p out="results/calibration/$(date -u +%Y-%m-%d)_compression"
. scripts/pg15-cluster.sh "$@"

pg_runs="$out/pg15_compression.csv"
echo "wal_compression,scale,txns,checkpoint_every,fpi_count,fpi_bytes,record_bytes" > "$pg_runs"
for comp in off lz4 zstd; do
  pg_start full_page_writes=on "wal_compression=$comp"
  as_pg "$pgbin/pgbench" -h "$tmp" -p "$port" -U postgres -i -q -s "$scale" postgres >/dev/null 2>&1
  psql -c "CHECKPOINT"
  start=$(psql -c "SELECT pg_current_wal_insert_lsn()")
  for _ in $(seq $((txns / ckpt))); do
    as_pg "$pgbin/pgbench" -h "$tmp" -p "$port" -U postgres -n -c 1 -t "$ckpt" -b tpcb-like postgres >/dev/null 2>&1
    psql -c "CHECKPOINT"
  done
  end=$(psql -c "SELECT pg_current_wal_insert_lsn()")
  stop
  # pg_waldump --stats=record's "Total" line: N, record size, FPI size (compressed as written).
  as_pg "$pgbin/pg_waldump" -p "$data/pg_wal" -s "$start" -e "$end" --stats=record |
    awk -v c="$comp" -v s="$scale" -v t="$txns" -v k="$ckpt" '$1 ~ /\// && $2 ~ /^[0-9]+$/ {
      gsub(/[()]/, ""); rec += $4; fpi += $6 }
      END { printf "%s,%s,%s,%s,,%d,%d\n", c, s, t, k, fpi, rec }' >> "$pg_runs"
  strategy=fpw; [ "$comp" = off ] || strategy="fpw:$comp"
  dotnet src/TornPages.Harness/bin/Release/net10.0/tornbench.dll run --strategy "$strategy" \
    --scale "$scale" --txns "$txns" --checkpoint-every "$ckpt" --checkpoint-completion-target 0 --vacuum-every 0 \
    --device sim --out "$out/tornbench" >/dev/null
done

# Image bytes per transaction, and each compression's against off, side by side.
python3 - "$pg_runs" "$out/tornbench/runs.csv" <<'PY' | tee "$out/comparison.txt"
import csv, sys
pg = {r["wal_compression"]: int(r["fpi_bytes"]) / int(r["txns"]) for r in csv.DictReader(open(sys.argv[1]))}
tb = {}
for r in csv.DictReader(open(sys.argv[2])):
    c = r["strategy_params"].replace("compression=", "") or "off"
    tb[c] = int(r["wal_fpi_bytes"]) / int(r["txns"])
print(f"{'wal_compression':16} {'pg FPI B/txn':>13} {'tb FPI B/txn':>13} {'pg vs off':>10} {'tb vs off':>10}")
for c in ("off", "lz4", "zstd"):
    print(f"{c:16} {pg[c]:13.1f} {tb[c]:13.1f} {pg[c] / pg['off']:10.3f} {tb[c] / tb['off']:10.3f}")
PY
