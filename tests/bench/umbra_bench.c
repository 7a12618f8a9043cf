// SPDX-License-Identifier: GPL-2.0
/*
 * umbra_bench - cost of umbra's shadow paging and exits, next to the cost
 * of a native page fault of the host. See Documentation/benchmarks.rst.
 *
 * Everything but the interrupt latencies is timed with CLOCK_MONOTONIC
 * from this program; those are stamped with the cycle counter PMCCNTR by
 * the raising thread and by the guest's IRQ handler (readable in PL0 while
 * tests/bench/kmod/umbra_bench_irq.ko is loaded). Run on an
 * emulated board under QEMU's `-icount shift=0,sleep=off` (tools/bench.sh)
 * the virtual clock advances exactly one nanosecond per instruction
 * executed, so nanoseconds are instructions, and at the modelled 1 GHz,
 * cycles. On real hardware the same program reports nanoseconds.
 *
 * Each guest measurement is differential: the guest (bench_guest.S) runs
 * an operation count times between two exits to this program, and once
 * more with count 0; the difference divided by count is the cost of one
 * operation, with the exits, the ioctl and the set-up cancelled out. Every
 * measurement is repeated (-k) and the median is reported.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <glib-unix.h>

#include "umbra_util.h"
#include "bench_guest.h"
#include "passthru.h"	/* vmm/: passthru_forward_step() */

#define PAGE		4096u
#define MB		0x100000u

/*
 * Guest RAM layout (offsets from GUEST_RAM_BASE). Address space 0 maps
 * RAM with sections and the window's N pages with second-level tables;
 * address space i (1 .. MAX_AS - 1) maps RAM the same way and the
 * window's first page onto a page of its own, holding AS_MARK(i).
 */
#define CODE_OFF	0x0000		/* bench_server, one page */
#define MAX_AS		8
#define L1_OFF(i)	(0x10000 + (i) * 0x4000) /* 16 KiB aligned */
#define L2_AS_OFF(i)	(0x30000 + (i) * 0x400)  /* AS i's window table */
#define L2_OFF		0x40000		/* AS 0's window tables, 1 KiB each */
#define WINDOW_OFF	MB		/* AS 0's pages, then one per AS i */
#define WINDOW_VA	0x80000000u	/* the window, outside RAM's VAs */
#define AS_MARK(i)	((i) ? (uint32_t)(i) << 16 : 1u)

/* Short-descriptor entries (ARM ARM B3.5.1): full access, domain 0 */
#define SECT(pa)	((uint32_t)(pa) | 0x2 | (3u << 10))
#define TABLE(pa)	((uint32_t)(pa) | 0x1)
#define SMALL(pa)	((uint32_t)(pa) | 0x2 | (3u << 4))

struct params {
	unsigned int pages;	/* -n: window pages (shadow faults per pass) */
	unsigned int passes;	/* -r: fault passes per measurement */
	unsigned int loops;	/* -l: iterations of the single-op loops */
	unsigned int switches;	/* -s: switch rounds (K switches each) */
	unsigned int reps;	/* -k: repetitions, the median is reported */
	unsigned int native;	/* -p: pages of the native fault test */
	unsigned int irqs;	/* -i: interrupts per IRQ measurement */
	int cpu;		/* -c: CPU to pin to, -1 for none */
	int verbose;		/* -v: every repetition's values */
};

/* How the IRQ of BENCH_OP_IRQ is raised (struct bench.irq_how) */
enum irq_how {
	IRQ_LINE_SELF,		/* UMBRA_IRQ_LINE at BENCH_HC_IRQ_ARM */
	IRQ_FD_SELF,		/* eventfd write at BENCH_HC_IRQ_ARM */
	IRQ_LINE_THREAD,	/* UMBRA_IRQ_LINE from the injector thread */
	IRQ_FD_THREAD,		/* eventfd write from the injector thread */
};

/*
 * The passthrough device: /dev/uio0 when it is a PL031 (virt's RTC, which
 * tools/run-qemu.sh --passthrough hands to uio_pdrv_genirq), its
 * registers mapped here and in the guest at BENCH_PT, its interrupt
 * forwarded to BENCH_SPI_PT by a forwarding thread (pt_irq_latency()).
 */
struct pt {
	int ok;			/* found, set up: the UIO rows run */
	int uio_fd;		/* /dev/uio0 */
	volatile uint32_t *regs; /* its map0, the PL031's registers */
	size_t size;		/* bytes of map0, whole pages */
	int irq_fd;		/* irqfd on BENCH_SPI_PT, resampled */
	int resample_fd;	/* signalled at the guest's EOI */
	int stop_fd;		/* stops the forwarding thread */
	pthread_t thread;
	uint64_t forwarded;	/* host interrupts forwarded */
	volatile uint32_t t_fwd; /* PMCCNTR: read() returned, irqfd next */
	uint32_t *wake;		/* t_fwd - trigger, per interrupt */
	uint32_t *inject;	/* handler entry - t_fwd, per interrupt */
};

struct bench {
	struct params p;
	int dev_fd;
	struct umbra_vm vm;
	size_t ram_size;
	unsigned long pings;
	unsigned long mmios;	/* MMIO exits served */
	uint32_t r2;		/* r2 of the next operation */
	int irqchip;		/* the virtual GIC exists, PMCCNTR readable */
	int efd;		/* the eventfd bound to BENCH_SPI_FD */
	enum irq_how how;
	uint32_t *samples;	/* PMCCNTR entry - raise, per interrupt */
	unsigned int nsamples;
	volatile uint32_t t_raise; /* PMCCNTR just before the raise */
	sem_t go;		/* injector: raise the next interrupt */
	unsigned int inject;	/* injector: interrupts left to raise */
	struct pt pt;		/* the passthrough device */
};

/* The SPIs raised by UMBRA_IRQ_LINE and by the irqfd */
#define BENCH_SPI_LINE	40
#define BENCH_SPI_FD	41
/* The UIO device (tools/run-qemu.sh --passthrough) */
#define PT_UIO		"uio0"
/* PL031 registers (ARM DDI 0224), PL031_IMSC in bench_guest.h */
#define PL031_DR	0x00
#define PL031_MR	0x04
#define PL031_RIS	0x14
#define PL031_ICR	0x1c
#define PL031_PERIPH_ID(n) (0xfe0 + 4 * (n))
/* The injector's pause before it raises (us): the vCPU reaches its WFI */
#define INJECT_DELAY_US	500

/* One row of the report: a value per repetition. */
struct row {
	const char *name;
	double *v;		/* p.reps values */
	char iters[48];		/* how many operations one value averages */
	int ratio;		/* print the ratio to the native fault */
	double med, min, max;
};

enum {
	R_SHADOW_FAULT,
	R_TOUCH_UNMAPPED,
	R_TOUCH_MAPPED,
	R_TLBIALL,
	R_CP15_NOP,
	R_SWITCH2,
	R_SWITCH3,
	R_SWITCH3_ONE,
	R_SWITCH1,
	R_SWITCH2_HC,
	R_SWITCH3_HC,
	R_TLBIMVA_REFAULT,
	R_TLBIMVA,
	R_REFAULT,
	R_HVC,
	R_VMM_HC,
	R_SYSCALL,
	R_IRQ_PAIR,
	R_MMIO,
	R_IRQ_LINE_SELF,
	R_IRQ_FD_SELF,
	R_IRQ_LINE_THREAD,
	R_IRQ_FD_THREAD,
	R_PT_IRQ,
	R_PT_STAMPED,
	R_PT_WAKE,
	R_PT_INJECT,
	R_PT_GLIB,
	R_PT_GLIB_WAKE,
	R_PT_GLIB_INJECT,
	R_NATIVE_EVENTFD,
	R_NATIVE_UIO,
	R_NATIVE_WRITE,
	R_NATIVE_READ,
	R_GETPPID,
	R_NATIVE_IRQ,
	R_CALIBRATION,
	R_PMU_CALIBRATION,
	NR_ROWS
};

static struct row rows[NR_ROWS] = {
	[R_SHADOW_FAULT] = { "shadow fault (guest table hit)", .ratio = 1 },
	[R_TOUCH_UNMAPPED] = { "  touch, page not yet shadowed" },
	[R_TOUCH_MAPPED] = { "  touch, page shadowed" },
	[R_TLBIALL] = { "TLBIALL (trap+unmap_all+code refault)", .ratio = 1 },
	[R_CP15_NOP] = { "trapped CP15 op, no-op (BPIALL)" },
	[R_SWITCH2] = { "AS switch, 2 AS alternating", .ratio = 1 },
	[R_SWITCH3] = { "AS switch, 3 AS round robin", .ratio = 1 },
	[R_SWITCH3_ONE] = { "  3 AS round robin, one ASID", .ratio = 1 },
	[R_SWITCH1] = { "  same AS: TTBR0+CONTEXTIDR rewritten" },
	[R_SWITCH2_HC] = { "AS switch, 2 AS, UMBRA_HC_SWITCH_AS", .ratio = 1 },
	[R_SWITCH3_HC] = { "AS switch, 3 AS, UMBRA_HC_SWITCH_AS", .ratio = 1 },
	[R_TLBIMVA_REFAULT] = { "TLBIMVA + refault", .ratio = 1 },
	[R_TLBIMVA] = { "  TLBIMVA alone" },
	[R_REFAULT] = { "  refault after TLBIMVA", .ratio = 1 },
	[R_HVC] = { "null hypercall (UMBRA_HC_VERSION)" },
	[R_VMM_HC] = { "hypercall exit to the VMM and back" },
	[R_SYSCALL] = { "guest syscall (svc vector + svc #1)" },
	[R_IRQ_PAIR] = { "virtual IRQ unmask+mask (2 hypercalls)" },
	[R_MMIO] = { "MMIO load exit to the VMM and back" },
	[R_IRQ_LINE_SELF] = { "IRQ_LINE before UMBRA_RUN -> handler" },
	[R_IRQ_FD_SELF] = { "irqfd write before UMBRA_RUN -> handler" },
	[R_IRQ_LINE_THREAD] = { "IRQ_LINE other thread, WFI -> handler" },
	[R_IRQ_FD_THREAD] = { "irqfd other thread, WFI -> handler" },
	[R_PT_IRQ] = { "passthrough IRQ (PL031) -> handler" },
	[R_PT_STAMPED] = { "  the same, forwarder stamped" },
	[R_PT_WAKE] = { "    IRQ -> forwarder's read() returns" },
	[R_PT_INJECT] = { "    forwarder's irqfd write -> handler" },
	[R_PT_GLIB] = { "  forwarder in a GMainLoop (stamped)" },
	[R_PT_GLIB_WAKE] = { "    IRQ -> callback's read() returns" },
	[R_PT_GLIB_INJECT] = { "    callback's irqfd write -> handler" },
	[R_NATIVE_EVENTFD] = { "native eventfd write -> reader wakes" },
	[R_NATIVE_UIO] = { "native UIO IRQ (PL031) -> reader wakes" },
	[R_NATIVE_WRITE] = { "native page fault (write, anon)", .ratio = 1 },
	[R_NATIVE_READ] = { "native page fault (read, zero page)", .ratio = 1 },
	[R_GETPPID] = { "native getppid() syscall" },
	[R_NATIVE_IRQ] = { "native local_irq_save+restore pair" },
	[R_CALIBRATION] = { "calibration: ns per loop instruction" },
	[R_PMU_CALIBRATION] = { "calibration: PMCCNTR cycles per ns" },
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2),
						      noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "umbra_bench: error: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* ---------------------------------------------------------------- */
/* Native baselines                                                  */

/* n iterations of a two-instruction loop (subs, bne) */
static void __attribute__((noinline)) spin(uint32_t n)
{
	asm volatile("1:	subs	%0, %0, #1\n"
		     "	bne	1b\n" : "+r" (n) : : "cc");
}

/*
 * ns per instruction: 1.000 under -icount shift=0 (plus ~0.0001 for the
 * clock reads). The least of three tries: an interrupt only adds time.
 */
static double calibrate(void)
{
	const uint32_t n = 1000000;
	double v, best = 0;
	uint64_t t0;
	int i;

	for (i = 0; i < 3; i++) {
		t0 = now_ns();
		spin(n);
		v = (double)(now_ns() - t0) / (2.0 * n);
		if (!i || v < best)
			best = v;
	}
	return best;
}

/* The cycle counter, readable in PL0 while umbra_bench_irq.ko is loaded */
static inline uint32_t pmccntr(void)
{
	uint32_t v;

	asm volatile("mrc p15, 0, %0, c9, c13, 0" : "=r" (v));
	return v;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static double median_u32(uint32_t *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_u32);
	return n & 1 ? v[n / 2] : ((double)v[n / 2 - 1] + v[n / 2]) / 2;
}

struct evt {
	int efd;
	sem_t ack;
	volatile uint32_t t0;
	uint32_t *samples;
	unsigned int n;
};

/* The reader: blocked in read(); stamps its wake-up, acknowledges. */
static void *evt_reader(void *arg)
{
	struct evt *e = arg;
	uint64_t v;
	unsigned int i;

	for (i = 0; i < e->n; i++) {
		if (read(e->efd, &v, sizeof(v)) != sizeof(v))
			die("eventfd read: %s", strerror(errno));
		e->samples[i] = pmccntr() - e->t0;
		sem_post(&e->ack);
	}
	return NULL;
}

/*
 * The host's own equivalent of an irqfd: this thread waits until the
 * reader thread is blocked in read() of an eventfd (INJECT_DELAY_US),
 * stamps PMCCNTR and writes the eventfd; the reader stamps when read()
 * returns. Median of @n, in cycles; -1 without PMCCNTR.
 */
static double native_eventfd(unsigned int n, int have_pmu)
{
	struct evt e = { .n = n };
	pthread_t t;
	uint64_t one = 1;
	unsigned int i;
	double med;

	if (!have_pmu)
		return -1;
	e.efd = eventfd(0, EFD_CLOEXEC);
	e.samples = calloc(n, sizeof(*e.samples));
	if (e.efd < 0 || !e.samples || sem_init(&e.ack, 0, 0))
		die("eventfd: %s", strerror(errno));
	if (pthread_create(&t, NULL, evt_reader, &e))
		die("pthread_create failed");
	for (i = 0; i < n; i++) {
		usleep(INJECT_DELAY_US);
		e.t0 = pmccntr();
		if (write(e.efd, &one, sizeof(one)) != sizeof(one))
			die("eventfd write: %s", strerror(errno));
		while (sem_wait(&e.ack))
			;
	}
	pthread_join(t, NULL);
	med = median_u32(e.samples, n);
	free(e.samples);
	close(e.efd);
	sem_destroy(&e.ack);
	return med;
}

#define PT_REG(b, off)	((b)->pt.regs[(off) / 4])

static void uio_unmask(struct pt *pt)
{
	uint32_t one = 1;

	if (write(pt->uio_fd, &one, sizeof(one)) != sizeof(one))
		die("%s: unmask: %s", PT_UIO, strerror(errno));
}

struct uio_rd {
	struct bench *b;
	sem_t ack;
	volatile uint32_t t0;
	uint32_t *samples;
	unsigned int n;
};

/*
 * The UIO reader: blocked in read() of /dev/uio0; stamps its wake-up,
 * drops the device's line (RTCIMSC = 0), unmasks the host's (as the
 * forwarding thread does at the guest's EOI), acknowledges.
 */
static void *uio_reader(void *arg)
{
	struct uio_rd *u = arg;
	struct bench *b = u->b;
	uint32_t count;
	unsigned int i;

	for (i = 0; i < u->n; i++) {
		if (read(b->pt.uio_fd, &count, sizeof(count)) != sizeof(count))
			die("%s read: %s", PT_UIO, strerror(errno));
		u->samples[i] = pmccntr() - u->t0;
		PT_REG(b, PL031_IMSC) = 0;
		uio_unmask(&b->pt);
		sem_post(&u->ack);
	}
	return NULL;
}

/*
 * The host's own equivalent of the passthrough row: a reader thread
 * blocked in read() of /dev/uio0 (uio_pdrv_genirq); this thread waits
 * INJECT_DELAY_US, stamps PMCCNTR and writes RTCIMSC = 1 through its
 * mapping of the PL031, which raises the device's interrupt at once (its
 * RTCRIS is latched, pt_setup()); the reader stamps when read() returns.
 * Median of @n, in cycles; -1 without the device.
 */
static double native_uio(struct bench *b, unsigned int n)
{
	struct uio_rd u = { .b = b, .n = n };
	pthread_t t;
	unsigned int i;
	double med;

	if (!b->pt.ok)
		return -1;
	u.samples = calloc(n, sizeof(*u.samples));
	if (!u.samples || sem_init(&u.ack, 0, 0))
		die("out of memory");
	PT_REG(b, PL031_IMSC) = 0;
	uio_unmask(&b->pt);
	if (pthread_create(&t, NULL, uio_reader, &u))
		die("pthread_create failed");
	for (i = 0; i < n; i++) {
		usleep(INJECT_DELAY_US);	/* the reader is in read() */
		u.t0 = pmccntr();
		PT_REG(b, PL031_IMSC) = 1;	/* the interrupt, now */
		while (sem_wait(&u.ack))
			;
	}
	pthread_join(t, NULL);
	med = median_u32(u.samples, n);
	free(u.samples);
	sem_destroy(&u.ack);
	return med;
}

/*
 * PMCCNTR cycles per CLOCK_MONOTONIC ns over a 2,000,000-instruction
 * loop: 1.000 under -icount shift=0, so that the IRQ rows (PMCCNTR) and
 * the others (CLOCK_MONOTONIC) count the same unit; -1 without PMCCNTR.
 */
static double pmu_calibrate(int have_pmu)
{
	uint64_t t0, t1;
	uint32_t c0, c1;

	if (!have_pmu)
		return -1;
	t0 = now_ns();
	c0 = pmccntr();
	spin(1000000);
	c1 = pmccntr();
	t1 = now_ns();
	return (double)(uint32_t)(c1 - c0) / (double)(t1 - t0);
}

static double getppid_cost(unsigned int n)
{
	uint64_t t0, t1, t2;
	unsigned int i;

	t0 = now_ns();
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	t1 = now_ns();
	for (i = 0; i < 2 * n; i++)
		syscall(SYS_getppid);
	t2 = now_ns();
	return ((double)(t2 - t1) - (double)(t1 - t0)) / n;
}

#define IRQ_PARAMS	"/sys/module/umbra_bench_irq/parameters/"

static int read_ulong(const char *path, unsigned long *v)
{
	FILE *f = fopen(path, "r");
	int ok;

	if (!f)
		return -1;
	ok = fscanf(f, "%lu", v) == 1;
	fclose(f);
	return ok ? 0 : -1;
}

/*
 * One local_irq_save() + local_irq_restore() in the kernel, timed by
 * tests/bench/kmod/umbra_bench_irq.ko over @n pairs, minus its empty
 * loop; -1 when that module is not loaded.
 */
static double native_irq_cost(unsigned int n)
{
	unsigned long pairs, empty;
	FILE *f = fopen(IRQ_PARAMS "measure", "w");

	if (!f)
		return -1;
	if (fprintf(f, "%u\n", n) < 0 || fclose(f))
		die("umbra_bench_irq: measure %u: %s", n, strerror(errno));
	if (read_ulong(IRQ_PARAMS "pairs_ns", &pairs) ||
	    read_ulong(IRQ_PARAMS "empty_ns", &empty))
		die("umbra_bench_irq: cannot read its results");
	return ((double)pairs - (double)empty) / n;
}

/*
 * A fresh anonymous mapping of @pages pages, touched once per page (the
 * page fault) and then again (no fault): the difference per page.
 */
static double native_fault(unsigned int pages, int write)
{
	size_t len = (size_t)pages * PAGE;
	volatile unsigned char *p;
	uint64_t t0, t1, t2, t3;
	unsigned int i, sum = 0;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die("mmap %zu bytes: %s", len, strerror(errno));
	t0 = now_ns();
	if (write)
		for (i = 0; i < pages; i++)
			p[(size_t)i * PAGE] = 1;
	else
		for (i = 0; i < pages; i++)
			sum += p[(size_t)i * PAGE];
	t1 = now_ns();
	t2 = now_ns();
	if (write)
		for (i = 0; i < pages; i++)
			p[(size_t)i * PAGE] = 2;
	else
		for (i = 0; i < pages; i++)
			sum += p[(size_t)i * PAGE];
	t3 = now_ns();
	munmap((void *)p, len);
	if (sum)
		die("anonymous memory read back %u", sum);
	return ((double)(t1 - t0) - (double)(t3 - t2)) / pages;
}

/* ---------------------------------------------------------------- */
/* The guest                                                         */

static uint32_t *ram_word(struct bench *b, uint32_t off)
{
	return (uint32_t *)(b->vm.ram + off);
}

static unsigned int window_mbs(const struct bench *b)
{
	return (b->p.pages + 255) / 256;
}

/* The tables of every address space (see the layout above). */
static void build_tables(struct bench *b)
{
	uint32_t mb, i, pa, page;

	for (i = 0; i < MAX_AS; i++)
		for (mb = 0; mb < b->ram_size / MB; mb++) {
			pa = GUEST_RAM_BASE + mb * MB;
			ram_word(b, L1_OFF(i))[pa >> 20] = SECT(pa);
		}
	for (i = 0; i < MAX_AS; i++) {
		ram_word(b, L1_OFF(i))[BENCH_GICD >> 20] = SECT(BENCH_GICD);
		ram_word(b, L1_OFF(i))[BENCH_MMIO >> 20] = SECT(BENCH_MMIO);
		ram_word(b, L1_OFF(i))[BENCH_PT >> 20] = SECT(BENCH_PT);
	}
	for (mb = 0; mb < window_mbs(b); mb++)
		ram_word(b, L1_OFF(0))[(WINDOW_VA >> 20) + mb] =
			TABLE(GUEST_RAM_BASE + L2_OFF + mb * 1024);
	for (i = 0; i < b->p.pages; i++) {
		pa = GUEST_RAM_BASE + WINDOW_OFF + i * PAGE;
		ram_word(b, L2_OFF)[i] = SMALL(pa);
		*ram_word(b, WINDOW_OFF + i * PAGE) = i + 1;
	}
	for (i = 1; i < MAX_AS; i++) {
		page = WINDOW_OFF + (b->p.pages + i - 1) * PAGE;
		ram_word(b, L1_OFF(i))[WINDOW_VA >> 20] =
			TABLE(GUEST_RAM_BASE + L2_AS_OFF(i));
		ram_word(b, L2_AS_OFF(i))[0] = SMALL(GUEST_RAM_BASE + page);
		*ram_word(b, page) = AS_MARK(i);
	}
}

static int set_line(struct bench *b, uint32_t level)
{
	struct umbra_irq_level il = {
		.irq = UMBRA_IRQ_SPI(BENCH_SPI_LINE), .level = level,
	};

	return ioctl(b->vm.vm_fd, UMBRA_IRQ_LINE, &il);
}

static void raise_fd(struct bench *b)
{
	uint64_t one = 1;

	if (write(b->efd, &one, sizeof(one)) != sizeof(one))
		die("eventfd write: %s", strerror(errno));
}

/*
 * The virtual GIC (GICD BENCH_GICD, GICC BENCH_GICC, 64 interrupts) and
 * an irqfd on BENCH_SPI_FD, when umbra has them and PMCCNTR is readable
 * (umbra_bench_irq.ko loaded); otherwise the IRQ rows read -1.
 */
static void irqchip_setup(struct bench *b)
{
	struct umbra_irqchip ic = {
		.dist_base = BENCH_GICD, .cpu_base = BENCH_GICC, .nr_irqs = 64,
	};
	struct umbra_irqfd fd = { .gsi = BENCH_SPI_FD };

	b->efd = -1;
	if (access(IRQ_PARAMS "measure", F_OK)) {
		printf("# no umbra_bench_irq.ko: no PMCCNTR, no IRQ rows\n");
		return;
	}
	if (ioctl(b->vm.vm_fd, UMBRA_CREATE_IRQCHIP, &ic)) {
		printf("# UMBRA_CREATE_IRQCHIP: %s: no IRQ rows\n",
		       strerror(errno));
		return;
	}
	b->efd = eventfd(0, EFD_CLOEXEC);
	if (b->efd < 0)
		die("eventfd: %s", strerror(errno));
	fd.fd = b->efd;
	if (ioctl(b->vm.vm_fd, UMBRA_IRQFD, &fd))
		die("UMBRA_IRQFD: %s", strerror(errno));
	b->irqchip = 1;
}

static int sysfs_u32(const char *path, uint32_t *v)
{
	unsigned long x;
	FILE *f = fopen(path, "r");
	int ok;

	if (!f)
		return -1;
	ok = fscanf(f, "%lx", &x) == 1;
	fclose(f);
	*v = x;
	return ok ? 0 : -1;
}

/*
 * The passthrough device, when /dev/uio0 is a PL031 (tools/bench.sh boots
 * with --passthrough): its registers mapped here (map0) and given to the
 * guest at BENCH_PT (UMBRA_MEM_DEVICE, slot 1), an irqfd with a resample
 * eventfd on BENCH_SPI_PT, as umbra-vmm --passthrough=uio0:BENCH_PT:
 * BENCH_SPI_PT sets it up (vmm/passthru.c). Its raw interrupt status is
 * latched: RTCMR = RTCDR raises the match interrupt (RTCRIS) at once, and
 * nothing clears it but RTCICR, so from then on RTCIMSC alone drives the
 * interrupt line (RTCMIS = RTCRIS & RTCIMSC): a write of 1 raises it at a
 * known instant, 0 drops it. Without the device the UIO rows read -1.
 */
static void pt_setup(struct bench *b)
{
	struct pt *pt = &b->pt;
	struct umbra_userspace_memory_region r = {
		.slot = 1, .flags = UMBRA_MEM_DEVICE,
		.guest_phys_addr = BENCH_PT,
	};
	struct umbra_irqfd fd = {
		.gsi = BENCH_SPI_PT, .flags = UMBRA_IRQFD_FLAG_RESAMPLE,
	};
	uint32_t addr, size, part, i;
	void *m;

	pt->uio_fd = pt->irq_fd = pt->resample_fd = pt->stop_fd = -1;
	if (!b->irqchip)
		return;
	if (sysfs_u32("/sys/class/uio/" PT_UIO "/maps/map0/addr", &addr) ||
	    sysfs_u32("/sys/class/uio/" PT_UIO "/maps/map0/size", &size)) {
		printf("# no /dev/" PT_UIO " (no --passthrough): "
		       "no UIO rows\n");
		return;
	}
	pt->size = (size + PAGE - 1) & ~(size_t)(PAGE - 1);
	pt->uio_fd = open("/dev/" PT_UIO, O_RDWR | O_CLOEXEC);
	if (pt->uio_fd < 0)
		die("/dev/" PT_UIO ": %s", strerror(errno));
	m = mmap(NULL, pt->size, PROT_READ | PROT_WRITE, MAP_SHARED,
		 pt->uio_fd, 0);
	if (m == MAP_FAILED)
		die("/dev/" PT_UIO ": map0: %s", strerror(errno));
	pt->regs = m;
	part = (PT_REG(b, PL031_PERIPH_ID(0)) & 0xff) |
	       (PT_REG(b, PL031_PERIPH_ID(1)) & 0xf) << 8;
	if (part != 0x031) {
		printf("# /dev/" PT_UIO " at %#x is part %#x, not a PL031: "
		       "no UIO rows\n", addr, part);
		return;
	}
	PT_REG(b, PL031_IMSC) = 0;
	/* a second boundary between the read and the write: try again */
	for (i = 0; i < 3 && !(PT_REG(b, PL031_RIS) & 1); i++)
		PT_REG(b, PL031_MR) = PT_REG(b, PL031_DR);
	if (!(PT_REG(b, PL031_RIS) & 1))
		die("/dev/" PT_UIO ": the PL031 does not latch RTCRIS");

	r.memory_size = pt->size;
	r.userspace_addr = (uintptr_t)m;
	if (ioctl(b->vm.vm_fd, UMBRA_SET_USER_MEMORY_REGION, &r))
		die("UMBRA_MEM_DEVICE region for /dev/" PT_UIO ": %s",
		    strerror(errno));
	pt->irq_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	pt->resample_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	pt->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (pt->irq_fd < 0 || pt->resample_fd < 0 || pt->stop_fd < 0)
		die("eventfd: %s", strerror(errno));
	fd.fd = pt->irq_fd;
	fd.resamplefd = pt->resample_fd;
	if (ioctl(b->vm.vm_fd, UMBRA_IRQFD, &fd))
		die("UMBRA_IRQFD (resample) on SPI %d: %s", BENCH_SPI_PT,
		    strerror(errno));
	printf("# passthrough: /dev/" PT_UIO ", a PL031 at PA %#x, at IPA "
	       "%#x, SPI %d\n", addr, BENCH_PT, BENCH_SPI_PT);
	pt->ok = 1;
}

static void guest_setup(struct bench *b)
{
	const struct guest_code code = GUEST_CODE(bench_server);
	struct umbra_regs regs = { 0 };
	size_t need;

	if ((size_t)(code.end - code.start) > PAGE)
		die("bench_server is %zu bytes, more than a page",
		    (size_t)(code.end - code.start));
	need = WINDOW_OFF + ((size_t)b->p.pages + MAX_AS) * PAGE;
	b->ram_size = (need + MB - 1) & ~(size_t)(MB - 1);
	if (L2_OFF + window_mbs(b) * 1024 > WINDOW_OFF)
		die("-n %u: too many pages", b->p.pages);

	b->dev_fd = umbra_open_dev();
	if (b->dev_fd < 0)
		die("%s", umbra_util_err);
	if (umbra_vm_create(&b->vm, b->dev_fd, b->ram_size) ||
	    umbra_vm_load(&b->vm, CODE_OFF, &code))
		die("%s", umbra_util_err);
	build_tables(b);
	irqchip_setup(b);
	pt_setup(b);

	regs.pc = GUEST_RAM_BASE + CODE_OFF;
	regs.cpsr = GUEST_CPSR;
	regs.usr_regs[0] = GUEST_RAM_BASE + L1_OFF(0);
	regs.svc_regs[0] = GUEST_RAM_BASE + b->ram_size;
	if (umbra_set_regs(&b->vm, &regs))
		die("%s", umbra_util_err);
}

/* Run until the guest's next BENCH_HC_READY; returns its checksum. */
static uint32_t run_to_ready(struct bench *b)
{
	struct umbra_run *run = b->vm.run;

	for (;;) {
		if (umbra_run(&b->vm))
			die("%s", umbra_util_err);
		if (run->exit_reason == UMBRA_EXIT_MMIO &&
		    run->mmio.phys_addr == BENCH_MMIO && run->mmio.len == 4 &&
		    !run->mmio.is_write) {
			memset(run->mmio.data, 0, sizeof(run->mmio.data));
			run->mmio.data[0] = 1;	/* the device model's value */
			b->mmios++;
			continue;
		}
		if (run->exit_reason != UMBRA_EXIT_HYPERCALL)
			break;
		switch (run->hypercall.nr) {
		case BENCH_HC_READY:
			return run->hypercall.args[0];
		case BENCH_HC_PING:
			b->pings++;
			run->hypercall.ret[0] = 0;
			continue;
		case BENCH_HC_IRQ_ARM:
			run->hypercall.ret[0] = 0;
			b->t_raise = pmccntr();
			if (b->how == IRQ_LINE_SELF) {
				if (set_line(b, 1))
					die("UMBRA_IRQ_LINE: %s",
					    strerror(errno));
			} else {
				raise_fd(b);
			}
			continue;
		case BENCH_HC_IRQ_STAMP:
			run->hypercall.ret[0] = 0;
			if (b->nsamples >= b->p.irqs)
				die("more interrupts than raised");
			b->samples[b->nsamples++] = run->hypercall.args[0] -
						    b->t_raise;
			if (b->how == IRQ_LINE_SELF && set_line(b, 0))
				die("UMBRA_IRQ_LINE: %s", strerror(errno));
			if (b->how >= IRQ_LINE_THREAD &&
			    b->nsamples < b->p.irqs)
				sem_post(&b->go);
			continue;
		case BENCH_HC_PT_STAMP:
			run->hypercall.ret[0] = 0;
			if (b->nsamples >= b->p.irqs)
				die("more passthrough interrupts than raised");
			b->pt.wake[b->nsamples] = b->pt.t_fwd -
						  run->hypercall.args[0];
			b->pt.inject[b->nsamples] = run->hypercall.args[1] -
						    b->pt.t_fwd;
			b->samples[b->nsamples++] = run->hypercall.args[1] -
						    run->hypercall.args[0];
			/* the forwarder unmasks the line, is back in poll() */
			usleep(INJECT_DELAY_US);
			continue;
		}
		break;
	}
	die("unexpected guest exit: %s", umbra_exit_str(run));
}

/* What the guest's checksum must be after @op ran @count times. */
static uint32_t expected_sum(const struct bench *b, unsigned int op,
			     uint32_t count, uint32_t arg)
{
	uint32_t n = b->p.pages, pass = n * (n + 1) / 2, round = 0, i;

	switch (op) {
	case BENCH_OP_TOUCH_FAULT:
		return count * pass;
	case BENCH_OP_TOUCH_MAPPED:
		return (count + 1) * pass;
	case BENCH_OP_SWITCH:
		for (i = 0; i < (arg & 0xff); i++)
			round += AS_MARK(i);
		return (count + 1) * round;
	case BENCH_OP_TLBIMVA:
		return count + 1;
	case BENCH_OP_TLBIMVA_ONLY:
		return 1;
	case BENCH_OP_MMIO:
	case BENCH_OP_IRQ:
	case BENCH_OP_PT_IRQ:
		return count;
	default:
		return 0;
	}
}

/*
 * Nanoseconds from asking for @op x @count (with @arg in r3: the window's
 * pages, or address spaces) to the guest's next READY.
 */
static uint64_t op_time(struct bench *b, unsigned int op, uint32_t count,
			uint32_t arg)
{
	struct umbra_run *run = b->vm.run;
	uint64_t t0, t1;
	uint32_t sum;

	run->hypercall.ret[0] = op;
	run->hypercall.ret[1] = count;
	run->hypercall.ret[2] = b->r2;
	run->hypercall.ret[3] = arg;
	t0 = now_ns();
	sum = run_to_ready(b);
	t1 = now_ns();
	if (sum != expected_sum(b, op, count, arg))
		die("operation %u x %u (%u): guest checksum %#x, expected %#x",
		    op, count, arg, sum, expected_sum(b, op, count, arg));
	return t1 - t0;
}

/*
 * ns per iteration: (time of @count iterations - time of none) / count.
 * A first, unmeasured run with none puts umbra in the same state (its
 * address-space cache keys, above all) before both measured runs.
 */
static double op_cost_arg(struct bench *b, unsigned int op, uint32_t count,
			  uint32_t arg)
{
	uint64_t t0, t1;

	op_time(b, op, 0, arg);
	t0 = op_time(b, op, 0, arg);
	t1 = op_time(b, op, count, arg);

	return ((double)t1 - (double)t0) / count;
}

static double op_cost(struct bench *b, unsigned int op, uint32_t count)
{
	return op_cost_arg(b, op, count, b->p.pages);
}

/* The injector thread: for each interrupt, the raise of b->how. */
static void *injector(void *arg)
{
	struct bench *b = arg;
	unsigned int i;

	for (i = 0; i < b->inject; i++) {
		while (sem_wait(&b->go))
			;
		if (b->how == IRQ_LINE_THREAD && set_line(b, 0))
			die("UMBRA_IRQ_LINE: %s", strerror(errno));
		usleep(INJECT_DELAY_US);	/* the vCPU is in its WFI */
		b->t_raise = pmccntr();
		if (b->how == IRQ_LINE_THREAD) {
			if (set_line(b, 1))
				die("UMBRA_IRQ_LINE: %s", strerror(errno));
		} else {
			raise_fd(b);
		}
	}
	return NULL;
}

/*
 * Cycles (PMCCNTR) from raising the guest's interrupt @how to the first
 * instruction of its IRQ handler, median of p.irqs interrupts; -1 without
 * the virtual GIC or PMCCNTR.
 */
static double irq_latency(struct bench *b, enum irq_how how)
{
	unsigned int n = b->p.irqs;
	pthread_t t;
	double med;

	if (!b->irqchip)
		return -1;
	b->how = how;
	b->nsamples = 0;
	b->r2 = 0;
	if (how >= IRQ_LINE_THREAD) {
		b->inject = n;
		if (sem_init(&b->go, 0, 1) ||
		    pthread_create(&t, NULL, injector, b))
			die("injector thread: %s", strerror(errno));
	}
	op_time(b, BENCH_OP_IRQ, n,
		how >= IRQ_LINE_THREAD ? BENCH_IRQ_WFI : BENCH_IRQ_ARM);
	if (how >= IRQ_LINE_THREAD) {
		pthread_join(t, NULL);
		sem_destroy(&b->go);
	}
	if (how == IRQ_LINE_THREAD && set_line(b, 0))
		die("UMBRA_IRQ_LINE: %s", strerror(errno));
	b->r2 = WINDOW_VA;
	if (b->nsamples != n)
		die("%u interrupts taken, %u raised", b->nsamples, n);
	med = median_u32(b->samples, n);
	return med;
}

/* How the passthrough device's interrupt is forwarded (pt_irq_latency()) */
enum pt_fwd {
	PT_FWD_VMM,		/* umbra-vmm's own thread: pt_forward_vmm() */
	PT_FWD_STAMPED,		/* the same, stamped: pt_forward_stamped() */
	PT_FWD_GLIB,		/* a GMainLoop: pt_forward_glib() */
};

/*
 * umbra-vmm's forwarding thread (vmm/passthru.c, compiled into this
 * program): passthru_forward_step() until stop_fd is readable.
 */
static void *pt_forward_vmm(void *arg)
{
	struct pt *pt = arg;
	int ret;

	do {
		ret = passthru_forward_step(pt->uio_fd, pt->irq_fd,
					    pt->resample_fd, pt->stop_fd,
					    &pt->forwarded);
	} while (ret > 0);
	if (ret < 0)
		die("passthru_forward_step: %s", strerror(errno));
	return NULL;
}

/*
 * passthru_forward_step() with a stamp of PMCCNTR (t_fwd) between the
 * read() of /dev/uio0 and the irqfd write, which splits the path in two:
 * the same system calls in the same order. Wait in poll() for /dev/uio0
 * (a host interrupt, now masked: read the count, write 1 to the irqfd)
 * and the resample eventfd (the guest's EOI: read it, write 1 to
 * /dev/uio0 to unmask the line).
 * Return: 1 to go on, 0 when stop_fd is readable; dies on an error.
 */
static int pt_forward_stamped_step(struct pt *pt)
{
	struct pollfd p[3] = {
		{ .fd = pt->stop_fd, .events = POLLIN },
		{ .fd = pt->uio_fd, .events = POLLIN },
		{ .fd = pt->resample_fd, .events = POLLIN },
	};
	uint64_t v, one = 1;
	uint32_t count;

	if (poll(p, 3, -1) < 0) {
		if (errno == EINTR)
			return 1;
		die("forwarding: poll: %s", strerror(errno));
	}
	if (p[0].revents)
		return 0;
	if (p[2].revents & POLLIN) {
		if (read(pt->resample_fd, &v, sizeof(v)) != sizeof(v))
			die("resample eventfd: %s", strerror(errno));
		uio_unmask(pt);
	}
	if (p[1].revents & POLLIN) {
		if (read(pt->uio_fd, &count, sizeof(count)) != sizeof(count))
			die("forwarding: %s", strerror(errno));
		pt->t_fwd = pmccntr();
		if (write(pt->irq_fd, &one, sizeof(one)) != sizeof(one))
			die("forwarding: %s", strerror(errno));
		pt->forwarded++;
	}
	if ((p[1].revents | p[2].revents) & (POLLERR | POLLHUP | POLLNVAL))
		die("forwarding: /dev/" PT_UIO " or the resample fd failed");
	return 1;
}

static void *pt_forward_stamped(void *arg)
{
	struct pt *pt = arg;

	while (pt_forward_stamped_step(pt) > 0)
		;
	return NULL;
}

/*
 * The forwarding as umbra-vmm's GMainLoop would run it: the same reads
 * and writes (and stamp) in callbacks of g_unix_fd sources, one per fd,
 * dispatched by a GMainLoop (of a context of this thread's own; the
 * VMM's main thread runs the default one, which costs the same per
 * iteration).
 */
static gboolean pt_glib_uio(gint fd, GIOCondition cond G_GNUC_UNUSED,
			    gpointer data)
{
	struct pt *pt = data;
	uint64_t one = 1;
	uint32_t count;

	if (read(fd, &count, sizeof(count)) != sizeof(count))
		die("forwarding: %s", strerror(errno));
	pt->t_fwd = pmccntr();
	if (write(pt->irq_fd, &one, sizeof(one)) != sizeof(one))
		die("forwarding: %s", strerror(errno));
	pt->forwarded++;
	return G_SOURCE_CONTINUE;
}

static gboolean pt_glib_resample(gint fd, GIOCondition cond G_GNUC_UNUSED,
				 gpointer data)
{
	struct pt *pt = data;
	uint64_t v;

	if (read(fd, &v, sizeof(v)) != sizeof(v))
		die("resample eventfd: %s", strerror(errno));
	uio_unmask(pt);
	return G_SOURCE_CONTINUE;
}

static gboolean pt_glib_stop(gint fd G_GNUC_UNUSED,
			     GIOCondition cond G_GNUC_UNUSED, gpointer data)
{
	g_main_loop_quit(data);
	return G_SOURCE_REMOVE;
}

static void pt_glib_source(GMainContext *ctx, int fd, GUnixFDSourceFunc fn,
			   gpointer data)
{
	GSource *src = g_unix_fd_source_new(fd, G_IO_IN);

	g_source_set_callback(src, G_SOURCE_FUNC(fn), data, NULL);
	g_source_attach(src, ctx);
	g_source_unref(src);
}

static void *pt_forward_glib(void *arg)
{
	struct pt *pt = arg;
	GMainContext *ctx = g_main_context_new();
	GMainLoop *ml = g_main_loop_new(ctx, FALSE);

	g_main_context_push_thread_default(ctx);
	pt_glib_source(ctx, pt->stop_fd, pt_glib_stop, ml);
	pt_glib_source(ctx, pt->uio_fd, pt_glib_uio, pt);
	pt_glib_source(ctx, pt->resample_fd, pt_glib_resample, pt);
	g_main_loop_run(ml);
	g_main_context_pop_thread_default(ctx);
	g_main_loop_unref(ml);
	g_main_context_unref(ctx);
	return NULL;
}

/*
 * Cycles (PMCCNTR) from the guest's write of RTCIMSC = 1 to the passed-
 * through PL031 to the first instruction of its IRQ handler, median of
 * p.irqs interrupts; -1 without the device. The forwarding thread, of
 * kind @how, runs only meanwhile (native_uio() reads /dev/uio0 itself).
 * *@wake and *@inject (not for PT_FWD_VMM, which has no stamp: -1): the
 * medians of the two parts, split at the forwarder's stamp between its
 * read() of /dev/uio0 and its irqfd write.
 */
static double pt_irq_latency(struct bench *b, enum pt_fwd how, double *wake,
			     double *inject)
{
	static void *(*const fn[])(void *) = {
		[PT_FWD_VMM] = pt_forward_vmm,
		[PT_FWD_STAMPED] = pt_forward_stamped,
		[PT_FWD_GLIB] = pt_forward_glib,
	};
	struct pt *pt = &b->pt;
	uint64_t v;

	*wake = *inject = -1;
	if (!pt->ok)
		return -1;
	b->nsamples = 0;
	pt->forwarded = 0;
	PT_REG(b, PL031_IMSC) = 0;
	uio_unmask(pt);
	if (read(pt->stop_fd, &v, sizeof(v)) < 0 && errno != EAGAIN)
		die("stop eventfd: %s", strerror(errno));
	if (pthread_create(&pt->thread, NULL, fn[how], pt))
		die("forwarding thread: %s", strerror(errno));
	op_time(b, BENCH_OP_PT_IRQ, b->p.irqs, 0);
	v = 1;
	if (write(pt->stop_fd, &v, sizeof(v)) != sizeof(v))
		die("stop eventfd: %s", strerror(errno));
	pthread_join(pt->thread, NULL);
	if (b->nsamples != b->p.irqs || pt->forwarded != b->p.irqs)
		die("passthrough: %u interrupts taken, %" PRIu64
		    " forwarded, %u raised", b->nsamples, pt->forwarded,
		    b->p.irqs);
	if (how != PT_FWD_VMM) {
		*wake = median_u32(pt->wake, b->p.irqs);
		*inject = median_u32(pt->inject, b->p.irqs);
	}
	return median_u32(b->samples, b->p.irqs);
}

static void pt_destroy(struct pt *pt)
{
	int *fds[] = { &pt->irq_fd, &pt->resample_fd, &pt->stop_fd,
		       &pt->uio_fd };
	unsigned int i;

	if (pt->regs)
		munmap((void *)pt->regs, pt->size);
	pt->regs = NULL;
	for (i = 0; i < G_N_ELEMENTS(fds); i++) {
		if (*fds[i] >= 0)
			close(*fds[i]);
		*fds[i] = -1;
	}
}

/*
 * The guest's GIC set-up: the SPIs of UMBRA_IRQ_LINE and of the irqfd
 * edge-triggered, the passthrough device's level-sensitive, all enabled.
 */
static void gic_setup(struct bench *b)
{
	if (!b->irqchip)
		return;
	b->samples = calloc(b->p.irqs, sizeof(*b->samples));
	if (!b->samples)
		die("out of memory");
	op_time(b, BENCH_OP_GIC_INIT, 0, BENCH_SPI_LINE);
	op_time(b, BENCH_OP_GIC_INIT, 0, BENCH_SPI_FD);
	if (!b->pt.ok)
		return;
	b->pt.wake = calloc(b->p.irqs, sizeof(*b->pt.wake));
	b->pt.inject = calloc(b->p.irqs, sizeof(*b->pt.inject));
	if (!b->pt.wake || !b->pt.inject)
		die("out of memory");
	op_time(b, BENCH_OP_GIC_INIT, 0, BENCH_SPI_PT | BENCH_GIC_LEVEL);
}

/* ---------------------------------------------------------------- */
/* Report                                                            */

/* How many operations one value of row @r averages, for the report. */
static void iters(int r, const char *fmt, unsigned int n)
{
	snprintf(rows[r].iters, sizeof(rows[r].iters), fmt, n);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void summarize(struct row *r, unsigned int n)
{
	double *s = malloc(n * sizeof(*s));

	if (!s)
		die("out of memory");
	memcpy(s, r->v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	r->min = s[0];
	r->max = s[n - 1];
	r->med = n & 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	free(s);
}

static void ratio(const char *what, double guest, double native)
{
	if (native > 0)
		printf("  %-48s %8.1f\n", what, guest / native);
	else
		printf("  %-48s %8s (no native value)\n", what, "n/a");
}

static void print_report(const struct params *p)
{
	double wr, rd;
	unsigned int i;

	for (i = 0; i < NR_ROWS; i++)
		summarize(&rows[i], p->reps);
	wr = rows[R_NATIVE_WRITE].med;
	rd = rows[R_NATIVE_READ].med;
	printf("\n%-38s %10s %7s %7s %7s  %s\n", "name", "cycles/op",
	       "x wr.pf", "x rd.pf", "spread", "iterations per repetition");
	for (i = 0; i < NR_ROWS; i++) {
		struct row *r = &rows[i];
		char xw[16] = "-", xr[16] = "-";

		if (r->ratio && wr > 0 && rd > 0) {
			snprintf(xw, sizeof(xw), "%.2f", r->med / wr);
			snprintf(xr, sizeof(xr), "%.2f", r->med / rd);
		}
		printf("%-38s %10.*f %7s %7s %6.1f%%  %s\n", r->name,
		       i >= R_CALIBRATION ? 3 : 0, r->med, xw, xr,
		       r->med ? 100 * (r->max - r->min) / r->med : 0,
		       r->iters);
	}
	printf("\ncycles/op: median of %u repetitions of CLOCK_MONOTONIC ns per "
	       "operation\n  (= instructions = cycles at 1 GHz under -icount "
	       "shift=0); x wr.pf, x rd.pf:\n  ratio to the native page fault "
	       "(write, anon) and (read, zero page);\n  spread: (max - min) / "
	       "median over the repetitions.\n"
	       "AS switch: per switch, CONTEXTIDR then TTBR0 written (two "
	       "traps) and one page\n  touched, over K address spaces (TTBR0, "
	       "ASID) in turn; with 2 alternating, a\n  switch finds its shadow "
	       "tables cached when umbra keeps enough address spaces.\n",
	       p->reps);
	printf("\nratios (guest / native, medians):\n");
	ratio("guest syscall / native getppid()", rows[R_SYSCALL].med,
	      rows[R_GETPPID].med);
	ratio("null hypercall / native getppid()", rows[R_HVC].med,
	      rows[R_GETPPID].med);
	ratio("virtual IRQ unmask+mask / native save+restore",
	      rows[R_IRQ_PAIR].med, rows[R_NATIVE_IRQ].med);
	ratio("MMIO exit to the VMM / native getppid()",
	      rows[R_MMIO].med, rows[R_GETPPID].med);
	ratio("irqfd other thread -> handler / native eventfd",
	      rows[R_IRQ_FD_THREAD].med, rows[R_NATIVE_EVENTFD].med);
	ratio("IRQ_LINE other thread -> handler / native eventfd",
	      rows[R_IRQ_LINE_THREAD].med, rows[R_NATIVE_EVENTFD].med);
	ratio("passthrough IRQ -> handler / native UIO reader",
	      rows[R_PT_IRQ].med, rows[R_NATIVE_UIO].med);
	ratio("passthrough IRQ -> handler / irqfd other thread",
	      rows[R_PT_IRQ].med, rows[R_IRQ_FD_THREAD].med);
	ratio("  IRQ -> forwarder wakes / native UIO reader",
	      rows[R_PT_WAKE].med, rows[R_NATIVE_UIO].med);
	ratio("passthrough, GMainLoop / own thread (stamped)",
	      rows[R_PT_GLIB].med, rows[R_PT_STAMPED].med);
	if (p->verbose) {
		printf("\nper repetition:\n");
		for (i = 0; i < NR_ROWS; i++) {
			unsigned int k;

			printf("  %-38s", rows[i].name);
			for (k = 0; k < p->reps; k++)
				printf(" %.1f", rows[i].v[k]);
			printf("\n");
		}
	}
}

static void print_header(const struct params *p)
{
	struct utsname u;
	char model[128] = "?", line[256], part[32] = "?";
	FILE *f;

	uname(&u);
	f = fopen("/proc/device-tree/model", "r");
	if (f) {
		if (!fgets(model, sizeof(model), f))
			snprintf(model, sizeof(model), "?");
		fclose(f);
	}
	f = fopen("/proc/cpuinfo", "r");
	if (f) {
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "CPU part : %31s", part) == 1)
				break;
		fclose(f);
	}
	printf("umbra_bench: shadow paging and exit costs\n");
	printf("host: %s %s %s, board \"%s\", CPU part %s (0xc0f: Cortex-A15), "
	       "%ld CPUs online\n", u.sysname, u.release, u.machine, model,
	       part, sysconf(_SC_NPROCESSORS_ONLN));
	printf("clock: CLOCK_MONOTONIC; under QEMU -icount shift=0,sleep=off "
	       "1 ns = 1 instruction\n       = 1 cycle of the modelled "
	       "1 GHz CPU, so the ns below are reported as cycles\n");
	printf("parameters: -n %u window pages (N), -r %u fault passes (R), "
	       "-l %u loop iterations (L),\n            -s %u switch "
	       "rounds (S, K switches each), -k %u repetitions, "
	       "-p %u native pages,\n            -c %d (CPU pinned to, -1: "
	       "none), -i %u interrupts (I);\n            seed: none (no "
	       "random input, fixed order)\n",
	       p->pages, p->passes, p->loops, p->switches, p->reps, p->native,
	       p->cpu, p->irqs);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: umbra_bench [-n pages] [-r passes] [-l loops] "
		"[-s switches]\n"
		"                   [-k reps] [-p native-pages] [-c cpu] "
		"[-i irqs] [-v]\n");
	exit(2);
}

static unsigned int arg_uint(const char *s, unsigned int min)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || v < min || v > 1000000)
		usage();
	return v;
}

int main(int argc, char **argv)
{
	struct bench b = {
		.p = { .pages = 1024, .passes = 8, .loops = 500,
		       .switches = 100, .reps = 5, .native = 4096, .cpu = 0,
		       .irqs = 50 },
		.r2 = WINDOW_VA,
	};
	struct params *p = &b.p;
	unsigned int k, i;
	cpu_set_t set;
	double pass, tlbiall, mapped, w;
	int opt;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((opt = getopt(argc, argv, "n:r:l:s:k:p:c:i:v")) != -1) {
		switch (opt) {
		case 'n': p->pages = arg_uint(optarg, 1); break;
		case 'r': p->passes = arg_uint(optarg, 1); break;
		case 'l': p->loops = arg_uint(optarg, 1); break;
		case 's': p->switches = arg_uint(optarg, 1); break;
		case 'k': p->reps = arg_uint(optarg, 1); break;
		case 'p': p->native = arg_uint(optarg, 1); break;
		case 'c': p->cpu = optarg[0] == '-' ? -1 :
				   (int)arg_uint(optarg, 0); break;
		case 'i': p->irqs = arg_uint(optarg, 1); break;
		case 'v': p->verbose = 1; break;
		default: usage();
		}
	}
	if (optind != argc || p->pages > 16384)
		usage();
	for (i = 0; i < NR_ROWS; i++) {
		rows[i].v = calloc(p->reps, sizeof(double));
		if (!rows[i].v)
			die("out of memory");
	}
	print_header(p);
	if (p->cpu >= 0) {
		CPU_ZERO(&set);
		CPU_SET(p->cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set))
			die("sched_setaffinity(CPU %d): %s", p->cpu,
			    strerror(errno));
	}

	umbra_vm_init(&b.vm);
	guest_setup(&b);
	run_to_ready(&b);		/* MMU on, first READY */
	gic_setup(&b);

	iters(R_SHADOW_FAULT, "R*N = %u", p->passes * p->pages);
	iters(R_TOUCH_UNMAPPED, "R*N = %u", p->passes * p->pages);
	iters(R_TOUCH_MAPPED, "16*R*N = %u", 16 * p->passes * p->pages);
	iters(R_TLBIALL, "L = %u", p->loops);
	iters(R_CP15_NOP, "L = %u", p->loops);
	iters(R_SWITCH2, "2*S = %u", 2 * p->switches);
	iters(R_SWITCH3, "3*S = %u", 3 * p->switches);
	iters(R_SWITCH3_ONE, "3*S = %u", 3 * p->switches);
	iters(R_SWITCH1, "S = %u", p->switches);
	iters(R_SWITCH2_HC, "2*S = %u", 2 * p->switches);
	iters(R_SWITCH3_HC, "3*S = %u", 3 * p->switches);
	iters(R_TLBIMVA_REFAULT, "L = %u", p->loops);
	iters(R_TLBIMVA, "L = %u", p->loops);
	iters(R_REFAULT, "L = %u", p->loops);
	iters(R_HVC, "L = %u", p->loops);
	iters(R_VMM_HC, "L = %u", p->loops);
	iters(R_SYSCALL, "L = %u", p->loops);
	iters(R_IRQ_PAIR, "L = %u", p->loops);
	iters(R_NATIVE_IRQ, "%u pairs", 100 * p->loops);
	iters(R_MMIO, "L = %u", p->loops);
	iters(R_IRQ_LINE_SELF, "median of I = %u", p->irqs);
	iters(R_IRQ_FD_SELF, "median of I = %u", p->irqs);
	iters(R_IRQ_LINE_THREAD, "median of I = %u", p->irqs);
	iters(R_IRQ_FD_THREAD, "median of I = %u", p->irqs);
	iters(R_NATIVE_EVENTFD, "median of I = %u", p->irqs);
	iters(R_PT_IRQ, "median of I = %u", p->irqs);
	iters(R_PT_WAKE, "median of I = %u", p->irqs);
	iters(R_PT_INJECT, "median of I = %u", p->irqs);
	iters(R_PT_GLIB, "median of I = %u", p->irqs);
	iters(R_PT_STAMPED, "median of I = %u", p->irqs);
	iters(R_PT_GLIB_WAKE, "median of I = %u", p->irqs);
	iters(R_PT_GLIB_INJECT, "median of I = %u", p->irqs);
	iters(R_NATIVE_UIO, "median of I = %u", p->irqs);
	iters(R_NATIVE_WRITE, "%u pages", p->native);
	iters(R_NATIVE_READ, "%u pages", p->native);
	iters(R_GETPPID, "%u calls", 20 * p->loops);
	iters(R_CALIBRATION, "min of 3 x %u insns", 2000000);
	iters(R_PMU_CALIBRATION, "%u insns", 2000000);

	for (k = 0; k < p->reps; k++) {
		rows[R_CALIBRATION].v[k] = calibrate();
		rows[R_GETPPID].v[k] = getppid_cost(20 * p->loops);
		rows[R_NATIVE_IRQ].v[k] = native_irq_cost(100 * p->loops);
		rows[R_NATIVE_WRITE].v[k] = native_fault(p->native, 1);
		rows[R_NATIVE_READ].v[k] = native_fault(p->native, 0);

		pass = op_cost(&b, BENCH_OP_TOUCH_FAULT, p->passes);
		tlbiall = op_cost(&b, BENCH_OP_TLBIALL, p->loops);
		mapped = op_cost(&b, BENCH_OP_TOUCH_MAPPED, 16 * p->passes) /
			 p->pages;
		rows[R_TOUCH_UNMAPPED].v[k] = (pass - tlbiall) / p->pages;
		rows[R_TOUCH_MAPPED].v[k] = mapped;
		rows[R_SHADOW_FAULT].v[k] = (pass - tlbiall) / p->pages -
					    mapped;
		rows[R_TLBIALL].v[k] = tlbiall;
		rows[R_CP15_NOP].v[k] = op_cost(&b, BENCH_OP_CP15_NOP,
						p->loops);
		rows[R_SWITCH2].v[k] = op_cost_arg(&b, BENCH_OP_SWITCH,
						   p->switches, 2) / 2;
		rows[R_SWITCH3].v[k] = op_cost_arg(&b, BENCH_OP_SWITCH,
						   p->switches, 3) / 3;
		rows[R_SWITCH3_ONE].v[k] =
			op_cost_arg(&b, BENCH_OP_SWITCH, p->switches,
				    3 | BENCH_SWITCH_ONE_ASID) / 3;
		rows[R_SWITCH1].v[k] = op_cost_arg(&b, BENCH_OP_SWITCH,
						   p->switches, 1);
		rows[R_SWITCH2_HC].v[k] =
			op_cost_arg(&b, BENCH_OP_SWITCH, p->switches,
				    2 | BENCH_SWITCH_HC) / 2;
		rows[R_SWITCH3_HC].v[k] =
			op_cost_arg(&b, BENCH_OP_SWITCH, p->switches,
				    3 | BENCH_SWITCH_HC) / 3;
		rows[R_TLBIMVA_REFAULT].v[k] = op_cost(&b, BENCH_OP_TLBIMVA,
						       p->loops);
		rows[R_TLBIMVA].v[k] = op_cost(&b, BENCH_OP_TLBIMVA_ONLY,
					       p->loops);
		rows[R_REFAULT].v[k] = rows[R_TLBIMVA_REFAULT].v[k] -
				       rows[R_TLBIMVA].v[k];
		rows[R_HVC].v[k] = op_cost(&b, BENCH_OP_HVC, p->loops);
		b.pings = 0;
		rows[R_VMM_HC].v[k] = op_cost(&b, BENCH_OP_VMM_HC, p->loops);
		if (b.pings != p->loops)
			die("%lu pings, expected %u", b.pings, p->loops);
		rows[R_SYSCALL].v[k] = op_cost(&b, BENCH_OP_SYSCALL, p->loops);
		rows[R_IRQ_PAIR].v[k] = op_cost(&b, BENCH_OP_IRQ_MASK,
						p->loops);
		b.mmios = 0;
		b.r2 = BENCH_MMIO;
		rows[R_MMIO].v[k] = op_cost(&b, BENCH_OP_MMIO, p->loops);
		b.r2 = WINDOW_VA;
		if (b.mmios != p->loops)
			die("%lu MMIO exits, expected %u", b.mmios, p->loops);
		rows[R_IRQ_LINE_SELF].v[k] = irq_latency(&b, IRQ_LINE_SELF);
		rows[R_IRQ_FD_SELF].v[k] = irq_latency(&b, IRQ_FD_SELF);
		rows[R_IRQ_LINE_THREAD].v[k] = irq_latency(&b,
							   IRQ_LINE_THREAD);
		rows[R_IRQ_FD_THREAD].v[k] = irq_latency(&b, IRQ_FD_THREAD);
		rows[R_PT_IRQ].v[k] = pt_irq_latency(&b, PT_FWD_VMM, &w, &w);
		rows[R_PT_STAMPED].v[k] =
			pt_irq_latency(&b, PT_FWD_STAMPED,
				       &rows[R_PT_WAKE].v[k],
				       &rows[R_PT_INJECT].v[k]);
		rows[R_PT_GLIB].v[k] =
			pt_irq_latency(&b, PT_FWD_GLIB,
				       &rows[R_PT_GLIB_WAKE].v[k],
				       &rows[R_PT_GLIB_INJECT].v[k]);
		rows[R_NATIVE_EVENTFD].v[k] = native_eventfd(p->irqs,
							     b.irqchip);
		rows[R_NATIVE_UIO].v[k] = native_uio(&b, p->irqs);
		rows[R_PMU_CALIBRATION].v[k] = pmu_calibrate(b.irqchip);
		fprintf(stderr, "umbra_bench: repetition %u of %u done\n",
			k + 1, p->reps);
	}
	umbra_vm_destroy(&b.vm);
	pt_destroy(&b.pt);
	close(b.dev_fd);
	print_report(p);
	return 0;
}
