// SPDX-License-Identifier: GPL-2.0
/*
 * pvisa: a guest kernel written with the real sensitive instructions of
 * ARMv7 (pvisa_asm.S), patched at build time by tools/umbra-patch into
 * umbra's paravirtual SVC encodings, checking that each behaves as the ARM
 * ARM says it does at PL1 (B9.3, B1.3.3, B1.8.10): mode switches with
 * their banked SP, LR and r8, A/I/F masks, MRS/MSR of CPSR and SPSR,
 * exception returns into User mode and back through a system call, RFE,
 * SRS, LDM/STM of User registers, conditional forms, the Data Aborts and
 * Undefined Instructions the emulated instructions raise. Prints TAP; the
 * exit status is the number of failures.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define USR	0x10u
#define FIQ	0x11u
#define IRQ	0x12u
#define SVC	0x13u
#define SYS	0x1fu
#define MODE	0x1fu
#define PSR_F	(1u << 6)
#define PSR_I	(1u << 7)
#define PSR_A	(1u << 8)

/* exc_rec in pvisa_asm.S */
enum { R_VEC, R_LR, R_SPSR, R_DFSR, R_DFAR, R_COUNT, R_SP_USR, R_LR_USR };
extern uint32_t exc_rec[8];
extern char usr_top[], fiq_top[];

void pv_setup(void);
uint32_t get_cpsr(void);
uint32_t get_spsr(void);
void t_modes(uint32_t out[14]);
void t_masks(uint32_t out[5]);
void t_msr(uint32_t out[7]);
uint32_t run_user(void (*entry)(void), uint32_t variant, uint32_t r0);
void user_prog(void);
void user_svc(void);
void t_srs(uint32_t out[2], uint32_t buf[4]);
void t_user_bank(uint32_t out[13]);
uint32_t fault_stm(uint32_t addr);
uint32_t fault_ldm(uint32_t addr);
uint32_t fault_rfe(uint32_t addr);
uint32_t stm_ldm_user(uint32_t addr, uint32_t val);
void mmu_on(uint32_t ttbr0);
void mmu_off(void);
uint32_t und_msr(void);
uint32_t und_mrs_sys(void);
uint32_t und_eret_sys(void);

static int test_no, failures;

/* One TAP line; the details of a failure as "#" lines before it. */
static void result(int ok, const char *name)
{
	test_no++;
	if (!ok)
		failures++;
	printf("%sok %d - %s\n", ok ? "" : "not ", test_no, name);
}

static int check(const char *what, uint32_t got, uint32_t want)
{
	if (got == want)
		return 1;
	printf("# %s: got 0x%08lx, want 0x%08lx\n", what, (unsigned long)got,
	       (unsigned long)want);
	return 0;
}

static void exc_clear(void)
{
	memset(exc_rec, 0, sizeof(exc_rec));
}

static void test_modes(void)
{
	uint32_t o[14];
	int ok = 1;

	t_modes(o);
	ok &= check("CPSR.M after cps #0x12", o[2] & MODE, IRQ);
	ok &= check("masks kept by cps", o[2] & 0x1c0, o[13] & 0x1c0);
	ok &= check("SP_fiq", o[3], (uint32_t)fiq_top);
	ok &= check("r8 of SVC mode after FIQ's", o[4], 0x88);
	ok &= check("SP_svc kept", o[5], o[0]);
	ok &= check("LR_svc kept", o[6], o[1]);
	ok &= check("SP_irq", o[7], 0x11110000);
	ok &= check("LR_irq", o[8], 0x22220000);
	ok &= check("r8_fiq", o[9], 0x99);
	ok &= check("SP in System mode (SP_usr)", o[10], (uint32_t)usr_top);
	ok &= check("CPSR.M after cps #0x1f", o[11] & MODE, SYS);
	ok &= check("CPSR after msr cpsr_c back", o[12], o[13]);
	ok &= check("entry mode", o[13] & MODE, SVC);
	result(ok, "CPS/MRS/MSR mode switches keep banked SP, LR, r8_fiq");
}

static void test_masks(void)
{
	uint32_t o[5], e;
	int ok = 1;

	t_masks(o);
	e = o[4];
	ok &= check("cpsid aif", o[0], e | PSR_A | PSR_I | PSR_F);
	ok &= check("cpsie if", o[1], (e | PSR_A) & ~(PSR_I | PSR_F));
	ok &= check("cpsid i, #0x1f", o[2], (o[1] & ~MODE) | PSR_I | SYS);
	ok &= check("cpsie a, #0x13", o[3], (o[2] & ~(MODE | PSR_A)) | SVC);
	ok &= check("CPSR restored", get_cpsr() & 0x1ff, e & 0x1ff);
	result(ok, "CPS sets and clears A, I, F, with and without a mode");
}

static void test_msr(void)
{
	uint32_t o[7], e;
	int ok = 1;

	t_msr(o);
	e = o[1];
	ok &= check("msr cpsr_fc, r1", o[0],
		    (e & ~(0xf8000000u | 0xdf)) | 0x500000df);
	ok &= check("msr cpsr_c, #0xd3", o[6], (o[0] & ~0xdfu) | 0xd3);
	ok &= check("mrsne not taken", o[2], 0x12345678);
	ok &= check("mrseq", o[3], (o[6] & 0x07ffffff) | 0x60000000);
	ok &= check("msrne/msreq spsr_fsxc", o[4], 0x600000d0);
	ok &= check("msr spsr_f, #imm", o[5], 0x800000d0);
	result(ok, "MRS/MSR of CPSR and SPSR, register, immediate, conditional");
}

static void test_user(uint32_t variant, const char *name)
{
	uint32_t r0;
	int ok = 1;

	exc_clear();
	r0 = run_user(user_prog, variant, 0x1000 * (variant + 1));
	ok &= check("User r0 + SP_usr", r0,
		    0x1000 * (variant + 1) + (uint32_t)usr_top);
	ok &= check("exceptions", exc_rec[R_COUNT], 1);
	ok &= check("vector", exc_rec[R_VEC], 0x08);
	ok &= check("SPSR_svc: User mode, ARM", exc_rec[R_SPSR], USR);
	ok &= check("LR_svc", exc_rec[R_LR], (uint32_t)user_svc + 4);
	ok &= check("SP_usr (STM ^)", exc_rec[R_SP_USR], (uint32_t)usr_top);
	ok &= check("LR_usr (STM ^)", exc_rec[R_LR_USR], 0xdead0000);
	ok &= check("back in SVC mode", get_cpsr() & MODE, SVC);
	result(ok, name);
}

static void test_srs(void)
{
	static uint32_t buf[4] __attribute__((aligned(8)));
	uint32_t o[2], spsr = get_spsr();
	int ok = 1;

	t_srs(o, buf);
	ok &= check("buf[0] LR (srsdb)", buf[0], 0xabcd0000);
	ok &= check("buf[1] LR (srsib)", buf[1], 0xabcd0000);
	ok &= check("buf[2] SPSR (srsib)", buf[2], 0x20000010);
	ok &= check("buf[3] untouched", buf[3], 0);
	ok &= check("SP_usr after srsdb sp!", o[0], (uint32_t)buf);
	ok &= check("SP_usr after srsib sp!", o[1], (uint32_t)buf + 8);
	ok &= check("SPSR_svc restored", get_spsr(), spsr);
	result(ok, "SRS to another mode's stack, with writeback");
}

static void test_user_bank(void)
{
	uint32_t o[13];
	int ok = 1, i;

	t_user_bank(o);
	for (i = 0; i < 7; i++)
		ok &= check("User r8-r14 (LDM ^, STM ^ from FIQ)", o[i],
			    0x80 + 0x10 * i);
	ok &= check("r8_fiq untouched", o[7], 0x77);
	for (i = 0; i < 5; i++)
		ok &= check("r8-r12 from SVC mode", o[8 + i], 0x80 + 0x10 * i);
	result(ok, "LDM/STM of User registers from FIQ mode");
}

/* DFSR: WnR, FS[4], FS[3:0] (the domain field left out) */
#define DFSR_WNR_FS	0xc0fu

static void test_fault_at(uint32_t (*fn)(uint32_t), uint32_t addr,
			  uint32_t fsr, const char *name)
{
	uint32_t insn;
	int ok = 1;

	exc_clear();
	insn = fn(addr);
	ok &= check("exceptions", exc_rec[R_COUNT], 1);
	ok &= check("vector", exc_rec[R_VEC], 0x10);
	ok &= check("LR_abt", exc_rec[R_LR], insn + 8);
	ok &= check("DFSR", exc_rec[R_DFSR] & DFSR_WNR_FS, fsr);
	ok &= check("DFAR", exc_rec[R_DFAR], addr);
	ok &= check("SPSR_abt mode", exc_rec[R_SPSR] & MODE, SVC);
	result(ok, name);
}

static void test_fault(uint32_t (*fn)(uint32_t), uint32_t fsr,
		       const char *name)
{
	static uint32_t buf[4];

	test_fault_at(fn, (uint32_t)buf + 2, fsr, name);
}

/*
 * With the guest's MMU on (B3.5 short descriptors, 1 MiB sections, RAM
 * and everything else identity-mapped), the emulated LDM/STM/RFE use the
 * guest kernel's PL1 rights and raise the guest's own faults: VA_PL1 maps
 * mbuf's section PL1-only (AP 001), VA_RO PL1 read-only (AP 101), VA_NONE
 * nothing.
 */
#define SECT(pa, ap)	(((pa) & 0xfff00000u) | (((ap) & 3u) << 10) | \
			 (((ap) >> 2) << 15) | 0xcu | 0x2u)
#define VA_PL1		0x70000000u
#define VA_RO		0x70100000u
#define VA_NONE		0x70200000u
#define FS_TRANS_SECT	0x005u
#define FS_PERM_SECT	0x00du
#define FSR_WNR		0x800u

static uint32_t l1[4096] __attribute__((aligned(16384)));
static uint32_t mbuf[4] __attribute__((aligned(8)));

static void test_mmu(void)
{
	uint32_t off = (uint32_t)mbuf & 0xfffffu, v, i;
	int ok = 1;

	for (i = 0; i < 4096; i++)
		l1[i] = SECT(i << 20, 3);
	l1[VA_PL1 >> 20] = SECT((uint32_t)mbuf, 1);
	l1[VA_RO >> 20] = SECT((uint32_t)mbuf, 5);
	l1[VA_NONE >> 20] = 0;
	mmu_on((uint32_t)l1);

	exc_clear();
	v = stm_ldm_user(VA_PL1 + off, 0x5a5a1234);
	ok &= check("LDM ^ of what STM ^ wrote", v, 0x5a5a1234);
	ok &= check("through the identity mapping", mbuf[0], 0x5a5a1234);
	ok &= check("exceptions", exc_rec[R_COUNT], 0);
	result(ok, "MMU on: STM ^/LDM ^ with PL1 rights on a PL1-only section");
	test_fault_at(fault_stm, VA_RO + off, FSR_WNR | FS_PERM_SECT,
		      "MMU on: STM ^ to a PL1 read-only section: permission fault");
	test_fault_at(fault_ldm, VA_NONE + off, FS_TRANS_SECT,
		      "MMU on: LDM ^ (exception return) unmapped: translation fault");
	test_fault_at(fault_rfe, VA_NONE + off + 8, FS_TRANS_SECT,
		      "MMU on: RFE unmapped: translation fault");
	mmu_off();
}

static void test_und(uint32_t (*fn)(void), uint32_t mode, const char *name)
{
	uint32_t insn;
	int ok = 1;

	exc_clear();
	insn = fn();
	ok &= check("exceptions", exc_rec[R_COUNT], 1);
	ok &= check("vector", exc_rec[R_VEC], 0x04);
	ok &= check("LR_und", exc_rec[R_LR], insn + 4);
	ok &= check("SPSR_und mode", exc_rec[R_SPSR] & MODE, mode);
	ok &= check("back in SVC mode", get_cpsr() & MODE, SVC);
	result(ok, name);
}

int main(void)
{
	printf("1..20\n");
	pv_setup();
	test_modes();
	test_masks();
	test_msr();
	test_user(0, "MOVS PC, LR into User mode, SVC back");
	test_user(1, "SUBS PC, LR, #4 into User mode");
	test_user(2, "LDMFD SP!, {r0, pc}^ into User mode");
	test_user(3, "RFEIA into User mode");
	test_user(4, "conditional exception returns: not taken, then MOVSEQ");
	test_srs();
	test_user_bank();
	test_fault(fault_stm, 0x801, "STM ^ at an unaligned address: Data Abort, alignment, WnR");
	test_fault(fault_ldm, 0x001, "LDM ^ (exception return) unaligned: Data Abort");
	test_fault(fault_rfe, 0x001, "RFE unaligned: Data Abort");
	test_mmu();
	test_und(und_msr, SVC, "MSR CPSR_c with a bad mode: Undefined Instruction");
	test_und(und_mrs_sys, SYS, "MRS SPSR in System mode: Undefined Instruction");
	test_und(und_eret_sys, SYS, "MOVS PC, LR in System mode: Undefined Instruction");
	return failures;
}
