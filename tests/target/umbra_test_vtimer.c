// SPDX-License-Identifier: GPL-2.0
/*
 * The virtual timer's counter from userspace: CNTVCT does not advance
 * while no vCPU is inside UMBRA_RUN, ONE_REG save/restore of the timer
 * registers, and c14 Undefined without an irqchip (design.rst, "The
 * virtual timer").
 */
#include <time.h>

#include "umbra_test.h"

#define RAM_SIZE	0x10000
#define GICD_BASE	0x08000000u
#define GICC_BASE	0x08010000u
#define TICKS_PER_MS	62500ull		/* 62.5 MHz */
#define HOST_DELAY_MS	300

/*
 * guest_cntvct: forever: MRRC CNTVCT into r1 (bits [31:0]) and r2
 * ([63:32]), reported with the forwarded hypercall GUEST_HC_REPORT.
 */
_Static_assert(GUEST_HC_REPORT == 0x86000200u, "GUEST_HC_REPORT");
GUEST_CODE_DECLARE(guest_cntvct);
__asm__(
"	.pushsection .rodata.umbra_guest, \"a\"\n"
"	.arm\n"
"	.balign	4\n"
"	.global	guest_cntvct_start, guest_cntvct_end\n"
"guest_cntvct_start:\n"
"1:	mrrc	p15, 1, r1, r2, c14\n"
"	ldr	r0, =0x86000200\n"
"	svc	#0\n"
"	b	1b\n"
"	.ltorg\n"
"	.balign	4\n"
"guest_cntvct_end:\n"
"	.popsection\n");

static __u64 reported(const struct umbra_run *run)
{
	return (__u64)run->hypercall.args[1] << 32 | run->hypercall.args[0];
}

static int create_irqchip(int vm_fd)
{
	struct umbra_irqchip ic = {
		.dist_base = GICD_BASE, .cpu_base = GICC_BASE, .nr_irqs = 64,
	};

	return ioctl(vm_fd, UMBRA_CREATE_IRQCHIP, &ic);
}

static int one_reg(struct umbra_vm *vm, __u64 id, void *val, bool set)
{
	struct umbra_one_reg r = { .id = id, .addr = (uintptr_t)val };

	return ioctl(vm->vcpu_fd, set ? UMBRA_SET_ONE_REG : UMBRA_GET_ONE_REG,
		     &r);
}

/* run until the guest reports; its CNTVCT */
#define RUN_READ(vm, out) do { \
	ASSERT_RUN(vm, UMBRA_EXIT_HYPERCALL); \
	ASSERT_EQ(GUEST_HC_REPORT, (vm)->run->hypercall.nr); \
	out = reported((vm)->run); \
} while (0)

TEST_F(umbra, vtimer_cap)
{
	ASSERT_EQ(1, ioctl(self->dev_fd, UMBRA_CHECK_EXTENSION,
			   UMBRA_CAP_VTIMER));
}

TEST_F(umbra, vtimer_undefined_without_irqchip)
{
	const struct guest_code code = GUEST_CODE(guest_cntvct);
	struct umbra_vm *vm = &self->vm;
	__u64 v = 0;

	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE, &code));
	ASSERT_ERRNO(ENOENT, one_reg(vm, UMBRA_REG_TIMER_CNT, &v, false));
	/* no vectors: the Undefined Instruction stops the vCPU */
	ASSERT_RUN(vm, UMBRA_EXIT_INTERNAL_ERROR);
	ASSERT_EQ(UMBRA_INTERNAL_ERROR_UNDEF, vm->run->internal.suberror);
	ASSERT_EQ(GUEST_RAM_BASE, vm->run->internal.data[0]);
}

TEST_F(umbra, vtimer_counter_stops_outside_run)
{
	const struct guest_code code = GUEST_CODE(guest_cntvct);
	struct umbra_vm *vm = &self->vm;
	struct timespec delay = { 0, HOST_DELAY_MS * 1000000l };
	__u64 c0, c1, c2;

	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE, &code));
	ASSERT_EQ(0, create_irqchip(vm->vm_fd));
	RUN_READ(vm, c0);
	RUN_READ(vm, c1);
	EXPECT_GE(c1, c0);
	ASSERT_EQ(0, nanosleep(&delay, NULL));
	RUN_READ(vm, c2);
	EXPECT_GT(c2, c1);
	/*
	 * 300 ms of host time passed between c1 and c2, all but a run's
	 * worth outside UMBRA_RUN: the counter saw far less (100 ms is a
	 * generous bound for one exit and entry on a loaded emulated host)
	 */
	EXPECT_LT(c2 - c1, 100 * TICKS_PER_MS)
		TH_LOG("CNTVCT advanced %llu ticks across a %d ms pause",
		       (unsigned long long)(c2 - c1), HOST_DELAY_MS);
}

TEST_F(umbra, vtimer_one_reg)
{
	const struct guest_code code = GUEST_CODE(guest_cntvct);
	struct umbra_vm *vm = &self->vm;
	const __u64 base = 1ull << 40;
	__u64 v64, c;
	__u32 v32;

	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE, &code));
	ASSERT_EQ(0, create_irqchip(vm->vm_fd));

	/* CNT: set, then the guest sees it (stopped until it runs) */
	v64 = base;
	ASSERT_EQ(0, one_reg(vm, UMBRA_REG_TIMER_CNT, &v64, true));
	v64 = 0;
	ASSERT_EQ(0, one_reg(vm, UMBRA_REG_TIMER_CNT, &v64, false));
	EXPECT_EQ(base, v64);
	RUN_READ(vm, c);
	EXPECT_GE(c, base);
	EXPECT_LT(c, base + 1000 * TICKS_PER_MS);

	/* CVAL round trip; CTL with ISTATUS computed and read-only */
	v64 = base + 1000 * 1000 * TICKS_PER_MS;	/* 1000 s ahead */
	ASSERT_EQ(0, one_reg(vm, UMBRA_REG_TIMER_CVAL, &v64, true));
	v64 = 0;
	ASSERT_EQ(0, one_reg(vm, UMBRA_REG_TIMER_CVAL, &v64, false));
	EXPECT_EQ(base + 1000 * 1000 * TICKS_PER_MS, v64);
	v32 = 0x7;	/* ENABLE | IMASK | ISTATUS */
	ASSERT_EQ(0, one_reg(vm, UMBRA_REG_TIMER_CTL, &v32, true));
	v32 = 0;
	ASSERT_EQ(0, one_reg(vm, UMBRA_REG_TIMER_CTL, &v32, false));
	EXPECT_EQ(0x3, v32);
	v64 = 0;	/* CVAL in the past: ISTATUS */
	ASSERT_EQ(0, one_reg(vm, UMBRA_REG_TIMER_CVAL, &v64, true));
	ASSERT_EQ(0, one_reg(vm, UMBRA_REG_TIMER_CTL, &v32, false));
	EXPECT_EQ(0x7, v32);

	/* CNTKCTL keeps its 10 defined bits */
	v32 = 0xffffffff;
	ASSERT_EQ(0, one_reg(vm, UMBRA_REG_CNTKCTL, &v32, true));
	ASSERT_EQ(0, one_reg(vm, UMBRA_REG_CNTKCTL, &v32, false));
	EXPECT_EQ(0x3ff, v32);

	ASSERT_ERRNO(EFAULT, one_reg(vm, UMBRA_REG_TIMER_CNT, NULL, false));
}

TEST_HARNESS_MAIN
