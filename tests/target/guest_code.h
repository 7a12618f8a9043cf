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

/*
 * guest_atk - the attacker guests (umbra_test_attack.c): r0 = IPA of a
 * list of operations, three words each { op, a, b }, run in order in the
 * virtual SVC mode:
 *   GUEST_ATK_END          shutdown(GUEST_OK)
 *   GUEST_ATK_LDR  a       ldr from VA a, then GUEST_HC_LOAD(r1 = a,
 *                          r2 = the value)
 *   GUEST_ATK_STR  a, b    str b to VA a
 *   GUEST_ATK_CP15 a, b    write b to CP15 register GUEST_ATK_<a>
 *                          (SCTLR: SCTLR |= b)
 *   GUEST_ATK_ERET a, b    UMBRA_HC_SET_SPSR(a), GUEST_HC_RESULT(r1 = a,
 *                          r2 = its r0), then svc #1 (PC = LR, CPSR =
 *                          SPSR) with LR = b, or the next op
 *                          (GUEST_ATK_RET_NEXT), or a Thumb stub making
 *                          hypercall GUEST_HC_THUMB (GUEST_ATK_RET_THUMB)
 *   GUEST_ATK_UDF          udf #0
 *   GUEST_ATK_HC   a, b    hypercall a with r1 = b, r2 = the length
 *                          (0xfffffffc until GUEST_ATK_SETLEN),
 *                          r3 = 0x80000000, r4 = the op's IPA, r5 = 0,
 *                          r6 = 0xffff2000; GUEST_HC_RESULT(r1 = a,
 *                          r2 = its r0)
 *   GUEST_ATK_SETLEN  b    the length GUEST_ATK_HC passes in r2
 *   GUEST_ATK_EXPECT  a    the last GUEST_ATK_HC's r0 must be a, else
 *                          shutdown(status = the IPA of this op)
 * The snippet sets VBAR to its start; every exception is reported with
 * GUEST_HC_TRAP(r1 = vector offset, r2 = FAR (aborts) or LR, r3 = FSR
 * (aborts) or 0, r4 = IPA of the current op) and continues in SVC mode,
 * A, I, F masked, at the next op (guest_atk_next). r0-r3, r8 and the
 * banked LRs are scratch; r4 = the current op, r9 the length, r10 the
 * last result. guest_atk_vmm is the entry for umbra-vmm (r0 = RAM base):
 * the op list is at RAM base + GUEST_ATK_VMM_OPS.
 * The snippet is under 0x400 bytes.
 */
#define GUEST_ATK_END		0
#define GUEST_ATK_LDR		1
#define GUEST_ATK_STR		2
#define GUEST_ATK_CP15		3
#define GUEST_ATK_ERET		4
#define GUEST_ATK_UDF		5
#define GUEST_ATK_HC		6
#define GUEST_ATK_SETLEN	7
#define GUEST_ATK_EXPECT	8
#define GUEST_ATK_OP_MAX	9
#define GUEST_ATK_VMM_OPS	0x10000
/* GUEST_ATK_CP15 registers */
#define GUEST_ATK_SCTLR_ORR	0
#define GUEST_ATK_TTBR0		1
#define GUEST_ATK_TTBR1		2
#define GUEST_ATK_TTBCR		3
#define GUEST_ATK_DACR		4
#define GUEST_ATK_VBAR		5
#define GUEST_ATK_CONTEXTIDR	6
#define GUEST_ATK_TLBIALL	7
#define GUEST_ATK_TLBIASID	8
#define GUEST_ATK_CP15_MAX	9
/* GUEST_ATK_ERET return addresses that are no address */
#define GUEST_ATK_RET_NEXT	0
#define GUEST_ATK_RET_THUMB	1
/* the attacker's reports (forwarded to the test as VMM hypercalls) */
#define GUEST_HC_LOAD		0x86000201
#define GUEST_HC_TRAP		0x86000202
#define GUEST_HC_RESULT		0x86000203
#define GUEST_HC_THUMB		0x86000204

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
/* the attacker's interpreter, described with GUEST_ATK_END above */
GUEST_CODE_DECLARE(guest_atk);
extern const unsigned char guest_atk_next[], guest_atk_vmm[];

#endif /* __ASSEMBLER__ */
#endif /* UMBRA_TEST_GUEST_CODE_H */
