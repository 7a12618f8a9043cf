/* SPDX-License-Identifier: GPL-2.0 */
/*
 * guest_gic - a guest kernel driving the virtual GICv2 (umbra_test_vgic.c,
 * guest_gic.S). Loaded at the start of RAM (its vectors are its first
 * bytes, VBAR = its start). Arguments: r0 = GICD base, r1 = GICC base,
 * r2 = the SPI, r3 = GUEST_GIC_* flags, r4 = the IRQs to wait for.
 *
 * It sets up an IRQ-mode stack, enables the distributor and its CPU
 * interface (GICC_PMR 0xf0), gives the SPI priority 0x80, targets it to
 * CPU 0 (edge-triggered with GUEST_GIC_EDGE), enables it, then:
 * - without GUEST_GIC_MASKED: unmasks IRQs (CPSR.I = 0), reports
 *   GUEST_GIC_READY, and loops (in WFI, svc #2, with GUEST_GIC_WFI)
 *   until its handler counted r4 IRQs;
 * - with GUEST_GIC_MASKED: reports GUEST_GIC_READY with IRQs masked,
 *   spins GUEST_GIC_SPIN times, fails with GUEST_GIC_BAD_EARLY if an IRQ
 *   came, unmasks, and fails with GUEST_GIC_BAD_LATE unless exactly one
 *   IRQ was taken right then; then loops as above.
 * Its IRQ handler reads GICC_IAR, and for a non-spurious ID counts it,
 * reports GUEST_GIC_IRQ (r1 = the IAR value, r2 = the count), writes
 * GICC_EOIR and returns (svc #1). Reports are the forwarded hypercall
 * GUEST_HC_REPORT with r1 = what. At the end it masks IRQs and shuts down
 * with GUEST_OK.
 */
#ifndef UMBRA_TEST_GUEST_GIC_H
#define UMBRA_TEST_GUEST_GIC_H

#define GUEST_GIC_WFI		1
#define GUEST_GIC_MASKED	2
#define GUEST_GIC_EDGE		4

#define GUEST_GIC_READY		0x4ead4000	/* args[0]; args[1] = 0 */
#define GUEST_GIC_SPIN		100000
#define GUEST_GIC_BAD_EARLY	0xbad0e000	/* | the count */
#define GUEST_GIC_BAD_LATE	0xbad01000	/* | the count */
#define GUEST_GIC_STACK		0x8000		/* IRQ stack: RAM + this */

#ifndef __ASSEMBLER__
GUEST_CODE_DECLARE(guest_gic);
#endif

#endif /* UMBRA_TEST_GUEST_GIC_H */
