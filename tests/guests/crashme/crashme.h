/* SPDX-License-Identifier: GPL-2.0 */
/*
 * crashme guest: what vectors.S (ARM state: the vectors, the exception
 * handlers and the entry into the random code) shares with crashme.c.
 *
 * The random code runs from run_guest() with the context in hctx:
 * r0-r12, SP and LR of its mode, PC and CPSR (User or SVC mode, ARM or
 * Thumb). Every exception it takes, whatever the vector, comes back out
 * of run_guest() in SVC mode with the vector offset as the return value
 * and the interrupted state in hsave; the C code then resumes the random
 * code after the instruction (run_guest() again) or ends the sequence.
 *
 * Sequences in virtual SVC mode run in a sandbox address space (sbx_ttbr0)
 * mapping only the code pages, the data pages and the handler pages; the
 * handlers switch back to the kernel's table (kern_ttbr0) first.
 */
#ifndef CRASHME_H
#define CRASHME_H

#include <umbra/arm.h>

#define VEC_BAD_SPSR	0x100	/* run_guest(): SET_SPSR refused the CPSR */

/* struct gctx, the context run_guest() enters */
#define CX_R		0	/* r0-r12 */
#define CX_SP		52
#define CX_LR		56
#define CX_PC		60
#define CX_CPSR		64
#define CX_HOW		68
#define CX_SIZE		72

/* CX_HOW: how run_guest() enters */
#define HOW_USR_FRESH	0	/* User mode; SP_usr, LR_usr from the context */
#define HOW_USR_RESUME	1	/* User mode; SP_usr, LR_usr as they are */
#define HOW_SVC		2	/* SVC mode; SP_svc, LR_svc from the context */

/* struct hsave, what a handler saves */
#define HS_R		0	/* r0-r12 */
#define HS_LR		52	/* LR of the exception mode */
#define HS_SPSR		56	/* SPSR of the exception mode */
#define HS_FSR		60	/* DFSR or IFSR, 0 for other vectors */
#define HS_SVC_SP	64	/* SP_svc, LR_svc when the handler left */
#define HS_SVC_LR	68
#define HS_VEC		72
#define HS_SIZE		76

/* struct hfast, the handlers' own resumes (fast path, User mode only) */
#define HF_LAST		0	/* the last instruction resumed after */
#define HF_COUNT	4	/* resumes in this sequence */
#define HF_EXC		8	/* exceptions by vector offset / 4 */
#define HF_FS		40	/* data aborts by fault status */
#define HF_SIZE		168

/* struct hro: the handler read-only page */
#define HRO_SANDBOX	0	/* run_guest() enters the sandbox */
#define HRO_KERN_TTBR0	4
#define HRO_SBX_TTBR0	8
#define HRO_CPSR_C	12	/* the kernel's CPSR mode and masks */
#define HRO_SP		16	/* the kernel's SP in run_guest() */
#define HRO_FAST	20	/* handlers may resume on their own */
#define HRO_FAST_THUMB	24	/* ... a sequence in Thumb state */
#define HRO_FAST_CODE	28	/* ... at [code, end) */
#define HRO_FAST_END	32
#define HRO_FAST_MAX	36	/* ... at most this many times */
#define HRO_SIZE	40

#ifndef __ASSEMBLER__
#include <stdint.h>

struct gctx {
	uint32_t r[13], sp, lr, pc, cpsr, how;
};

struct hsave {
	uint32_t r[13], lr, spsr, fsr, svc_sp, svc_lr, vec;
};

struct hfast {
	uint32_t last, count, exc[8], fs[32];
};

struct hro {
	uint32_t sandbox, kern_ttbr0, sbx_ttbr0, cpsr_c, sp;
	uint32_t fast, fast_thumb, fast_code, fast_end, fast_max;
};

/* The handler data page (read/write in the sandbox too). */
extern volatile struct gctx hctx;
extern volatile struct hsave hsave;
extern volatile struct hfast hfast;
extern const char hpage[];

/* The handler read-only page (read-only in the sandbox). */
extern volatile struct hro hro;
extern const char hro_page[];

/* The vectors, handlers and run_guest(): one page of text. */
extern const char vectors[], vec_page[], vec_page_end[];

/* Enter hctx; returns the vector offset of the exception that ended it. */
uint32_t run_guest(void);
#endif

#endif /* CRASHME_H */
