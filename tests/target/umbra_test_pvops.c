// SPDX-License-Identifier: GPL-2.0
/*
 * umbra target tests: the paravirtual operations - the MMU hypercalls
 * (UMBRA_HC_TLB_FLUSH_*, UMBRA_HC_SWITCH_AS, UMBRA_HC_SET_MMU,
 * UMBRA_HC_MAP), UMBRA_HC_YIELD, and WFI/WFE (svc #2/#3).
 *
 * The guest is guest_pv_server (guest_pvops.h): it runs one operation per
 * exit to the test. Each MMU call is shown by its effect on the shadow
 * tables: the test rewrites a guest page table entry without telling
 * umbra, the guest still sees the old page (its shadow entry stays, as a
 * TLB entry would), and after the call the new one.
 *
 * RAM: one megabyte at GUEST_RAM_BASE, mapped to itself by a section in
 * both first-level tables A and B. WIN_VA is mapped by a second-level
 * table: in A its first page is PAGE_A, in B PAGE_B.
 */
#include <signal.h>
#include <sys/time.h>
#include <time.h>

#include "umbra_test.h"
#include "guest_pvops.h"

#define RAM_SIZE	0x100000
#define L1_A		0x4000		/* 16 KiB aligned */
#define L1_B		0x8000
#define L2_A		0xc000		/* 1 KiB aligned */
#define L2_B		0xc400
#define PAGE_A		0x10000
#define PAGE_B		0x11000
#define PAGE_C		0x12000
#define MARK_A		0xaaaa0001
#define MARK_B		0xbbbb0002
#define MARK_C		0xcccc0003
#define TTBR_A		(GUEST_RAM_BASE + L1_A)
#define TTBR_B		(GUEST_RAM_BASE + L1_B)
#define WIN_VA		0x80000000u
#define UNMAPPED_VA	0x90000000u
#define ASID_B		2

#define INVALID		((__u32)UMBRA_SMCCC_RET_INVALID_PARAMETER)

/* Short-descriptor entries (B3.5.1), AP[2:0] = 011, domain 0 */
#define SECT(pa)	((__u32)(pa) | 0x2 | (3u << 10))
#define TABLE(pa)	((__u32)(pa) | 0x1)
#define SMALL(pa)	((__u32)(pa) | 0x2 | (3u << 4))

static __u32 *ram32(struct umbra_vm *vm, __u32 off)
{
	return (__u32 *)(vm->ram + off);
}

static void build_tables(struct umbra_vm *vm)
{
	ram32(vm, L1_A)[GUEST_RAM_BASE >> 20] = SECT(GUEST_RAM_BASE);
	ram32(vm, L1_B)[GUEST_RAM_BASE >> 20] = SECT(GUEST_RAM_BASE);
	ram32(vm, L1_A)[WIN_VA >> 20] = TABLE(GUEST_RAM_BASE + L2_A);
	ram32(vm, L1_B)[WIN_VA >> 20] = TABLE(GUEST_RAM_BASE + L2_B);
	ram32(vm, L2_A)[0] = SMALL(GUEST_RAM_BASE + PAGE_A);
	ram32(vm, L2_B)[0] = SMALL(GUEST_RAM_BASE + PAGE_B);
	*ram32(vm, PAGE_A) = MARK_A;
	*ram32(vm, PAGE_B) = MARK_B;
	*ram32(vm, PAGE_C) = MARK_C;
}

/* The guest, its MMU on in table A, waiting for its first operation. */
#define START_PV() do { \
	const struct guest_code __c = GUEST_CODE(guest_pv_server); \
	ASSERT_OK(umbra_vm_start(&self->vm, self->dev_fd, RAM_SIZE, &__c)); \
	build_tables(&self->vm); \
	ASSERT_OK(umbra_vcpu_set_args(&self->vm, TTBR_A, 0, 0, 0)); \
	ASSERT_RUN(&self->vm, UMBRA_EXIT_HYPERCALL); \
	ASSERT_EQ(PV_HC_NEXT, self->vm.run->hypercall.nr); \
} while (0)

/* Give the guest its next operation (the answer to PV_HC_NEXT). */
static void pv_ask(struct umbra_vm *vm, __u32 op, __u32 a1, __u32 a2,
		   __u32 a3)
{
	vm->run->hypercall.ret[0] = op;
	vm->run->hypercall.ret[1] = a1;
	vm->run->hypercall.ret[2] = a2;
	vm->run->hypercall.ret[3] = a3;
}

/* Run one operation; its result (a statement expression). */
#define PV(op, a1, a2, a3) ({ \
	pv_ask(&self->vm, (op), (a1), (a2), (a3)); \
	ASSERT_RUN(&self->vm, UMBRA_EXIT_HYPERCALL); \
	ASSERT_EQ(PV_HC_NEXT, self->vm.run->hypercall.nr) \
		TH_LOG("%s", umbra_exit_str(self->vm.run)); \
	self->vm.run->hypercall.args[0]; \
})
#define LOAD(va)		PV(PV_OP_LOAD, (va), 0, 0)
#define HC(id, a1, a2)		PV(PV_OP_HC, (id), (a1), (a2))

static int get_cp15(struct umbra_vm *vm, __u64 id, __u32 *val)
{
	struct umbra_one_reg reg = { .id = id, .addr = (uintptr_t)val };

	return ioctl(vm->vcpu_fd, UMBRA_GET_ONE_REG, &reg);
}

#define REG_SCTLR	UMBRA_REG_CP15(0, 1, 0, 0)
#define REG_TTBR0	UMBRA_REG_CP15(0, 2, 0, 0)
#define REG_CONTEXTIDR	UMBRA_REG_CP15(0, 13, 0, 1)

TEST_F(umbra, pv_features)
{
	static const __u32 ids[] = {
		UMBRA_HC_TLB_FLUSH_VA, UMBRA_HC_TLB_FLUSH_ASID,
		UMBRA_HC_TLB_FLUSH_ALL, UMBRA_HC_SWITCH_AS, UMBRA_HC_SET_MMU,
		UMBRA_HC_YIELD, UMBRA_HC_MAP,
	};
	unsigned int i;

	START_PV();
	EXPECT_EQ(UMBRA_HC_ABI_VERSION, HC(UMBRA_HC_VERSION, 0, 0));
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		EXPECT_EQ(0, HC(UMBRA_HC_FEATURES, ids[i], 0))
			TH_LOG("FEATURES(%#x)", ids[i]);
	/* the next ID is not (yet) one */
	EXPECT_EQ((__u32)UMBRA_SMCCC_RET_NOT_SUPPORTED,
		  HC(UMBRA_HC_FEATURES, UMBRA_HC_MAP + 1, 0));
}

/*
 * WIN_VA's entry in table A now points at PAGE_C, umbra not told: the
 * shadow entry gives PAGE_A until a flush drops it.
 */
static void remap_window(struct umbra_vm *vm)
{
	ram32(vm, L2_A)[0] = SMALL(GUEST_RAM_BASE + PAGE_C);
}

TEST_F(umbra, pv_flush_va)
{
	START_PV();
	ASSERT_EQ(MARK_A, LOAD(WIN_VA));
	remap_window(&self->vm);
	ASSERT_EQ(MARK_A, LOAD(WIN_VA));	/* still shadowed */
	/* another page's flush leaves it */
	ASSERT_EQ(0, HC(UMBRA_HC_TLB_FLUSH_VA, (WIN_VA + 0x1000) | PV_ASID, 0));
	ASSERT_EQ(MARK_A, LOAD(WIN_VA));
	ASSERT_EQ(0, HC(UMBRA_HC_TLB_FLUSH_VA, WIN_VA | PV_ASID, 0));
	ASSERT_EQ(MARK_C, LOAD(WIN_VA));
	/* the forbidden range is umbra's */
	ASSERT_EQ(INVALID, HC(UMBRA_HC_TLB_FLUSH_VA,
			      UMBRA_FORBIDDEN_BASE | PV_ASID, 0));
}

TEST_F(umbra, pv_flush_asid)
{
	START_PV();
	ASSERT_EQ(MARK_A, LOAD(WIN_VA));
	remap_window(&self->vm);
	ASSERT_EQ(0, HC(UMBRA_HC_TLB_FLUSH_ASID, PV_ASID + 6, 0));
	ASSERT_EQ(MARK_A, LOAD(WIN_VA));	/* another ASID's flush */
	ASSERT_EQ(0, HC(UMBRA_HC_TLB_FLUSH_ASID, PV_ASID, 0));
	ASSERT_EQ(MARK_C, LOAD(WIN_VA));
	ASSERT_EQ(INVALID, HC(UMBRA_HC_TLB_FLUSH_ASID, 0x100, 0));
}

TEST_F(umbra, pv_flush_all)
{
	START_PV();
	ASSERT_EQ(MARK_A, LOAD(WIN_VA));
	remap_window(&self->vm);
	ASSERT_EQ(MARK_A, LOAD(WIN_VA));
	ASSERT_EQ(0, HC(UMBRA_HC_TLB_FLUSH_ALL, 0, 0));
	ASSERT_EQ(MARK_C, LOAD(WIN_VA));
}

/* TTBR0 and CONTEXTIDR in one call; both address spaces stay usable. */
TEST_F(umbra, pv_switch_as)
{
	__u32 v;

	START_PV();
	ASSERT_EQ(MARK_A, LOAD(WIN_VA));
	ASSERT_EQ(0, HC(UMBRA_HC_SWITCH_AS, TTBR_B, ASID_B));
	ASSERT_EQ(0, get_cp15(&self->vm, REG_TTBR0, &v));
	EXPECT_EQ(TTBR_B, v);
	ASSERT_EQ(0, get_cp15(&self->vm, REG_CONTEXTIDR, &v));
	EXPECT_EQ(ASID_B, v);
	ASSERT_EQ(MARK_B, LOAD(WIN_VA));
	ASSERT_EQ(0, HC(UMBRA_HC_SWITCH_AS, TTBR_A, PV_ASID));
	ASSERT_EQ(MARK_A, LOAD(WIN_VA));
	ASSERT_EQ(0, HC(UMBRA_HC_SWITCH_AS, TTBR_B, ASID_B));
	ASSERT_EQ(MARK_B, LOAD(WIN_VA));
}

/* SCTLR.M off: VA = IPA (WIN_VA is no RAM: MMIO); on again: table A. */
TEST_F(umbra, pv_mmu_off_on)
{
	struct umbra_run *run;
	__u32 v, data = 0x5a5a1234;

	START_PV();
	run = self->vm.run;
	ASSERT_EQ(MARK_A, LOAD(WIN_VA));
	ASSERT_EQ(0, HC(UMBRA_HC_SET_MMU, 0, 0));
	ASSERT_EQ(0, get_cp15(&self->vm, REG_SCTLR, &v));
	EXPECT_EQ(0, v & 1);
	ASSERT_EQ(MARK_B, LOAD(GUEST_RAM_BASE + PAGE_B));	/* flat */
	pv_ask(&self->vm, PV_OP_LOAD, WIN_VA, 0, 0);
	ASSERT_RUN(&self->vm, UMBRA_EXIT_MMIO);
	ASSERT_EQ(WIN_VA, run->mmio.phys_addr);
	ASSERT_EQ(0, run->mmio.is_write);
	memcpy(run->mmio.data, &data, sizeof(data));
	ASSERT_RUN(&self->vm, UMBRA_EXIT_HYPERCALL);
	ASSERT_EQ(data, run->hypercall.args[0]);

	ASSERT_EQ(0, HC(UMBRA_HC_SET_MMU, 1, 0));
	ASSERT_EQ(0, get_cp15(&self->vm, REG_SCTLR, &v));
	EXPECT_EQ(1, v & 1);
	ASSERT_EQ(MARK_A, LOAD(WIN_VA));
	ASSERT_EQ(INVALID, HC(UMBRA_HC_SET_MMU, 2, 0));
	ASSERT_EQ(MARK_A, LOAD(WIN_VA));
}

/* MAP shadows a page before any access: the access then finds it. */
TEST_F(umbra, pv_map)
{
	START_PV();
	ram32(&self->vm, L2_A)[1] = SMALL(GUEST_RAM_BASE + PAGE_B);
	ASSERT_EQ(0, HC(UMBRA_HC_MAP, WIN_VA + 0x1000, UMBRA_HC_MAP_READ));
	ram32(&self->vm, L2_A)[1] = SMALL(GUEST_RAM_BASE + PAGE_C);
	/* the entry MAP made, not one from the new guest PTE */
	ASSERT_EQ(MARK_B, LOAD(WIN_VA + 0x1000));

	EXPECT_EQ(INVALID, HC(UMBRA_HC_MAP, UNMAPPED_VA, UMBRA_HC_MAP_READ));
	EXPECT_EQ(INVALID, HC(UMBRA_HC_MAP, UMBRA_FORBIDDEN_BASE,
			      UMBRA_HC_MAP_READ));
	EXPECT_EQ(INVALID, HC(UMBRA_HC_MAP, WIN_VA, 3));
	EXPECT_EQ(0, HC(UMBRA_HC_MAP, WIN_VA, UMBRA_HC_MAP_WRITE));
	EXPECT_EQ(0, HC(UMBRA_HC_MAP, GUEST_RAM_BASE, UMBRA_HC_MAP_EXEC));
}

TEST_F(umbra, pv_yield_wfe)
{
	START_PV();
	EXPECT_EQ(0, HC(UMBRA_HC_YIELD, 0, 0));
	EXPECT_EQ(PV_WFE_DONE, PV(PV_OP_WFE, 0, 0, 0));
	EXPECT_EQ(MARK_A, LOAD(WIN_VA));	/* and it runs on */
}

/*
 * UMBRA_HC_SET_CPSR_C: masking and unmasking within a mode is served by
 * the monitor without a world switch (vectors.S); the host must see the
 * same virtual CPSR as after the full path, which mode changes take.
 */
#define CPSR_C(mode, aif)	((mode) | (aif))
#define AIF			(UMBRA_PSR_A | UMBRA_PSR_I | UMBRA_PSR_F)

TEST_F(umbra, pv_set_cpsr_c)
{
	struct umbra_regs regs;

	START_PV();
	ASSERT_EQ(0, HC(UMBRA_HC_SET_CPSR_C,
			CPSR_C(UMBRA_PSR_MODE_SVC, UMBRA_PSR_A), 0));
	ASSERT_OK(umbra_get_regs(&self->vm, &regs));
	EXPECT_EQ(CPSR_C(UMBRA_PSR_MODE_SVC, UMBRA_PSR_A), regs.cpsr & 0x1df);
	EXPECT_EQ(CPSR_C(UMBRA_PSR_MODE_SVC, UMBRA_PSR_A),
		  HC(UMBRA_HC_GET_CPSR, 0, 0) & 0x1df);
	ASSERT_EQ(0, HC(UMBRA_HC_SET_CPSR_C,
			CPSR_C(UMBRA_PSR_MODE_SVC, AIF), 0));
	EXPECT_EQ(CPSR_C(UMBRA_PSR_MODE_SVC, AIF),
		  HC(UMBRA_HC_GET_CPSR, 0, 0) & 0x1df);
	/* a mode change (full path), a mask change there, and back */
	ASSERT_EQ(0, HC(UMBRA_HC_SET_CPSR_C,
			CPSR_C(UMBRA_PSR_MODE_SYS, AIF), 0));
	ASSERT_EQ(0, HC(UMBRA_HC_SET_CPSR_C,
			CPSR_C(UMBRA_PSR_MODE_SYS, UMBRA_PSR_F), 0));
	EXPECT_EQ(CPSR_C(UMBRA_PSR_MODE_SYS, UMBRA_PSR_F),
		  HC(UMBRA_HC_GET_CPSR, 0, 0) & 0x1df);
	ASSERT_EQ(INVALID, HC(UMBRA_HC_SET_CPSR_C, AIF, 0));	/* mode 0 */
	ASSERT_EQ(0, HC(UMBRA_HC_SET_CPSR_C,
			CPSR_C(UMBRA_PSR_MODE_SVC, AIF), 0));
	ASSERT_OK(umbra_get_regs(&self->vm, &regs));
	EXPECT_EQ(CPSR_C(UMBRA_PSR_MODE_SVC, AIF), regs.cpsr & 0x1df);
	EXPECT_EQ(MARK_A, LOAD(WIN_VA));	/* and it runs on */
}

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static double ts_sec(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * WFI with nothing to wake it but a signal: the vCPU thread sleeps (at
 * most 5% of the second in CPU time), SIGALRM ends UMBRA_RUN with
 * UMBRA_EXIT_INTR and the PC after the WFI, and the guest continues.
 */
TEST_F_TIMEOUT(umbra, wfi_sleeps_until_signal, 60)
{
	/* no SA_RESTART: the signal must end UMBRA_RUN */
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { .it_value = { .tv_sec = 1 } };
	struct umbra_regs regs;
	double t0, c0, wall, cpu;

	ASSERT_EQ(0, sigemptyset(&sa.sa_mask));
	ASSERT_EQ(0, sigaction(SIGALRM, &sa, NULL));
	START_PV();
	pv_ask(&self->vm, PV_OP_WFI, 0, 0, 0);
	ASSERT_EQ(0, setitimer(ITIMER_REAL, &it, NULL));
	t0 = ts_sec(CLOCK_MONOTONIC);
	c0 = ts_sec(CLOCK_THREAD_CPUTIME_ID);
	ASSERT_ERRNO(EINTR, ioctl(self->vm.vcpu_fd, UMBRA_RUN, 0));
	cpu = ts_sec(CLOCK_THREAD_CPUTIME_ID) - c0;
	wall = ts_sec(CLOCK_MONOTONIC) - t0;
	ASSERT_EQ(1, alarms);
	ASSERT_EXIT(&self->vm, UMBRA_EXIT_INTR);
	EXPECT_LE(0.9, wall) TH_LOG("WFI returned after %.3f s", wall);
	EXPECT_GE(0.05 * wall, cpu)
		TH_LOG("%.3f s of CPU time in %.3f s of WFI", cpu, wall);
	ASSERT_OK(umbra_get_regs(&self->vm, &regs));
	ASSERT_EQ(GUEST_RAM_BASE + (__u32)(guest_pv_server_after_wfi -
					    guest_pv_server_start), regs.pc);
	/* resumed, it continues after the WFI */
	ASSERT_RUN(&self->vm, UMBRA_EXIT_HYPERCALL);
	ASSERT_EQ(PV_HC_NEXT, self->vm.run->hypercall.nr);
	ASSERT_EQ(PV_WFI_DONE, self->vm.run->hypercall.args[0]);
	ASSERT_EQ(MARK_A, LOAD(WIN_VA));
}

TEST_HARNESS_MAIN
