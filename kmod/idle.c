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
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/wait.h>

#include "umbra.h"

/**
 * umbra_vcpu_has_pending_irq() - does the vCPU have a virtual interrupt
 * pending? The hook for the virtual interrupt controller and timer.
 * @vcpu: the vCPU
 *
 * The virtual GIC's answer (umbra_vgic_pending()): its CPU interface
 * signals an interrupt (pending, enabled, priority above GICC_PMR and
 * the running priority). Whatever makes one pending calls
 * umbra_vcpu_kick().
 *
 * Return: true when a virtual IRQ is pending, whatever CPSR.I says (a
 * pending interrupt ends WFI even when masked, B1.8.14); false without
 * an irqchip.
 */
bool umbra_vcpu_has_pending_irq(struct umbra_vcpu *vcpu)
{
	return umbra_vgic_pending(vcpu);
}

/*
 * One IPI data per target host CPU, and whether it is in flight: the
 * async call's data may not be reused before it ran, and
 * smp_call_function_single_async() does not serialise its senders. An
 * IPI already on its way to a CPU ends its world switch as well as a new
 * one would.
 */
static DEFINE_PER_CPU(call_single_data_t, umbra_kick_csd);
static DEFINE_PER_CPU(unsigned long, umbra_kick_busy);

static void umbra_kick_ipi(void *info)
{
	/* runs after the data is unlocked (kernel/smp.c, CSD_TYPE_ASYNC) */
	clear_bit(0, this_cpu_ptr(&umbra_kick_busy));
}

static void umbra_kick_cpu(int cpu)
{
	call_single_data_t *csd = per_cpu_ptr(&umbra_kick_csd, cpu);

	if (test_and_set_bit(0, per_cpu_ptr(&umbra_kick_busy, cpu)))
		return;
	INIT_CSD(csd, umbra_kick_ipi, NULL);
	if (smp_call_function_single_async(cpu, csd))
		clear_bit(0, per_cpu_ptr(&umbra_kick_busy, cpu));
}

/**
 * umbra_kick_drain() - wait until no kick IPI is in flight (module
 * unload: their function is the module's).
 */
void umbra_kick_drain(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		while (test_bit(0, per_cpu_ptr(&umbra_kick_busy, cpu)))
			cpu_relax();
	synchronize_rcu();	/* IPI handlers run with IRQs off */
}

/**
 * umbra_vcpu_kick() - make a vCPU re-examine its state: wake it from WFI,
 * or keep it from entering the guest once more before it has looked at
 * its requests and pending interrupts.
 * @vcpu: the vCPU; any thread, any context (hardirq included, interrupts
 *        disabled included)
 *
 * A vCPU running guest code is interrupted: its host CPU gets an IPI
 * (an asynchronous cross-call doing nothing), and a host interrupt always
 * ends the world switch. A vCPU about to enter sees the request bit in
 * umbra_vcpu_enter() (whose barrier pairs with the one here) and does not
 * enter.
 */
void umbra_vcpu_kick(struct umbra_vcpu *vcpu)
{
	int cpu;

	set_bit(UMBRA_REQ_WAKEUP, &vcpu->requests);
	smp_mb__after_atomic();	/* the bit, then cpu_in_guest, waiter state */
	cpu = READ_ONCE(vcpu->cpu_in_guest);
	if (cpu >= 0 && cpu != raw_smp_processor_id())
		umbra_kick_cpu(cpu);
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
