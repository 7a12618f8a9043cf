// SPDX-License-Identifier: GPL-2.0
/*
 * umbra target tests: guest hypercalls (SVC with SMCCC register usage).
 */
#include "umbra_test.h"

#define RAM_SIZE	0x10000
#define NOT_SUPPORTED	((__u32)UMBRA_SMCCC_RET_NOT_SUPPORTED)

/* Start guest_hc_call with function ID @fid and argument @arg in r1. */
#define START_HC_CALL(fid, arg) do { \
	const struct guest_code __c = GUEST_CODE(guest_hc_call); \
	ASSERT_OK(umbra_vm_start(&self->vm, self->dev_fd, RAM_SIZE, &__c)); \
	ASSERT_OK(umbra_vcpu_set_args(&self->vm, (fid), (arg), 0, 0)); \
} while (0)

TEST_F(umbra, hc_version)
{
	const struct guest_code code = GUEST_CODE(guest_hc_version);

	ASSERT_OK(umbra_vm_start(&self->vm, self->dev_fd, RAM_SIZE, &code));
	/* the guest checks r0 == UMBRA_HC_ABI_VERSION itself */
	ASSERT_RUN_SHUTDOWN(&self->vm, GUEST_OK);
}

TEST_F(umbra, hc_shutdown_status)
{
	START_HC_CALL(UMBRA_HC_SHUTDOWN, 0xdeadbeef);
	ASSERT_RUN_SHUTDOWN(&self->vm, 0xdeadbeef);
}

TEST_F(umbra, hc_features_shutdown)
{
	START_HC_CALL(UMBRA_HC_FEATURES, UMBRA_HC_SHUTDOWN);
	ASSERT_RUN_SHUTDOWN(&self->vm, UMBRA_SMCCC_RET_SUCCESS);
}

TEST_F(umbra, hc_features_version)
{
	START_HC_CALL(UMBRA_HC_FEATURES, UMBRA_HC_VERSION);
	ASSERT_RUN_SHUTDOWN(&self->vm, UMBRA_SMCCC_RET_SUCCESS);
}

/* FEATURES of an ID in the VMM's range is the VMM's to answer. */
TEST_F(umbra, hc_features_vmm_range)
{
	struct umbra_run *run;

	START_HC_CALL(UMBRA_HC_FEATURES, UMBRA_HC_CONSOLE_WRITE);
	ASSERT_RUN(&self->vm, UMBRA_EXIT_HYPERCALL);
	run = self->vm.run;
	ASSERT_EQ(UMBRA_HC_FEATURES, run->hypercall.nr);
	ASSERT_EQ(UMBRA_HC_CONSOLE_WRITE, run->hypercall.args[0]);
	run->hypercall.ret[0] = UMBRA_SMCCC_RET_SUCCESS;
	ASSERT_RUN_SHUTDOWN(&self->vm, UMBRA_SMCCC_RET_SUCCESS);
}

TEST_F(umbra, hc_features_unknown)
{
	START_HC_CALL(UMBRA_HC_FEATURES, 0x12345678);
	ASSERT_RUN_SHUTDOWN(&self->vm, NOT_SUPPORTED);
}

/*
 * The VMM range is forwarded as UMBRA_EXIT_HYPERCALL with nr and r1-r6 as
 * the guest set them; what userspace writes to ret[] lands in r0-r3, and
 * r4-r12, sp and lr survive (the guest checks them).
 */
TEST_F(umbra, hc_console_write_exit)
{
	const struct guest_code code = GUEST_CODE(guest_hc_console);
	struct umbra_vm *vm = &self->vm;
	size_t msg = guest_hc_console_msg - guest_hc_console_start;
	struct umbra_run *run;

	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE, &code));
	run = vm->run;
	ASSERT_RUN(vm, UMBRA_EXIT_HYPERCALL);
	ASSERT_EQ(UMBRA_HC_CONSOLE_WRITE, run->hypercall.nr);
	EXPECT_EQ(GUEST_RAM_BASE + msg, run->hypercall.args[0]);
	EXPECT_EQ(GUEST_MSG_LEN, run->hypercall.args[1]);
	EXPECT_EQ(GUEST_ARG3, run->hypercall.args[2]);
	EXPECT_EQ(GUEST_ARG4, run->hypercall.args[3]);
	EXPECT_EQ(GUEST_ARG5, run->hypercall.args[4]);
	EXPECT_EQ(GUEST_ARG6, run->hypercall.args[5]);
	/* results are pre-set to NOT_SUPPORTED, 0, 0, 0 */
	EXPECT_EQ(NOT_SUPPORTED, run->hypercall.ret[0]);
	EXPECT_EQ(0, run->hypercall.ret[1]);
	EXPECT_EQ(0, run->hypercall.ret[2]);
	EXPECT_EQ(0, run->hypercall.ret[3]);
	/* the buffer is where the guest said, in the VMM's mapping */
	EXPECT_EQ(0, memcmp(vm->ram + msg, GUEST_MSG, GUEST_MSG_LEN));

	run->hypercall.ret[0] = GUEST_RET0;
	run->hypercall.ret[1] = GUEST_RET1;
	run->hypercall.ret[2] = GUEST_RET2;
	run->hypercall.ret[3] = GUEST_RET3;
	ASSERT_RUN_SHUTDOWN(vm, GUEST_OK);
}

/* Untouched results reach the guest as NOT_SUPPORTED. */
TEST_F(umbra, hc_vmm_range_default_result)
{
	START_HC_CALL(UMBRA_HC_VMM_LAST, 7);
	ASSERT_RUN(&self->vm, UMBRA_EXIT_HYPERCALL);
	ASSERT_EQ(UMBRA_HC_VMM_LAST, self->vm.run->hypercall.nr);
	ASSERT_EQ(7, self->vm.run->hypercall.args[0]);
	ASSERT_RUN_SHUTDOWN(&self->vm, NOT_SUPPORTED);
}

/* Unknown function IDs return NOT_SUPPORTED without exiting. */
UMBRA_FIXTURE(unknown_hc)

FIXTURE_VARIANT(unknown_hc) {
	__u32 fid;
};
FIXTURE_VARIANT_ADD(unknown_hc, not_umbra) { .fid = 0x12345678 };
FIXTURE_VARIANT_ADD(unknown_hc, zero) { .fid = 0 };
FIXTURE_VARIANT_ADD(unknown_hc, module_range) { .fid = 0x860000ff };
FIXTURE_VARIANT_ADD(unknown_hc, above_vmm_range) { .fid = 0x86010000 };
FIXTURE_VARIANT_ADD(unknown_hc, smc64) { .fid = 0xc6000000 };

TEST_F(unknown_hc, not_supported)
{
	START_HC_CALL(variant->fid, 0);
	/* straight to the guest's shutdown: no exit to userspace */
	ASSERT_RUN_SHUTDOWN(&self->vm, NOT_SUPPORTED);
}

TEST_HARNESS_MAIN
