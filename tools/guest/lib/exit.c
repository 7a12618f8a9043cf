// SPDX-License-Identifier: GPL-2.0
/*
 * umbra guest SDK: _exit() of a bare guest, which ends by asking the
 * hypervisor to shut the vCPU down.
 */
#include <umbra/hypercall.h>

#include "glue.h"

/**
 * _exit() - stop the guest
 * @status: exit status, handed to the VMM by UMBRA_HC_SHUTDOWN
 *
 * Called by exit() after it has run atexit handlers and flushed stdio.
 */
void _exit(int status)
{
	umbra_hc_shutdown((unsigned int)status);
}
