#!/usr/bin/env bash
# Times `kfc vet` (and `kfc build`) as a whole process (start-up, load, checks, exit) on the
# example project and on generated projects of 1,000 and 5,000 datasets
# (and 5,000 datasets + 2,000 nodes), next to baselines measured the same
# way: /bin/true (process start-up), `kfc version` (kfc's own start-up) and
# the yaml.v3 parse-only floor (scripts/yamlfloor: parse the same files, nothing else).
# Then 3,000 factory patterns against 3,000 explicit entries, and the growth
# curve: CPU and peak memory per dataset at 5,000 and 50,000 datasets (and
# 500,000 and 1,000,000 with -b).
#
# With -e (or -E for those rows only) it also times `kfc exec` against make
# on generated projects of 1,000 trivial nodes (issue 8): a chain and a wide
# fan-out run from scratch with -j2, and a no-op rerun of 1,000 nodes over
# 1 GiB of inputs against `make -q`, timed in alternation (EXEC_RUNS rounds,
# default 5, NOOP_RUNS for the no-op, default 11) with the shell clock.
#
# With -r REV it compares two revisions instead (docs/bench.md, "Comparing two
# revisions"): kfc built at REV (from git archive; the checkout is not touched)
# against the working tree, or against -a REV2, on the vet and build rows, the
# two binaries in alternation (before, after, before, after ...); it prints the
# median wall and CPU time of each and the ratios after / before.
#
# Usage: scripts/bench.sh [-n RUNS] [-w WORKDIR] [-l] [-k] [-b] [-B RUNS] [-e|-E|-N]
#        scripts/bench.sh -r REV [-a REV2] [-n RUNS] [-w WORKDIR] [-k]
#   -n RUNS     timed runs per command (default 21, or $RUNS); with -r, rounds
#   -r REV      compare kfc at REV (before) with the working tree (after)
#   -a REV2     with -r: after is kfc at REV2 instead of the working tree
#   -e          also the kfc exec rows (needs make; about 2 minutes and 1 GiB of disk)
#   -E          only the kfc exec rows
#   -N          only the kfc exec no-op rows (against make -q)
#   -w WORKDIR  where binaries and projects go (default ${TMPDIR:-/tmp}/kfc-bench);
#               its kfc, kfc-synth, yamlfloor and generated projects are replaced
#   -l          use the shell loop even if hyperfine is installed
#   -k          keep WORKDIR afterwards
#   -b          add the 500,000- and 1,000,000-dataset rows to the growth curve
#               (minutes of CPU and about 6 GB of memory: not on a busy machine)
#   -B RUNS     runs per big row (default 1)
# Prints min / median / p90 wall time and the median CPU time (user + system)
# in milliseconds per command, then the ratios the targets are stated in.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

runs=${RUNS:-21}
work=${TMPDIR:-/tmp}/kfc-bench
use_hyperfine=1
keep=0
big=0
big_runs=1
exec_rows=0
vet_rows=1
rev=""
rev_after=""
noop_only=0
while getopts "n:w:lkbB:eENr:a:h" opt; do
	case $opt in
	n) runs=$OPTARG ;;
	w) work=$OPTARG ;;
	l) use_hyperfine=0 ;;
	k) keep=1 ;;
	b) big=1 ;;
	B) big_runs=$OPTARG ;;
	e) exec_rows=1 ;;
	E) exec_rows=1 vet_rows=0 ;;
	r) rev=$OPTARG ;;
	a) rev_after=$OPTARG ;;
	N) exec_rows=1 vet_rows=0 noop_only=1 ;;
	h)
		usage
		exit 0
		;;
	*) exit 2 ;;
	esac
done
positive "bench: -n and -B need a positive number" "$runs" "$big_runs"

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ -n "$rev_after" ] && [ -z "$rev" ]; then
	echo "bench: -a goes with -r" >&2
	exit 2
fi
if [ -n "$rev" ]; then
	if [ "$exec_rows" = 1 ] || [ "$big" = 1 ]; then
		echo "bench: -r compares the vet and build rows only (not with -e, -E, -N or -b)" >&2
		exit 2
	fi
	for r in "$rev" $rev_after; do
		if ! git rev-parse --verify --quiet "$r^{commit}" >/dev/null; then
			echo "bench: $r is not a commit of this repository" >&2
			exit 2
		fi
	done
fi
created_work=0
[ -d "$work" ] || created_work=1
mkdir -p "$work"
work=$(cd "$work" && pwd)
ours=(kfc kfc-before src-kfc src-kfc-before cpu-a.txt cpu-b.txt kfc-synth yamlfloor d1000 d3000 f3000 d5000 d5000-n2000 d50000 d500000 d1000000 x-chain x-fanout x-noop x-noop.plan.json clean.sh trash pairs.txt build.log hyperfine.json hyperfine.err)
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
floor="$work/yamlfloor"
go build -o "$synth" ./cmd/kfc-synth
go build -o "$floor" ./scripts/yamlfloor
have_kfc=1
if [ ! -d cmd/kfc ]; then
	echo "bench: cmd/kfc does not exist yet; timing the baselines only" >&2
	have_kfc=0
elif ! go build -o "$kfc" ./cmd/kfc 2>"$work/build.log"; then
	echo "bench: go build ./cmd/kfc failed; timing the baselines only:" >&2
	sed 's/^/  /' "$work/build.log" >&2
	have_kfc=0
fi

# build_rev REV NAME builds cmd/kfc as it is at REV into $work/NAME, from a
# git archive of REV in $work/src-NAME: the checkout and its worktrees are not
# touched. Without a .git there is no VCS stamp to read (-buildvcs=false).
# The folder's path is the same on every run with the same WORKDIR, so Go's
# build cache serves a revision built before (-trimpath would rebuild std).
build_rev() {
	local src="$work/src-$2"
	rm -rf "$src"
	mkdir -p "$src"
	git archive --format=tar "$1" | tar -x -C "$src"
	if ! (cd "$src" && go build -buildvcs=false -o "$work/$2" ./cmd/kfc) 2>"$work/build.log"; then
		echo "bench: go build ./cmd/kfc at $1 failed:" >&2
		sed 's/^/  /' "$work/build.log" >&2
		exit 1
	fi
}
if [ -n "$rev" ]; then
	if [ "$have_kfc" = 0 ] && [ -z "$rev_after" ]; then
		echo "bench: -r needs kfc to build in the working tree (or -a REV2)" >&2
		exit 1
	fi
	build_rev "$rev" kfc-before
	if [ -n "$rev_after" ]; then build_rev "$rev_after" kfc; fi
fi

# --- projects -------------------------------------------------------------
# name|kfc-synth flags
projects=(
	"d1000|-datasets 1000 -params 200 -nodes 0 -factories 8 -seed 1"
	"d5000|-datasets 5000 -params 1000 -nodes 0 -factories 8 -seed 1"
	"d5000-n2000|-datasets 5000 -params 1000 -nodes 2000 -factories 8 -seed 1"
)
# Timed like the others, reported as a ratio: patterns against entries.
factory_projects=(
	"d3000|-datasets 3000 -params 100 -nodes 0 -factories 8 -seed 1"
	"f3000|-datasets 0 -params 100 -nodes 0 -factories 3000 -seed 1"
)
# The growth curve: same shape, ten times larger each step.
growth=("d5000|" "d50000|-datasets 50000 -params 1000 -nodes 0 -factories 8 -seed 1")
if [ "$big" = 1 ]; then
	growth+=("d500000|-datasets 500000 -params 1000 -nodes 0 -factories 8 -seed 1"
		"d1000000|-datasets 1000000 -params 1000 -nodes 0 -factories 8 -seed 1")
fi
if [ "$vet_rows" = 0 ]; then projects=() factory_projects=() growth=(); fi
if [ -n "$rev" ]; then growth=(); fi # the comparison has no growth rows
for p in "${projects[@]}" "${factory_projects[@]}" "${growth[@]}"; do
	[ -n "${p#*|}" ] || continue # d5000 is generated above
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
		xs=("x-chain|-exec chain -nodes 1000" "x-fanout|-exec fanout -nodes 1000" "x-noop|-exec fanout -nodes 1000 -input-mb 1024")
		[ "$noop_only" = 1 ] && xs=("${xs[2]}")
		for x in "${xs[@]}"; do
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

# cpu CMD... prints the median CPU time (user + system) in ms of RUNS runs
# (after one warm-up), from bash's own `time`, which reads the children's
# resource usage: the shell's fork and exec are not counted.
cpu() {
	local i
	"$@" >/dev/null 2>&1 || true
	for ((i = 0; i < runs; i++)); do
		{ TIMEFORMAT='%3U %3S'; time "$@" >/dev/null 2>&1; } 2>&1 | awk '{ printf "%.3f\n", ($1 + $2) * 1000 }'
	done | stats | awk '{ print $2 }'
}

# grow CMD... runs CMD RUNS times (no warm-up: big rows are slow) and
# prints "median-wall-s median-cpu-s peak-rss-KiB", with GNU time when there
# is one (for the peak memory), else bash's time ("-" for the memory).
gtime=""
if /usr/bin/time -f %M true >/dev/null 2>&1; then gtime=/usr/bin/time; fi
grow() {
	local i out=$work/grow.out
	: >"$out"
	for ((i = 0; i < runs; i++)); do
		if [ -n "$gtime" ]; then
			"$gtime" -f '%e %U %S %M' -o "$out.1" "$@" >/dev/null 2>&1 || true
			cat "$out.1" >>"$out"
		else
			{ TIMEFORMAT='%3R %3U %3S'; time "$@" >/dev/null 2>&1; } 2>&1 | awk '{ print $1, $2, $3, "-" }' >>"$out"
		fi
	done
	awk '{ w[NR] = $1; c[NR] = $2 + $3; if ($4 != "-" && $4 > m) m = $4; if ($4 == "-") nm = 1 }
		function med(a, n,   i, j, t) {
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
			return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		END { printf "%.3f %.3f %s\n", med(w, NR), med(c, NR), nm ? "-" : m }' "$out"
	rm -f "$out" "$out.1"
}

# measure_pair PREP A... -- B... times A and B in alternation, PREP (a
# command line, split on spaces) before each, outside the timing: one
# warm-up each, then PAIR_RUNS rounds of A then B, so that both see the same
# load on a shared machine. Prints "min median p90 of A|... of B|median of
# the per-round ratios A/B|min median p90 CPU (user + system) of A|... of B";
# the CPU comes from bash's `time` around the same runs.
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
	local cpu_a="$work/cpu-a.txt" cpu_b="$work/cpu-b.txt" TIMEFORMAT='%3U %3S'
	: >"$pairs"
	: >"$cpu_a"
	: >"$cpu_b"
	$prep
	"${a[@]}" >/dev/null 2>&1 || true
	$prep
	"${b[@]}" >/dev/null 2>&1 || true
	for ((i = 0; i < pair_runs; i++)); do
		$prep
		start=$(now_us)
		{ time "${a[@]}" >/dev/null 2>&1; } 2>>"$cpu_a" || true
		end=$(now_us)
		ta=$((end - start))
		$prep
		start=$(now_us)
		{ time "${b[@]}" >/dev/null 2>&1; } 2>>"$cpu_b" || true
		end=$(now_us)
		tb=$((end - start))
		echo "$ta $tb" >>"$pairs"
	done
	printf '%s|%s|%s|%s|%s\n' \
		"$(awk '{ printf "%.3f\n", $1 / 1000 }' "$pairs" | stats)" \
		"$(awk '{ printf "%.3f\n", $2 / 1000 }' "$pairs" | stats)" \
		"$(awk '$2 > 0 { printf "%.4f\n", $1 / $2 }' "$pairs" | stats | awk '{ printf "%.2fx", $2 }')" \
		"$(awk '{ printf "%.3f\n", ($1 + $2) * 1000 }' "$cpu_a" | stats)" \
		"$(awk '{ printf "%.3f\n", ($1 + $2) * 1000 }' "$cpu_b" | stats)"
}

# ratio A B prints A / B to two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

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
if [ -n "$rev" ]; then
	echo "go: $(go env GOVERSION)  rounds: $runs  timer: shell loop, before and after in alternation"
	echo "before: $(git log -1 --format='%h %s' "$rev" | cut -c1-72)"
	if [ -n "$rev_after" ]; then
		echo "after:  $(git log -1 --format='%h %s' "$rev_after" | cut -c1-72)"
	else
		echo "after:  working tree, $commit"
	fi
else
	echo "go: $(go env GOVERSION)  kfc: $commit  runs: $runs  timer: $([ "$use_hyperfine" = 1 ] && echo hyperfine || echo shell loop)"
fi
# A shared machine's load changes every number; it is printed at the start
# and at the end.
loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime | sed 's/.*average: //'; }
echo "load average at the start: $(loadavg)"
echo

# --- two revisions side by side (-r) --------------------------------------
if [ -n "$rev" ]; then
	before="$work/kfc-before"
	# Both binaries read the same projects: the generated ones, and the example
	# project as the after side has it.
	example=examples/spaceflights
	[ -z "$rev_after" ] || example="$work/src-kfc/examples/spaceflights"
	pair_runs=$runs
	printf '%-30s %10s %10s %7s %10s %10s %7s  %s\n' row "before ms" "after ms" "x" "before cpu" "after cpu" "x" note
	# compare LABEL PROJECT ARGS... times `kfc ARGS` of both binaries.
	compare() {
		local label=$1 project=$2 note nb na wb wa x cb ca
		shift 2
		nb=$(kfc=$before check_clean "$project")
		na=$(check_clean "$project")
		note=$nb
		[ "$nb" = "$na" ] || note="before $nb, after $na"
		IFS='|' read -r wb wa x cb ca <<<"$(measure_pair true "$before" "$@" -- "$kfc" "$@")"
		wb=$(awk '{ print $2 }' <<<"$wb") wa=$(awk '{ print $2 }' <<<"$wa")
		cb=$(awk '{ print $2 }' <<<"$cb") ca=$(awk '{ print $2 }' <<<"$ca")
		printf '%-30s %10s %10s %7s %10s %10s %7s  %s\n' "$label" "$wb" "$wa" "$(ratio "$wa" "$wb")" "$cb" "$ca" "$(ratio "$ca" "$cb")" "$note"
	}
	compare "kfc vet examples/spaceflights" "$example" vet "$example"
	for p in "${projects[@]}" "${factory_projects[@]}"; do
		name=${p%%|*}
		compare "kfc vet $name" "$work/$name" vet "$work/$name"
	done
	compare "kfc build examples/spaceflights" "$example" build "$example" -o /dev/null
	compare "kfc build d5000-n2000" "$work/d5000-n2000" build "$work/d5000-n2000" -o /dev/null
	echo
	echo "medians of $runs rounds (one warm-up each); x is after / before"
	echo "load average at the end: $(loadavg)"
	exit 0
fi

rows=()
row() { rows+=("$1|$2|$3|$4"); } # label|min median p90|cpu median|note

row "/bin/true" "$(measure "$true_bin")" "$(cpu "$true_bin")" ""
baseline=""
if [ "$have_kfc" = 1 ] && [ "$vet_rows" = 1 ]; then
	if "$kfc" version >/dev/null 2>&1; then
		baseline=$(measure "$kfc" version)
		row "kfc version" "$baseline" "$(cpu "$kfc" version)" ""
	else
		echo "bench: 'kfc version' failed; no kfc start-up baseline" >&2
	fi
	row "kfc vet examples/spaceflights" "$(measure "$kfc" vet examples/spaceflights)" "$(cpu "$kfc" vet examples/spaceflights)" "$(check_clean examples/spaceflights)"
	floor_cpu=$(cpu "$floor" "$work/d5000")
	row "yaml.v3 parse-only d5000" "$(measure "$floor" "$work/d5000")" "$floor_cpu" "floor"
	for p in "${projects[@]}" "${factory_projects[@]}"; do
		name=${p%%|*}
		c=$(cpu "$kfc" vet "$work/$name")
		eval "cpu_${name//-/_}=$c"
		row "kfc vet $name" "$(measure "$kfc" vet "$work/$name")" "$c" "$(check_clean "$work/$name")"
	done
	# The reference point of the issue: Python's jsonschema validating the
	# same catalog against Kedro's published catalog schema (when the shared
	# corpus, python3, PyYAML and jsonschema are available).
	schema_json="$root/../shared/corpus/kedro/jsonschema/kedro-catalog-1.0.0.json"
	if [ -f "$schema_json" ] && python3 -c 'import jsonschema, yaml' 2>/dev/null; then
		# It takes seconds a run: 3 runs are enough.
		row "python jsonschema d5000 catalog" "$(runs=3 measure python3 "$root/scripts/jsonschema_catalog.py" "$schema_json" "$work/d5000")" "$(runs=3 cpu python3 "$root/scripts/jsonschema_catalog.py" "$schema_json" "$work/d5000")" "baseline, 3 runs"
	fi
	# kfc build vets first, then compiles and writes the plan.
	row "kfc build examples/spaceflights" "$(measure "$kfc" build examples/spaceflights -o /dev/null)" "$(cpu "$kfc" build examples/spaceflights -o /dev/null)" ""
	cpu_build_n2000=$(cpu "$kfc" build "$work/d5000-n2000" -o /dev/null)
	row "kfc build d5000-n2000" "$(measure "$kfc" build "$work/d5000-n2000" -o /dev/null)" "$cpu_build_n2000" ""
	# The growth curve: few runs, since the big rows take minutes.
	growth_rows=()
	for p in "${growth[@]}"; do
		name=${p%%|*}
		n=${name#d}
		r=$runs
		[ "$n" -ge 500000 ] && r=$big_runs
		[ "$n" -lt 500000 ] && [ "$r" -gt 5 ] && r=5
		note=$(check_clean "$work/$name")
		growth_rows+=("$n|$(runs=$r grow "$kfc" vet "$work/$name")|$r|$note")
	done
fi

# --- kfc exec against make (issue 8) --------------------------------------
if [ "$have_kfc" = 1 ] && [ "$exec_rows" = 1 ]; then
	# Each from-scratch run starts with the previous run's writes on disk
	# (sync, untimed): else the writeback and journal commits of one
	# tool's 1,000 files land in the other's timed run. The previous run's
	# outputs and .kfc are moved aside, not deleted, until the timed runs
	# are over: on ext4 without a journal (these machines) a new inode
	# skips every inode of its group deleted in the last 60 s
	# (fs/ext4/ialloc.c, RECENTCY_MIN), one lookup each, so deleting 1,000
	# files before each run made each tool's next 1,000 creations slower
	# run after run (docs/bench.md, "sixth pass").
	cat >"$work/clean.sh" <<'CLEAN'
t="$2/$(date +%s%N)" && mkdir -p "$t" && rm -f "$1/kfc.lock" &&
	{ [ ! -e "$1/.kfc" ] || mv "$1/.kfc" "$t/kfc"; } &&
	mv "$1/data/02_intermediate" "$t/out" && mkdir "$1/data/02_intermediate" && sync
CLEAN
	pair_runs=${EXEC_RUNS:-5}
	shapes=(chain fanout)
	[ "$noop_only" = 1 ] && shapes=()
	sync # the generated projects are on disk before anything is timed
	for shape in "${shapes[@]}"; do
		d="$work/x-$shape"
		# From scratch each time: no outputs, no kfc.lock, no cache, no runs.
		IFS='|' read -r k m ratio _ <<<"$(measure_pair "bash $work/clean.sh $d $work/trash" "$kfc" exec -j2 "$d" -- make -s -j2 -C "$d")"
		row "kfc exec -j2 1000 $shape" "$k" "-" "$ratio make (paired), $pair_runs runs"
		row "make -j2 1000 $shape" "$m" "-" "$pair_runs runs"
	done
	d="$work/x-noop"
	# One real run first; then every run is a no-op (nothing changed).
	"$kfc" exec -j2 "$d" >/dev/null 2>&1 || echo "bench: the first kfc exec of x-noop failed" >&2
	"$kfc" build "$d" -o "$work/x-noop.plan.json"
	# The 1 GiB of inputs and that run's outputs are written back now, not
	# during the timed runs: a file system busy writing back slows every
	# fsync (kfc's manifest, MLflow's SQLite) while make -q writes nothing.
	sync
	pair_runs=${NOOP_RUNS:-11}
	# With the up-to-date stamp (docs/exec.md): the warm-up run records it.
	IFS='|' read -r k mq ratio _ <<<"$(measure_pair true "$kfc" exec -j2 "$d" -- make -q -C "$d")"
	IFS='|' read -r kp mq2 ratio2 _ <<<"$(measure_pair true "$kfc" exec -j2 -C "$d" "$work/x-noop.plan.json" -- make -q -C "$d")"
	# Without it (removed before each run): vet, build (or the plan file's check) and every decision.
	nostamp="rm -rf $d/.kfc/cache/stamps"
	IFS='|' read -r kn _ ration _ <<<"$(measure_pair "$nostamp" "$kfc" exec -j2 "$d" -- make -q -C "$d")"
	IFS='|' read -r kpn _ ratiopn _ <<<"$(measure_pair "$nostamp" "$kfc" exec -j2 -C "$d" "$work/x-noop.plan.json" -- make -q -C "$d")"
	row "kfc exec no-op 1000/1GiB" "$k" "-" "$ratio make -q (paired); from the stamp"
	row "kfc exec PLAN no-op 1000/1GiB" "$kp" "-" "$ratio2 make -q (paired); plan given, from the stamp"
	row "kfc exec no-op, no stamp" "$kn" "-" "$ration make -q (paired); vet + build + decisions"
	row "kfc exec PLAN no-op, no stamp" "$kpn" "-" "$ratiopn make -q (paired); plan given, decisions"
	row "make -q 1000/1GiB" "$mq" "-" "$(awk '{ print $2 }' <<<"$mq2") ms median in the second pairing"
	echo "no-op runs: $(find "$d/.kfc/runs" -mindepth 1 -maxdepth 1 | wc -l) run folders in x-noop at the end"
	rm -rf "$d/.kfc/runs" "$work/trash" # deleted after every timed run (see clean.sh)
fi

base_median=$(echo "$baseline" | awk '{ print $2 }')
printf '%-32s %9s %9s %9s %10s %9s  %s\n' command "min ms" "median ms" "p90 ms" "x version" "cpu ms" note
for r in "${rows[@]}"; do
	IFS='|' read -r label times cpums note <<<"$r"
	read -r lo med hi <<<"$times"
	ratio=-
	if [ -n "$base_median" ]; then
		ratio=$(awk -v a="$med" -v b="$base_median" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }')
	fi
	printf '%-32s %9s %9s %9s %10s %9s  %s\n' "$label" "$lo" "$med" "$hi" "$ratio" "$cpums" "$note"
done
if [ "$have_kfc" = 1 ] && [ "$vet_rows" = 1 ]; then
	echo
	echo "ratios of median CPU times (this run):"
	echo "  kfc vet d5000 / yaml.v3 parse-only d5000: $(ratio "$cpu_d5000" "$floor_cpu")  (goal: at most 1.8)"
	echo "  kfc vet f3000 (3,000 patterns) / kfc vet d3000 (3,000 entries): $(ratio "$cpu_f3000" "$cpu_d3000")  (goal: under 2)"
	per_ds=$(awk -v a="$cpu_d5000" -v b="$cpu_d1000" 'BEGIN { printf "%.1f", (a - b) * 1000 / 4000 }')
	per_node=$(awk -v a="$cpu_d5000_n2000" -v b="$cpu_d5000" 'BEGIN { printf "%.1f", (a - b) * 1000 / 2000 }')
	# Per item (docs/bench.md, "Per item"): the slope between two sizes, so
	# start-up and fixed costs cancel; a node in build carries everything
	# build adds to vet, since the plan holds only what nodes use.
	per_build=$(awk -v a="$cpu_build_n2000" -v b="$cpu_d5000" 'BEGIN { printf "%.1f", (a - b) * 1000 / 2000 }')
	echo "  per dataset (vet d5000 - vet d1000) / 4,000: $per_ds us"
	echo "  per pipeline node in vet (vet d5000-n2000 - vet d5000) / 2,000: $per_node us; in build (build d5000-n2000 - vet d5000) / 2,000: $per_build us  (goal: both at most per dataset)"
	echo "  (these slopes move by up to 2x from one script run to the next on a shared machine; scripts/peritem.sh measures them in process)"
	echo
	echo "growth (kfc vet, medians; peak memory is the largest maximum RSS of the runs):"
	printf '%10s %5s %9s %9s %12s %9s %12s %12s  %s\n' datasets runs "wall s" "cpu s" "cpu us/ds" "x d5000" "peak MiB" "KiB/ds" note
	base_per=""
	for g in "${growth_rows[@]}"; do
		IFS='|' read -r n vals r note <<<"$g"
		read -r wall cpus rss <<<"$vals"
		per=$(awk -v c="$cpus" -v n="$n" 'BEGIN { printf "%.1f", c * 1e6 / n }')
		[ -n "$base_per" ] || base_per=$per
		mib=-
		kib=-
		if [ "$rss" != "-" ]; then
			mib=$(awk -v m="$rss" 'BEGIN { printf "%.0f", m / 1024 }')
			kib=$(awk -v m="$rss" -v n="$n" 'BEGIN { printf "%.2f", m / n }')
		fi
		printf '%10s %5s %9s %9s %12s %9s %12s %12s  %s\n' "$n" "$r" "$wall" "$cpus" "$per" "$(ratio "$per" "$base_per")" "$mib" "$kib" "$note"
	done
fi
echo "load average at the end: $(loadavg)"
if [ "$keep" = 1 ]; then
	echo
	echo "projects kept in $work"
fi
