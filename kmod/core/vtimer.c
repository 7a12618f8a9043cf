// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's virtual Generic Timer: counter, virtual timer and c14
 * decoding (ARM ARM B8, B4.1.21ff). See vtimer.h.
 */
#include "vtimer.h"
#include "cp15.h"

/**
 * umbra_vclock_init() - a stopped counter at zero.
 * @c: the counter
 */
void umbra_vclock_init(struct umbra_vclock *c)
{
	memset(c, 0, sizeof(*c));
}

/**
 * umbra_vclock_resume() - a vCPU thread entered UMBRA_RUN: the counter
 * runs from @host_ns on if it was stopped.
 * @c:       the counter
 * @host_ns: host monotonic time now, ns
 */
void umbra_vclock_resume(struct umbra_vclock *c, u64 host_ns)
{
	if (c->running++ == 0)
		c->base_ns = host_ns;
}

/**
 * umbra_vclock_pause() - a vCPU thread left UMBRA_RUN: the counter stops
 * when it was the last one.
 * @c:       the counter
 * @host_ns: host monotonic time now, ns (not before the matching
 *           umbra_vclock_resume())
 */
void umbra_vclock_pause(struct umbra_vclock *c, u64 host_ns)
{
	if (!c->running)
		return;
	if (--c->running == 0 && host_ns > c->base_ns)
		c->accum_ns += host_ns - c->base_ns;
}

/**
 * umbra_vclock_ns() - the VM's virtual time.
 * @c:       the counter
 * @host_ns: host monotonic time now, ns
 *
 * Return: nanoseconds during which the VM ran, plus what
 * umbra_vclock_set_count() set.
 */
u64 umbra_vclock_ns(const struct umbra_vclock *c, u64 host_ns)
{
	if (!c->running || host_ns < c->base_ns)
		return c->accum_ns;
	return c->accum_ns + (host_ns - c->base_ns);
}

/**
 * umbra_vclock_count() - CNTVCT now.
 * @c:       the counter
 * @host_ns: host monotonic time now, ns
 *
 * Return: the count, in ticks of UMBRA_VTIMER_FREQ_HZ.
 */
u64 umbra_vclock_count(const struct umbra_vclock *c, u64 host_ns)
{
	return umbra_vclock_ns(c, host_ns) / UMBRA_VTIMER_NS_PER_TICK;
}

/**
 * umbra_vclock_set_count() - set CNTVCT (ONE_REG restore).
 * @c:       the counter
 * @host_ns: host monotonic time now, ns
 * @count:   the new count, ticks; saturates at the largest count whose
 *           nanoseconds fit 64 bits
 */
void umbra_vclock_set_count(struct umbra_vclock *c, u64 host_ns, u64 count)
{
	const u64 max = ~0ULL / UMBRA_VTIMER_NS_PER_TICK;

	c->accum_ns = (count > max ? max : count) * UMBRA_VTIMER_NS_PER_TICK;
	c->base_ns = host_ns;
}

/**
 * umbra_vclock_ns_until() - how long until the counter reaches a value.
 * @c:       the counter
 * @host_ns: host monotonic time now, ns
 * @count:   the value, ticks
 *
 * Return: host nanoseconds until CNTVCT >= @count if the VM keeps
 * running (0: it already is; ~0: never, the count is beyond 64-bit
 * nanoseconds).
 */
u64 umbra_vclock_ns_until(const struct umbra_vclock *c, u64 host_ns,
			  u64 count)
{
	u64 now = umbra_vclock_ns(c, host_ns), target;

	if (count > ~0ULL / UMBRA_VTIMER_NS_PER_TICK)
		return ~0ULL;
	target = count * UMBRA_VTIMER_NS_PER_TICK;
	return target > now ? target - now : 0;
}

/**
 * umbra_vtimer_reset() - the timer at reset: CNTV_CTL.ENABLE 0 (B8.2.x:
 * its other fields and CNTV_CVAL are UNKNOWN; umbra uses 0), CNTKCTL
 * with no PL0 access and no event stream.
 * @t: the timer
 */
void umbra_vtimer_reset(struct umbra_vtimer *t)
{
	memset(t, 0, sizeof(*t));
}

/**
 * umbra_vtimer_output() - the timer's interrupt output.
 * @t:   the timer
 * @cnt: CNTVCT now
 *
 * B8.1.5 (condition CNTVCT - CVAL >= 0, unsigned 64-bit compare):
 * asserted while ENABLE, the condition met and IMASK clear. Level
 * sensitive.
 *
 * Return: the level of the PPI line.
 */
bool umbra_vtimer_output(const struct umbra_vtimer *t, u64 cnt)
{
	return (t->ctl & (UMBRA_CNT_CTL_ENABLE | UMBRA_CNT_CTL_IMASK)) ==
	       UMBRA_CNT_CTL_ENABLE && cnt >= t->cval;
}

/**
 * umbra_vtimer_armed() - can the output rise as time passes?
 * @t: the timer
 *
 * Return: ENABLE set and IMASK clear: a host timer must watch CVAL.
 */
bool umbra_vtimer_armed(const struct umbra_vtimer *t)
{
	return (t->ctl & (UMBRA_CNT_CTL_ENABLE | UMBRA_CNT_CTL_IMASK)) ==
	       UMBRA_CNT_CTL_ENABLE;
}

/**
 * umbra_vtimer_read_ctl() - CNTV_CTL as MRC returns it.
 * @t:   the timer
 * @cnt: CNTVCT now
 *
 * Return: ENABLE, IMASK, and ISTATUS (CNTVCT >= CVAL) while ENABLE is
 * set; ISTATUS reads 0 while the timer is disabled (the architecture
 * leaves it UNKNOWN then).
 */
u32 umbra_vtimer_read_ctl(const struct umbra_vtimer *t, u64 cnt)
{
	u32 v = t->ctl;

	if ((v & UMBRA_CNT_CTL_ENABLE) && cnt >= t->cval)
		v |= UMBRA_CNT_CTL_ISTATUS;
	return v;
}

/**
 * umbra_vtimer_write_ctl() - MCR to CNTV_CTL: ENABLE and IMASK are
 * written, ISTATUS is read-only and the other bits RAZ/WI.
 * @t:   the timer
 * @val: the value written
 */
void umbra_vtimer_write_ctl(struct umbra_vtimer *t, u32 val)
{
	t->ctl = val & (UMBRA_CNT_CTL_ENABLE | UMBRA_CNT_CTL_IMASK);
}

/**
 * umbra_vtimer_read_tval() - CNTV_TVAL: CVAL - CNTVCT, bits [31:0] (a
 * signed 32-bit value, negative once the condition is met).
 * @t:   the timer
 * @cnt: CNTVCT now
 *
 * Return: the value MRC returns.
 */
u32 umbra_vtimer_read_tval(const struct umbra_vtimer *t, u64 cnt)
{
	return (u32)(t->cval - cnt);
}

/**
 * umbra_vtimer_write_tval() - MCR to CNTV_TVAL: CVAL = CNTVCT +
 * SignExtend(@val) (B8.1.5).
 * @t:   the timer
 * @cnt: CNTVCT now
 * @val: the value written, a signed 32-bit count of ticks
 */
void umbra_vtimer_write_tval(struct umbra_vtimer *t, u64 cnt, u32 val)
{
	t->cval = cnt + (u64)(s64)(s32)val;
}

static enum umbra_vtimer_reg umbra_vtimer_reg32(u32 key)
{
	switch (key) {
	case UMBRA_CP15_KEY(0, 14, 0, 0): return UMBRA_VT_CNTFRQ;
	case UMBRA_CP15_KEY(0, 14, 1, 0): return UMBRA_VT_CNTKCTL;
	case UMBRA_CP15_KEY(0, 14, 3, 0): return UMBRA_VT_CNTV_TVAL;
	case UMBRA_CP15_KEY(0, 14, 3, 1): return UMBRA_VT_CNTV_CTL;
	default: return UMBRA_VT_OTHER;
	}
}

static enum umbra_vtimer_reg umbra_vtimer_reg64(u32 opc1)
{
	switch (opc1) {
	case 0: return UMBRA_VT_CNTPCT;
	case 1: return UMBRA_VT_CNTVCT;
	case 3: return UMBRA_VT_CNTV_CVAL;
	default: return UMBRA_VT_OTHER;
	}
}

/**
 * umbra_vtimer_decode() - decode a Generic Timer access: MRC/MCR to CP15
 * with CRn c14, or MRRC/MCRR to CP15 with CRm c14.
 * @insn:  the instruction; Thumb: first halfword in bits [31:16]
 * @thumb: the guest was in Thumb state
 * @acc:   out: the access
 *
 * MCRR/MRRC (A8.8.100, A8.8.109), encodings A1 and T1 alike apart from
 * the condition: [27:21] 0b1100010, L [20], Rt2 [19:16], Rt [15:12],
 * coproc [11:8], opc1 [7:4], CRm [3:0]. Rt or Rt2 the PC (or SP in
 * Thumb), or MRRC with Rt == Rt2, are UNPREDICTABLE and refused.
 *
 * Return: 0; -EINVAL when @insn is not a c14 access umbra can decode
 * (then it stays an Undefined Instruction). An access to a c14 register
 * umbra does not implement decodes as UMBRA_VT_OTHER.
 */
int umbra_vtimer_decode(u32 insn, bool thumb, struct umbra_vtimer_access *acc)
{
	struct umbra_cp15_access a;
	u32 cond = insn >> 28;

	if (!umbra_decode_cp15(insn, thumb, &a)) {
		if (((a.key >> 8) & 0xf) != 14)
			return -EINVAL;
		acc->reg = umbra_vtimer_reg32(a.key);
		acc->read = a.read;
		acc->is64 = false;
		acc->rt = a.rt;
		acc->rt2 = 0;
		return 0;
	}
	if (thumb ? cond != 0xe : cond == 0xf)
		return -EINVAL;
	if ((insn & 0x0fe00000) != 0x0c400000 || ((insn >> 8) & 0xf) != 15 ||
	    (insn & 0xf) != 14)
		return -EINVAL;
	acc->read = insn & (1u << 20);
	acc->is64 = true;
	acc->rt = (insn >> 12) & 0xf;
	acc->rt2 = (insn >> 16) & 0xf;
	acc->reg = umbra_vtimer_reg64((insn >> 4) & 0xf);
	if (acc->rt == 15 || acc->rt2 == 15 ||
	    (thumb && (acc->rt == 13 || acc->rt2 == 13)) ||
	    (acc->read && acc->rt == acc->rt2))
		return -EINVAL;
	return 0;
}

/**
 * umbra_vtimer_allowed() - may the guest make this access, or is it an
 * Undefined Instruction?
 * @t:          the timer (its CNTKCTL)
 * @acc:        the decoded access
 * @privileged: the guest is in a virtual PL1 mode
 *
 * UNDEFINED: registers umbra does not implement (the physical timer
 * CNTP_*, CNTVOFF), writes to the read-only CNTFRQ (read-only at
 * Non-secure PL1, B4.1.21), CNTPCT and CNTVCT. At PL0, per CNTKCTL
 * (B4.1.26): CNTPCT needs PL0PCTEN, CNTVCT PL0VCTEN, CNTFRQ either,
 * CNTV_* PL0VTEN; CNTKCTL is PL1 only.
 *
 * Return: true when umbra_vtimer_access() is to emulate it.
 */
bool umbra_vtimer_allowed(const struct umbra_vtimer *t,
			  const struct umbra_vtimer_access *acc,
			  bool privileged)
{
	u32 k = t->cntkctl;

	switch (acc->reg) {
	case UMBRA_VT_CNTFRQ:
		return acc->read && (privileged ||
			(k & (UMBRA_CNTKCTL_PL0PCTEN | UMBRA_CNTKCTL_PL0VCTEN)));
	case UMBRA_VT_CNTPCT:
		return acc->read && (privileged || (k & UMBRA_CNTKCTL_PL0PCTEN));
	case UMBRA_VT_CNTVCT:
		return acc->read && (privileged || (k & UMBRA_CNTKCTL_PL0VCTEN));
	case UMBRA_VT_CNTKCTL:
		return privileged;
	case UMBRA_VT_CNTV_TVAL:
	case UMBRA_VT_CNTV_CTL:
	case UMBRA_VT_CNTV_CVAL:
		return privileged || (k & UMBRA_CNTKCTL_PL0VTEN);
	default:
		return false;
	}
}

/**
 * umbra_vtimer_access() - perform a timer register access.
 * @t:   the timer
 * @acc: the decoded access, umbra_vtimer_allowed()
 * @cnt: CNTVCT now
 * @val: in: the value written (bits [63:32] from Rt2 for MCRR); out: the
 *       value read (bits [31:0] to Rt, [63:32] to Rt2 for MRRC)
 *
 * CNTPCT reads as CNTVCT: the guest sees a CNTVOFF of zero.
 *
 * Return: 0; -ENOENT for an access umbra_vtimer_allowed() refuses to any
 * mode.
 */
int umbra_vtimer_access(struct umbra_vtimer *t,
			const struct umbra_vtimer_access *acc, u64 cnt,
			u64 *val)
{
	if (!umbra_vtimer_allowed(t, acc, true))
		return -ENOENT;
	switch (acc->reg) {
	case UMBRA_VT_CNTFRQ:
		*val = UMBRA_VTIMER_FREQ_HZ;
		break;
	case UMBRA_VT_CNTPCT:
	case UMBRA_VT_CNTVCT:
		*val = cnt;
		break;
	case UMBRA_VT_CNTKCTL:
		if (acc->read)
			*val = t->cntkctl;
		else
			t->cntkctl = (u32)*val & UMBRA_CNTKCTL_MASK;
		break;
	case UMBRA_VT_CNTV_TVAL:
		if (acc->read)
			*val = umbra_vtimer_read_tval(t, cnt);
		else
			umbra_vtimer_write_tval(t, cnt, (u32)*val);
		break;
	case UMBRA_VT_CNTV_CTL:
		if (acc->read)
			*val = umbra_vtimer_read_ctl(t, cnt);
		else
			umbra_vtimer_write_ctl(t, (u32)*val);
		break;
	case UMBRA_VT_CNTV_CVAL:
		if (acc->read)
			*val = t->cval;
		else
			t->cval = *val;
		break;
	default:
		return -ENOENT;
	}
	return 0;
}
