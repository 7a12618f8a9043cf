/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: how the guests of a system file share the host CPUs
 * ([schedule] policy = linux | cyclic | rr).
 */
#ifndef UMBRA_VMM_SCHEDULE_H
#define UMBRA_VMM_SCHEDULE_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "run.h"
#include "system.h"

/* A slot shorter than this is not entered: its end waits (ns). */
#define SCHED_MIN_SLOT_NS	100000ull
/* A run ending later than its slot's end by more than this is an overrun. */
#define SCHED_OVERRUN_NS	2000000ull

bool sched_linux_setup(struct vcpu *v, void *opaque);

bool sched_cyclic_window(const struct sys_schedule *sc, guint guest,
			 uint64_t origin_ns, uint64_t now_ns,
			 uint64_t *start_ns, uint64_t *end_ns);

struct sched;
struct sched *sched_new(const struct system *sys, struct vcpu **vcpus,
			unsigned int n);
void sched_start(struct sched *s);
void sched_free(struct sched *s);

#endif /* UMBRA_VMM_SCHEDULE_H */
