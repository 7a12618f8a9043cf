/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra benchmark: the guest side, shared between bench_guest.S and
 * umbra_bench.c.
 *
 * The guest is one snippet, bench_server, loaded at the start of guest RAM
 * (one page: it must never span two, so that a refault of the code is
 * always exactly one shadow fault). Entered with r0 = TTBR0 of address
 * space 0 (the tables of address space i follow at i * 16 KiB), it turns
 * its MMU on there with ASID 1 and then serves requests forever:
 *
 *	BENCH_HC_READY hypercall (exits to the benchmark program), with
 *	r1 = the checksum of what the last operation loaded; the program
 *	answers in r0-r3: r0 = operation, r1 = count, r2 = window VA,
 *	r3 = pages (BENCH_OP_SWITCH: address spaces). The guest does
 *	TLBIALL (every operation starts from empty shadow tables) and runs
 *	the operation count times.
 *
 * Operations (a "touch" is one LDR of the first word of a page, added to
 * the checksum):
 */
#ifndef UMBRA_BENCH_GUEST_H
#define UMBRA_BENCH_GUEST_H

#include "guest_code.h"	/* tests/target: GUEST_CODE_DECLARE */

/* Hypercalls to the benchmark program (the VMM range, 0x86000100...) */
#define BENCH_HC_READY		0x86000300	/* r1 = checksum */
#define BENCH_HC_PING		0x86000301	/* nothing */
#define BENCH_HC_IRQ_ARM	0x86000302	/* raise the IRQ now */
#define BENCH_HC_IRQ_STAMP	0x86000303	/* r1 = PMCCNTR at entry */
#define BENCH_HC_PT_STAMP	0x86000304	/* r1 = trigger, r2 = entry */

#define BENCH_OP_EMPTY		0	/* count x nothing (loop overhead) */
#define BENCH_OP_TOUCH_FAULT	1	/* count x { TLBIALL; touch r3 pages } */
#define BENCH_OP_TOUCH_MAPPED	2	/* touch r3 pages; count x same again */
#define BENCH_OP_TLBIALL	3	/* count x TLBIALL */
#define BENCH_OP_CP15_NOP	4	/* count x BPIALL (trapped, no-op) */
#define BENCH_OP_HVC		5	/* count x UMBRA_HC_VERSION */
/*
 * One round, then count rounds, over r3 = K address spaces: a round
 * switches to AS 1, ..., K - 1 and back to AS 0 (AS i: TTBR0 r0 + i *
 * 16 KiB, ASID i + 1) as Linux's cpu_v7_switch_mm does (CONTEXTIDR, isb,
 * TTBR0, isb), touching r2 after each switch. r3 | BENCH_SWITCH_ONE_ASID:
 * ASID 1 for every address space (only TTBR0 tells them apart).
 */
#define BENCH_OP_SWITCH		6
#define BENCH_SWITCH_ONE_ASID	0x100
/* r3 | BENCH_SWITCH_HC: each switch is one UMBRA_HC_SWITCH_AS instead */
#define BENCH_SWITCH_HC		0x200
#define BENCH_OP_TLBIMVA	7	/* touch r2; count x { TLBIMVA r2; touch r2 } */
#define BENCH_OP_TLBIMVA_ONLY	8	/* touch r2; count x TLBIMVA r2 */
#define BENCH_OP_VMM_HC		9	/* count x BENCH_HC_PING */
/*
 * count x a guest system call: from virtual User mode, svc #0 is taken
 * into the guest's own SVC vector (VBAR = bench_vectors), which returns
 * with svc #1 (exception return). The guest enters User mode first and
 * comes back to SVC mode for good with a system call with r0 = 1.
 */
#define BENCH_OP_SYSCALL	10
/* count x { UMBRA_HC_SET_CPSR_C: IRQs unmasked; the same: masked } */
#define BENCH_OP_IRQ_MASK	11
/* count x a load from r2, an unbacked IPA: UMBRA_EXIT_MMIO each */
#define BENCH_OP_MMIO		12
/*
 * set up the virtual GIC: SPI r3 edge-triggered (r3 | BENCH_GIC_LEVEL:
 * level-sensitive), enabled, to CPU 0
 */
#define BENCH_OP_GIC_INIT	13
#define BENCH_GIC_LEVEL		0x100
/*
 * IRQs unmasked, count x { with r3 = BENCH_IRQ_ARM a BENCH_HC_IRQ_ARM
 * exit; WFI until the IRQ handler ran; BENCH_HC_IRQ_STAMP with r1 = the
 * PMCCNTR value read by the handler's first instruction }.
 */
#define BENCH_OP_IRQ		14
#define BENCH_IRQ_WFI		0	/* r3: wait; another thread raises it */
#define BENCH_IRQ_ARM		1	/* r3: exit first, the VMM raises it */
/*
 * The passthrough device (a PL031 at BENCH_PT, its interrupt forwarded to
 * BENCH_SPI_PT, its raw interrupt status RTCRIS latched by the program):
 * IRQs unmasked, count x { PMCCNTR; RTCIMSC = 1, which raises the
 * device's interrupt at once; WFI until the IRQ handler ran (it writes
 * RTCIMSC = 0 before its EOI); BENCH_HC_PT_STAMP with r1 = PMCCNTR
 * before the write, r2 = the handler's PMCCNTR }.
 */
#define BENCH_OP_PT_IRQ		15
#define BENCH_NR_OPS		16

/* The virtual GIC's frames (IPA = VA) and the unbacked MMIO IPA (= VA) */
#define BENCH_GICD		0x08000000
#define BENCH_GICC		0x08010000
#define BENCH_MMIO		0x0c000000
/* The passthrough device's registers (IPA = VA) and its guest SPI */
#define BENCH_PT		0x0d000000
#define BENCH_SPI_PT		42
#define PL031_IMSC		0x10	/* ARM DDI 0224: interrupt mask set */

/* An unknown operation: UMBRA_HC_SHUTDOWN with this status | op */
#define BENCH_BAD_OP		0xbad0b000

#ifndef __ASSEMBLER__
GUEST_CODE_DECLARE(bench_server);
#endif

#endif /* UMBRA_BENCH_GUEST_H */
