#!/usr/bin/env bash
# Calibrates the simulated server's CPU (--sim-cpu-us, a matrix's "simCpuUs") against real
# PostgreSQL 15 on this machine: runs pgbench's tpcb-like script, one client, prepared statements,
# on a private cluster (a temp directory, a private port, stopped at the end) with fsync and
# synchronous_commit off, so a transaction waits for no disk, and reads the CPU time every server
# process spent (/proc/PID/schedstat) over a 10-second window against the transactions committed
# in it. The simulated clients charge the figure once per statement and once per commit
# (tpcb-like: 5 statements, so 6 charges a transaction); this prints the server's CPU per
# transaction and that figure.
#   --scale S   (default 10)      --out DIR   where cpu.csv goes (default results/calibration/<date>)
# Installs postgresql-15 from Debian's packages when it is missing (as root).
set -euo pipefail
cd "$(dirname "$0")/.."

me=pg-calibrate-cpu.sh help=2,11p out="results/calibration/$(date -u +%Y-%m-%d)"
. scripts/pg15-cluster.sh "$@"
rmdir "$out/tornbench"

# The charges a tpcb-like transaction makes on the simulated clock (PgbenchTransactions.Statements + the commit).
charges=6
window=10

pg_start fsync=off synchronous_commit=off shared_buffers=1GB
as_pg "$pgbin/pgbench" -h "$tmp" -p "$port" -U postgres -i -q -s "$scale" postgres >/dev/null 2>&1
psql -c "CHECKPOINT"
# Nanoseconds on the CPU of every server process (the backend serving pgbench and the background ones).
owner=$( [ "$(id -u)" -eq 0 ] && echo postgres || id -un )
server_ns() {
  local total=0 pid ns
  for pid in $(pgrep -u "$owner" -x postgres); do
    read -r ns _ < "/proc/$pid/schedstat" 2>/dev/null || continue
    total=$((total + ns))
  done
  echo "$total"
}
commits() { psql -c "SELECT xact_commit FROM pg_stat_database WHERE datname = 'postgres'"; }

as_pg "$pgbin/pgbench" -h "$tmp" -p "$port" -U postgres -n -M prepared -c 1 -T $((window + 6)) postgres > "$tmp/pgbench.out" 2>&1 &
bench=$!
sleep 3
ns0=$(server_ns); x0=$(commits)
sleep "$window"
ns1=$(server_ns); x1=$(commits)
wait "$bench" || { echo "$me: pgbench failed: $(tail -1 "$tmp/pgbench.out")" >&2; exit 1; }
# The first count's own query committed inside the window too.
txns=$((x1 - x0 - 1))
[ "$txns" -gt 0 ] || { echo "$me: no transaction committed in the window" >&2; exit 1; }
per_txn_us=$(awk -v n=$((ns1 - ns0)) -v t="$txns" 'BEGIN { printf "%.1f", n / t / 1000 }')
per_charge_us=$(awk -v u="$per_txn_us" -v c="$charges" 'BEGIN { printf "%.1f", u / c }')
tps=$(sed -n 's/^tps = \([0-9]*\).*/\1/p' "$tmp/pgbench.out" | head -1)

echo "scale,window_s,txns,pgbench_tps,server_cpu_us_per_txn,charges_per_txn,sim_cpu_us" > "$out/cpu.csv"
echo "$scale,$window,$txns,$tps,$per_txn_us,$charges,$per_charge_us" >> "$out/cpu.csv"
echo "PostgreSQL 15, tpcb-like, scale $scale, one client, prepared: $txns transactions in ${window} s ($tps tps),"
echo "server CPU $per_txn_us µs a transaction: --sim-cpu-us $per_charge_us (\"simCpuUs\": $per_charge_us) charges it on a simulated clock."
echo "results: $out/cpu.csv"
