/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra guest SDK: a GICv2 driver (ARM IHI 0048B) for bare guests.
 *
 * The distributor and CPU interface are where umbra-vmm puts the virtual
 * GIC, QEMU virt's layout: GICD at UMBRA_GICD_BASE, GICC at
 * UMBRA_GICC_BASE (IPAs; the guest's MMU off or identity-mapped there).
 * Interrupt IDs: SGIs 0-15, PPIs 16-31 (the virtual timer is 27), SPIs
 * from 32. One handler per interrupt ID, called from IRQ mode by
 * umbra_gic_handle_irq() between acknowledge and end of interrupt.
 */
#ifndef _UMBRA_GUEST_GIC_H
#define _UMBRA_GUEST_GIC_H

#include <stdbool.h>
#include <stdint.h>

#define UMBRA_GICD_BASE		0x08000000u
#define UMBRA_GICC_BASE		0x08010000u
#define UMBRA_GIC_MAX_IRQS	256
#define UMBRA_GIC_SPURIOUS	1023

/* Distributor registers (IHI 0048B 4.3), offsets from UMBRA_GICD_BASE */
#define GICD_CTLR		0x000
#define GICD_TYPER		0x004
#define GICD_ISENABLER(n)	(0x100 + 4 * (n))
#define GICD_ICENABLER(n)	(0x180 + 4 * (n))
#define GICD_ISPENDR(n)		(0x200 + 4 * (n))
#define GICD_ICPENDR(n)		(0x280 + 4 * (n))
#define GICD_ISACTIVER(n)	(0x300 + 4 * (n))
#define GICD_IPRIORITYR(n)	(0x400 + 4 * (n))
#define GICD_ITARGETSR(n)	(0x800 + 4 * (n))
#define GICD_ICFGR(n)		(0xc00 + 4 * (n))
/* CPU interface registers (4.4), offsets from UMBRA_GICC_BASE */
#define GICC_CTLR		0x00
#define GICC_PMR		0x04
#define GICC_BPR		0x08
#define GICC_IAR		0x0c
#define GICC_EOIR		0x10
#define GICC_RPR		0x14

/**
 * typedef umbra_gic_handler_t - an interrupt handler
 * @intid: the interrupt ID acknowledged
 * @arg:   what umbra_gic_request() was given
 */
typedef void (*umbra_gic_handler_t)(unsigned int intid, void *arg);

unsigned int umbra_gic_init(void);
int umbra_gic_request(unsigned int intid, umbra_gic_handler_t fn, void *arg);
void umbra_gic_enable(unsigned int intid);
void umbra_gic_disable(unsigned int intid);
void umbra_gic_set_priority(unsigned int intid, uint8_t prio);
void umbra_gic_set_edge(unsigned int intid, bool edge);
bool umbra_gic_pending(unsigned int intid);
uint32_t umbra_gic_ack(void);
void umbra_gic_eoi(uint32_t iar);
void umbra_gic_handle_irq(void);
uint32_t umbra_gicd_read(uint32_t off);
void umbra_gicd_write(uint32_t off, uint32_t val);
uint32_t umbra_gicc_read(uint32_t off);
void umbra_gicc_write(uint32_t off, uint32_t val);

#endif /* _UMBRA_GUEST_GIC_H */
