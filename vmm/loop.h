/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: the main loop (glib GMainLoop) and the vCPU thread.
 */
#ifndef UMBRA_VMM_LOOP_H
#define UMBRA_VMM_LOOP_H

#include "run.h"
#include "vm.h"

void loop_install_signals(void);
int loop_run(struct vm *vm);
void loop_run_vcpus(struct vcpu **vcpus, unsigned int n,
		    void (*report)(void *opaque), void *opaque);

#endif /* UMBRA_VMM_LOOP_H */
