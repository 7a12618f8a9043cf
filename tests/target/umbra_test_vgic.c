// SPDX-License-Identifier: GPL-2.0
/*
 * The virtual GICv2 (UMBRA_CREATE_IRQCHIP, UMBRA_IRQ_LINE, UMBRA_IRQFD):
 * ioctl errors, and a guest kernel (guest_gic.S) taking the interrupts
 * of an SPI through its own vector table: level and edge lines driven
 * by the test, an irqfd written by another host thread while the vCPU
 * runs and while it waits in WFI, a resampling irqfd, and an interrupt
 * held back by the guest's CPSR.I until it unmasks.
 */
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/eventfd.h>
#include <time.h>

#include "umbra_test.h"
#include "guest_gic.h"

#define GICD_BASE	0x08000000u
#define GICC_BASE	0x08010000u
#define NR_IRQS		64
#define SPI		40
#define RAM_SIZE	0x10000

static int create_irqchip(int vm_fd, __u64 dist, __u64 cpu, __u32 nr,
			  __u32 flags)
{
	struct umbra_irqchip ic = {
		.dist_base = dist, .cpu_base = cpu, .nr_irqs = nr,
		.flags = flags,
	};

	return ioctl(vm_fd, UMBRA_CREATE_IRQCHIP, &ic);
}

static int irq_line(int vm_fd, __u32 irq, __u32 level)
{
	struct umbra_irq_level il = { .irq = irq, .level = level };

	return ioctl(vm_fd, UMBRA_IRQ_LINE, &il);
}

static int irqfd(int vm_fd, int fd, __u32 gsi, __u32 flags, int resamplefd)
{
	struct umbra_irqfd a = {
		.fd = fd, .gsi = gsi, .flags = flags, .resamplefd = resamplefd,
	};

	return ioctl(vm_fd, UMBRA_IRQFD, &a);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

UMBRA_FIXTURE(vgic);

TEST_F(vgic, caps)
{
	ASSERT_EQ(1, ioctl(self->dev_fd, UMBRA_CHECK_EXTENSION,
			   UMBRA_CAP_IRQCHIP));
	ASSERT_EQ(1, ioctl(self->dev_fd, UMBRA_CHECK_EXTENSION,
			   UMBRA_CAP_IRQFD));
	ASSERT_EQ(1, ioctl(self->dev_fd, UMBRA_CHECK_EXTENSION,
			   UMBRA_CAP_IRQFD_RESAMPLE));
}

TEST_F(vgic, create_errors)
{
	struct umbra_vm *vm = &self->vm;
	struct umbra_userspace_memory_region r = { 0 };
	int efd;

	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE,
				 &GUEST_CODE(guest_shutdown)));
	/* nothing before the irqchip exists */
	ASSERT_ERRNO(ENXIO, irq_line(vm->vm_fd, SPI, 1));
	efd = eventfd(0, EFD_CLOEXEC);
	ASSERT_LE(0, efd);
	ASSERT_ERRNO(ENXIO, irqfd(vm->vm_fd, efd, SPI, 0, 0));
	/* bad arguments */
	ASSERT_ERRNO(EINVAL, create_irqchip(vm->vm_fd, GICD_BASE, GICC_BASE,
					    NR_IRQS, 1));
	ASSERT_ERRNO(EINVAL, create_irqchip(vm->vm_fd, GICD_BASE + 0x800,
					    GICC_BASE, NR_IRQS, 0));
	ASSERT_ERRNO(EINVAL, create_irqchip(vm->vm_fd, GICD_BASE,
					    GICD_BASE - 0x1000, NR_IRQS, 0));
	ASSERT_ERRNO(EINVAL, create_irqchip(vm->vm_fd, GICD_BASE,
					    0xfffff000u, NR_IRQS, 0));
	ASSERT_ERRNO(EINVAL, create_irqchip(vm->vm_fd, GUEST_RAM_BASE + 0x1000,
					    GICC_BASE, NR_IRQS, 0));
	ASSERT_ERRNO(EINVAL, create_irqchip(vm->vm_fd, GICD_BASE,
					    GUEST_RAM_BASE + RAM_SIZE - 0x1000,
					    NR_IRQS, 0));
	ASSERT_ERRNO(EINVAL, create_irqchip(vm->vm_fd, GICD_BASE, GICC_BASE,
					    32, 0));
	ASSERT_ERRNO(EINVAL, create_irqchip(vm->vm_fd, GICD_BASE, GICC_BASE,
					    80, 0));
	ASSERT_ERRNO(EINVAL, create_irqchip(vm->vm_fd, GICD_BASE, GICC_BASE,
					    UMBRA_VGIC_MAX_IRQS + 32, 0));
	ASSERT_EQ(0, create_irqchip(vm->vm_fd, GICD_BASE, GICC_BASE, NR_IRQS,
				    0));
	ASSERT_ERRNO(EEXIST, create_irqchip(vm->vm_fd, GICD_BASE + 0x100000,
					    GICC_BASE + 0x100000, NR_IRQS,
					    0));
	/* a memory region may not cover a GIC frame */
	r.slot = 1;
	r.guest_phys_addr = GICC_BASE + 0x1000 - 0x10000;
	r.memory_size = 0x10000;
	r.userspace_addr = (uintptr_t)vm->ram;
	ASSERT_ERRNO(EEXIST, ioctl(vm->vm_fd, UMBRA_SET_USER_MEMORY_REGION,
				   &r));
	/* UMBRA_IRQ_LINE */
	ASSERT_ERRNO(EINVAL, irq_line(vm->vm_fd, 5, 1));	/* SGI */
	ASSERT_ERRNO(EINVAL, irq_line(vm->vm_fd, NR_IRQS, 1));
	ASSERT_ERRNO(EINVAL, irq_line(vm->vm_fd, SPI, 2));
	ASSERT_ERRNO(EINVAL, irq_line(vm->vm_fd, UMBRA_IRQ_PPI(1, 27), 1));
	ASSERT_ERRNO(EINVAL, irq_line(vm->vm_fd, UMBRA_IRQ_PPI(1, SPI), 1));
	ASSERT_EQ(0, irq_line(vm->vm_fd, UMBRA_IRQ_PPI(0, 27), 1));
	ASSERT_EQ(0, irq_line(vm->vm_fd, UMBRA_IRQ_SPI(SPI), 1));
	ASSERT_EQ(0, irq_line(vm->vm_fd, UMBRA_IRQ_SPI(SPI), 0));
	/* UMBRA_IRQFD */
	ASSERT_ERRNO(EINVAL, irqfd(vm->vm_fd, efd, 27, 0, 0));
	ASSERT_ERRNO(EINVAL, irqfd(vm->vm_fd, efd, NR_IRQS, 0, 0));
	ASSERT_ERRNO(EINVAL, irqfd(vm->vm_fd, efd, SPI, 4, 0));
	ASSERT_ERRNO(EBADF, irqfd(vm->vm_fd, vm->vcpu_fd, SPI, 0, 0));
	ASSERT_ERRNO(EBADF, irqfd(vm->vm_fd, efd, SPI,
				  UMBRA_IRQFD_FLAG_RESAMPLE, vm->vcpu_fd));
	ASSERT_ERRNO(ENOENT, irqfd(vm->vm_fd, efd, SPI,
				   UMBRA_IRQFD_FLAG_DEASSIGN, 0));
	ASSERT_EQ(0, irqfd(vm->vm_fd, efd, SPI, 0, 0));
	ASSERT_ERRNO(EBUSY, irqfd(vm->vm_fd, efd, SPI + 1, 0, 0));
	ASSERT_ERRNO(ENOENT, irqfd(vm->vm_fd, efd, SPI + 1,
				   UMBRA_IRQFD_FLAG_DEASSIGN, 0));
	ASSERT_EQ(0, irqfd(vm->vm_fd, efd, SPI, UMBRA_IRQFD_FLAG_DEASSIGN, 0));
	ASSERT_EQ(0, irqfd(vm->vm_fd, efd, SPI + 1, 0, 0));
	/* left bound: released with the VM */
	close(efd);
}

TEST_F(vgic, busy_after_run)
{
	struct umbra_vm *vm = &self->vm;

	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE,
				 &GUEST_CODE(guest_shutdown)));
	ASSERT_RUN_SHUTDOWN(vm, GUEST_DONE);
	ASSERT_ERRNO(EBUSY, create_irqchip(vm->vm_fd, GICD_BASE, GICC_BASE,
					   NR_IRQS, 0));
}

/* A VM running guest_gic with @flags until it counted @n IRQs. */
static int gic_guest(struct umbra_vm *vm, int dev_fd, __u32 flags, __u32 n)
{
	struct umbra_regs regs;

	if (umbra_vm_start(vm, dev_fd, RAM_SIZE, &GUEST_CODE(guest_gic)))
		return -1;
	if (create_irqchip(vm->vm_fd, GICD_BASE, GICC_BASE, NR_IRQS, 0)) {
		snprintf(umbra_util_err, sizeof(umbra_util_err),
			 "UMBRA_CREATE_IRQCHIP: %s", strerror(errno));
		return -1;
	}
	if (umbra_get_regs(vm, &regs))
		return -1;
	regs.usr_regs[0] = GICD_BASE;
	regs.usr_regs[1] = GICC_BASE;
	regs.usr_regs[2] = SPI;
	regs.usr_regs[3] = flags;
	regs.usr_regs[4] = n;
	return umbra_set_regs(vm, &regs);
}

/*
 * Run to the guest's next report: 0 with *what (GUEST_GIC_READY or the
 * IAR value) and *count; 1 at its shutdown (status in *what); -1.
 */
static int gic_report(struct umbra_vm *vm, __u32 *what, __u32 *count)
{
	if (umbra_run(vm))
		return -1;
	if (vm->run->exit_reason == UMBRA_EXIT_SHUTDOWN) {
		*what = vm->run->shutdown.status;
		return 1;
	}
	if (vm->run->exit_reason != UMBRA_EXIT_HYPERCALL ||
	    vm->run->hypercall.nr != GUEST_HC_REPORT) {
		snprintf(umbra_util_err, sizeof(umbra_util_err), "%s",
			 umbra_exit_str(vm->run));
		return -1;
	}
	*what = vm->run->hypercall.args[0];
	*count = vm->run->hypercall.args[1];
	vm->run->hypercall.ret[0] = 0;
	return 0;
}

#define ASSERT_REPORT(vm, w, c) do { \
	__u32 __w = 0, __c = 0; \
	ASSERT_EQ(0, gic_report((vm), &__w, &__c)) \
		TH_LOG("%s (status %#x)", umbra_util_err, __w); \
	ASSERT_EQ((__u32)(w), __w); \
	ASSERT_EQ((__u32)(c), __c); \
} while (0)

#define ASSERT_GIC_SHUTDOWN(vm) do { \
	__u32 __w = 0, __c = 0; \
	ASSERT_EQ(1, gic_report((vm), &__w, &__c)) \
		TH_LOG("report %#x count %u instead of shutdown: %s", __w, \
		       __c, umbra_util_err); \
	ASSERT_EQ((__u32)GUEST_OK, __w); \
} while (0)

/* Level: pending while high; an EOI with the line still high re-pends. */
TEST_F(vgic, level_line)
{
	struct umbra_vm *vm = &self->vm;

	ASSERT_OK(gic_guest(vm, self->dev_fd, 0, 2));
	ASSERT_REPORT(vm, GUEST_GIC_READY, 0);
	ASSERT_EQ(0, irq_line(vm->vm_fd, SPI, 1));
	ASSERT_REPORT(vm, SPI, 1);
	/* still high at the EOI: taken again */
	ASSERT_REPORT(vm, SPI, 2);
	ASSERT_EQ(0, irq_line(vm->vm_fd, SPI, 0));
	/* low at this EOI: no third one before the guest stops */
	ASSERT_GIC_SHUTDOWN(vm);
}

/* Edge: one IRQ per rising edge, one kept pending while active. */
TEST_F(vgic, edge_line)
{
	struct umbra_vm *vm = &self->vm;

	ASSERT_OK(gic_guest(vm, self->dev_fd, GUEST_GIC_EDGE, 2));
	ASSERT_REPORT(vm, GUEST_GIC_READY, 0);
	ASSERT_EQ(0, irq_line(vm->vm_fd, SPI, 1));
	ASSERT_REPORT(vm, SPI, 1);
	/* still high: no new edge; a pulse while active pends it */
	ASSERT_EQ(0, irq_line(vm->vm_fd, SPI, 0));
	ASSERT_EQ(0, irq_line(vm->vm_fd, SPI, 1));
	ASSERT_REPORT(vm, SPI, 2);
	/* the line stays high: no third IRQ */
	ASSERT_GIC_SHUTDOWN(vm);
}

/* CPSR.I holds a pending IRQ back until the guest unmasks. */
TEST_F(vgic, masked_until_unmask)
{
	struct umbra_vm *vm = &self->vm;

	ASSERT_OK(gic_guest(vm, self->dev_fd, GUEST_GIC_MASKED, 1));
	ASSERT_REPORT(vm, GUEST_GIC_READY, 0);
	ASSERT_EQ(0, irq_line(vm->vm_fd, SPI, 1));
	/* the guest checks it got none masked, exactly one at unmask */
	ASSERT_REPORT(vm, SPI, 1);
	ASSERT_EQ(0, irq_line(vm->vm_fd, SPI, 0));
	ASSERT_GIC_SHUTDOWN(vm);
}

struct writer {
	int efd, resamplefd;
	atomic_uint reports;	/* IRQs the vCPU thread saw */
	atomic_uint written;	/* eventfd writes done */
	unsigned int n;
	int resampled;		/* resamplefd reads that returned 1 */
	int err;
};

/* Write the eventfd once per IRQ the guest reported, @n times. */
static void *writer_thread(void *arg)
{
	struct writer *w = arg;
	unsigned int i;
	__u64 one = 1, v;

	for (i = 0; i < w->n; i++) {
		while (atomic_load(&w->reports) < i)
			sleep_ms(1);
		if (w->resamplefd >= 0 && i) {
			struct pollfd p = { .fd = w->resamplefd,
					    .events = POLLIN };

			if (poll(&p, 1, 5000) != 1 ||
			    read(w->resamplefd, &v, 8) != 8 || v != 1) {
				w->err = 1;
				return NULL;
			}
			w->resampled++;
		}
		sleep_ms(20);		/* the vCPU is in WFI or spinning */
		atomic_fetch_add(&w->written, 1);
		if (write(w->efd, &one, 8) != 8) {
			w->err = 2;
			return NULL;
		}
	}
	return NULL;
}

static void irqfd_run(struct __test_metadata *_metadata, int dev_fd,
		      struct umbra_vm *vm, __u32 flags, bool resample)
{
	struct writer w = { .n = 3, .resamplefd = -1 };
	pthread_t t;
	unsigned int i;
	__u64 v;

	ASSERT_OK(gic_guest(vm, dev_fd, flags, w.n));
	w.efd = eventfd(0, EFD_CLOEXEC);
	ASSERT_LE(0, w.efd);
	if (resample) {
		w.resamplefd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		ASSERT_LE(0, w.resamplefd);
		ASSERT_EQ(0, irqfd(vm->vm_fd, w.efd, SPI,
				   UMBRA_IRQFD_FLAG_RESAMPLE, w.resamplefd));
	} else {
		ASSERT_EQ(0, irqfd(vm->vm_fd, w.efd, SPI, 0, 0));
	}
	ASSERT_REPORT(vm, GUEST_GIC_READY, 0);
	ASSERT_EQ(0, pthread_create(&t, NULL, writer_thread, &w));
	for (i = 1; i <= w.n; i++) {
		ASSERT_REPORT(vm, SPI, i);
		/* each IRQ after its write, none from a line left high */
		ASSERT_EQ(i, atomic_load(&w.written));
		if (resample)	/* not before the EOI */
			ASSERT_EQ(-1, read(w.resamplefd, &v, 8));
		atomic_store(&w.reports, i);
	}
	ASSERT_GIC_SHUTDOWN(vm);
	pthread_join(t, NULL);
	ASSERT_EQ(0, w.err);
	if (resample) {
		ASSERT_EQ(2, w.resampled);
		/* the last EOI resampled too */
		ASSERT_EQ(8, read(w.resamplefd, &v, 8));
		ASSERT_EQ(1u, v);
		close(w.resamplefd);
	}
	close(w.efd);
}

TEST_F(vgic, irqfd_running)
{
	irqfd_run(_metadata, self->dev_fd, &self->vm, 0, false);
}

TEST_F(vgic, irqfd_wfi)
{
	irqfd_run(_metadata, self->dev_fd, &self->vm, GUEST_GIC_WFI, false);
}

TEST_F(vgic, irqfd_resample)
{
	irqfd_run(_metadata, self->dev_fd, &self->vm, GUEST_GIC_WFI, true);
}

/* An eventfd closed while bound: EPOLLHUP unbinds it, nothing leaks. */
TEST_F(vgic, irqfd_close_while_bound)
{
	struct umbra_vm *vm = &self->vm;
	int efd, rfd;

	ASSERT_OK(gic_guest(vm, self->dev_fd, 0, 1));
	efd = eventfd(0, EFD_CLOEXEC);
	rfd = eventfd(0, EFD_CLOEXEC);
	ASSERT_LE(0, efd);
	ASSERT_LE(0, rfd);
	ASSERT_EQ(0, irqfd(vm->vm_fd, efd, SPI, UMBRA_IRQFD_FLAG_RESAMPLE,
			   rfd));
	close(efd);
	close(rfd);
	/* the line it held is free for UMBRA_IRQ_LINE */
	ASSERT_REPORT(vm, GUEST_GIC_READY, 0);
	ASSERT_EQ(0, irq_line(vm->vm_fd, SPI, 1));
	ASSERT_REPORT(vm, SPI, 1);
	ASSERT_EQ(0, irq_line(vm->vm_fd, SPI, 0));
	ASSERT_GIC_SHUTDOWN(vm);
}

TEST_HARNESS_MAIN
