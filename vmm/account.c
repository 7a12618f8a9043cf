// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm: the per-guest accounting line, printed on stderr when a
 * system file's guests have all ended and on SIGUSR1:
 *
 *   umbra-vmm: NAME: cpu S.SSS s of W.WWW s, exits N (REASON n, ...), eintr N,
 *   overruns N (latest +U us), STATUS
 *
 * REASON is each exit reason that occurred (hypercall, mmio, shutdown,
 * fail_entry, internal_error, intr, budget, unknown, other); STATUS is
 * "running" or "status N"; S is the CPU time of its vCPU thread, W how
 * long that thread has been running the vCPU (wall clock).
 * Documentation/user-guide.rst describes it.
 */
#include <inttypes.h>
#include <stdbool.h>

#include <glib.h>

#include "account.h"
#include "vmm.h"

static const char *const reason_names[ACCOUNT_NR_REASONS + 1] = {
	"unknown", "hypercall", "mmio", "shutdown", "fail_entry",
	"internal_error", "intr", "budget", "other",
};

/**
 * account_line() - format one guest's accounting
 * @name: the guest's name
 * @a:    the snapshot
 *
 * Return: the line without "\n", g_free() it.
 */
char *account_line(const char *name, const struct account *a)
{
	GString *s = g_string_new(NULL);
	uint64_t total = 0;
	bool first = true;
	int i;

	for (i = 0; i <= ACCOUNT_NR_REASONS; i++)
		total += a->exits[i];
	g_string_append_printf(s, "%s: %s: cpu %" PRIu64 ".%03" PRIu64 " s of %" PRIu64 ".%03" PRIu64 " s, exits %" PRIu64,
			       VMM_NAME, name, a->cpu_ns / 1000000000u,
			       a->cpu_ns / 1000000u % 1000u,
			       a->wall_ns / 1000000000u,
			       a->wall_ns / 1000000u % 1000u, total);
	for (i = 0; i <= ACCOUNT_NR_REASONS; i++) {
		if (!a->exits[i])
			continue;
		g_string_append_printf(s, "%s%s %" PRIu64, first ? " (" : ", ",
				       reason_names[i], a->exits[i]);
		first = false;
	}
	if (!first)
		g_string_append_c(s, ')');
	g_string_append_printf(s, ", eintr %" PRIu64 ", overruns %" PRIu64 " (latest +%" PRIu64 " us), ",
			       a->eintr, a->overruns, a->max_late_ns / 1000u);
	if (a->status < 0)
		g_string_append(s, "running");
	else
		g_string_append_printf(s, "status %d", a->status);
	return g_string_free(s, FALSE);
}

/**
 * system_exit_status() - the process's exit status from its guests' ends
 * @status: each guest's status (run_vcpu()), in file order
 * @n:      how many
 * @signal: the signal that stopped them (SIGINT, SIGTERM) or 0
 *
 * Return: 128 + @signal if a signal stopped the system; else
 * VMM_EXIT_FAILURE (125) if any guest ended in a VMM or host failure;
 * else the first non-zero guest status in file order; else 0.
 */
int system_exit_status(const int *status, unsigned int n, int signal)
{
	unsigned int i;

	if (signal)
		return VMM_EXIT_SIGNAL_BASE + signal;
	for (i = 0; i < n; i++)
		if (status[i] == VMM_EXIT_FAILURE)
			return VMM_EXIT_FAILURE;
	for (i = 0; i < n; i++)
		if (status[i])
			return status[i];
	return 0;
}
