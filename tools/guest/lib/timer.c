// SPDX-License-Identifier: GPL-2.0
/*
 * umbra guest SDK: a periodic tick on the virtual timer, include/umbra/timer.h.
 * Drift-free: each tick's compare value is the previous one plus the
 * period, whenever the handler runs.
 */
#include <errno.h>
#include <umbra/gic.h>
#include <umbra/timer.h>

static uint64_t tick_period;
static umbra_tick_fn tick_fn;
static void *tick_arg;

/** umbra_timer_us_to_ticks() - @us: microseconds; Return: counter ticks */
uint64_t umbra_timer_us_to_ticks(uint64_t us)
{
	return us * umbra_cntfrq() / 1000000u;
}

static void tick_irq(unsigned int intid, void *arg)
{
	uint64_t sched = umbra_cntv_cval();

	(void)intid;
	(void)arg;
	/* the next one first: the line drops before the EOI */
	umbra_set_cntv_cval(sched + tick_period);
	if (tick_fn)
		tick_fn(sched, tick_arg);
}

/**
 * umbra_timer_tick_start() - a periodic tick on PPI 27
 * @period_us: period in microseconds, > 0
 * @fn:        called in IRQ mode at each tick, or NULL
 * @arg:       passed to @fn
 *
 * Needs umbra_gic_init() and umbra_irq_init(); ticks arrive once IRQs
 * are unmasked (umbra_irq_enable()).
 *
 * Return: 0; -EINVAL for a zero period or no timer frequency.
 */
int umbra_timer_tick_start(uint32_t period_us, umbra_tick_fn fn, void *arg)
{
	uint64_t period = umbra_timer_us_to_ticks(period_us);

	if (!period)
		return -EINVAL;
	umbra_set_cntv_ctl(0);
	tick_period = period;
	tick_fn = fn;
	tick_arg = arg;
	umbra_gic_request(UMBRA_TIMER_PPI, tick_irq, NULL);
	umbra_set_cntv_cval(umbra_cntvct() + period);
	umbra_gic_enable(UMBRA_TIMER_PPI);
	umbra_set_cntv_ctl(UMBRA_CNT_CTL_ENABLE);
	return 0;
}

/** umbra_timer_tick_stop() - disable the timer and its PPI */
void umbra_timer_tick_stop(void)
{
	umbra_set_cntv_ctl(0);
	umbra_gic_disable(UMBRA_TIMER_PPI);
	umbra_gic_request(UMBRA_TIMER_PPI, NULL, NULL);
}
