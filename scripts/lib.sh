# Shared by the bench scripts, which source it: not a script to run.

# usage prints the comment block under the calling script's first line.
usage() {
	awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
}

# positive exits 2, saying $1 on stderr, unless every further argument is
# a positive whole number.
positive() {
	local msg=$1 n
	shift
	for n in "$@"; do
		case $n in
		'' | *[!0-9]* | 0)
			echo "$msg" >&2
			exit 2
			;;
		esac
	done
}
