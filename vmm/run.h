/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: the vCPU loop.
 */
#ifndef UMBRA_VMM_RUN_H
#define UMBRA_VMM_RUN_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>

#include "vm.h"

/* Interrupts the vCPU thread (loop.c); blocked in every other thread. */
#define RUN_KICK_SIGNAL	SIGUSR1

void run_set_thread(pthread_t thread, bool set);
void run_kick(void);
void run_stop(int sig);
bool run_stopping(void);
int run_vcpu(struct vm *vm);

#endif /* UMBRA_VMM_RUN_H */
