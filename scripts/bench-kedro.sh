#!/usr/bin/env bash
# Times one run of the spaceflights-shaped Kedro project
# (testdata/projects/kedro-spaceflights, 12 nodes) three ways on the same
# copy: `kedro run`, `kedro run --runner ParallelRunner`, and `kfc exec -j 2`
# (each kedro: node one Python process), then a no-op `kfc exec -j 2` rerun
# of the data_processing pipeline, whose outputs are all persisted, counting
# the Python processes it starts (there must be none).
#
# Needs Kedro: KFC_KEDRO_PYTHONPATH=<kedro checkout>:<kedro-datasets checkout>
# and KFC_PYTHON (default python3) with Kedro's dependencies and pandas
# (docs/kedro.md#tests).
#
# Usage: scripts/bench-kedro.sh [-n RUNS]   (default 3 runs of each; prints min and median seconds)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

runs=3
while getopts "n:h" opt; do
	case $opt in
	n) runs=$OPTARG ;;
	h)
		usage
		exit 0
		;;
	*) exit 2 ;;
	esac
done
: "${KFC_KEDRO_PYTHONPATH:?set KFC_KEDRO_PYTHONPATH to checkouts of kedro and kedro-datasets (docs/kedro.md#tests)}"
python=${KFC_PYTHON:-python3}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/kfc-bench-kedro.XXXXXX")
trap 'rm -rf "$work"' EXIT
(cd "$root" && go build -o "$work/kfc" ./cmd/kfc)
# A wrapper that counts the Python processes kfc starts.
cat >"$work/python" <<WRAP
#!/bin/sh
echo started >>"$work/python-starts"
exec "$python" "\$@"
WRAP
chmod +x "$work/python"
export PYTHONPATH=$KFC_KEDRO_PYTHONPATH KFC_PYTHON=$work/python

fresh() {
	rm -rf "$work/p"
	cp -r "$root/testdata/projects/kedro-spaceflights" "$work/p"
	rm -rf "$work/p"/data/0[2-8]* "$work/p/.kfc" "$work/p/kfc.lock"
}
seconds() { # command...: wall seconds of one run on a fresh copy
	fresh
	local t0 t1
	t0=$(date +%s.%N)
	# A failed run is counted, not timed (Kedro's ParallelRunner sometimes
	# deadlocks importing pandas in its workers on this machine).
	(cd "$work/p" && "$@") >"$work/out.log" 2>&1 || { echo FAIL; return; }
	t1=$(date +%s.%N)
	echo "$t1 - $t0" | bc
}
stats() { sort -n | awk '$1 == "FAIL" { f++; next } { a[++n] = $1 } END { if (n) printf "min %.2f s  median %.2f s  (%d runs", a[1], a[int((n + 1) / 2)], n; else printf "(no successful run"; printf "%s)\n", f ? ", " f " failed" : "" }'; }
row() { # label command...
	local label=$1
	shift
	printf '%-40s ' "$label"
	for _ in $(seq "$runs"); do seconds "$@"; done | stats
}
echo "machine: $(nproc) cores, $(uname -sr); $("$python" --version 2>&1); kfc $(cd "$root" && git rev-parse --short HEAD)"
row "kedro run" "$python" -m kedro run
row "kedro run --runner ParallelRunner" "$python" -m kedro run --runner ParallelRunner
row "kfc exec -j 2" "$work/kfc" exec -j 2
fresh
(cd "$work/p" && "$work/kfc" exec -j 2 --pipeline data_processing >/dev/null 2>&1)
rm -f "$work/python-starts"
t0=$(date +%s.%N)
(cd "$work/p" && "$work/kfc" exec -j 2 --pipeline data_processing >"$work/out.log" 2>&1)
t1=$(date +%s.%N)
printf '%-40s %.2f s, %d Python processes started\n' "no-op kfc exec -j 2 (data_processing)" "$(echo "$t1 - $t0" | bc)" "$(cat "$work/python-starts" 2>/dev/null | wc -l)"
