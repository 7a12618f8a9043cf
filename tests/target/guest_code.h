/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest code snippets for the umbra target tests, shared between the
 * assembly in guest_code.S and the C tests.
 *
 * Every snippet is position independent ARM-state code that only uses
 * instructions legal in PL0 (the guest really runs in user mode). The
 * tests copy a snippet into guest RAM and point the vCPU's PC at it.
 * Snippets finish with UMBRA_HC_SHUTDOWN; the status tells the test what
 * the guest saw (GUEST_OK, or a value described at the snippet).
 */
#ifndef UMBRA_TEST_GUEST_CODE_H
#define UMBRA_TEST_GUEST_CODE_H

/* Shutdown statuses reported by the snippets. */
#define GUEST_OK	0x600d		/* all checks in the guest passed */
#define GUEST_DONE	42		/* guest_shutdown's fixed status */
#define GUEST_BAD_REG	0xbad00000	/* | index of the bad register */

/* Values the test returns from UMBRA_HC_CONSOLE_WRITE in ret[0..3]. */
#define GUEST_RET0		0xa0a0a0a0
#define GUEST_RET1		0xb1b1b1b1
#define GUEST_RET2		0xc2c2c2c2
#define GUEST_RET3		0xd3d3d3d3

/* Arguments guest_hc_console passes in r2..r6 (r1 is the buffer IPA). */
#define GUEST_MSG		"hello\n"
#define GUEST_MSG_LEN		6
#define GUEST_ARG3		0x33333333
#define GUEST_ARG4		0x44444444
#define GUEST_ARG5		0x55555555
#define GUEST_ARG6		0x66666666

/* guest_mmu_attack: store MARK | megabyte at VA (megabyte << 20) | OFF */
#define GUEST_ATTACK_MARK	0xa77a0000
#define GUEST_ATTACK_OFF	0x00080000
/* guest_mmu_sum reports with this hypercall (forwarded to the VMM) */
#define GUEST_HC_REPORT		0x86000200

#ifndef __ASSEMBLER__

/**
 * struct guest_code - a snippet of guest code inside the test binary
 * @name:  snippet name, for messages
 * @start: first byte
 * @end:   one past the last byte (literal pool included)
 */
struct guest_code {
	const char *name;
	const unsigned char *start;
	const unsigned char *end;
};

#define GUEST_CODE_DECLARE(n) \
	extern const unsigned char n##_start[], n##_end[]

/* GUEST_CODE(guest_loop) - the struct guest_code of a snippet */
#define GUEST_CODE(n) \
	((const struct guest_code){ .name = #n, .start = n##_start, \
				    .end = n##_end })

/* shutdown with status GUEST_DONE */
GUEST_CODE_DECLARE(guest_shutdown);
/* b . (spin until interrupted) */
GUEST_CODE_DECLARE(guest_loop);
/* hypercall with r0..r6 as set by the test; shutdown(status = result r0) */
GUEST_CODE_DECLARE(guest_hc_call);
/* UMBRA_HC_VERSION; GUEST_OK if r0 == UMBRA_HC_ABI_VERSION, else r0 */
GUEST_CODE_DECLARE(guest_hc_version);
/*
 * UMBRA_HC_CONSOLE_WRITE(GUEST_MSG, GUEST_MSG_LEN, GUEST_ARG3..6) with
 * r7-r12 and lr holding patterns; afterwards checks r0-r3 == GUEST_RET0..3
 * and that r4-r12, sp and lr survived: GUEST_OK, else GUEST_BAD_REG | n
 * (n = 0..12 for r0-r12, 13 for lr, 14 for sp).
 */
GUEST_CODE_DECLARE(guest_hc_console);
extern const unsigned char guest_hc_console_msg[];
/*
 * r0 = first IPA, r1 = length in bytes, r2 = key, r3 = passes: r3 times,
 * store (IPA ^ key) into every word, then read all back. GUEST_OK, or the
 * first IPA that read back wrong.
 */
GUEST_CODE_DECLARE(guest_ram_pattern);
/* ldr r1, [r0]; shutdown(status = r1) */
GUEST_CODE_DECLARE(guest_mmio_ldr);
/* str r1, [r0]; shutdown(GUEST_OK) */
GUEST_CODE_DECLARE(guest_mmio_str);
/* strb r1, [r0]; shutdown(GUEST_OK) */
GUEST_CODE_DECLARE(guest_mmio_strb);
/* ldrh r1, [r0, #2]; shutdown(status = r1) */
GUEST_CODE_DECLARE(guest_mmio_ldrh);
/* bx r0 */
GUEST_CODE_DECLARE(guest_jump);
/* mrc p15, 0, r0, c1, c0, 0 (SCTLR read: UNDEFINED in PL0) */
GUEST_CODE_DECLARE(guest_undef_mrc);
GUEST_CODE_DECLARE(guest_cp15_sctlr);
/* vmov d8, r0, r1; vmov r0, r1, d8; shutdown(GUEST_DONE) */
GUEST_CODE_DECLARE(guest_vfp);
/* udf #0 */
GUEST_CODE_DECLARE(guest_undef_udf);

/*
 * Guest MMU snippets. Each starts with r0 = TTBR0, the IPA of a 16 KiB
 * first-level table the test built in guest RAM, and turns the MMU on:
 * TTBCR = 0, TTBR0 = r0, DACR = every domain client, TLBIALL, SCTLR.M.
 * Nothing else: no vectors (VBAR = 0 and not mapped), so an abort the
 * guest's MMU raises stops the vCPU with an internal-error exit.
 */
/* r1 = VA: ldr r1, [r1] (at guest_mmu_ldr_insn); shutdown(status = r1) */
GUEST_CODE_DECLARE(guest_mmu_ldr);
extern const unsigned char guest_mmu_ldr_insn[];
/* r1 = VA, r2 = value: str r2, [r1]; shutdown(GUEST_OK) */
GUEST_CODE_DECLARE(guest_mmu_str);
/*
 * For i = 0 .. 4095: str (GUEST_ATTACK_MARK | i) at VA (i << 20) |
 * GUEST_ATTACK_OFF; then a store to each forbidden page (0xffff2000 and
 * 0xffff3000, value MARK | 4095); shutdown(GUEST_OK).
 */
GUEST_CODE_DECLARE(guest_mmu_attack);
/*
 * r1 = first VA, r2 = length in bytes: forever, hash the words there
 * (h = ror(h, 27) + word, from 0) and make hypercall GUEST_HC_REPORT with
 * r1 = the hash.
 */
GUEST_CODE_DECLARE(guest_mmu_sum);
/* r1 = VA: forever, load r1 = [VA] and report it with GUEST_HC_REPORT */
GUEST_CODE_DECLARE(guest_mmu_peek);

#endif /* __ASSEMBLER__ */
#endif /* UMBRA_TEST_GUEST_CODE_H */
