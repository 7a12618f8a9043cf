// SPDX-License-Identifier: GPL-2.0
/*
 * Static permissions across VMs (thesis 3.3): private regions of two VMs
 * never share a host page, a shared buffer has one writer VM and reader
 * VMs, conflicts are EBUSY, and guests see exactly those rights.
 */
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "umbra_test.h"

#define BUF_SIZE	0x4000
#define SHARED_IPA_W	0x50000000u	/* the writer's view */
#define SHARED_IPA_R	0x60000000u	/* a reader's view */

static int add_region(int vm_fd, __u32 slot, __u32 flags, __u64 ipa,
		      void *buf)
{
	struct umbra_userspace_memory_region r = {
		.slot = slot,
		.flags = flags,
		.guest_phys_addr = ipa,
		.memory_size = BUF_SIZE,
		.userspace_addr = (uintptr_t)buf,
	};

	return ioctl(vm_fd, UMBRA_SET_USER_MEMORY_REGION, &r);
}

static int new_vm(int dev_fd)
{
	return ioctl(dev_fd, UMBRA_CREATE_VM, 0);
}

FIXTURE(claims) {
	int dev_fd;
	unsigned char *buf;
};

FIXTURE_SETUP(claims)
{
	self->dev_fd = umbra_open_dev();
	ASSERT_LE(0, self->dev_fd) TH_LOG("%s", umbra_util_err);
	self->buf = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->buf);
}

FIXTURE_TEARDOWN(claims)
{
	munmap(self->buf, BUF_SIZE);
	close(self->dev_fd);
}

/* private ∩ anything of another VM = ∅ (Property 3.3.1) */
TEST_F(claims, private_is_private)
{
	int a = new_vm(self->dev_fd), b = new_vm(self->dev_fd);

	ASSERT_LE(0, a);
	ASSERT_LE(0, b);
	ASSERT_EQ(0, add_region(a, 0, 0, 0x40000000, self->buf));
	ASSERT_ERRNO(EBUSY, add_region(b, 0, 0, 0x40000000, self->buf));
	ASSERT_ERRNO(EBUSY, add_region(b, 0, UMBRA_MEM_SHARED, SHARED_IPA_W,
				       self->buf));
	ASSERT_ERRNO(EBUSY, add_region(b, 0, UMBRA_MEM_SHARED |
				       UMBRA_MEM_READONLY, SHARED_IPA_R,
				       self->buf));
	ASSERT_ERRNO(EBUSY, add_region(b, 0, UMBRA_MEM_READONLY, 0x40000000,
				       self->buf));
	/* the same VM may map its own page twice */
	ASSERT_EQ(0, add_region(a, 1, 0, 0x48000000, self->buf));
	/* once the owner is gone, the page is free again */
	close(a);
	ASSERT_EQ(0, add_region(b, 0, 0, 0x40000000, self->buf));
	close(b);
}

/* a shared write buffer: one writer VM, reader VMs */
TEST_F(claims, shared_one_writer)
{
	int w = new_vm(self->dev_fd), r1 = new_vm(self->dev_fd);
	int r2 = new_vm(self->dev_fd), x = new_vm(self->dev_fd);
	__u32 ro = UMBRA_MEM_SHARED | UMBRA_MEM_READONLY;

	ASSERT_LE(0, w);
	ASSERT_LE(0, x);
	ASSERT_EQ(0, add_region(w, 1, UMBRA_MEM_SHARED, SHARED_IPA_W,
				self->buf));
	ASSERT_EQ(0, add_region(r1, 1, ro, SHARED_IPA_R, self->buf));
	ASSERT_EQ(0, add_region(r2, 1, ro, SHARED_IPA_R, self->buf));
	ASSERT_ERRNO(EBUSY, add_region(x, 1, UMBRA_MEM_SHARED, SHARED_IPA_W,
				       self->buf));
	ASSERT_ERRNO(EBUSY, add_region(x, 1, 0, SHARED_IPA_W, self->buf));
	/* a reader may not also hold the page privately */
	ASSERT_ERRNO(EBUSY, add_region(r1, 2, 0, 0x70000000, self->buf));
	close(w);
	/* the writer is gone: another VM may write it now */
	ASSERT_EQ(0, add_region(x, 1, UMBRA_MEM_SHARED, SHARED_IPA_W,
				self->buf));
	close(r1);
	close(r2);
	close(x);
}

/*
 * Guests: the writer stores into the buffer, a reader loads what it
 * stored; the reader's own store is refused (an MMIO exit for a write to a
 * read-only region) and the buffer keeps the writer's data.
 */
TEST_F(claims, guests_see_their_rights)
{
	const struct guest_code str = GUEST_CODE(guest_mmio_str);
	const struct guest_code ldr = GUEST_CODE(guest_mmio_ldr);
	struct umbra_vm w, r;
	__u32 v;

	umbra_vm_init(&w);
	umbra_vm_init(&r);
	ASSERT_OK(umbra_vm_start(&w, self->dev_fd, 0x10000, &str));
	ASSERT_EQ(0, add_region(w.vm_fd, 1, UMBRA_MEM_SHARED, SHARED_IPA_W,
				self->buf));
	ASSERT_OK(umbra_vm_start(&r, self->dev_fd, 0x10000, &ldr));
	ASSERT_EQ(0, add_region(r.vm_fd, 1, UMBRA_MEM_SHARED |
				UMBRA_MEM_READONLY, SHARED_IPA_R, self->buf));

	/* writer: str r1, [r0] with r0 = shared + 0x10 */
	ASSERT_OK(umbra_vcpu_set_args(&w, SHARED_IPA_W + 0x10, 0x1234abcd,
				      0, 0));
	ASSERT_RUN_SHUTDOWN(&w, GUEST_OK);
	memcpy(&v, self->buf + 0x10, 4);
	ASSERT_EQ(0x1234abcdu, v);

	/* reader: ldr r1, [r0]; shutdown(r1) */
	ASSERT_OK(umbra_vcpu_set_args(&r, SHARED_IPA_R + 0x10, 0, 0, 0));
	ASSERT_RUN_SHUTDOWN(&r, 0x1234abcd);
	umbra_vm_destroy(&r);

	/* a reader that stores: refused, the buffer unchanged */
	umbra_vm_init(&r);
	ASSERT_OK(umbra_vm_start(&r, self->dev_fd, 0x10000, &str));
	ASSERT_EQ(0, add_region(r.vm_fd, 1, UMBRA_MEM_SHARED |
				UMBRA_MEM_READONLY, SHARED_IPA_R, self->buf));
	ASSERT_OK(umbra_vcpu_set_args(&r, SHARED_IPA_R + 0x10, 0xbad, 0, 0));
	ASSERT_RUN(&r, UMBRA_EXIT_MMIO);
	ASSERT_EQ(1, r.run->mmio.is_write);
	ASSERT_EQ(SHARED_IPA_R + 0x10, r.run->mmio.phys_addr);
	memcpy(&v, self->buf + 0x10, 4);
	ASSERT_EQ(0x1234abcdu, v);
	umbra_vm_destroy(&r);
	umbra_vm_destroy(&w);
}

TEST_HARNESS_MAIN
