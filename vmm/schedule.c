// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm: the scheduling policies of a system file.
 *
 * linux: each guest's vCPU thread gets the guest's nice value
 * (setpriority() on the thread), SCHED_FIFO priority
 * (pthread_setschedparam(), if not 0) and CPU affinity
 * (pthread_setaffinity_np(), if not empty), in the thread itself before
 * its first UMBRA_RUN. A refusal (EPERM without CAP_SYS_NICE, EINVAL for
 * a CPU the host does not have) stops that guest with status 125 and a
 * message naming the setting.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "schedule.h"
#include "vmm.h"

static bool fail(const struct vcpu *v, const char *what, int err)
{
	fprintf(stderr, "%s: %s: %s: %s\n", VMM_NAME, v->name, what,
		g_strerror(err));
	return false;
}

/**
 * sched_linux_setup() - apply a guest's nice, priority and affinity to
 *                       the calling vCPU thread (policy linux)
 * @v:      the vCPU, in its own thread
 * @opaque: the guest's struct sys_guest
 *
 * Return: true; false with a message on stderr if a setting is refused.
 */
bool sched_linux_setup(struct vcpu *v, void *opaque)
{
	const struct sys_guest *g = opaque;
	char what[64];

	if (g->affinity) {
		cpu_set_t set;
		unsigned int cpu;
		int err;

		CPU_ZERO(&set);
		for (cpu = 0; cpu < 64; cpu++)
			if (g->affinity & (1ull << cpu))
				CPU_SET(cpu, &set);
		err = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
		if (err)
			return fail(v, "affinity", err);
	}
	if (g->nice && setpriority(PRIO_PROCESS, syscall(SYS_gettid), g->nice)) {
		snprintf(what, sizeof(what), "nice %d", g->nice);
		return fail(v, what, errno);
	}
	if (g->priority) {
		struct sched_param sp = { .sched_priority = g->priority };
		int err = pthread_setschedparam(pthread_self(), SCHED_FIFO,
						&sp);

		if (err) {
			snprintf(what, sizeof(what),
				 "SCHED_FIFO priority %d", g->priority);
			return fail(v, what, err);
		}
	}
	return true;
}
