// SPDX-License-Identifier: GPL-2.0
/*
 * fake-umbra.so: an LD_PRELOAD stand-in for /dev/umbra, so the VMM's
 * device and run-loop code can be tested on a host without the module.
 *
 * open() of $UMBRA_FAKE_DEV returns a fake device; its ioctls, and those of
 * the VM and vCPU fds it hands out, follow include/uapi/linux/umbra.h. The
 * "guest" is a script in $UMBRA_FAKE_SCRIPT: space-separated steps, one
 * consumed per UMBRA_RUN (poke steps are done on the way):
 *   poke:IPA:TEXT     store TEXT in guest RAM (no exit)
 *   write:IPA:LEN     hypercall exit UMBRA_HC_CONSOLE_WRITE
 *   read:IPA:CAP      hypercall exit UMBRA_HC_CONSOLE_READ
 *   hc:NR             hypercall exit with function ID NR
 *   mmio:IPA:LEN:r|w  MMIO exit (a write stores 0x11223344...)
 *   mmio:IPA:LEN:w:V  MMIO write of value V (little-endian)
 *   wait:MS           sleep MS milliseconds, then take the next step
 *   internal:SUB      internal error exit, 3 data words
 *   fail:REASON       failed-entry exit
 *   exit:N            exit reason N
 *   eintr             UMBRA_RUN fails with EINTR once
 *   block             UMBRA_RUN waits for immediate_exit, then EINTR
 *   shutdown:N        shutdown exit with status N
 * It logs to stderr, "fake-umbra: ...": the boot registers at
 * UMBRA_SET_REGS, each hypercall's result and each MMIO read's data at the
 * next UMBRA_RUN, and UMBRA_CREATE_IRQCHIP and UMBRA_IRQ_LINE. With
 * UMBRA_FAKE_IRQCHIP=1 in the environment the fake has UMBRA_CAP_IRQCHIP,
 * with UMBRA_FAKE_BUDGET=1 UMBRA_CAP_RUN_BUDGET (the budget is not
 * enforced: a step takes as long as it takes).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/umbra.h>

#define RUN_SIZE	4096

static int dev_fd = -1, vm_fd = -1, vcpu_fd = -1;
static struct umbra_run *run;
static uint8_t *ram_host;
static uint64_t ram_base, ram_size;
static struct umbra_regs regs;
static const char *script;
static int pending_hc, pending_mmio_read;

static void flog(const char *fmt, ...)
{
	va_list ap;

	fputs("fake-umbra: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int new_fd(void)
{
	static int (*real_open)(const char *, int, ...);

	if (!real_open)
		real_open = dlsym(RTLD_NEXT, "open");
	return real_open("/dev/null", O_RDWR | O_CLOEXEC);
}

static int fake_open(const char *path)
{
	const char *dev = getenv("UMBRA_FAKE_DEV");

	if (!dev || strcmp(path, dev))
		return -2;
	script = getenv("UMBRA_FAKE_SCRIPT");
	if (!script)
		script = "";
	dev_fd = new_fd();
	return dev_fd;
}

int open(const char *path, int flags, ...)
{
	static int (*real_open)(const char *, int, ...);
	va_list ap;
	int fd, mode;

	fd = fake_open(path);
	if (fd != -2)
		return fd;
	if (!real_open)
		real_open = dlsym(RTLD_NEXT, "open");
	va_start(ap, flags);
	mode = va_arg(ap, int);
	va_end(ap);
	return real_open(path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	va_list ap;
	int mode;

	va_start(ap, flags);
	mode = va_arg(ap, int);
	va_end(ap);
	return open(path, flags, mode);
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	static void *(*real_mmap)(void *, size_t, int, int, int, off_t);

	if (!real_mmap)
		real_mmap = dlsym(RTLD_NEXT, "mmap");
	if (fd >= 0 && fd == vcpu_fd) {
		if (len > RUN_SIZE || off) {
			errno = EINVAL;
			return MAP_FAILED;
		}
		run = real_mmap(NULL, RUN_SIZE, prot,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		return run;
	}
	return real_mmap(addr, len, prot, flags, fd, off);
}

void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return mmap(addr, len, prot, flags, fd, off);
}

static void hypercall(uint32_t nr, uint32_t a1, uint32_t a2)
{
	memset(&run->hypercall, 0, sizeof(run->hypercall));
	run->exit_reason = UMBRA_EXIT_HYPERCALL;
	run->hypercall.nr = nr;
	run->hypercall.args[0] = a1;
	run->hypercall.args[1] = a2;
	run->hypercall.ret[0] = (uint32_t)UMBRA_SMCCC_RET_NOT_SUPPORTED;
	pending_hc = 1;
}

/* Carry out the next script step; return 0 or a negative errno. */
static int step(void)
{
	char word[256], text[200], rw;
	unsigned long a, b, v;
	int n = 0;

	for (;;) {
		while (*script == ' ')
			script++;
		if (!*script) {
			flog("script ended");
			exit(99);
		}
		if (sscanf(script, "%255s%n", word, &n) != 1)
			exit(98);
		script += n;
		if (sscanf(word, "poke:%li:%199s", &a, text) != 2)
			break;
		memcpy(ram_host + (a - ram_base), text, strlen(text));
	}

	memset(&run->padding, 0, sizeof(run->padding));
	if (sscanf(word, "write:%li:%li", &a, &b) == 2) {
		hypercall(UMBRA_HC_CONSOLE_WRITE, a, b);
	} else if (sscanf(word, "read:%li:%li", &a, &b) == 2) {
		hypercall(UMBRA_HC_CONSOLE_READ, a, b);
	} else if (sscanf(word, "hc:%li", &a) == 1) {
		hypercall(a, 0, 0);
	} else if (sscanf(word, "wait:%li", &a) == 1) {
		usleep(a * 1000);
		return step();
	} else if (sscanf(word, "mmio:%li:%li:w:%li", &a, &b, &v) == 3) {
		run->exit_reason = UMBRA_EXIT_MMIO;
		run->mmio.phys_addr = a;
		run->mmio.len = b;
		run->mmio.is_write = 1;
		for (n = 0; n < 8; n++)
			run->mmio.data[n] = (uint8_t)(v >> (8 * n));
	} else if (sscanf(word, "mmio:%li:%li:%c", &a, &b, &rw) == 3) {
		pending_mmio_read = rw == 'r';
		run->exit_reason = UMBRA_EXIT_MMIO;
		run->mmio.phys_addr = a;
		run->mmio.len = b;
		run->mmio.is_write = rw == 'w';
		if (rw == 'w')
			memcpy(run->mmio.data, "\x44\x33\x22\x11\x88\x77\x66\x55", 8);
	} else if (sscanf(word, "internal:%li", &a) == 1) {
		run->exit_reason = UMBRA_EXIT_INTERNAL_ERROR;
		run->internal.suberror = a;
		run->internal.ndata = 3;
		run->internal.data[0] = 0x40000010;
		run->internal.data[1] = 0xe7f000f0;
		run->internal.data[2] = 0x1d3;
	} else if (sscanf(word, "fail:%li", &a) == 1) {
		run->exit_reason = UMBRA_EXIT_FAIL_ENTRY;
		run->fail_entry.hardware_entry_failure_reason = a;
	} else if (sscanf(word, "exit:%li", &a) == 1) {
		run->exit_reason = a;
		memcpy(run->padding, "\x01\x02\x03\x04", 4);
	} else if (!strcmp(word, "eintr")) {
		return -EINTR;
	} else if (!strcmp(word, "block")) {
		while (!run->immediate_exit)
			usleep(1000);
		flog("immediate_exit seen");
		return -EINTR;
	} else if (sscanf(word, "shutdown:%li", &a) == 1) {
		run->exit_reason = UMBRA_EXIT_SHUTDOWN;
		run->shutdown.status = a;
	} else {
		flog("bad script step '%s'", word);
		exit(98);
	}
	return 0;
}

static int vcpu_run(void)
{
	if (pending_hc) {
		flog("hypercall 0x%08x -> %d", run->hypercall.nr,
		     (int32_t)run->hypercall.ret[0]);
		pending_hc = 0;
	}
	if (pending_mmio_read) {
		uint32_t i, v = 0;

		for (i = 0; i < run->mmio.len && i < 4; i++)
			v |= (uint32_t)run->mmio.data[i] << (8 * i);
		flog("mmio read 0x%08llx -> 0x%x",
		     (unsigned long long)run->mmio.phys_addr, v);
		pending_mmio_read = 0;
	}
	if (run->immediate_exit) {
		flog("immediate_exit at entry");
		return -EINTR;
	}
	return step();
}

int ioctl(int fd, unsigned long req, ...)
{
	static int (*real_ioctl)(int, unsigned long, ...);
	const struct umbra_userspace_memory_region *mr;
	va_list ap;
	void *arg;
	int ret = 0;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (fd < 0 || (fd != dev_fd && fd != vm_fd && fd != vcpu_fd)) {
		if (!real_ioctl)
			real_ioctl = dlsym(RTLD_NEXT, "ioctl");
		return real_ioctl(fd, req, arg);
	}

	switch (req) {
	case UMBRA_GET_API_VERSION:
		ret = getenv("UMBRA_FAKE_API") ? atoi(getenv("UMBRA_FAKE_API")) :
		      UMBRA_API_VERSION;
		break;
	case UMBRA_CHECK_EXTENSION:
		ret = ((unsigned long)arg == UMBRA_CAP_IRQCHIP &&
		       getenv("UMBRA_FAKE_IRQCHIP")) ||
		      ((unsigned long)arg == UMBRA_CAP_RUN_BUDGET &&
		       getenv("UMBRA_FAKE_BUDGET")) ? 1 : 0;
		break;
	case UMBRA_CREATE_IRQCHIP: {
		const struct umbra_irqchip *c = arg;

		flog("irqchip GICD 0x%08llx GICC 0x%08llx %u irqs",
		     (unsigned long long)c->dist_base,
		     (unsigned long long)c->cpu_base, c->nr_irqs);
		break;
	}
	case UMBRA_IRQ_LINE: {
		const struct umbra_irq_level *l = arg;

		flog("irq line %u level %u", l->irq, l->level);
		break;
	}
	case UMBRA_GET_VCPU_MMAP_SIZE:
		ret = RUN_SIZE;
		break;
	case UMBRA_CREATE_VM:
		vm_fd = ret = new_fd();
		break;
	case UMBRA_SET_USER_MEMORY_REGION:
		mr = arg;
		ram_base = mr->guest_phys_addr;
		ram_size = mr->memory_size;
		ram_host = (uint8_t *)(uintptr_t)mr->userspace_addr;
		flog("memory slot %u: IPA 0x%08llx, 0x%llx bytes", mr->slot,
		     (unsigned long long)ram_base,
		     (unsigned long long)ram_size);
		break;
	case UMBRA_CREATE_VCPU:
		vcpu_fd = ret = new_fd();
		break;
	case UMBRA_GET_REGS:
		memcpy(arg, &regs, sizeof(regs));
		break;
	case UMBRA_SET_REGS:
		memcpy(&regs, arg, sizeof(regs));
		flog("regs pc=%08x cpsr=%08x r0=%08x r1=%08x r2=%08x sp_svc=%08x",
		     regs.pc, regs.cpsr, regs.usr_regs[0], regs.usr_regs[1],
		     regs.usr_regs[2], regs.svc_regs[0]);
		break;
	case UMBRA_RUN:
		ret = vcpu_run();
		break;
	default:
		ret = -ENOTTY;
		break;
	}
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return ret;
}
