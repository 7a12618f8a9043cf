// SPDX-License-Identifier: GPL-2.0
/*
 * umbra target tests: two VMs running at once, one per thread, each
 * writing its own pattern over its own RAM.
 */
#include <pthread.h>
#include <stdio.h>

#include "umbra_test.h"

#define NR_VMS		2
#define RAM_SIZE	0x100000
#define PASSES		4

struct vm_thread {
	pthread_t thread;
	pthread_barrier_t *start;
	int dev_fd;
	__u32 key;
	struct umbra_vm vm;
	char err[256];	/* empty if the guest shut down with GUEST_OK */
};

static void *vm_thread_fn(void *arg)
{
	const struct guest_code code = GUEST_CODE(guest_ram_pattern);
	struct vm_thread *t = arg;
	struct umbra_vm *vm = &t->vm;
	int ok;

	ok = !umbra_vm_start(vm, t->dev_fd, RAM_SIZE, &code) &&
	     !umbra_vcpu_set_args(vm, GUEST_RAM_BASE + 0x1000,
				  RAM_SIZE - 0x1000, t->key, PASSES);
	pthread_barrier_wait(t->start);
	if (!ok) {
		snprintf(t->err, sizeof(t->err), "%s", umbra_util_err);
		return NULL;
	}
	if (umbra_run(vm))
		snprintf(t->err, sizeof(t->err), "%s", umbra_util_err);
	else if (vm->run->exit_reason != UMBRA_EXIT_SHUTDOWN ||
		 vm->run->shutdown.status != GUEST_OK)
		snprintf(t->err, sizeof(t->err), "%s",
			 umbra_exit_str(vm->run));
	return NULL;
}

/* offset of the first word of @t's RAM not holding its pattern */
static size_t check_pattern(const struct vm_thread *t)
{
	const __u32 *w = (const __u32 *)t->vm.ram;
	size_t off;

	for (off = 0x1000; off < RAM_SIZE; off += 4)
		if (w[off / 4] != ((GUEST_RAM_BASE + off) ^ t->key))
			break;
	return off;
}

TEST_F_TIMEOUT(umbra, two_vms_two_threads, 300)
{
	struct vm_thread t[NR_VMS];
	pthread_barrier_t start;
	size_t off;
	int i;

	ASSERT_EQ(0, pthread_barrier_init(&start, NULL, NR_VMS));
	memset(t, 0, sizeof(t));
	for (i = 0; i < NR_VMS; i++) {
		t[i].start = &start;
		t[i].dev_fd = self->dev_fd;
		t[i].key = 0x11111111u * (i + 1) ^ 0xa5000000u;
		umbra_vm_init(&t[i].vm);
		ASSERT_EQ(0, pthread_create(&t[i].thread, NULL, vm_thread_fn,
					    &t[i]));
	}
	for (i = 0; i < NR_VMS; i++)
		pthread_join(t[i].thread, NULL);

	for (i = 0; i < NR_VMS; i++) {
		EXPECT_STREQ("", t[i].err) TH_LOG("VM %d", i);
		if (t[i].err[0])
			continue;
		off = check_pattern(&t[i]);
		EXPECT_EQ(RAM_SIZE, off)
			TH_LOG("VM %d: %#x at IPA %#zx", i,
			       ((const __u32 *)t[i].vm.ram)[off / 4],
			       GUEST_RAM_BASE + off);
	}
	for (i = 0; i < NR_VMS; i++)
		umbra_vm_destroy(&t[i].vm);
	pthread_barrier_destroy(&start);
}

TEST_HARNESS_MAIN
