#!/bin/sh
# gx-post: the daily reflection (three and one, one a day, a second
# replaces the first), topic answers, the star's story, photos checked by
# content and kept by SHA-256, notes, replies and cheers; who may post;
# the feed and its stable paging; delete; streaks day by day in the
# group's time zone; positive energy computed exactly; and bad input.
# Every refused command leaves the database as it was.
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

# reflect GROUP HANDLE: post a reflection, print its id.
reflect() {
	gx-post reflection "$1" --as "$2" --good "helped a colleague" \
		--good "called my parents" --good "ran 5 km" \
		--habit "checking my phone at dinner" | jq -r .id
}

# say KIND GROUP HANDLE TEXT: post a topic answer, star story or note;
# print its id.
say() {
	gx-post "$1" "$2" "$4" --as "$3" | jq -r .id
}

# media: how many files the media store holds.
media() {
	ls "$GX_DB.media" 2>/dev/null | grep -c ''
}

# --- fixture --------------------------------------------------------------

GX_NOW=2016-03-01T09:00:00Z
member wangwei 13812345678 --city Shanghai
member lina 13900112233 --city Beijing
member zhaolei 13700001111
member chen 13600001111
member sun 13500002222
member spammer 13400001111
member leaver 13300001111
member outsider 13100001111
member staffer 13000001111 --role staff
gx-group create elites --name "The Earth's Sales Elites 2" --founder wangwei \
	--policy approval >/dev/null
gx-group add elites lina zhaolei chen spammer leaver >/dev/null
gx-group role elites zhaolei --role admin >/dev/null
gx-group join elites --as sun >/dev/null		# pending
gx-group ban elites spammer >/dev/null
gx-group leave elites --as leaver >/dev/null
gx-group create bare --name "No rituals" --founder wangwei >/dev/null
gx-group add bare lina >/dev/null

# --- help -------------------------------------------------------------------

for sub in reflection topic star photo note reply cheer feed streak energy \
    delete; do
	expect_code 0 "$sub --help" gx-post $sub --help
	expect_grep "$sub --help has an example" "^ +gx-" "$T/out"
done

# --- reflection -------------------------------------------------------------

GX_NOW=2016-04-01T01:00:00Z	# Friday, 09:00 in Shanghai
snapshot reflection
expect_code 65 "reflection: the group has no daily-reflection activity" \
	gx-post reflection bare --as lina --good a --good b --good c --habit h
expect_grep "no activity: the reason" "group 'bare' has no daily-reflection activity" \
	"$T/err"
expect_unchanged "no activity: nothing posted" reflection
gx-group activity elites add daily-reflection >/dev/null
snapshot reflection
expect_code 64 "reflection: two good deeds" gx-post reflection elites \
	--as lina --good a --good b --habit h
expect_grep "two: the rule" "exactly three --good deeds and one --habit" \
	"$T/err"
expect_code 64 "reflection: four good deeds" gx-post reflection elites \
	--as lina --good a --good b --good c --good d --habit h
expect_code 64 "reflection: no habit" gx-post reflection elites \
	--as lina --good a --good b --good c
expect_code 64 "reflection: two habits" gx-post reflection elites \
	--as lina --good a --good b --good c --habit h --habit i
expect_code 64 "reflection: no group" gx-post reflection \
	--as lina --good a --good b --good c --habit h
expect_unchanged "bad reflections: nothing posted" reflection
expect_code 0 "reflection: three good deeds and one habit" \
	gx-post reflection elites --as lina --good "helped a new colleague" \
	--good "called my parents" --good "ran 5 km" \
	--habit "checking my phone at dinner"
R1=$(jq -r .id "$T/out")
expect_eq "reflection: type, kind, group, author, date, parent, result" \
	"post reflection elites lina 2016-04-01 null posted" \
	"$(jq -r '"\(.type) \(.kind) \(.group) \(.author) \(.date) \(.parent) \(.result)"' "$T/out")"
expect_eq "reflection: the good deeds and the habit" \
	'["helped a new colleague","called my parents","ran 5 km"]|checking my phone at dinner' \
	"$(jq -r -c '"\(.good)|\(.habit)"' "$T/out")"
expect_eq "reflection: no cheers, created now, an id" \
	"0 2016-04-01T01:00:00Z 2016-04-01T01:00:00Z true" \
	"$(jq -r '"\(.cheers) \(.created_at) \(.updated_at) \(.id | type == "number")"' "$T/out")"
expect_code 0 "reflection: a second the same day" env \
	GX_NOW=2016-04-01T05:00:00Z gx-post reflection elites --as lina \
	--good "helped a new colleague" --good "called my parents" \
	--good "cooked dinner" --habit "staying up late"
expect_eq "second: replaced, the same id" "replaced $R1" \
	"$(jq -r '"\(.result) \(.id)"' "$T/out")"
expect_eq "second: the new deeds and habit" "cooked dinner|staying up late" \
	"$(jq -r '"\(.good[2])|\(.habit)"' "$T/out")"
expect_eq "second: created then, updated now" \
	"2016-04-01T01:00:00Z 2016-04-01T05:00:00Z" \
	"$(jq -r '"\(.created_at) \(.updated_at)"' "$T/out")"
expect_code 0 "second: the audit log" gx audit list --entity post
expect_eq "second: the audit log has both" \
	"reflection:$R1:staying up late reflection:$R1:checking my phone at dinner" \
	"$(jqf '"\(.action):\(.entity_id):\(.details | fromjson | .habit)"' "$T/out")"
expect_code 0 "second: the feed" gx-post feed elites --kind reflection \
	--as lina
expect_eq "second: one reflection in the feed" "$R1 lina" \
	"$(jqf '"\(.id) \(.author)"' "$T/out")"
expect_code 0 "reflection: the next day in Shanghai (16:00 UTC)" env \
	GX_NOW=2016-04-01T16:00:00Z gx-post reflection elites --as lina \
	--good a --good b --good c --habit h
expect_eq "next day: a new post, dated in Shanghai" "posted 2016-04-02 true" \
	"$(jq -r --arg r "$R1" '"\(.result) \(.date) \(.id != ($r | tonumber))"' "$T/out")"

# --- only active members post ------------------------------------------------------

snapshot members
expect_code 77 "the operator without --as" gx-post reflection elites \
	--good a --good b --good c --habit h
expect_grep "operator: the hint" "only active members post.*--as" "$T/err"
expect_unchanged "operator: nothing posted" members
expect_code 77 "a non-member" gx-post note elites "hello" --as outsider
expect_grep "non-member: the rule" "only active members post in group 'elites'" \
	"$T/err"
expect_unchanged "non-member: nothing posted" members
expect_code 77 "a pending member" gx-post note elites "hello" --as sun
expect_unchanged "pending: nothing posted" members
expect_code 77 "a banned member" gx-post reflection elites --as spammer \
	--good a --good b --good c --habit h
expect_unchanged "banned: nothing posted" members
expect_code 77 "a member who left" gx-post note elites "hello" --as leaver
expect_unchanged "left: nothing posted" members
expect_code 77 "staff who are not members" gx-post note elites "hello" \
	--as staffer
expect_unchanged "staff non-member: nothing posted" members
expect_code 77 "acting as an unknown member" gx-post note elites "hi" \
	--as nobody
expect_code 65 "an unknown group" gx-post note nope "hello" --as lina
expect_grep "unknown group: named" "no group 'nope'" "$T/err"
expect_code 65 "reflection in an unknown group" gx-post reflection nope \
	--as lina --good a --good b --good c --habit h
expect_unchanged "unknown group: nothing posted" members

# --- topic ---------------------------------------------------------------------

snapshot topic
expect_code 65 "topic: the group has no daily-topic activity" \
	gx-post topic bare "my answer" --as lina
expect_grep "topic no activity: the reason" "no daily-topic activity" "$T/err"
expect_unchanged "topic no activity: nothing posted" topic
gx-group activity elites add daily-topic >/dev/null
gx-group topic elites set "Tomorrow's topic" --date 2016-04-02 >/dev/null
snapshot topic
expect_code 65 "topic: no topic today (only tomorrow's)" \
	gx-post topic elites "my answer" --as lina
expect_grep "no topic: the reason" "group 'elites' has no topic for 2016-04-01" \
	"$T/err"
expect_unchanged "no topic: nothing posted" topic
gx-group topic elites set "Your best deal this year" --as wangwei >/dev/null
expect_code 0 "topic: an answer" gx-post topic elites \
	"A 2-million deal, closed on a karaoke night" --as lina
expect_eq "topic answer: kind, text, date" \
	"topic|A 2-million deal, closed on a karaoke night|2016-04-01|posted" \
	"$(jq -r '"\(.kind)|\(.text)|\(.date)|\(.result)"' "$T/out")"
expect_code 0 "topic: an answer from stdin with -" sh -c \
	'printf "First line\nsecond line\n\n" | gx-post topic elites - --as chen'
expect_eq "stdin: the text, trailing newlines dropped" \
	'"First line\nsecond line"' "$(jq -c .text "$T/out")"

# --- star ------------------------------------------------------------------------

snapshot star
expect_code 65 "star: the group has no daily-star activity" \
	gx-post star bare "my story" --as wangwei
expect_unchanged "star no activity: nothing posted" star
gx-group activity elites add daily-star >/dev/null
snapshot star
expect_code 77 "star: nobody is the star before one is chosen" \
	gx-post star elites "my story" --as wangwei
expect_unchanged "star not chosen: nothing posted" star
gx-group star elites >/dev/null		# wangwei, who joined first
snapshot star
expect_code 77 "star: a member who is not today's star" \
	gx-post star elites "my story" --as lina
expect_grep "not the star: the rule" "only the star of 2016-04-01" "$T/err"
expect_unchanged "not the star: nothing posted" star
expect_code 0 "star: today's star tells their story" \
	gx-post star elites "Twenty years in sales" --as wangwei
expect_eq "star story: kind, author, text" "star wangwei Twenty years in sales" \
	"$(jq -r '"\(.kind) \(.author) \(.text)"' "$T/out")"
S1=$(jq -r .id "$T/out")
gx-group star elites --skip >/dev/null		# lina, the next in rotation
snapshot star
expect_code 77 "star: the star who was skipped no longer posts" \
	gx-post star elites "More of my story" --as wangwei
expect_unchanged "skipped star: nothing posted" star
expect_code 0 "star: the new star posts, from stdin" sh -c \
	'echo "From Harbin to Shanghai" | gx-post star elites - --as lina'
expect_eq "new star: lina" "star lina From Harbin to Shanghai" \
	"$(jq -r '"\(.kind) \(.author) \(.text)"' "$T/out")"
S2=$(jq -r .id "$T/out")

# --- photo ---------------------------------------------------------------------

GX_NOW=2016-04-02T01:00:00Z	# Saturday
printf '\377\330\377\340\000\020JFIF\000' >hike.jpg
printf '\211PNG\r\n\032\n\000\000\000\015IHDR' >hike.png
printf 'RIFF\044\000\000\000WEBPVP8 ' >hike.webp
printf 'just some text\n' >notes.jpg
printf '%%PDF-1.4\n%%\342\343\n' >scan.png
: >empty.jpg
snapshot photo
expect_code 65 "photo: the group has no weekend-photos activity" \
	gx-post photo bare hike.jpg --as lina
expect_unchanged "photo no activity: nothing posted" photo
gx-group activity elites add weekend-photos >/dev/null
snapshot photo
expect_code 0 "photo: JPEG, PNG and WebP with a caption" \
	gx-post photo elites hike.jpg hike.png hike.webp --caption Huangshan \
	--as chen
P1=$(jq -r .id "$T/out")
expect_eq "photo: kind, author, caption, date" "photo chen Huangshan 2016-04-02" \
	"$(jq -r '"\(.kind) \(.author) \(.caption) \(.date)"' "$T/out")"
expect_eq "photo: the types by content" "image/jpeg image/png image/webp" \
	"$(jq -r '[.media[].type] | join(" ")' "$T/out")"
expect_eq "photo: the sizes" "$(wc -c <hike.jpg) $(wc -c <hike.png) $(wc -c <hike.webp)" \
	"$(jq -r '[.media[].size] | map(tostring) | join(" ")' "$T/out")"
expect_eq "photo: the SHA-256 of each" \
	"$(sha256sum hike.jpg hike.png hike.webp | cut -c1-64 | tr '\n' ' ' | sed 's/ $//')" \
	"$(jq -r '[.media[].sha256] | join(" ")' "$T/out")"
SHA=$(sha256sum hike.jpg | cut -c1-64)
expect_code 0 "photo: kept in the media store by SHA-256" \
	cmp hike.jpg "$GX_DB.media/$SHA"
expect_eq "photo: the store holds three files, mode 600" "3 600" \
	"$(media) $(stat -c %a "$GX_DB.media/$SHA")"
expect_code 0 "photo: the same image again, no caption" \
	gx-post photo elites hike.jpg --as lina
expect_eq "photo again: caption null, the same SHA-256" "null $SHA" \
	"$(jq -r '"\(.caption) \(.media[0].sha256)"' "$T/out")"
expect_eq "photo again: the same content is kept once" 3 "$(media)"
snapshot photo
expect_code 65 "photo: text named .jpg" gx-post photo elites notes.jpg \
	--as lina
expect_grep "text .jpg: the reason" "notes.jpg' is not" "$T/err"
expect_eq "text .jpg: the message does not offer PDF" "" \
	"$(grep -o PDF "$T/err")"
expect_unchanged "text .jpg: nothing posted" photo
expect_code 65 "photo: a PDF named .png" gx-post photo elites scan.png \
	--as lina
expect_unchanged "PDF: nothing posted" photo
expect_code 65 "photo: an empty file" gx-post photo elites empty.jpg --as lina
expect_code 65 "photo: one good image and one bad" gx-post photo elites \
	hike.png notes.jpg --as lina
expect_unchanged "bad images: nothing posted" photo
expect_code 65 "photo: larger than GX_MEDIA_MAX" env \
	GX_MEDIA_MAX=$(($(wc -c <hike.webp) - 1)) gx-post photo elites \
	hike.webp --as lina
expect_grep "GX_MEDIA_MAX: the reason" "larger than" "$T/err"
expect_unchanged "GX_MEDIA_MAX: nothing posted" photo
expect_code 66 "photo: a missing file" gx-post photo elites gone.jpg --as lina
expect_code 64 "photo: no file" gx-post photo elites --as lina
expect_code 64 "photo: ten files" gx-post photo elites hike.jpg hike.jpg \
	hike.jpg hike.jpg hike.jpg hike.jpg hike.jpg hike.jpg hike.jpg \
	hike.jpg --as lina
expect_code 77 "photo: a non-member" gx-post photo elites hike.jpg \
	--as outsider
expect_unchanged "refused photos: nothing posted" photo
expect_eq "refused photos: nothing new in the store" 3 "$(media)"
printf '\377\330\377\341Exif' >big.jpg
expect_code 0 "photo: exactly GX_MEDIA_MAX bytes" env \
	GX_MEDIA_MAX=$(wc -c <big.jpg) gx-post photo elites big.jpg --as lina
expect_eq "GX_MEDIA_MAX: the store has the new image" 4 "$(media)"

# --- note and reply ------------------------------------------------------------------

expect_code 0 "note" gx-post note elites "Dinner on Friday?" --as zhaolei
N1=$(jq -r .id "$T/out")
expect_eq "note: kind, text, parent" "note Dinner on Friday? null" \
	"$(jq -r '"\(.kind) \(.text) \(.parent)"' "$T/out")"
expect_code 0 "note from stdin with -" sh -c \
	'printf "Karaoke after?\n" | gx-post note elites - --as chen'
expect_eq "note from stdin: the text" "Karaoke after?" "$(jq -r .text "$T/out")"
N2=$(jq -r .id "$T/out")
expect_code 0 "a note needs no activity" gx-post note bare "Hello" --as lina
expect_code 0 "reply" gx-post reply "$N1" "Count me in" --as lina
expect_eq "reply: kind, parent, group, text" "reply $N1 elites Count me in" \
	"$(jq -r '"\(.kind) \(.parent) \(.group) \(.text)"' "$T/out")"
RP=$(jq -r .id "$T/out")
expect_code 0 "reply from stdin with -" sh -c \
	"echo 'Me too' | gx-post reply $N1 - --as wangwei"
expect_eq "reply from stdin: the text" "Me too $N1" \
	"$(jq -r '"\(.text) \(.parent)"' "$T/out")"
snapshot reply
expect_code 65 "reply to a missing post" gx-post reply 9999 "Hello?" --as lina
expect_grep "missing post: named" "no post 9999" "$T/err"
expect_unchanged "missing post: nothing posted" reply
expect_code 65 "reply to a post id that is not a number" \
	gx-post reply abc "Hello?" --as lina
expect_grep "not a number: the reason" "'abc' is not a post id" "$T/err"
expect_code 77 "reply by a non-member" gx-post reply "$N1" "Hi" --as outsider
expect_code 77 "reply by a pending member" gx-post reply "$N1" "Hi" --as sun
expect_unchanged "refused replies: nothing posted" reply

# --- cheer -------------------------------------------------------------------------

expect_code 0 "cheer" gx-post cheer "$R1" --as zhaolei
expect_eq "cheer: cheered, one cheer" "cheered 1 $R1" \
	"$(jq -r '"\(.result) \(.cheers) \(.id)"' "$T/out")"
snapshot cheer
expect_code 0 "cheer again" gx-post cheer "$R1" --as zhaolei
expect_eq "cheer again: unchanged, still one" "unchanged 1" \
	"$(jq -r '"\(.result) \(.cheers)"' "$T/out")"
expect_unchanged "cheer again: nothing changed" cheer
expect_code 65 "cheer one's own post" gx-post cheer "$R1" --as lina
expect_grep "own post: the rule" "nobody cheers their own post" "$T/err"
expect_unchanged "own post: nothing changed" cheer
expect_code 0 "cheers from the feed on stdin" sh -c \
	'gx-post feed elites --kind reflection --as chen | gx-post cheer --as chen'
expect_eq "cheer from stdin: both of lina's reflections" "2 cheered cheered" \
	"$(lines "$T/out") $(jqf .result "$T/out")"
expect_eq "cheer from stdin: the first reflection has two cheers" 2 \
	"$(jq -r --arg r "$R1" 'select(.id == ($r | tonumber)) | .cheers' "$T/out")"
snapshot cheer
expect_code 77 "cheer by a non-member" gx-post cheer "$R1" --as outsider
expect_code 77 "cheer by a banned member" gx-post cheer "$R1" --as spammer
expect_code 65 "cheer a missing post" gx-post cheer 9999 --as lina
expect_code 65 "cheer a post id that is not a number" \
	gx-post cheer 1.5 --as lina
expect_unchanged "refused cheers: nothing changed" cheer
expect_code 0 "the feed counts the cheers" gx-post feed elites \
	--kind reflection --as lina
expect_eq "feed: two cheers" 2 \
	"$(jq -r --arg r "$R1" 'select(.id == ($r | tonumber)) | .cheers' "$T/out")"

# --- delete ------------------------------------------------------------------------

snapshot delete
expect_code 77 "delete by a member who is neither author nor admin" \
	gx-post delete "$N1" --as lina
expect_grep "delete by another: the rule" "only the author or an admin" "$T/err"
expect_unchanged "delete by another: nothing changed" delete
expect_code 0 "delete by the author" gx-post delete "$RP" --as lina
expect_eq "delete: the post as it was, deleted" "$RP Count me in deleted" \
	"$(jq -r '"\(.id) \(.text) \(.result)"' "$T/out")"
expect_code 0 "delete by a group admin" gx-post delete "$N2" --as zhaolei
expect_eq "delete by an admin: chen's note" "$N2 chen deleted" \
	"$(jq -r '"\(.id) \(.author) \(.result)"' "$T/out")"
expect_code 0 "delete by the founder" gx-post delete "$S2" --as wangwei
expect_eq "delete by the founder: lina's story" "$S2 lina star" \
	"$(jq -r '"\(.id) \(.author) \(.kind)"' "$T/out")"
expect_code 0 "delete: the audit log keeps what was said" \
	gx audit list --entity post
expect_eq "delete: audited with the text" \
	"$N2:Karaoke after?:zhaolei $RP:Count me in:lina" \
	"$(jq -r --arg a "$RP" --arg b "$N2" 'select(.action == "delete" and (.entity_id == $a or .entity_id == $b)) | "\(.entity_id):\(.details | fromjson | .text):\(.actor)"' "$T/out" | sort -n | tr '\n' ' ' | sed 's/ $//')"
expect_code 0 "delete: the feed" gx-post feed elites --as chen
expect_eq "delete: deleted posts are gone from the feed" "" \
	"$(jq -r --arg a "$RP" --arg b "$N2" --arg c "$S2" 'select(.id == ($a, $b, $c | tonumber)) | .id' "$T/out")"
snapshot deleted
expect_code 65 "delete again" gx-post delete "$RP" --as lina
expect_code 65 "cheer a deleted post" gx-post cheer "$N2" --as chen
expect_code 65 "reply to a deleted post" gx-post reply "$N2" "Hello?" --as chen
expect_code 65 "delete a missing post" gx-post delete 9999
expect_code 65 "delete a post id that is not a number" gx-post delete x1
expect_unchanged "refused deletes: nothing changed" deleted

# --- feed ----------------------------------------------------------------------------

GX_NOW=2016-04-05T01:00:00Z
gx-group create paging --name Paging --founder wangwei >/dev/null
gx-group add paging lina chen >/dev/null
i=0
while [ $i -lt 25 ]; do
	i=$((i + 1))
	case $((i % 3)) in 0) who=wangwei ;; 1) who=lina ;; *) who=chen ;; esac
	GX_NOW=$(printf '2016-04-05T%02d:%02d:00Z' $((i / 6)) $((i % 6 * 10))) \
		gx-post note paging "note $i" --as $who >/dev/null
done
expect_code 0 "feed: all 25" gx-post feed paging --limit 100 --as lina
jq -r .id "$T/out" >all.ids
expect_eq "feed: 25 posts" 25 "$(lines all.ids)"
expect_eq "feed: newest first" "note 25" "$(jq -r .text "$T/out" | head -1)"
expect_eq "feed: ids descending" "$(sort -rn all.ids | tr '\n' ' ')" \
	"$(tr '\n' ' ' <all.ids)"
expect_code 0 "feed: the default limit is 20" gx-post feed paging --as lina
expect_eq "feed default: 20" 20 "$(lines "$T/out")"
expect_code 0 "feed: page 1" gx-post feed paging --limit 10 --as lina
jq -r .id "$T/out" >pages.ids
last=$(tail -1 pages.ids)
gx-post note paging "written while paging" --as chen >/dev/null
expect_code 0 "feed: page 2 after a new post" gx-post feed paging --limit 10 \
	--before "$last" --as lina
jq -r .id "$T/out" >>pages.ids
last=$(tail -1 pages.ids)
expect_code 0 "feed: page 3" gx-post feed paging --limit 10 --before "$last" \
	--as lina
expect_eq "feed page 3: the last 5" 5 "$(lines "$T/out")"
jq -r .id "$T/out" >>pages.ids
last=$(tail -1 pages.ids)
expect_code 1 "feed: past the last page" gx-post feed paging --limit 10 \
	--before "$last" --as lina
expect_eq "feed past the end: no output" "" "$(cat "$T/out")"
test_cmp "paging: 25 posts, no duplicates, no gaps" all.ids pages.ids
expect_eq "paging: no duplicates" 25 "$(sort -u pages.ids | grep -c '')"

expect_code 0 "feed --author" gx-post feed paging --author lina --limit 100 \
	--as lina
expect_eq "--author: lina's 9 notes" "9 lina" \
	"$(lines "$T/out") $(jq -r .author "$T/out" | sort -u)"
expect_code 0 "feed --author in another case" gx-post feed paging \
	--author LINA --limit 100 --as lina
expect_eq "--author: the handle is folded" 9 "$(lines "$T/out")"
expect_code 0 "feed --since" gx-post feed paging --since 2016-04-05T03:50:00Z \
	--as lina
expect_eq "--since: posted at or after it" "note 25 note 24 note 23" \
	"$(jq -r .text "$T/out" | grep '^note' | tr '\n' ' ' | sed 's/ $//')"
expect_code 0 "feed --since a relative time" env GX_NOW=2016-04-05T04:10:00Z \
	gx-post feed paging --since -10m --as lina
expect_eq "--since -10m" "note 25 note 24" \
	"$(jq -r .text "$T/out" | grep '^note' | tr '\n' ' ' | sed 's/ $//')"
expect_code 0 "feed --kind" gx-post feed elites --kind photo --as lina
expect_eq "--kind photo: only photos" photo "$(jq -r .kind "$T/out" | sort -u)"
expect_code 0 "feed --kind --author --limit" gx-post feed elites --kind photo \
	--author lina --limit 1 --as chen
expect_eq "--kind --author --limit 1: lina's newest photo" "1 lina" \
	"$(lines "$T/out") $(jq -r .author "$T/out")"
expect_code 1 "feed: nothing matching" gx-post feed elites --kind reply \
	--author outsider --as lina
expect_code 0 "feed: the operator reads any group" gx-post feed paging \
	--limit 1
snapshot feed
expect_code 77 "feed: a non-member" gx-post feed paging --as outsider
expect_grep "feed non-member: the rule" "only members of group 'paging'" \
	"$T/err"
expect_code 77 "feed: a pending member" gx-post feed elites --as sun
expect_code 1 "feed: an unknown group" gx-post feed nope --as lina
expect_grep "feed unknown group: named" "no group 'nope'" "$T/err"
expect_code 64 "feed --kind bogus" gx-post feed paging --kind bogus
expect_code 64 "feed --limit 0" gx-post feed paging --limit 0
expect_code 64 "feed --before x" gx-post feed paging --before x
expect_code 64 "feed --since soon" gx-post feed paging --since soon
expect_code 64 "feed without a group" gx-post feed
expect_unchanged "feed: reading changes nothing" feed

# --- streak ----------------------------------------------------------------------------

gx-group create streaky --name Streaky --founder chen >/dev/null
gx-group add streaky zhaolei >/dev/null
gx-group activity streaky add daily-reflection >/dev/null
expect_code 0 "streak: none yet" gx-post streak zhaolei
expect_eq "streak none: 0 days, longest 0, last null" \
	"streak zhaolei 0 0 null 2016-04-05" \
	"$(jq -r '"\(.type) \(.handle) \(.days) \(.longest) \(.last) \(.today)"' "$T/out")"
for d in 1 2 3 4; do
	GX_NOW=2016-04-0${d}T01:00:00Z
	reflect streaky zhaolei >/dev/null
	expect_code 0 "streak on 2016-04-0$d" gx-post streak zhaolei
	expect_eq "streak on day $d: $d days" "$d $d 2016-04-0$d" \
		"$(jq -r '"\(.days) \(.longest) \(.last)"' "$T/out")"
done
expect_code 0 "streak the day after the last reflection" \
	env GX_NOW=2016-04-05T01:00:00Z gx-post streak zhaolei
expect_eq "streak reaching yesterday still counts" "4 4 2016-04-05" \
	"$(jq -r '"\(.days) \(.longest) \(.today)"' "$T/out")"
expect_code 0 "streak two days after" \
	env GX_NOW=2016-04-06T01:00:00Z gx-post streak zhaolei
expect_eq "streak after a missed day: 0, longest 4" "0 4 2016-04-04" \
	"$(jq -r '"\(.days) \(.longest) \(.last)"' "$T/out")"
GX_NOW=2016-04-06T01:00:00Z
reflect streaky zhaolei >/dev/null
expect_code 0 "streak after the gap" gx-post streak zhaolei
expect_eq "a gap resets the streak" "1 4" \
	"$(jq -r '"\(.days) \(.longest)"' "$T/out")"
GX_NOW=2016-04-07T01:00:00Z
reflect streaky zhaolei >/dev/null
GX_NOW=2016-04-07T16:30:00Z	# 00:30 on the 8th in Shanghai
reflect streaky zhaolei >/dev/null
expect_code 0 "streak across midnight in Shanghai" \
	gx-post streak zhaolei --group streaky
expect_eq "days are Shanghai days" "3 4 2016-04-08 2016-04-08 streaky" \
	"$(jq -r '"\(.days) \(.longest) \(.last) \(.today) \(.group)"' "$T/out")"
expect_code 0 "streak without --group at the same time" gx-post streak zhaolei
expect_eq "without --group: Shanghai days too" "3 2016-04-08" \
	"$(jq -r '"\(.days) \(.today)"' "$T/out")"
expect_code 0 "streak --group when Shanghai is two days on" \
	env GX_NOW=2016-04-09T16:30:00Z gx-post streak zhaolei --group streaky
expect_eq "--group: the last reflection two Shanghai days ago: 0" \
	"0 4 2016-04-10" "$(jq -r '"\(.days) \(.longest) \(.today)"' "$T/out")"
expect_code 0 "streak of another member" gx-post streak chen --as zhaolei
expect_eq "no reflections: 0" "0 0" "$(jq -r '"\(.days) \(.longest)"' "$T/out")"
expect_code 1 "streak of an unknown member" gx-post streak nobody
expect_grep "streak unknown member: named" "no member 'nobody'" "$T/err"
expect_code 1 "streak in an unknown group" gx-post streak zhaolei --group nope
expect_code 64 "streak without a member" gx-post streak

# --- energy ------------------------------------------------------------------------------

# lina, in a group of her own: in the last 30 days 2 reflections (3 each),
# 1 topic answer (2), 1 star story (3), 1 photo (2), 1 note and 1 reply
# (1 each), 2 cheers given (1 each) and 3 received (1 each): 20.  Posts
# and cheers from February fall outside the window.
GX_NOW=2016-02-01T01:00:00Z
gx-group create vibe --name Vibe --founder wangwei >/dev/null
gx-group add vibe lina chen zhaolei leaver >/dev/null
gx-group join vibe --user sun >/dev/null
for k in daily-reflection daily-topic daily-star weekend-photos; do
	gx-group activity vibe add $k >/dev/null
done
GX_NOW=2016-02-15T01:00:00Z
reflect vibe lina >/dev/null
OLDN=$(say note vibe chen "An old note")
say note vibe lina "My old note" >/dev/null
gx-post cheer "$OLDN" --as lina >/dev/null
GX_NOW=2016-04-08T01:00:00Z
L1=$(reflect vibe lina)
gx-group topic vibe set "What made you smile?" >/dev/null
say topic vibe lina "A customer's thank-you card" >/dev/null
CN=$(say note vibe chen "Lunch anyone?")
say note vibe lina "Lunch at noon" >/dev/null
gx-post cheer "$CN" --as lina >/dev/null
gx-post cheer "$L1" --as chen >/dev/null
GX_NOW=2016-04-09T01:00:00Z
reflect vibe lina >/dev/null
gx-group star vibe >/dev/null		# wangwei, who joined first
gx-group star vibe --skip >/dev/null	# skipped: lina
LS=$(say star vibe lina "How I met my first client")
gx-post photo vibe hike.jpg --as lina >/dev/null
gx-post reply "$CN" "Yes!" --as lina >/dev/null
WN=$(say note vibe wangwei "Welcome, everyone")
gx-post cheer "$WN" --as lina >/dev/null
gx-post cheer "$L1" --as zhaolei >/dev/null
gx-post cheer "$LS" --as wangwei >/dev/null
gx-group leave vibe --as leaver >/dev/null
GX_NOW=2016-04-10T01:00:00Z
expect_code 0 "energy of a member in a group" gx-post energy lina --group vibe
expect_eq "energy: the breakdown" \
	"reflections=2 topic_answers=1 star_stories=1 photos=1 notes=2 cheers_given=2 cheers_received=3" \
	"$(jq -r '"reflections=\(.reflections) topic_answers=\(.topic_answers) star_stories=\(.star_stories) photos=\(.photos) notes=\(.notes) cheers_given=\(.cheers_given) cheers_received=\(.cheers_received)"' "$T/out")"
expect_eq "energy: 2*3 + 2 + 3 + 2 + 2*1 + 2*1 + 3*1 = 20" 20 \
	"$(jq -r .energy "$T/out")"
expect_eq "energy: type, handle, name, group, window" \
	"energy lina lina vibe 2592000" \
	"$(jq -r '"\(.type) \(.handle) \(.name) \(.group) \(.window_seconds)"' "$T/out")"
expect_code 0 "energy --window 60d" gx-post energy lina --group vibe \
	--window 60d
expect_eq "--window 60d: February counts too (5 more)" \
	"25 3 3 3 5184000" \
	"$(jq -r '"\(.energy) \(.reflections) \(.notes) \(.cheers_given) \(.window_seconds)"' "$T/out")"
expect_code 0 "energy --window 1d" gx-post energy lina --group vibe \
	--window 1d
expect_eq "--window 1d: only the 9th (reflection, star, photo, reply, 1 cheer given, 2 received)" \
	"12 1 0 1 1 1 1 2" \
	"$(jq -r '"\(.energy) \(.reflections) \(.topic_answers) \(.star_stories) \(.photos) \(.notes) \(.cheers_given) \(.cheers_received)"' "$T/out")"
expect_code 0 "energy in every group" gx-post energy lina
expect_eq "energy without --group: group null" null "$(jq -r .group "$T/out")"
ALL=$(jq -r .energy "$T/out")
sum=0
for g in $(gx-group list | jq -r .slug); do
	sum=$((sum + $(gx-post energy lina --group "$g" | jq -r .energy)))
done
expect_eq "energy without --group: the sum over the groups" "$sum" "$ALL"
expect_code 0 "energy in another group" gx-post energy lina --group elites
expect_eq "energy in elites: 2 reflections, 1 answer, 2 photos, 3 cheers received (her story was deleted)" \
	"15 2 1 0 2 0 0 3" \
	"$(jq -r '"\(.energy) \(.reflections) \(.topic_answers) \(.star_stories) \(.photos) \(.notes) \(.cheers_given) \(.cheers_received)"' "$T/out")"
expect_code 0 "energy --group: every active member" gx-post energy --group vibe
expect_eq "energy --group: the active members, highest first" \
	"lina chen wangwei zhaolei sun" "$(jqf .handle "$T/out")"
expect_eq "energy --group: scores never increase" true \
	"$(jq -s '[.[].energy] as $e | $e == ($e | sort | reverse)' "$T/out")"
expect_eq "energy --group: leaver who left is not listed" "" \
	"$(jq -r 'select(.handle == "leaver") | .handle' "$T/out")"
ND=$(say note vibe lina "A note soon deleted")
gx-post cheer "$ND" --as chen >/dev/null
gx-post delete "$ND" --as lina >/dev/null
expect_code 0 "energy after a cheered post is deleted" gx-post energy lina \
	--group vibe
expect_eq "a deleted post and its cheers no longer count" "20 2 3" \
	"$(jq -r '"\(.energy) \(.notes) \(.cheers_received)"' "$T/out")"
expect_code 0 "energy of the member who cheered the deleted post" \
	gx-post energy chen --group vibe
expect_eq "a cheer given to a deleted post no longer counts" "3 1 1 1" \
	"$(jq -r '"\(.energy) \(.notes) \(.cheers_given) \(.cheers_received)"' "$T/out")"
snapshot energy
expect_code 1 "energy of an unknown member" gx-post energy nobody
expect_grep "energy unknown: named" "no member 'nobody'" "$T/err"
expect_code 1 "energy of an unknown group" gx-post energy --group nope
expect_code 64 "energy with neither member nor group" gx-post energy
expect_code 64 "energy of two members" gx-post energy lina chen
expect_code 64 "energy --window 0" gx-post energy lina --window 0
expect_code 64 "energy --window soon" gx-post energy lina --window soon
expect_unchanged "energy: reading changes nothing" energy

# --- bad input --------------------------------------------------------------------------

GX_NOW=2016-04-10T01:00:00Z
snapshot bad
expect_code 65 "a note over 2000 characters" gx-post note bare \
	"$(head -c 2001 /dev/zero | tr '\0' x)" --as lina
expect_grep "over 2000: the rule" "1-2000 characters" "$T/err"
expect_unchanged "over 2000: nothing posted" bad
expect_code 65 "a good deed over 2000 characters" gx-post reflection elites \
	--as lina --good "$(head -c 2001 /dev/zero | tr '\0' x)" --good b \
	--good c --habit h
expect_code 65 "2001 characters from stdin" sh -c \
	'head -c 2001 /dev/zero | tr "\0" x | gx-post note bare - --as lina'
expect_code 65 "text over 64 KiB from stdin" sh -c \
	'head -c 70000 /dev/zero | tr "\0" x | gx-post note bare - --as lina'
expect_code 65 "an escape character" gx-post note bare \
	"$(printf 'red \033[31m text')" --as lina
expect_grep "control character: the rule" "1-2000 characters of text" "$T/err"
expect_code 65 "a DEL character" gx-post note bare "$(printf 'a\177b')" \
	--as lina
expect_code 65 "a control character in the habit" gx-post reflection elites \
	--as lina --good a --good b --good c --habit "$(printf 'h\001')"
expect_code 65 "a control character in a caption" gx-post photo elites \
	hike.jpg --caption "$(printf 'x\007')" --as lina
expect_code 65 "invalid UTF-8 from stdin" sh -c \
	'printf "caf\351\n" | gx-post note bare - --as lina'
expect_code 65 "a NUL byte from stdin" sh -c \
	'printf "a\000b" | gx-post note bare - --as lina'
expect_code 65 "empty text from stdin" sh -c \
	'printf "\n\n" | gx-post note bare - --as lina'
expect_code 65 "an empty note" gx-post note bare "" --as lina
expect_code 65 "an unknown group" gx-post topic nope "hello" --as lina
expect_code 65 "cheer: a post id that is not a number" \
	gx-post cheer abc --as lina
expect_code 65 "reply: a negative post id" gx-post reply --as lina -- -5 x
expect_code 65 "delete: a post id with trailing junk" gx-post delete 12abc
expect_code 64 "note without text" gx-post note bare --as lina
expect_code 64 "cheer with no post at all" gx-post cheer --as lina </dev/null
expect_code 64 "an unknown subcommand" gx-post frobnicate
expect_code 64 "an unknown option" gx-post note bare hi --bogus --as lina
expect_unchanged "bad input: nothing posted" bad
snapshot c1
expect_code 65 "a C1 control character (U+0085)" gx-post note bare \
	"$(printf 'a\302\205b')" --as lina
expect_unchanged "C1 control character: nothing posted" c1
expect_code 0 "exactly 2000 characters" gx-post note bare \
	"$(head -c 2000 /dev/zero | tr '\0' x)" --as lina
expect_code 0 "2000 Chinese characters (6000 bytes)" gx-post note bare \
	"$(i=0; while [ $i -lt 2000 ]; do printf '\345\245\275'; i=$((i + 1)); done)" \
	--as lina
expect_eq "2000 Chinese characters: kept whole" 2000 \
	"$(jq -r '.text | length' "$T/out")"
expect_code 0 "tabs and newlines are welcome" gx-post note bare \
	"$(printf 'line 1\n\tline 2')" --as lina
expect_eq "tabs and newlines: kept" '"line 1\n\tline 2"' \
	"$(jq -c .text "$T/out")"
snapshot blank
expect_code 65 "a note of only spaces and tabs" gx-post note bare \
	"$(printf '  \t  ')" --as lina
expect_grep "only spaces: the rule" "must be 1-2000 characters of text" \
	"$T/err"
expect_unchanged "only spaces: nothing posted" blank

done_testing
