// SPDX-License-Identifier: GPL-2.0
/*
 * umbra target tests: guest accesses to RAM and MMIO exits for accesses
 * outside every memory region.
 */
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "umbra_test.h"

#define RAM_SIZE	0x10000
#define BIG_RAM_SIZE	0x100000
#define PATTERN_KEY	0x5a5aa5a5
#define POISON		0xdeadbeef

/* The guest writes IPA ^ key over RAM, reads it back, and so does the VMM. */
TEST_F(umbra, ram_pattern)
{
	const struct guest_code code = GUEST_CODE(guest_ram_pattern);
	struct umbra_vm *vm = &self->vm;
	const __u32 *w;
	size_t off;

	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, BIG_RAM_SIZE, &code));
	/* all of RAM after the code page */
	ASSERT_OK(umbra_vcpu_set_args(vm, GUEST_RAM_BASE + 0x1000,
				      BIG_RAM_SIZE - 0x1000, PATTERN_KEY, 1));
	ASSERT_RUN_SHUTDOWN(vm, GUEST_OK);

	w = (const __u32 *)vm->ram;
	for (off = 0x1000; off < BIG_RAM_SIZE; off += 4)
		if (w[off / 4] != ((GUEST_RAM_BASE + off) ^ PATTERN_KEY))
			break;
	ASSERT_EQ(BIG_RAM_SIZE, off)
		TH_LOG("host sees %#x at IPA %#zx", w[off / 4],
		       GUEST_RAM_BASE + off);
}

/* Start @snippet with r0 = @addr, r1 = @r1. */
#define START_MMIO(snippet, addr, r1) do { \
	const struct guest_code __c = GUEST_CODE(snippet); \
	ASSERT_OK(umbra_vm_start(&self->vm, self->dev_fd, RAM_SIZE, &__c)); \
	ASSERT_OK(umbra_vcpu_set_args(&self->vm, (addr), (r1), 0, 0)); \
} while (0)

/* The last exit was an MMIO access of @_len bytes at @_addr. */
#define ASSERT_MMIO(_addr, _len, _write) do { \
	ASSERT_EXIT(&self->vm, UMBRA_EXIT_MMIO); \
	ASSERT_EQ((__u64)(_addr), self->vm.run->mmio.phys_addr); \
	ASSERT_EQ((__u32)(_len), self->vm.run->mmio.len); \
	ASSERT_EQ((_write), self->vm.run->mmio.is_write); \
} while (0)

TEST_F(umbra, mmio_read_word)
{
	static const __u8 val[4] = { 0x0d, 0xf0, 0xfe, 0xca };

	START_MMIO(guest_mmio_ldr, GUEST_MMIO_BASE + 0x10, POISON);
	ASSERT_RUN(&self->vm, UMBRA_EXIT_MMIO);
	ASSERT_MMIO(GUEST_MMIO_BASE + 0x10, 4, 0);
	memcpy(self->vm.run->mmio.data, val, sizeof(val));
	/* the guest shuts down with the loaded r1 as status */
	ASSERT_RUN_SHUTDOWN(&self->vm, 0xcafef00d);
}

TEST_F(umbra, mmio_write_word)
{
	static const __u8 val[4] = { 0x78, 0x56, 0x34, 0x12 };

	START_MMIO(guest_mmio_str, GUEST_MMIO_BASE + 0x20, 0x12345678);
	ASSERT_RUN(&self->vm, UMBRA_EXIT_MMIO);
	ASSERT_MMIO(GUEST_MMIO_BASE + 0x20, 4, 1);
	ASSERT_EQ(0, memcmp(self->vm.run->mmio.data, val, sizeof(val)));
	ASSERT_RUN_SHUTDOWN(&self->vm, GUEST_OK);
}

TEST_F(umbra, mmio_write_byte)
{
	START_MMIO(guest_mmio_strb, GUEST_MMIO_BASE + 0x23, 0x123456ab);
	ASSERT_RUN(&self->vm, UMBRA_EXIT_MMIO);
	ASSERT_MMIO(GUEST_MMIO_BASE + 0x23, 1, 1);
	ASSERT_EQ(0xab, self->vm.run->mmio.data[0]);
	ASSERT_RUN_SHUTDOWN(&self->vm, GUEST_OK);
}

TEST_F(umbra, mmio_read_halfword)
{
	static const __u8 val[8] = { 0x34, 0x12, 0xaa, 0xbb,
				     0xcc, 0xdd, 0xee, 0xff };

	/* ldrh r1, [r0, #2] */
	START_MMIO(guest_mmio_ldrh, GUEST_MMIO_BASE + 0x30, POISON);
	ASSERT_RUN(&self->vm, UMBRA_EXIT_MMIO);
	ASSERT_MMIO(GUEST_MMIO_BASE + 0x32, 2, 0);
	memcpy(self->vm.run->mmio.data, val, sizeof(val));
	/* zero extended, only len bytes used */
	ASSERT_RUN_SHUTDOWN(&self->vm, 0x1234);
}

/* Many MMIO reads with different addresses and data, one VM each. */
TEST_F(umbra, mmio_read_repeated)
{
	__u32 i, v;

	for (i = 0; i < 64; i++) {
		START_MMIO(guest_mmio_ldr, GUEST_MMIO_BASE + 4 * i, POISON);
		ASSERT_RUN(&self->vm, UMBRA_EXIT_MMIO);
		ASSERT_MMIO(GUEST_MMIO_BASE + 4 * i, 4, 0);
		v = 0x01000193 * (i + 1);
		memcpy(self->vm.run->mmio.data, &v, 4);
		ASSERT_RUN_SHUTDOWN(&self->vm, v);
		umbra_vm_destroy(&self->vm);
	}
}

/* Add a read-only region at @ipa backed by @mem. */
static int add_readonly(struct umbra_vm *vm, __u64 ipa, void *mem)
{
	struct umbra_userspace_memory_region r = {
		.slot = 1,
		.flags = UMBRA_MEM_READONLY,
		.guest_phys_addr = ipa,
		.memory_size = 0x1000,
		.userspace_addr = (uintptr_t)mem,
	};

	return ioctl(vm->vm_fd, UMBRA_SET_USER_MEMORY_REGION, &r);
}

#define RO_IPA	0x50000000u

/* A read-only region reads like RAM; writes to it exit as MMIO. */
TEST_F(umbra, readonly_region)
{
	__u32 *ro;

	ro = mmap(NULL, 0x1000, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	ro[1] = 0x0badf00d;

	START_MMIO(guest_mmio_ldr, RO_IPA + 4, POISON);
	ASSERT_EQ(0, add_readonly(&self->vm, RO_IPA, ro))
		TH_LOG("read-only region: %s", strerror(errno));
	ASSERT_RUN_SHUTDOWN(&self->vm, 0x0badf00d);
	umbra_vm_destroy(&self->vm);

	START_MMIO(guest_mmio_str, RO_IPA + 8, 0x13579bdf);
	ASSERT_EQ(0, add_readonly(&self->vm, RO_IPA, ro))
		TH_LOG("read-only region: %s", strerror(errno));
	ASSERT_RUN(&self->vm, UMBRA_EXIT_MMIO);
	ASSERT_MMIO(RO_IPA + 8, 4, 1);
	ASSERT_RUN_SHUTDOWN(&self->vm, GUEST_OK);
	ASSERT_EQ(0, ro[2]);
	munmap(ro, 0x1000);
}

TEST_HARNESS_MAIN
