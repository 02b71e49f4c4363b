#!/bin/sh
# gx-certify credit against the fake bureau (tests/bureau.py): the score and
# its band, the cache and --refresh, one connection for a batch, the token
# (environment or file), what the bureau may answer (401, 5xx with retries,
# slowness, nonsense, nothing at all) without ever spoiling a good cached
# score, plain HTTP only to this machine, and who sees a score (--show,
# --hide).
. "$(dirname "$0")/lib.sh"

# member HANDLE PHONE [OPTION...]: register a member for the fixture.
member() {
	h=$1 p=$2
	shift 2
	gx-user add "$h" --name "$h" --phone "$p" "$@" >/dev/null ||
		echo "# fixture: could not add member '$h'"
}

# jqf FILTER FILE: jq -r -c FILTER over FILE, lines joined by spaces.
jqf() {
	jq -r -c "$1" "$2" | tr '\n' ' ' | sed 's/ $//'
}

# score PHONE: the score bureau.py gives an E.164 phone in mode good.
score() {
	python3 -c 'import sys; sys.path.insert(0, sys.argv[1])
from bureau import good_score; print(good_score(sys.argv[2]))' \
		"$GX_SRC/tests" "$1"
}

# band SCORE: the Sesame band of a score, from the ranges of the manual.
band() {
	if [ "$1" -lt 550 ]; then echo poor
	elif [ "$1" -lt 600 ]; then echo fair
	elif [ "$1" -lt 650 ]; then echo good
	elif [ "$1" -lt 700 ]; then echo very-good
	else echo excellent
	fi
}

# --- the bureau -----------------------------------------------------------------

python3 "$GX_SRC/tests/bureau.py" --port-file "$T/port" \
	--log "$T/bureau.log" &
BUREAU=$!
# Stop the bureau at exit, and still remove $T as lib.sh would.
trap 'kill "$BUREAU" 2>/dev/null; wait "$BUREAU" 2>/dev/null; rm -rf "$T"' \
	EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
i=0
while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
if [ ! -s "$T/port" ]; then
	echo "Bail out! the fake bureau did not start"
	exit 1
fi
PORT=$(cat "$T/port")
BUREAU_URL=http://127.0.0.1:$PORT
GX_CREDIT_URL=$BUREAU_URL/v1/scores
GX_CREDIT_TOKEN=test-token
export GX_CREDIT_URL GX_CREDIT_TOKEN
unset GX_CREDIT_TIMEOUT GX_CREDIT_TTL XDG_CONFIG_HOME

# ctl WHAT: a control request (mode/MODE, reset); 200 or a complaint.
ctl() {
	c=$(curl -s -o /dev/null -w '%{http_code}' "$BUREAU_URL/control/$1")
	[ "$c" = 200 ] || echo "# fixture: control/$1 answered $c"
}

# mode MODE: reset the bureau (log and flaky counters), then switch.
mode() {
	ctl reset
	ctl "mode/$1"
}

# requests: how many scores requests the bureau has logged since the reset.
requests() {
	grep -c '' "$T/bureau.log"
}

# --- fixture --------------------------------------------------------------

GX_NOW=2016-03-01T09:00:00Z
member wangwei 13812345678 --city Shanghai
member lina 13900112233 --city Shanghai
member staffer 13500001111 --role staff
# One or two phones in each band of the bureau's scores.
member poor1 13800001999
member fair1 13800000039
member fair2 13800000049
member good1 13899999980
member good2 13800299999
member vgood1 13800004999
member vgood2 13800005999
member exc1 13800000079

GX_NOW=2016-04-01T09:00:00Z

# --- a good score, the cache, --refresh -------------------------------------------

mode good
WANG_SCORE=$(score +8613812345678)
WANG_BAND=$(band "$WANG_SCORE")
expect_code 0 "credit: a good score" gx-certify credit wangwei
expect_eq "credit: type, handle" "credit wangwei" \
	"$(jq -r '"\(.type) \(.handle)"' "$T/out")"
expect_eq "credit: the score bureau.py computes" "$WANG_SCORE" \
	"$(field "$T/out" score)"
expect_eq "credit: fetched now, as of the bureau's date, kept 30 days" \
	"2016-04-01T00:00:00Z 2016-04-01T09:00:00Z 2016-05-01T09:00:00Z" \
	"$(jq -r '"\(.as_of) \(.fetched_at) \(.expires_at)"' "$T/out")"
expect_eq "credit: the band of the score" "$WANG_BAND" "$(field "$T/out" band)"
expect_eq "credit: fresh from the bureau, hidden from others by default" \
	"false false false" \
	"$(jq -r '"\(.cached) \(.visible) \(.hidden)"' "$T/out")"
expect_eq "credit: one request" 1 "$(requests)"
expect_eq "request: the E.164 phone, percent-encoded" \
	"/v1/scores/%2B8613812345678" "$(field "$T/bureau.log" path)"
expect_eq "request: the bearer token and JSON accepted" \
	"Bearer test-token application/json 200" \
	"$(jq -r '"\(.auth) \(.accept) \(.status)"' "$T/bureau.log")"

expect_code 0 "credit again: from the cache" gx-certify credit wangwei
expect_eq "cache: cached, the same score" "true $WANG_SCORE" \
	"$(jq -r '"\(.cached) \(.score)"' "$T/out")"
expect_eq "cache: no new request" 1 "$(requests)"
expect_code 0 "credit --refresh" gx-certify credit wangwei --refresh
expect_eq "--refresh: from the bureau" "false $WANG_SCORE" \
	"$(jq -r '"\(.cached) \(.score)"' "$T/out")"
expect_eq "--refresh: a new request" 2 "$(requests)"

mode good
expect_code 0 "GX_CREDIT_TTL=1d" env GX_CREDIT_TTL=1d \
	gx-certify credit lina --refresh
expect_eq "GX_CREDIT_TTL=1d: kept one day" "2016-04-02T09:00:00Z" \
	"$(field "$T/out" expires_at)"
expect_code 0 "a second before the expiry: cached" \
	env GX_NOW=2016-04-02T08:59:59Z gx-certify credit lina
expect_eq "before expiry: cached, no request" "true 1" \
	"$(jq -r .cached "$T/out") $(requests)"
expect_code 0 "at the expiry: asked again" \
	env GX_NOW=2016-04-02T09:00:00Z gx-certify credit lina
expect_eq "at expiry: from the bureau, kept 30 days again" \
	"false 2016-05-02T09:00:00Z 2" \
	"$(jq -r '"\(.cached) \(.expires_at)"' "$T/out") $(requests)"

# --- the bands --------------------------------------------------------------------

mode good
expect_code 0 "credit of bare handles on stdin" \
	sh -c 'printf "poor1\nfair1\nfair2\ngood1\ngood2\nvgood1\nvgood2\nexc1\n" |
	gx-certify credit'
expect_eq "bands: poor 350-549 ... excellent 700-950" \
	"poor fair fair good good very-good very-good excellent" \
	"$(jqf .band "$T/out")"
expect_eq "bands: the scores bureau.py computes" \
	"$(score +8613800001999) $(score +8613800000039) $(score +8613800000049) $(score +8613899999980) $(score +8613800299999) $(score +8613800004999) $(score +8613800005999) $(score +8613800000079)" \
	"$(jqf .score "$T/out")"
expect_eq "bands: the scores near the edges" \
	"545 554 591 601 647 656 693 702" "$(jqf .score "$T/out")"

# --- one connection for a batch -----------------------------------------------

mode good
expect_code 0 "gx-user list | gx-certify credit --refresh" \
	sh -c 'gx-user list | gx-certify credit --refresh'
expect_eq "batch: one record per member" 11 "$(grep -c '' "$T/out")"
expect_eq "batch: one request per member" 11 "$(requests)"
expect_eq "batch: all on one connection" 1 \
	"$(jq -r .conn "$T/bureau.log" | sort -u | grep -c '')"
expect_eq "batch: none cached" false "$(jq -r .cached "$T/out" | sort -u)"

# --- what the bureau may answer ---------------------------------------------------

snapshot good
mode good
expect_code 77 "a wrong token: 77" env GX_CREDIT_TOKEN=wrong \
	gx-certify credit wangwei --refresh
expect_grep "wrong token: said" "refused the token \(HTTP 401\)" "$T/err"
expect_eq "wrong token: asked once, not again" "1 401" \
	"$(requests) $(jq -r .status "$T/bureau.log")"
expect_unchanged "wrong token: the cache unchanged" good

mode error500
expect_code 69 "error500: 69" gx-certify credit wangwei --refresh
expect_grep "error500: said" "answered HTTP 500" "$T/err"
expect_eq "error500: exactly 3 attempts" 3 "$(requests)"
expect_unchanged "error500: the cache unchanged" good

mode error500
expect_code 69 "error500 in a batch: stops at the first member" \
	sh -c 'printf "wangwei\nlina\n" | gx-certify credit --refresh'
expect_eq "batch: lina never asked" "3 /v1/scores/%2B8613812345678" \
	"$(requests) $(jq -r .path "$T/bureau.log" | sort -u)"
expect_unchanged "error500 batch: the cache unchanged" good

mode flaky
expect_code 0 "flaky: succeeds on the third attempt" \
	gx-certify credit lina --refresh
expect_eq "flaky: 500, 500, then 200" "500 500 200" \
	"$(jqf .status "$T/bureau.log")"
expect_eq "flaky: the good score" "$(score +8613900112233) false" \
	"$(jq -r '"\(.score) \(.cached)"' "$T/out")"
expect_eq "flaky: the retries on one connection" 1 \
	"$(jq -r .conn "$T/bureau.log" | sort -u | grep -c '')"
snapshot good

mode slow
START=$(date +%s)
expect_code 69 "slow with GX_CREDIT_TIMEOUT=1: 69" env GX_CREDIT_TIMEOUT=1 \
	gx-certify credit wangwei --refresh
END=$(date +%s)
expect_eq "slow: given up within a few seconds" yes \
	"$([ $((END - START)) -le 8 ] && echo yes)"
expect_grep "slow: timed out" "timed out.*after 3 attempts" "$T/err"
expect_eq "slow: 3 attempts" 3 "$(requests)"
expect_unchanged "slow: the cache unchanged" good

for m in malformed range nojson notfound; do
	case $m in
	malformed | nojson) why="the credit bureau's answer is not a JSON object" ;;
	range) why="the credit bureau's score is not a whole number from 350 to 950" ;;
	notfound) why="the credit bureau answered HTTP 404" ;;
	esac
	mode $m
	expect_code 69 "$m: 69" gx-certify credit wangwei --refresh
	expect_grep "$m: the reason" "error: $why" "$T/err"
	expect_eq "$m: asked once" 1 "$(requests)"
	expect_unchanged "$m: the cache unchanged" good
	expect_code 0 "$m: the good cached score is still there" \
		gx-certify credit wangwei
	expect_eq "$m: the cached score not overwritten" "true $WANG_SCORE" \
		"$(jq -r '"\(.cached) \(.score)"' "$T/out")"
done
mode good

FREE=$(python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
expect_code 69 "a port nobody listens on: 69" \
	env GX_CREDIT_URL="http://127.0.0.1:$FREE/v1/scores" \
	gx-certify credit wangwei --refresh
expect_grep "unreachable: after 3 attempts" "after 3 attempts" "$T/err"
expect_unchanged "unreachable: the cache unchanged" good

# --- where gx-certify may go ------------------------------------------------------

mode good
START=$(date +%s)
expect_code 64 "plain http to another host: refused" \
	env GX_CREDIT_URL="http://192.0.2.1:$PORT/v1/scores" \
	GX_CREDIT_TIMEOUT=1 gx-certify credit wangwei --refresh
END=$(date +%s)
expect_grep "plain http: the rule" "must be https:// \(plain http:// only to this machine\)" \
	"$T/err"
expect_eq "plain http: no connection tried" yes \
	"$([ $((END - START)) -le 1 ] && echo yes)"
expect_code 64 "plain http with the loopback address as user name: refused" \
	env GX_CREDIT_URL="http://127.0.0.1:$PORT@192.0.2.1/v1/scores" \
	GX_CREDIT_TIMEOUT=1 gx-certify credit wangwei --refresh
expect_grep "user name: the rule" "must be https://" "$T/err"
expect_code 64 "plain http to localhost as user name: refused" \
	env GX_CREDIT_URL="http://localhost:1@192.0.2.1/v1/scores" \
	GX_CREDIT_TIMEOUT=1 gx-certify credit wangwei --refresh
expect_code 64 "another scheme: refused" \
	env GX_CREDIT_URL="ftp://127.0.0.1:$PORT/v1/scores" \
	gx-certify credit wangwei --refresh
expect_code 64 "GX_CREDIT_URL unset" env -u GX_CREDIT_URL \
	gx-certify credit wangwei --refresh
expect_grep "unset: said" "GX_CREDIT_URL is not set" "$T/err"
expect_code 64 "GX_CREDIT_URL empty" env GX_CREDIT_URL= \
	gx-certify credit wangwei --refresh
expect_eq "refused URLs: no request reached the bureau" 0 "$(requests)"
expect_code 0 "GX_CREDIT_URL unset, but the cache is fresh" \
	env -u GX_CREDIT_URL gx-certify credit wangwei
expect_eq "unset, cached: the score" "true $WANG_SCORE" \
	"$(jq -r '"\(.cached) \(.score)"' "$T/out")"
expect_code 0 "GX_CREDIT_URL with a trailing slash" \
	env GX_CREDIT_URL="$GX_CREDIT_URL/" gx-certify credit wangwei --refresh
expect_eq "trailing slash: one slash in the path" \
	"/v1/scores/%2B8613812345678" "$(jq -r .path "$T/bureau.log")"
snapshot good

# --- the token file -------------------------------------------------------------

mkdir -p "$T/config/gx"
printf 'test-token\nsecond line\n' >"$T/config/gx/credit-token"
chmod 600 "$T/config/gx/credit-token"
mode good
expect_code 0 "the token from \$XDG_CONFIG_HOME/gx/credit-token" \
	env -u GX_CREDIT_TOKEN XDG_CONFIG_HOME="$T/config" \
	gx-certify credit lina --refresh
expect_eq "token file: its first line sent" "Bearer test-token" \
	"$(jq -r .auth "$T/bureau.log")"
snapshot good
chmod 644 "$T/config/gx/credit-token"
mode good
expect_code 77 "a token file others may read: 77" \
	env -u GX_CREDIT_TOKEN XDG_CONFIG_HOME="$T/config" \
	gx-certify credit lina --refresh
expect_grep "token file 0644: said" "credit-token' is readable by others" \
	"$T/err"
expect_eq "token file 0644: nothing asked" 0 "$(requests)"
expect_unchanged "token file 0644: nothing changed" good
expect_code 0 "GX_CREDIT_TOKEN goes before the file" \
	env XDG_CONFIG_HOME="$T/config" gx-certify credit lina --refresh
snapshot good
: >"$T/config/gx/credit-token"
chmod 600 "$T/config/gx/credit-token"
expect_code 64 "an empty token file" env -u GX_CREDIT_TOKEN \
	XDG_CONFIG_HOME="$T/config" gx-certify credit lina --refresh
expect_grep "empty token file: said" "holds no token" "$T/err"
expect_code 64 "no token at all" env -u GX_CREDIT_TOKEN \
	XDG_CONFIG_HOME="$T/nowhere" gx-certify credit lina --refresh
expect_grep "no token: where to put one" \
	"set GX_CREDIT_TOKEN or write it to '$T/nowhere/gx/credit-token'" "$T/err"
expect_unchanged "token refusals: nothing changed" good

# --- who sees a score -----------------------------------------------------------------

member nocache 13700001111
mode good
expect_code 0 "another member: the score hidden" \
	gx-certify credit wangwei --as lina
expect_eq "hidden: score, band and times null" \
	"null null null null null" \
	"$(jq -r '"\(.score) \(.band) \(.as_of) \(.fetched_at) \(.expires_at)"' "$T/out")"
expect_eq "hidden: hidden true, visible false" "true false" \
	"$(jq -r '"\(.hidden) \(.visible)"' "$T/out")"
snapshot who
expect_code 77 "a member may not fetch another's score" \
	gx-certify credit wangwei --as lina --refresh
expect_grep "another's score: the rule" \
	"only member 'wangwei' or staff may ask the bureau" "$T/err"
expect_code 77 "nor one never fetched" gx-certify credit nocache --as lina
expect_eq "another's score: nothing asked" 0 "$(requests)"
expect_unchanged "another's score: nothing changed" who
expect_code 0 "a member fetches their own" \
	gx-certify credit lina --as lina --refresh
expect_eq "their own: the score" "$(score +8613900112233) false" \
	"$(jq -r '"\(.score) \(.hidden)"' "$T/out")"
expect_code 0 "the member shows their score" \
	gx-certify credit wangwei --show --as wangwei
expect_eq "--show: shown, visible" "shown true false $WANG_SCORE" \
	"$(jq -r '"\(.result) \(.visible) \(.hidden) \(.score)"' "$T/out")"
expect_code 0 "--show again" gx-certify credit wangwei --show --as wangwei
expect_eq "--show again: unchanged" unchanged "$(field "$T/out" result)"
expect_code 0 "another member now sees it" gx-certify credit wangwei --as lina
expect_eq "shown: score and band" "$WANG_SCORE false true" \
	"$(jq -r '"\(.score) \(.hidden) \(.visible)"' "$T/out")"
expect_code 0 "badges for another member: the band shown" \
	sh -c 'echo wangwei | gx-certify badges --as lina'
expect_eq "badges, shown: credit_band" "$WANG_BAND" \
	"$(field "$T/out" credit_band)"
snapshot show
expect_code 77 "another member may not hide it" \
	gx-certify credit wangwei --hide --as lina
expect_grep "--hide by another: the rule" \
	"only member 'wangwei' or staff may choose" "$T/err"
expect_unchanged "--hide by another: nothing changed" show
expect_code 0 "the member hides it" gx-certify credit wangwei --hide --as wangwei
expect_eq "--hide: hidden, the member still sees it" "hidden false false" \
	"$(jq -r '"\(.result) \(.visible) \(.hidden)"' "$T/out")"
expect_code 0 "another member: hidden again" gx-certify credit wangwei --as lina
expect_eq "hidden again: score null" "null true" \
	"$(jq -r '"\(.score) \(.hidden)"' "$T/out")"
expect_code 0 "staff always see" gx-certify credit wangwei --as staffer
expect_eq "staff: the score" "$WANG_SCORE false" \
	"$(jq -r '"\(.score) \(.hidden)"' "$T/out")"
expect_code 0 "badges for another member: hidden" \
	sh -c 'echo wangwei | gx-certify badges --as lina'
expect_eq "badges, hidden: credit_band null" null \
	"$(field "$T/out" credit_band)"
expect_code 0 "badges for the member themself" \
	sh -c 'echo wangwei | gx-certify badges --as wangwei'
expect_eq "badges, themself: the band" "$WANG_BAND" \
	"$(field "$T/out" credit_band)"
expect_code 0 "staff may show a member's score" \
	gx-certify credit lina --show --as staffer
expect_eq "staff --show: shown" shown "$(field "$T/out" result)"
LINA_BAND=$(gx-certify credit lina | jq -r .band)
expect_code 0 "gx-user list | gx-certify badges, as another member" \
	sh -c 'gx-user list --city Shanghai | gx-certify badges --as poor1'
expect_eq "badges to a stranger: wangwei's hidden, lina's shown" \
	"wangwei:null lina:$LINA_BAND" \
	"$(jqf '"\(.handle):\(.credit_band)"' "$T/out")"
expect_code 0 "the same, to staff" \
	sh -c 'gx-user list --city Shanghai | gx-certify badges'
expect_eq "badges to staff: both bands" "$WANG_BAND $LINA_BAND" \
	"$(jqf .credit_band "$T/out")"

# --- bad usage -------------------------------------------------------------------------

mode good
snapshot bad
expect_code 64 "--show with --refresh" gx-certify credit wangwei --show --refresh
expect_code 65 "an unknown member" gx-certify credit nobody
expect_grep "unknown member: named" "no member 'nobody'" "$T/err"
expect_code 65 "--show for an unknown member" gx-certify credit nobody --show
expect_code 64 "no member at all" gx-certify credit </dev/null
expect_code 65 "malformed JSON on stdin" \
	sh -c 'printf "{\"handle\":\n" | gx-certify credit'
expect_grep "malformed: the line named" "stdin:1:.*JSON" "$T/err"
expect_eq "bad usage: nothing asked" 0 "$(requests)"
expect_unchanged "bad usage: nothing changed" bad

done_testing
