# Sourced by the calibration scripts with their arguments (not run): their common options, then a
# private PostgreSQL 15 cluster for one configuration at a time, in a temp directory on a private
# port, stopped and removed on exit. Needs $me (the script's name, for messages), $help (the sed
# range of its header to print for --help) and $out (the default results directory); sets scale,
# txns, ckpt, out, pgbin, tmp, port and data, and defines as_pg, psql, pg_start (extra -c settings
# as arguments) and stop.
scale=10 txns=20000 ckpt=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    --txns) txns="$2"; shift 2 ;;
    --checkpoint-every) ckpt="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n "$help" "$0"; exit 0 ;;
    *) echo "$me: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ $((txns % ckpt)) -eq 0 ] || { echo "$me: --txns must be a multiple of --checkpoint-every" >&2; exit 2; }

pgbin=/usr/lib/postgresql/15/bin
if [ ! -x "$pgbin/postgres" ]; then
  [ "$(id -u)" -eq 0 ] || { echo "$me: PostgreSQL 15 is missing; run as root to install postgresql-15" >&2; exit 2; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-15 >/dev/null
fi
# The server refuses to run as root: as root, run it as the postgres user the package creates.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

dotnet build -c Release src/TornPages.Harness -v quiet -nologo >/dev/null
rm -rf "$out/tornbench"
mkdir -p "$out/tornbench"
out=$(cd "$out" && pwd)
tmp=$(mktemp -d)
chmod 755 "$tmp"
[ "$(id -u)" -eq 0 ] && chown postgres "$tmp"
port=$((54000 + RANDOM % 900))
data="$tmp/data"
stop() { as_pg "$pgbin/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 || true; }
trap 'stop; rm -rf "$tmp"' EXIT
psql() { as_pg "$pgbin/psql" -h "$tmp" -p "$port" -U postgres -Atq -v ON_ERROR_STOP=1 "$@"; }

# A fresh cluster, started with autovacuum off, checkpoints only when asked, and WAL kept.
pg_start() {
  local settings=() s
  for s in "$@"; do settings+=("-c $s"); done
  rm -rf "$data"
  as_pg "$pgbin/initdb" -D "$data" -U postgres --no-sync -A trust >/dev/null
  as_pg "$pgbin/pg_ctl" -D "$data" -l "$tmp/log" -w -o "-p $port -k $tmp -c listen_addresses='' \
    -c autovacuum=off -c checkpoint_timeout=1d -c max_wal_size=100GB -c min_wal_size=1GB -c wal_keep_size=100GB ${settings[*]}" start >/dev/null
}
