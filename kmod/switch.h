/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Layouts shared by the world switch (switch.S, vectors.S) and C.
 *
 * The host context lives in kernel memory (struct umbra_host_ctx); the save
 * slot of a vCPU lives in the VM's monitor data page, which the shadow page
 * tables map PL1-only at UMBRA_FORBIDDEN_BASE + 0x1000 (the forbidden range),
 * so the exception vectors can reach it while the guest's tables are live.
 */
#ifndef UMBRA_SWITCH_H
#define UMBRA_SWITCH_H

/* Forbidden range layout (guest virtual addresses). */
#define UMBRA_MONITOR_CODE_VA	0xffff2000	/* vectors + stubs, PL1 RX */
#define UMBRA_MONITOR_DATA_VA	0xffff3000	/* save slots, PL1 RW, XN */

/* struct umbra_host_ctx */
#define CTX_SP			0x00
#define CTX_CPSR		0x04
#define CTX_TTBR0		0x08
#define CTX_VBAR		0x0c
#define CTX_SCTLR		0x10
#define CTX_SP_ABT		0x14
#define CTX_SP_UND		0x18
#define CTX_SP_IRQ		0x1c
#define CTX_SP_FIQ		0x20
#define CTX_TPIDRURW		0x24
#define CTX_TPIDRURO		0x28
#define CTX_SLOT_KVA		0x2c
#define CTX_SLOT_FVA		0x30
#define CTX_TRAMP_TTBR		0x34
#define CTX_SPT_TTBR		0x38
#define CTX_GUEST_DACR		0x3c
#define CTX_MONITOR_ENTER	0x40
#define CTX_G_TPIDRURW		0x44
#define CTX_G_TPIDRURO		0x48
#define CTX_G_SCTLR_A		0x4c	/* the guest's SCTLR.A, in place */
#define CTX_SIZE		0x50

/* A vCPU's save slot */
#define SLOT_REGS		0x00	/* r0-r12, SP_usr, LR_usr */
#define SLOT_PC			0x3c	/* LR of the exception mode */
#define SLOT_CPSR		0x40	/* SPSR of the exception mode */
#define SLOT_EXC		0x44	/* vector offset taken */
#define SLOT_HOST_DACR		0x48
#define SLOT_TRAMP_TTBR		0x4c
#define SLOT_HOST_CONT		0x50
#define SLOT_HOST_CTX		0x54
#define SLOT_HOST_TTBR0		0x58
#define SLOT_VCPSR		0x5c	/* the guest's virtual CPSR */
#define SLOT_FAST		0x60	/* nonzero: the monitor's fast path may run */
#define SLOT_SIZE		0x80

/*
 * The hypercall the monitor serves itself (vectors.S: mon_svc),
 * UMBRA_HC_SET_CPSR_C, as two ARM immediates (the uapi header's constants
 * carry a C suffix). kmod/vcpu.c checks the sum.
 */
#define MON_HC_SET_CPSR_C_HI	0x86000000
#define MON_HC_SET_CPSR_C_LO	0x4

/* Vector offsets, as stored in SLOT_EXC (ARM ARM B1.8.1, Table B1-3). */
#define UMBRA_EXC_UND		0x04
#define UMBRA_EXC_SVC		0x08
#define UMBRA_EXC_PABT		0x0c
#define UMBRA_EXC_DABT		0x10
#define UMBRA_EXC_IRQ		0x18
#define UMBRA_EXC_FIQ		0x1c
#define UMBRA_EXC_RESET		0x00
#define UMBRA_EXC_HVC		0x14
#define UMBRA_EXC_NONE		0xff	/* not entered: a request came */

#endif /* UMBRA_SWITCH_H */
