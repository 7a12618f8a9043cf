// SPDX-License-Identifier: GPL-2.0
/*
 * Device memory regions (UMBRA_MEM_DEVICE): a host device's registers,
 * mapped by UIO (uio_pdrv_genirq), handed to a guest that reads its
 * PrimeCell ID registers and writes one of its registers; and the
 * rejections: the same device in two VMs, memory that is not a device's
 * registers, flags that do not go together.
 *
 * The device is the first UIO device, /dev/uio0: the test boards mark one
 * spare primecell "umbra,passthrough" in the host device tree
 * (tools/run-qemu.sh) and bind it with uio_pdrv_genirq.of_id. On a host
 * whose device tree marks none, the tests are skipped; with such a node
 * but no /dev/uio0 they fail.
 */
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "umbra_test.h"

#define DEV_IPA		0x1c000000u	/* where the guest sees the device */
#define DEV_SLOT	1
#define PCELL_ID0	0xff0		/* PrimeCell ID registers: 0x0d ... */
#define PERIPH_ID0	0xfe0		/* part number [7:0] */
#define PART_PL031	0x31
#define PART_SP804	0x04

static int dt_marked;

static int find_marked(const char *path,
		       const struct stat *st __attribute__((unused)), int type,
		       struct FTW *ftw)
{
	char buf[256];
	ssize_t n;
	int fd;

	if (type != FTW_F || strcmp(path + ftw->base, "compatible"))
		return 0;
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n > 0 && memmem(buf, n, "umbra,passthrough", 17))
		dt_marked = 1;
	return dt_marked;
}

/* The host device tree marks a device for passthrough. */
static int host_has_marked_device(void)
{
	dt_marked = 0;
	nftw("/proc/device-tree", find_marked, 16, FTW_PHYS);
	return dt_marked;
}

static unsigned long sysfs_ulong(const char *path)
{
	unsigned long v = 0;
	FILE *f = fopen(path, "r");

	if (f) {
		if (fscanf(f, "%lx", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v;
}

FIXTURE(device) {
	int dev_fd;
	int uio_fd;
	volatile uint32_t *regs;	/* the host's own mapping */
	size_t size;			/* bytes of map0, page multiple */
	uint32_t part;			/* PeriphID0 */
};

FIXTURE_SETUP(device)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned long addr, size;

	self->uio_fd = -1;
	self->regs = MAP_FAILED;
	self->dev_fd = umbra_open_dev();
	ASSERT_LE(0, self->dev_fd) TH_LOG("%s", umbra_util_err);
	if (access("/dev/uio0", F_OK)) {
		if (!host_has_marked_device())
			SETUP_SKIP("no device marked umbra,passthrough in the host device tree");
		ASSERT_EQ(0, access("/dev/uio0", F_OK))
			TH_LOG("the host device tree marks a device, but uio_pdrv_genirq made no /dev/uio0 (uio_pdrv_genirq.of_id=umbra,passthrough?)");
	}
	addr = sysfs_ulong("/sys/class/uio/uio0/maps/map0/addr");
	size = sysfs_ulong("/sys/class/uio/uio0/maps/map0/size");
	ASSERT_NE(0, size);
	TH_LOG("uio0: map0 at PA %#lx, %#lx bytes", addr, size);
	self->size = (size + page - 1) & ~(page - 1);
	self->uio_fd = open("/dev/uio0", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->uio_fd);
	self->regs = mmap(NULL, self->size, PROT_READ | PROT_WRITE,
			  MAP_SHARED, self->uio_fd, 0);
	ASSERT_NE(MAP_FAILED, self->regs);
	self->part = self->regs[PERIPH_ID0 / 4] & 0xff;
	ASSERT_EQ(0x0du, self->regs[PCELL_ID0 / 4] & 0xff);
}

FIXTURE_TEARDOWN(device)
{
	if (self->regs != MAP_FAILED)
		munmap((void *)self->regs, self->size);
	if (self->uio_fd >= 0)
		close(self->uio_fd);
	close(self->dev_fd);
}

static int add_device(int vm_fd, __u32 slot, __u32 flags, __u64 ipa,
		      volatile void *uaddr, size_t size)
{
	struct umbra_userspace_memory_region r = {
		.slot = slot,
		.flags = UMBRA_MEM_DEVICE | flags,
		.guest_phys_addr = ipa,
		.memory_size = size,
		.userspace_addr = (uintptr_t)uaddr,
	};

	return ioctl(vm_fd, UMBRA_SET_USER_MEMORY_REGION, &r);
}

/* A guest reads the device's ID registers through its region. */
TEST_F(device, guest_reads_id_registers)
{
	static const uint32_t offs[] = {
		PERIPH_ID0, PERIPH_ID0 + 4, PERIPH_ID0 + 8, PERIPH_ID0 + 12,
		PCELL_ID0, PCELL_ID0 + 4, PCELL_ID0 + 8, PCELL_ID0 + 12,
	};
	static const uint32_t pcell[] = { 0x0d, 0xf0, 0x05, 0xb1 };
	const struct guest_code ldr = GUEST_CODE(guest_mmio_ldr);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		struct umbra_vm vm;
		uint32_t host = self->regs[offs[i] / 4];

		if (i >= 4)
			ASSERT_EQ(pcell[i - 4], host & 0xff);
		umbra_vm_init(&vm);
		ASSERT_OK(umbra_vm_start(&vm, self->dev_fd, 0x10000, &ldr));
		ASSERT_EQ(0, add_device(vm.vm_fd, DEV_SLOT, 0, DEV_IPA,
					self->regs, self->size));
		ASSERT_OK(umbra_vcpu_set_args(&vm, DEV_IPA + offs[i], 0, 0,
					      0));
		/* a load from device memory, not an MMIO exit */
		ASSERT_RUN_SHUTDOWN(&vm, host);
		umbra_vm_destroy(&vm);
	}
}

/*
 * A guest store reaches the device: the PL031's match register RTCMR
 * (interrupt masked, so no alarm fires) or the SP804's Timer1Load.
 */
TEST_F(device, guest_writes_a_register)
{
	const struct guest_code str = GUEST_CODE(guest_mmio_str);
	uint32_t off, old, val = 0x00c0ffee;
	struct umbra_vm vm;

	if (self->part == PART_PL031)
		off = 0x04;	/* RTCMR */
	else if (self->part == PART_SP804)
		off = 0x00;	/* Timer1Load */
	else
		SKIP(return, "no writable register known for part %#x",
		     self->part);
	old = self->regs[off / 4];
	umbra_vm_init(&vm);
	ASSERT_OK(umbra_vm_start(&vm, self->dev_fd, 0x10000, &str));
	ASSERT_EQ(0, add_device(vm.vm_fd, DEV_SLOT, 0, DEV_IPA, self->regs,
				self->size));
	ASSERT_OK(umbra_vcpu_set_args(&vm, DEV_IPA + off, val, 0, 0));
	ASSERT_RUN_SHUTDOWN(&vm, GUEST_OK);
	EXPECT_EQ(val, self->regs[off / 4]);
	self->regs[off / 4] = old;
	umbra_vm_destroy(&vm);

	/* read-only device region: the store exits as MMIO instead */
	umbra_vm_init(&vm);
	ASSERT_OK(umbra_vm_start(&vm, self->dev_fd, 0x10000, &str));
	ASSERT_EQ(0, add_device(vm.vm_fd, DEV_SLOT, UMBRA_MEM_READONLY,
				DEV_IPA, self->regs, self->size));
	ASSERT_OK(umbra_vcpu_set_args(&vm, DEV_IPA + off, val, 0, 0));
	ASSERT_RUN(&vm, UMBRA_EXIT_MMIO);
	EXPECT_EQ(DEV_IPA + off, vm.run->mmio.phys_addr);
	EXPECT_EQ(old, self->regs[off / 4]);
	umbra_vm_destroy(&vm);
}

/* Device memory is never executable: a jump there is not run. */
TEST_F(device, never_executable)
{
	const struct guest_code jump = GUEST_CODE(guest_jump);
	struct umbra_vm vm;

	umbra_vm_init(&vm);
	ASSERT_OK(umbra_vm_start(&vm, self->dev_fd, 0x10000, &jump));
	ASSERT_EQ(0, add_device(vm.vm_fd, DEV_SLOT, 0, DEV_IPA, self->regs,
				self->size));
	ASSERT_OK(umbra_vcpu_set_args(&vm, DEV_IPA, 0, 0, 0));
	ASSERT_RUN(&vm, UMBRA_EXIT_INTERNAL_ERROR);
	EXPECT_EQ(UMBRA_INTERNAL_ERROR_ABORT, vm.run->internal.suberror);
	umbra_vm_destroy(&vm);
}

/* A device is one VM's: a second VM gets EBUSY until the first is gone. */
TEST_F(device, same_device_twice)
{
	int a = ioctl(self->dev_fd, UMBRA_CREATE_VM, 0);
	int b = ioctl(self->dev_fd, UMBRA_CREATE_VM, 0);

	ASSERT_LE(0, a);
	ASSERT_LE(0, b);
	ASSERT_EQ(0, add_device(a, 0, 0, DEV_IPA, self->regs, self->size));
	ASSERT_ERRNO(EBUSY, add_device(b, 0, 0, DEV_IPA, self->regs,
				       self->size));
	ASSERT_ERRNO(EBUSY, add_device(b, 0, UMBRA_MEM_READONLY, DEV_IPA,
				       self->regs, self->size));
	close(a);
	ASSERT_EQ(0, add_device(b, 0, 0, DEV_IPA, self->regs, self->size));
	close(b);
}

/* Memory that is not a device's registers is refused. */
TEST_F(device, not_a_device)
{
	int vm = ioctl(self->dev_fd, UMBRA_CREATE_VM, 0);
	char path[] = "/tmp/umbra-device-XXXXXX";
	void *anon, *file;
	int fd;

	ASSERT_LE(0, vm);
	/* anonymous RAM */
	anon = mmap(NULL, self->size, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, anon);
	memset(anon, 0, self->size);
	ASSERT_ERRNO(EINVAL, add_device(vm, 0, 0, DEV_IPA, anon, self->size));
	/* a file's pages */
	fd = mkstemp(path);
	ASSERT_LE(0, fd);
	unlink(path);
	ASSERT_EQ(0, ftruncate(fd, self->size));
	file = mmap(NULL, self->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		    0);
	ASSERT_NE(MAP_FAILED, file);
	ASSERT_ERRNO(EINVAL, add_device(vm, 0, 0, DEV_IPA, file, self->size));
	/* more than the device's mapping */
	ASSERT_ERRNO(EINVAL, add_device(vm, 0, 0, DEV_IPA, self->regs,
					self->size * 2));
	/* unmapped */
	munmap(file, self->size);
	ASSERT_ERRNO(EFAULT, add_device(vm, 0, 0, DEV_IPA, file, self->size));
	close(fd);
	/* a device region is not shared memory */
	ASSERT_ERRNO(EINVAL, add_device(vm, 0, UMBRA_MEM_SHARED, DEV_IPA,
					self->regs, self->size));
	/* the device's registers as ordinary RAM: not pinnable */
	{
		struct umbra_userspace_memory_region r = {
			.slot = 0,
			.guest_phys_addr = DEV_IPA,
			.memory_size = self->size,
			.userspace_addr = (uintptr_t)self->regs,
		};

		ASSERT_ERRNO(EFAULT, ioctl(vm, UMBRA_SET_USER_MEMORY_REGION,
					   &r));
	}
	/* nothing of the above was claimed */
	ASSERT_EQ(0, add_device(vm, 0, 0, DEV_IPA, self->regs, self->size));
	munmap(anon, self->size);
	close(vm);
}

/*
 * RAM in a VM_IO | VM_PFNMAP mapping (umbra_native.ko's remap_pfn_range()
 * of a kernel page) is still RAM: refused, whatever the mapping says.
 */
TEST_F(device, pfnmap_of_ram)
{
	int vm = ioctl(self->dev_fd, UMBRA_CREATE_VM, 0);
	int fd = open("/dev/umbra_native_ram", O_RDWR | O_CLOEXEC);
	void *ram;

	ASSERT_LE(0, vm);
	if (fd < 0) {
		close(vm);
		SKIP(return, "no /dev/umbra_native_ram (umbra_native.ko not loaded)");
	}
	ram = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_NE(MAP_FAILED, ram);
	ASSERT_ERRNO(EINVAL, add_device(vm, 0, 0, DEV_IPA, ram, 4096));
	munmap(ram, 4096);
	close(fd);
	close(vm);
}

/* A read-only mapping of the device can back only a read-only region. */
TEST_F(device, read_only_mapping)
{
	int vm = ioctl(self->dev_fd, UMBRA_CREATE_VM, 0);
	void *ro = mmap(NULL, self->size, PROT_READ, MAP_SHARED, self->uio_fd,
			0);

	ASSERT_LE(0, vm);
	ASSERT_NE(MAP_FAILED, ro);
	ASSERT_ERRNO(EFAULT, add_device(vm, 0, 0, DEV_IPA, ro, self->size));
	ASSERT_EQ(0, add_device(vm, 0, UMBRA_MEM_READONLY, DEV_IPA, ro,
				self->size));
	munmap(ro, self->size);
	close(vm);
}

TEST_F(device, capability)
{
	EXPECT_EQ(1, ioctl(self->dev_fd, UMBRA_CHECK_EXTENSION,
			   UMBRA_CAP_DEVICE_MEMORY));
}

TEST_HARNESS_MAIN
