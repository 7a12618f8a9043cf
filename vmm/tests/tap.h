/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal TAP (Test Anything Protocol) output for the VMM's unit tests:
 * "1..N", then "ok N - name" or "not ok N - name" with "# " diagnostics.
 * tap_done() returns the exit status: nonzero if a test failed or the
 * count does not match the plan.
 */
#ifndef UMBRA_VMM_TESTS_TAP_H
#define UMBRA_VMM_TESTS_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_planned, tap_run, tap_failed;

static inline void tap_plan(int n)
{
	tap_planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}

static inline void tap_diag(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static inline void tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

static inline int tap_ok(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static inline int tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_run++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
	return cond;
}

static inline int tap_done(void)
{
	if (tap_run != tap_planned) {
		tap_diag("planned %d tests but ran %d", tap_planned, tap_run);
		return 1;
	}
	if (tap_failed)
		tap_diag("%d of %d tests failed", tap_failed, tap_run);
	return tap_failed ? 1 : 0;
}

#endif /* UMBRA_VMM_TESTS_TAP_H */
