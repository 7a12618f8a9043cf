#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/setup-host.sh - install what the umbra build and tests need on a
# Debian bookworm x86_64 host (run as root). Idempotent: when everything is
# already there it only asks dpkg and returns within a second.
#
# It adds the armhf foreign architecture (for tools/sysroot.sh and
# tools/kernel-distro.sh), a deb-src entry for bookworm main (so that
# `apt-get source lua5.4` works) and the host packages below.
#
# Usage: tools/setup-host.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PACKAGES=(
	gcc-arm-linux-gnueabihf libc6-dev-armhf-cross qemu-system-arm qemu-user-static
	gcc-arm-none-eabi libnewlib-arm-none-eabi linux-source-6.1
	bc bison flex libssl-dev libelf-dev cpio dpkg-dev pkg-config lua5.4
	device-tree-compiler kmod xz-utils rsync sparse libglib2.0-dev libfdt-dev
	python3-docutils # tools/check-docs.py
	systemd # systemd-analyze verify of umbra@.service (tools/install-check.sh)
)
DEB_SRC=/etc/apt/sources.list.d/umbra-deb-src.sources
DEBIAN_SOURCES=/etc/apt/sources.list.d/debian.sources

[ "$(id -u)" = 0 ] || die "must run as root"

# missing_packages - print the PACKAGES dpkg does not report as installed.
missing_packages()
{
	local p

	declare -A ok=()
	while read -r p st; do
		[ "${st:0:2}" = ii ] && ok[${p%%:*}]=1
	done < <(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' \
		"${PACKAGES[@]}" 2>/dev/null || true)
	for p in "${PACKAGES[@]}"; do
		[ -n "${ok[$p]:-}" ] || printf '%s\n' "$p"
	done
}

# source_field FIELD - FIELD of the debian.sources stanza serving bookworm
# (not bookworm-security), e.g. URIs or Signed-By.
source_field()
{
	[ -r "$DEBIAN_SOURCES" ] || return 0
	awk -v want="$1" '
		BEGIN { RS = ""; FS = "\n" }
		{
			uri = ""; val = ""; main = 0
			for (i = 1; i <= NF; i++) {
				split($i, kv, ":[ \t]*")
				k = kv[1]; v = substr($i, length(k) + 2)
				sub(/^[ \t]+/, "", v)
				if (k == "Suites" && (" " v " ") ~ / bookworm /)
					main = 1
				if (k == want)
					val = v
			}
			if (main && val != "") { print val; exit }
		}' "$DEBIAN_SOURCES"
}

need_update=0

if ! dpkg --print-foreign-architectures | grep -qx armhf; then
	log "adding the armhf architecture"
	dpkg --add-architecture armhf
	need_update=1
fi
if ! compgen -G '/var/lib/apt/lists/*_binary-armhf_Packages*' >/dev/null; then
	need_update=1
fi

# has_deb_src - is a deb-src entry for bookworm main configured anywhere?
# (Another file may already provide it; apt warns about duplicates.)
has_deb_src()
{
	local f

	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -r "$f" ] || continue
		grep -Eq '^\s*deb-src\s.*\sbookworm\s.*main' "$f" && return 0
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		awk 'BEGIN { RS = ""; found = 1 }
		     / *Types:[^\n]*deb-src/ &&
		     /\n *Suites:([^\n]* )?bookworm( |\n|$)/ &&
		     /\n *Components:[^\n]*main/ &&
		     !/\n *Enabled: *no/ { found = 0 }
		     END { exit found }' "$f" && return 0
	done
	return 1
}

if [ ! -e "$DEB_SRC" ] && ! has_deb_src; then
	uri=$(source_field URIs)
	keyring=$(source_field Signed-By)
	log "adding $DEB_SRC"
	cat >"$DEB_SRC" <<EOF
# Added by umbra tools/setup-host.sh: sources for \`apt-get source\`.
Types: deb-src
URIs: ${uri:-http://deb.debian.org/debian}
Suites: bookworm
Components: main
Signed-By: ${keyring:-/usr/share/keyrings/debian-archive-keyring.gpg}
EOF
fi
# The entry may be there (ours or another file) but never fetched.
if ! compgen -G '/var/lib/apt/lists/*_dists_bookworm_main_source_Sources*' \
	>/dev/null; then
	need_update=1
fi

mapfile -t missing < <(missing_packages)
if [ "${#missing[@]}" -gt 0 ]; then
	# Installing from a possibly stale index: refresh it first.
	need_update=1
fi
if [ "$need_update" = 1 ]; then
	apt_update
fi

if [ "${#missing[@]}" -gt 0 ]; then
	log "installing: ${missing[*]}"
	"${UMBRA_APT[@]}" install -y --no-install-recommends "${missing[@]}" >&2
	mapfile -t missing < <(missing_packages)
	[ "${#missing[@]}" = 0 ] || die "still missing: ${missing[*]}"
fi
log "host ready"
