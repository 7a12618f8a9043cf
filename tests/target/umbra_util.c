// SPDX-License-Identifier: GPL-2.0
/*
 * umbra target tests: helpers to set up and run a one-vCPU VM.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "umbra_util.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

__thread char umbra_util_err[256];

static int fail(const char *fmt, ...)
{
	int err = errno;
	size_t len;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(umbra_util_err, sizeof(umbra_util_err), fmt, ap);
	va_end(ap);
	len = strlen(umbra_util_err);
	snprintf(umbra_util_err + len, sizeof(umbra_util_err) - len,
		 ": %s", strerror(err));
	errno = err;
	return -1;
}

/**
 * umbra_open_dev() - open /dev/umbra
 *
 * Return: the fd, or -1 with errno set and a hint in umbra_util_err.
 */
int umbra_open_dev(void)
{
	int fd = open(UMBRA_DEV, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return fail("open %s (is umbra.ko loaded?)", UMBRA_DEV);
	return fd;
}

/**
 * umbra_vm_init() - mark @vm as empty, so umbra_vm_destroy() is a no-op
 * @vm: the VM
 */
void umbra_vm_init(struct umbra_vm *vm)
{
	memset(vm, 0, sizeof(*vm));
	vm->vm_fd = -1;
	vm->vcpu_fd = -1;
}

/**
 * umbra_vm_create() - create a VM with RAM in slot 0 and vCPU 0
 * @vm:       the VM, filled in
 * @dev_fd:   an open /dev/umbra
 * @ram_size: bytes of RAM at GUEST_RAM_BASE, 0 for none
 *
 * The vCPU's struct umbra_run is mmap()ed; registers are left alone.
 *
 * Return: 0, or -1 with errno set; umbra_vm_destroy() frees a partial VM.
 */
int umbra_vm_create(struct umbra_vm *vm, int dev_fd, size_t ram_size)
{
	struct umbra_userspace_memory_region region = { 0 };
	long size;
	void *p;

	umbra_vm_init(vm);
	vm->vm_fd = ioctl(dev_fd, UMBRA_CREATE_VM, 0);
	if (vm->vm_fd < 0)
		return fail("UMBRA_CREATE_VM");

	if (ram_size) {
		p = mmap(NULL, ram_size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return fail("mmap %zu bytes of guest RAM", ram_size);
		vm->ram = p;
		vm->ram_size = ram_size;
		region.slot = 0;
		region.guest_phys_addr = GUEST_RAM_BASE;
		region.memory_size = ram_size;
		region.userspace_addr = (uintptr_t)p;
		if (ioctl(vm->vm_fd, UMBRA_SET_USER_MEMORY_REGION, &region))
			return fail("UMBRA_SET_USER_MEMORY_REGION");
	}

	vm->vcpu_fd = ioctl(vm->vm_fd, UMBRA_CREATE_VCPU, 0);
	if (vm->vcpu_fd < 0)
		return fail("UMBRA_CREATE_VCPU");

	size = ioctl(dev_fd, UMBRA_GET_VCPU_MMAP_SIZE, 0);
	if (size < 0)
		return fail("UMBRA_GET_VCPU_MMAP_SIZE");
	if ((size_t)size < sizeof(struct umbra_run)) {
		errno = EINVAL;
		return fail("UMBRA_GET_VCPU_MMAP_SIZE = %ld too small", size);
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED,
		 vm->vcpu_fd, 0);
	if (p == MAP_FAILED)
		return fail("mmap struct umbra_run (%ld bytes)", size);
	vm->run = p;
	vm->run_size = size;
	return 0;
}

/**
 * umbra_vm_load() - copy a guest code snippet into guest RAM
 * @vm:     the VM
 * @offset: byte offset into RAM (IPA GUEST_RAM_BASE + @offset)
 * @code:   the snippet
 *
 * Return: 0, or -1 if it does not fit.
 */
int umbra_vm_load(struct umbra_vm *vm, size_t offset,
		  const struct guest_code *code)
{
	size_t len = code->end - code->start;

	if (offset > vm->ram_size || len > vm->ram_size - offset) {
		errno = ENOSPC;
		return fail("%s (%zu bytes) at RAM offset %#zx", code->name,
			    len, offset);
	}
	memcpy(vm->ram + offset, code->start, len);
	return 0;
}

/**
 * umbra_vcpu_reset() - set vCPU 0 up as the boot protocol does
 * @vm: the VM
 * @pc: the entry point
 *
 * All registers are zeroed, then PC = @pc, CPSR = GUEST_CPSR, r0 = RAM base,
 * r1 = RAM size, r2 = 0 and SP_svc = top of RAM.
 *
 * Return: 0, or -1 with errno set.
 */
int umbra_vcpu_reset(struct umbra_vm *vm, uint32_t pc)
{
	struct umbra_regs regs = { 0 };

	regs.pc = pc;
	regs.cpsr = GUEST_CPSR;
	regs.usr_regs[0] = GUEST_RAM_BASE;
	regs.usr_regs[1] = vm->ram_size;
	regs.svc_regs[0] = GUEST_RAM_BASE + vm->ram_size;
	return umbra_set_regs(vm, &regs);
}

/**
 * umbra_vcpu_set_args() - set r0-r3 of vCPU 0, keeping everything else
 * @vm: the VM
 * @r0: value for r0
 * @r1: value for r1
 * @r2: value for r2
 * @r3: value for r3
 *
 * Return: 0, or -1 with errno set.
 */
int umbra_vcpu_set_args(struct umbra_vm *vm, uint32_t r0, uint32_t r1,
			uint32_t r2, uint32_t r3)
{
	struct umbra_regs regs;

	if (umbra_get_regs(vm, &regs))
		return -1;
	regs.usr_regs[0] = r0;
	regs.usr_regs[1] = r1;
	regs.usr_regs[2] = r2;
	regs.usr_regs[3] = r3;
	return umbra_set_regs(vm, &regs);
}

/**
 * umbra_vm_start() - create a VM, load @code at the start of RAM, reset
 * @vm:       the VM, filled in
 * @dev_fd:   an open /dev/umbra
 * @ram_size: bytes of RAM at GUEST_RAM_BASE
 * @code:     the snippet to run at GUEST_RAM_BASE
 *
 * Return: 0, or -1 with errno set.
 */
int umbra_vm_start(struct umbra_vm *vm, int dev_fd, size_t ram_size,
		   const struct guest_code *code)
{
	if (umbra_vm_create(vm, dev_fd, ram_size))
		return -1;
	if (umbra_vm_load(vm, 0, code))
		return -1;
	return umbra_vcpu_reset(vm, GUEST_RAM_BASE);
}

/**
 * umbra_get_regs() - UMBRA_GET_REGS on vCPU 0
 * @vm:   the VM
 * @regs: filled in
 *
 * Return: 0, or -1 with errno set.
 */
int umbra_get_regs(struct umbra_vm *vm, struct umbra_regs *regs)
{
	if (ioctl(vm->vcpu_fd, UMBRA_GET_REGS, regs))
		return fail("UMBRA_GET_REGS");
	return 0;
}

/**
 * umbra_set_regs() - UMBRA_SET_REGS on vCPU 0
 * @vm:   the VM
 * @regs: the new registers
 *
 * Return: 0, or -1 with errno set.
 */
int umbra_set_regs(struct umbra_vm *vm, const struct umbra_regs *regs)
{
	if (ioctl(vm->vcpu_fd, UMBRA_SET_REGS, regs))
		return fail("UMBRA_SET_REGS");
	return 0;
}

/**
 * umbra_run() - UMBRA_RUN on vCPU 0
 * @vm: the VM
 *
 * Return: the ioctl's result (0, or -1 with errno set).
 */
int umbra_run(struct umbra_vm *vm)
{
	int ret = ioctl(vm->vcpu_fd, UMBRA_RUN, 0);

	if (ret)
		fail("UMBRA_RUN");
	return ret;
}

/**
 * umbra_vm_destroy() - unmap and close everything umbra_vm_create() made
 * @vm: the VM; left empty
 */
void umbra_vm_destroy(struct umbra_vm *vm)
{
	if (vm->run)
		munmap(vm->run, vm->run_size);
	if (vm->vcpu_fd >= 0)
		close(vm->vcpu_fd);
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	if (vm->ram)
		munmap(vm->ram, vm->ram_size);
	umbra_vm_init(vm);
}

static const char *const exit_names[] = {
	[UMBRA_EXIT_UNKNOWN] = "UNKNOWN",
	[UMBRA_EXIT_HYPERCALL] = "HYPERCALL",
	[UMBRA_EXIT_MMIO] = "MMIO",
	[UMBRA_EXIT_SHUTDOWN] = "SHUTDOWN",
	[UMBRA_EXIT_FAIL_ENTRY] = "FAIL_ENTRY",
	[UMBRA_EXIT_INTERNAL_ERROR] = "INTERNAL_ERROR",
	[UMBRA_EXIT_INTR] = "INTR",
};

/**
 * umbra_exit_str() - describe the exit in @run, for test logs
 * @run: the vCPU's struct umbra_run
 *
 * Return: a per-thread static string.
 */
const char *umbra_exit_str(const struct umbra_run *run)
{
	static __thread char buf[256];
	const char *name = "?";
	unsigned int i, n;
	size_t len;

	if (run->exit_reason < ARRAY_SIZE(exit_names))
		name = exit_names[run->exit_reason];
	len = snprintf(buf, sizeof(buf), "exit %u (%s)", run->exit_reason,
		       name);

	switch (run->exit_reason) {
	case UMBRA_EXIT_HYPERCALL:
		snprintf(buf + len, sizeof(buf) - len,
			 " nr %#x args %#x %#x %#x %#x %#x %#x",
			 run->hypercall.nr, run->hypercall.args[0],
			 run->hypercall.args[1], run->hypercall.args[2],
			 run->hypercall.args[3], run->hypercall.args[4],
			 run->hypercall.args[5]);
		break;
	case UMBRA_EXIT_MMIO:
		snprintf(buf + len, sizeof(buf) - len,
			 " %s %u bytes at %#llx",
			 run->mmio.is_write ? "write" : "read", run->mmio.len,
			 (unsigned long long)run->mmio.phys_addr);
		break;
	case UMBRA_EXIT_SHUTDOWN:
		snprintf(buf + len, sizeof(buf) - len, " status %#x",
			 run->shutdown.status);
		break;
	case UMBRA_EXIT_FAIL_ENTRY:
		snprintf(buf + len, sizeof(buf) - len, " reason %llu",
			 (unsigned long long)
			 run->fail_entry.hardware_entry_failure_reason);
		break;
	case UMBRA_EXIT_INTERNAL_ERROR:
		len += snprintf(buf + len, sizeof(buf) - len,
				" suberror %u data", run->internal.suberror);
		n = run->internal.ndata;
		for (i = 0; i < n && i < 16 && len < sizeof(buf); i++)
			len += snprintf(buf + len, sizeof(buf) - len, " %#llx",
					(unsigned long long)
					run->internal.data[i]);
		break;
	}
	return buf;
}

/**
 * umbra_run_guest() - run @code in a fresh 64 KiB VM until it stops
 * @dev_fd: an open /dev/umbra
 * @code:   the snippet
 * @status: the shutdown status
 *
 * Used to show the host still works after a guest misbehaved.
 *
 * Return: 0 if the guest shut down, else -1 (see umbra_util_err).
 */
int umbra_run_guest(int dev_fd, const struct guest_code *code,
		    uint32_t *status)
{
	struct umbra_vm vm;
	int ret = -1;

	if (umbra_vm_start(&vm, dev_fd, 0x10000, code))
		goto out;
	if (umbra_run(&vm))
		goto out;
	if (vm.run->exit_reason != UMBRA_EXIT_SHUTDOWN) {
		snprintf(umbra_util_err, sizeof(umbra_util_err),
			 "%s: expected a shutdown, got %s", code->name,
			 umbra_exit_str(vm.run));
		goto out;
	}
	*status = vm.run->shutdown.status;
	ret = 0;
out:
	umbra_vm_destroy(&vm);
	return ret;
}

/**
 * umbra_read_long() - the number at the start of a (sysfs or procfs) file.
 * @path: the file
 *
 * Return: the number, or -1 if the file cannot be read.
 */
long umbra_read_long(const char *path)
{
	char buf[64];
	long v = -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n > 0) {
		buf[n] = 0;
		v = strtol(buf, NULL, 10);
	}
	close(fd);
	return v;
}

/**
 * umbra_module_refcnt() - umbra.ko's reference count: one per open
 * /dev/umbra, VM and vCPU file.
 *
 * Return: the count, or -1 if it cannot be read.
 */
long umbra_module_refcnt(void)
{
	return umbra_read_long("/sys/module/umbra/refcnt");
}

/**
 * umbra_pinned_pages() - pages pinned system-wide right now:
 * nr_foll_pin_acquired - nr_foll_pin_released of /proc/vmstat, after
 * folding the per-CPU counters (/proc/sys/vm/stat_refresh).
 *
 * Return: the number of pages, or -1 if /proc/vmstat cannot be read.
 */
long umbra_pinned_pages(void)
{
	static __thread char buf[16384];
	long acq = -1, rel = -1;
	ssize_t n, len = 0;
	char *p;
	int fd;

	fd = open("/proc/sys/vm/stat_refresh", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		/* folds the per-CPU counters: exact values */
		n = write(fd, "1\n", 2);
		close(fd);
	}
	fd = open("/proc/vmstat", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = 0;
	p = strstr(buf, "nr_foll_pin_acquired ");
	if (p)
		acq = strtol(p + 21, NULL, 10);
	p = strstr(buf, "nr_foll_pin_released ");
	if (p)
		rel = strtol(p + 21, NULL, 10);
	return acq < 0 || rel < 0 ? -1 : acq - rel;
}

/**
 * umbra_test_left_out() - is test @name in $UMBRA_SKIP_TESTS?
 * @name: a test's name (TEST_F's second argument)
 *
 * UMBRA_SKIP_TESTS is a comma-separated list of test names (suite.sh
 * passes umbra.env= words through); a test that checks for itself skips
 * when listed (the 6.1 harness has no test filter of its own).
 *
 * Return: 1 when listed, else 0.
 */
int umbra_test_left_out(const char *name)
{
	const char *list = getenv("UMBRA_SKIP_TESTS"), *p;
	size_t n = strlen(name);

	for (p = list; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : "")
		if (!strncmp(p, name, n) && (p[n] == ',' || !p[n]))
			return 1;
	return 0;
}

/**
 * umbra_env_or() - an environment variable, or a default.
 * @name: the variable
 * @def:  what to return when it is unset or empty
 *
 * Return: its value, or @def.
 */
const char *umbra_env_or(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v && *v ? v : def;
}

/**
 * umbra_drain() - append what one read() of @fd gives to a NUL-terminated
 * buffer (a child's stdout or stderr pipe); what does not fit is dropped.
 * @fd:   the file
 * @buf:  the buffer, @size bytes, NUL-terminated at @len
 * @size: its size in bytes
 * @len:  bytes in @buf so far, updated
 *
 * Return: 1 when data came or the read was interrupted (EINTR), 0 at end
 * of file or on another error.
 */
int umbra_drain(int fd, char *buf, size_t size, size_t *len)
{
	char tmp[512];
	ssize_t n = read(fd, tmp, sizeof(tmp));
	size_t room = size - 1 - *len;

	if (n <= 0)
		return n < 0 && errno == EINTR;
	if ((size_t)n > room)
		n = room;
	memcpy(buf + *len, tmp, n);
	*len += n;
	buf[*len] = '\0';
	return 1;
}
