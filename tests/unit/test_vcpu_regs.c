// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for banked register handling (kmod/core/vcpu_regs.c),
 * after ARM ARM B1.3.2, Figure B1-2.
 */
#include "kselftest_harness.h"
#include "core/vcpu_regs.h"

static void fill(struct umbra_regs *r)
{
	u32 *w = (u32 *)r;
	unsigned int i;

	for (i = 0; i < sizeof(*r) / 4; i++)
		w[i] = 0x100 + i;
}

TEST(mode_validity)
{
	static const u32 ok[] = { 0x10, 0x11, 0x12, 0x13, 0x17, 0x1b, 0x1f };
	u32 m;
	unsigned int i, n = 0;

	for (i = 0; i < 7; i++)
		EXPECT_TRUE(umbra_psr_mode_valid(ok[i] | 0xf0000000));
	for (m = 0; m < 32; m++)
		n += umbra_psr_mode_valid(m);
	EXPECT_EQ(7u, n);	/* no Monitor (0x16), no Hyp (0x1a) */
}

TEST(svc_bank)
{
	struct umbra_regs r;
	u32 phys[15];

	fill(&r);
	r.cpsr = UMBRA_PSR_MODE_SVC;
	umbra_regs_to_phys(&r, phys);
	EXPECT_EQ(r.usr_regs[0], phys[0]);
	EXPECT_EQ(r.usr_regs[12], phys[12]);
	EXPECT_EQ(r.svc_regs[0], phys[13]);
	EXPECT_EQ(r.svc_regs[1], phys[14]);
	phys[13] = 0xdead;
	phys[14] = 0xbeef;
	phys[3] = 0x33;
	umbra_regs_from_phys(&r, phys);
	EXPECT_EQ(0xdeadu, r.svc_regs[0]);
	EXPECT_EQ(0xbeefu, r.svc_regs[1]);
	EXPECT_EQ(0x33u, r.usr_regs[3]);
	EXPECT_NE(0xdeadu, r.usr_regs[13]);
}

TEST(fiq_bank_r8_r12)
{
	struct umbra_regs r, before;
	u32 phys[15];
	int i;

	fill(&r);
	r.cpsr = UMBRA_PSR_MODE_FIQ;
	before = r;
	umbra_regs_to_phys(&r, phys);
	for (i = 8; i < 13; i++)
		EXPECT_EQ(r.fiq_regs[i - 8], phys[i]);
	EXPECT_EQ(r.fiq_regs[5], phys[13]);
	EXPECT_EQ(r.fiq_regs[6], phys[14]);
	for (i = 0; i < 15; i++)
		phys[i] = 0xf00 + i;
	umbra_regs_from_phys(&r, phys);
	for (i = 8; i < 13; i++) {
		EXPECT_EQ(0xf00u + i, r.fiq_regs[i - 8]);
		EXPECT_EQ(before.usr_regs[i], r.usr_regs[i]);
	}
	EXPECT_EQ(0xf00u + 7, r.usr_regs[7]);
}

TEST(usr_and_sys_share_bank)
{
	struct umbra_regs r;

	fill(&r);
	EXPECT_TRUE(&r.usr_regs[13] == umbra_regs_bank(&r, UMBRA_PSR_MODE_USR));
	EXPECT_TRUE(&r.usr_regs[13] == umbra_regs_bank(&r, UMBRA_PSR_MODE_SYS));
	EXPECT_TRUE(r.abt_regs == umbra_regs_bank(&r, UMBRA_PSR_MODE_ABT));
	EXPECT_TRUE(r.und_regs == umbra_regs_bank(&r, UMBRA_PSR_MODE_UND));
	EXPECT_TRUE(r.irq_regs == umbra_regs_bank(&r, UMBRA_PSR_MODE_IRQ));
}

TEST(regs_check)
{
	struct umbra_regs r;

	memset(&r, 0, sizeof(r));
	r.cpsr = UMBRA_PSR_MODE_SVC | UMBRA_PSR_I;
	EXPECT_EQ(0, umbra_regs_check(&r));
	r.cpsr = 0x15;
	EXPECT_EQ(-EINVAL, umbra_regs_check(&r));
	r.cpsr = UMBRA_PSR_MODE_SVC | UMBRA_PSR_J;
	EXPECT_EQ(-EINVAL, umbra_regs_check(&r));
	/* big-endian data (SETEND BE at PL0) is guest state like any other */
	r.cpsr = UMBRA_PSR_MODE_USR | UMBRA_PSR_E;
	EXPECT_EQ(0, umbra_regs_check(&r));
}

TEST_HARNESS_MAIN
