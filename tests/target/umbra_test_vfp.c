// SPDX-License-Identifier: GPL-2.0
/*
 * umbra target tests: guest Floating-point and Advanced SIMD (VFP/NEON).
 *
 * The guest enables its VFP as a PL1 boot does (CPACR, then FPEXC.EN) and
 * computes; results are checked against the same operations run natively
 * here. The VMM thread's own VFP registers must survive UMBRA_RUN of a
 * VFP-using guest, also with another thread using the VFP meanwhile; two
 * VMs must not see each other's registers; a guest whose FPEXC.EN or
 * CPACR denies gets an Undefined Instruction exception (no vector here:
 * an UMBRA_INTERNAL_ERROR_UNDEF exit naming the instruction); VMRS of
 * FPSID/MVFR0/MVFR1/FPEXC is emulated; the ONE_REG VFP group round-trips.
 */
#include <fenv.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <asm/hwcap.h>

#include "umbra_test.h"

#define RAM_SIZE	0x10000
#define VFP_IN		0x1000
#define VFP_OUT		0x2000

#define FPEXC_EN	0x40000000u
#define FPEXC_DEX	0x20000000u
#define CPACR_FULL	0x00f00000u
#define CPACR_PL1	0x00500000u
#define CPACR		UMBRA_REG_CP15(0, 1, 0, 2)

#define INSN_VADD	0xee300b00u	/* vadd.f64 d0, d0, d0 */
#define INSN_VMSR_FPEXC	0xeee8ca10u	/* vmsr fpexc, r12 */
#define INSN_VMRS_FPEXC	0xeef80a10u	/* vmrs r0, fpexc */
#define INSN_UDF1	0xe7f000f1u	/* udf #1 */

GUEST_CODE_DECLARE(guest_vfp_arith);
GUEST_CODE_DECLARE(guest_vfp_fill);
GUEST_CODE_DECLARE(guest_vfp_dump);
GUEST_CODE_DECLARE(guest_vfp_ids);
GUEST_CODE_DECLARE(guest_vfp_no_cpacr);
GUEST_CODE_DECLARE(guest_vfp_no_en);
GUEST_CODE_DECLARE(guest_vfp_user);
GUEST_CODE_DECLARE(guest_vfp_user_vmrs);

/* See host_vfp_syscall in guest_vfp.S */
struct host_vfp {
	__u32 nr;
	__s32 a0;
	__u32 a1;
	__u32 pad;
	__u64 d[32];
	__u32 fpscr;
	__s32 ret;
};
_Static_assert(offsetof(struct host_vfp, d) == 16, "host_vfp.d");
_Static_assert(offsetof(struct host_vfp, fpscr) == 272, "host_vfp.fpscr");
_Static_assert(offsetof(struct host_vfp, ret) == 276, "host_vfp.ret");
int host_vfp_syscall(struct host_vfp *h);

#define ASSERT_INTERNAL_UNDEF(vm, insn) do { \
	ASSERT_EXIT(vm, UMBRA_EXIT_INTERNAL_ERROR); \
	ASSERT_EQ((__u32)UMBRA_INTERNAL_ERROR_UNDEF, \
		  (vm)->run->internal.suberror); \
	ASSERT_LE(2, (vm)->run->internal.ndata); \
	ASSERT_EQ((__u64)(insn), (vm)->run->internal.data[1]) \
		TH_LOG("%s", umbra_exit_str((vm)->run)); \
} while (0)

/* The guest VFP tests need a VFP with D0-D31 (Cortex-A9/A15 with NEON) */
#define REQUIRE_VFP_D32() do { \
	unsigned long __hw = getauxval(AT_HWCAP); \
	if (!(__hw & HWCAP_VFPv3) || !(__hw & HWCAP_VFPD32) || \
	    !(__hw & HWCAP_NEON)) \
		SKIP(return, "no VFPv3 with D32 and NEON"); \
} while (0)

static int get_reg(struct umbra_vm *vm, __u64 id, void *val)
{
	struct umbra_one_reg r = { .id = id, .addr = (unsigned long)val };

	return ioctl(vm->vcpu_fd, UMBRA_GET_ONE_REG, &r);
}

static int set_reg(struct umbra_vm *vm, __u64 id, const void *val)
{
	struct umbra_one_reg r = { .id = id, .addr = (unsigned long)val };

	return ioctl(vm->vcpu_fd, UMBRA_SET_ONE_REG, &r);
}

static void pattern(__u64 d[32], __u32 seed)
{
	__u32 w[64];
	int i;

	for (i = 0; i < 64; i++)
		w[i] = seed + i * 0x01010101u;
	memcpy(d, w, sizeof(w));
}

/* FPSCR guest_vfp_fill sets for @seed */
static __u32 fill_fpscr(__u32 seed)
{
	return (seed & 0xf0000000u) | 0x00c00000u;
}

static __u64 bits_of(double x)
{
	__u64 v;

	memcpy(&v, &x, 8);
	return v;
}

TEST_F(umbra, vfp_arith_matches_native)
{
	struct umbra_vm *vm = &self->vm;
	volatile double a = 355.0, b = 113.0, c = 2.0;
	double in[3], sum, prod, quot, root, diff, quot_rz;
	__u64 out[9];
	__u32 lo, hi, lane[4];
	float f;
	int i;

	REQUIRE_VFP_D32();
	sum = a + b;
	prod = a * b;
	quot = a / b;
	root = sqrt(c);
	diff = a - c;
	ASSERT_EQ(0, fesetround(FE_TOWARDZERO));
	quot_rz = a / b;
	ASSERT_EQ(0, fesetround(FE_TONEAREST));
	ASSERT_NE(bits_of(quot), bits_of(quot_rz)) TH_LOG("a bad pair");

	in[0] = a;
	in[1] = b;
	in[2] = c;
	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE,
				 &GUEST_CODE(guest_vfp_arith)));
	memcpy(vm->ram + VFP_IN, in, sizeof(in));
	ASSERT_RUN_SHUTDOWN(vm, GUEST_OK);
	memcpy(out, vm->ram + VFP_OUT, sizeof(out));

	EXPECT_EQ(bits_of(sum), out[0]);
	EXPECT_EQ(bits_of(prod), out[1]);
	EXPECT_EQ(bits_of(quot), out[2]);
	EXPECT_EQ(bits_of(root), out[3]);
	EXPECT_EQ(bits_of(diff), out[4]);
	lo = out[5];
	hi = out[5] >> 32;
	EXPECT_EQ((__u32)(int)quot, lo);
	f = (float)prod;
	EXPECT_EQ(0, memcmp(&f, &hi, 4)) TH_LOG("(float)(a*b)");
	EXPECT_EQ(bits_of(quot_rz), out[6]);
	/* NEON: {a+b, a*b} as four i32 lanes, doubled */
	memcpy(lane, &sum, 8);
	memcpy(lane + 2, &prod, 8);
	for (i = 0; i < 4; i++) {
		__u32 got = (__u32)(out[7 + i / 2] >> (32 * (i % 2)));

		EXPECT_EQ(lane[i] * 2, got) TH_LOG("lane %d", i);
	}
}

/* Run the VM with every host VFP register set; check them after. */
static int run_with_host_pattern(struct umbra_vm *vm, __u32 seed,
				 char *why, size_t len)
{
	struct host_vfp h = { .nr = __NR_ioctl, .a0 = vm->vcpu_fd,
			      .a1 = UMBRA_RUN };
	__u64 want[32];
	__u32 fpscr = 0x03000000 | (seed & 0xf0000000);	/* FZ, DN, NZCV */
	int i;

	pattern(want, seed);
	memcpy(h.d, want, sizeof(want));
	h.fpscr = fpscr;
	host_vfp_syscall(&h);
	if (h.ret) {
		snprintf(why, len, "UMBRA_RUN: %d", h.ret);
		return -1;
	}
	for (i = 0; i < 32; i++)
		if (h.d[i] != want[i]) {
			snprintf(why, len, "host d%d %#llx, want %#llx", i,
				 (unsigned long long)h.d[i],
				 (unsigned long long)want[i]);
			return -1;
		}
	if (h.fpscr != fpscr) {
		snprintf(why, len, "host FPSCR %#x, want %#x", h.fpscr, fpscr);
		return -1;
	}
	return 0;
}

struct hammer {
	atomic_bool stop;
	unsigned long rounds;
	unsigned long bad;
};

/* Another thread: its own VFP registers, kept across sched_yield() */
static void *hammer_thread(void *arg)
{
	struct hammer *hm = arg;
	struct host_vfp h;
	__u64 want[32];
	__u32 seed = 0x5a000000;

	while (!atomic_load(&hm->stop)) {
		memset(&h, 0, sizeof(h));
		h.nr = __NR_sched_yield;
		pattern(want, ++seed);
		memcpy(h.d, want, sizeof(want));
		h.fpscr = 0x00400000;		/* RMode: toward +inf */
		host_vfp_syscall(&h);
		if (memcmp(h.d, want, sizeof(want)) || h.fpscr != 0x00400000)
			hm->bad++;
		hm->rounds++;
	}
	return NULL;
}

static void host_state_test(struct __test_metadata *_metadata,
			    int dev_fd, struct umbra_vm *vm, bool hammer)
{
	struct hammer hm = { .stop = false };
	pthread_t thr;
	char why[128] = "";
	int i;

	if (hammer)
		ASSERT_EQ(0, pthread_create(&thr, NULL, hammer_thread, &hm));
	for (i = 0; i < 8; i++) {
		__u32 seed = 0x10203040u * (i + 1);

		ASSERT_OK(umbra_vm_start(vm, dev_fd, RAM_SIZE,
					 &GUEST_CODE(guest_vfp_fill)));
		ASSERT_OK(umbra_vcpu_set_args(vm, GUEST_RAM_BASE, 0,
					      ~seed, 500));
		/* to the report: ~500 entries, the VFP loaded or not */
		ASSERT_EQ(0, run_with_host_pattern(vm, seed, why,
						   sizeof(why)))
			TH_LOG("round %d: %s", i, why);
		ASSERT_EXIT(vm, UMBRA_EXIT_HYPERCALL);
		ASSERT_EQ(0, run_with_host_pattern(vm, seed ^ 0xffff, why,
						   sizeof(why)))
			TH_LOG("round %d: %s", i, why);
		ASSERT_EXIT(vm, UMBRA_EXIT_SHUTDOWN);
		ASSERT_EQ((__u32)GUEST_OK, vm->run->shutdown.status)
			TH_LOG("guest saw bad VFP word %#x",
			       vm->run->shutdown.status & 0xffff);
		umbra_vm_destroy(vm);
	}
	if (hammer) {
		atomic_store(&hm.stop, true);
		ASSERT_EQ(0, pthread_join(thr, NULL));
		TH_LOG("hammer: %lu rounds", hm.rounds);
		ASSERT_EQ(0, hm.bad) TH_LOG("%lu of %lu hammer rounds lost "
					    "their VFP registers", hm.bad,
					    hm.rounds);
		ASSERT_LT(0, hm.rounds);
	}
}

TEST_F(umbra, vfp_host_state_preserved)
{
	REQUIRE_VFP_D32();
	host_state_test(_metadata, self->dev_fd, &self->vm, false);
}

TEST_F(umbra, vfp_host_state_preserved_other_thread)
{
	REQUIRE_VFP_D32();
	host_state_test(_metadata, self->dev_fd, &self->vm, true);
}

/* Two VMs, interleaved: each keeps its own registers; ONE_REG sees them */
TEST_F(umbra, vfp_vms_isolated)
{
	struct umbra_vm *a = &self->vm, b;
	__u64 want[32], d;
	__u32 fpscr;
	int i;

	REQUIRE_VFP_D32();
	umbra_vm_init(&b);
	ASSERT_OK(umbra_vm_start(a, self->dev_fd, RAM_SIZE,
				 &GUEST_CODE(guest_vfp_fill)));
	ASSERT_OK(umbra_vcpu_set_args(a, GUEST_RAM_BASE, 0, 0xa0000001, 3));
	ASSERT_OK(umbra_vm_start(&b, self->dev_fd, RAM_SIZE,
				 &GUEST_CODE(guest_vfp_fill)));
	ASSERT_OK(umbra_vcpu_set_args(&b, GUEST_RAM_BASE, 0, 0x5000000b, 3));
	ASSERT_RUN(a, UMBRA_EXIT_HYPERCALL);
	ASSERT_RUN(&b, UMBRA_EXIT_HYPERCALL);

	pattern(want, 0xa0000001);
	for (i = 0; i < 32; i++) {
		ASSERT_EQ(0, get_reg(a, UMBRA_REG_VFP_D(i), &d));
		EXPECT_EQ(want[i], d) TH_LOG("VM a d%d", i);
	}
	ASSERT_EQ(0, get_reg(a, UMBRA_REG_VFP_FPSCR, &fpscr));
	EXPECT_EQ(fill_fpscr(0xa0000001), fpscr);
	ASSERT_EQ(0, get_reg(&b, UMBRA_REG_VFP_FPSCR, &fpscr));
	EXPECT_EQ(fill_fpscr(0x5000000b), fpscr);

	ASSERT_RUN_SHUTDOWN(a, GUEST_OK);
	ASSERT_RUN_SHUTDOWN(&b, GUEST_OK);
	umbra_vm_destroy(&b);
}

TEST_F(umbra, vfp_one_reg_roundtrip)
{
	struct umbra_vm *vm = &self->vm;
	__u64 want[32], d;
	__u32 v, fpscr = 0x60c00000, all = ~0u;
	int i;

	REQUIRE_VFP_D32();
	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE,
				 &GUEST_CODE(guest_vfp_dump)));
	/* reset: FPEXC.EN clear, CPACR denies cp10/cp11 */
	ASSERT_EQ(0, get_reg(vm, UMBRA_REG_VFP_FPEXC, &v));
	EXPECT_EQ(0, v);
	ASSERT_EQ(0, get_reg(vm, CPACR, &v));
	EXPECT_EQ(0, v & CPACR_FULL);

	pattern(want, 0x0badf00d);
	for (i = 0; i < 32; i++)
		ASSERT_EQ(0, set_reg(vm, UMBRA_REG_VFP_D(i), &want[i]));
	ASSERT_EQ(0, set_reg(vm, UMBRA_REG_VFP_FPSCR, &fpscr));
	for (i = 0; i < 32; i++) {
		ASSERT_EQ(0, get_reg(vm, UMBRA_REG_VFP_D(i), &d));
		EXPECT_EQ(want[i], d) TH_LOG("d%d", i);
	}
	ASSERT_EQ(0, get_reg(vm, UMBRA_REG_VFP_FPSCR, &v));
	EXPECT_EQ(fpscr, v);
	/* FPEXC: EN and DEX only */
	ASSERT_EQ(0, set_reg(vm, UMBRA_REG_VFP_FPEXC, &all));
	ASSERT_EQ(0, get_reg(vm, UMBRA_REG_VFP_FPEXC, &v));
	EXPECT_EQ(FPEXC_EN | FPEXC_DEX, v);
	/* read-only and absent registers */
	ASSERT_ERRNO(EINVAL, set_reg(vm, UMBRA_REG_VFP_FPSID, &all));
	ASSERT_ERRNO(EINVAL, set_reg(vm, UMBRA_REG_VFP_MVFR0, &all));
	ASSERT_ERRNO(EINVAL, set_reg(vm, UMBRA_REG_VFP_MVFR1, &all));
	ASSERT_ERRNO(ENOENT, get_reg(vm, UMBRA_REG_VFP_D(32), &d));
	ASSERT_ERRNO(ENOENT, get_reg(vm, UMBRA_REG_VFP_CTRL(0x49), &v));
	ASSERT_ERRNO(EFAULT, get_reg(vm, UMBRA_REG_VFP_D(0), NULL));

	/* the guest sees what was set */
	ASSERT_RUN_SHUTDOWN(vm, GUEST_OK);
	EXPECT_EQ(0, memcmp(vm->ram + VFP_OUT, want, sizeof(want)));
	memcpy(&v, vm->ram + VFP_OUT + sizeof(want), 4);
	EXPECT_EQ(fpscr, v);
}

/* "CPU implementer : 0x41" of /proc/cpuinfo, or -1 */
static int cpu_implementer(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256];
	int impl = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CPU implementer : %i", &impl) == 1)
			break;
	fclose(f);
	return impl;
}

TEST_F(umbra, vfp_id_registers_emulated)
{
	struct umbra_vm *vm = &self->vm;
	unsigned long hw = getauxval(AT_HWCAP);
	__u32 got[6], fpsid, mvfr0, mvfr1;
	int impl = cpu_implementer();

	REQUIRE_VFP_D32();
	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE,
				 &GUEST_CODE(guest_vfp_ids)));
	ASSERT_RUN(vm, UMBRA_EXIT_INTERNAL_ERROR);
	/* the last VADD, with FPEXC.EN clear again */
	ASSERT_INTERNAL_UNDEF(vm, INSN_VADD);
	memcpy(got, vm->ram + VFP_OUT, sizeof(got));

	ASSERT_EQ(0, get_reg(vm, UMBRA_REG_VFP_FPSID, &fpsid));
	ASSERT_EQ(0, get_reg(vm, UMBRA_REG_VFP_MVFR0, &mvfr0));
	ASSERT_EQ(0, get_reg(vm, UMBRA_REG_VFP_MVFR1, &mvfr1));
	EXPECT_EQ(fpsid, got[0]);
	EXPECT_EQ(mvfr0, got[1]);
	EXPECT_EQ(mvfr1, got[2]);
	/* the host's: implementer, D32 and Advanced SIMD as Linux sees them */
	if (impl >= 0)
		EXPECT_EQ((__u32)impl, fpsid >> 24);
	EXPECT_EQ(!!(hw & HWCAP_VFPD32), (mvfr0 & 0xf) == 2);
	EXPECT_EQ(!!(hw & HWCAP_NEON), (mvfr1 & 0xfff00) != 0);
	EXPECT_EQ(FPEXC_EN, got[3]);		/* as the guest set it */
	EXPECT_EQ(0, got[4]);			/* after VMSR FPEXC, 0 */
	EXPECT_EQ(0x1234, got[5]);		/* VMRSNE not executed */
}

TEST_F(umbra, vfp_cpacr_denies_vmsr)
{
	struct umbra_vm *vm = &self->vm;

	REQUIRE_VFP_D32();
	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE,
				 &GUEST_CODE(guest_vfp_no_cpacr)));
	ASSERT_RUN(vm, UMBRA_EXIT_INTERNAL_ERROR);
	ASSERT_INTERNAL_UNDEF(vm, INSN_VMSR_FPEXC);
}

TEST_F(umbra, vfp_fpexc_en_clear_is_undef)
{
	struct umbra_vm *vm = &self->vm;
	__u32 v;

	REQUIRE_VFP_D32();
	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE,
				 &GUEST_CODE(guest_vfp_no_en)));
	ASSERT_RUN(vm, UMBRA_EXIT_INTERNAL_ERROR);
	ASSERT_INTERNAL_UNDEF(vm, INSN_VADD);
	/* the MCR reached the virtual CPACR, cp10/cp11 only */
	ASSERT_EQ(0, get_reg(vm, CPACR, &v));
	EXPECT_EQ(CPACR_FULL, v & 0x00ffffff);
}

/* Virtual User mode: CPACR must grant PL0; FPEXC stays PL1-only */
UMBRA_FIXTURE(vfp_user)

FIXTURE_VARIANT(vfp_user) {
	bool vmrs;
	__u32 cpacr, fpexc, insn;
};
FIXTURE_VARIANT_ADD(vfp_user, full_access_runs) {
	.cpacr = CPACR_FULL, .fpexc = FPEXC_EN, .insn = INSN_UDF1,
};
FIXTURE_VARIANT_ADD(vfp_user, pl1_only_undef) {
	.cpacr = CPACR_PL1, .fpexc = FPEXC_EN, .insn = INSN_VADD,
};
FIXTURE_VARIANT_ADD(vfp_user, fpexc_clear_undef) {
	.cpacr = CPACR_FULL, .fpexc = 0, .insn = INSN_VADD,
};
FIXTURE_VARIANT_ADD(vfp_user, vmrs_fpexc_undef) {
	.vmrs = true, .cpacr = CPACR_FULL, .fpexc = FPEXC_EN,
	.insn = INSN_VMRS_FPEXC,
};

TEST_F(vfp_user, user_mode)
{
	struct umbra_vm *vm = &self->vm;
	struct umbra_regs regs;

	REQUIRE_VFP_D32();
	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE,
				 variant->vmrs ?
				 &GUEST_CODE(guest_vfp_user_vmrs) :
				 &GUEST_CODE(guest_vfp_user)));
	ASSERT_OK(umbra_get_regs(vm, &regs));
	regs.cpsr = UMBRA_PSR_MODE_USR;
	ASSERT_OK(umbra_set_regs(vm, &regs));
	ASSERT_EQ(0, set_reg(vm, CPACR, &variant->cpacr));
	ASSERT_EQ(0, set_reg(vm, UMBRA_REG_VFP_FPEXC, &variant->fpexc));
	ASSERT_RUN(vm, UMBRA_EXIT_INTERNAL_ERROR);
	ASSERT_INTERNAL_UNDEF(vm, variant->insn);
}

TEST_HARNESS_MAIN
