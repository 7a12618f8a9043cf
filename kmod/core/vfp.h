/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest Floating-point (VFP) and Advanced SIMD (NEON): the virtual state a
 * vCPU owns and the decoding of the instructions that reach umbra as
 * Undefined Instruction exits (ARM ARM A7 "Advanced SIMD and
 * Floating-point Instruction Encoding", B1.11 "The Floating-point and
 * Advanced SIMD extensions" system registers, B4.1.40 CPACR).
 */
#ifndef UMBRA_CORE_VFP_H
#define UMBRA_CORE_VFP_H

#include "types.h"

/* FPEXC bits (B6.1.40) */
#define UMBRA_FPEXC_EX		(1u << 31)
#define UMBRA_FPEXC_EN		(1u << 30)
#define UMBRA_FPEXC_DEX		(1u << 29)
#define UMBRA_FPEXC_FP2V	(1u << 28)
/* What a guest may write to its virtual FPEXC; the rest is RAZ/WI. */
#define UMBRA_FPEXC_GUEST_MASK	(UMBRA_FPEXC_EN | UMBRA_FPEXC_DEX)

/* CPACR (B4.1.40): cp10 [21:20], cp11 [23:22]; D32DIS [30], ASEDIS [31] */
#define UMBRA_CPACR_CP10_SHIFT	20
#define UMBRA_CPACR_VFP_MASK	(0xfu << UMBRA_CPACR_CP10_SHIFT)
#define UMBRA_CPACR_D32DIS	(1u << 30)
#define UMBRA_CPACR_ASEDIS	(1u << 31)

/* VMRS/VMSR special register numbers, the instruction's reg field */
#define UMBRA_VFP_FPSID		0x0
#define UMBRA_VFP_FPSCR		0x1
#define UMBRA_VFP_MVFR1		0x6
#define UMBRA_VFP_MVFR0		0x7
#define UMBRA_VFP_FPEXC		0x8

/**
 * struct umbra_vfp_state - the guest's Floating-point register file.
 * @d:     D0-D31 (only D0-D15 when the host has VFPv3-D16)
 * @fpscr: FPSCR
 */
struct umbra_vfp_state {
	u64 d[32];
	u32 fpscr;
};

enum umbra_vfp_class {
	UMBRA_VFP_NONE,		/* not a Floating-point/Advanced SIMD insn */
	UMBRA_VFP_INSN,		/* runs in hardware once the VFP is on */
	UMBRA_VFP_SYSREG,	/* VMRS/VMSR of a PL1-only register */
};

/**
 * struct umbra_vfp_insn - a decoded Floating-point/Advanced SIMD insn.
 * @class: enum umbra_vfp_class
 * @read:  (UMBRA_VFP_SYSREG) VMRS rather than VMSR
 * @reg:   (UMBRA_VFP_SYSREG) the special register, UMBRA_VFP_*
 * @rt:    (UMBRA_VFP_SYSREG) the ARM core register
 * @cond:  the instruction's condition (0xe for Thumb: see ITSTATE)
 */
struct umbra_vfp_insn {
	enum umbra_vfp_class class;
	bool read;
	u8 reg;
	u8 rt;
	u8 cond;
};

void umbra_decode_vfp(u32 insn, bool thumb, struct umbra_vfp_insn *out);
bool umbra_vfp_cpacr_allows(u32 cpacr, bool privileged);

#endif /* UMBRA_CORE_VFP_H */
