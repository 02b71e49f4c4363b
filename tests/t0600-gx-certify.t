#!/bin/sh
# gx-certify: submit (the media store, types by content, size limit, the
# document and professional rules), the queue and its SLA, decisions
# (approve with expiry, reject with reason codes, --retry and --final,
# revoke; only staff, never one's own case), status, the badges filter,
# review statistics, and bad input.  Every refused command leaves the
# database, and the media store, as they were.
. "$(dirname "$0")/lib.sh"

# member HANDLE PHONE [OPTION...]: register a member for the fixture.
member() {
	h=$1 p=$2
	shift 2
	gx-user add "$h" --name "$h" --phone "$p" "$@" >/dev/null ||
		echo "# fixture: could not add member '$h'"
}

# lines FILE: how many lines FILE has.
lines() {
	grep -c '' "$1"
}

# jqf FILTER FILE: jq -r -c FILTER over FILE, lines joined by spaces.
jqf() {
	jq -r -c "$1" "$2" | tr '\n' ' ' | sed 's/ $//'
}

# sha FILE: the SHA-256 of FILE in hex.
sha() {
	sha256sum "$1" | cut -d ' ' -f 1
}

# store: the names in the media store of $GX_DB, one a line, hidden too.
store() {
	ls -A "$GX_DB.media" 2>/dev/null
}

# snapshot_all NAME / unchanged_all DESC NAME: the database and the media
# store did not change in between.
snapshot_all() {
	snapshot "$1"
	store >"$T/$1.store"
}

unchanged_all() {
	expect_unchanged "$1: the database unchanged" "$2"
	store >"$T/$2.store.now"
	test_cmp "$1: the media store unchanged" "$T/$2.store" \
		"$T/$2.store.now"
}

# submit ARGS...: submit a case for the fixture, print its id.
submit() {
	gx-certify submit "$@" | jq -r .id
}

# --- fixture --------------------------------------------------------------

GX_NOW=2016-03-01T09:00:00Z
member wangwei 13812345678 --city Shanghai --company "Ping An" \
	--title "Sales Director" --employed
member lina 13900112233 --city Shanghai
member zhaolei 13700001111 --city Beijing --company Huawei \
	--title Engineer --employed
member staffer 13500001111 --role staff
member staff2 13500002222 --role staff

# Tiny documents: each type by its first bytes (dash's printf has octal
# escapes only).
printf '\377\330\377\340wangwei id card' >"$T/id.jpg"
printf '\211PNG\r\n\032\nbusiness card' >"$T/card.png"
printf 'RIFF\004\000\000\000WEBPVP8 photo' >"$T/photo.webp"
printf '%%PDF-1.4\nemployment letter\n' >"$T/job.pdf"
printf 'just some text, no picture\n' >"$T/fake.jpg"
printf '\211PNG\r\n\032\nlina id card' >"$T/lina.jpg"	# a PNG named .jpg
cp "$T/lina.jpg" "$T/lina-copy.png"
printf '\377\330\377\340zhaolei id' >"$T/zhao.jpg"	# 14 bytes
printf '\377\330\377\340staffer id' >"$T/staff.jpg"
printf '\377\330\377\340a new picture' >"$T/new.jpg"
printf '\377\330\377\340another picture' >"$T/new2.jpg"
: >"$T/empty.jpg"
mkdir "$T/adir"

# --- help -------------------------------------------------------------------

expect_code 0 "gx-certify --help" gx-certify --help
for sub in submit show queue approve reject revoke status badges stats \
    credit; do
	expect_code 0 "$sub --help" gx-certify $sub --help
	expect_grep "$sub --help has an example" "^ +gx-" "$T/out"
done

# --- submit -------------------------------------------------------------------

GX_NOW=2016-04-01T09:00:00Z
expect_code 0 "submit a real-name case with two documents" \
	gx-certify submit wangwei --kind realname --doc id-card=id.jpg \
	--doc other=photo.webp --as wangwei
WANG_RN=$(field "$T/out" id)
expect_eq "submit: type, handle, name, kind, state, result" \
	"cert wangwei wangwei realname open submitted" \
	"$(jq -r '"\(.type) \(.handle) \(.name) \(.kind) \(.state) \(.result)"' \
	"$T/out")"
expect_eq "submit: an integer id" true \
	"$(jq '.id | type == "number"' "$T/out")"
expect_eq "submit: submitted now, due in 3 days" \
	"2016-04-01T09:00:00Z 2016-04-04T09:00:00Z" \
	"$(jq -r '"\(.submitted_at) \(.due_at)"' "$T/out")"
expect_eq "submit: age 0, not overdue" "0 false" \
	"$(jq -r '"\(.age_seconds) \(.overdue)"' "$T/out")"
expect_eq "submit: nothing decided yet" "null null null null null null null" \
	"$(jq -r '"\(.decided_at) \(.reviewer) \(.reason) \(.final) \(.message) \(.expires_at) \(.previous)"' \
	"$T/out")"
expect_eq "submit: the documents, kinds and types by content" \
	"id-card:image/jpeg:$(wc -c <"$T/id.jpg") other:image/webp:$(wc -c <"$T/photo.webp")" \
	"$(jqf '.docs[] | "\(.kind):\(.type):\(.size)"' "$T/out")"
expect_eq "submit: the documents' SHA-256" \
	"$(sha "$T/id.jpg") $(sha "$T/photo.webp")" \
	"$(jqf '.docs[].sha256' "$T/out")"
expect_eq "media store: beside the database, mode 700" 700 \
	"$(stat -c %a "$GX_DB.media")"
expect_eq "media store: the files named by their SHA-256" \
	"$( (sha "$T/id.jpg"; sha "$T/photo.webp") | sort | tr '\n' ' ')" \
	"$(store | sort | tr '\n' ' ')"
expect_eq "media store: files of mode 600" 600 \
	"$(stat -c %a "$GX_DB.media"/* | sort -u)"
expect_code 0 "media store: the stored file is the document" \
	cmp "$T/id.jpg" "$GX_DB.media/$(sha "$T/id.jpg")"

expect_code 0 "submit with the same content twice, a PNG named .jpg" \
	gx-certify submit lina --kind realname --doc id-card=lina.jpg \
	--doc other=lina-copy.png
LINA_RN=$(field "$T/out" id)
expect_eq "same content: both documents, typed by content" \
	"id-card:image/png other:image/png" \
	"$(jqf '.docs[] | "\(.kind):\(.type)"' "$T/out")"
expect_eq "same content: one SHA-256 for both" "$(sha "$T/lina.jpg")" \
	"$(jq -r '.docs[].sha256' "$T/out" | sort -u)"
expect_eq "same content: stored once" 3 "$(store | grep -c '')"
expect_code 0 "submit a PDF" gx-certify submit zhaolei --kind realname \
	--doc id-card=zhao.jpg --doc employment=job.pdf
ZHAO_RN=$(field "$T/out" id)
expect_eq "PDF: application/pdf" "image/jpeg application/pdf" \
	"$(jqf '.docs[].type' "$T/out")"
expect_eq "the store holds each content once" 5 "$(store | grep -c '')"

snapshot_all submit
expect_code 65 "a .jpg that is really text" \
	gx-certify submit staffer --kind realname --doc id-card=fake.jpg
expect_grep "text: named, not an accepted type" \
	"error: 'fake.jpg' is not an accepted type \(JPEG, PNG, WebP or PDF\) by its content" \
	"$T/err"
unchanged_all "text" submit
expect_code 65 "an empty file" \
	gx-certify submit staffer --kind realname --doc id-card=empty.jpg
expect_grep "empty: named" "'empty.jpg' is empty" "$T/err"
unchanged_all "empty" submit
expect_code 65 "a directory" \
	gx-certify submit staffer --kind realname --doc id-card=adir
expect_grep "directory: not a regular file" "'adir' is not a regular file" \
	"$T/err"
unchanged_all "directory" submit
expect_code 65 "over GX_MEDIA_MAX" env GX_MEDIA_MAX=13 \
	gx-certify submit staffer --kind realname --doc id-card=staff.jpg
expect_grep "GX_MEDIA_MAX: the limit named" \
	"'staff.jpg' is larger than 13 bytes" "$T/err"
unchanged_all "GX_MEDIA_MAX" submit
expect_code 66 "a missing file" \
	gx-certify submit staffer --kind realname --doc id-card=nope.jpg
expect_grep "missing file: named" "cannot read 'nope.jpg'" "$T/err"
unchanged_all "missing file" submit
for spec in id.jpg =id.jpg id-card= ; do
	expect_code 64 "--doc '$spec': not KIND=FILE" \
		gx-certify submit staffer --kind realname --doc "$spec"
	expect_grep "--doc '$spec': the syntax" "KIND=FILE" "$T/err"
done
expect_code 64 "--doc passport=: an unknown kind" \
	gx-certify submit staffer --kind realname --doc passport=id.jpg
expect_grep "unknown kind: named with the known ones" \
	"unknown document kind 'passport' \(id-card, business-card, employment, other\)" \
	"$T/err"
expect_code 64 "--kind bogus" gx-certify submit staffer --kind bogus \
	--doc id-card=staff.jpg
expect_code 64 "no --kind" gx-certify submit staffer --doc id-card=staff.jpg
expect_grep "no --kind: said" "needs --kind" "$T/err"
expect_code 64 "two members" gx-certify submit staffer lina \
	--kind realname --doc id-card=staff.jpg
expect_code 64 "no member" gx-certify submit --kind realname \
	--doc id-card=staff.jpg </dev/null
expect_code 64 "nine documents" gx-certify submit staffer --kind realname \
	--doc id-card=staff.jpg --doc other=staff.jpg --doc other=staff.jpg \
	--doc other=staff.jpg --doc other=staff.jpg --doc other=staff.jpg \
	--doc other=staff.jpg --doc other=staff.jpg --doc other=staff.jpg
expect_grep "nine documents: the limit" "at most 8" "$T/err"
expect_code 65 "an unknown member" gx-certify submit nobody \
	--kind realname --doc id-card=staff.jpg
expect_grep "unknown member: named" "no member 'nobody'" "$T/err"
expect_code 77 "a member submits for another" gx-certify submit staffer \
	--kind realname --doc id-card=staff.jpg --as lina
expect_grep "for another: the rule" "'lina' may submit only their own" \
	"$T/err"
expect_code 65 "a real-name case without an id-card" \
	gx-certify submit staffer --kind realname --doc other=staff.jpg
expect_grep "no id-card: named" "a real-name case needs an id-card document" \
	"$T/err"
expect_code 65 "an open case blocks a second submit" \
	gx-certify submit wangwei --kind realname --doc id-card=id.jpg
expect_grep "open case: named with its id" \
	"member 'wangwei' already has an open realname case \($WANG_RN\)" \
	"$T/err"
unchanged_all "refused submits" submit
# A refusal after the first document was copied leaves no file behind.
expect_code 65 "a good new document, then a bad one" \
	gx-certify submit staffer --kind realname --doc id-card=new.jpg \
	--doc other=fake.jpg
expect_grep "good then bad: the bad one named" "'fake.jpg' is not" "$T/err"
unchanged_all "good then bad" submit
snapshot_all submit2
expect_code 66 "another good new document, then a missing one" \
	gx-certify submit staffer --kind realname --doc id-card=new2.jpg \
	--doc other=nope.pdf
unchanged_all "good then missing" submit2

# --- the professional rules -------------------------------------------------

snapshot_all pro
expect_code 65 "professional: everything missing" \
	gx-certify submit lina --kind professional --doc other=photo.webp
expect_grep "everything missing: an approved real-name check" \
	"an approved real-name check" "$T/err"
expect_grep "everything missing: a current job" \
	"a current job on the profile \(employed, company and title\)" "$T/err"
expect_grep "everything missing: an id-card" "an id-card document" "$T/err"
expect_grep "everything missing: a business-card or employment document" \
	"a business-card or employment document" "$T/err"
unchanged_all "everything missing" pro
expect_code 65 "professional while the real-name case is still open" \
	gx-certify submit wangwei --kind professional --doc id-card=id.jpg \
	--doc business-card=card.png --as wangwei
expect_grep "open real-name case: only that is missing" \
	"a professional case needs an approved real-name check\$" "$T/err"
unchanged_all "real-name open" pro

GX_NOW=2016-04-02T09:00:00Z
expect_code 0 "staff approve wangwei's real-name case" \
	gx-certify approve "$WANG_RN" --as staffer --note "checked in person"
expect_eq "approve: state, reviewer, result" "approved staffer approved" \
	"$(jq -r '"\(.state) \(.reviewer) \(.result)"' "$T/out")"
expect_eq "approve: decided now, expires in 365 days by default" \
	"2016-04-02T09:00:00Z 2017-04-02T09:00:00Z" \
	"$(jq -r '"\(.decided_at) \(.expires_at)"' "$T/out")"
expect_eq "approve: the note, for staff" "checked in person" \
	"$(field "$T/out" note)"

snapshot_all pro2
expect_code 65 "professional with an id-card only" \
	gx-certify submit wangwei --kind professional --doc id-card=id.jpg \
	--as wangwei
expect_grep "id-card only: the job document missing" \
	"needs a business-card or employment document\$" "$T/err"
unchanged_all "id-card only" pro2
expect_code 65 "professional without a job on the profile" \
	gx-certify submit lina --kind professional --doc id-card=lina.jpg \
	--doc employment=job.pdf
expect_grep "no job: named" "a current job on the profile" "$T/err"
unchanged_all "no job" pro2
expect_code 0 "professional with an id-card and a business card" \
	gx-certify submit wangwei --kind professional --doc id-card=id.jpg \
	--doc business-card=card.png --as wangwei
WANG_PRO=$(field "$T/out" id)
expect_eq "professional: open, no certified job yet" "professional open null" \
	"$(jq -r '"\(.kind) \(.state) \(.company)"' "$T/out")"

# The profile changes between submit and approval: the rules hold again.
gx-user set wangwei --unemployed >/dev/null || echo "# fixture: set failed"
snapshot_all approve
expect_code 65 "approval refused once the member is unemployed" \
	gx-certify approve "$WANG_PRO" --as staffer
expect_grep "unemployed: the rule named" \
	"approving it needs a current job on the profile" "$T/err"
unchanged_all "unemployed at approval" approve
gx-user set wangwei --employed >/dev/null || echo "# fixture: set failed"
expect_code 0 "approval once employed again" \
	gx-certify approve "$WANG_PRO" --as staffer
expect_eq "professional approved: the certified company and title" \
	"approved|Ping An|Sales Director" \
	"$(jq -r '"\(.state)|\(.company)|\(.title)"' "$T/out")"
expect_code 0 "approving it again" gx-certify approve "$WANG_PRO"
expect_eq "approving again: unchanged, the reviewer kept" \
	"unchanged staffer" "$(jq -r '"\(.result) \(.reviewer)"' "$T/out")"

# --- who decides --------------------------------------------------------------

snapshot_all who
expect_code 77 "a member approves" gx-certify approve "$LINA_RN" --as zhaolei
expect_grep "member approves: the rule" "only staff decide" "$T/err"
expect_code 77 "a member rejects" gx-certify reject "$LINA_RN" \
	--reason other --as zhaolei
expect_code 77 "a member revokes" gx-certify revoke "$WANG_RN" --as lina
expect_code 77 "a member approves their own case" \
	gx-certify approve "$LINA_RN" --as lina
unchanged_all "members decide nothing" who
expect_code 0 "staff submit their own case, a file at GX_MEDIA_MAX" \
	env GX_MEDIA_MAX=14 gx-certify submit staffer --kind realname \
	--doc id-card=staff.jpg --as staffer
STAFF_RN=$(field "$T/out" id)
snapshot_all own
expect_code 77 "staff approve their own case" \
	gx-certify approve "$STAFF_RN" --as staffer
expect_grep "own case: the rule" "nobody decides their own case \($STAFF_RN\)" \
	"$T/err"
expect_code 77 "staff reject their own case" \
	gx-certify reject "$STAFF_RN" --reason other --as staffer
unchanged_all "own case" own
expect_code 0 "another staff member approves it" \
	gx-certify approve "$STAFF_RN" --as staff2
expect_eq "another staff: reviewer staff2" staff2 "$(field "$T/out" reviewer)"
expect_code 0 "the operator decides (no --as)" \
	gx-certify approve "$ZHAO_RN" --expires 30d
expect_grep "operator: the reviewer is the operator" \
	'"reviewer":"operator:' "$T/out"
expect_eq "--expires 30d" "2016-05-02T09:00:00Z" \
	"$(field "$T/out" expires_at)"

# --- reject -------------------------------------------------------------------------

GX_NOW=2016-04-03T09:00:00Z
expect_code 0 "reject with --retry, a message and a note" \
	gx-certify reject "$LINA_RN" --reason unreadable --retry \
	--message "The photo is blurred" --note "looks genuine otherwise" \
	--as staffer
expect_eq "reject: state, reason, final, result" \
	"rejected unreadable false rejected" \
	"$(jq -r '"\(.state) \(.reason) \(.final) \(.result)"' "$T/out")"
expect_eq "reject: message and note for staff" \
	"The photo is blurred|looks genuine otherwise" \
	"$(jq -r '"\(.message)|\(.note)"' "$T/out")"
expect_eq "reject: decided now by staffer" "2016-04-03T09:00:00Z staffer" \
	"$(jq -r '"\(.decided_at) \(.reviewer)"' "$T/out")"
expect_code 0 "the member sees their rejected case" \
	gx-certify show "$LINA_RN" --as lina
expect_eq "member: the message is visible" "The photo is blurred" \
	"$(field "$T/out" message)"
expect_eq "member: the note is not" false "$(jq 'has("note")' "$T/out")"
expect_code 0 "staff see the note" gx-certify show "$LINA_RN" --as staff2
expect_eq "staff: the note" "looks genuine otherwise" "$(field "$T/out" note)"
expect_code 1 "another member does not see the case" \
	gx-certify show "$LINA_RN" --as zhaolei
expect_grep "another member: no such case" "no certification case $LINA_RN" \
	"$T/err"
expect_code 0 "rejecting it again" gx-certify reject "$LINA_RN" --reason other
expect_eq "rejecting again: unchanged, the first reason kept" \
	"unchanged unreadable" "$(jq -r '"\(.result) \(.reason)"' "$T/out")"

# Every reason code, each on a resubmission linked to the one before.
PREV=$LINA_RN
for reason in name-mismatch expired-document not-employed \
    suspected-forgery other; do
	expect_code 0 "resubmit after --retry ($reason next)" \
		gx-certify submit lina --kind realname --doc id-card=lina.jpg \
		--as lina
	expect_eq "resubmitted: previous is case $PREV" "$PREV" \
		"$(field "$T/out" previous)"
	CASE=$(field "$T/out" id)
	expect_code 0 "reject --reason $reason" \
		gx-certify reject "$CASE" --reason "$reason"
	expect_eq "reason $reason recorded, retry by default" \
		"$reason false" "$(jq -r '"\(.reason) \(.final)"' "$T/out")"
	PREV=$CASE
done
expect_code 0 "resubmit once more" gx-certify submit lina --kind realname \
	--doc id-card=lina.jpg --as lina
LINA_LAST=$(field "$T/out" id)
snapshot_all reject
expect_code 64 "reject with an unknown reason" \
	gx-certify reject "$LINA_LAST" --reason blurry
expect_grep "unknown reason: the codes listed" \
	"unreadable, name-mismatch, expired-document, not-employed, suspected-forgery, other" \
	"$T/err"
expect_code 64 "reject without --reason" gx-certify reject "$LINA_LAST"
expect_grep "no reason: said" "needs --reason" "$T/err"
unchanged_all "reject refused" reject
expect_code 0 "reject --final" gx-certify reject "$LINA_LAST" \
	--reason suspected-forgery --final --message "Forged document"
expect_eq "--final: final true" "true" "$(field "$T/out" final)"
snapshot_all final
expect_code 65 "no resubmission after --final" gx-certify submit lina \
	--kind realname --doc id-card=lina.jpg --as lina
expect_grep "--final: the refusal" \
	"the realname case of member 'lina' was rejected for good \(case $LINA_LAST\)" \
	"$T/err"
unchanged_all "after --final" final
expect_code 0 "status after --final" gx-certify status lina --as lina
expect_eq "--final: nothing more to do" \
	"rejected|nothing more: the last case was rejected for good" \
	"$(jq -r '.realname | "\(.state)|\(.missing | join(";"))"' "$T/out")"
expect_code 65 "approving a rejected case" gx-certify approve "$LINA_LAST"
expect_grep "rejected: only an open case" \
	"case $LINA_LAST is rejected; only an open case can be approved" \
	"$T/err"
expect_code 65 "rejecting an approved case" gx-certify reject "$WANG_RN" \
	--reason other
unchanged_all "decisions in the wrong state" final

# --- revoke -----------------------------------------------------------------------

expect_code 0 "revoke an approved case" gx-certify revoke "$STAFF_RN" \
	--note "left the company" --as staff2
expect_eq "revoke: state, result, note" "revoked revoked left the company" \
	"$(jq -r '"\(.state) \(.result) \(.note)"' "$T/out")"
expect_eq "revoke: the approval's expiry is kept for the record" \
	"2017-04-02T09:00:00Z" "$(field "$T/out" expires_at)"
expect_code 0 "revoke again" gx-certify revoke "$STAFF_RN"
expect_eq "revoke again: unchanged" unchanged "$(field "$T/out" result)"
expect_code 0 "revoked: badges" sh -c 'echo staffer | gx-certify badges'
expect_eq "revoked: no badge" false "$(field "$T/out" realname)"
expect_code 0 "revoked: status" gx-certify status staffer
expect_eq "revoked: state revoked, a new case missing" \
	"false revoked 1" \
	"$(jq -r '.realname | "\(.certified) \(.state) \(.missing | length)"' "$T/out")"
expect_code 0 "a revoked certification may be submitted again" \
	gx-certify submit staffer --kind realname --doc id-card=staff.jpg
expect_eq "after revoke: previous" "$STAFF_RN" "$(field "$T/out" previous)"
STAFF_RN2=$(field "$T/out" id)
snapshot_all revoke
expect_code 65 "revoking an open case" gx-certify revoke "$STAFF_RN2"
expect_grep "open: only an approved case" \
	"case $STAFF_RN2 is open; only an approved case can be revoked" "$T/err"
unchanged_all "revoke refused" revoke

# --- expiry -----------------------------------------------------------------------

GX_NOW=2016-05-02T08:59:59Z
expect_code 0 "a second before expiry: show" gx-certify show "$ZHAO_RN"
expect_eq "before expiry: approved" approved "$(field "$T/out" state)"
expect_code 0 "before expiry: badges" sh -c 'echo zhaolei | gx-certify badges'
expect_eq "before expiry: the real-name badge" true \
	"$(field "$T/out" realname)"
GX_NOW=2016-05-02T09:00:00Z
expect_code 0 "at expiry: show" gx-certify show "$ZHAO_RN"
expect_eq "at expiry: the state reads expired" expired \
	"$(field "$T/out" state)"
expect_code 0 "at expiry: status" gx-certify status zhaolei
expect_eq "expired: not certified, state expired" "false expired $ZHAO_RN" \
	"$(jq -r '.realname | "\(.certified) \(.state) \(.case)"' "$T/out")"
expect_eq "expired: a new case is missing" \
	"a real-name case with an id-card document" \
	"$(jq -r '.realname.missing[]' "$T/out")"
expect_code 0 "at expiry: badges" sh -c 'echo zhaolei | gx-certify badges'
expect_eq "expired: the badge is gone" false "$(field "$T/out" realname)"
expect_code 65 "an expired case cannot be approved" \
	gx-certify approve "$ZHAO_RN"
expect_code 0 "an expired case may be submitted again" \
	gx-certify submit zhaolei --kind realname --doc id-card=zhao.jpg
expect_eq "resubmitted after expiry: previous links the old case" \
	"$ZHAO_RN" "$(field "$T/out" previous)"
ZHAO_RN2=$(field "$T/out" id)

# --- status -------------------------------------------------------------------------

GX_NOW=2016-05-03T09:00:00Z

expect_code 0 "status of a fully certified member" gx-certify status wangwei
expect_eq "status: type, id, handle" "cert-status 1 wangwei" \
	"$(jq -r '"\(.type) \(.id) \(.handle)"' "$T/out")"
expect_eq "status: real-name badge" \
	"true approved $WANG_RN 2017-04-02T09:00:00Z false" \
	"$(jq -r '.realname | "\(.certified) \(.state) \(.case) \(.expires_at) \(has("missing"))"' \
	"$T/out")"
expect_eq "status: professional badge" "true approved $WANG_PRO" \
	"$(jq -r '.professional | "\(.certified) \(.state) \(.case)"' "$T/out")"
expect_code 0 "status of a member with nothing" gx-certify status zhaolei
expect_eq "status: an open case is waiting for review" \
	"open|the review of the open case" \
	"$(jq -r '.realname | "\(.state)|\(.missing | join(";"))"' "$T/out")"
expect_eq "status: professional lacks the real-name check and a case" \
	"null|an approved real-name check;a professional case with an id-card and a business-card or employment document" \
	"$(jq -r '.professional | "\(.case)|\(.missing | join(";"))"' "$T/out")"
member newbie 13600001111
expect_code 0 "status of a newcomer" gx-certify status newbie
expect_eq "newcomer: every missing piece" \
	"false|null|a real-name case with an id-card document" \
	"$(jq -r '.realname | "\(.certified)|\(.state)|\(.missing | join(";"))"' "$T/out")"
expect_eq "newcomer: professional, three pieces" 3 \
	"$(jq '.professional.missing | length' "$T/out")"
expect_code 0 "a member sees their own status" \
	gx-certify status wangwei --as wangwei
expect_code 77 "a member may not see another's status" \
	gx-certify status wangwei --as lina
expect_grep "another's status: the rule" "'lina' may see only their own" \
	"$T/err"
expect_code 1 "status of an unknown member" gx-certify status nobody
expect_code 0 "status of members on stdin" \
	sh -c 'gx-user list --city Shanghai | gx-certify status'
expect_eq "status on stdin: one record each" "wangwei lina" \
	"$(jqf .handle "$T/out")"

# --- badges ---------------------------------------------------------------------------

gx-user set wangwei --title "Regional Director" >/dev/null ||
	echo "# fixture: set failed"
expect_code 0 "gx-user list | gx-certify badges" \
	sh -c 'gx-user list | gx-certify badges'
expect_eq "badges: one record per member, in order" \
	"wangwei lina zhaolei staffer staff2 newbie" "$(jqf .handle "$T/out")"
expect_eq "badges: the user records pass through" \
	"user|Shanghai|+86 138****5678|Regional Director" \
	"$(jq -r 'select(.handle == "wangwei") | "\(.type)|\(.city)|\(.phone)|\(.title)"' "$T/out")"
expect_eq "badges: wangwei's trust fields" \
	"true true Ping An|Sales Director null" \
	"$(jq -r 'select(.handle == "wangwei") | "\(.realname) \(.professional) \(.certified_company)|\(.certified_title) \(.credit_band)"' \
	"$T/out")"
expect_eq "badges: the certified title, not today's" "Regional Director" \
	"$(gx-user show wangwei | jq -r .title)"
expect_eq "badges: lina has none" "false false null" \
	"$(jq -r 'select(.handle == "lina") | "\(.realname) \(.professional) \(.credit_band)"' \
	"$T/out")"
expect_eq "badges: staffer's new case is still open" "false" \
	"$(jq -r 'select(.handle == "staffer") | .realname' "$T/out")"
expect_eq "badges: select the certified with jq" "wangwei" \
	"$(gx-user list | gx-certify badges | jq -r 'select(.professional) | .handle')"
expect_code 0 "badges: a bare handle on stdin" \
	sh -c 'printf "WangWei\n" | gx-certify badges'
expect_eq "bare handle: the user record with its badges, phone masked" \
	"user wangwei +86 138****5678 true true" \
	"$(jq -r '"\(.type) \(.handle) \(.phone) \(.realname) \(.professional)"' "$T/out")"
expect_code 65 "badges: an unknown handle" \
	sh -c 'printf "wangwei\nnobody\nlina\n" | gx-certify badges'
expect_grep "unknown handle: the line named" "stdin:2:.*no member 'nobody'" \
	"$T/err"
expect_eq "unknown handle: the other lines still pass" "wangwei lina" \
	"$(jqf .handle "$T/out")"
expect_code 65 "badges: malformed JSON" \
	sh -c 'printf "{\"handle\":\"lina\"}\n{\"handle\":\n" | gx-certify badges'
expect_grep "malformed: the line named" "stdin:2:.*JSON" "$T/err"
expect_code 65 "badges: a record without a handle" \
	sh -c 'echo "{\"city\":\"Shanghai\"}" | gx-certify badges'
expect_grep "no handle: the line named" "stdin:1:.*no handle" "$T/err"
expect_code 64 "badges: no stdin" gx-certify badges </dev/null
expect_code 64 "badges: an argument" gx-certify badges wangwei </dev/null

# --- queue (a database of its own) ----------------------------------------------

GX_DB=$T/queue.db
GX_NOW=2016-03-01T09:00:00Z
member q1 13811110001
member q2 13811110002
member q3 13811110003
member q4 13811110004 --company Tencent --title Designer --employed
member q5 13811110005
member qs 13511110001 --role staff
expect_code 1 "queue: empty" gx-certify queue
expect_eq "queue empty: no output" "" "$(cat "$T/out")"
GX_NOW=2016-04-01T07:00:00Z
Q4R=$(submit q4 --kind realname --doc id-card=id.jpg)
gx-certify approve "$Q4R" >/dev/null || echo "# fixture: approve failed"
# Submitted in this order, but q1's case is the oldest.
GX_NOW=2016-04-01T09:00:00Z
Q2=$(submit q2 --kind realname --doc id-card=id.jpg)
GX_NOW=2016-04-01T08:00:00Z
Q1=$(submit q1 --kind realname --doc id-card=id.jpg)
GX_NOW=2016-04-01T10:00:00Z
expect_code 0 "submit with GX_CERT_SLA=1d" env GX_CERT_SLA=1d \
	gx-certify submit q3 --kind realname --doc id-card=id.jpg
Q3=$(field "$T/out" id)
expect_eq "GX_CERT_SLA=1d: due a day later" "2016-04-02T10:00:00Z" \
	"$(field "$T/out" due_at)"
GX_NOW=2016-04-01T11:00:00Z
Q4=$(submit q4 --kind professional --doc id-card=id.jpg \
	--doc employment=job.pdf)

GX_NOW=2016-04-02T10:00:00Z
expect_code 0 "queue" gx-certify queue
expect_eq "queue: oldest first" "$Q1 $Q2 $Q3 $Q4" "$(jqf .id "$T/out")"
expect_eq "queue: the handles" "q1 q2 q3 q4" "$(jqf .handle "$T/out")"
expect_eq "queue: age_seconds" "93600 90000 86400 82800" \
	"$(jqf .age_seconds "$T/out")"
expect_eq "queue: due_at = submitted + SLA" \
	"2016-04-04T08:00:00Z 2016-04-04T09:00:00Z 2016-04-02T10:00:00Z 2016-04-04T11:00:00Z" \
	"$(jqf .due_at "$T/out")"
expect_eq "queue: all open cert records" "cert open" \
	"$(jq -r '"\(.type) \(.state)"' "$T/out" | sort -u)"
expect_eq "queue: q3 is due now, not overdue yet" \
	"false false false false" "$(jqf .overdue "$T/out")"
expect_code 1 "queue --overdue at the due time: nothing is past due" \
	gx-certify queue --overdue
expect_eq "--overdue at the due time: no output" "" "$(cat "$T/out")"
GX_NOW=2016-04-02T10:00:01Z
expect_code 0 "queue --overdue a second later" gx-certify queue --overdue
expect_eq "--overdue: q3 only, overdue" "$Q3 true" \
	"$(jqf '"\(.id) \(.overdue)"' "$T/out")"
expect_code 0 "queue --due-within 1d" gx-certify queue --due-within 1d
expect_eq "--due-within 1d: q3" "$Q3" "$(jqf .id "$T/out")"
GX_NOW=2016-04-02T10:00:00Z
expect_code 0 "queue --due-within 2d" gx-certify queue --due-within 2d
expect_eq "--due-within 2d: due by 04-04 10:00" "$Q1 $Q2 $Q3" \
	"$(jqf .id "$T/out")"
expect_code 0 "queue --kind professional" gx-certify queue --kind professional
expect_eq "--kind professional" "$Q4" "$(jqf .id "$T/out")"
expect_code 0 "queue --kind realname --due-within 2d" \
	gx-certify queue --kind realname --due-within 2d
expect_eq "--kind with --due-within" "$Q1 $Q2 $Q3" "$(jqf .id "$T/out")"
GX_NOW=2016-04-04T10:00:00Z
expect_code 0 "queue --overdue days later" gx-certify queue --overdue
expect_eq "--overdue later: q1, q2, q3 (q4 is due at 11:00)" "$Q1 $Q2 $Q3" \
	"$(jqf .id "$T/out")"
expect_code 0 "a member's queue" gx-certify queue --as q2
expect_eq "member: only their own case" "$Q2" "$(jqf .id "$T/out")"
expect_code 1 "a member with no open case" gx-certify queue --as q5
expect_code 0 "queue as a table" gx-certify queue -o table
expect_grep "table: a header" "^ID +HANDLE +NAME +KIND +STATE" "$T/out"
expect_code 64 "queue --kind bogus" gx-certify queue --kind bogus
expect_code 64 "queue --due-within soon" gx-certify queue --due-within soon
expect_code 0 "queue --overdue | approve by staff" \
	sh -c 'gx-certify queue --overdue | gx-certify approve --as qs'
expect_eq "queue | approve: all three approved" \
	"approved approved approved" "$(jqf .result "$T/out")"
expect_code 0 "queue after the approvals" gx-certify queue
expect_eq "queue: only the professional case is left" "$Q4" \
	"$(jqf .id "$T/out")"

# --- stats (a database of its own) ------------------------------------------------

GX_DB=$T/stats.db
GX_NOW=2016-03-01T09:00:00Z
for i in 1 2 3 4 5; do member m$i 1382222000$i; done
member s1 13522220001 --role staff
member s2 13522220002 --role staff
expect_code 0 "stats with no case" gx-certify stats
expect_eq "no case: nothing decided" "0 0 0 0 {}" \
	"$(jq -r '"\(.decided) \(.median_turnaround_seconds) \(.overdue_now) \(.share_within_sla) \(.cases)"' "$T/out")"
GX_NOW=2016-04-01T09:00:00Z
C1=$(submit m1 --kind realname --doc id-card=id.jpg)
C2=$(submit m2 --kind realname --doc id-card=id.jpg)
C3=$(submit m3 --kind realname --doc id-card=id.jpg)
C4=$(submit m4 --kind realname --doc id-card=id.jpg)
GX_NOW=2016-04-01T10:00:00Z
gx-certify approve "$C1" --expires 1d --as s1 >/dev/null ||
	echo "# fixture: approve failed"
GX_NOW=2016-04-02T09:00:00Z
gx-certify approve "$C2" --as s1 >/dev/null || echo "# fixture: approve failed"
C5=$(submit m5 --kind realname --doc id-card=id.jpg)
GX_NOW=2016-04-03T09:00:00Z
gx-certify reject "$C3" --reason other --as s2 >/dev/null ||
	echo "# fixture: reject failed"
GX_NOW=2016-04-05T09:00:00Z
gx-certify reject "$C4" --reason unreadable --as s2 >/dev/null ||
	echo "# fixture: reject failed"
GX_NOW=2016-04-05T10:00:00Z
snapshot stats
expect_code 0 "stats" gx-certify stats
expect_eq "stats: type, since, SLA" "cert-stats null 259200" \
	"$(jq -r '"\(.type) \(.since) \(.sla_seconds)"' "$T/out")"
expect_eq "stats: cases by state (the 1-day approval has expired)" \
	'{"approved":1,"expired":1,"open":1,"rejected":2}' \
	"$(jq -c -S .cases "$T/out")"
expect_eq "stats: decided, median and p90 turnaround" "4 86400 345600" \
	"$(jq -r '"\(.decided) \(.median_turnaround_seconds) \(.p90_turnaround_seconds)"' "$T/out")"
expect_eq "stats: share within the SLA" 0.75 \
	"$(jq -r .share_within_sla "$T/out")"
expect_eq "stats: overdue now (m5 due 04-05 09:00)" 1 \
	"$(jq -r .overdue_now "$T/out")"
expect_eq "stats: per reviewer" "s1:2:2 s2:2:1" \
	"$(jq -r '.reviewers | sort_by(.reviewer)[] | "\(.reviewer):\(.decided):\(.within_sla)"' "$T/out" |
	tr '\n' ' ' | sed 's/ $//')"
expect_code 0 "stats --since" gx-certify stats --since 2016-04-02
expect_eq "--since: only m5's case" \
	'2016-04-02T00:00:00Z {"open":1} 0 1' \
	"$(jq -c -r '"\(.since) \(.cases | tojson) \(.decided) \(.overdue_now)"' "$T/out")"
expect_code 0 "stats --since=-4d" gx-certify stats --since=-4d
expect_eq "--since=-4d: from 04-01 10:00" "2016-04-01T10:00:00Z 1" \
	"$(jq -r '"\(.since) \(.cases.open)"' "$T/out")"
EXAMPLE=$(gx-certify stats --help | sed -n 's/^ *\(gx-certify stats .*\)$/\1/p' |
	head -n 1)
expect_code 0 "the example of stats --help runs: $EXAMPLE" sh -c "$EXAMPLE"
expect_code 0 "GX_CERT_SLA in stats" env GX_CERT_SLA=1d gx-certify stats
expect_eq "GX_CERT_SLA=1d: sla_seconds" 86400 \
	"$(jq -r .sla_seconds "$T/out")"
expect_code 77 "stats by a member" gx-certify stats --as m1
expect_grep "stats by a member: the rule" "for staff" "$T/err"
expect_code 0 "stats by staff" gx-certify stats --as s2
expect_code 64 "stats --since soon" gx-certify stats --since soon
expect_code 64 "stats --fields with an unknown field" \
	gx-certify stats --fields decided,bogus
expect_unchanged "stats changed nothing" stats

# --- bad input (the first database) ---------------------------------------------------

GX_DB=$T/gx.db
GX_NOW=2016-05-20T09:00:00Z
snapshot_all bad
expect_code 65 "approve: malformed JSON on stdin" \
	sh -c "printf '{\"id\":$ZHAO_RN2}\n{\"id\":\n' | gx-certify approve"
expect_grep "malformed JSON: the line named" "stdin:2:.*JSON" "$T/err"
unchanged_all "malformed JSON (one transaction)" bad
expect_code 65 "approve: an unknown case" gx-certify approve 999
expect_grep "unknown case: named" "no certification case 999" "$T/err"
expect_code 65 "reject: an unknown case" gx-certify reject 999 --reason other
expect_code 65 "revoke: an unknown case" gx-certify revoke 999
expect_code 65 "approve: an unknown case after a good one" \
	sh -c "printf '$ZHAO_RN2\n999\n' | gx-certify approve"
expect_grep "batch: the bad line named" "stdin:2:.*no certification case 999" \
	"$T/err"
expect_eq "batch: nothing printed" "" "$(cat "$T/out")"
unchanged_all "unknown case in a batch (rolled back)" bad
expect_code 1 "show: an unknown case" gx-certify show 999
expect_grep "show unknown: named" "no certification case 999" "$T/err"
expect_code 1 "show: a known and an unknown case" \
	gx-certify show "$WANG_RN" 999
expect_eq "show: the known one still printed" "$WANG_RN" \
	"$(jqf .id "$T/out")"
expect_code 65 "approve: a non-numeric case id" gx-certify approve abc
expect_grep "non-numeric: named" "'abc' is not a case id" "$T/err"
expect_code 65 "show: a non-numeric case id" gx-certify show 12x
expect_grep "show non-numeric: named" "'12x' is not a case id" "$T/err"
expect_code 65 "approve: case 0" gx-certify approve 0
expect_code 65 "approve: a case id too large for any case" \
	gx-certify approve 99999999999999999999
expect_grep "too large: the id as given" "99999999999999999999" "$T/err"
expect_code 65 "approve: a record without an id" \
	sh -c 'echo "{\"handle\":\"wangwei\"}" | gx-certify approve'
expect_grep "no id: the line named" "stdin:1:.*no id in record" "$T/err"
expect_code 0 "show: a case record on stdin" \
	sh -c "gx-certify show $WANG_RN | gx-certify show"
expect_eq "show from stdin: the case" "$WANG_RN" "$(jqf .id "$T/out")"
expect_code 64 "approve: no case at all" gx-certify approve </dev/null
expect_code 64 "approve --expires 0" gx-certify approve "$ZHAO_RN2" --expires 0
expect_code 64 "approve --expires soon" gx-certify approve "$ZHAO_RN2" \
	--expires soon
expect_code 64 "reject: a message with a control character" \
	gx-certify reject "$ZHAO_RN2" --reason other --message "$(printf 'a\001b')"
expect_code 64 "an unknown subcommand" gx-certify frobnicate
expect_code 64 "an unknown option" gx-certify queue --bogus
expect_code 64 "queue --fields bogus" gx-certify queue --fields id,bogus
expect_code 77 "acting as nobody" gx-certify queue --as nobody
unchanged_all "bad input" bad
expect_code 65 "approve --keep-going: a good case and an unknown one" \
	sh -c "printf '$ZHAO_RN2\n999\n' | gx-certify approve --keep-going"
expect_eq "--keep-going: the good one approved" "$ZHAO_RN2 approved" \
	"$(jqf '"\(.id) \(.result)"' "$T/out")"
expect_grep "--keep-going: the bad one reported" \
	'\{"type":"error","line":2,"error":"no certification case 999"\}' "$T/err"
expect_grep "--keep-going: the count" "1 bad record skipped" "$T/err"

done_testing
