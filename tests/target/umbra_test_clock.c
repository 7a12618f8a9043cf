// SPDX-License-Identifier: GPL-2.0
/*
 * umbra target tests: the guest's virtual clock (UMBRA_HC_CLOCK), read by
 * a guest across a known delay of the host, against the host's
 * CLOCK_MONOTONIC. The guest SDK's clock() and gettimeofday() built on it
 * are checked by the usermode guest (tests/guests/usermode).
 */
#include <time.h>

#include "umbra_test.h"

#define RAM_SIZE	0x10000
#define NSEC_PER_MSEC	1000000ull
#define HOST_DELAY_MS	300
#define MONO_READS	2000
#define GUEST_NOT_MONO	0xbad0c10c

/*
 * guest_clock: reads the clock MONO_READS times and shuts down with
 * GUEST_NOT_MONO if it ever goes back; else reports one reading with the
 * forwarded hypercall GUEST_HC_REPORT (r1 = bits [31:0], r2 = [63:32]),
 * then a second one, then shuts down with GUEST_OK. ARM state, r4-r8
 * survive hypercalls.
 */
_Static_assert(UMBRA_HC_CLOCK == 0x86000007u, "UMBRA_HC_CLOCK");
_Static_assert(UMBRA_HC_SHUTDOWN == 0x86000002u, "UMBRA_HC_SHUTDOWN");
_Static_assert(GUEST_HC_REPORT == 0x86000200u, "GUEST_HC_REPORT");
_Static_assert(GUEST_OK == 0x600d, "GUEST_OK");
_Static_assert(MONO_READS == 2000, "MONO_READS");
GUEST_CODE_DECLARE(guest_clock);
__asm__(
"	.pushsection .rodata.umbra_guest, \"a\"\n"
"	.arm\n"
"	.balign	4\n"
"	.global	guest_clock_start, guest_clock_end\n"
"guest_clock_start:\n"
"	ldr	r0, =0x86000007\n"
"	svc	#0\n"
"	mov	r4, r0\n"			/* previous reading: r5:r4 */
"	mov	r5, r1\n"
"	ldr	r6, =2000\n"
"1:	ldr	r0, =0x86000007\n"
"	svc	#0\n"
"	subs	r2, r0, r4\n"		/* new - previous, 64-bit */
"	sbcs	r3, r1, r5\n"
"	bmi	2f\n"			/* negative: went back */
"	mov	r4, r0\n"
"	mov	r5, r1\n"
"	subs	r6, r6, #1\n"
"	bne	1b\n"
"	ldr	r0, =0x86000007\n"
"	svc	#0\n"
"	mov	r2, r1\n"
"	mov	r1, r0\n"
"	ldr	r0, =0x86000200\n"
"	svc	#0\n"			/* report 1 */
"	ldr	r0, =0x86000007\n"
"	svc	#0\n"
"	mov	r2, r1\n"
"	mov	r1, r0\n"
"	ldr	r0, =0x86000200\n"
"	svc	#0\n"			/* report 2 */
"	ldr	r1, =0x600d\n"
"	b	3f\n"
"2:	ldr	r1, =0xbad0c10c\n"
"3:	ldr	r0, =0x86000002\n"
"	svc	#0\n"
"	udf	#0\n"
"	.ltorg\n"
"	.balign	4\n"
"guest_clock_end:\n"
"	.popsection\n");

static __u64 host_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static __u64 reported(const struct umbra_run *run)
{
	return (__u64)run->hypercall.args[1] << 32 | run->hypercall.args[0];
}

/*
 * The clock is monotonic, counts from VM creation (host CLOCK_MONOTONIC
 * bounds it on both sides), and advances across HOST_DELAY_MS of host
 * sleep, while the vCPU does not run, by at least that and at most the
 * host time that passed.
 */
TEST_F(umbra, clock_monotonic_and_host_delay)
{
	const struct guest_code code = GUEST_CODE(guest_clock);
	struct umbra_vm *vm = &self->vm;
	__u64 create0, create1, h1, c1, h2, c2;
	struct timespec delay = {
		.tv_sec = HOST_DELAY_MS / 1000,
		.tv_nsec = (HOST_DELAY_MS % 1000) * NSEC_PER_MSEC,
	};

	create0 = host_ns();
	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE, &code));
	create1 = host_ns();

	ASSERT_OK(umbra_run(vm));
	h1 = host_ns();
	ASSERT_EXIT(vm, UMBRA_EXIT_HYPERCALL);
	ASSERT_EQ(GUEST_HC_REPORT, vm->run->hypercall.nr);
	c1 = reported(vm->run);
	EXPECT_LE(c1, h1 - create0)
		TH_LOG("clock %llu ns, but only %llu ns since VM creation",
		       (unsigned long long)c1,
		       (unsigned long long)(h1 - create0));
	EXPECT_GT(c1, 0);

	ASSERT_EQ(0, nanosleep(&delay, NULL));
	ASSERT_OK(umbra_run(vm));
	h2 = host_ns();
	ASSERT_EXIT(vm, UMBRA_EXIT_HYPERCALL);
	ASSERT_EQ(GUEST_HC_REPORT, vm->run->hypercall.nr);
	c2 = reported(vm->run);
	EXPECT_GE(c2 - c1, HOST_DELAY_MS * NSEC_PER_MSEC)
		TH_LOG("clock advanced %llu ns across a %d ms host sleep",
		       (unsigned long long)(c2 - c1), HOST_DELAY_MS);
	EXPECT_LE(c2, h2 - create0);
	/* read after h1 + the sleep, and the clock started before create1 */
	EXPECT_GE(c2, h1 + HOST_DELAY_MS * NSEC_PER_MSEC - create1)
		TH_LOG("clock %llu ns, host %llu ns since creation",
		       (unsigned long long)c2,
		       (unsigned long long)(h1 - create1));

	ASSERT_RUN_SHUTDOWN(vm, GUEST_OK);
}

TEST_HARNESS_MAIN
