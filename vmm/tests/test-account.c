// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the console line prefixing (prefix.c), the accounting line
 * the system exit status (account.c) and the cyclic schedule's windows
 * (schedule.c).
 */
#include <signal.h>
#include <stdbool.h>
#include <string.h>

#include "account.h"
#include "prefix.h"
#include "schedule.h"
#include "tap.h"
#include "vmm.h"

/* prefix.c gives up a blocked write when the VMM stops; never here. */
bool run_stopping(void);
bool run_stopping(void)
{
	return false;
}

static void feed(GString *pending, GString *out, const char *s)
{
	prefix_feed(pending, "g: ", (const uint8_t *)s, strlen(s), out);
}

static void test_prefix(void)
{
	GString *pending = g_string_new(NULL), *out = g_string_new(NULL);
	char big[PREFIX_MAX_LINE + 10];

	feed(pending, out, "hel");
	tap_ok(!out->len, "a partial line is held back");
	feed(pending, out, "lo\nwor");
	tap_ok(!strcmp(out->str, "g: hello\n"),
	       "a complete line is prefixed once: '%s'", out->str);
	feed(pending, out, "ld\n\nx\r\n");
	tap_ok(!strcmp(out->str, "g: hello\ng: world\ng: \ng: x\r\n"),
	       "every line, empty ones and CR LF too: '%s'", out->str);
	g_string_truncate(out, 0);
	feed(pending, out, "tail");
	prefix_flush(pending, out);
	tap_ok(!strcmp(out->str, "g: tail\n") && !pending->len,
	       "flush ends the last line with a newline");
	g_string_truncate(out, 0);
	prefix_flush(pending, out);
	tap_ok(!out->len, "flush of nothing writes nothing");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	feed(pending, out, big);
	tap_ok(out->len == PREFIX_MAX_LINE + 1 &&
	       out->str[PREFIX_MAX_LINE] == '\n' &&
	       pending->len == 3 + sizeof(big) - 1 - (PREFIX_MAX_LINE - 3),
	       "a line of more than %d bytes is broken (%zu out, %zu held)",
	       PREFIX_MAX_LINE, out->len, pending->len);
	g_string_free(pending, TRUE);
	g_string_free(out, TRUE);
}

static void test_account(void)
{
	struct account a = { 0 };
	char *s;

	a.cpu_ns = 1234567890;
	a.wall_ns = 5006000000;
	a.exits[1] = 10;
	a.exits[3] = 1;
	a.exits[7] = 4;
	a.exits[8] = 2;
	a.eintr = 3;
	a.overruns = 1;
	a.max_late_ns = 2500000;
	a.status = 42;
	s = account_line("g0", &a);
	tap_ok(!strcmp(s, "umbra-vmm: g0: cpu 1.234 s of 5.006 s, exits 17 (hypercall 10, shutdown 1, budget 4, other 2), eintr 3, overruns 1 (latest +2500 us), status 42"),
	       "accounting line: %s", s);
	g_free(s);
	memset(&a, 0, sizeof(a));
	a.status = -1;
	s = account_line("g1", &a);
	tap_ok(!strcmp(s, "umbra-vmm: g1: cpu 0.000 s of 0.000 s, exits 0, eintr 0, overruns 0 (latest +0 us), running"),
	       "a running guest without exits: %s", s);
	g_free(s);
}

static void test_status(void)
{
	int all0[] = { 0, 0, 0 }, some[] = { 0, 3, 7 }, fail[] = { 3, 125, 0 };

	tap_ok(system_exit_status(all0, 3, 0) == 0, "all 0: 0");
	tap_ok(system_exit_status(some, 3, 0) == 3,
	       "the first non-zero status in file order");
	tap_ok(system_exit_status(fail, 3, 0) == VMM_EXIT_FAILURE,
	       "a VMM failure of any guest wins");
	tap_ok(system_exit_status(fail, 3, SIGINT) == 130 &&
	       system_exit_status(all0, 3, SIGTERM) == 143,
	       "a stop signal wins over everything");
}

static void add_window(GArray *w, guint guest, uint64_t off, uint64_t dur)
{
	struct sys_window win = { guest, off, dur };

	g_array_append_val(w, win);
}

/* producer@0ms+8ms, consumer@10ms+8ms, producer@18ms+1ms in 20 ms */
static void test_cyclic(void)
{
	struct sys_schedule sc = {
		.policy = SYS_POLICY_CYCLIC,
		.major_frame = 20000,
		.windows = g_array_new(FALSE, FALSE, sizeof(struct sys_window)),
	};
	const uint64_t o = 1000000000ull, ms = 1000000ull;
	uint64_t ws = 0, we = 0;

	add_window(sc.windows, 0, 0, 8000);
	add_window(sc.windows, 1, 10000, 8000);
	add_window(sc.windows, 0, 18000, 1000);
	tap_ok(sched_cyclic_window(&sc, 0, o, o, &ws, &we) &&
	       ws == o && we == o + 8 * ms, "at the origin: the first window");
	tap_ok(sched_cyclic_window(&sc, 0, o, o + 7 * ms + 999999, &ws, &we) &&
	       ws == o && we == o + 8 * ms, "open until its last ns");
	tap_ok(sched_cyclic_window(&sc, 0, o, o + 8 * ms, &ws, &we) &&
	       ws == o + 18 * ms && we == o + 19 * ms,
	       "at its end: the guest's next window in the frame");
	tap_ok(sched_cyclic_window(&sc, 1, o, o + 3 * ms, &ws, &we) &&
	       ws == o + 10 * ms && we == o + 18 * ms,
	       "another guest: its window later in the frame");
	tap_ok(sched_cyclic_window(&sc, 1, o, o + 18 * ms, &ws, &we) &&
	       ws == o + 30 * ms && we == o + 38 * ms,
	       "after its last window: the next frame's");
	tap_ok(sched_cyclic_window(&sc, 0, o, o + 1000 * 20 * ms + 5 * ms,
				   &ws, &we) &&
	       ws == o + 1000 * 20 * ms && we == ws + 8 * ms,
	       "frame 1000 starts exactly 1000 major frames after the origin (no drift)");
	tap_ok(!sched_cyclic_window(&sc, 2, o, o, &ws, &we),
	       "a guest without a window has none");
	g_array_free(sc.windows, TRUE);
}

int main(void)
{
	tap_plan(19);
	test_cyclic();
	test_prefix();
	test_account();
	test_status();
	return tap_done();
}
