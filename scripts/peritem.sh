#!/usr/bin/env bash
# Issue 13's per-item figures (a dataset and a pipeline node, in kfc vet and
# kfc build) from cmd/cli's BenchmarkPerItem: the projects of bench.sh's
# per-item rows, run in process with the collector off, as kfc runs them.
# Each figure is a difference of CPU times, as in bench.sh, taken within
# each round and then the median over the rounds, without bench.sh's
# process start-ups or the shell clock's 10 ms steps (docs/bench.md,
# "Per item, in process").
#
# Usage: scripts/peritem.sh [-n COUNT] [-t RUNS]
#   -n COUNT  benchmark rounds (go test -count; default 9)
#   -t RUNS   runs of each command a round (-benchtime RUNSx; default 5)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

count=9
runs=5
while getopts "n:t:h" opt; do
	case $opt in
	n) count=$OPTARG ;;
	t) runs=$OPTARG ;;
	h)
		usage
		exit 0
		;;
	*) exit 2 ;;
	esac
done
positive "peritem: -n and -t need a positive number" "$count" "$runs"
cd "$(dirname "$0")/.."

out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo -)"
go test -run '^$' -bench '^BenchmarkPerItem$' -benchtime "${runs}x" -count "$count" ./cmd/cli >"$out"

# Lines read: BenchmarkPerItem/vet/d5000-2  5  52791551 ns/op  66.53 cpu-ms/op
# go test -count runs the four commands in turn, round after round, so each
# figure is taken within a round, then the median over the rounds: the
# speed of these shared machines moves by up to 2x from minute to minute,
# and a difference of medians taken minutes apart moves with it.
awk -v count="$count" '
	/^BenchmarkPerItem\// {
		name = $1; sub(/^BenchmarkPerItem\//, "", name); sub(/-[0-9]+$/, "", name)
		for (i = 2; i < NF; i++) if ($(i + 1) == "cpu-ms/op") cpu[name, ++n[name]] = $i
	}
	function median(a, k,   i, j, t) {
		for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
		return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
	}
	END {
		k = n["vet/d1000"]
		if (k == 0 || n["vet/d5000"] != k || n["vet/d5000-n2000"] != k || n["build/d5000-n2000"] != k) {
			print "peritem: the benchmark did not give every row in every round" > "/dev/stderr"; exit 1
		}
		for (r = 1; r <= k; r++) {
			d1[r] = cpu["vet/d1000", r]; d5[r] = cpu["vet/d5000", r]
			n2[r] = cpu["vet/d5000-n2000", r]; b2[r] = cpu["build/d5000-n2000", r]
			ds[r] = (d5[r] - d1[r]) * 1000 / 4000
			vn[r] = (n2[r] - d5[r]) * 1000 / 2000; bn[r] = (b2[r] - d5[r]) * 1000 / 2000
			vx[r] = ds[r] > 0 ? vn[r] / ds[r] : 0; bx[r] = ds[r] > 0 ? bn[r] / ds[r] : 0
		}
		printf "median cpu ms of %d rounds: vet d1000 %.2f, vet d5000 %.2f, vet d5000-n2000 %.2f, build d5000-n2000 %.2f\n", k, median(d1, k), median(d5, k), median(n2, k), median(b2, k)
		printf "per dataset (vet d5000 - vet d1000) / 4,000: %.1f us\n", median(ds, k)
		printf "per pipeline node in vet (vet d5000-n2000 - vet d5000) / 2,000: %.1f us, %.2fx a dataset\n", median(vn, k), median(vx, k)
		printf "per pipeline node in build (build d5000-n2000 - vet d5000) / 2,000: %.1f us, %.2fx a dataset (goal: both at most 1x)\n", median(bn, k), median(bx, k)
		print "(each figure is the median of its value in each round)"
	}' "$out"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo -)"
