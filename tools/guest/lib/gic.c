// SPDX-License-Identifier: GPL-2.0
/*
 * umbra guest SDK: GICv2 driver (ARM IHI 0048B), include/umbra/gic.h.
 * Every register is accessed as a 32-bit word (byte-wide registers such
 * as IPRIORITYR by read-modify-write), which every GICv2 supports.
 */
#include <errno.h>
#include <umbra/gic.h>
#include <umbra/irq.h>

static struct {
	umbra_gic_handler_t fn;
	void *arg;
} gic_handlers[UMBRA_GIC_MAX_IRQS];
static unsigned int gic_nr_irqs;

uint32_t umbra_gicd_read(uint32_t off)
{
	return *(volatile uint32_t *)(UMBRA_GICD_BASE + off);
}

void umbra_gicd_write(uint32_t off, uint32_t val)
{
	*(volatile uint32_t *)(UMBRA_GICD_BASE + off) = val;
}

uint32_t umbra_gicc_read(uint32_t off)
{
	return *(volatile uint32_t *)(UMBRA_GICC_BASE + off);
}

void umbra_gicc_write(uint32_t off, uint32_t val)
{
	*(volatile uint32_t *)(UMBRA_GICC_BASE + off) = val;
}

/**
 * umbra_gic_init() - reset the distributor and CPU interface: every
 * interrupt disabled and not pending, priority 0xa0, SPIs to CPU 0 and
 * level-sensitive; priority mask 0xff (all pass), both enabled.
 *
 * Return: the number of interrupt IDs (GICD_TYPER.ITLinesNumber).
 */
unsigned int umbra_gic_init(void)
{
	unsigned int i;

	umbra_gicd_write(GICD_CTLR, 0);
	gic_nr_irqs = 32 * ((umbra_gicd_read(GICD_TYPER) & 0x1f) + 1);
	if (gic_nr_irqs > UMBRA_GIC_MAX_IRQS)
		gic_nr_irqs = UMBRA_GIC_MAX_IRQS;
	for (i = 0; i < gic_nr_irqs / 32; i++) {
		umbra_gicd_write(GICD_ICENABLER(i), 0xffffffffu);
		umbra_gicd_write(GICD_ICPENDR(i), 0xffffffffu);
	}
	for (i = 0; i < gic_nr_irqs / 4; i++)
		umbra_gicd_write(GICD_IPRIORITYR(i), 0xa0a0a0a0u);
	for (i = 32 / 4; i < gic_nr_irqs / 4; i++)
		umbra_gicd_write(GICD_ITARGETSR(i), 0x01010101u);
	for (i = 32 / 16; i < gic_nr_irqs / 16; i++)
		umbra_gicd_write(GICD_ICFGR(i), 0);
	umbra_gicd_write(GICD_CTLR, 1);
	umbra_gicc_write(GICC_PMR, 0xff);
	umbra_gicc_write(GICC_BPR, 0);
	umbra_gicc_write(GICC_CTLR, 1);
	return gic_nr_irqs;
}

/**
 * umbra_gic_request() - set the handler of an interrupt (not enabled).
 * @intid: the interrupt ID
 * @fn:    the handler, NULL to remove it
 * @arg:   passed to @fn
 *
 * Return: 0, or -EINVAL for an ID beyond the GIC's.
 */
int umbra_gic_request(unsigned int intid, umbra_gic_handler_t fn, void *arg)
{
	if (intid >= gic_nr_irqs)
		return -EINVAL;
	gic_handlers[intid].arg = arg;
	gic_handlers[intid].fn = fn;
	return 0;
}

/** umbra_gic_enable() - GICD_ISENABLER @intid: the interrupt ID */
void umbra_gic_enable(unsigned int intid)
{
	umbra_gicd_write(GICD_ISENABLER(intid / 32), 1u << (intid % 32));
}

/** umbra_gic_disable() - GICD_ICENABLER @intid: the interrupt ID */
void umbra_gic_disable(unsigned int intid)
{
	umbra_gicd_write(GICD_ICENABLER(intid / 32), 1u << (intid % 32));
}

/**
 * umbra_gic_set_priority() - GICD_IPRIORITYR
 * @intid: the interrupt ID
 * @prio:  0 (highest) .. 0xff
 */
void umbra_gic_set_priority(unsigned int intid, uint8_t prio)
{
	uint32_t off = GICD_IPRIORITYR(intid / 4), shift = 8 * (intid % 4);
	uint32_t v = umbra_gicd_read(off);

	v = (v & ~(0xffu << shift)) | ((uint32_t)prio << shift);
	umbra_gicd_write(off, v);
}

/**
 * umbra_gic_set_edge() - GICD_ICFGR: edge-triggered or level-sensitive
 * (SPIs; SGIs and the virtual timer's PPI are fixed)
 * @intid: the interrupt ID
 * @edge:  edge-triggered
 */
void umbra_gic_set_edge(unsigned int intid, bool edge)
{
	uint32_t off = GICD_ICFGR(intid / 16), bit = 2u << (2 * (intid % 16));
	uint32_t v = umbra_gicd_read(off);

	umbra_gicd_write(off, edge ? v | bit : v & ~bit);
}

/** umbra_gic_pending() - GICD_ISPENDR bit of @intid: the interrupt ID */
bool umbra_gic_pending(unsigned int intid)
{
	return umbra_gicd_read(GICD_ISPENDR(intid / 32)) &
	       (1u << (intid % 32));
}

/** umbra_gic_ack() - GICC_IAR: acknowledge the highest pending one */
uint32_t umbra_gic_ack(void)
{
	return umbra_gicc_read(GICC_IAR);
}

/** umbra_gic_eoi() - GICC_EOIR @iar: what umbra_gic_ack() returned */
void umbra_gic_eoi(uint32_t iar)
{
	umbra_gicc_write(GICC_EOIR, iar);
}

/**
 * umbra_gic_handle_irq() - serve the IRQ exception: acknowledge, call
 * the handler, end of interrupt, until the GIC answers spurious (1023).
 * An interrupt without a handler is disabled.
 */
void umbra_gic_handle_irq(void)
{
	uint32_t iar, intid;

	for (;;) {
		iar = umbra_gic_ack();
		intid = iar & 0x3ff;
		if (intid == UMBRA_GIC_SPURIOUS)
			return;
		if (intid < gic_nr_irqs && gic_handlers[intid].fn)
			gic_handlers[intid].fn(intid, gic_handlers[intid].arg);
		else
			umbra_gic_disable(intid);
		umbra_gic_eoi(iar);
	}
}
