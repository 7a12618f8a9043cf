/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: the vCPU loop.
 */
#ifndef UMBRA_VMM_RUN_H
#define UMBRA_VMM_RUN_H

#include "vm.h"

void run_install_signals(void);
int run_vcpu(struct vm *vm);

#endif /* UMBRA_VMM_RUN_H */
