# lib.sh - TAP helpers for gx's shell tests, sourced by every tNNNN-*.t.
#
# Each test gets a fresh temporary directory ($T, removed at exit), its own
# database (GX_DB=$T/gx.db), a pinned clock (GX_NOW) and the binaries of
# the build under test first on PATH (GX_BUILD, set by `make check`).

set -u
GX_SRC=$(cd "$(dirname "$0")/.." && pwd)
: "${GX_BUILD:=$GX_SRC}"
PATH="$GX_BUILD/cmd:$PATH"
T=$(mktemp -d "${TMPDIR:-/tmp}/gx-test.XXXXXX") || exit 70
trap 'rm -rf "$T"' EXIT
export GX_SRC GX_DB="$T/gx.db" GX_NOW="2016-04-01T09:00:00Z" LC_ALL=C.UTF-8 PATH
unset GX_ACTOR GX_FORCE_TTY GX_MAX_LINE
cd "$T" || exit 70

test_count=0
test_failed=0

ok() {
	test_count=$((test_count + 1))
	echo "ok $test_count - $*"
}

not_ok() {
	test_count=$((test_count + 1))
	test_failed=$((test_failed + 1))
	echo "not ok $test_count - $*"
}

# diag FILE: show a file as TAP comments.
diag() {
	[ -f "$1" ] && sed 's/^/# /' "$1" | head -20
}

# expect_code CODE DESC CMD...: run CMD (stdin inherited) with stdout in
# $T/out and stderr in $T/err; pass if it exits CODE.
expect_code() {
	want=$1 desc=$2
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" = "$want" ]; then
		ok "$desc"
	else
		not_ok "$desc (exit $got, wanted $want)"
		diag "$T/err"
	fi
}

# expect_eq DESC WANT GOT
expect_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		echo "#   wanted: $2"
		echo "#      got: $3"
	fi
}

# expect_grep DESC REGEX FILE: FILE has a line matching the ERE.
expect_grep() {
	if grep -Eq -- "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1"
		echo "#   no line matching: $2"
		diag "$3"
	fi
}

# test_cmp DESC EXPECT ACTUAL: the files are identical.
test_cmp() {
	if diff -u "$2" "$3" >"$T/diff"; then
		ok "$1"
	else
		not_ok "$1"
		diag "$T/diff"
	fi
}

# snapshot NAME / expect_unchanged DESC NAME: the database did not change
# between the two (compared through gx export).
snapshot() {
	gx export >"$T/$1.snap"
}

expect_unchanged() {
	gx export >"$T/$2.now"
	test_cmp "$1" "$T/$2.snap" "$T/$2.now"
}

# field FILE KEY [N]: the value of KEY in line N (default 1) of FILE.
field() {
	sed -n "${3:-1}p" "$1" | jq -r ".$2"
}

done_testing() {
	echo "1..$test_count"
	[ "$test_failed" = 0 ]
	exit $?
}
