// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of kmod/core/vtimer.c: the virtual counter (runs only while
 * the VM runs, 62.5 MHz), the virtual timer's registers and output (ARM
 * ARM B8.1.5, B4.1.26ff) and the decoding of c14 accesses (encodings from
 * GNU as, A8.8.99/100/108/109).
 */
#include "kselftest_harness.h"
#include "core/vtimer.h"

#define MS	1000000ULL	/* ns */

TEST(clock_runs_only_while_running)
{
	struct umbra_vclock c;

	umbra_vclock_init(&c);
	EXPECT_EQ(0, umbra_vclock_count(&c, 5 * MS));
	umbra_vclock_resume(&c, 10 * MS);
	EXPECT_EQ(0, umbra_vclock_count(&c, 10 * MS));
	/* 1 ms = 62,500 ticks */
	EXPECT_EQ(62500, umbra_vclock_count(&c, 11 * MS));
	umbra_vclock_pause(&c, 12 * MS);
	EXPECT_EQ(125000, umbra_vclock_count(&c, 12 * MS));
	/* paused: frozen however long */
	EXPECT_EQ(125000, umbra_vclock_count(&c, 1000 * MS));
	umbra_vclock_resume(&c, 1000 * MS);
	EXPECT_EQ(125000, umbra_vclock_count(&c, 1000 * MS));
	EXPECT_EQ(125000 + 62500, umbra_vclock_count(&c, 1001 * MS));
	/* 16 ns per tick: 15 ns are not a tick yet */
	EXPECT_EQ(187500, umbra_vclock_count(&c, 1001 * MS + 15));
	EXPECT_EQ(187501, umbra_vclock_count(&c, 1001 * MS + 16));
}

TEST(clock_counts_threads)
{
	struct umbra_vclock c;

	umbra_vclock_init(&c);
	umbra_vclock_resume(&c, 0);
	umbra_vclock_resume(&c, 1 * MS);	/* a second vCPU */
	umbra_vclock_pause(&c, 2 * MS);		/* one left: still running */
	EXPECT_EQ(3 * 62500, umbra_vclock_count(&c, 3 * MS));
	umbra_vclock_pause(&c, 4 * MS);
	EXPECT_EQ(4 * 62500, umbra_vclock_count(&c, 9 * MS));
	/* an unbalanced pause does nothing */
	umbra_vclock_pause(&c, 10 * MS);
	EXPECT_EQ(0, c.running);
	EXPECT_EQ(4 * 62500, umbra_vclock_count(&c, 11 * MS));
}

TEST(clock_monotonic)
{
	struct umbra_vclock c;
	u64 last = 0, now, h;
	unsigned int i;

	umbra_vclock_init(&c);
	for (i = 0, h = 0; i < 1000; i++, h += 7919) {
		if (i % 3 == 0)
			umbra_vclock_resume(&c, h);
		else if (i % 3 == 2)
			umbra_vclock_pause(&c, h);
		now = umbra_vclock_count(&c, h);
		ASSERT_GE(now, last);
		last = now;
	}
}

TEST(clock_set_count_and_until)
{
	struct umbra_vclock c;

	umbra_vclock_init(&c);
	umbra_vclock_set_count(&c, 50 * MS, 1000);
	EXPECT_EQ(1000, umbra_vclock_count(&c, 60 * MS));	/* stopped */
	umbra_vclock_resume(&c, 60 * MS);
	EXPECT_EQ(1000 + 62500, umbra_vclock_count(&c, 61 * MS));
	umbra_vclock_set_count(&c, 61 * MS, 10);		/* while running */
	EXPECT_EQ(10, umbra_vclock_count(&c, 61 * MS));
	EXPECT_EQ(11, umbra_vclock_count(&c, 61 * MS + 16));
	/* until: 90 ticks = 1440 ns; a past value is 0 */
	EXPECT_EQ(1440, umbra_vclock_ns_until(&c, 61 * MS, 100));
	EXPECT_EQ(0, umbra_vclock_ns_until(&c, 61 * MS, 10));
	EXPECT_EQ(0, umbra_vclock_ns_until(&c, 61 * MS, 0));
	EXPECT_EQ(~0ULL, umbra_vclock_ns_until(&c, 61 * MS, ~0ULL));
	/* a huge count saturates rather than wrapping */
	umbra_vclock_set_count(&c, 0, ~0ULL);
	EXPECT_GE(umbra_vclock_count(&c, 0), ~0ULL / 16 - 1);
}

TEST(timer_output)
{
	struct umbra_vtimer t;

	umbra_vtimer_reset(&t);
	EXPECT_EQ(0, umbra_vtimer_read_ctl(&t, 100));
	EXPECT_FALSE(umbra_vtimer_output(&t, 100));
	EXPECT_FALSE(umbra_vtimer_armed(&t));
	t.cval = 100;
	umbra_vtimer_write_ctl(&t, UMBRA_CNT_CTL_ENABLE | UMBRA_CNT_CTL_ISTATUS |
			       0xfff0);
	/* ISTATUS read-only, other bits RAZ/WI */
	EXPECT_EQ(UMBRA_CNT_CTL_ENABLE, t.ctl);
	EXPECT_TRUE(umbra_vtimer_armed(&t));
	EXPECT_EQ(UMBRA_CNT_CTL_ENABLE, umbra_vtimer_read_ctl(&t, 99));
	EXPECT_FALSE(umbra_vtimer_output(&t, 99));
	EXPECT_EQ(UMBRA_CNT_CTL_ENABLE | UMBRA_CNT_CTL_ISTATUS,
		  umbra_vtimer_read_ctl(&t, 100));
	EXPECT_TRUE(umbra_vtimer_output(&t, 100));
	EXPECT_TRUE(umbra_vtimer_output(&t, ~0ULL));
	/* IMASK: ISTATUS still says so, the output is low */
	umbra_vtimer_write_ctl(&t, UMBRA_CNT_CTL_ENABLE | UMBRA_CNT_CTL_IMASK);
	EXPECT_FALSE(umbra_vtimer_armed(&t));
	EXPECT_EQ(UMBRA_CNT_CTL_ENABLE | UMBRA_CNT_CTL_IMASK |
		  UMBRA_CNT_CTL_ISTATUS, umbra_vtimer_read_ctl(&t, 200));
	EXPECT_FALSE(umbra_vtimer_output(&t, 200));
	/* disabled: no ISTATUS, no output */
	umbra_vtimer_write_ctl(&t, 0);
	EXPECT_EQ(0, umbra_vtimer_read_ctl(&t, 200));
	EXPECT_FALSE(umbra_vtimer_output(&t, 200));
}

TEST(timer_tval)
{
	struct umbra_vtimer t;

	umbra_vtimer_reset(&t);
	umbra_vtimer_write_tval(&t, 1000, 500);
	EXPECT_EQ(1500, t.cval);
	EXPECT_EQ(500, umbra_vtimer_read_tval(&t, 1000));
	EXPECT_EQ(1, umbra_vtimer_read_tval(&t, 1499));
	EXPECT_EQ(0, umbra_vtimer_read_tval(&t, 1500));
	/* past CVAL: negative */
	EXPECT_EQ(-10, (s32)umbra_vtimer_read_tval(&t, 1510));
	/* a negative TVAL puts CVAL in the past: sign-extended */
	umbra_vtimer_write_tval(&t, 1000, (u32)-100);
	EXPECT_EQ(900, t.cval);
	umbra_vtimer_write_ctl(&t, UMBRA_CNT_CTL_ENABLE);
	EXPECT_TRUE(umbra_vtimer_output(&t, 1000));
	/* across 2^32: the 64-bit CVAL carries */
	umbra_vtimer_write_tval(&t, 0xfffffff0ULL, 0x20);
	EXPECT_EQ(0x100000010ULL, t.cval);
	/* TVAL is CVAL - CNT truncated to 32 bits */
	t.cval = 0x200000000ULL;
	EXPECT_EQ(0, umbra_vtimer_read_tval(&t, 0x100000000ULL));
}

struct dec_case {
	u32 insn;
	bool thumb;
	int ret;
	enum umbra_vtimer_reg reg;
	bool read, is64;
	u8 rt, rt2;
};

static const struct dec_case dec_cases[] = {
	{ 0xec510f1e, false, 0, UMBRA_VT_CNTVCT, true, true, 0, 1 },
	{ 0xec532f0e, false, 0, UMBRA_VT_CNTPCT, true, true, 2, 3 },
	{ 0xec454f3e, false, 0, UMBRA_VT_CNTV_CVAL, false, true, 4, 5 },
	{ 0xec576f3e, false, 0, UMBRA_VT_CNTV_CVAL, true, true, 6, 7 },
	{ 0xec410f2e, false, 0, UMBRA_VT_OTHER, false, true, 0, 1 }, /* CNTP_CVAL */
	{ 0xee1e0f10, false, 0, UMBRA_VT_CNTFRQ, true, false, 0, 0 },
	{ 0xee1e1f33, false, 0, UMBRA_VT_CNTV_CTL, true, false, 1, 0 },
	{ 0xee0e2f13, false, 0, UMBRA_VT_CNTV_TVAL, false, false, 2, 0 },
	{ 0xee0e3f11, false, 0, UMBRA_VT_CNTKCTL, false, false, 3, 0 },
	{ 0xee1e4f32, false, 0, UMBRA_VT_OTHER, true, false, 4, 0 }, /* CNTP_CTL */
	{ 0x0c510f1e, false, 0, UMBRA_VT_CNTVCT, true, true, 0, 1 }, /* mrrceq */
	{ 0xec510f1e, true, 0, UMBRA_VT_CNTVCT, true, true, 0, 1 },
	{ 0xec454f3e, true, 0, UMBRA_VT_CNTV_CVAL, false, true, 4, 5 },
	{ 0xee1e1f33, true, 0, UMBRA_VT_CNTV_CTL, true, false, 1, 0 },
	{ .insn = 0xec510f02, .thumb = false, .ret = -EINVAL },	/* mrrc c2: not the timer */
	{ .insn = 0xee110f10, .thumb = false, .ret = -EINVAL },	/* mrc SCTLR */
	{ .insn = 0xfc510f1e, .thumb = false, .ret = -EINVAL },	/* mrrc2 */
	{ .insn = 0xec510e1e, .thumb = false, .ret = -EINVAL },	/* mrrc p14 */
	{ .insn = 0xec5f0f1e, .thumb = false, .ret = -EINVAL },	/* Rt2 = PC */
	{ .insn = 0xec50ff1e, .thumb = false, .ret = -EINVAL },	/* Rt = PC */
	{ .insn = 0xec500f1e, .thumb = false, .ret = -EINVAL },	/* MRRC with Rt == Rt2 */
	{ .insn = 0xec4d0f3e, .thumb = true, .ret = -EINVAL },	/* Thumb Rt2 = SP */
	{ 0xec4d0f3e, false, 0, UMBRA_VT_CNTV_CVAL, false, true, 0, 13 },
	{ .insn = 0xe7f000f0, .thumb = false, .ret = -EINVAL },	/* udf */
};

TEST(decode)
{
	struct umbra_vtimer_access a;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dec_cases); i++) {
		const struct dec_case *c = &dec_cases[i];

		memset(&a, 0xaa, sizeof(a));
		ASSERT_EQ(c->ret, umbra_vtimer_decode(c->insn, c->thumb, &a))
			TH_LOG("case %zu: %08x", i, c->insn);
		if (c->ret)
			continue;
		EXPECT_EQ(c->reg, a.reg) TH_LOG("case %zu", i);
		EXPECT_EQ(c->read, a.read) TH_LOG("case %zu", i);
		EXPECT_EQ(c->is64, a.is64) TH_LOG("case %zu", i);
		EXPECT_EQ(c->rt, a.rt) TH_LOG("case %zu", i);
		if (c->is64)
			EXPECT_EQ(c->rt2, a.rt2) TH_LOG("case %zu", i);
	}
}

static struct umbra_vtimer_access acc(enum umbra_vtimer_reg reg, bool read)
{
	struct umbra_vtimer_access a = { .reg = reg, .read = read };

	return a;
}

TEST(allowed)
{
	struct umbra_vtimer t;
	struct umbra_vtimer_access a;

	umbra_vtimer_reset(&t);
	/* PL1: everything implemented, read-only registers not written */
	a = acc(UMBRA_VT_CNTFRQ, true);
	EXPECT_TRUE(umbra_vtimer_allowed(&t, &a, true));
	a = acc(UMBRA_VT_CNTFRQ, false);
	EXPECT_FALSE(umbra_vtimer_allowed(&t, &a, true));
	a = acc(UMBRA_VT_CNTVCT, false);
	EXPECT_FALSE(umbra_vtimer_allowed(&t, &a, true));
	a = acc(UMBRA_VT_CNTPCT, false);
	EXPECT_FALSE(umbra_vtimer_allowed(&t, &a, true));
	a = acc(UMBRA_VT_OTHER, true);
	EXPECT_FALSE(umbra_vtimer_allowed(&t, &a, true));
	a = acc(UMBRA_VT_CNTV_CVAL, false);
	EXPECT_TRUE(umbra_vtimer_allowed(&t, &a, true));
	a = acc(UMBRA_VT_CNTKCTL, false);
	EXPECT_TRUE(umbra_vtimer_allowed(&t, &a, true));
	/* PL0 with CNTKCTL 0: nothing */
	a = acc(UMBRA_VT_CNTVCT, true);
	EXPECT_FALSE(umbra_vtimer_allowed(&t, &a, false));
	a = acc(UMBRA_VT_CNTFRQ, true);
	EXPECT_FALSE(umbra_vtimer_allowed(&t, &a, false));
	a = acc(UMBRA_VT_CNTV_CTL, true);
	EXPECT_FALSE(umbra_vtimer_allowed(&t, &a, false));
	/* PL0VCTEN: the virtual counter and CNTFRQ, not the timer */
	t.cntkctl = UMBRA_CNTKCTL_PL0VCTEN;
	a = acc(UMBRA_VT_CNTVCT, true);
	EXPECT_TRUE(umbra_vtimer_allowed(&t, &a, false));
	a = acc(UMBRA_VT_CNTPCT, true);
	EXPECT_FALSE(umbra_vtimer_allowed(&t, &a, false));
	a = acc(UMBRA_VT_CNTFRQ, true);
	EXPECT_TRUE(umbra_vtimer_allowed(&t, &a, false));
	a = acc(UMBRA_VT_CNTV_TVAL, false);
	EXPECT_FALSE(umbra_vtimer_allowed(&t, &a, false));
	/* PL0VTEN: the timer; CNTKCTL itself never */
	t.cntkctl = UMBRA_CNTKCTL_PL0VTEN;
	a = acc(UMBRA_VT_CNTV_TVAL, false);
	EXPECT_TRUE(umbra_vtimer_allowed(&t, &a, false));
	a = acc(UMBRA_VT_CNTKCTL, true);
	EXPECT_FALSE(umbra_vtimer_allowed(&t, &a, false));
	t.cntkctl = UMBRA_CNTKCTL_PL0PCTEN;
	a = acc(UMBRA_VT_CNTPCT, true);
	EXPECT_TRUE(umbra_vtimer_allowed(&t, &a, false));
}

TEST(register_access)
{
	struct umbra_vtimer t;
	struct umbra_vtimer_access a;
	u64 v;

	umbra_vtimer_reset(&t);
	a = acc(UMBRA_VT_CNTFRQ, true);
	ASSERT_EQ(0, umbra_vtimer_access(&t, &a, 7, &v));
	EXPECT_EQ(62500000, v);
	a = acc(UMBRA_VT_CNTVCT, true);
	ASSERT_EQ(0, umbra_vtimer_access(&t, &a, 0x123456789ULL, &v));
	EXPECT_EQ(0x123456789ULL, v);
	a = acc(UMBRA_VT_CNTPCT, true);		/* CNTVOFF 0 */
	ASSERT_EQ(0, umbra_vtimer_access(&t, &a, 0x123456789ULL, &v));
	EXPECT_EQ(0x123456789ULL, v);
	v = 0xfffff;
	a = acc(UMBRA_VT_CNTKCTL, false);
	ASSERT_EQ(0, umbra_vtimer_access(&t, &a, 0, &v));
	EXPECT_EQ(0x3ff, t.cntkctl);
	v = 0x1000000005ULL;
	a = acc(UMBRA_VT_CNTV_CVAL, false);
	ASSERT_EQ(0, umbra_vtimer_access(&t, &a, 0, &v));
	EXPECT_EQ(0x1000000005ULL, t.cval);
	v = 3;
	a = acc(UMBRA_VT_CNTV_CTL, false);
	ASSERT_EQ(0, umbra_vtimer_access(&t, &a, 0, &v));
	a = acc(UMBRA_VT_CNTV_CTL, true);
	ASSERT_EQ(0, umbra_vtimer_access(&t, &a, 0x1000000005ULL, &v));
	EXPECT_EQ(7, v);
	a = acc(UMBRA_VT_CNTV_TVAL, true);
	ASSERT_EQ(0, umbra_vtimer_access(&t, &a, 0x1000000000ULL, &v));
	EXPECT_EQ(5, v);
	v = 20;
	a = acc(UMBRA_VT_CNTV_TVAL, false);
	ASSERT_EQ(0, umbra_vtimer_access(&t, &a, 0x1000000000ULL, &v));
	EXPECT_EQ(0x1000000014ULL, t.cval);
	a = acc(UMBRA_VT_OTHER, true);
	EXPECT_EQ(-ENOENT, umbra_vtimer_access(&t, &a, 0, &v));
	a = acc(UMBRA_VT_CNTVCT, false);
	EXPECT_EQ(-ENOENT, umbra_vtimer_access(&t, &a, 0, &v));
}

TEST_HARNESS_MAIN
