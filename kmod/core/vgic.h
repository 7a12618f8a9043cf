/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A GICv2 interrupt controller model (ARM IHI 0048B, "ARM Generic
 * Interrupt Controller Architecture Specification, version 2.0"):
 * distributor and CPU interfaces, without the Security Extensions, with
 * 5 bits of priority like the GIC-400. Plain C: the module wraps it in a
 * spinlock (kmod/vgic.c), the unit tests drive it directly.
 */
#ifndef UMBRA_CORE_VGIC_H
#define UMBRA_CORE_VGIC_H

#include "types.h"
#include <linux/umbra.h>

#define UMBRA_VGIC_NR_CPUS	UMBRA_MAX_VCPUS
#define UMBRA_VGIC_WORDS	(UMBRA_VGIC_MAX_IRQS / 32)
#define UMBRA_VGIC_PRIO_MASK	0xf8	/* 5 priority bits (3.3.1) */
#define UMBRA_VGIC_SPURIOUS	1023
#define UMBRA_VGIC_MIN_BPR	2	/* 7 - 5 priority bits (3.3.3) */
#define UMBRA_VGIC_STACK	32	/* at most one active per priority */

/* Distributor register offsets (4.1.2, Table 4-1) */
#define GICD_CTLR		0x000
#define GICD_TYPER		0x004
#define GICD_IIDR		0x008
#define GICD_IGROUPR		0x080
#define GICD_ISENABLER		0x100
#define GICD_ICENABLER		0x180
#define GICD_ISPENDR		0x200
#define GICD_ICPENDR		0x280
#define GICD_ISACTIVER		0x300
#define GICD_ICACTIVER		0x380
#define GICD_IPRIORITYR		0x400
#define GICD_ITARGETSR		0x800
#define GICD_ICFGR		0xc00
#define GICD_SGIR		0xf00
#define GICD_CPENDSGIR		0xf10
#define GICD_SPENDSGIR		0xf20
#define GICD_PIDR4		0xfd0

/* CPU interface register offsets (4.1.3, Table 4-2) */
#define GICC_CTLR		0x00
#define GICC_PMR		0x04
#define GICC_BPR		0x08
#define GICC_IAR		0x0c
#define GICC_EOIR		0x10
#define GICC_RPR		0x14
#define GICC_HPPIR		0x18
#define GICC_ABPR		0x1c
#define GICC_AIAR		0x20
#define GICC_AEOIR		0x24
#define GICC_AHPPIR		0x28
#define GICC_APR0		0xd0
#define GICC_IIDR		0xfc
#define GICC_DIR		0x1000

/**
 * struct umbra_vgic_bits - the state of 32 interrupts, one bit each.
 * @enabled:  forwarded by the distributor (GICD_ISENABLERn)
 * @latch:    pending from an edge, a GICD_ISPENDRn write or an SGI,
 *            cleared by acknowledge or GICD_ICPENDRn (3.2.4)
 * @level:    the input line is asserted
 * @edge:     edge-triggered (GICD_ICFGRn Int_config[1])
 * @active:   active (acknowledged, not yet deactivated)
 * @resample: an SPI whose deactivation deasserts its line and is
 *            reported in &umbra_vgic.deactivated (resampling irqfds)
 *
 * An interrupt is pending when @latch, or @level while level-sensitive.
 */
struct umbra_vgic_bits {
	u32 enabled, latch, level, edge, active, resample;
};

/**
 * struct umbra_vgic_cpu - one CPU interface (4.4).
 * @ctlr:      GICC_CTLR: EnableGrp0 (bit 0) and EnableGrp1 (bit 1)
 * @pmr:       GICC_PMR, priority mask (UMBRA_VGIC_PRIO_MASK bits)
 * @bpr:       GICC_BPR, binary point, UMBRA_VGIC_MIN_BPR .. 7
 * @abpr:      GICC_ABPR, kept but unused: every interrupt is Group 0
 * @nr_active: entries of @ap_prio and @ap_intid
 * @ap_prio:   priorities of the acknowledged interrupts not yet EOIed,
 *             oldest first: the last is the running priority (3.3.4)
 * @ap_intid:  their interrupt IDs
 * @sgi_src:   per SGI, the CPUs that sent it pending here (4.3.14)
 * @priv:      the CPU's banked interrupts 0-31 (SGIs and PPIs)
 * @priority:  their priorities
 */
struct umbra_vgic_cpu {
	u32 ctlr, pmr, bpr, abpr;
	u32 nr_active;
	u8 ap_prio[UMBRA_VGIC_STACK];
	u16 ap_intid[UMBRA_VGIC_STACK];
	u8 sgi_src[16];
	struct umbra_vgic_bits priv;
	u8 priority[32];
};

/**
 * struct umbra_vgic - a distributor and its CPU interfaces.
 * @nr_irqs:     interrupt IDs 0 .. @nr_irqs - 1 exist, a multiple of 32
 * @nr_cpus:     CPU interfaces, 1 .. UMBRA_VGIC_NR_CPUS
 * @ctlr:        GICD_CTLR: Enable (bit 0)
 * @spi:         the SPIs, by word of 32 IDs ([0] unused)
 * @priority:    SPI priorities by ID (IDs below 32 unused)
 * @targets:     SPI CPU targets by ID (GICD_ITARGETSR)
 * @spi_target:  per CPU, the SPIs targeting it, by word
 * @deactivated: resampled SPIs deactivated since the owner last looked
 * @cpu:         the CPU interfaces
 */
struct umbra_vgic {
	u32 nr_irqs, nr_cpus, ctlr;
	struct umbra_vgic_bits spi[UMBRA_VGIC_WORDS];
	u8 priority[UMBRA_VGIC_MAX_IRQS];
	u8 targets[UMBRA_VGIC_MAX_IRQS];
	u32 spi_target[UMBRA_VGIC_NR_CPUS][UMBRA_VGIC_WORDS];
	u32 deactivated[UMBRA_VGIC_WORDS];
	struct umbra_vgic_cpu cpu[UMBRA_VGIC_NR_CPUS];
};

int umbra_vgic_init(struct umbra_vgic *g, u32 nr_irqs, u32 nr_cpus);
u32 umbra_vgic_dist_read(struct umbra_vgic *g, u32 cpu, u32 off, u32 len);
void umbra_vgic_dist_write(struct umbra_vgic *g, u32 cpu, u32 off, u32 len,
			   u32 val);
u32 umbra_vgic_cpu_read(struct umbra_vgic *g, u32 cpu, u32 off, u32 len);
void umbra_vgic_cpu_write(struct umbra_vgic *g, u32 cpu, u32 off, u32 len,
			  u32 val);
int umbra_vgic_line(struct umbra_vgic *g, u32 cpu, u32 intid, bool level);
int umbra_vgic_latch(struct umbra_vgic *g, u32 cpu, u32 intid);
bool umbra_vgic_signalled(const struct umbra_vgic *g, u32 cpu);
void umbra_vgic_set_resample(struct umbra_vgic *g, u32 intid, bool on);

#endif /* UMBRA_CORE_VGIC_H */
