#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# tools/target-init.sh - /init of the umbra test initramfs (busybox sh).
#
# Loads /umbra/umbra.ko, runs the payload and powers off. Kernel command
# line (all optional):
#	umbra.mode=suite|demo	default: /etc/umbra-mode (set by mkinitramfs)
#	umbra.modparams=...	insmod parameters; quote for several:
#				umbra.modparams="a=1 b=2"
#	umbra.timeout=SEC	suite time limit (default 900)
#	umbra.date=EPOCH	the wall clock, when the board has no RTC for
#				the host (run-qemu.sh --passthrough gives
#				virt's PL031 to guests)
#
# suite mode prints, on the console:
#	UMBRA-BOOT-OK
#	==== UMBRA-RESULTS-BEGIN
#	<TAP from /umbra/suite.sh, plus "not ok" lines for insmod/rmmod/timeout>
#	==== UMBRA-RESULTS-END
#	==== UMBRA-DMESG-BEGIN / dmesg / ==== UMBRA-DMESG-END
#	UMBRA-DONE
# demo mode runs /umbra/demo.sh straight on the console instead of the
# RESULTS block.

export PATH=/bin:/sbin:/usr/bin:/usr/sbin
export HOME=/tmp

# The archive has /dev/console, but make sure of a console anyway.
mount -t devtmpfs devtmpfs /dev 2>/dev/null
[ -c /dev/console ] && exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs tmpfs /tmp

CMDLINE=$(cat /proc/cmdline)

# cmdline_arg NAME - value of NAME=VALUE or NAME="VALUE" on the cmdline.
cmdline_arg()
{
	_c=" $CMDLINE "
	case $_c in
	*" $1=\""*)
		_v=${_c#*" $1=\""}
		printf '%s' "${_v%%\"*}"
		;;
	*" $1="*)
		_v=${_c#*" $1="}
		printf '%s' "${_v%% *}"
		;;
	esac
}

DATE=$(cmdline_arg umbra.date)
if [ -n "$DATE" ] && [ ! -e /dev/rtc0 ]; then
	date -s "@$DATE" >/dev/null
fi

MODE=$(cmdline_arg umbra.mode)
[ -n "$MODE" ] || MODE=$(cat /etc/umbra-mode 2>/dev/null)
[ -n "$MODE" ] || MODE=suite
PARAMS=$(cmdline_arg umbra.modparams)
TIMEOUT=$(cmdline_arg umbra.timeout)
[ -n "$TIMEOUT" ] || TIMEOUT=900
TAP=/tmp/results.tap
: >"$TAP"
: >/tmp/init.tap

echo "UMBRA-BOOT-OK mode=$MODE kernel=$(uname -r)"

# Results of init's own steps, printed with the suite's TAP.
init_not_ok()
{
	echo "not ok - $*" >>/tmp/init.tap
	echo "umbra-init: not ok - $*"
}

loaded=0
if [ -e /umbra/umbra.ko ]; then
	# $PARAMS is split into words on purpose.
	# shellcheck disable=SC2086
	if insmod /umbra/umbra.ko $PARAMS; then
		loaded=1
	else
		init_not_ok "insmod umbra.ko $PARAMS (exit $?)"
	fi
else
	echo "umbra-init: no /umbra/umbra.ko, not loading it"
fi

cd /umbra 2>/dev/null || cd /
case $MODE in
demo)
	if [ -e /umbra/demo.sh ]; then
		sh /umbra/demo.sh
		echo "umbra-init: demo.sh exited with $?"
	else
		echo "umbra-init: no /umbra/demo.sh"
	fi
	if [ "$loaded" = 1 ] && ! rmmod umbra; then
		echo "umbra-init: rmmod umbra failed"
	fi
	;;
*)
	if [ ! -e /umbra/suite.sh ]; then
		init_not_ok "no /umbra/suite.sh"
	elif [ "$loaded" = 0 ] && [ -e /umbra/umbra.ko ]; then
		echo "# suite.sh skipped: umbra.ko did not load" >"$TAP"
	else
		timeout -s KILL "$TIMEOUT" sh /umbra/suite.sh >"$TAP" 2>&1
		rc=$?
		if [ "$rc" = 137 ]; then
			init_not_ok "suite.sh killed after ${TIMEOUT}s timeout"
		elif [ "$rc" != 0 ]; then
			echo "# suite.sh exited with $rc" >>"$TAP"
		fi
	fi
	# Quiet the console so kernel messages do not split the results.
	echo 1 >/proc/sys/kernel/printk
	if [ "$loaded" = 1 ] && ! rmmod umbra 2>>/tmp/init.log; then
		init_not_ok "rmmod umbra: $(cat /tmp/init.log)"
	fi
	echo "==== UMBRA-RESULTS-BEGIN"
	cat "$TAP" /tmp/init.tap
	echo "==== UMBRA-RESULTS-END"
	;;
esac

echo "==== UMBRA-DMESG-BEGIN"
dmesg
echo "==== UMBRA-DMESG-END"
echo "UMBRA-DONE"

# QEMU runs with -no-reboot, so a reboot ends it as well.
sync
poweroff -f
sleep 5
reboot -f
while :; do sleep 60; done
