/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixture for umbra-patch's host test (test-umbra-patch.sh): every
 * patchable form, conditional ones, unpatchable ones, instructions that
 * must stay, data that looks like a sensitive instruction, Thumb code.
 *
 * P cond, class, payload, insn: insn goes to .text, the SVC umbra-patch
 * must write in its place to .expect, derived by hand from the payload
 * layouts in include/uapi/linux/umbra_hypercall.h.
 * K insn: insn goes to both sections: umbra-patch must leave it alone.
 */
	.syntax unified
	.arch armv7-a

	.macro P cond, cls, payload, insn:vararg
	.section .text, "ax"
	\insn
	.section .expect, "a"
	.word (\cond << 28) | 0x0f000000 | (\cls << 20) | (\payload)
	.endm

	.macro K insn:vararg
	.section .text, "ax"
	\insn
	.section .expect, "a"
	\insn
	.endm

	.arm
	.section .text, "ax"
	.global _start
_start:
	/* class 1: CPS (unconditional: AL) */
	P 0xe, 1, (3 << 18) | 0xc0, cpsid if
	P 0xe, 1, (2 << 18) | (1 << 17) | 0x100 | 0x13, cpsie a, #0x13
	P 0xe, 1, (1 << 17) | 0x1f, cps 0x1f
	/* class 2: MRS, MSR (register) */
	P 0xe, 2, 3, mrs r3, cpsr
	P 0x0, 2, (1 << 18) | 4, mrseq r4, spsr
	P 0xe, 2, (1 << 19) | (1 << 8) | 1, msr cpsr_c, r1
	P 0x1, 2, (1 << 19) | (1 << 18) | (0xf << 8) | 14, msrne spsr_fsxc, lr
	/* class 3: MSR (immediate); 0xf0000000 is 0x0f ror 4 */
	P 0xe, 3, (1 << 12) | 0x0d3, msr cpsr_c, #0xd3
	P 0xc, 3, (1 << 16) | (8 << 12) | 0x20f, msrgt spsr_f, #0xf0000000
	/* class 4, 5: exception returns by data processing */
	P 0xe, 4, (2 << 16) | (14 << 12) | 4, subs pc, lr, #4
	P 0xe, 5, (13 << 16) | 14, movs pc, lr
	P 0x0, 5, (4 << 16) | (2 << 7) | 1, addseq pc, r0, r1, lsl #2
	P 0x1, 5, (1 << 16) | (2 << 12) | (3 << 7) | (2 << 5) | 3, eorsne pc, r2, r3, asr #3
	/* class 6: RFE, SRS (unconditional: AL) */
	P 0xe, 6, (1 << 17) | (1 << 16) | 0, rfeia r0!
	P 0xe, 6, (1 << 18) | 13, rfedb sp
	P 0xe, 6, (1 << 19) | (1 << 18) | (1 << 16) | 0x13, srsdb sp!, #0x13
	P 0xe, 6, (1 << 19) | (1 << 17) | 0x12, srsia sp, #0x12
	/* classes 8-11: STM/LDM of User registers (class bit 0: P) */
	P 0xe, 8, (1 << 19) | 0x7fff, stmia r0, {r0-r12, sp, lr}^
	P 0xe, 9, (13 << 15) | 0x6000, stmdb sp, {sp, lr}^
	P 0xe, 10, (1 << 19) | (1 << 15) | 0x1f00, ldmia r1, {r8-r12}^
	P 0x1, 11, (1 << 19) | (2 << 15) | 0x8, ldmibne r2, {r3}^
	/* classes 12-15: LDM exception return (class bits: P, U) */
	P 0xe, 13, (1 << 19) | (13 << 15) | 0xf, ldmfd sp!, {r0-r3, pc}^
	P 0xe, 14, (4 << 15), ldmdb r4, {pc}^
	P 0xe, 15, (1 << 19) | (5 << 15) | 0x40, ldmib r5!, {r6, pc}^
	P 0x2, 12, (6 << 15) | 1, ldmdacs r6, {r0, pc}^

	/* not sensitive: left alone */
	K msr APSR_nzcvq, r0
	K msr APSR_g, #0x000f0000
	K nop
	K sev
	K svc 0
	K svc 1
	K svc 0x0fffff
	K subs r0, r0, #1
	K mov pc, lr
	K ldm r0, {r1, pc}
	K mul r0, r1, r2
	K ldrh r0, [r1]
	K str r0, [r1], #4
	K ldr r0, [r1, #4]!
	K tst r0, #1

	/* sensitive but not patchable: reported, left alone */
	K stmia r0, {r0, pc}^
	K ldrt r0, [r1]
	K strbt r0, [r1], #1
	K ldrht r0, [r1]
	K ldrsbt r0, [r1]
	K svc 0x100000
	K svcne 0xf00000
	K .inst 0xe1b0f211	/* movs pc, r1, lsl r2 */
	K .inst 0xe8f00002	/* ldmia r0!, {r1}^ */

	/* data that looks like sensitive instructions: never touched */
	K .word 0xf10c00c0	/* cpsid if */
	K .word 0xe8fd800f	/* ldmfd sp!, {r0-r3, pc}^ */

	/* Thumb: nothing fits a Thumb SVC; sensitive ones are reported */
	.thumb
	K cpsid i
	K mrs r0, cpsr
	K msr spsr_fc, r0
	K subs pc, lr, #4
	K ldrt r0, [r1]
	K rfeia r0
	K srsdb sp!, #0x13
	K msr APSR_nzcvq, r0
	K svc 1
	K str.w r3, [r2, #0xee0]	/* not STRT (bit 7 set) */
	K nop
	K nop			/* ARM code is word aligned */
	.arm
	/* ARM again after Thumb */
	P 0xe, 1, (3 << 18) | 0x80, cpsid i
	/* class 0: WFI, WFE as svc #2, #3 (condition kept) */
	P 0xe, 0, 2, wfi
	P 0x1, 0, 3, wfene
	K yield
