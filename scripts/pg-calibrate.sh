#!/usr/bin/env bash
# Calibration against real PostgreSQL 15: runs pgbench's tpcb-like script on a private cluster
# (a temp directory, a private port, stopped at the end) with a CHECKPOINT every N transactions,
# reads the WAL it wrote with pg_waldump --stats=record, then runs tornbench on the same
# configuration and prints both side by side.
#   --scale S   (default 10)      --txns T (default 20000)   --checkpoint-every N (default 1000)
#   --out DIR   where the CSVs go (default results/calibration/<date>)
# Configurations: full_page_writes on and off (tornbench: fpw and none) x uniform and zipfian:1.1
# keys, one client, autovacuum off (tornbench: --vacuum-every 0), wal_compression off.
# Writes DIR/pg15_wal_records.csv (one row per configuration and record type, as wal_records.csv),
# DIR/pg15_runs.csv (WAL bytes per configuration), the tornbench runs in DIR/tornbench/, and
# DIR/comparison.txt. Installs postgresql-15 from Debian's packages when it is missing (as root).
set -euo pipefail
cd "$(dirname "$0")/.."

me=pg-calibrate.sh help=2,13p out="results/calibration/$(date -u +%Y-%m-%d)"
. scripts/pg15-cluster.sh "$@"

cat > "$tmp/zipfian.sql" <<EOF
\set aid random_zipfian(1, 100000 * :scale, 1.1)
\set bid random(1, 1 * :scale)
\set tid random(1, 10 * :scale)
\set delta random(-5000, 5000)
BEGIN;
UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
UPDATE pgbench_tellers SET tbalance = tbalance + :delta WHERE tid = :tid;
UPDATE pgbench_branches SET bbalance = bbalance + :delta WHERE bid = :bid;
INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (:tid, :bid, :aid, :delta, CURRENT_TIMESTAMP);
END;
EOF
chmod 644 "$tmp/zipfian.sql"

pg_rows="$out/pg15_wal_records.csv" pg_runs="$out/pg15_runs.csv"
echo "config,record_type,count,record_bytes,fpi_count,fpi_bytes" > "$pg_rows"
echo "config,full_page_writes,dist,scale,txns,checkpoint_every,wal_bytes,wal_bytes_per_txn" > "$pg_runs"

for fpw in on off; do
  for dist in uniform zipfian:1.1; do
    config="fpw=$fpw|$dist"
    pg_start "full_page_writes=$fpw" wal_compression=off
    as_pg "$pgbin/pgbench" -h "$tmp" -p "$port" -U postgres -i -q -s "$scale" postgres >/dev/null 2>&1
    psql -c "CHECKPOINT"
    start=$(psql -c "SELECT pg_current_wal_insert_lsn()")
    script=(-b tpcb-like)
    # A custom script sees :scale = 1 unless -s says otherwise (pgbench counts branches only for its built-in ones).
    [ "$dist" = uniform ] || script=(-s "$scale" -f "$tmp/zipfian.sql")
    for _ in $(seq $((txns / ckpt))); do
      as_pg "$pgbin/pgbench" -h "$tmp" -p "$port" -U postgres -n -c 1 -t "$ckpt" "${script[@]}" postgres >/dev/null 2>&1
      psql -c "CHECKPOINT"
    done
    end=$(psql -c "SELECT pg_current_wal_insert_lsn()")
    bytes=$(psql -c "SELECT pg_wal_lsn_diff('$end', '$start')")
    stop
    echo "$config,$fpw,$dist,$scale,$txns,$ckpt,$bytes,$(awk -v b="$bytes" -v t="$txns" 'BEGIN { printf "%.1f", b / t }')" >> "$pg_runs"
    # pg_waldump --stats=record: "Type  N (%)  Record size (%)  FPI size (%)  Combined size (%)".
    as_pg "$pgbin/pg_waldump" -p "$data/pg_wal" -s "$start" -e "$end" --stats=record |
      awk -v c="$config" '$1 ~ /\// && $2 ~ /^[0-9]+$/ {
        gsub(/[()]/, ""); n = $2; rec = $4; fpi = $6
        print c "," $1 "," n "," rec ",," fpi }' >> "$pg_rows"
    # tornbench on the same configuration (sim: exact counts, no device time).
    tb_strategy=fpw; [ "$fpw" = on ] || tb_strategy=none
    dotnet src/TornPages.Harness/bin/Release/net10.0/tornbench.dll run --strategy "$tb_strategy" --dist "$dist" \
      --scale "$scale" --txns "$txns" --checkpoint-every "$ckpt" --checkpoint-completion-target 0 --vacuum-every 0 \
      --device sim --out "$out/tornbench" >/dev/null
  done
done

# Side by side, from the two record tables (record bytes without images, images apart, per
# transaction): PostgreSQL's pg_waldump --stats=record and tornbench's wal_records.csv.
awk -F, -v txns="$txns" '
  FNR == 1 { file++; next }
  file == 1 { cfg = $1; t = $2 }
  file == 2 { split($1, id, "|"); cfg = (id[1] == "fpw" ? "fpw=on" : "fpw=off") "|" id[3]; t = $2 }
  { n[file, cfg, t] += $3; rec[file, cfg, t] += $4; fpi[file, cfg, t] += $6
    types[t] = 1; cfgs[cfg] = 1; total[file, cfg] += $4 + $6; recs[file, cfg] += $4 }
  END {
    printf "%-20s %-26s %8s %8s %8s %8s %9s %9s %6s\n", "config", "record type", "pg N", "tb N", "pg B/rec", "tb B/rec", "pg B/txn", "tb B/txn", "tb/pg"
    for (c in cfgs) for (t in types) if (n[1, c, t] + n[2, c, t] > 0)
      printf "%-20s %-26s %8d %8d %8.1f %8.1f %9.1f %9.1f %6s\n", c, t, n[1, c, t], n[2, c, t],
        (n[1, c, t] > 0 ? rec[1, c, t] / n[1, c, t] : 0), (n[2, c, t] > 0 ? rec[2, c, t] / n[2, c, t] : 0),
        rec[1, c, t] / txns, rec[2, c, t] / txns, (rec[1, c, t] > 0 ? sprintf("%.3f", rec[2, c, t] / rec[1, c, t]) : "-") | "sort"
    close("sort")
    print ""
    printf "%-20s %12s %12s %7s %12s %12s %7s\n", "config", "pg rec B/txn", "tb rec B/txn", "tb/pg", "pg all B/txn", "tb all B/txn", "tb/pg"
    for (c in cfgs)
      printf "%-20s %12.1f %12.1f %7.3f %12.1f %12.1f %7.3f\n", c, recs[1, c] / txns, recs[2, c] / txns, recs[2, c] / recs[1, c],
        total[1, c] / txns, total[2, c] / txns, total[2, c] / total[1, c]
    print ""
    for (c in cfgs) if (c ~ /^fpw=on/) { d = substr(c, 8); off = "fpw=off|" d
      printf "fpw on/off WAL ratio, %s: PostgreSQL %.3f, tornbench %.3f\n", d, total[1, c] / total[1, off], total[2, c] / total[2, off] }
  }' "$pg_rows" "$out/tornbench/wal_records.csv" | tee "$out/comparison.txt"
echo "calibration: $out"
