# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# tools/lib.sh - shell helpers shared by the umbra host tools.
#
# Source it from a script that runs under `set -euo pipefail`:
#	. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# It defines UMBRA_ROOT (the clone), UMBRA_BUILD (its build/ directory) and
# UMBRA_CACHE (the cache outside the clone, ${UMBRA_CACHE:-$HOME/.cache/umbra}).

# shellcheck disable=SC2034 # used by the scripts sourcing this file
UMBRA_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
UMBRA_BUILD=$UMBRA_ROOT/build
UMBRA_CACHE=${UMBRA_CACHE:-$HOME/.cache/umbra}
UMBRA_CROSS=${UMBRA_CROSS:-arm-linux-gnueabihf-}
export UMBRA_CACHE

# The single apt entry point: quiet, never interactive.
UMBRA_APT=(env DEBIAN_FRONTEND=noninteractive apt-get -q -o Dpkg::Use-Pty=0)

# log MSG... - progress message on stderr, prefixed with the script's name.
log()
{
	printf '%s: %s\n' "${0##*/}" "$*" >&2
}

# die MSG... - print an error and exit 1.
die()
{
	printf '%s: error: %s\n' "${0##*/}" "$*" >&2
	exit 1
}

# need_cmd CMD... - fail unless every CMD is on PATH.
need_cmd()
{
	local c

	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 ||
			die "'$c' not found: run tools/setup-host.sh first"
	done
}

# apt_update - `apt-get update` that never aborts the caller: the
# bookworm-security armhf index fails with a size mismatch, which apt reports
# as an error although every other index was refreshed.
apt_update()
{
	"${UMBRA_APT[@]}" update >&2 ||
		log "warning: apt-get update reported errors (ignored)"
}

# apt_candidates PKG[:ARCH]... - print "PKG[:ARCH]=VERSION" for each PKG,
# the version apt would fetch, with one (slow: ~1 s) apt-cache call.
apt_candidates()
{
	local out p

	out=$(apt-cache policy "$@" 2>/dev/null | awk '
		/^[^ ].*:$/ { name = substr($0, 1, length($0) - 1) }
		$1 == "Candidate:" && $2 != "(none)" { print name "=" $2 }')
	for p in "$@"; do
		awk -F= -v p="$p" '$1 == p { print; found = 1; exit }
			END { exit !found }' <<<"$out" ||
			die "no candidate version for $p (apt-get update needed?)"
	done
}

# apt_download DIR SPEC... - `apt-get download` SPECs (NAME:ARCH=VERSION)
# into DIR (the cache keeps them).
apt_download()
{
	local dir=$1

	shift
	mkdir -p "$dir"
	# apt's _apt sandbox user cannot write to root's cache: say so.
	(cd "$dir" && "${UMBRA_APT[@]}" -o APT::Sandbox::User=root \
		download "$@" >&2)
}

# hash_str STRING... - short sha256 of the arguments.
hash_str()
{
	printf '%s\n' "$@" | sha256sum | cut -c1-16
}

# with_lock FILE CMD... - run CMD holding an exclusive flock on FILE, so two
# builds of the same cache entry never race.
with_lock()
{
	local lock=$1

	shift
	mkdir -p "$(dirname "$lock")"
	(
		flock 9
		"$@"
	) 9>"$lock"
}

# fix_abs_symlinks ROOT - rewrite every absolute symlink below ROOT so that
# it points inside ROOT (relative), as it would on an installed system.
fix_abs_symlinks()
{
	local root=$1 link target rel

	find "$root" -type l -lname '/*' -print0 |
	while IFS= read -r -d '' link; do
		target=$(readlink "$link")
		rel=$(realpath -m --relative-to="$(dirname "$link")" \
			"$root$target")
		ln -sfn "$rel" "$link"
	done
}

# tap_counts LOG - print "PASS FAIL SKIP": the TAP result lines between the
# ==== UMBRA-RESULTS-BEGIN/END markers of a boot log. Only lines starting
# with "ok " or "not ok " count (kselftest's nested "# ok 1 ..." lines are
# comments); "ok ... # SKIP" is a skip.
tap_counts()
{
	tr -d '\r' <"$1" | awk '
		/^==== UMBRA-RESULTS-BEGIN/ { in_res = 1; next }
		/^==== UMBRA-RESULTS-END/ { in_res = 0; next }
		!in_res { next }
		/^ok / && / # [Ss][Kk][Ii][Pp]/ { skip++; next }
		/^ok / { pass++; next }
		/^not ok / { fail++; next }
		END { printf "%d %d %d\n", pass, fail, skip }'
}

# module_self_check KDIR RELEASE - build an out-of-tree hello module against
# KDIR and check that its vermagic starts with RELEASE.
module_self_check()
{
	local kdir=$1 release=$2 t vermagic

	t=$(mktemp -d)
	cat >"$t/hello.c" <<'EOC'
// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>

static int __init hello_init(void)
{
	pr_info("hello: loaded\n");
	return 0;
}
module_init(hello_init);

static void __exit hello_exit(void)
{
}
module_exit(hello_exit);
MODULE_LICENSE("GPL");
EOC
	echo 'obj-m := hello.o' >"$t/Kbuild"
	if ! make -C "$kdir" M="$t" ARCH=arm CROSS_COMPILE="$UMBRA_CROSS" \
		modules >"$t/build.log" 2>&1; then
		cat "$t/build.log" >&2
		rm -rf "$t"
		die "hello module does not build against $kdir"
	fi
	vermagic=$(modinfo -F vermagic "$t/hello.ko")
	rm -rf "$t"
	case $vermagic in
	"$release "*) ;;
	*) die "hello.ko vermagic '$vermagic' does not match '$release'" ;;
	esac
	log "self-check ok: hello.ko builds, vermagic '$vermagic'"
}
