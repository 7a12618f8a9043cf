#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh - the `make demo` show, installed as /umbra/demo.sh and run by
# the initramfs init in demo mode (busybox sh): the hello guest, then the
# Lua guest on a short script, each through umbra-vmm with its output and
# exit status.
#
# Environment: UMBRA_ROOT (/umbra), UMBRA_DEMO_TIMEOUT (seconds per guest,
# 120).
# shellcheck disable=SC3040 # busybox ash has pipefail
set -euo pipefail

ROOT=${UMBRA_ROOT:-/umbra}
VMM=$ROOT/bin/umbra-vmm
TIMEOUT=${UMBRA_DEMO_TIMEOUT:-120}

# show TITLE GUEST - run GUEST under umbra-vmm with stdin as its console
# input; print its output and exit status.
show()
{
	echo "=== $1: umbra-vmm run $2"
	rc=0
	timeout -k 10 "$TIMEOUT" "$VMM" run "$2" || rc=$?
	echo "=== $1: exit status $rc"
	echo
}

LUA_DEMO='
print("Hello from " .. _VERSION .. ", running as an umbra guest!")
local squares = {}
for i = 1, 10 do squares[#squares + 1] = i * i end
print("squares: " .. table.concat(squares, " "))
local function fib(n)
	if n < 2 then return n end
	return fib(n - 1) + fib(n - 2)
end
print("fib(20) = " .. fib(20))
print(("umbra "):rep(3))
'

echo "=== umbra demo on $(uname -r) $(uname -m)"
show "hello guest" "$ROOT/guests/hello.elf" < /dev/null
printf '%s\n' "$LUA_DEMO" | show "Lua guest" "$ROOT/guests/lua.elf"
