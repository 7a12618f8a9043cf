// SPDX-License-Identifier: GPL-2.0
/*
 * umbra target tests: misbehaving guests - undefined instructions, aborts
 * and the monitor's forbidden range - stop cleanly and the host survives.
 */
#include "umbra_test.h"

#define RAM_SIZE	0x10000
#define POISON		0xdeadbeef
#define MMIO_DATA	0x5eed5eed
#define OUTSIDE_RAM	0x20000000u	/* no region there */

#define ASSERT_INTERNAL(vm, sub) do { \
	ASSERT_EXIT(vm, UMBRA_EXIT_INTERNAL_ERROR); \
	ASSERT_EQ((__u32)(sub), (vm)->run->internal.suberror) \
		TH_LOG("%s", umbra_exit_str((vm)->run)); \
} while (0)

UMBRA_FIXTURE(undef)

FIXTURE_VARIANT(undef) {
	struct guest_code code;
};
FIXTURE_VARIANT_ADD(undef, mrc_impdef) {
	.code = GUEST_CODE(guest_undef_mrc),
};
FIXTURE_VARIANT_ADD(undef, udf) {
	.code = GUEST_CODE(guest_undef_udf),
};

TEST_F(undef, internal_error)
{
	struct umbra_vm *vm = &self->vm;
	__u32 insn;

	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE, &variant->code));
	ASSERT_RUN(vm, UMBRA_EXIT_INTERNAL_ERROR);
	ASSERT_INTERNAL(vm, UMBRA_INTERNAL_ERROR_UNDEF);
	/* data: pc, instruction, cpsr */
	memcpy(&insn, variant->code.start, 4);
	ASSERT_LE(3, vm->run->internal.ndata);
	EXPECT_EQ(GUEST_RAM_BASE, vm->run->internal.data[0]);
	EXPECT_EQ(insn, vm->run->internal.data[1]);
	EXPECT_EQ(GUEST_CPSR, vm->run->internal.data[2] & 0x1ff);
	umbra_vm_destroy(vm);
	ASSERT_HOST_ALIVE(self->dev_fd);
}

/* A jump to an IPA without memory is a prefetch abort. */
TEST_F(umbra, prefetch_abort_outside_ram)
{
	const struct guest_code code = GUEST_CODE(guest_jump);
	struct umbra_vm *vm = &self->vm;

	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE, &code));
	ASSERT_OK(umbra_vcpu_set_args(vm, OUTSIDE_RAM, 0, 0, 0));
	ASSERT_RUN(vm, UMBRA_EXIT_INTERNAL_ERROR);
	ASSERT_INTERNAL(vm, UMBRA_INTERNAL_ERROR_ABORT);
	/* data: pc, fsr, far, is_prefetch */
	ASSERT_LE(4, vm->run->internal.ndata);
	EXPECT_EQ(OUTSIDE_RAM, vm->run->internal.data[0]);
	EXPECT_EQ(OUTSIDE_RAM, vm->run->internal.data[2]);
	EXPECT_EQ(1, vm->run->internal.data[3]);
	umbra_vm_destroy(vm);
	ASSERT_HOST_ALIVE(self->dev_fd);
}

static inline void set_d8(__u64 v)
{
	asm volatile("vmov d8, %Q0, %R0" : : "r" (v) : "d8");
}

static inline __u64 get_d8(void)
{
	__u64 v;

	asm volatile("vmov %Q0, %R0, d8" : "=r" (v));
	return v;
}

/*
 * A guest VFP instruction is Undefined while guests have no VFP state
 * (or, later, runs on the guest's own state): either way the VMM thread's
 * VFP registers are untouched.
 */
TEST_F(umbra, vfp_host_state_untouched)
{
	const struct guest_code code = GUEST_CODE(guest_vfp);
	const __u64 host = 0x0123456789abcdefull;
	struct umbra_vm *vm = &self->vm;
	__u64 d8;

	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE, &code));
	ASSERT_OK(umbra_vcpu_set_args(vm, POISON, POISON, 0, 0));
	set_d8(host);
	ASSERT_OK(umbra_run(vm));
	d8 = get_d8();
	ASSERT_EQ(host, d8) TH_LOG("host d8 = %#llx", (unsigned long long)d8);
	if (vm->run->exit_reason == UMBRA_EXIT_SHUTDOWN) {
		ASSERT_EQ(GUEST_DONE, vm->run->shutdown.status);
	} else {
		ASSERT_INTERNAL(vm, UMBRA_INTERNAL_ERROR_UNDEF);
		ASSERT_EQ(GUEST_RAM_BASE, vm->run->internal.data[0]);
	}
}

/*
 * The forbidden range holds the monitor's vectors and save areas, mapped
 * PL1-only in every shadow table: a guest access is a Permission fault
 * (ARM ARM B3.13.3, FS 0b01111) and stops the guest with an abort exit at
 * that address, before the access completes.
 */
UMBRA_FIXTURE(forbidden)

FIXTURE_VARIANT(forbidden) {
	__u32 addr;
};
FIXTURE_VARIANT_ADD(forbidden, first_word) {
	.addr = UMBRA_FORBIDDEN_BASE,
};
FIXTURE_VARIANT_ADD(forbidden, middle) {
	.addr = UMBRA_FORBIDDEN_BASE + UMBRA_FORBIDDEN_SIZE / 2 + 0x40,
};
FIXTURE_VARIANT_ADD(forbidden, last_word) {
	.addr = UMBRA_FORBIDDEN_BASE + UMBRA_FORBIDDEN_SIZE - 4,
};

/* The abort exit: a data abort at @addr, a permission fault. */
#define ASSERT_FORBIDDEN_ABORT(vm, addr) do { \
	__u32 __fsr; \
	ASSERT_INTERNAL(vm, UMBRA_INTERNAL_ERROR_ABORT); \
	__fsr = (vm)->run->internal.data[1]; \
	ASSERT_EQ((addr), (vm)->run->internal.data[2]); \
	ASSERT_EQ(0, (vm)->run->internal.data[3]); /* data abort */ \
	ASSERT_EQ(0xf, ((__fsr >> 6) & 0x10) | (__fsr & 0xf)) \
		TH_LOG("FSR %#x is not a permission fault", __fsr); \
} while (0)

TEST_F(forbidden, read)
{
	const struct guest_code code = GUEST_CODE(guest_mmio_ldr);
	struct umbra_vm *vm = &self->vm;
	struct umbra_regs regs;

	/* ldr r1, [r0]; shutdown(r1) */
	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE, &code));
	ASSERT_OK(umbra_vcpu_set_args(vm, variant->addr, POISON, 0, 0));
	ASSERT_RUN(vm, UMBRA_EXIT_INTERNAL_ERROR);
	ASSERT_FORBIDDEN_ABORT(vm, variant->addr);
	/* the load did not complete: r1 holds no monitor data */
	ASSERT_OK(umbra_get_regs(vm, &regs));
	ASSERT_EQ(POISON, regs.usr_regs[1]);
	ASSERT_EQ(GUEST_RAM_BASE, regs.pc);
	umbra_vm_destroy(vm);
	ASSERT_HOST_ALIVE(self->dev_fd);
}

TEST_F(forbidden, write)
{
	const struct guest_code code = GUEST_CODE(guest_mmio_str);
	struct umbra_vm *vm = &self->vm;

	/* str r1, [r0]; shutdown(GUEST_OK) */
	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE, &code));
	ASSERT_OK(umbra_vcpu_set_args(vm, variant->addr, POISON, 0, 0));
	ASSERT_RUN(vm, UMBRA_EXIT_INTERNAL_ERROR);
	ASSERT_FORBIDDEN_ABORT(vm, variant->addr);
	/* running again faults again: the store never completes */
	ASSERT_RUN(vm, UMBRA_EXIT_INTERNAL_ERROR);
	ASSERT_FORBIDDEN_ABORT(vm, variant->addr);
	umbra_vm_destroy(vm);
	/* the monitor still works for everyone */
	ASSERT_HOST_ALIVE(self->dev_fd);
}

TEST_F(forbidden, jump)
{
	const struct guest_code code = GUEST_CODE(guest_jump);
	struct umbra_vm *vm = &self->vm;

	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE, &code));
	ASSERT_OK(umbra_vcpu_set_args(vm, variant->addr, 0, 0, 0));
	ASSERT_RUN(vm, UMBRA_EXIT_INTERNAL_ERROR);
	ASSERT_INTERNAL(vm, UMBRA_INTERNAL_ERROR_ABORT);
	umbra_vm_destroy(vm);
	ASSERT_HOST_ALIVE(self->dev_fd);
}

/*
 * CP15 from a virtual privileged mode is emulated: SCTLR reads as its
 * reset value (MMU, caches off; ARM ARM B4.1.130).
 */
TEST_F(umbra, cp15_sctlr_reset_value)
{
	const struct guest_code code = GUEST_CODE(guest_cp15_sctlr);

	ASSERT_OK(umbra_vm_start(&self->vm, self->dev_fd, RAM_SIZE, &code));
	ASSERT_RUN_SHUTDOWN(&self->vm, 0x00c50078);
}

TEST_HARNESS_MAIN
