/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: how the guests of a system file share the host CPUs
 * ([schedule] policy = linux | cyclic | rr).
 */
#ifndef UMBRA_VMM_SCHEDULE_H
#define UMBRA_VMM_SCHEDULE_H

#include <stdbool.h>
#include <stdint.h>

#include "run.h"
#include "system.h"

bool sched_linux_setup(struct vcpu *v, void *opaque);

#endif /* UMBRA_VMM_SCHEDULE_H */
