// SPDX-License-Identifier: GPL-2.0
/*
 * A vCPU with nothing to do: WFI, WFE and UMBRA_HC_YIELD.
 *
 * A guest kernel at virtual PL1 runs in PL0, where WFI and WFE do not
 * trap without the Virtualization Extensions (HCR.TWI/TWE, B1.14.8): a
 * native WFI would idle the host CPU until the next host interrupt. So a
 * guest (or tools/umbra-patch for it) writes them as svc #2 and svc #3,
 * served here:
 *
 * - WFI (B1.8.14, "Wait For Interrupt") puts the vCPU thread to sleep on
 *   its wait queue until it has something to do: a pending virtual
 *   interrupt (umbra_vcpu_has_pending_irq()), a kick from another thread
 *   (umbra_vcpu_kick()), or a signal. A signal ends UMBRA_RUN with
 *   UMBRA_EXIT_INTR as it does for a running guest; the PC is already
 *   past the WFI, so the next UMBRA_RUN continues after it. WFI wakes on
 *   a pending interrupt even when the CPSR masks it, as the architecture
 *   says, and may return for no reason (a stale kick), which the
 *   architecture allows too.
 * - WFE (B1.8.13) would wait for an event. umbra has no event register
 *   and SEV does not reach other vCPUs, so WFE is a yield: it gives the
 *   host CPU up and returns, which a WFE may always do.
 * - UMBRA_HC_YIELD gives the host CPU up: a scheduling point, the thesis'
 *   "schedule" transition (3.5.3) left to the host's scheduler.
 */
#include <linux/sched.h>
#include <linux/wait.h>

#include "umbra.h"

/**
 * umbra_vcpu_has_pending_irq() - does the vCPU have a virtual interrupt
 * pending? The hook for the virtual interrupt controller and timer.
 * @vcpu: the vCPU
 *
 * umbra has no virtual interrupt controller yet, so nothing is ever
 * pending. Whatever makes one pending must then call umbra_vcpu_kick().
 *
 * Return: true when a virtual IRQ or FIQ is pending, whatever CPSR.I/F
 * say (a pending interrupt ends WFI even when masked, B1.8.14).
 */
bool umbra_vcpu_has_pending_irq(struct umbra_vcpu *vcpu)
{
	return false;
}

/**
 * umbra_vcpu_kick() - make a vCPU re-examine its state: wake it from WFI,
 * or keep it from entering the guest once more before it has looked at
 * its requests and pending interrupts.
 * @vcpu: the vCPU; any thread, any context that may wake a task up
 *
 * A vCPU running guest code sees the kick at its next exit; a future
 * interrupt injection that needs it sooner must also interrupt that CPU
 * (as umbra_mmu_unmap_all_others() does).
 */
void umbra_vcpu_kick(struct umbra_vcpu *vcpu)
{
	set_bit(UMBRA_REQ_WAKEUP, &vcpu->requests);
	smp_mb__after_atomic();		/* the bit, then the waiter's state */
	wake_up_interruptible(&vcpu->wfi_wq);
}

static bool umbra_vcpu_runnable(struct umbra_vcpu *vcpu)
{
	return umbra_vcpu_has_pending_irq(vcpu) ||
	       test_bit(UMBRA_REQ_WAKEUP, &vcpu->requests);
}

/**
 * umbra_vcpu_wfi() - serve a guest WFI (svc #2 at virtual PL1): sleep
 * until the vCPU has something to do.
 * @vcpu: the vCPU, its PC already past the WFI; called from its own
 *        thread, outside the guest
 *
 * The thread sleeps (TASK_INTERRUPTIBLE, no CPU time) until
 * umbra_vcpu_runnable() or a signal. The wake-up request is consumed by
 * the run loop before the next entry.
 *
 * Return: UMBRA_RESUME; a pending signal then ends UMBRA_RUN with
 * UMBRA_EXIT_INTR in the run loop, before the guest is entered again.
 */
int umbra_vcpu_wfi(struct umbra_vcpu *vcpu)
{
	/* -ERESTARTSYS on a signal: the run loop reports it */
	wait_event_interruptible(vcpu->wfi_wq, umbra_vcpu_runnable(vcpu));
	return UMBRA_RESUME;
}

/**
 * umbra_vcpu_yield() - give the host CPU up (WFE, UMBRA_HC_YIELD).
 * @vcpu: the vCPU; called from its own thread, outside the guest
 *
 * A voluntary scheduling point: the host scheduler may run another task
 * (another vCPU, the VMM's other threads) before this one continues.
 *
 * Return: UMBRA_RESUME.
 */
int umbra_vcpu_yield(struct umbra_vcpu *vcpu)
{
	schedule();
	return UMBRA_RESUME;
}
