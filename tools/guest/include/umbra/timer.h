/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra guest SDK: the ARMv7 Generic Timer's virtual timer (ARM ARM B8),
 * which umbra emulates for a VM with an irqchip on every host, Cortex-A9
 * included: CNTFRQ (62.5 MHz under umbra), the virtual counter CNTVCT
 * (counts only while the VM runs) and the virtual timer CNTV_CTL /
 * CNTV_CVAL / CNTV_TVAL, raising PPI UMBRA_TIMER_PPI (27).
 *
 * The accessors are MRC/MCR/MRRC/MCRR to CP15 c14, legal in the guest's
 * virtual PL1 (its PL0 per CNTKCTL): link with check-guest-p15.sh.
 */
#ifndef _UMBRA_GUEST_TIMER_H
#define _UMBRA_GUEST_TIMER_H

#include <stdint.h>

#define UMBRA_TIMER_PPI		27
#define UMBRA_CNT_CTL_ENABLE	(1u << 0)
#define UMBRA_CNT_CTL_IMASK	(1u << 1)
#define UMBRA_CNT_CTL_ISTATUS	(1u << 2)

/** umbra_cntfrq() - CNTFRQ, the counter's frequency in Hz */
static inline uint32_t umbra_cntfrq(void)
{
	uint32_t v;

	__asm__ __volatile__("mrc	p15, 0, %0, c14, c0, 0" : "=r" (v));
	return v;
}

/** umbra_cntvct() - CNTVCT, the virtual count */
static inline uint64_t umbra_cntvct(void)
{
	uint64_t v;

	__asm__ __volatile__("mrrc	p15, 1, %Q0, %R0, c14" : "=r" (v));
	return v;
}

/** umbra_cntv_ctl() - CNTV_CTL: ENABLE, IMASK, ISTATUS */
static inline uint32_t umbra_cntv_ctl(void)
{
	uint32_t v;

	__asm__ __volatile__("mrc	p15, 0, %0, c14, c3, 1" : "=r" (v));
	return v;
}

/** umbra_set_cntv_ctl() - write CNTV_CTL (ENABLE, IMASK) @v: the value */
static inline void umbra_set_cntv_ctl(uint32_t v)
{
	__asm__ __volatile__("mcr	p15, 0, %0, c14, c3, 1" : : "r" (v)
			     : "memory");
}

/** umbra_cntv_cval() - CNTV_CVAL, the compare value */
static inline uint64_t umbra_cntv_cval(void)
{
	uint64_t v;

	__asm__ __volatile__("mrrc	p15, 3, %Q0, %R0, c14" : "=r" (v));
	return v;
}

/** umbra_set_cntv_cval() - write CNTV_CVAL @v: the compare value */
static inline void umbra_set_cntv_cval(uint64_t v)
{
	__asm__ __volatile__("mcrr	p15, 3, %Q0, %R0, c14" : : "r" (v)
			     : "memory");
}

/** umbra_cntv_tval() - CNTV_TVAL: CVAL - CNTVCT, signed 32 bits */
static inline int32_t umbra_cntv_tval(void)
{
	int32_t v;

	__asm__ __volatile__("mrc	p15, 0, %0, c14, c3, 0" : "=r" (v));
	return v;
}

/** umbra_set_cntv_tval() - CVAL = CNTVCT + @v (signed ticks) */
static inline void umbra_set_cntv_tval(int32_t v)
{
	__asm__ __volatile__("mcr	p15, 0, %0, c14, c3, 0" : : "r" (v)
			     : "memory");
}

/**
 * typedef umbra_tick_fn - called in IRQ mode at each periodic tick
 * @sched: the CNTV_CVAL this tick was due at
 * @arg:   what umbra_timer_tick_start() was given
 */
typedef void (*umbra_tick_fn)(uint64_t sched, void *arg);

int umbra_timer_tick_start(uint32_t period_us, umbra_tick_fn fn, void *arg);
void umbra_timer_tick_stop(void);
uint64_t umbra_timer_us_to_ticks(uint64_t us);

#endif /* _UMBRA_GUEST_TIMER_H */
