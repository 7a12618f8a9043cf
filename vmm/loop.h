/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: the main loop (glib GMainLoop) and the vCPU thread.
 */
#ifndef UMBRA_VMM_LOOP_H
#define UMBRA_VMM_LOOP_H

#include "vm.h"

void loop_install_signals(void);
int loop_run(struct vm *vm);

#endif /* UMBRA_VMM_LOOP_H */
