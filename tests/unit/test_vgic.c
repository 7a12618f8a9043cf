// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of kmod/core/vgic.c, the GICv2 model (ARM IHI 0048B):
 * priority masking by GICC_PMR, preemption and GICC_RPR, pending/active
 * transitions, level vs edge, EOI of a level interrupt still asserted,
 * SGIs, the spurious ID, read-only parts of GICD_ITARGETSR/GICD_ICFGR.
 */
#include "kselftest_harness.h"
#include "core/vgic.h"

#define SPI	40	/* word 1, bit 8 */

static struct umbra_vgic g;

static u32 dr(u32 cpu, u32 off)
{
	return umbra_vgic_dist_read(&g, cpu, off, 4);
}

static void dw(u32 cpu, u32 off, u32 val)
{
	umbra_vgic_dist_write(&g, cpu, off, 4, val);
}

static u32 cr(u32 cpu, u32 off)
{
	return umbra_vgic_cpu_read(&g, cpu, off, 4);
}

static void cw(u32 cpu, u32 off, u32 val)
{
	umbra_vgic_cpu_write(&g, cpu, off, 4, val);
}

/* Distributor and CPU 0's interface on, @id enabled at @prio to CPU 0. */
static void setup_irq(u32 id, u8 prio)
{
	dw(0, GICD_CTLR, 1);
	cw(0, GICC_CTLR, 1);
	cw(0, GICC_PMR, 0xf0);
	dw(0, GICD_ISENABLER + id / 32 * 4, 1u << (id % 32));
	umbra_vgic_dist_write(&g, 0, GICD_IPRIORITYR + id, 1, prio);
	if (id >= 32)
		umbra_vgic_dist_write(&g, 0, GICD_ITARGETSR + id, 1, 1);
}

static void reset(void)
{
	memset(&g, 0xa5, sizeof(g));
	umbra_vgic_init(&g, 128, 2);
}

TEST(init_and_ids)
{
	EXPECT_EQ(-EINVAL, umbra_vgic_init(&g, 32, 1));
	EXPECT_EQ(-EINVAL, umbra_vgic_init(&g, 100, 1));
	EXPECT_EQ(-EINVAL, umbra_vgic_init(&g, 288, 1));
	EXPECT_EQ(-EINVAL, umbra_vgic_init(&g, 64, 0));
	EXPECT_EQ(-EINVAL, umbra_vgic_init(&g, 64, UMBRA_VGIC_NR_CPUS + 1));
	reset();
	EXPECT_EQ(3u | (1u << 5), dr(0, GICD_TYPER));	/* 128 IDs, 2 CPUs */
	EXPECT_EQ(0x0200143bu, dr(0, GICD_IIDR));
	EXPECT_EQ(0x2bu, dr(0, 0xfe8));			/* ArchRev 2 */
	EXPECT_EQ(0xb1u, dr(0, 0xffc));
	EXPECT_EQ(0x0202143bu, cr(0, GICC_IIDR));
	EXPECT_EQ(0xffu, cr(0, GICC_RPR));
	EXPECT_EQ((u32)UMBRA_VGIC_SPURIOUS, cr(0, GICC_IAR));
	/* IGROUPR RAZ/WI */
	dw(0, GICD_IGROUPR + 4, 0xffffffff);
	EXPECT_EQ(0u, dr(0, GICD_IGROUPR + 4));
	/* beyond nr_irqs: RAZ/WI */
	dw(0, GICD_ISENABLER + 16, 0xffffffff);
	EXPECT_EQ(0u, dr(0, GICD_ISENABLER + 16));
}

TEST(priority_bits_and_sizes)
{
	reset();
	umbra_vgic_dist_write(&g, 0, GICD_IPRIORITYR + SPI, 1, 0xff);
	EXPECT_EQ(0xf8u, umbra_vgic_dist_read(&g, 0, GICD_IPRIORITYR + SPI, 1));
	dw(0, GICD_IPRIORITYR + 44, 0x12345678);
	EXPECT_EQ(0x10305078u, dr(0, GICD_IPRIORITYR + 44));
	EXPECT_EQ(0x50u, umbra_vgic_dist_read(&g, 0, GICD_IPRIORITYR + 45, 1));
	/* a halfword, and an unaligned word: RAZ/WI */
	EXPECT_EQ(0u, umbra_vgic_dist_read(&g, 0, GICD_IPRIORITYR + 44, 2));
	umbra_vgic_dist_write(&g, 0, GICD_IPRIORITYR + 44, 2, 0);
	EXPECT_EQ(0x10305078u, dr(0, GICD_IPRIORITYR + 44));
	EXPECT_EQ(0u, dr(0, GICD_IPRIORITYR + 45));
	/* a byte of a word-only register */
	dw(0, GICD_ISENABLER + 4, 1);
	EXPECT_EQ(0u, umbra_vgic_dist_read(&g, 0, GICD_ISENABLER + 4, 1));
	cw(0, GICC_PMR, 0xff);
	EXPECT_EQ(0xf8u, cr(0, GICC_PMR));
	cw(0, GICC_BPR, 0);
	EXPECT_EQ((u32)UMBRA_VGIC_MIN_BPR, cr(0, GICC_BPR));
	EXPECT_EQ(0u, umbra_vgic_cpu_read(&g, 0, GICC_PMR, 1));
}

TEST(targets_and_config_read_only)
{
	reset();
	/* GICD_ITARGETSR0-7: the reading CPU, writes ignored */
	EXPECT_EQ(0x01010101u, dr(0, GICD_ITARGETSR));
	EXPECT_EQ(0x02020202u, dr(1, GICD_ITARGETSR + 28));
	dw(0, GICD_ITARGETSR + 16, 0x02020202);
	EXPECT_EQ(0x01010101u, dr(0, GICD_ITARGETSR + 16));
	/* SPIs: writable, only existing CPUs */
	dw(0, GICD_ITARGETSR + SPI, 0xff03);
	EXPECT_EQ(0x0303u, dr(0, GICD_ITARGETSR + SPI));
	/* GICD_ICFGR0: SGIs edge, read-only */
	EXPECT_EQ(0xaaaaaaaau, dr(0, GICD_ICFGR));
	dw(0, GICD_ICFGR, 0);
	EXPECT_EQ(0xaaaaaaaau, dr(0, GICD_ICFGR));
	/* PPIs and SPIs: level by default, Int_config[1] writable */
	EXPECT_EQ(0u, dr(0, GICD_ICFGR + 4));
	dw(0, GICD_ICFGR + 8, 0xffffffff);
	EXPECT_EQ(0xaaaaaaaau, dr(0, GICD_ICFGR + 8));
	/* PPIs are banked */
	dw(1, GICD_ICFGR + 4, 0x00800000);
	EXPECT_EQ(0x00800000u, dr(1, GICD_ICFGR + 4));
	EXPECT_EQ(0u, dr(0, GICD_ICFGR + 4));
}

TEST(level_semantics)
{
	reset();
	setup_irq(SPI, 0x80);
	EXPECT_FALSE(umbra_vgic_signalled(&g, 0));
	EXPECT_EQ(0, umbra_vgic_line(&g, 0, SPI, true));
	EXPECT_TRUE(umbra_vgic_signalled(&g, 0));
	EXPECT_FALSE(umbra_vgic_signalled(&g, 1));	/* not a target */
	EXPECT_EQ(1u << 8, dr(0, GICD_ISPENDR + 4));
	EXPECT_EQ((u32)SPI, cr(0, GICC_HPPIR));
	EXPECT_EQ((u32)SPI, cr(0, GICC_IAR));
	/* active and pending: line still high */
	EXPECT_EQ(1u << 8, dr(0, GICD_ISACTIVER + 4));
	EXPECT_EQ(1u << 8, dr(0, GICD_ISPENDR + 4));
	EXPECT_EQ(0x80u, cr(0, GICC_RPR));
	EXPECT_FALSE(umbra_vgic_signalled(&g, 0));
	EXPECT_EQ((u32)UMBRA_VGIC_SPURIOUS, cr(0, GICC_IAR));
	/* EOI with the line high: pending again */
	cw(0, GICC_EOIR, SPI);
	EXPECT_EQ(0u, dr(0, GICD_ISACTIVER + 4));
	EXPECT_EQ(0xffu, cr(0, GICC_RPR));
	EXPECT_TRUE(umbra_vgic_signalled(&g, 0));
	EXPECT_EQ((u32)SPI, cr(0, GICC_IAR));
	/* lowered while active: no longer pending after EOI */
	umbra_vgic_line(&g, 0, SPI, false);
	EXPECT_EQ(0u, dr(0, GICD_ISPENDR + 4));
	cw(0, GICC_EOIR, SPI);
	EXPECT_FALSE(umbra_vgic_signalled(&g, 0));
	/* ICPENDR cannot clear a level still asserted */
	umbra_vgic_line(&g, 0, SPI, true);
	dw(0, GICD_ICPENDR + 4, 1u << 8);
	EXPECT_TRUE(umbra_vgic_signalled(&g, 0));
	umbra_vgic_line(&g, 0, SPI, false);
	EXPECT_FALSE(umbra_vgic_signalled(&g, 0));
	/* ISPENDR latches until acknowledged */
	dw(0, GICD_ISPENDR + 4, 1u << 8);
	EXPECT_EQ((u32)SPI, cr(0, GICC_IAR));
	cw(0, GICC_EOIR, SPI);
	EXPECT_FALSE(umbra_vgic_signalled(&g, 0));
}

TEST(edge_semantics)
{
	reset();
	setup_irq(SPI, 0x80);
	dw(0, GICD_ICFGR + 8, 2u << 16);	/* ID 40: edge */
	umbra_vgic_line(&g, 0, SPI, true);
	EXPECT_TRUE(umbra_vgic_signalled(&g, 0));
	EXPECT_EQ((u32)SPI, cr(0, GICC_IAR));
	/* line still high: no new edge */
	cw(0, GICC_EOIR, SPI);
	EXPECT_FALSE(umbra_vgic_signalled(&g, 0));
	umbra_vgic_line(&g, 0, SPI, false);
	umbra_vgic_line(&g, 0, SPI, true);
	/* a second edge while active: pending once, taken after EOI */
	EXPECT_EQ((u32)SPI, cr(0, GICC_IAR));
	umbra_vgic_line(&g, 0, SPI, false);
	umbra_vgic_line(&g, 0, SPI, true);
	umbra_vgic_line(&g, 0, SPI, false);
	EXPECT_FALSE(umbra_vgic_signalled(&g, 0));
	cw(0, GICC_EOIR, SPI);
	EXPECT_EQ((u32)SPI, cr(0, GICC_IAR));
	cw(0, GICC_EOIR, SPI);
	EXPECT_FALSE(umbra_vgic_signalled(&g, 0));
	/* ICPENDR clears an edge's pending state */
	umbra_vgic_line(&g, 0, SPI, true);
	dw(0, GICD_ICPENDR + 4, 1u << 8);
	EXPECT_FALSE(umbra_vgic_signalled(&g, 0));
}

TEST(masking_and_enables)
{
	reset();
	setup_irq(SPI, 0x80);
	umbra_vgic_line(&g, 0, SPI, true);
	EXPECT_TRUE(umbra_vgic_signalled(&g, 0));
	cw(0, GICC_PMR, 0x80);		/* equal priority is masked */
	EXPECT_FALSE(umbra_vgic_signalled(&g, 0));
	EXPECT_EQ((u32)UMBRA_VGIC_SPURIOUS, cr(0, GICC_IAR));
	EXPECT_EQ((u32)SPI, cr(0, GICC_HPPIR));
	cw(0, GICC_PMR, 0x88);
	EXPECT_TRUE(umbra_vgic_signalled(&g, 0));
	cw(0, GICC_PMR, 0);
	EXPECT_FALSE(umbra_vgic_signalled(&g, 0));
	cw(0, GICC_PMR, 0xf0);
	dw(0, GICD_ICENABLER + 4, 1u << 8);
	EXPECT_FALSE(umbra_vgic_signalled(&g, 0));
	EXPECT_EQ(0u, dr(0, GICD_ISENABLER + 4));
	dw(0, GICD_ISENABLER + 4, 1u << 8);
	EXPECT_TRUE(umbra_vgic_signalled(&g, 0));
	dw(0, GICD_CTLR, 0);
	EXPECT_FALSE(umbra_vgic_signalled(&g, 0));
	dw(0, GICD_CTLR, 1);
	cw(0, GICC_CTLR, 0);
	EXPECT_FALSE(umbra_vgic_signalled(&g, 0));
	EXPECT_EQ((u32)UMBRA_VGIC_SPURIOUS, cr(0, GICC_IAR));
	cw(0, GICC_CTLR, 1);
	/* retargeted to CPU 1 */
	umbra_vgic_dist_write(&g, 0, GICD_ITARGETSR + SPI, 1, 2);
	EXPECT_FALSE(umbra_vgic_signalled(&g, 0));
	cw(1, GICC_CTLR, 1);
	cw(1, GICC_PMR, 0xf8);
	EXPECT_TRUE(umbra_vgic_signalled(&g, 1));
}

TEST(preemption_and_running_priority)
{
	reset();
	setup_irq(SPI, 0x80);
	setup_irq(SPI + 1, 0x40);
	setup_irq(SPI + 2, 0x48);
	setup_irq(SPI + 3, 0x40);
	umbra_vgic_line(&g, 0, SPI, true);
	EXPECT_EQ((u32)SPI, cr(0, GICC_IAR));
	EXPECT_EQ(0x80u, cr(0, GICC_RPR));
	/* higher priority preempts */
	umbra_vgic_line(&g, 0, SPI + 2, true);
	EXPECT_EQ((u32)SPI + 2, cr(0, GICC_IAR));
	EXPECT_EQ(0x48u, cr(0, GICC_RPR));
	/* with BPR 2 (group priority [7:3]) 0x40 preempts 0x48 */
	umbra_vgic_line(&g, 0, SPI + 1, true);
	EXPECT_TRUE(umbra_vgic_signalled(&g, 0));
	/* with BPR 3 (group [7:4]) 0x40 and 0x48 are one group: no */
	cw(0, GICC_BPR, 3);
	EXPECT_FALSE(umbra_vgic_signalled(&g, 0));
	EXPECT_EQ((u32)UMBRA_VGIC_SPURIOUS, cr(0, GICC_IAR));
	cw(0, GICC_BPR, 2);
	EXPECT_EQ((u32)SPI + 1, cr(0, GICC_IAR));
	EXPECT_EQ(0x40u, cr(0, GICC_RPR));
	/* equal priority never preempts */
	umbra_vgic_line(&g, 0, SPI + 3, true);
	EXPECT_FALSE(umbra_vgic_signalled(&g, 0));
	umbra_vgic_line(&g, 0, SPI + 3, false);
	/* priority drop restores the previous running priority */
	umbra_vgic_line(&g, 0, SPI + 1, false);
	cw(0, GICC_EOIR, SPI + 1);
	EXPECT_EQ(0x48u, cr(0, GICC_RPR));
	umbra_vgic_line(&g, 0, SPI + 2, false);
	cw(0, GICC_EOIR, SPI + 2);
	EXPECT_EQ(0x80u, cr(0, GICC_RPR));
	/* an EOI of an ID not active is ignored */
	cw(0, GICC_EOIR, SPI + 3);
	EXPECT_EQ(0x80u, cr(0, GICC_RPR));
	umbra_vgic_line(&g, 0, SPI, false);
	cw(0, GICC_EOIR, SPI);
	EXPECT_EQ(0xffu, cr(0, GICC_RPR));
	/* same priority: the lowest ID first */
	umbra_vgic_line(&g, 0, SPI + 3, true);
	umbra_vgic_line(&g, 0, SPI + 1, true);
	EXPECT_EQ((u32)SPI + 1, cr(0, GICC_IAR));
}

TEST(active_registers_and_dir)
{
	reset();
	setup_irq(SPI, 0x80);
	dw(0, GICD_ISACTIVER + 4, 1u << 8);
	umbra_vgic_line(&g, 0, SPI, true);
	EXPECT_FALSE(umbra_vgic_signalled(&g, 0));	/* active */
	dw(0, GICD_ICACTIVER + 4, 1u << 8);
	EXPECT_TRUE(umbra_vgic_signalled(&g, 0));
	EXPECT_EQ((u32)SPI, cr(0, GICC_IAR));
	cw(0, GICC_DIR, SPI);
	EXPECT_EQ(0u, dr(0, GICD_ISACTIVER + 4));
	EXPECT_EQ(0x80u, cr(0, GICC_RPR));	/* no priority drop */
}

TEST(sgis)
{
	reset();
	dw(0, GICD_CTLR, 1);
	cw(1, GICC_CTLR, 1);
	cw(1, GICC_PMR, 0xf8);
	dw(1, GICD_ISENABLER, 1u << 5);
	umbra_vgic_dist_write(&g, 1, GICD_IPRIORITYR + 5, 1, 0x10);
	/* SGI 5 from CPU 0 to CPU 1 by target list */
	dw(0, GICD_SGIR, (2u << 16) | 5);
	EXPECT_TRUE(umbra_vgic_signalled(&g, 1));
	EXPECT_EQ(1u << 5, dr(1, GICD_ISPENDR));
	EXPECT_EQ(0x0100u, dr(1, GICD_SPENDSGIR + 4));	/* SGI 5: src 0 */
	/* and from CPU 1 to itself (filter 2) */
	dw(1, GICD_SGIR, (2u << 24) | 5);
	EXPECT_EQ(0x0300u, dr(1, GICD_SPENDSGIR + 4));
	/* each source acknowledged separately, CPUID in IAR[12:10] */
	EXPECT_EQ(5u, cr(1, GICC_IAR));
	cw(1, GICC_EOIR, 5);
	EXPECT_EQ(5u | (1u << 10), cr(1, GICC_IAR));
	cw(1, GICC_EOIR, 5 | (1u << 10));
	EXPECT_FALSE(umbra_vgic_signalled(&g, 1));
	/* filter 1: all but self; CPU 0 gets nothing from its own */
	dw(0, GICD_SGIR, (1u << 24) | 5);
	EXPECT_EQ(0u, umbra_vgic_dist_read(&g, 0, GICD_SPENDSGIR + 5, 1));
	EXPECT_EQ(1u, umbra_vgic_dist_read(&g, 1, GICD_SPENDSGIR + 5, 1));
	/* CPENDSGIR clears, ISPENDR0/ICPENDR0 SGI bits are read-only */
	umbra_vgic_dist_write(&g, 1, GICD_CPENDSGIR + 5, 1, 1);
	EXPECT_FALSE(umbra_vgic_signalled(&g, 1));
	dw(1, GICD_ISPENDR, 1u << 5);
	EXPECT_FALSE(umbra_vgic_signalled(&g, 1));
	/* SGIs are not lines */
	EXPECT_EQ(-EINVAL, umbra_vgic_line(&g, 0, 5, true));
	/* SGIR reads as zero; filter 3 is reserved */
	dw(0, GICD_SGIR, (3u << 24) | (2u << 16) | 5);
	EXPECT_FALSE(umbra_vgic_signalled(&g, 1));
	EXPECT_EQ(0u, dr(0, GICD_SGIR));
}

TEST(ppis_banked)
{
	reset();
	dw(0, GICD_CTLR, 1);
	cw(0, GICC_CTLR, 1);
	cw(1, GICC_CTLR, 1);
	cw(0, GICC_PMR, 0xf8);
	cw(1, GICC_PMR, 0xf8);
	dw(0, GICD_ISENABLER, 1u << 27);
	EXPECT_EQ(0, umbra_vgic_line(&g, 1, 27, true));
	EXPECT_FALSE(umbra_vgic_signalled(&g, 0));
	EXPECT_FALSE(umbra_vgic_signalled(&g, 1));	/* CPU 1: disabled */
	EXPECT_EQ(0, umbra_vgic_line(&g, 0, 27, true));
	EXPECT_TRUE(umbra_vgic_signalled(&g, 0));
	EXPECT_EQ(27u, cr(0, GICC_IAR));
	EXPECT_EQ(-EINVAL, umbra_vgic_line(&g, 2, 27, true));
	EXPECT_EQ(-EINVAL, umbra_vgic_line(&g, 0, 128, true));
}

TEST(resample)
{
	reset();
	setup_irq(SPI, 0x80);
	umbra_vgic_set_resample(&g, SPI, true);
	umbra_vgic_line(&g, 0, SPI, true);
	EXPECT_EQ((u32)SPI, cr(0, GICC_IAR));
	EXPECT_EQ(0u, g.deactivated[1]);
	cw(0, GICC_EOIR, SPI);
	/* deasserted by the deactivation, and reported */
	EXPECT_EQ(1u << 8, g.deactivated[1]);
	EXPECT_FALSE(umbra_vgic_signalled(&g, 0));
	EXPECT_EQ(0u, dr(0, GICD_ISPENDR + 4));
}

TEST(latch_on_level_irq)
{
	reset();
	setup_irq(SPI, 0x80);
	EXPECT_EQ(-EINVAL, umbra_vgic_latch(&g, 0, 5));
	EXPECT_EQ(-EINVAL, umbra_vgic_latch(&g, 0, 128));
	/* level-sensitive, line low: pending until acknowledged */
	EXPECT_EQ(0, umbra_vgic_latch(&g, 0, SPI));
	EXPECT_EQ(0, umbra_vgic_latch(&g, 0, SPI));
	EXPECT_TRUE(umbra_vgic_signalled(&g, 0));
	EXPECT_EQ((u32)SPI, cr(0, GICC_IAR));
	cw(0, GICC_EOIR, SPI);
	EXPECT_FALSE(umbra_vgic_signalled(&g, 0));
}

TEST_HARNESS_MAIN
