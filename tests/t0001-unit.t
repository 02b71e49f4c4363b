#!/bin/sh
# Run the C unit tests of common/ (built by make check) as one TAP stream.
: "${GX_BUILD:=$(cd "$(dirname "$0")/.." && pwd)}"
fail=0
n=0
for t in "$GX_BUILD"/tests/unit-*; do
	[ -x "$t" ] || continue
	echo "# $(basename "$t")"
	# Renumber each binary's TAP lines into one plan.
	"$t" >"${TMPDIR:-/tmp}/gx-unit.$$" 2>&1 || fail=1
	while IFS= read -r line; do
		case $line in
		"ok "*|"not ok "*)
			n=$((n + 1))
			echo "$line" | sed "s/^\(not \)\{0,1\}ok [0-9]*/\1ok $n/"
			;;
		1..*) ;;
		*) echo "$line" ;;
		esac
	done <"${TMPDIR:-/tmp}/gx-unit.$$"
	rm -f "${TMPDIR:-/tmp}/gx-unit.$$"
done
[ $n -gt 0 ] || { echo "not ok 1 - no unit tests were built"; n=1; fail=1; }
echo "1..$n"
exit $fail
