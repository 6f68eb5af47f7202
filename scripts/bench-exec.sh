#!/usr/bin/env bash
# Times `kfc exec` against make on generated projects of 1,000 trivial nodes
# (issue 8): a chain and a wide fan-out run from scratch with -j2, and a
# no-op rerun of 1,000 nodes over 1 GiB of inputs against `make -q`, timed in
# alternation (EXEC_RUNS rounds, default 5, NOOP_RUNS for the no-op, default
# 11) with the shell clock. Needs make; about 2 minutes and 1 GiB of disk.
# (The vet/build rows are scripts/bench.sh; -e adds them here too.)
#
# Usage: scripts/bench-exec.sh [-n RUNS] [-w WORKDIR] [-l] [-k] [-e]
#   -n RUNS     timed runs per vet/build command with -e (default 21, or $RUNS)
#   -e          also the vet/build rows of this script's first version
#   -w WORKDIR  where binaries and projects go (default ${TMPDIR:-/tmp}/kfc-bench);
#               its kfc, kfc-synth, d1000, d5000 and d5000-n2000 are replaced
#   -l          use the shell loop even if hyperfine is installed
#   -k          keep WORKDIR afterwards
# Prints min / median / p90 wall time in milliseconds per command.
set -euo pipefail

runs=${RUNS:-21}
work=${TMPDIR:-/tmp}/kfc-bench-exec
use_hyperfine=1
keep=0
exec_rows=1
vet_rows=0
while getopts "n:w:lkeEh" opt; do
	case $opt in
	n) runs=$OPTARG ;;
	w) work=$OPTARG ;;
	l) use_hyperfine=0 ;;
	k) keep=1 ;;
	e) vet_rows=1 ;;
	E) vet_rows=0 ;;
	h)
		awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
		exit 0
		;;
	*) exit 2 ;;
	esac
done
case $runs in
'' | *[!0-9]* | 0)
	echo "bench: -n needs a positive number" >&2
	exit 2
	;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
created_work=0
[ -d "$work" ] || created_work=1
mkdir -p "$work"
work=$(cd "$work" && pwd)
ours=(kfc kfc-synth plan.out d1000 d5000 d5000-n2000 x-chain x-fanout x-noop x-noop.plan.json clean.sh pairs.txt build.log hyperfine.json hyperfine.err)
cleanup() {
	if [ "$created_work" = 1 ]; then
		rm -rf "$work"
	else
		for f in "${ours[@]}"; do rm -rf "${work:?}/$f"; done
	fi
}
if [ "$keep" = 0 ]; then
	trap cleanup EXIT
fi

if [ "$use_hyperfine" = 1 ] && ! command -v hyperfine >/dev/null 2>&1; then
	use_hyperfine=0
fi

# --- clock for the shell loop: microseconds ------------------------------
# bash 5's $EPOCHREALTIME reads the clock without starting a process, so
# the loop adds almost nothing to what it measures; date +%s%N costs a fork.
if [ -n "${EPOCHREALTIME:-}" ]; then
	now_us() { local t=${EPOCHREALTIME/[.,]/}; echo "$t"; }
elif [ "$(date +%N 2>/dev/null)" != "%N" ] && [ -n "$(date +%N 2>/dev/null)" ]; then
	now_us() { echo $(($(date +%s%N) / 1000)); }
elif command -v python3 >/dev/null 2>&1; then
	now_us() { python3 -c 'import time; print(time.time_ns() // 1000)'; }
else
	echo "bench: no sub-second clock (need bash 5, GNU date or python3)" >&2
	exit 2
fi

# --- build ----------------------------------------------------------------
synth="$work/kfc-synth"
kfc="$work/kfc"
go build -o "$synth" ./cmd/kfc-synth
have_kfc=1
if [ ! -d cmd/kfc ]; then
	echo "bench: cmd/kfc does not exist yet; timing the baselines only" >&2
	have_kfc=0
elif ! go build -o "$kfc" ./cmd/kfc 2>"$work/build.log"; then
	echo "bench: go build ./cmd/kfc failed; timing the baselines only:" >&2
	sed 's/^/  /' "$work/build.log" >&2
	have_kfc=0
fi

# --- projects -------------------------------------------------------------
# name|kfc-synth flags
projects=(
	"d1000|-datasets 1000 -params 200 -nodes 0 -factories 8 -seed 1"
	"d5000|-datasets 5000 -params 1000 -nodes 0 -factories 8 -seed 1"
	"d5000-n2000|-datasets 5000 -params 1000 -nodes 2000 -factories 8 -seed 1"
)
if [ "$vet_rows" = 0 ]; then projects=(); fi
for p in "${projects[@]}"; do
	name=${p%%|*}
	rm -rf "${work:?}/$name"
	# shellcheck disable=SC2086 # the flags are meant to split
	"$synth" ${p#*|} -o "$work/$name"
done
if [ "$exec_rows" = 1 ]; then
	if ! command -v make >/dev/null 2>&1; then
		echo "bench: make is not installed (apt-get install make); no kfc exec rows" >&2
		exec_rows=0
	else
		for x in "x-chain|-exec chain -nodes 1000" "x-fanout|-exec fanout -nodes 1000" "x-noop|-exec fanout -nodes 1000 -input-mb 1024"; do
			rm -rf "${work:?}/${x%%|*}"
			# shellcheck disable=SC2086
			"$synth" ${x#*|} -o "$work/${x%%|*}"
		done
	fi
fi

# --- timing ---------------------------------------------------------------
# stats reads one time in ms per line and prints "min median p90"
# (p90 by nearest rank).
stats() {
	sort -g | awk '
		{ t[NR] = $1 }
		END {
			n = NR
			if (n == 0) { print "- - -"; exit }
			med = (n % 2) ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2
			r = int(0.9 * n); if (r < 0.9 * n) r++
			printf "%.2f %.2f %.2f\n", t[1], med, t[r]
		}'
}

# measure CMD... prints "min median p90" in ms, after two warm-up runs.
measure() {
	if [ "$use_hyperfine" = 1 ]; then
		local json="$work/hyperfine.json"
		# hyperfine's outlier warnings would interleave with the table; its
		# stderr is shown only when it fails.
		if ! hyperfine -N --style none --warmup 2 --runs "$runs" -i \
			--export-json "$json" -- "$(printf '%q ' "$@")" >/dev/null 2>"$work/hyperfine.err"; then
			cat "$work/hyperfine.err" >&2
			echo "- - -"
			return
		fi
		awk '/"times": *\[/ { in_times = 1; next }
			in_times && /\]/ { in_times = 0 }
			in_times { gsub(/[ ,]/, ""); if ($0 != "") printf "%.6f\n", $0 * 1000 }' "$json" | stats
		return
	fi
	local i start end
	"$@" >/dev/null 2>&1 || true
	"$@" >/dev/null 2>&1 || true
	for ((i = 0; i < runs; i++)); do
		start=$(now_us)
		"$@" >/dev/null 2>&1 || true
		end=$(now_us)
		awk -v d="$((end - start))" 'BEGIN { printf "%.3f\n", d / 1000 }'
	done | stats
}

# measure_pair PREP A... -- B... times A and B in alternation, PREP (a
# command line, split on spaces) before each, outside the timing: one
# warm-up each, then PAIR_RUNS rounds of A then B, so that both see the same
# load on a shared machine. Prints "min median p90 of A|... of B|median of
# the per-round ratios A/B".
measure_pair() {
	local prep=$1
	shift
	local a=() b=()
	while [ "$1" != "--" ]; do
		a+=("$1")
		shift
	done
	shift
	b=("$@")
	local i start end ta tb pairs="$work/pairs.txt"
	: >"$pairs"
	$prep
	"${a[@]}" >/dev/null 2>&1 || true
	$prep
	"${b[@]}" >/dev/null 2>&1 || true
	for ((i = 0; i < pair_runs; i++)); do
		$prep
		start=$(now_us)
		"${a[@]}" >/dev/null 2>&1 || true
		end=$(now_us)
		ta=$((end - start))
		$prep
		start=$(now_us)
		"${b[@]}" >/dev/null 2>&1 || true
		end=$(now_us)
		tb=$((end - start))
		echo "$ta $tb" >>"$pairs"
	done
	printf '%s|%s|%s\n' \
		"$(awk '{ printf "%.3f\n", $1 / 1000 }' "$pairs" | stats)" \
		"$(awk '{ printf "%.3f\n", $2 / 1000 }' "$pairs" | stats)" \
		"$(awk '$2 > 0 { printf "%.4f\n", $1 / $2 }' "$pairs" | stats | awk '{ printf "%.2fx", $2 }')"
}

# check_clean runs kfc vet once and says whether the project is clean, since a
# run that stops at the first error would time something else.
check_clean() {
	local out status=0
	out=$("$kfc" vet "$1" 2>&1) || status=$?
	if [ "$status" != 0 ] || [ -n "$out" ]; then
		echo "bench: kfc vet $1 exited $status with output (timed anyway):" >&2
		printf '%s\n' "$out" | head -n 5 | sed 's/^/  /' >&2
		echo "findings"
	else
		echo "clean"
	fi
}

true_bin=/bin/true
[ -x "$true_bin" ] || true_bin=/usr/bin/true

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
[ -n "$cpu" ] || cpu=$(sysctl -n machdep.cpu.brand_string 2>/dev/null || echo unknown)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain 2>/dev/null)" ]; then commit="$commit (dirty)"; fi
echo "machine: $(uname -srm), $cpu, $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs"
echo "go: $(go env GOVERSION)  kfc: $commit  runs: $runs  timer: $([ "$use_hyperfine" = 1 ] && echo hyperfine || echo shell loop)"
# A shared machine's load changes every number; it is printed at the start
# and at the end.
loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime | sed 's/.*average: //'; }
echo "load average at the start: $(loadavg)"
echo

rows=()
row() { rows+=("$1|$2|$3"); } # label|min median p90|note

row "/bin/true" "$(measure "$true_bin")" ""
baseline=""
if [ "$have_kfc" = 1 ] && [ "$vet_rows" = 1 ]; then
	if "$kfc" version >/dev/null 2>&1; then
		baseline=$(measure "$kfc" version)
		row "kfc version" "$baseline" ""
	else
		echo "bench: 'kfc version' failed; no kfc start-up baseline" >&2
	fi
	row "kfc vet examples/spaceflights" "$(measure "$kfc" vet examples/spaceflights)" "$(check_clean examples/spaceflights)"
	for p in "${projects[@]}"; do
		name=${p%%|*}
		row "kfc vet $name" "$(measure "$kfc" vet "$work/$name")" "$(check_clean "$work/$name")"
	done
	# The reference point of the issue: Python's jsonschema validating the
	# same catalog against Kedro's published catalog schema (when the shared
	# corpus, python3, PyYAML and jsonschema are available).
	schema_json="$root/../shared/corpus/kedro/jsonschema/kedro-catalog-1.0.0.json"
	if [ -f "$schema_json" ] && python3 -c 'import jsonschema, yaml' 2>/dev/null; then
		# It takes seconds a run: 3 runs are enough.
		row "python jsonschema d5000 catalog" "$(runs=3 measure python3 "$root/scripts/jsonschema_catalog.py" "$schema_json" "$work/d5000")" "baseline, 3 runs"
	fi
	# kfc build vets first, then compiles and writes the plan.
	row "kfc build examples/spaceflights" "$(measure "$kfc" build examples/spaceflights -o "$work/plan.out")" ""
	row "kfc build d5000-n2000" "$(measure "$kfc" build "$work/d5000-n2000" -o "$work/plan.out")" ""
fi

# --- kfc exec against make (issue 8) --------------------------------------
if [ "$have_kfc" = 1 ] && [ "$exec_rows" = 1 ]; then
	cat >"$work/clean.sh" <<'CLEAN'
rm -rf "$1/.kfc" "$1/kfc.lock" && find "$1/data/02_intermediate" -type f -delete
CLEAN
	pair_runs=${EXEC_RUNS:-5}
	for shape in chain fanout; do
		d="$work/x-$shape"
		# From scratch each time: no outputs, no kfc.lock, no cache, no runs.
		IFS='|' read -r k m ratio <<<"$(measure_pair "bash $work/clean.sh $d" "$kfc" exec -j2 "$d" -- make -s -j2 -C "$d")"
		row "kfc exec -j2 1000 $shape" "$k" "$ratio make (paired), $pair_runs runs"
		row "make -j2 1000 $shape" "$m" "$pair_runs runs"
	done
	d="$work/x-noop"
	# One real run first; then every run is a no-op (nothing changed).
	"$kfc" exec -j2 "$d" >/dev/null 2>&1 || echo "bench: the first kfc exec of x-noop failed" >&2
	"$kfc" build "$d" -o "$work/x-noop.plan.json"
	pair_runs=${NOOP_RUNS:-11}
	IFS='|' read -r k mq ratio <<<"$(measure_pair true "$kfc" exec -j2 "$d" -- make -q -C "$d")"
	IFS='|' read -r kp mq2 ratio2 <<<"$(measure_pair true "$kfc" exec -j2 -C "$d" "$work/x-noop.plan.json" -- make -q -C "$d")"
	row "kfc exec no-op 1000/1GiB" "$k" "$ratio make -q (paired); vet + build + check"
	row "kfc exec PLAN no-op 1000/1GiB" "$kp" "$ratio2 make -q (paired); plan given"
	row "make -q 1000/1GiB" "$mq" "$(awk '{ print $2 }' <<<"$mq2") ms median in the second pairing"
	echo "no-op runs: $(find "$d/.kfc/runs" -mindepth 1 -maxdepth 1 | wc -l) run folders in x-noop at the end"
	rm -rf "$d/.kfc/runs"
fi

base_median=$(echo "$baseline" | awk '{ print $2 }')
printf '%-32s %9s %9s %9s %10s  %s\n' command "min ms" "median ms" "p90 ms" "x version" note
for r in "${rows[@]}"; do
	IFS='|' read -r label times note <<<"$r"
	read -r lo med hi <<<"$times"
	ratio=-
	if [ -n "$base_median" ]; then
		ratio=$(awk -v a="$med" -v b="$base_median" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }')
	fi
	printf '%-32s %9s %9s %9s %10s  %s\n' "$label" "$lo" "$med" "$hi" "$ratio" "$note"
done
echo "load average at the end: $(loadavg)"
if [ "$keep" = 1 ]; then
	echo
	echo "projects kept in $work"
fi
