#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lua-source.sh - fetch Debian's lua5.4 source package into the umbra cache.
#
# Usage: tools/lua-source.sh
#
# Prints the path of the unpacked, Debian-patched source tree (the directory
# holding src/lua.c) on stdout; progress goes to stderr. The tree lives in
# ${UMBRA_CACHE:-$HOME/.cache/umbra}/lua5.4-<source version>/ and is reused
# while apt's candidate source version is unchanged, so a new Debian upload
# gets a new directory rather than a stale tree. Lua sources are never
# copied into the repository.
#
# apt-get source needs a deb-src entry. If apt has none, this script adds
# /etc/apt/sources.list.d/umbra-src.sources, mirroring the URIs, suites,
# components and keys of debian.sources, and runs apt-get update. A failing
# index (bookworm-security's armhf index is known to) never aborts the script.

set -euo pipefail

PKG=lua5.4
CACHE=${UMBRA_CACHE:-$HOME/.cache/umbra}
DEB_SOURCES=/etc/apt/sources.list.d/debian.sources
SRC_SOURCES=/etc/apt/sources.list.d/umbra-src.sources

log() {
	echo "lua-source: $*" >&2
}

# The newest source version apt knows of, or nothing if there is no index.
src_version() {
	{ apt-cache showsrc "$PKG" 2>/dev/null || true; } |
		awk '/^Version:/ { print $2 }' | sort -V | tail -n 1
}

# Add a deb-src twin of debian.sources unless apt already has deb-src URIs.
ensure_deb_src() {
	if grep -rqsE '^(deb-src[[:space:]]|Types:.*deb-src)' \
		/etc/apt/sources.list /etc/apt/sources.list.d/; then
		return 0
	fi
	if [ ! -r "$DEB_SOURCES" ]; then
		log "no deb-src entry and no $DEB_SOURCES to copy from"
		return 1
	fi
	log "adding $SRC_SOURCES"
	[ -w "${SRC_SOURCES%/*}" ] || log "cannot write $SRC_SOURCES (not root?)"
	sed -n -e 's/^Types:.*/Types: deb-src/p' \
		-e '/^\(URIs\|Suites\|Components\|Signed-By\):/p' \
		-e '/^[[:space:]]*$/p' "$DEB_SOURCES" >"$SRC_SOURCES.tmp"
	mv "$SRC_SOURCES.tmp" "$SRC_SOURCES"
}

apt_update() {
	log "apt-get update (failures tolerated)"
	apt-get update >&2 || log "apt-get update failed; continuing"
}

main() {
	local ver dir tmp tree

	mkdir -p "$CACHE"
	exec 9>"$CACHE/$PKG-source.lock"
	flock 9

	ver=$(src_version)
	if [ -z "$ver" ]; then
		ensure_deb_src || true
		apt_update
		ver=$(src_version)
	fi
	if [ -z "$ver" ]; then
		# No index (offline?): fall back to the newest tree we have.
		dir=$(find "$CACHE" -mindepth 1 -maxdepth 1 -type d \
			-name "$PKG-*" -exec test -f '{}/.umbra-ok' ';' \
			-print | sort -V | tail -n 1)
		if [ -n "$dir" ]; then
			log "apt knows no $PKG source; using cached $dir"
			echo "$dir"
			return 0
		fi
		log "apt knows no source package for $PKG"
		exit 1
	fi

	dir=$CACHE/$PKG-${ver//:/_}
	if [ -f "$dir/.umbra-ok" ] && [ -f "$dir/src/lua.c" ]; then
		echo "$dir"
		return 0
	fi

	log "fetching $PKG $ver source into $dir"
	rm -rf "$dir"
	tmp=$(mktemp -d "$CACHE/.$PKG-src.XXXXXX")
	# shellcheck disable=SC2064 # expand $tmp now
	trap "rm -rf '$tmp'" EXIT
	(cd "$tmp" && apt-get source -q "$PKG=$ver" >&2)
	tree=$(find "$tmp" -mindepth 2 -maxdepth 3 -path '*/src/lua.c' |
		head -n 1)
	if [ -z "$tree" ]; then
		log "unpacked source has no src/lua.c"
		exit 1
	fi
	mv "${tree%/src/lua.c}" "$dir"
	echo "$ver" >"$dir/.umbra-ok"
	echo "$dir"
}

main "$@"
