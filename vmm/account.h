/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: the per-guest accounting line (umbra-vmm run FILE.ini).
 */
#ifndef UMBRA_VMM_ACCOUNT_H
#define UMBRA_VMM_ACCOUNT_H

#include <stdint.h>

/* Exit reasons named in the line: UMBRA_EXIT_UNKNOWN .. UMBRA_EXIT_BUDGET */
#define ACCOUNT_NR_REASONS	8

/**
 * struct account - a snapshot of one guest's accounting
 * @cpu_ns:      CPU time of its vCPU thread, nanoseconds
 * @wall_ns:     how long that thread has run its vCPU (CLOCK_MONOTONIC), ns
 * @exits:       UMBRA_RUN returns by exit reason; [ACCOUNT_NR_REASONS]
 *               counts unknown reasons
 * @eintr:       UMBRA_RUN returns with EINTR
 * @overruns:    schedule slots that ended late (schedule.c)
 * @max_late_ns: the latest end after a slot's deadline, ns
 * @status:      the guest's end (exit status), or -1 while it runs
 */
struct account {
	uint64_t cpu_ns;
	uint64_t wall_ns;
	uint64_t exits[ACCOUNT_NR_REASONS + 1];
	uint64_t eintr;
	uint64_t overruns;
	uint64_t max_late_ns;
	int status;
};

char *account_line(const char *name, const struct account *a);
int system_exit_status(const int *status, unsigned int n, int signal);

#endif /* UMBRA_VMM_ACCOUNT_H */
