#!/bin/sh
# gx-invite: create (codes, --count, inviters on stdin, links, contacts),
# accept and `gx-user add --invite` with their refusals and flags (already-
# member, outside-window, burst), list, show, revoke, flag/unflag, stats,
# the leaderboard, and bad input.  Every refused command leaves the
# database as it was.
. "$(dirname "$0")/lib.sh"

ALPHABET=23456789ABCDEFGHJKMNPQRSTUVWXYZ
CODE_RE="^[$ALPHABET]{8}\$"

# member HANDLE PHONE [OPTION...]: register a member for the fixture.
member() {
	h=$1 p=$2
	shift 2
	gx-user add "$h" --name "$h" --phone "$p" "$@" >/dev/null ||
		echo "# fixture: could not add member '$h'"
}

# campaign SLUG STARTS ENDS: a campaign for invites to belong to.
campaign() {
	gx-campaign create "$1" --title "$1" --starts "$2" --ends "$3" \
		--goal 3 --organiser "Chitu <events@chitu.example>" \
		--prize "cup:10" >/dev/null ||
		echo "# fixture: could not create campaign '$1'"
}

# invite INVITER [OPTION...]: create one invite, print its code.
invite() {
	gx-invite create "$@" </dev/null | jq -r .code
}

# lines FILE: how many lines FILE has.
lines() {
	grep -c '' "$1"
}

# jqf FILTER FILE: jq -r -c FILTER over FILE, lines joined by spaces.
jqf() {
	jq -r -c "$1" "$2" | tr '\n' ' ' | sed 's/ $//'
}

# --- fixture --------------------------------------------------------------

GX_NOW=2016-03-01T09:00:00Z
member wangwei 13812345678 --city Shanghai --email Wang.Wei@Example.com
member lina 13900112233 --city Shanghai --email lina@example.com
member zhaolei 13700001111 --city Beijing
member oldie 13600001111 --city Beijing
member staffer 13500001111 --role staff
member badguy 13400001111 --city Hangzhou
gx-user suspend badguy --reason spam >/dev/null 2>&1 ||
	echo "# fixture: could not suspend badguy"
campaign spring 2016-04-01 2016-04-30
campaign summer 2016-06-01 2016-06-30
campaign winter 2016-01-01 2016-02-29

# --- help -------------------------------------------------------------------

for sub in create accept list show revoke flag unflag stats leaderboard; do
	expect_code 0 "$sub --help" gx-invite $sub --help
	expect_grep "$sub --help has an example" "^ +gx-" \
		"$T/out"
done

# --- create -----------------------------------------------------------------

GX_NOW=2016-04-01T09:00:00Z
expect_code 0 "create one invite" gx-invite create wangwei
expect_eq "create: one record" 1 "$(lines "$T/out")"
expect_eq "create: type, inviter, state, channel" \
	"invite wangwei created link" \
	"$(jq -r '"\(.type) \(.inviter) \(.state) \(.channel)"' "$T/out")"
expect_eq "create: no campaign, no contact, no invitee" "null null null" \
	"$(jq -r '"\(.campaign) \(.contact) \(.invitee)"' "$T/out")"
expect_eq "create: created now, expires in 30 days" \
	"2016-04-01T09:00:00Z 2016-05-01T09:00:00Z null" \
	"$(jq -r '"\(.created_at) \(.expires_at) \(.accepted_at)"' "$T/out")"
expect_eq "create: an 8-character code from the unambiguous alphabet" 1 \
	"$(jq -r .code "$T/out" | grep -Ec "$CODE_RE")"
expect_eq "create: no link without GX_INVITE_URL" false \
	"$(jq 'has("link")' "$T/out")"
expect_eq "create: an id" true "$(jq '.id | type == "number"' "$T/out")"

expect_code 0 "create --count 400" gx-invite create lina --count 400
expect_eq "--count 400: 400 invites" 400 "$(lines "$T/out")"
expect_eq "--count 400: every code has 8 characters of the alphabet" 400 \
	"$(jq -r .code "$T/out" | grep -Ec "$CODE_RE")"
expect_eq "--count 400: codes are unique" 400 \
	"$(jq -r .code "$T/out" | sort -u | grep -c '')"
expect_eq "--count 400: no 0, O, 1, I or L anywhere" 0 \
	"$(jq -r .code "$T/out" | grep -c '[0O1IL]')"
expect_eq "--count 400: all of lina, created" "lina created" \
	"$(jq -r '"\(.inviter) \(.state)"' "$T/out" | sort -u)"
gx-invite list --inviter lina </dev/null | jq -r .code | gx-invite revoke \
	>/dev/null 2>&1 || echo "# fixture: could not revoke lina's 400"

expect_code 0 "inviters from gx-user list on stdin, --count 2" \
	sh -c 'gx-user list --city Shanghai | gx-invite create --count 2 \
	--channel wechat --campaign spring'
expect_eq "stdin: two invites each for the Shanghai members, in order" \
	"wangwei wangwei lina lina" "$(jqf .inviter "$T/out")"
expect_eq "stdin: channel and campaign applied to each" \
	"wechat spring" "$(jq -r '"\(.channel) \(.campaign)"' "$T/out" | sort -u)"
expect_eq "stdin: nothing on stderr" "" "$(cat "$T/err")"

expect_code 0 "inviters from bare handles on stdin" \
	sh -c 'printf "zhaolei\nOldie\n" | gx-invite create --channel qr'
expect_eq "bare handles: folded to lower case" "zhaolei oldie" \
	"$(jqf .inviter "$T/out")"

snapshot batch
expect_code 65 "a batch with an unknown inviter is refused" \
	sh -c 'printf "wangwei\nnobody\n" | gx-invite create'
expect_grep "batch: the bad line is named" "stdin:2:.*no member 'nobody'" \
	"$T/err"
expect_eq "batch: nothing printed" "" "$(cat "$T/out")"
expect_unchanged "batch: nothing created (one transaction)" batch

GX_INVITE_URL='https://chitu.example/i/{code}?src=gx'
export GX_INVITE_URL
expect_code 0 "GX_INVITE_URL makes a link" gx-invite create wangwei
expect_eq "link: {code} replaced by the code" \
	"https://chitu.example/i/$(field "$T/out" code)?src=gx" \
	"$(field "$T/out" link)"
GX_INVITE_URL='https://chitu.example/join?c='
expect_code 0 "GX_INVITE_URL without {code}" gx-invite create wangwei
expect_eq "link: the code appended" \
	"https://chitu.example/join?c=$(field "$T/out" code)" \
	"$(field "$T/out" link)"
unset GX_INVITE_URL

expect_code 0 "--to a phone number" gx-invite create wangwei \
	--to "0086 138-0011-2233" --channel sms
expect_eq "--to: the phone is masked" "+86 138****2233" \
	"$(field "$T/out" contact)"
TO_CODE=$(field "$T/out" code)
expect_code 0 "--reveal by staff shows the normalised phone" \
	gx-invite show "$TO_CODE" --reveal
expect_eq "--to: phone normalised to E.164" "+8613800112233" \
	"$(field "$T/out" contact)"
expect_code 77 "--reveal by a member is refused" \
	gx-invite show "$TO_CODE" --reveal --as wangwei
expect_code 0 "--to an e-mail address" gx-invite create wangwei \
	--to " Friend@Example.COM "
expect_eq "--to: e-mail trimmed and in lower case" "friend@example.com" \
	"$(field "$T/out" contact)"

snapshot create
expect_code 65 "--to the inviter's own phone: self-invite" \
	gx-invite create wangwei --to "+86 138 1234 5678"
expect_grep "self-invite by phone: the reason" "self-invite" "$T/err"
expect_unchanged "self-invite by phone: nothing created" create
expect_code 65 "--to the inviter's own e-mail, other case: self-invite" \
	gx-invite create wangwei --to wang.wei@example.com
expect_grep "self-invite by e-mail: the reason" "self-invite" "$T/err"
expect_unchanged "self-invite by e-mail: nothing created" create
expect_code 65 "--to a member's phone: already a member" \
	gx-invite create wangwei --to 13900112233
expect_grep "member's phone: the reason and the member" \
	"already-member.*lina" "$T/err"
expect_unchanged "member's phone: nothing created" create
expect_code 65 "--to a member's e-mail, other case: already a member" \
	gx-invite create wangwei --to LINA@example.com
expect_grep "member's e-mail: the reason" "already-member" "$T/err"
expect_unchanged "member's e-mail: nothing created" create
expect_code 65 "an unknown inviter" gx-invite create nobody
expect_grep "unknown inviter: named" "error: .*no member 'nobody'" "$T/err"
expect_unchanged "unknown inviter: nothing created" create
expect_code 65 "a suspended inviter" gx-invite create badguy
expect_grep "suspended inviter: the reason" "badguy.*suspended" "$T/err"
expect_unchanged "suspended inviter: nothing created" create
expect_code 65 "an unknown campaign" gx-invite create wangwei --campaign nope
expect_grep "unknown campaign: named" "no campaign 'nope'" "$T/err"
expect_unchanged "unknown campaign: nothing created" create
expect_code 77 "a member creates for another" \
	gx-invite create wangwei --as lina
expect_grep "for another: the rule" "lina.*only for themself" "$T/err"
expect_unchanged "for another: nothing created" create
expect_code 77 "a member creates for another through GX_ACTOR" \
	env GX_ACTOR=lina gx-invite create zhaolei
expect_unchanged "GX_ACTOR: nothing created" create
expect_code 0 "a member creates for themself" gx-invite create lina --as lina
expect_eq "for themself: inviter lina" lina "$(field "$T/out" inviter)"
expect_code 0 "staff (by role, with --as) creates for a member" \
	gx-invite create zhaolei --as staffer
expect_eq "staff: inviter zhaolei" zhaolei "$(field "$T/out" inviter)"

# --- accept and gx-user add --invite -------------------------------------------

GX_NOW=2016-04-02T10:00:00Z
C1=$(invite wangwei --campaign spring)
expect_code 0 "gx-user add --invite" gx-user add friend1 --name 朋友一 \
	--phone 13800000001 --invite "$C1"
expect_eq "add --invite: the new member's invited_by" "added wangwei" \
	"$(jq -r '"\(.result) \(.invited_by)"' "$T/out")"
expect_code 0 "show the accepted invite" gx-invite show "$C1"
expect_eq "accepted: state, invitee, reason" "accepted friend1 null" \
	"$(jq -r '"\(.state) \(.invitee) \(.reason)"' "$T/out")"
expect_eq "accepted: accepted_at is now" "2016-04-02T10:00:00Z" \
	"$(field "$T/out" accepted_at)"
expect_code 0 "gx-user show: invited_by kept" gx-user show friend1
expect_eq "gx-user show: invited_by wangwei" wangwei \
	"$(field "$T/out" invited_by)"

C2=$(invite wangwei --campaign spring)
LOWER=$(echo "$C2" | tr 'A-Z' 'a-z')
expect_code 0 "a code typed in lower case is accepted" \
	gx-user add friend2 --name F2 --phone 13800000002 --invite "$LOWER"
expect_code 0 "lower-case code: the invite" gx-invite show "$C2"
expect_eq "lower-case code: accepted by friend2" "accepted friend2" \
	"$(jq -r '"\(.state) \(.invitee)"' "$T/out")"

C3=$(invite wangwei)
GX_NOW=2016-04-02T10:05:00Z
member friend3 13800000003
expect_code 0 "gx-invite accept by the new member themself" \
	gx-invite accept "$C3" --user Friend3 --as friend3
expect_eq "accept: the invite record" "invite $C3 accepted friend3 wangwei" \
	"$(jq -r '"\(.type) \(.code) \(.state) \(.invitee) \(.inviter)"' "$T/out")"
expect_eq "accept: accepted_at is now" "2016-04-02T10:05:00Z" \
	"$(field "$T/out" accepted_at)"
expect_code 0 "accept: gx-user show" gx-user show friend3
expect_eq "accept: invited_by set" wangwei "$(field "$T/out" invited_by)"
GX_NOW=2016-04-02T10:00:00Z

# refused registrations: each is 65 with the reason, and rolled back
EXPIRING=$(invite wangwei --expires 1d)
REVOKED=$(invite wangwei)
gx-invite revoke "$REVOKED" >/dev/null || echo "# fixture: revoke failed"
OWN=$(invite wangwei)
OWN2=$(invite wangwei)
snapshot refused
expect_code 65 "add --invite with an unknown code" \
	gx-user add nf1 --name N --phone 13800000011 --invite ZZZZ2345
expect_grep "unknown code: the reason" "refused: unknown" "$T/err"
expect_code 1 "unknown code: the registration was rolled back" \
	gx-user show nf1
expect_unchanged "unknown code: nothing changed" refused
expect_code 65 "add --invite with an expired code" \
	env GX_NOW=2016-04-03T10:00:00Z gx-user add nf2 --name N \
	--phone 13800000012 --invite "$EXPIRING"
expect_grep "expired: the reason" "refused: expired" "$T/err"
expect_code 1 "expired: the registration was rolled back" gx-user show nf2
expect_unchanged "expired: nothing changed" refused
expect_code 0 "a second before expiry it is still created" \
	env GX_NOW=2016-04-03T09:59:59Z gx-invite show "$EXPIRING"
expect_eq "a second before expiry: created" created \
	"$(field "$T/out" state)"
expect_code 65 "add --invite with a revoked code" \
	gx-user add nf3 --name N --phone 13800000013 --invite "$REVOKED"
expect_grep "revoked: the reason" "refused: revoked" "$T/err"
expect_code 1 "revoked: the registration was rolled back" gx-user show nf3
expect_unchanged "revoked: nothing changed" refused
expect_code 65 "add --invite with a used code" \
	gx-user add nf4 --name N --phone 13800000014 --invite "$C1"
expect_grep "used: the reason" "refused: already-used" "$T/err"
expect_code 1 "used: the registration was rolled back" gx-user show nf4
expect_unchanged "used: nothing changed" refused
expect_code 65 "add from stdin with a used code" sh -c "printf '%s\n' \
	'{\"handle\":\"nf5\",\"name\":\"N\",\"phone\":\"13800000015\",\"invite\":\"$C1\"}' \
	| gx-user add"
expect_grep "stdin: the reason" "already-used" "$T/err"
expect_code 1 "stdin: the registration was rolled back" gx-user show nf5
expect_unchanged "stdin: nothing changed" refused
expect_code 65 "the inviter registering with their own code: self-invite" \
	gx-user add wangwei --name wangwei --phone 13812345678 --invite "$OWN"
expect_grep "own code on registration: the reason" "self-invite" "$T/err"
expect_unchanged "own code on registration: nothing changed" refused
expect_code 65 "a second account with the inviter's e-mail: self-invite" \
	gx-user add wangwei2 --name W --phone 13800000016 \
	--email wang.wei@example.com --invite "$OWN2"
expect_grep "inviter's e-mail on registration: the reason" "self-invite" \
	"$T/err"
expect_code 1 "inviter's e-mail: the registration was rolled back" \
	gx-user show wangwei2
expect_unchanged "inviter's e-mail: nothing changed" refused
snapshot refused	# again, so that what follows stands on its own

expect_code 65 "accept: an unknown code" \
	gx-invite accept ZZZZ2345 --user friend1
expect_grep "accept unknown: the reason" "refused: unknown" "$T/err"
expect_unchanged "accept unknown: nothing changed" refused
expect_code 65 "accept: the inviter accepts their own invite" \
	gx-invite accept "$OWN" --user wangwei
expect_grep "accept own: the reason" "refused: self-invite" "$T/err"
expect_unchanged "accept own: nothing changed" refused
expect_code 65 "accept: a used code" gx-invite accept "$C1" --user zhaolei
expect_grep "accept used: the reason" "already-used" "$T/err"
expect_unchanged "accept used: nothing changed" refused
expect_code 65 "accept: an unknown member" gx-invite accept "$OWN" --user nobody
expect_grep "accept unknown member: named" "no member 'nobody'" "$T/err"
expect_unchanged "accept unknown member: nothing changed" refused
expect_code 64 "accept without --user" gx-invite accept "$OWN"
expect_unchanged "accept without --user: nothing changed" refused
expect_code 77 "accept --as another member" \
	gx-invite accept "$OWN" --user zhaolei --as lina
expect_unchanged "accept --as another: nothing changed" refused

# flagged acceptances: they go through but never count
GX_NOW=2016-04-03T10:00:00Z
OLD=$(invite wangwei --campaign spring)
expect_code 0 "an older member accepts: flagged" \
	gx-invite accept "$OLD" --user oldie
expect_eq "older member: flagged already-member" "flagged already-member" \
	"$(jq -r '"\(.state) \(.reason)"' "$T/out")"
expect_eq "older member: the invitee recorded" oldie \
	"$(field "$T/out" invitee)"
expect_code 0 "older member: gx-user show" gx-user show oldie
expect_eq "older member: not credited to the inviter" null \
	"$(field "$T/out" invited_by)"

EARLY=$(invite lina --campaign summer)
expect_code 0 "registration before the campaign opens" \
	gx-user add early1 --name E --phone 13800000021 --invite "$EARLY"
expect_code 0 "before the window: the invite" gx-invite show "$EARLY"
expect_eq "before the window: flagged outside-window" \
	"flagged outside-window early1" \
	"$(jq -r '"\(.state) \(.reason) \(.invitee)"' "$T/out")"
LATE=$(invite lina --campaign winter)
expect_code 0 "registration after the campaign ended" \
	gx-user add late1 --name L --phone 13800000022 --invite "$LATE"
expect_code 0 "after the window: the invite" gx-invite show "$LATE"
expect_eq "after the window: flagged outside-window" \
	"flagged outside-window" "$(jq -r '"\(.state) \(.reason)"' "$T/out")"

# bursts: at most GX_INVITE_BURST acceptances per inviter within an hour
GX_INVITE_BURST=2
export GX_INVITE_BURST
B1=$(invite zhaolei --campaign spring)
B2=$(invite zhaolei --campaign spring)
B3=$(invite zhaolei --campaign spring)
B4=$(invite zhaolei --campaign spring)
GX_NOW=2016-04-04T11:00:00Z
expect_code 0 "burst: first acceptance" \
	gx-user add bu1 --name B --phone 13800000031 --invite "$B1"
GX_NOW=2016-04-04T11:20:00Z
expect_code 0 "burst: second acceptance" \
	gx-user add bu2 --name B --phone 13800000032 --invite "$B2"
GX_NOW=2016-04-04T11:40:00Z
expect_code 0 "burst: third acceptance within the hour" \
	gx-user add bu3 --name B --phone 13800000033 --invite "$B3"
expect_code 0 "burst: the three invites" gx-invite show "$B1" "$B2" "$B3"
expect_eq "burst: the third is flagged burst" \
	"accepted/null accepted/null flagged/burst" \
	"$(jqf '"\(.state)/\(.reason)"' "$T/out")"
GX_NOW=2016-04-04T12:45:00Z
expect_code 0 "burst: over an hour later" \
	gx-user add bu4 --name B --phone 13800000034 --invite "$B4"
expect_code 0 "burst: the fourth invite" gx-invite show "$B4"
expect_eq "burst: the fourth is accepted" "accepted null" \
	"$(jq -r '"\(.state) \(.reason)"' "$T/out")"
unset GX_INVITE_BURST

expect_code 0 "stats: flagged invites are not accepted" \
	gx-invite stats --campaign spring
expect_eq "stats spring: 5 accepted, 2 flagged (already-member, burst)" \
	"5 2" "$(jq -r '"\(.accepted) \(.flagged)"' "$T/out")"
expect_code 0 "leaderboard --campaign spring" \
	gx-invite leaderboard --campaign spring
expect_eq "leaderboard: flagged invites never count" \
	"zhaolei:3 wangwei:2" "$(jqf '"\(.handle):\(.invites)"' "$T/out")"

# --- list -------------------------------------------------------------------

expect_code 0 "list --inviter zhaolei --campaign spring" \
	gx-invite list --inviter zhaolei --campaign spring
expect_eq "list: zhaolei's spring invites, oldest first" \
	"$B1 $B2 $B3 $B4" "$(jqf .code "$T/out")"
expect_eq "list: ids ascending" true \
	"$(jq -s '[.[].id] == ([.[].id] | sort)' "$T/out")"
expect_code 0 "list --inviter in upper case" gx-invite list --inviter ZhaoLei \
	--campaign spring
expect_eq "list: the handle is folded" 4 "$(lines "$T/out")"
expect_code 0 "list --state flagged" gx-invite list --state flagged
expect_eq "list flagged: four, with reasons" \
	"$OLD:already-member $EARLY:outside-window $LATE:outside-window $B3:burst" \
	"$(jqf '"\(.code):\(.reason)"' "$T/out")"
expect_code 0 "list --state accepted --campaign spring" \
	gx-invite list --state accepted --campaign spring
expect_eq "list accepted spring" "$C1 $C2 $B1 $B2 $B4" "$(jqf .code "$T/out")"
expect_code 0 "list --state expired (a day later)" \
	env GX_NOW=2016-04-03T10:00:00Z gx-invite list --state expired
expect_eq "list expired: the 1-day invite" "$EXPIRING expired" \
	"$(jqf '"\(.code) \(.state)"' "$T/out")"
expect_code 1 "list --state expired before it expired" \
	env GX_NOW=2016-04-02T10:00:00Z gx-invite list --state expired \
	--inviter wangwei
expect_code 0 "list --state created does not include the expired one" \
	env GX_NOW=2016-04-03T10:00:00Z gx-invite list --state created \
	--inviter wangwei
expect_eq "list created: no expired code" "" \
	"$(jq -r "select(.code == \"$EXPIRING\") | .code" "$T/out")"
expect_code 0 "list --state revoked --inviter lina" \
	gx-invite list --state revoked --inviter lina
expect_eq "list revoked: lina's 400" 400 "$(lines "$T/out")"
expect_code 0 "list --channel sms" gx-invite list --channel sms
expect_eq "list sms: the one to a phone" "$TO_CODE sms" \
	"$(jqf '"\(.code) \(.channel)"' "$T/out")"
expect_code 0 "list --channel wechat --limit 3" \
	gx-invite list --channel wechat --limit 3
expect_eq "list --limit 3: the three oldest" "3 wangwei wangwei lina" \
	"$(lines "$T/out") $(jqf .inviter "$T/out")"
expect_code 1 "list: none matching exits 1" \
	gx-invite list --inviter oldie --state accepted
expect_eq "list none: no output" "" "$(cat "$T/out")"
expect_eq "list none: no error" "" "$(cat "$T/err")"
expect_code 1 "list --campaign with no invites" \
	gx-invite list --campaign nope

# --- show -------------------------------------------------------------------

expect_code 0 "show two codes" gx-invite show "$C1" "$C2"
expect_eq "show: both, in order" "$C1 $C2" "$(jqf .code "$T/out")"
expect_code 1 "show an unknown code" gx-invite show "$C1" ZZZZ2345
expect_eq "show unknown: the known one still shown" "$C1" \
	"$(jqf .code "$T/out")"
expect_grep "show unknown: named" "no invite 'ZZZZ2345'" "$T/err"
expect_code 0 "show reads the output of list" \
	sh -c 'gx-invite list --state flagged | gx-invite show'
expect_eq "show from stdin: four" 4 "$(lines "$T/out")"

# --- revoke -----------------------------------------------------------------

GX_NOW=2016-04-05T09:00:00Z
R1=$(invite wangwei)
R2=$(invite wangwei)
R3=$(invite wangwei)
snapshot revoke
expect_code 77 "revoke by another member" gx-invite revoke "$R1" --as lina
expect_grep "revoke by another: the rule" "inviter or staff" "$T/err"
expect_unchanged "revoke by another: nothing changed" revoke
expect_code 0 "revoke by the inviter" gx-invite revoke "$R1" --as wangwei
expect_eq "revoke: revoked" "revoked revoked" \
	"$(jq -r '"\(.state) \(.result)"' "$T/out")"
snapshot revoked
expect_code 0 "revoke again" gx-invite revoke "$R1"
expect_eq "revoke again: unchanged" "revoked unchanged" \
	"$(jq -r '"\(.state) \(.result)"' "$T/out")"
expect_unchanged "revoke again: nothing changed" revoked
expect_code 0 "revoke by staff (--as staffer)" \
	gx-invite revoke "$R2" --as staffer
expect_eq "revoke by staff: revoked" revoked "$(field "$T/out" result)"
expect_code 0 "revoke an expired invite" \
	env GX_NOW=2016-06-01T00:00:00Z gx-invite revoke "$R3"
expect_eq "revoke expired: revoked" "revoked revoked" \
	"$(jq -r '"\(.state) \(.result)"' "$T/out")"
snapshot revoke2
expect_code 65 "an accepted invite cannot be revoked" gx-invite revoke "$C1"
expect_grep "revoke accepted: the reason" "accepted.*only an unused" "$T/err"
expect_unchanged "revoke accepted: nothing changed" revoke2
expect_code 65 "revoke a flagged invite" gx-invite revoke "$B3"
expect_unchanged "revoke flagged: nothing changed" revoke2
expect_code 65 "revoke an unknown code" gx-invite revoke ZZZZ2345
expect_unchanged "revoke unknown: nothing changed" revoke2
expect_code 65 "revoke a batch with an accepted invite in it" \
	sh -c "printf '%s\n' '$OWN' '$C1' | gx-invite revoke"
expect_grep "revoke batch: the line named" "stdin:2:" "$T/err"
expect_unchanged "revoke batch: nothing changed, not even the first" revoke2
expect_code 65 "accept a revoked invite" gx-invite accept "$R1" --user lina
expect_unchanged "accept revoked: nothing changed" revoke2

# --- flag / unflag ------------------------------------------------------------

GX_NOW=2016-04-06T09:00:00Z
snapshot flag
expect_code 77 "flag by a member" gx-invite flag "$C1" --as wangwei
expect_grep "flag by a member: the rule" "only staff" "$T/err"
expect_unchanged "flag by a member: nothing changed" flag
expect_code 77 "flag by the invitee" gx-invite flag "$C1" --as friend1
expect_unchanged "flag by the invitee: nothing changed" flag
expect_code 77 "unflag by a member" gx-invite unflag "$B3" --as zhaolei
expect_unchanged "unflag by a member: nothing changed" flag
expect_code 65 "flag an unused invite" gx-invite flag "$OWN"
expect_grep "flag unused: the reason" "only accepted" "$T/err"
expect_unchanged "flag unused: nothing changed" flag
expect_code 64 "unflag --reason" gx-invite unflag "$B3" --reason x
expect_unchanged "unflag --reason: nothing changed" flag
expect_code 0 "flag by staff with reason and note" gx-invite flag "$C1" \
	--reason fake-account --note "same device as inviter"
expect_eq "flag: state, reason, note, result" \
	"flagged|fake-account|same device as inviter|flagged" \
	"$(jq -r '"\(.state)|\(.reason)|\(.note)|\(.result)"' "$T/out")"
expect_code 0 "flag: the audit log has the note" gx audit list
expect_grep "flag: audited with the note" \
	"\"action\":\"flag\".*same device as inviter" "$T/out"
snapshot flagged
expect_code 0 "flag again" gx-invite flag "$C1" --reason fake-account
expect_eq "flag again: unchanged" "flagged unchanged" \
	"$(jq -r '"\(.state) \(.result)"' "$T/out")"
expect_unchanged "flag again: nothing changed" flagged
expect_code 0 "leaderboard after the flag" \
	gx-invite leaderboard --campaign spring
expect_eq "flagged by staff: wangwei drops to 1" "zhaolei:3 wangwei:1" \
	"$(jqf '"\(.handle):\(.invites)"' "$T/out")"
expect_code 0 "unflag the burst" gx-invite unflag "$B3" \
	--note "checked by phone"
expect_eq "unflag: accepted, no reason, the note" \
	"accepted|null|checked by phone|unflagged" \
	"$(jq -r '"\(.state)|\(.reason)|\(.note)|\(.result)"' "$T/out")"
expect_code 0 "unflag an accepted invite" gx-invite unflag "$C2"
expect_eq "unflag accepted: unchanged" unchanged "$(field "$T/out" result)"
expect_code 0 "leaderboard after the unflag" \
	gx-invite leaderboard --campaign spring
expect_eq "unflagged: counts again" "zhaolei:4 wangwei:1" \
	"$(jqf '"\(.handle):\(.invites)"' "$T/out")"
expect_code 0 "stats after flag and unflag" gx-invite stats --campaign spring
expect_eq "stats: accepted and flagged follow" "5 2" \
	"$(jq -r '"\(.accepted) \(.flagged)"' "$T/out")"

# --- stats (a database of its own, for exact numbers) ---------------------------

GX_DB=$T/stats.db
GX_NOW=2016-03-01T09:00:00Z
member p1 13800001001
member p2 13800001002
member p3 13800001003
campaign spring 2016-04-01 2016-04-30
expect_code 1 "stats with no invites" gx-invite stats
expect_eq "stats none: no output" "" "$(cat "$T/out")"

# p1, 2016-04-02: 2 link (spring, both accepted), 2 wechat (1 accepted,
# 1 revoked).  p2, 2016-04-03: 4 link (1 accepted then flagged, 1 expired,
# 2 open).  p3 sends nothing.
GX_NOW=2016-04-02T09:00:00Z
S1=$(invite p1 --campaign spring)
S2=$(invite p1 --campaign spring)
S3=$(invite p1 --channel wechat)
S4=$(invite p1 --channel wechat)
gx-user add s1 --name S --phone 13800002001 --invite "$S1" >/dev/null
gx-user add s2 --name S --phone 13800002002 --invite "$S2" >/dev/null
gx-user add s3 --name S --phone 13800002003 --invite "$S3" >/dev/null
gx-invite revoke "$S4" >/dev/null
GX_NOW=2016-04-03T09:00:00Z
S5=$(invite p2)
S6=$(invite p2 --expires 1d)
S7=$(invite p2)
S8=$(invite p2)
gx-user add s5 --name S --phone 13800002005 --invite "$S5" >/dev/null
gx-invite flag "$S5" --reason fake >/dev/null
GX_NOW=2016-04-05T09:00:00Z
expect_code 0 "stats" gx-invite stats
expect_eq "stats: one row" 1 "$(lines "$T/out")"
expect_eq "stats: type, by, key" "invite-stats all all null" \
	"$(jq -r '"\(.type) \(.by) \(.key) \(.campaign)"' "$T/out")"
expect_eq "stats: sent accepted flagged expired revoked inviters" \
	"8 3 1 1 1 2" \
	"$(jq -r '"\(.sent) \(.accepted) \(.flagged) \(.expired) \(.revoked) \(.inviters)"' "$T/out")"
expect_eq "stats: conversion 3/8, k_factor 3/2" "true true" \
	"$(jq -r '"\(.conversion == 0.375) \(.k_factor == 1.5)"' "$T/out")"
expect_code 0 "stats the day before p2's invite expired" \
	env GX_NOW=2016-04-03T12:00:00Z gx-invite stats
expect_eq "stats earlier: nothing expired yet" 0 "$(field "$T/out" expired)"
expect_code 0 "stats --by inviter" gx-invite stats --by inviter
expect_eq "by inviter: one row per inviter who sent, by handle" "p1 p2" \
	"$(jqf .key "$T/out")"
expect_eq "by inviter: p1" "4 3 0 0 1 1 0.75 3" \
	"$(jq -r 'select(.key == "p1") | "\(.sent) \(.accepted) \(.flagged) \(.expired) \(.revoked) \(.inviters) \(.conversion) \(.k_factor)"' "$T/out")"
expect_eq "by inviter: p2" "4 0 1 1 0 1 0 0" \
	"$(jq -r 'select(.key == "p2") | "\(.sent) \(.accepted) \(.flagged) \(.expired) \(.revoked) \(.inviters) \(.conversion) \(.k_factor)"' "$T/out")"
expect_eq "by inviter: by is inviter" inviter "$(field "$T/out" by)"
expect_code 0 "stats --by channel" gx-invite stats --by channel
expect_eq "by channel: link and wechat" "link wechat" "$(jqf .key "$T/out")"
expect_eq "by channel: link" "6 2 1 1 0 2 true 1" \
	"$(jq -r 'select(.key == "link") | "\(.sent) \(.accepted) \(.flagged) \(.expired) \(.revoked) \(.inviters) \((.conversion * 1000 | round) == 333) \(.k_factor)"' "$T/out")"
expect_eq "by channel: wechat" "2 1 0 0 1 1 0.5 1" \
	"$(jq -r 'select(.key == "wechat") | "\(.sent) \(.accepted) \(.flagged) \(.expired) \(.revoked) \(.inviters) \(.conversion) \(.k_factor)"' "$T/out")"
expect_code 0 "stats --by day" gx-invite stats --by day
expect_eq "by day: the two days" "2016-04-02:4:3 2016-04-03:4:0" \
	"$(jqf '"\(.key):\(.sent):\(.accepted)"' "$T/out")"
expect_code 0 "stats --campaign spring" gx-invite stats --campaign spring
expect_eq "stats spring: 2 sent, 2 accepted, 1 inviter, all converted" \
	"spring 2 2 1 1 2" \
	"$(jq -r '"\(.campaign) \(.sent) \(.accepted) \(.inviters) \(.conversion) \(.k_factor)"' "$T/out")"
expect_code 0 "stats --campaign spring --by inviter" \
	gx-invite stats --campaign spring --by inviter
expect_eq "stats spring by inviter: p1 only" "p1" "$(jqf .key "$T/out")"
expect_code 0 "unflag p2's invite" gx-invite unflag "$S5"
expect_code 0 "stats after the unflag" gx-invite stats --by inviter
expect_eq "unflag: p2 has 1 accepted, none flagged" "1 0 0.25 1" \
	"$(jq -r 'select(.key == "p2") | "\(.accepted) \(.flagged) \(.conversion) \(.k_factor)"' "$T/out")"
expect_code 1 "stats --campaign with no invites" gx-invite stats --campaign nope

# --- leaderboard (a database of its own) --------------------------------------

GX_DB=$T/leaders.db
GX_NOW=2016-03-01T09:00:00Z
member l1 13800003001 --city 上海
member l2 13800003002
member l3 13800003003
member l4 13800003004
campaign spring 2016-04-01 2016-04-30
expect_code 1 "leaderboard with no accepted invites" gx-invite leaderboard
n=0
# accepted INVITER TIME [OPTION...]: a new member accepts INVITER's invite.
accepted() {
	who=$1 at=$2
	shift 2
	n=$((n + 1))
	c=$(GX_NOW=$at invite "$who" "$@")
	GX_NOW=$at gx-user add "new$n" --name N --phone "1390000$((1000 + n))" \
		--invite "$c" >/dev/null || echo "# fixture: $who's invite $c"
	LAST=$c
}
# l2 reaches 3 before l1 does; l3 has 1 in the window and 1 after it,
# which staff unflag; l4 has 1 without a campaign and 1 that staff flag.
accepted l1 2016-04-05T10:00:00Z --campaign spring
accepted l1 2016-04-05T11:00:00Z --campaign spring
accepted l1 2016-04-05T12:00:00Z --campaign spring
accepted l2 2016-04-04T10:00:00Z --campaign spring
accepted l2 2016-04-04T11:00:00Z --campaign spring
accepted l2 2016-04-05T09:00:00Z --campaign spring
accepted l3 2016-04-06T10:00:00Z --campaign spring
L3C=$(GX_NOW=2016-04-20T10:00:00Z invite l3 --campaign spring)
GX_NOW=2016-05-02T10:00:00Z gx-user add latecomer --name N \
	--phone 13900009999 --invite "$L3C" >/dev/null
GX_NOW=2016-05-03T10:00:00Z gx-invite unflag "$L3C" >/dev/null
accepted l4 2016-04-03T10:00:00Z
accepted l4 2016-04-03T11:00:00Z
gx-invite flag "$LAST" --reason fake >/dev/null
GX_NOW=2016-05-10T09:00:00Z

expect_code 0 "leaderboard" gx-invite leaderboard
expect_eq "leaderboard: by count, a tie to whoever reached it first" \
	"1:l2:3 2:l1:3 3:l3:2 4:l4:1" \
	"$(jqf '"\(.rank):\(.handle):\(.invites)"' "$T/out")"
expect_eq "leaderboard: reached_at is when the count was reached" \
	"2016-04-05T09:00:00Z 2016-04-05T12:00:00Z 2016-05-02T10:00:00Z 2016-04-03T10:00:00Z" \
	"$(jqf .reached_at "$T/out")"
expect_eq "leaderboard: type leader, name, campaign null" "leader l1 null" \
	"$(jq -r 'select(.handle == "l1") | "\(.type) \(.name) \(.campaign)"' "$T/out")"
expect_code 0 "leaderboard --campaign spring" \
	gx-invite leaderboard --campaign spring
expect_eq "--campaign: only in-window accepted invites count" \
	"1:l2:3 2:l1:3 3:l3:1" \
	"$(jqf '"\(.rank):\(.handle):\(.invites)"' "$T/out")"
expect_eq "--campaign: the campaign on each row" spring \
	"$(jq -r .campaign "$T/out" | sort -u)"
expect_code 0 "leaderboard --min 3" gx-invite leaderboard --min 3
expect_eq "--min 3" "l2 l1" "$(jqf .handle "$T/out")"
expect_code 0 "leaderboard --min 2 --limit 2" \
	gx-invite leaderboard --min 2 --limit 2
expect_eq "--min 2 --limit 2" "l2 l1" "$(jqf .handle "$T/out")"
expect_code 0 "leaderboard --limit 1" gx-invite leaderboard --limit 1
expect_eq "--limit 1: the leader" "1 l2" \
	"$(jqf '"\(.rank) \(.handle)"' "$T/out")"
expect_code 0 "leaderboard --campaign spring --min 2" \
	gx-invite leaderboard --campaign spring --min 2
expect_eq "--campaign --min 2" "l2 l1" "$(jqf .handle "$T/out")"
expect_code 1 "leaderboard --min 4: nobody" gx-invite leaderboard --min 4
expect_eq "--min 4: no output" "" "$(cat "$T/out")"
expect_code 1 "leaderboard --campaign with no invites" \
	gx-invite leaderboard --campaign nope

# --- bad input ------------------------------------------------------------------

GX_DB=$T/gx.db
GX_NOW=2016-04-07T09:00:00Z
snapshot bad
expect_code 65 "create: malformed JSON on stdin" \
	sh -c 'printf "{\"handle\":\"wangwei\"}\n{\"handle\":\n" | gx-invite create'
expect_grep "malformed JSON: the line named" "stdin:2:.*JSON" "$T/err"
expect_unchanged "malformed JSON: nothing created" bad
expect_code 65 "create: a record without a handle" \
	sh -c 'echo "{\"city\":\"Shanghai\"}" | gx-invite create'
expect_unchanged "no handle: nothing created" bad
expect_code 65 "revoke: an unknown code on stdin" \
	sh -c 'echo "{\"code\":\"ZZZZ2345\"}" | gx-invite revoke'
expect_grep "unknown code on stdin: named" "stdin:1:.*ZZZZ2345" "$T/err"
expect_unchanged "unknown code on stdin: nothing changed" bad
expect_code 65 "accept: an unknown code on stdin" \
	sh -c 'echo ZZZZ2345 | gx-invite accept --user lina'
expect_unchanged "accept unknown on stdin: nothing changed" bad
expect_code 65 "accept: malformed JSON on stdin" \
	sh -c 'echo "{\"code\":" | gx-invite accept --user lina'
expect_unchanged "accept malformed: nothing changed" bad
expect_code 1 "show: an unknown code on stdin" \
	sh -c 'echo "{\"code\":\"ZZZZ2345\"}" | gx-invite show'
expect_code 64 "create --count 0" gx-invite create wangwei --count 0
expect_code 64 "create --count 1001" gx-invite create wangwei --count 1001
expect_code 0 "create --count 1000, the most" env GX_DB="$T/count.db" \
	sh -c 'gx-user add many --name M --phone 13811110000 >/dev/null &&
	gx-invite create many --count 1000'
expect_eq "--count 1000: 1000 unique codes" 1000 \
	"$(jq -r .code "$T/out" | sort -u | grep -Ec "$CODE_RE")"
expect_code 64 "create --count x" gx-invite create wangwei --count x
expect_code 64 "create --expires bad" gx-invite create wangwei --expires soon
expect_code 64 "create --expires 0" gx-invite create wangwei --expires 0
expect_code 64 "create --channel fax" gx-invite create wangwei --channel fax
expect_code 64 "create --to with --count 2" \
	gx-invite create wangwei --to 13911112222 --count 2
expect_grep "--to --count 2: the reason" "one invite" "$T/err"
expect_code 64 "create with no inviter at all" gx-invite create </dev/null
expect_code 64 "list --state bad" gx-invite list --state used
expect_code 64 "list --limit 0" gx-invite list --limit 0
expect_code 64 "stats --by city" gx-invite stats --by city
expect_code 64 "leaderboard --min 0" gx-invite leaderboard --min 0
expect_code 64 "an unknown subcommand" gx-invite frobnicate
expect_code 64 "an unknown option" gx-invite create wangwei --bogus
expect_unchanged "bad usage: nothing changed" bad

done_testing
