/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: the vCPU loop.
 */
#ifndef UMBRA_VMM_RUN_H
#define UMBRA_VMM_RUN_H

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "hypercall.h"
#include "vm.h"

/*
 * Interrupts a vCPU thread (loop.c); blocked in every other thread.
 * SIGUSR1 is the user's: it prints the accounting (loop.c).
 */
#define RUN_KICK_SIGNAL	SIGUSR2

/* Exit reasons counted one by one; anything above is counted as "other". */
#define RUN_NR_EXIT_REASONS	(UMBRA_EXIT_BUDGET + 1)

/**
 * struct vcpu_stats - what a vCPU thread did, for the accounting
 * @exits:      UMBRA_RUN returns by exit_reason; [RUN_NR_EXIT_REASONS]
 *              counts unknown reasons
 * @eintr:      UMBRA_RUN returns with EINTR (kicks, signals)
 * @budget:     UMBRA_EXIT_BUDGET exits: the module ended a slot
 * @overruns:   slots that ended later than their deadline plus the
 *              tolerance of the schedule (schedule.c)
 * @max_late_ns: the latest end of a slot after its deadline, ns
 *
 * Written by the vCPU thread, read by the main thread at any time.
 */
struct vcpu_stats {
	atomic_ulong exits[RUN_NR_EXIT_REASONS + 1];
	atomic_ulong eintr;
	atomic_ulong budget;
	atomic_ulong overruns;
	atomic_ullong max_late_ns;
};

struct vcpu;

/**
 * struct vcpu_range - a range of IPAs
 * @ipa:  first byte
 * @size: bytes
 */
struct vcpu_range {
	uint64_t ipa;
	uint64_t size;
};

/**
 * struct vcpu_gate - a schedule driving a vCPU thread (schedule.c)
 * @wait:   called before each UMBRA_RUN: blocks until the vCPU may run
 *          and returns the budget of this run in microseconds (0: none);
 *          a negative value means stop (run_stopping())
 * @ran:    called after UMBRA_RUN returned (any result)
 * @done:   called once when run_vcpu() ends
 * @opaque: argument of all three
 */
struct vcpu_gate {
	int64_t (*wait)(struct vcpu *v, void *opaque);
	void (*ran)(struct vcpu *v, void *opaque);
	void (*done)(struct vcpu *v, void *opaque);
	void *opaque;
};

/**
 * struct vcpu - vCPU 0 of one VM and the thread that runs it
 * @vm:       the VM
 * @name:     guest name for messages ("umbra-vmm: NAME: ..."), or NULL
 * @hc:       the hypercall context (guest RAM, console, stop flag)
 * @gate:     the schedule's gate, or NULL (run freely)
 * @setup:    called in the vCPU thread before the first run (scheduling
 *            parameters); returning false stops it with VMM_EXIT_FAILURE
 * @setup_opaque: its argument
 * @ro:       read-only shared regions: a store there (an MMIO exit) gets a
 *            virtual Data Abort (abort.c) instead of stopping the VM
 * @nr_ro:    how many
 * @ro_aborts: Data Aborts delivered so far
 * @thread:   the thread
 * @thread_set: @thread is valid (run_kick() may signal it)
 * @run:      @vm->run while run_vcpu() is in its loop, else NULL
 * @status:   its result (run_vcpu())
 * @done:     run_vcpu() has returned
 * @cpu_ns:   CPU time of the thread in ns, when @done
 * @start_ns: CLOCK_MONOTONIC time run_vcpu() started, ns
 * @end_ns:   CLOCK_MONOTONIC time it ended, ns, when @done
 * @stats:    the accounting
 */
struct vcpu {
	struct vm *vm;
	const char *name;
	struct hypercall_ctx hc;
	const struct vcpu_gate *gate;
	bool (*setup)(struct vcpu *v, void *opaque);
	void *setup_opaque;
	const struct vcpu_range *ro;
	unsigned int nr_ro;
	atomic_ulong ro_aborts;
	pthread_t thread;
	atomic_bool thread_set;
	struct umbra_run *_Atomic run;
	int status;
	atomic_bool done;
	uint64_t cpu_ns;
	atomic_uint_least64_t start_ns;
	uint64_t end_ns;
	struct vcpu_stats stats;
};

void vcpu_init(struct vcpu *v, struct vm *vm, const char *name);
void run_register(struct vcpu *v);
void run_unregister(struct vcpu *v);
void run_kick(void);
void run_stop(int sig);
bool run_stopping(void);
int run_stop_signal(void);
uint64_t run_cpu_ns(struct vcpu *v);
uint64_t run_wall_ns(struct vcpu *v);
int run_vcpu(struct vcpu *v);

#endif /* UMBRA_VMM_RUN_H */
