#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# suite.sh of the benchmark payload (build/payload-bench, tools/bench.sh):
# installed as /umbra/suite.sh, run by the initramfs init after umbra.ko is
# loaded (busybox sh). It runs /umbra/bin/umbra_bench and prints its report,
# then one TAP line: "ok 1 umbra_bench" when the benchmark ran to the end
# ("not ok 1 ..." and its error output otherwise). A benchmark, not a test:
# no number is judged.
#
# Arguments for umbra_bench come from the kernel command line,
# umbra.bench="-n 1024 -k 5" (tools/bench.sh: UMBRA_BENCH_ARGS).
set -u

ROOT=${UMBRA_ROOT:-/umbra}
TMP=${TMPDIR:-/tmp}
BENCH=$ROOT/bin/umbra_bench

# cmdline_arg NAME - value of NAME=VALUE or NAME="VALUE" on the cmdline.
cmdline_arg()
{
	_c=" $(cat /proc/cmdline) "
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

# the native local_irq_save/restore baseline (tests/bench/kmod)
if [ -e "$ROOT/bin/umbra_bench_irq.ko" ] &&
   ! insmod "$ROOT/bin/umbra_bench_irq.ko"; then
	echo "# insmod umbra_bench_irq.ko failed: no native IRQ row"
fi
args=$(cmdline_arg umbra.bench)
echo "# umbra benchmark on $(uname -r) $(uname -m)"
echo "# umbra_bench $args"
rc=0
# $args is split into words on purpose.
# shellcheck disable=SC2086
"$BENCH" $args 2>"$TMP/bench.err" || rc=$?
if [ "$rc" = 0 ]; then
	echo "ok 1 umbra_bench"
else
	echo "not ok 1 umbra_bench (exit status $rc)"
	sed 's/^/# /' "$TMP/bench.err"
fi
exit "$rc"
