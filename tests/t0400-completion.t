#!/bin/sh
# bash completion: commands, subcommands, options and handles, all taken
# from the binaries and the database.
. "$(dirname "$0")/lib.sh"
COMPLETION="$GX_SRC/completions/gx.bash"
export COMPLETION

gx-user add wangwei --name 王伟 --phone 13812345678 >/dev/null
gx-user add wanglei --name 王磊 --phone 13812345679 >/dev/null
gx-user add lina --name 李娜 --phone 13812345680 >/dev/null

# comp WORD...: what bash offers for the last word.
comp() {
	bash -c '. "$COMPLETION"
	COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
	_gx; echo "${COMPREPLY[*]}"' comp "$@"
}

# The commands are whatever gx-NAME binaries the build has.
cmds=$(cd "$GX_BUILD/cmd" && ls gx-* | grep -v '\.' | sed 's/^gx-//' | sort |
	tr '\n' ' ' | sed 's/ $//')
expect_eq "gx completes its built-ins and gx-NAME commands" \
	"init status export import audit help complete $cmds" "$(comp gx '')"
expect_eq "gx u completes to user" "user" "$(comp gx u)"
expect_eq "gx-user subcommands come from its --help" \
	"add list show set suspend restore" "$(comp gx-user '')"
expect_eq "gx user completes like gx-user" \
	"add list show set suspend restore" "$(comp gx user '')"
expect_eq "options of a subcommand" "--city --company" \
	"$(comp gx-user list --c)"
expect_eq "handles come from the database" "wanglei wangwei" \
	"$(comp gx-user show wang)"
expect_eq "--as completes handles" "lina" "$(comp gx-user list --as l)"
expect_eq "--db on the line is used for handles" "" \
	"$(comp gx-user show --db "$T/other.db" wang)"
expect_eq "output formats" "jsonl table tsv" "$(comp gx-user -o '')"
expect_eq "gx audit actions" "verify list" "$(comp gx audit '')"
gx-user add wangfang --name 王芳 --phone 13812345681 >/dev/null
expect_eq "a member added now is offered at once" "wangfang wanglei wangwei" \
	"$(comp gx-user suspend wang)"
done_testing
