// SPDX-License-Identifier: GPL-2.0
/*
 * umbra target tests: UMBRA_SET_USER_MEMORY_REGION validation and the
 * lifetime of guest RAM.
 */
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "umbra_test.h"

#define PAGE		0x1000ull
#define BUF_SIZE	0x100000ul	/* host memory for the regions */
#define IPA		0x40000000ull
#define FOUR_GIB	0x100000000ull

/* A VM fd and BUF_SIZE bytes of page aligned host memory. */
FIXTURE(region) {
	int dev_fd;
	int vm_fd;
	unsigned char *buf;
};

FIXTURE_SETUP(region)
{
	self->vm_fd = -1;
	self->buf = MAP_FAILED;
	self->dev_fd = umbra_open_dev();
	ASSERT_LE(0, self->dev_fd) TH_LOG("%s", umbra_util_err);
	self->vm_fd = ioctl(self->dev_fd, UMBRA_CREATE_VM, 0);
	ASSERT_LE(0, self->vm_fd) TH_LOG("UMBRA_CREATE_VM: %s",
					 strerror(errno));
	self->buf = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->buf);
}

FIXTURE_TEARDOWN(region)
{
	if (self->vm_fd >= 0)
		close(self->vm_fd);
	if (self->buf != MAP_FAILED)
		munmap(self->buf, BUF_SIZE);
	if (self->dev_fd >= 0)
		close(self->dev_fd);
}

/* UMBRA_SET_USER_MEMORY_REGION: 0 on success, else errno */
static int set_region(int vm_fd, __u32 slot, __u32 flags, __u64 gpa,
		      __u64 size, const void *uaddr)
{
	struct umbra_userspace_memory_region r = {
		.slot = slot,
		.flags = flags,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uintptr_t)uaddr,
	};

	return ioctl(vm_fd, UMBRA_SET_USER_MEMORY_REGION, &r) ? errno : 0;
}

#define REGION(err, slot, flags, gpa, size, uaddr) \
	EXPECT_EQ(err, set_region(self->vm_fd, slot, flags, gpa, size, \
				  uaddr)) \
		TH_LOG("slot %u flags %#x gpa %#llx size %#llx: errno %s", \
		       (slot), (flags), (unsigned long long)(gpa), \
		       (unsigned long long)(size), #err)

TEST_F(region, valid)
{
	REGION(0, 0, 0, IPA, 0x10000, self->buf);
}

TEST_F(region, zero_size)
{
	REGION(EINVAL, 0, 0, IPA, 0, self->buf);
	/* the slot is still free */
	REGION(0, 0, 0, IPA, PAGE, self->buf);
}

TEST_F(region, unaligned)
{
	REGION(EINVAL, 0, 0, IPA + 0x800, PAGE, self->buf);
	REGION(EINVAL, 0, 0, IPA + 4, PAGE, self->buf);
	REGION(EINVAL, 0, 0, IPA, PAGE + 0x800, self->buf);
	REGION(EINVAL, 0, 0, IPA, 4, self->buf);
	REGION(EINVAL, 0, 0, IPA, PAGE, self->buf + 0x800);
	REGION(EINVAL, 0, 0, IPA, PAGE, self->buf + 4);
	REGION(0, 0, 0, IPA, PAGE, self->buf);
}

TEST_F(region, flags)
{
	REGION(EINVAL, 0, 1u << 0, IPA, PAGE, self->buf);
	REGION(EINVAL, 0, 1u << 3, IPA, PAGE, self->buf);
	REGION(EINVAL, 0, 1u << 31, IPA, PAGE, self->buf);
	REGION(EINVAL, 0, UMBRA_MEM_READONLY | 1u << 0, IPA, PAGE, self->buf);
	REGION(0, 0, UMBRA_MEM_READONLY, IPA, PAGE, self->buf);
}

TEST_F(region, bad_slot)
{
	REGION(EINVAL, UMBRA_MAX_MEMSLOTS, 0, IPA, PAGE, self->buf);
	REGION(EINVAL, 0xffffffffu, 0, IPA, PAGE, self->buf);
}

TEST_F(region, all_slots)
{
	__u32 i;

	for (i = 0; i < UMBRA_MAX_MEMSLOTS; i++)
		REGION(0, i, 0, IPA + i * 0x10000, PAGE, self->buf + i * PAGE);
}

TEST_F(region, same_slot_twice)
{
	REGION(0, 3, 0, IPA, PAGE, self->buf);
	/* a slot is set once, even with a different, disjoint range */
	REGION(EEXIST, 3, 0, IPA + 0x100000, PAGE, self->buf + PAGE);
	REGION(EEXIST, 3, 0, IPA, PAGE, self->buf);
}

TEST_F(region, overlap)
{
	unsigned char *b = self->buf;

	REGION(0, 0, 0, IPA, 0x10000, b);
	/* same start, head, tail, inside, around */
	REGION(EEXIST, 1, 0, IPA, PAGE, b + 0x10000);
	REGION(EEXIST, 1, 0, IPA - PAGE, 2 * PAGE, b + 0x10000);
	REGION(EEXIST, 1, 0, IPA + 0xf000, 2 * PAGE, b + 0x10000);
	REGION(EEXIST, 1, 0, IPA + 0x4000, PAGE, b + 0x10000);
	REGION(EEXIST, 1, 0, IPA - 0x10000, 0x30000, b + 0x20000);
	/* adjacent ranges are fine */
	REGION(0, 1, 0, IPA + 0x10000, PAGE, b + 0x10000);
	REGION(0, 2, 0, IPA - PAGE, PAGE, b + 0x11000);
}

TEST_F(region, above_4gib)
{
	REGION(EINVAL, 0, 0, 0xffff0000ull, 0x20000, self->buf);
	REGION(EINVAL, 0, 0, FOUR_GIB, PAGE, self->buf);
	REGION(EINVAL, 0, 0, FOUR_GIB - PAGE, 2 * PAGE, self->buf);
	/* gpa + size wraps around 2^64 */
	REGION(EINVAL, 0, 0, 0xfffffffffffff000ull, 2 * PAGE, self->buf);
	REGION(EINVAL, 0, 0, PAGE, 0xfffffffffffff000ull, self->buf);
	/* ending exactly at 4 GiB is allowed */
	REGION(0, 0, 0, FOUR_GIB - PAGE, PAGE, self->buf);
}

TEST_F(region, userspace_addr_above_32bit)
{
	struct umbra_userspace_memory_region r = {
		.guest_phys_addr = IPA,
		.memory_size = PAGE,
		.userspace_addr = (1ull << 32) | (uintptr_t)self->buf,
	};

	/* must not be truncated to the valid self->buf */
	ASSERT_ERRNO(EFAULT, ioctl(self->vm_fd, UMBRA_SET_USER_MEMORY_REGION,
				   &r));
}

TEST_F(region, prot_none)
{
	ASSERT_EQ(0, mprotect(self->buf, 0x10000, PROT_NONE));
	REGION(EFAULT, 0, 0, IPA, 0x10000, self->buf);
}

TEST_F(region, unmapped)
{
	ASSERT_EQ(0, munmap(self->buf + 0x80000, 0x80000));
	REGION(EFAULT, 0, 0, IPA, 0x10000, self->buf + 0x80000);
	/* partly mapped: the mapped part must not stay pinned or used */
	REGION(EFAULT, 0, 0, IPA, 0x10000, self->buf + 0x78000);
	REGION(0, 0, 0, IPA, 0x10000, self->buf);
}

TEST_F(umbra, region_bad_pointer)
{
	ASSERT_OK(umbra_vm_create(&self->vm, self->dev_fd, 0));
	ASSERT_ERRNO(EFAULT, ioctl(self->vm.vm_fd,
				   UMBRA_SET_USER_MEMORY_REGION, NULL));
}

TEST_F(umbra, run_without_memory)
{
	ASSERT_OK(umbra_vm_create(&self->vm, self->dev_fd, 0));
	ASSERT_OK(umbra_vcpu_reset(&self->vm, GUEST_RAM_BASE));
	ASSERT_RUN(&self->vm, UMBRA_EXIT_FAIL_ENTRY);
	ASSERT_EQ(UMBRA_FAIL_ENTRY_NO_MEMORY,
		  self->vm.run->fail_entry.hardware_entry_failure_reason);
}

/* Regions are static: none can be added once a vCPU has run. */
TEST_F(umbra, region_after_run)
{
	const struct guest_code code = GUEST_CODE(guest_shutdown);
	struct umbra_userspace_memory_region r = {
		.slot = 1,
		.guest_phys_addr = 0x80000000u,
		.memory_size = 0x10000,
	};
	void *buf = mmap(NULL, 0x10000, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, buf);
	r.userspace_addr = (uintptr_t)buf;
	ASSERT_OK(umbra_vm_start(&self->vm, self->dev_fd, 0x10000, &code));
	ASSERT_RUN_SHUTDOWN(&self->vm, GUEST_DONE);
	ASSERT_ERRNO(EBUSY, ioctl(self->vm.vm_fd,
				  UMBRA_SET_USER_MEMORY_REGION, &r));
	munmap(buf, 0x10000);
}

/* Guest RAM is pinned: the guest still runs when the VMM unmaps it. */
TEST_F(umbra, ram_unmapped_by_vmm)
{
	const struct guest_code code = GUEST_CODE(guest_ram_pattern);
	struct umbra_vm *vm = &self->vm;

	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, 0x40000, &code));
	ASSERT_OK(umbra_vcpu_set_args(vm, GUEST_RAM_BASE + 0x1000, 0x3f000,
				      0x3c3c3c3c, 2));
	ASSERT_EQ(0, munmap(vm->ram, vm->ram_size));
	vm->ram = NULL;
	ASSERT_RUN_SHUTDOWN(vm, GUEST_OK);
}

TEST_HARNESS_MAIN
