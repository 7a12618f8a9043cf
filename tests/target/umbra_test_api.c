// SPDX-License-Identifier: GPL-2.0
/*
 * umbra target tests: /dev/umbra basics - API version, capabilities,
 * creating VMs and vCPUs, unknown ioctls.
 */
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "umbra_test.h"

#define MANY_VMS_SEQUENTIAL	200
#define MANY_VMS_AT_ONCE	32

TEST_F(umbra, api_version)
{
	long size;

	ASSERT_EQ(UMBRA_API_VERSION,
		  ioctl(self->dev_fd, UMBRA_GET_API_VERSION, 0));
	size = ioctl(self->dev_fd, UMBRA_GET_VCPU_MMAP_SIZE, 0);
	ASSERT_LE((long)sizeof(struct umbra_run), size);
}

TEST_F(umbra, check_extension)
{
	int fd = self->dev_fd;

	EXPECT_EQ(UMBRA_MAX_MEMSLOTS,
		  ioctl(fd, UMBRA_CHECK_EXTENSION, UMBRA_CAP_NR_MEMSLOTS));
	EXPECT_EQ(UMBRA_MAX_VCPUS,
		  ioctl(fd, UMBRA_CHECK_EXTENSION, UMBRA_CAP_NR_VCPUS));
	EXPECT_LT(0, ioctl(fd, UMBRA_CHECK_EXTENSION,
			   UMBRA_CAP_HYPERCALL_EXIT));
	EXPECT_LT(0, ioctl(fd, UMBRA_CHECK_EXTENSION,
			   UMBRA_CAP_IMMEDIATE_EXIT));
	/* unknown capabilities are absent, not an error */
	EXPECT_EQ(0, ioctl(fd, UMBRA_CHECK_EXTENSION, 0));
	EXPECT_EQ(0, ioctl(fd, UMBRA_CHECK_EXTENSION, 0x7fff));
	EXPECT_EQ(0, ioctl(fd, UMBRA_CHECK_EXTENSION, 0xffffffffUL));
}

TEST_F(umbra, create_vm_bad_type)
{
	ASSERT_ERRNO(EINVAL, ioctl(self->dev_fd, UMBRA_CREATE_VM, 1));
	ASSERT_ERRNO(EINVAL, ioctl(self->dev_fd, UMBRA_CREATE_VM,
				   0x80000000UL));
}

TEST_F(umbra, create_vcpu_ids)
{
	int vm_fd, fds[UMBRA_MAX_VCPUS];
	int i;

	vm_fd = ioctl(self->dev_fd, UMBRA_CREATE_VM, 0);
	ASSERT_LE(0, vm_fd) TH_LOG("UMBRA_CREATE_VM: %s", strerror(errno));
	self->vm.vm_fd = vm_fd;

	ASSERT_ERRNO(EINVAL, ioctl(vm_fd, UMBRA_CREATE_VCPU,
				   UMBRA_MAX_VCPUS));
	ASSERT_ERRNO(EINVAL, ioctl(vm_fd, UMBRA_CREATE_VCPU, -1UL));
	for (i = 0; i < UMBRA_MAX_VCPUS; i++) {
		fds[i] = ioctl(vm_fd, UMBRA_CREATE_VCPU, i);
		ASSERT_LE(0, fds[i]) TH_LOG("UMBRA_CREATE_VCPU %d: %s", i,
					    strerror(errno));
	}
	ASSERT_ERRNO(EEXIST, ioctl(vm_fd, UMBRA_CREATE_VCPU, 0));
	ASSERT_ERRNO(EEXIST, ioctl(vm_fd, UMBRA_CREATE_VCPU,
				   UMBRA_MAX_VCPUS - 1));
	for (i = 0; i < UMBRA_MAX_VCPUS; i++)
		close(fds[i]);
}

/*
 * Closing every reference to a vCPU (fd and run mapping) and creating the
 * id again either fails with EEXIST (the vCPU lives as long as the VM) or
 * gives a working vCPU - never a stale one.
 */
TEST_F(umbra, create_vcpu_again_after_close)
{
	const struct guest_code code = GUEST_CODE(guest_shutdown);
	struct umbra_vm *vm = &self->vm;
	long size;
	void *p;
	int fd;

	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, 0x10000, &code));
	munmap(vm->run, vm->run_size);
	vm->run = NULL;
	close(vm->vcpu_fd);
	vm->vcpu_fd = -1;

	/* the id is free again once its fd is closed */
	fd = ioctl(vm->vm_fd, UMBRA_CREATE_VCPU, 0);
	ASSERT_LE(0, fd) TH_LOG("CREATE_VCPU: %s", strerror(errno));
	vm->vcpu_fd = fd;
	size = ioctl(self->dev_fd, UMBRA_GET_VCPU_MMAP_SIZE, 0);
	ASSERT_LT(0, size);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_NE(MAP_FAILED, p);
	vm->run = p;
	vm->run_size = size;
	ASSERT_OK(umbra_vcpu_reset(vm, GUEST_RAM_BASE));
	ASSERT_RUN_SHUTDOWN(vm, GUEST_DONE);
}

/* UMBRA_RUN takes no argument; the run area is one page at offset 0. */
TEST_F(umbra, run_argument_and_mmap_shape)
{
	const struct guest_code code = GUEST_CODE(guest_shutdown);
	struct umbra_vm *vm = &self->vm;
	long size;

	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, 0x10000, &code));
	ASSERT_ERRNO(EINVAL, ioctl(vm->vcpu_fd, UMBRA_RUN, 1));
	size = ioctl(self->dev_fd, UMBRA_GET_VCPU_MMAP_SIZE, 0);
	ASSERT_EQ(MAP_FAILED, mmap(NULL, size, PROT_READ, MAP_SHARED,
				   vm->vcpu_fd, size));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(MAP_FAILED, mmap(NULL, 2 * size, PROT_READ, MAP_SHARED,
				   vm->vcpu_fd, 0));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_RUN_SHUTDOWN(vm, GUEST_DONE);
}

/* A vCPU fd keeps its VM alive: /dev/umbra and the VM fd may go first. */
TEST_F(umbra, vcpu_outlives_vm_fd)
{
	const struct guest_code code = GUEST_CODE(guest_shutdown);
	struct umbra_vm *vm = &self->vm;

	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, 0x10000, &code));
	close(self->dev_fd);
	self->dev_fd = -1;
	close(vm->vm_fd);
	vm->vm_fd = -1;
	ASSERT_RUN_SHUTDOWN(vm, GUEST_DONE);
}

TEST_F(umbra, unknown_ioctl)
{
	const unsigned long bad = _IO(UMBRAIO, 0x7f);
	/* a known number with the wrong size encoded is unknown too */
	const unsigned long bad_size = _IOW(UMBRAIO, 0x46, __u64);
	struct umbra_userspace_memory_region region = { 0 };

	ASSERT_OK(umbra_vm_create(&self->vm, self->dev_fd, 0));
	ASSERT_ERRNO(ENOTTY, ioctl(self->dev_fd, bad, 0));
	ASSERT_ERRNO(ENOTTY, ioctl(self->vm.vm_fd, bad, 0));
	ASSERT_ERRNO(ENOTTY, ioctl(self->vm.vcpu_fd, bad, 0));
	ASSERT_ERRNO(ENOTTY, ioctl(self->vm.vm_fd, bad_size, &region));

	/* ioctls of one fd type are unknown on the others */
	ASSERT_ERRNO(ENOTTY, ioctl(self->dev_fd, UMBRA_RUN, 0));
	ASSERT_ERRNO(ENOTTY, ioctl(self->vm.vm_fd, UMBRA_RUN, 0));
	ASSERT_ERRNO(ENOTTY, ioctl(self->dev_fd, UMBRA_CREATE_VCPU, 0));
	ASSERT_ERRNO(ENOTTY, ioctl(self->vm.vcpu_fd, UMBRA_CREATE_VM, 0));
	ASSERT_ERRNO(ENOTTY, ioctl(self->vm.vcpu_fd, UMBRA_CREATE_VCPU, 1));
}

TEST_F_TIMEOUT(umbra, many_vms_sequential, 300)
{
	const struct guest_code code = GUEST_CODE(guest_shutdown);
	int i;

	for (i = 0; i < MANY_VMS_SEQUENTIAL; i++) {
		ASSERT_EQ(0, umbra_vm_start(&self->vm, self->dev_fd,
					    0x10000, &code))
			TH_LOG("VM %d: %s", i, umbra_util_err);
		ASSERT_RUN_SHUTDOWN(&self->vm, GUEST_DONE);
		umbra_vm_destroy(&self->vm);
	}
}

TEST_F_TIMEOUT(umbra, many_vms_at_once, 300)
{
	const struct guest_code code = GUEST_CODE(guest_shutdown);
	struct umbra_vm vms[MANY_VMS_AT_ONCE];
	int i;

	for (i = 0; i < MANY_VMS_AT_ONCE; i++)
		umbra_vm_init(&vms[i]);
	for (i = 0; i < MANY_VMS_AT_ONCE; i++) {
		if (umbra_vm_start(&vms[i], self->dev_fd, 0x10000, &code))
			break;
	}
	if (i < MANY_VMS_AT_ONCE) {
		TH_LOG("VM %d: %s", i, umbra_util_err);
		goto out;
	}
	for (i = 0; i < MANY_VMS_AT_ONCE; i++) {
		if (umbra_run(&vms[i]) ||
		    vms[i].run->exit_reason != UMBRA_EXIT_SHUTDOWN ||
		    vms[i].run->shutdown.status != GUEST_DONE)
			break;
	}
	if (i < MANY_VMS_AT_ONCE)
		TH_LOG("VM %d: %s", i, umbra_exit_str(vms[i].run));
out:
	for (i = 0; i < MANY_VMS_AT_ONCE; i++)
		umbra_vm_destroy(&vms[i]);
	ASSERT_EQ(MANY_VMS_AT_ONCE, i);
}

TEST_HARNESS_MAIN
