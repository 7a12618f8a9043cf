// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm: a VM with one RAM region and one vCPU, driven through
 * /dev/umbra.
 *
 * Every failure here is a host or hypervisor failure (VMM_ERROR, exit
 * status 125); the messages name the ioctl, the device and strerror(errno).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vm.h"
#include "vmm.h"

G_DEFINE_QUARK(umbra-vmm-error-quark, vmm_error)

static void set_ioctl_error(GError **error, const struct vm *vm,
			    const char *what, int err)
{
	g_set_error(error, VMM_ERROR, VMM_ERROR_DEVICE, "%s: %s: %s",
		    vm->dev_path, what, g_strerror(err));
}

/**
 * vm_init() - initialise a struct vm to "nothing allocated yet"
 * @vm: the VM
 *
 * vm_destroy() may be called on @vm at any point after this.
 */
void vm_init(struct vm *vm)
{
	memset(vm, 0, sizeof(*vm));
	vm->dev_path = VMM_DEFAULT_DEVICE;
	vm->dev_fd = -1;
	vm->vm_fd = -1;
	vm->vcpu_fd = -1;
}

/**
 * vm_alloc_ram() - allocate guest RAM as an anonymous mapping
 * @vm:    the VM
 * @base:  IPA of the first byte, page aligned (see config_check_ram())
 * @size:  size in bytes, a nonzero multiple of the page size
 * @error: return location for a VMM_ERROR, or NULL
 *
 * The memory is zero-filled and reserves no swap (MAP_NORESERVE), but
 * umbra pins every page when the region is registered, so all of @size is
 * committed from then until the VM is destroyed.
 *
 * Return: TRUE on success; FALSE with @error set if @size does not fit the
 * host address space or mmap() fails.
 */
gboolean vm_alloc_ram(struct vm *vm, uint64_t base, uint64_t size,
		      GError **error)
{
	void *p;

	if (size > SIZE_MAX) {
		g_set_error(error, VMM_ERROR, VMM_ERROR_HOST,
			    "guest RAM of %" PRIu64 " bytes does not fit the host address space",
			    size);
		return FALSE;
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		g_set_error(error, VMM_ERROR, VMM_ERROR_HOST,
			    "cannot allocate %" PRIu64 " bytes of guest RAM: %s",
			    size, g_strerror(errno));
		return FALSE;
	}
	vm->ram.base = base;
	vm->ram.size = size;
	vm->ram.host = p;
	return TRUE;
}

/**
 * vm_open() - open the umbra device and check its API version
 * @vm:       the VM
 * @dev_path: path of the device, normally "/dev/umbra"; must stay valid
 *            while @vm is used
 * @error:    return location for a VMM_ERROR, or NULL
 *
 * Return: TRUE if the device is open and speaks UMBRA_API_VERSION; FALSE
 * with @error set otherwise.
 */
gboolean vm_open(struct vm *vm, const char *dev_path, GError **error)
{
	int version;

	vm->dev_path = dev_path;
	vm->dev_fd = open(dev_path, O_RDWR | O_CLOEXEC);
	if (vm->dev_fd < 0) {
		int err = errno;

		g_set_error(error, VMM_ERROR, VMM_ERROR_HOST, "%s: %s%s",
			    dev_path, g_strerror(err), err == ENOENT ?
			    " (is umbra.ko loaded?)" : "");
		return FALSE;
	}
	version = ioctl(vm->dev_fd, UMBRA_GET_API_VERSION, 0);
	if (version < 0) {
		set_ioctl_error(error, vm, "UMBRA_GET_API_VERSION", errno);
		return FALSE;
	}
	if (version != UMBRA_API_VERSION) {
		g_set_error(error, VMM_ERROR, VMM_ERROR_DEVICE,
			    "%s: API version %d, but this VMM speaks version %d",
			    dev_path, version, UMBRA_API_VERSION);
		return FALSE;
	}
	return TRUE;
}

/*
 * A virtual GICv2 (and with it every vCPU's virtual timer, PPI 27) at
 * QEMU virt's addresses, when the module has one (UMBRA_CAP_IRQCHIP) and
 * guest RAM leaves them free; a module without it runs guests as before.
 */
static gboolean vm_create_irqchip(struct vm *vm, GError **error)
{
	struct umbra_irqchip chip = {
		.dist_base = VMM_GICD_BASE,
		.cpu_base = VMM_GICC_BASE,
		.nr_irqs = VMM_GIC_NR_IRQS,
	};

	if (ioctl(vm->dev_fd, UMBRA_CHECK_EXTENSION, UMBRA_CAP_IRQCHIP) <= 0)
		return TRUE;
	if (vm->ram.base < VMM_GICC_BASE + UMBRA_VGIC_CPU_SIZE &&
	    VMM_GICD_BASE < vm->ram.base + vm->ram.size)
		return TRUE;
	if (ioctl(vm->vm_fd, UMBRA_CREATE_IRQCHIP, &chip) < 0) {
		set_ioctl_error(error, vm, "UMBRA_CREATE_IRQCHIP", errno);
		return FALSE;
	}
	vm->irqchip = TRUE;
	return TRUE;
}

/**
 * vm_create() - create the VM, register guest RAM as memory slot 0 and
 * give it the module's virtual GIC and timer if it has them
 * (vm_create_irqchip())
 * @vm:    the VM, opened with vm_open(), RAM allocated with vm_alloc_ram()
 * @error: return location for a VMM_ERROR, or NULL
 *
 * Return: TRUE on success; FALSE with @error naming the failed ioctl.
 */
gboolean vm_create(struct vm *vm, GError **error)
{
	struct umbra_userspace_memory_region region = {
		.slot = 0,
		.flags = 0,
		.guest_phys_addr = vm->ram.base,
		.memory_size = vm->ram.size,
		.userspace_addr = (uintptr_t)vm->ram.host,
	};

	vm->vm_fd = ioctl(vm->dev_fd, UMBRA_CREATE_VM, 0);
	if (vm->vm_fd < 0) {
		set_ioctl_error(error, vm, "UMBRA_CREATE_VM", errno);
		return FALSE;
	}
	if (ioctl(vm->vm_fd, UMBRA_SET_USER_MEMORY_REGION, &region) < 0) {
		int err = errno;
		char *what = g_strdup_printf("UMBRA_SET_USER_MEMORY_REGION (IPA 0x%08" PRIx64 ", %" PRIu64 " bytes)",
					     vm->ram.base, vm->ram.size);

		set_ioctl_error(error, vm, what, err);
		g_free(what);
		return FALSE;
	}
	return vm_create_irqchip(vm, error);
}

/**
 * vm_create_empty() - create the VM without memory (vm_add_region() adds
 * it) and give it the module's virtual GIC and timer if it has them
 * @vm:    the VM, opened with vm_open(), no RAM allocated (@vm->ram empty)
 * @error: return location for a VMM_ERROR, or NULL
 *
 * For guests of a system file, whose layout system_load() has checked
 * (RAM clear of the GIC).
 *
 * Return: TRUE on success; FALSE with @error naming the failed ioctl.
 */
gboolean vm_create_empty(struct vm *vm, GError **error)
{
	vm->vm_fd = ioctl(vm->dev_fd, UMBRA_CREATE_VM, 0);
	if (vm->vm_fd < 0) {
		set_ioctl_error(error, vm, "UMBRA_CREATE_VM", errno);
		return FALSE;
	}
	return vm_create_irqchip(vm, error);
}

/**
 * vm_add_region() - register a memory slot (UMBRA_SET_USER_MEMORY_REGION)
 * @vm:    the VM, created
 * @slot:  slot number
 * @flags: UMBRA_MEM_* flags
 * @ipa:   guest_phys_addr, page aligned
 * @size:  memory_size in bytes, a multiple of the page size
 * @host:  the host buffer behind it
 * @error: return location for a VMM_ERROR, or NULL
 *
 * Return: TRUE on success; FALSE with @error naming the ioctl, the region
 * and the errno (EBUSY: the pages back another VM's private region, or a
 * shared region with another writer).
 */
gboolean vm_add_region(struct vm *vm, uint32_t slot, uint32_t flags,
		       uint64_t ipa, uint64_t size, void *host,
		       GError **error)
{
	struct umbra_userspace_memory_region region = {
		.slot = slot,
		.flags = flags,
		.guest_phys_addr = ipa,
		.memory_size = size,
		.userspace_addr = (uintptr_t)host,
	};

	if (ioctl(vm->vm_fd, UMBRA_SET_USER_MEMORY_REGION, &region) < 0) {
		int err = errno;
		char *what = g_strdup_printf("UMBRA_SET_USER_MEMORY_REGION (slot %u, flags 0x%x, IPA 0x%08" PRIx64 ", %" PRIu64 " bytes)",
					     slot, flags, ipa, size);

		set_ioctl_error(error, vm, what, err);
		g_free(what);
		return FALSE;
	}
	return TRUE;
}

/**
 * vm_create_vcpu() - create vCPU 0 and map its struct umbra_run
 * @vm:    the VM, created with vm_create()
 * @error: return location for a VMM_ERROR, or NULL
 *
 * On success @vm->run points to the shared struct umbra_run of
 * UMBRA_GET_VCPU_MMAP_SIZE bytes.
 *
 * Return: TRUE on success; FALSE with @error naming the failed call.
 */
gboolean vm_create_vcpu(struct vm *vm, GError **error)
{
	int size;
	void *p;

	vm->vcpu_fd = ioctl(vm->vm_fd, UMBRA_CREATE_VCPU, 0);
	if (vm->vcpu_fd < 0) {
		set_ioctl_error(error, vm, "UMBRA_CREATE_VCPU 0", errno);
		return FALSE;
	}
	size = ioctl(vm->dev_fd, UMBRA_GET_VCPU_MMAP_SIZE, 0);
	if (size < 0) {
		set_ioctl_error(error, vm, "UMBRA_GET_VCPU_MMAP_SIZE", errno);
		return FALSE;
	}
	if ((size_t)size < sizeof(struct umbra_run)) {
		g_set_error(error, VMM_ERROR, VMM_ERROR_DEVICE,
			    "%s: UMBRA_GET_VCPU_MMAP_SIZE is %d bytes, smaller than struct umbra_run (%zu bytes)",
			    vm->dev_path, size, sizeof(struct umbra_run));
		return FALSE;
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED,
		 vm->vcpu_fd, 0);
	if (p == MAP_FAILED) {
		set_ioctl_error(error, vm, "mmap of the vCPU's struct umbra_run",
				errno);
		return FALSE;
	}
	vm->run = p;
	vm->run_size = size;
	return TRUE;
}

/**
 * vm_get_regs() - read vCPU 0's core registers (UMBRA_GET_REGS)
 * @vm:    the VM, with a vCPU
 * @regs:  filled in on success
 * @error: return location for a VMM_ERROR, or NULL
 *
 * Return: TRUE on success, FALSE with @error set.
 */
gboolean vm_get_regs(struct vm *vm, struct umbra_regs *regs, GError **error)
{
	if (ioctl(vm->vcpu_fd, UMBRA_GET_REGS, regs) < 0) {
		set_ioctl_error(error, vm, "UMBRA_GET_REGS", errno);
		return FALSE;
	}
	return TRUE;
}

/**
 * vm_set_regs() - write vCPU 0's core registers (UMBRA_SET_REGS)
 * @vm:    the VM, with a vCPU
 * @regs:  the new registers
 * @error: return location for a VMM_ERROR, or NULL
 *
 * Return: TRUE on success, FALSE with @error set (EINVAL: the module
 * rejected the register state, e.g. a bad CPSR mode).
 */
gboolean vm_set_regs(struct vm *vm, const struct umbra_regs *regs,
		     GError **error)
{
	if (ioctl(vm->vcpu_fd, UMBRA_SET_REGS, regs) < 0) {
		set_ioctl_error(error, vm, "UMBRA_SET_REGS", errno);
		return FALSE;
	}
	return TRUE;
}

/**
 * vm_run() - run vCPU 0 until its next exit (UMBRA_RUN)
 * @vm: the VM, with a vCPU
 *
 * Return: 0 with @vm->run->exit_reason set, or a negative errno: -EINTR if
 * a signal (or @vm->run->immediate_exit) stopped the run.
 */
int vm_run(struct vm *vm)
{
	return ioctl(vm->vcpu_fd, UMBRA_RUN, 0) < 0 ? -errno : 0;
}

/**
 * vm_dump_regs() - print vCPU 0's registers to stderr, best effort
 * @vm: the VM; nothing is printed if it has no vCPU or UMBRA_GET_REGS fails
 *
 * For diagnosing a guest the VMM is about to give up on.
 */
void vm_dump_regs(struct vm *vm)
{
	static const char *const names[15] = {
		"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7",
		"r8", "r9", "r10", "r11", "r12", "sp_usr", "lr_usr",
	};
	struct umbra_regs r;
	int i;

	if (vm->vcpu_fd < 0 || ioctl(vm->vcpu_fd, UMBRA_GET_REGS, &r) < 0)
		return;
	fprintf(stderr, "%s: guest registers:\n", VMM_NAME);
	for (i = 0; i < 15; i++)
		fprintf(stderr, "%8s %08x%s", names[i], r.usr_regs[i],
			i % 4 == 3 ? "\n" : "");
	fprintf(stderr, "      pc %08x\n    cpsr %08x  sp_svc %08x  lr_svc %08x  spsr_svc %08x\n",
		r.pc, r.cpsr, r.svc_regs[0], r.svc_regs[1], r.svc_regs[2]);
}

/**
 * vm_destroy() - release everything vm_init() and later calls acquired
 * @vm: the VM; may be partly set up
 */
void vm_destroy(struct vm *vm)
{
	device_bus_destroy(&vm->devices);
	if (vm->run)
		munmap(vm->run, vm->run_size);
	if (vm->vcpu_fd >= 0)
		close(vm->vcpu_fd);
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	if (vm->dev_fd >= 0)
		close(vm->dev_fd);
	if (vm->ram.host)
		munmap(vm->ram.host, vm->ram.size);
	vm_init(vm);
}
