// SPDX-License-Identifier: GPL-2.0
/*
 * The run budget: umbra_run.budget_us, for schedules the VMM drives.
 *
 * When UMBRA_RUN is entered with a non-zero budget_us, a per-vCPU hrtimer
 * is armed for the absolute deadline entry time + budget_us
 * (CLOCK_MONOTONIC, hard interrupt context). Its callback sets
 * UMBRA_REQ_BUDGET and gets the vCPU out of whatever it is doing:
 *
 * - sleeping in a guest WFI: umbra_vcpu_kick() wakes it;
 * - running guest code on the CPU the timer fired on: the timer interrupt
 *   itself has ended the world switch;
 * - running guest code on another CPU: an asynchronous IPI (nothing to
 *   do in it but be taken) ends the world switch there, as
 *   umbra_mmu_unmap_all_others() does with a synchronous one (a
 *   synchronous call is not allowed from interrupt context);
 * - between two entries: umbra_vcpu_enter() sees the request bit before
 *   it enters (the same ordering as for UMBRA_REQ_UNMAP_ALL).
 *
 * The run loop then returns UMBRA_EXIT_BUDGET. The timer is cancelled on
 * every return from UMBRA_RUN, whatever the exit.
 */
#include <linux/hrtimer.h>
#include <linux/smp.h>

#include "umbra.h"

static void umbra_budget_ipi(void *info)
{
	/* taking the interrupt has ended the world switch: nothing else */
}

static enum hrtimer_restart umbra_budget_expired(struct hrtimer *timer)
{
	struct umbra_vcpu *vcpu = container_of(timer, struct umbra_vcpu,
					       budget_timer);
	int cpu;

	set_bit(UMBRA_REQ_BUDGET, &vcpu->requests);
	smp_mb__after_atomic();		/* pairs with umbra_vcpu_enter() */
	cpu = READ_ONCE(vcpu->cpu_in_guest);
	/* -EBUSY: the previous IPI is still in flight, which does as well */
	if (cpu >= 0 && cpu != smp_processor_id())
		smp_call_function_single_async(cpu, &vcpu->budget_csd);
	umbra_vcpu_kick(vcpu);
	return HRTIMER_NORESTART;
}

/**
 * umbra_budget_init() - set up the vCPU's budget timer, once at creation.
 * @vcpu: the new vCPU
 */
void umbra_budget_init(struct umbra_vcpu *vcpu)
{
	hrtimer_init(&vcpu->budget_timer, CLOCK_MONOTONIC,
		     HRTIMER_MODE_ABS_HARD);
	vcpu->budget_timer.function = umbra_budget_expired;
	INIT_CSD(&vcpu->budget_csd, umbra_budget_ipi, NULL);
}

/**
 * umbra_budget_start() - arm the budget of one UMBRA_RUN.
 * @vcpu:      the vCPU, from its own thread at the start of UMBRA_RUN
 * @budget_us: umbra_run.budget_us: microseconds from now; 0 for no limit
 *
 * Clears a budget request left from an earlier run, then arms the timer
 * for now + @budget_us (absolute, CLOCK_MONOTONIC).
 */
void umbra_budget_start(struct umbra_vcpu *vcpu, u32 budget_us)
{
	clear_bit(UMBRA_REQ_BUDGET, &vcpu->requests);
	if (!budget_us)
		return;
	vcpu->budget_deadline = ktime_add_us(ktime_get(), budget_us);
	hrtimer_start(&vcpu->budget_timer, vcpu->budget_deadline,
		      HRTIMER_MODE_ABS_HARD);
}

/**
 * umbra_budget_exhausted() - has the budget of this UMBRA_RUN run out?
 * @vcpu: the vCPU, from its own thread in the run loop
 *
 * Return: true when the budget timer has fired (UMBRA_REQ_BUDGET is set):
 * the run loop must return UMBRA_EXIT_BUDGET.
 */
bool umbra_budget_exhausted(struct umbra_vcpu *vcpu)
{
	return test_bit(UMBRA_REQ_BUDGET, &vcpu->requests);
}

/**
 * umbra_budget_stop() - disarm the budget at the end of UMBRA_RUN.
 * @vcpu: the vCPU, from its own thread, on every return from UMBRA_RUN
 *
 * Cancels the timer (waiting for a callback running on another CPU) and
 * waits until an IPI the callback sent has been taken, so neither
 * outlives the run (nor the vCPU, freed later).
 */
void umbra_budget_stop(struct umbra_vcpu *vcpu)
{
	hrtimer_cancel(&vcpu->budget_timer);
	smp_cond_load_acquire(&vcpu->budget_csd.node.u_flags,
			      !(VAL & CSD_FLAG_LOCK));
	clear_bit(UMBRA_REQ_BUDGET, &vcpu->requests);
}
