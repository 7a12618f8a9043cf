/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's virtual Generic Timer (ARM ARM B8 "The Generic Timer"): its
 * virtual counter, the virtual timer of one vCPU, and the decoding of the
 * CP15 c14 accesses that reach them (B4.1.21ff, Table B3-... "c14
 * registers"; 64-bit MCRR/MRRC encodings A8.8.100, A8.8.109).
 *
 * The counter runs at UMBRA_VTIMER_FREQ_HZ on every host and counts only
 * while the VM runs (struct umbra_vclock); the module backs the timer with
 * an hrtimer (kmod/vtimer.c). This file is plain C, shared with the host
 * unit tests (tests/unit/test_vtimer.c).
 */
#ifndef UMBRA_CORE_VTIMER_H
#define UMBRA_CORE_VTIMER_H

#include "types.h"

/* 62.5 MHz, QEMU virt's CNTFRQ: exactly 16 ns per tick. */
#define UMBRA_VTIMER_FREQ_HZ		62500000u
#define UMBRA_VTIMER_NS_PER_TICK	16u

/* CNTV_CTL / CNTP_CTL (B4.1.26, B4.1.30) */
#define UMBRA_CNT_CTL_ENABLE	(1u << 0)
#define UMBRA_CNT_CTL_IMASK	(1u << 1)
#define UMBRA_CNT_CTL_ISTATUS	(1u << 2)

/* CNTKCTL (B4.1.26): PL0 access and the event stream */
#define UMBRA_CNTKCTL_PL0PCTEN	(1u << 0)
#define UMBRA_CNTKCTL_PL0VCTEN	(1u << 1)
#define UMBRA_CNTKCTL_EVNTEN	(1u << 2)
#define UMBRA_CNTKCTL_EVNTDIR	(1u << 3)
#define UMBRA_CNTKCTL_EVNTI	(0xfu << 4)
#define UMBRA_CNTKCTL_PL0VTEN	(1u << 8)
#define UMBRA_CNTKCTL_PL0PTEN	(1u << 9)
#define UMBRA_CNTKCTL_MASK	0x3ffu
#define UMBRA_CNTKCTL_PL0_ALL	(UMBRA_CNTKCTL_PL0PCTEN | \
				 UMBRA_CNTKCTL_PL0VCTEN | \
				 UMBRA_CNTKCTL_PL0VTEN | \
				 UMBRA_CNTKCTL_PL0PTEN)

/**
 * struct umbra_vclock - the virtual counter of one VM, in nanoseconds of
 * host time during which the VM was running.
 * @accum_ns: virtual nanoseconds counted before the current run
 * @base_ns:  host time (ns) the current run began (valid while @running)
 * @running:  vCPU threads inside UMBRA_RUN
 *
 * CNTVCT = virtual ns / UMBRA_VTIMER_NS_PER_TICK. The caller serialises
 * every call (the module: a spinlock of the VM).
 */
struct umbra_vclock {
	u64 accum_ns;
	u64 base_ns;
	u32 running;
};

/**
 * struct umbra_vtimer - the virtual timer of one vCPU, as the guest
 * programs it.
 * @ctl:     CNTV_CTL's ENABLE and IMASK (ISTATUS is computed)
 * @cval:    CNTV_CVAL, the compare value in counter ticks
 * @cntkctl: CNTKCTL as the guest's virtual PL1 wrote it
 */
struct umbra_vtimer {
	u32 ctl;
	u64 cval;
	u32 cntkctl;
};

/* The timer registers umbra implements, decoded from an access. */
enum umbra_vtimer_reg {
	UMBRA_VT_CNTFRQ,	/* MRC p15, 0, Rt, c14, c0, 0 */
	UMBRA_VT_CNTKCTL,	/* MRC p15, 0, Rt, c14, c1, 0 */
	UMBRA_VT_CNTV_TVAL,	/* MRC p15, 0, Rt, c14, c3, 0 */
	UMBRA_VT_CNTV_CTL,	/* MRC p15, 0, Rt, c14, c3, 1 */
	UMBRA_VT_CNTPCT,	/* MRRC p15, 0, Rt, Rt2, c14 */
	UMBRA_VT_CNTVCT,	/* MRRC p15, 1, Rt, Rt2, c14 */
	UMBRA_VT_CNTV_CVAL,	/* MRRC/MCRR p15, 3, Rt, Rt2, c14 */
	UMBRA_VT_OTHER,		/* any other c14 access: UNDEFINED */
};

/**
 * struct umbra_vtimer_access - a decoded c14 access.
 * @reg:  the register
 * @read: MRC/MRRC (register to core registers)
 * @is64: MRRC/MCRR
 * @rt:   the core register of bits [31:0]
 * @rt2:  the core register of bits [63:32] (MRRC/MCRR)
 */
struct umbra_vtimer_access {
	enum umbra_vtimer_reg reg;
	bool read;
	bool is64;
	u8 rt, rt2;
};

void umbra_vclock_init(struct umbra_vclock *c);
void umbra_vclock_resume(struct umbra_vclock *c, u64 host_ns);
void umbra_vclock_pause(struct umbra_vclock *c, u64 host_ns);
u64 umbra_vclock_ns(const struct umbra_vclock *c, u64 host_ns);
u64 umbra_vclock_count(const struct umbra_vclock *c, u64 host_ns);
void umbra_vclock_set_count(struct umbra_vclock *c, u64 host_ns, u64 count);
u64 umbra_vclock_ns_until(const struct umbra_vclock *c, u64 host_ns,
			  u64 count);

void umbra_vtimer_reset(struct umbra_vtimer *t);
bool umbra_vtimer_output(const struct umbra_vtimer *t, u64 cnt);
bool umbra_vtimer_armed(const struct umbra_vtimer *t);
u32 umbra_vtimer_read_ctl(const struct umbra_vtimer *t, u64 cnt);
void umbra_vtimer_write_ctl(struct umbra_vtimer *t, u32 val);
u32 umbra_vtimer_read_tval(const struct umbra_vtimer *t, u64 cnt);
void umbra_vtimer_write_tval(struct umbra_vtimer *t, u64 cnt, u32 val);

int umbra_vtimer_decode(u32 insn, bool thumb,
			struct umbra_vtimer_access *acc);
bool umbra_vtimer_allowed(const struct umbra_vtimer *t,
			  const struct umbra_vtimer_access *acc,
			  bool privileged);
int umbra_vtimer_access(struct umbra_vtimer *t,
			const struct umbra_vtimer_access *acc, u64 cnt,
			u64 *val);

#endif /* UMBRA_CORE_VTIMER_H */
