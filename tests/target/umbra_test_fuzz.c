// SPDX-License-Identifier: GPL-2.0
/*
 * umbra target tests: a seeded ioctl fuzzer over the whole uapi.
 *
 * Each sequence runs a short random but well-typed program in two threads
 * at once (UMBRA_FUZZ_THREADS), over one shared table of objects: /dev/umbra
 * fds, VM fds, vCPU fds, mappings of struct umbra_run and guest RAM buffers.
 * Mostly a thread works on its own objects; about one operation in eight
 * targets the other thread's (closing its vCPU or VM fd while it runs,
 * registering its buffers, creating and running vCPUs in its VMs, reading
 * and writing its registers...).
 *
 * Operations (the two-letter codes of the per-sequence lines):
 *  OD open /dev/umbra
 *  DV GET_API_VERSION, CHECK_EXTENSION of any capability,
 *     GET_VCPU_MMAP_SIZE, with any argument
 *  CV CREATE_VM: default, valid, too small or large pools, low bits, huge
 *  CC CREATE_VCPU with any id, in use or free
 *  VM what a VMM does: a VM, a fresh buffer as its RAM, vCPU 0, its run
 *     page (each step must succeed; the new vCPU is in its reset state)
 *  RG SET_USER_MEMORY_REGION: random slots, flags (READONLY, SHARED, both,
 *     DEVICE with SHARED,
 *     unknown bits), IPAs (next to or over known regions, unaligned, at and
 *     beyond 4 GiB, the forbidden range), sizes (0, unaligned, huge) and
 *     backing (our buffers, PROT_READ and PROT_NONE ones, their guard
 *     pages, the pages another VM has: EBUSY for private ones, NULL,
 *     kernel addresses, the end of user space, our stack, .bss and text, a
 *     run page mapping, random addresses), bad argument pointers, after a
 *     run (EBUSY)
 *  BN, BF new guest RAM buffers; munmap() (its pinned pages stay pinned)
 *     or mprotect() them
 *  MM, MU, MR mmap() of a vCPU fd (random offsets, lengths, protections,
 *     MAP_PRIVATE; VM and /dev/umbra fds: ENODEV), munmap(), mremap()
 *  GR, SR GET/SET_REGS: random contents, valid and invalid modes, J and E
 *     bits, bad pointers (NULL, kernel, PROT_NONE, PROT_READ, straddling)
 *  OR GET/SET_ONE_REG: known, random and non-CP15 ids, bad pointers
 *  RN UMBRA_RUN of guest_code.S snippets, chosen instruction words
 *     (TLBIALLIS, CP15, SVC, UDF, WFI, exclusives, ...) or random words,
 *     ARM and Thumb, in any mode; hypercall and MMIO exits served and run
 *     again; stopped a few hundred us later by a per-thread timer (its
 *     SIGALRM sets immediate_exit) or by immediate_exit set beforehand;
 *     arguments other than 0
 *  CL close any fd: vCPU before VM, VM before vCPU, /dev/umbra early
 *  BI unknown ioctl numbers, other fd types' ioctls, known numbers with
 *     another size or direction: ENOTTY
 *  RW read(), write() (EINVAL), lseek(), poll()
 *  FK fork(): the child runs one of our vCPUs and registers memory of its
 *     own address space in one of our VMs, then exits
 *  IC CREATE_IRQCHIP: free, RAM, unaligned, overlapping, beyond 4 GiB,
 *     forbidden-range and random frame bases, valid and invalid nr_irqs,
 *     unknown flags, again (EEXIST), after a run (EBUSY)
 *  IL IRQ_LINE: SPIs, PPIs of existing and missing vCPUs, SGIs, random
 *     numbers and levels, often on the other thread's VM while it runs
 *  IF IRQFD assign, deassign, resample with our eventfds, fds never open,
 *     non-eventfds (the VM fd, a pipe) as fd or resamplefd, any gsi,
 *     unknown flags, nonzero padding
 *  EF write (1, 2^64 - 1: EINVAL, random), read or close one of our
 *     eventfds, bound or not, in any order with the VM fds' closes
 * A '*' after a code: the operation used another thread's object.
 *
 * Every return is checked against the errors Documentation/api.rst
 * documents for that call (the allowed sets are in the op_* functions),
 * narrowed where the arguments or our own objects decide: EINVAL for a
 * malformed region, EFAULT for a bad pointer, ENOTTY for an unknown ioctl,
 * EEXIST for a vCPU id in use and success for a free one, EBUSY for a
 * region over another live VM's private pages or after a run, exact
 * results of the /dev/umbra queries. A RUN returns a valid exit reason
 * (FAIL_ENTRY only as NO_MEMORY in a VM without regions), EINTR with
 * UMBRA_EXIT_INTR, only EINTR or SHUTDOWN with immediate_exit, and
 * SHUTDOWN again for ever after a shutdown. New fds are O_RDWR and
 * O_CLOEXEC. An unexpected result or a crash of the test itself is a
 * failure; the sequence, seed, the failing call and the last operations of
 * both threads are printed, with the line to replay it.
 *
 * After each sequence the main thread closes and unmaps what is left in a
 * random order and checks that the module refcount is back to its
 * starting value (no leaked fd or VM), that no new kernel log line has
 * WARNING, BUG, Oops..., and that a fresh VM on a fresh /dev/umbra fd
 * still runs a guest to its shutdown; every 25 sequences, that the number
 * of pinned pages (/proc/vmstat nr_foll_pin_*) is back to its start. A
 * sequence that does not end within a minute is a hang.
 *
 * Environment: UMBRA_FUZZ_SEED (default a fixed value), UMBRA_FUZZ_SEQUENCES
 * (2000), UMBRA_FUZZ_FIRST (number of the first sequence: replay one with
 * UMBRA_FUZZ_FIRST=N UMBRA_FUZZ_SEQUENCES=1), UMBRA_FUZZ_THREADS (2, 1..4),
 * UMBRA_FUZZ_VERBOSE (1: print every operation as it is made),
 * UMBRA_FUZZ_KEEP_GOING (1: count failing sequences and go on). Each
 * sequence and thread has its own PRNG derived from the seed, so a
 * sequence can be replayed alone; with two threads, their interleaving is
 * up to the scheduler. `make fuzz` runs 10^4 sequences (tools/fuzz.sh).
 */
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

#include "umbra_test.h"

#define PAGE			4096u
#define E(e)			(1ULL << (e))

#define DEFAULT_SEED		0x756d627261ULL		/* "umbra" */
#define DEFAULT_SEQUENCES	2000
#define MAX_THREADS		4
#define MAX_OBJS		192
#define LOG_LINES		64
#define LOG_LEN			240
#define SEQ_WATCHDOG_S		60	/* a sequence longer than this hangs */
#define NR_EFDS			4	/* eventfds per thread */
#define PIN_CHECK_EVERY		25	/* sequences between pinned page counts */
/* every user address range of 32-bit ARM ends below this (3G/1G split) */
#define USER_END		0xbf000000ull
#define KERNEL_START		0xc0000000ull

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id	_sigev_un._tid
#endif

/* ------------------------------------------------------------------ */
/* PRNG: splitmix64 seeds an xorshift64* stream per sequence and thread */

struct rng {
	uint64_t s;
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed, uint64_t seq, uint64_t who)
{
	uint64_t x = seed ^ (seq * 0x100000001b3ULL) ^ (who << 56);

	r->s = splitmix64(&x) | 1;
}

static uint64_t rnd64(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545f4914f6cdd1dULL;
}

static uint32_t rnd32(struct rng *r)
{
	return rnd64(r) >> 32;
}

/* 0 .. n - 1 */
static uint32_t rnd(struct rng *r, uint32_t n)
{
	return n ? (uint32_t)(((uint64_t)rnd32(r) * n) >> 32) : 0;
}

static bool chance(struct rng *r, unsigned int percent)
{
	return rnd(r, 100) < percent;
}

/* ------------------------------------------------------------------ */
/* The shared object table                                             */

enum kind { K_FREE, K_DEV, K_VM, K_VCPU, K_MAP, K_BUF };

static const char *const kind_names[] = {
	[K_FREE] = "free", [K_DEV] = "dev", [K_VM] = "vm", [K_VCPU] = "vcpu",
	[K_MAP] = "map", [K_BUF] = "buf",
};

/*
 * struct region_rec - a region a VM is known to have (its registration
 * succeeded). @buf is the buffer object it pinned pages of (-1: unknown),
 * @first_page the first of them in that buffer.
 */
struct region_rec {
	bool used;
	__u32 flags;
	__u64 ipa, size;
	int buf;
	unsigned int buf_gen;
	__u32 first_page;
};

/*
 * struct obj - one object. Objects are appended and never reused within a
 * sequence, so an index names one fd, mapping or buffer for good.
 * @live:    fd open, or memory mapped
 * @gen:     bumped when closed or unmapped
 * @fd:      K_DEV, K_VM, K_VCPU
 * @has_run: K_VM: a RUN of one of its vCPUs got past the memory check, so
 *           its regions are fixed
 * @slot:    K_VM: the regions it is known to have
 * @parent:  K_VCPU: its VM object; K_MAP: its vCPU object
 * @id:      K_VCPU: vCPU id
 * @addr, @len, @prot, @shared: K_MAP, K_BUF (len without the guard page)
 * @hidden:  being set up by its owner: other threads leave it alone
 * @busy:    K_VCPU: UMBRA_RUNs in progress on a duplicate of its fd
 * @shut, @shut_status: K_VCPU: it has shut down, with that status
 */
struct obj {
	enum kind kind;
	int owner;
	bool live;
	unsigned int gen;
	int fd;
	bool has_run;
	struct region_rec slot[UMBRA_MAX_MEMSLOTS];
	int parent;
	unsigned long id;
	unsigned char *addr;
	size_t len;
	int prot;
	bool shared;
	bool hidden;		/* other threads leave it alone for now */
	int busy;		/* K_VCPU: runs in progress (on a dup) */
	bool shut;		/* K_VCPU: seen UMBRA_EXIT_SHUTDOWN ... */
	__u32 shut_status;	/* ... with this status */
};

static struct {
	pthread_mutex_t lock;		/* the table */
	/*
	 * Held for reading around every syscall on an fd taken from the
	 * table, for writing around every syscall that creates an fd: a
	 * number closed by another thread is not reused before the user
	 * of the stale number is done (it then gets EBADF).
	 */
	pthread_rwlock_t fdlock;
	struct obj o[MAX_OBJS];
	int n;
} tab = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* ------------------------------------------------------------------ */
/* Threads                                                             */

struct thr {
	int idx;
	pthread_t th;
	struct rng rng;
	timer_t timer;
	bool timer_ok;
	unsigned long seq;
	int nops;
	unsigned long ops_total;
	int op;				/* current op number */
	char log[LOG_LINES][LOG_LEN];	/* ring of the last operations */
	int nlog;
	char summary[512];
	bool failed;
	char why[768];
	unsigned char *scratch;		/* [RW][NONE][RO] pages */
	struct umbra_regs *ro_regs;	/* valid registers in the RO page */
	struct umbra_userspace_memory_region *ro_region; /* size 0 */
	int efd[NR_EFDS];		/* eventfds for irqfds, -1: none */
};

static struct {
	uint64_t seed;
	unsigned long sequences, first;
	int threads;
	bool verbose, keep_going;
	long refcnt0;
	long pins0;
	int kmsg_fd;
	int dev_fd;
	struct thr thr[MAX_THREADS + 1];	/* +1: the main thread */
	unsigned long ops, failures;
	unsigned long exits[8], run_errs, fork_runs;
	unsigned long op_us[32], op_n[32];	/* time and count by op */
} g;

static __thread struct umbra_run *volatile tls_run;

/* SIGALRM from this thread's timer: stop UMBRA_RUN as KVM users do. */
static void on_alarm(int sig)
{
	struct umbra_run *run = tls_run;

	(void)sig;
	if (run)
		run->immediate_exit = 1;
}

/* Stop this thread's UMBRA_RUN after @us, then every 3 ms until disarmed. */
static void timer_arm(struct thr *t, unsigned int us)
{
	struct itimerspec its = {
		.it_value = { .tv_sec = us / 1000000,
			      .tv_nsec = (us % 1000000) * 1000L },
		.it_interval = { .tv_nsec = 3000000 },
	};

	if (t->timer_ok)
		timer_settime(t->timer, 0, &its, NULL);
}

static void timer_disarm(struct thr *t)
{
	struct itimerspec its = { 0 };

	if (t->timer_ok)
		timer_settime(t->timer, 0, &its, NULL);
}

static int timer_setup(struct thr *t)
{
	struct sigevent sev = {
		.sigev_notify = SIGEV_THREAD_ID,
		.sigev_signo = SIGALRM,
	};

	sev.sigev_notify_thread_id = syscall(SYS_gettid);
	t->timer_ok = !timer_create(CLOCK_MONOTONIC, &sev, &t->timer);
	return t->timer_ok ? 0 : -1;
}

static void timer_teardown(struct thr *t)
{
	if (t->timer_ok)
		timer_delete(t->timer);
	t->timer_ok = false;
}

/* ------------------------------------------------------------------ */
/* Logging and verdicts                                                */

static void oplog(struct thr *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void oplog(struct thr *t, const char *fmt, ...)
{
	char *line = t->log[t->nlog % LOG_LINES];
	int len;
	va_list ap;

	len = snprintf(line, LOG_LEN, "t%d #%d ", t->idx, t->op);
	va_start(ap, fmt);
	vsnprintf(line + len, LOG_LEN - len, fmt, ap);
	va_end(ap);
	t->nlog++;
	if (g.verbose)
		fprintf(stderr, "#   seq %lu %s\n", t->seq, line);
}

static void failf(struct thr *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void failf(struct thr *t, const char *fmt, ...)
{
	va_list ap;

	if (t->failed)
		return;
	t->failed = true;
	va_start(ap, fmt);
	vsnprintf(t->why, sizeof(t->why), fmt, ap);
	va_end(ap);
	oplog(t, "FAILED: %s", t->why);
}

static void sum(struct thr *t, const char *code, bool cross)
{
	size_t len = strlen(t->summary);

	if (len + 8 < sizeof(t->summary))
		snprintf(t->summary + len, sizeof(t->summary) - len, " %s%s",
			 code, cross ? "*" : "");
}

static const char *errname(int e)
{
	static const char *const names[] = {
		[0] = "0", [EPERM] = "EPERM", [ENOENT] = "ENOENT",
		[EINTR] = "EINTR", [EBADF] = "EBADF", [ENOMEM] = "ENOMEM",
		[EACCES] = "EACCES", [EFAULT] = "EFAULT", [EBUSY] = "EBUSY",
		[EEXIST] = "EEXIST", [ENODEV] = "ENODEV", [EINVAL] = "EINVAL",
		[ENFILE] = "ENFILE", [EMFILE] = "EMFILE", [ENOTTY] = "ENOTTY",
		[ENOSPC] = "ENOSPC", [EAGAIN] = "EAGAIN",
	};

	if (e >= 0 && e < (int)ARRAY_SIZE(names) && names[e])
		return names[e];
	return strerror(e);
}

static const char *res_str(long ret, int err)
{
	static __thread char buf[64];

	if (ret == -1)
		snprintf(buf, sizeof(buf), "-1 %s", errname(err));
	else
		snprintf(buf, sizeof(buf), "%ld", ret);
	return buf;
}

static void mask_str(uint64_t mask, char *buf, size_t size)
{
	size_t len = 0;
	int e;

	buf[0] = 0;
	for (e = 1; e < 64 && len < size; e++)
		if (mask & E(e))
			len += snprintf(buf + len, size - len, "%s%s",
					len ? "," : "", errname(e));
}

/* Was object @o closed or unmapped since we saw generation @gen? */
static bool changed(int o, unsigned int gen)
{
	bool ret;

	if (o < 0)
		return false;
	pthread_mutex_lock(&tab.lock);
	ret = tab.o[o].gen != gen;
	pthread_mutex_unlock(&tab.lock);
	return ret;
}

/*
 * check() - the verdict on one call.
 * @what:      the call, for the message
 * @ret, @err: its result and errno
 * @allowed:   E(errno) of the errors the API documents for it (narrowed)
 * @must_fail: the arguments or our objects say it cannot succeed
 * @o, @gen:   the fd object used: EBADF is fine once it was closed
 *
 * Return: true if the result is fine.
 */
static bool check(struct thr *t, const char *what, long ret, int err,
		  uint64_t allowed, bool must_fail, int o, unsigned int gen)
{
	char set[160];

	if (o >= 0 && changed(o, gen))
		return true;	/* closed under our feet: anything goes */
	if (ret != -1 && must_fail) {
		mask_str(allowed, set, sizeof(set));
		failf(t, "%s returned %ld, expected failure (%s)", what, ret,
		      set);
		return false;
	}
	if (ret == -1 && !(allowed & E(err))) {
		mask_str(allowed, set, sizeof(set));
		failf(t, "%s failed with %s (%d), documented: %s%s", what,
		      errname(err), err, must_fail ? "" : "success, ",
		      set[0] ? set : "none");
		return false;
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* Table helpers                                                       */

static int obj_new(enum kind kind, int owner)
{
	int i;

	pthread_mutex_lock(&tab.lock);
	if (tab.n >= MAX_OBJS) {
		pthread_mutex_unlock(&tab.lock);
		return -1;
	}
	i = tab.n++;
	memset(&tab.o[i], 0, sizeof(tab.o[i]));
	tab.o[i].kind = kind;
	tab.o[i].owner = owner;
	tab.o[i].fd = -1;
	tab.o[i].parent = -1;
	pthread_mutex_unlock(&tab.lock);
	return i;
}

/*
 * obj_adopt() - record the new fd @nfd as a live object of @kind that
 * @t made, child of object @parent (-1: none) with @id; @hidden keeps it
 * from the other threads. A full table closes @nfd.
 *
 * Return: the object, or -1 (the table is full).
 */
static int obj_adopt(struct thr *t, enum kind kind, int nfd, int parent,
		     unsigned long id, bool hidden)
{
	int o = obj_new(kind, t->idx);

	if (o < 0) {
		close(nfd);
		return -1;
	}
	pthread_mutex_lock(&tab.lock);
	tab.o[o].fd = nfd;
	tab.o[o].live = true;
	tab.o[o].hidden = hidden;
	tab.o[o].parent = parent;
	tab.o[o].id = id;
	pthread_mutex_unlock(&tab.lock);
	return o;
}

static bool table_full(void)
{
	return tab.n >= MAX_OBJS - 4;
}

/* how many live objects of @kind @owner has (-1: anyone); tab.lock held */
static int count_locked(enum kind kind, int owner)
{
	int i, n = 0;

	for (i = 0; i < tab.n; i++)
		if (tab.o[i].kind == kind && tab.o[i].live &&
		    (owner < 0 || tab.o[i].owner == owner))
			n++;
	return n;
}

/*
 * pick_locked() - a random live object of @kinds (bit mask of 1 << kind):
 * one of @t's own, or with @cross percent chance anybody's.
 */
static int pick_locked(struct thr *t, unsigned int kinds, int cross)
{
	int cand[MAX_OBJS], i, n = 0;
	bool any = chance(&t->rng, cross);

	for (i = 0; i < tab.n; i++) {
		const struct obj *o = &tab.o[i];

		if (!(kinds & (1u << o->kind)) || !o->live)
			continue;
		if ((!any || o->hidden) && o->owner != t->idx)
			continue;
		cand[n++] = i;
	}
	return n ? cand[rnd(&t->rng, n)] : -1;
}

static int pick(struct thr *t, unsigned int kinds, int cross)
{
	int i;

	pthread_mutex_lock(&tab.lock);
	i = pick_locked(t, kinds, cross);
	pthread_mutex_unlock(&tab.lock);
	return i;
}

#define FD_KINDS	((1u << K_DEV) | (1u << K_VM) | (1u << K_VCPU))

/*
 * use_fd() - take the fd lock for reading and read object @o's fd and
 * generation; -1 if it is closed (the lock is then dropped).
 */
static int use_fd(int o, unsigned int *gen)
{
	int fd;

	pthread_rwlock_rdlock(&tab.fdlock);
	pthread_mutex_lock(&tab.lock);
	fd = tab.o[o].live ? tab.o[o].fd : -1;
	*gen = tab.o[o].gen;
	pthread_mutex_unlock(&tab.lock);
	if (fd < 0)
		pthread_rwlock_unlock(&tab.fdlock);
	return fd;
}

static void done_fd(void)
{
	pthread_rwlock_unlock(&tab.fdlock);
}

/*
 * dup_fd() - a private duplicate of object @o's fd, for a call that may
 * block for long (UMBRA_RUN): the others need not wait for it to create
 * fds, and a close of the original by another thread leaves the file
 * open until we close the duplicate. -1 if @o is closed.
 */
static int dup_fd(int o)
{
	int fd, d = -1;

	pthread_rwlock_wrlock(&tab.fdlock);	/* dup creates an fd */
	pthread_mutex_lock(&tab.lock);
	fd = tab.o[o].live ? tab.o[o].fd : -1;
	if (fd >= 0)
		d = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (d >= 0)
		tab.o[o].busy++;
	pthread_mutex_unlock(&tab.lock);
	pthread_rwlock_unlock(&tab.fdlock);
	return d;
}

/* close a dup_fd() duplicate */
static void undup_fd(int o, int d)
{
	close(d);	/* the release, if the original was closed meanwhile */
	pthread_mutex_lock(&tab.lock);
	tab.o[o].busy--;
	pthread_mutex_unlock(&tab.lock);
}

/* close or unmap object @o (any thread); returns the close/munmap result */
static int obj_release(struct thr *t, int o, int *err)
{
	struct obj *ob = &tab.o[o];
	int ret = 0;

	*err = 0;
	pthread_mutex_lock(&tab.lock);
	if (!ob->live) {
		pthread_mutex_unlock(&tab.lock);
		return 0;
	}
	ob->live = false;
	ob->gen++;
	switch (ob->kind) {
	case K_DEV:
	case K_VM:
	case K_VCPU:
		ret = close(ob->fd);
		break;
	case K_MAP:
		ret = munmap(ob->addr, ob->len);
		break;
	case K_BUF:
		ret = munmap(ob->addr, ob->len + PAGE);	/* and the guard */
		break;
	default:
		break;
	}
	if (ret)
		*err = errno;
	pthread_mutex_unlock(&tab.lock);
	(void)t;
	return ret;
}

/* ------------------------------------------------------------------ */
/* Guest code                                                          */

enum snip_args {
	A_NONE,		/* nothing to set up */
	A_HC,		/* r0 = hypercall number, r1-r6 arguments */
	A_PATTERN,	/* r0 = IPA, r1 = length, r2 = key, r3 = passes */
	A_MMIO,		/* r0 = address, r1 = value */
	A_JUMP,		/* r0 = target */
	A_MMU,		/* r0 = TTBR0, r1 = VA, r2 = value / length */
};

struct snippet {
	const char *name;
	const unsigned char *start, *end;
	enum snip_args args;
};

#define SNIP(n, a)	{ #n, n##_start, n##_end, a }

static const struct snippet snippets[] = {
	SNIP(guest_shutdown, A_NONE),
	SNIP(guest_loop, A_NONE),
	SNIP(guest_hc_call, A_HC),
	SNIP(guest_hc_version, A_NONE),
	SNIP(guest_hc_console, A_NONE),
	SNIP(guest_ram_pattern, A_PATTERN),
	SNIP(guest_mmio_ldr, A_MMIO),
	SNIP(guest_mmio_str, A_MMIO),
	SNIP(guest_mmio_strb, A_MMIO),
	SNIP(guest_mmio_ldrh, A_MMIO),
	SNIP(guest_jump, A_JUMP),
	SNIP(guest_undef_mrc, A_NONE),
	SNIP(guest_cp15_sctlr, A_NONE),
	SNIP(guest_vfp, A_NONE),
	SNIP(guest_undef_udf, A_NONE),
	SNIP(guest_mmu_ldr, A_MMU),
	SNIP(guest_mmu_str, A_MMU),
	SNIP(guest_mmu_attack, A_MMU),
	SNIP(guest_mmu_sum, A_MMU),
	SNIP(guest_mmu_peek, A_MMU),
};

/* ARM instructions worth meeting more often than random words do. */
static const __u32 insn_pool[] = {
	0xef000000,	/* svc #0 (hypercall) */
	0xef000001,	/* svc #1 (exception return) */
	0xef00abcd,	/* svc #0xabcd */
	0xe7f000f0,	/* udf #0 */
	0xee080f13,	/* mcr p15, 0, r0, c8, c3, 0 (TLBIALLIS) */
	0xee080f33,	/* mcr p15, 0, r0, c8, c3, 1 (TLBIMVAIS) */
	0xee080f17,	/* mcr p15, 0, r0, c8, c7, 0 (TLBIALL) */
	0xee010f10,	/* mcr p15, 0, r0, c1, c0, 0 (SCTLR) */
	0xee111f10,	/* mrc p15, 0, r1, c1, c0, 0 */
	0xee020f10,	/* mcr p15, 0, r0, c2, c0, 0 (TTBR0) */
	0xee030f10,	/* mcr p15, 0, r0, c3, c0, 0 (DACR) */
	0xee0c0f10,	/* mcr p15, 0, r0, c12, c0, 0 (VBAR) */
	0xee0d0f30,	/* mcr p15, 0, r0, c13, c0, 1 (CONTEXTIDR) */
	0xee0d0f50,	/* mcr p15, 0, r0, c13, c0, 2 (TPIDRURW) */
	0xee100f10,	/* mrc p15, 0, r0, c0, c0, 0 (MIDR) */
	0xee300f10,	/* mrc p15, 1, r0, c0, c0, 0 (CCSIDR) */
	0xe320f003,	/* wfi */
	0xe320f002,	/* wfe */
	0xe1200070,	/* bkpt #0 */
	0xe1600070,	/* smc #0 */
	0xe1400070,	/* hvc #0 */
	0xe12fff1e,	/* bx lr */
	0xe12fff10,	/* bx r0 */
	0xeafffffe,	/* b . */
	0xe5900000,	/* ldr r0, [r0] */
	0xe5801000,	/* str r1, [r0] */
	0xe5d01000,	/* ldrb r1, [r0] */
	0xe1d010b2,	/* ldrh r1, [r0, #2] */
	0xe8900003,	/* ldm r0, {r0, r1} */
	0xe1c020d0,	/* ldrd r2, r3, [r0] */
	0xe1901f9f,	/* ldrex r1, [r0] */
	0xe590f000,	/* ldr pc, [r0] */
	0xe49df004,	/* pop {pc} */
	0xe92d4000,	/* push {lr} */
	0xf1010200,	/* setend be */
	0xf10c0080,	/* cpsid i */
	0xe129f000,	/* msr cpsr_fc, r0 */
	0xe10f0000,	/* mrs r0, cpsr */
	0xe14f0000,	/* mrs r0, spsr */
	0xe1b0f00e,	/* movs pc, lr */
	0xe1a0f000,	/* mov pc, r0 */
	0xe3a00000,	/* mov r0, #0 */
	0xe3e00000,	/* mvn r0, #0 */
	0xe2800a01,	/* add r0, r0, #4096 */
	0xe3a0d000,	/* mov sp, #0 */
	0xeef10a10,	/* vmrs r0, fpscr */
	0xee100e10,	/* mrc p14, 0, r0, c0, c0, 0 */
	0xf57ff04f,	/* dsb sy */
	0xf57ff06f,	/* isb sy */
	0xe59f0000,	/* ldr r0, [pc] */
	0xe3a01002,	/* mov r1, #2 */
	0x00000000,	/* andeq r0, r0, r0 */
	0xffffffff,	/* unconditional space */
};

/* ------------------------------------------------------------------ */
/* Argument generators                                                 */

enum ptr_kind { P_GOOD, P_NULL, P_KERNEL, P_NONE, P_STRADDLE, P_RO };

/*
 * a_ptr() - a pointer for a @size-byte argument: @good most of the time,
 * else something the kernel cannot read (and/or write).
 */
static void *a_ptr(struct thr *t, void *good, size_t size,
		   enum ptr_kind *kind, bool ro_ok)
{
	static const __u32 kernel[] = {
		0xc0000000, 0xbf000000, 0xffff0000, 0xffff2000, 0xfffffff8,
	};
	unsigned int r = rnd(&t->rng, 100);

	if (r < 82) {
		*kind = P_GOOD;
		return good;
	}
	if (r < 85) {
		*kind = P_NULL;
		return NULL;
	}
	if (r < 89) {
		*kind = P_KERNEL;
		return (void *)(uintptr_t)kernel[rnd(&t->rng,
						      ARRAY_SIZE(kernel))];
	}
	if (r < 92) {
		*kind = P_NONE;
		return t->scratch + PAGE + rnd(&t->rng, PAGE / 2);
	}
	if (r < 96 || !ro_ok) {
		*kind = P_STRADDLE;
		return t->scratch + PAGE - size / 2 - (size & 1);
	}
	*kind = P_RO;
	return NULL;	/* the caller chooses its place in the RO page */
}

static const char *const ptr_names[] = {
	"ok", "NULL", "kernel", "PROT_NONE", "straddling", "PROT_READ",
};

static __u32 a_valid_cpsr(struct thr *t)
{
	static const __u32 modes[] = {
		UMBRA_PSR_MODE_USR, UMBRA_PSR_MODE_FIQ, UMBRA_PSR_MODE_IRQ,
		UMBRA_PSR_MODE_SVC, UMBRA_PSR_MODE_ABT, UMBRA_PSR_MODE_UND,
		UMBRA_PSR_MODE_SYS,
	};
	__u32 cpsr = modes[rnd(&t->rng, ARRAY_SIZE(modes))];

	cpsr |= rnd32(&t->rng) & (0xf80f0000 | UMBRA_PSR_A | UMBRA_PSR_I |
				 UMBRA_PSR_F);
	if (chance(&t->rng, 10))
		cpsr |= UMBRA_PSR_T;
	return cpsr;
}

static bool cpsr_valid(__u32 cpsr)
{
	switch (cpsr & UMBRA_PSR_MODE_MASK) {
	case UMBRA_PSR_MODE_USR: case UMBRA_PSR_MODE_FIQ:
	case UMBRA_PSR_MODE_IRQ: case UMBRA_PSR_MODE_SVC:
	case UMBRA_PSR_MODE_ABT: case UMBRA_PSR_MODE_UND:
	case UMBRA_PSR_MODE_SYS:
		break;
	default:
		return false;
	}
	return !(cpsr & UMBRA_PSR_J);	/* E (SETEND BE) is allowed */
}

/* random register contents; the CPSR is usually valid */
static void a_regs(struct thr *t, struct umbra_regs *regs)
{
	__u32 *w = (__u32 *)regs;
	size_t i;

	if (chance(&t->rng, 50)) {
		for (i = 0; i < sizeof(*regs) / 4; i++)
			w[i] = rnd32(&t->rng);
	} else {
		memset(regs, 0, sizeof(*regs));
		regs->pc = GUEST_RAM_BASE + 4 * rnd(&t->rng, 0x4000);
		regs->svc_regs[0] = GUEST_RAM_BASE + 0x10000;
	}
	switch (rnd(&t->rng, 10)) {
	case 0:
		break;				/* random */
	case 1:
		regs->cpsr = a_valid_cpsr(t) | UMBRA_PSR_J;
		break;
	case 2:
		regs->cpsr = a_valid_cpsr(t) | UMBRA_PSR_E;
		break;
	case 3:
		regs->cpsr = (a_valid_cpsr(t) & ~0x1fu) |
			     (chance(&t->rng, 50) ? 0x16 : 0x1a);
		break;
	default:
		regs->cpsr = a_valid_cpsr(t);
		break;
	}
}

/* a CP15 register id: known registers, random keys, non-CP15 ids */
static __u64 a_reg_id(struct thr *t)
{
	static const __u64 known[] = {
		UMBRA_REG_CP15(0, 1, 0, 0), UMBRA_REG_CP15(0, 1, 0, 2),
		UMBRA_REG_CP15(0, 2, 0, 0), UMBRA_REG_CP15(0, 2, 0, 1),
		UMBRA_REG_CP15(0, 2, 0, 2), UMBRA_REG_CP15(0, 3, 0, 0),
		UMBRA_REG_CP15(0, 5, 0, 0), UMBRA_REG_CP15(0, 5, 0, 1),
		UMBRA_REG_CP15(0, 6, 0, 0), UMBRA_REG_CP15(0, 6, 0, 2),
		UMBRA_REG_CP15(0, 10, 2, 0), UMBRA_REG_CP15(0, 10, 2, 1),
		UMBRA_REG_CP15(0, 12, 0, 0), UMBRA_REG_CP15(0, 13, 0, 1),
		UMBRA_REG_CP15(0, 13, 0, 2), UMBRA_REG_CP15(0, 13, 0, 3),
		UMBRA_REG_CP15(0, 13, 0, 4), UMBRA_REG_CP15(2, 0, 0, 0),
		UMBRA_REG_CP15(0, 0, 0, 0), UMBRA_REG_CP15(0, 0, 0, 1),
		UMBRA_REG_CP15(0, 0, 0, 5), UMBRA_REG_CP15(0, 0, 1, 0),
		UMBRA_REG_CP15(0, 0, 1, 4), UMBRA_REG_CP15(0, 0, 2, 0),
		UMBRA_REG_CP15(1, 0, 0, 0), UMBRA_REG_CP15(1, 0, 0, 1),
		UMBRA_REG_CP15(1, 0, 0, 7), UMBRA_REG_CP15(0, 8, 7, 0),
		UMBRA_REG_CP15(0, 8, 3, 0), UMBRA_REG_CP15(0, 7, 5, 0),
	};
	__u64 id;

	switch (rnd(&t->rng, 10)) {
	case 0: case 1:
		return UMBRA_REG_CP15((__u64)rnd(&t->rng, 8),
				      (__u64)rnd(&t->rng, 16),
				      (__u64)rnd(&t->rng, 16),
				      (__u64)rnd(&t->rng, 8));
	case 2:
		return UMBRA_REG_CP15_BASE | rnd(&t->rng, 0x10000);
	case 3:
		id = rnd(&t->rng, 2) ? rnd64(&t->rng) :
		     known[rnd(&t->rng, ARRAY_SIZE(known))] ^
		     (1ULL << rnd(&t->rng, 64));
		return id;
	default:
		return known[rnd(&t->rng, ARRAY_SIZE(known))];
	}
}

/* an id of a group the module serves: CP15, or VFP (any size field) */
static bool reg_id_cp15(__u64 id)
{
	return (id & ~0xffffULL) == UMBRA_REG_CP15_BASE ||
	       (id & ~(UMBRA_REG_SIZE_MASK | 0xffffULL)) ==
	       (UMBRA_REG_ARM | UMBRA_REG_VFP);
}

/* ------------------------------------------------------------------ */
/* Operations                                                          */

/* api.rst 1: VM and vCPU fds are opened O_RDWR | O_CLOEXEC */
static void check_new_fd(struct thr *t, int fd, const char *what)
{
	int fdfl = fcntl(fd, F_GETFD), fl = fcntl(fd, F_GETFL);

	if (fdfl < 0 || !(fdfl & FD_CLOEXEC) || fl < 0 ||
	    (fl & O_ACCMODE) != O_RDWR)
		failf(t, "%s: new fd %d has fd flags %#x, file flags %#x", what,
		      fd, fdfl, fl);
}

static void op_open_dev(struct thr *t)
{
	int fd, err;

	if (table_full())
		return;
	sum(t, "OD", false);
	pthread_rwlock_wrlock(&tab.fdlock);
	fd = open(UMBRA_DEV, O_RDWR | O_CLOEXEC);
	err = errno;
	if (fd >= 0)
		obj_adopt(t, K_DEV, fd, -1, 0, false);
	pthread_rwlock_unlock(&tab.fdlock);
	oplog(t, "open %s -> %s", UMBRA_DEV, res_str(fd, err));
	check(t, "open(/dev/umbra)", fd, err, E(EMFILE) | E(ENFILE), false,
	      -1, 0);
}

static void op_dev_ioctl(struct thr *t)
{
	static const unsigned long caps[] = {
		0, UMBRA_CAP_NR_MEMSLOTS, UMBRA_CAP_NR_VCPUS,
		UMBRA_CAP_HYPERCALL_EXIT, UMBRA_CAP_IMMEDIATE_EXIT,
		UMBRA_CAP_ONE_REG, UMBRA_CAP_SPT_POOL, UMBRA_CAP_IRQCHIP,
		UMBRA_CAP_IRQFD, UMBRA_CAP_IRQFD_RESAMPLE, UMBRA_CAP_VTIMER,
		UMBRA_CAP_RUN_BUDGET, UMBRA_CAP_DEVICE_MEMORY, 100, 0x7fffffff,
		0x80000000, 0xffffffff,
	};
	unsigned long arg = rnd32(&t->rng);
	unsigned int gen;
	int o = pick(t, 1u << K_DEV, 15), fd, which, err;
	long ret, want;
	const char *name;

	if (o < 0)
		return;
	which = rnd(&t->rng, 3);
	if (which == 1) {
		arg = chance(&t->rng, 80) ? caps[rnd(&t->rng,
						     ARRAY_SIZE(caps))] : arg;
		switch (arg) {
		case UMBRA_CAP_NR_MEMSLOTS: want = UMBRA_MAX_MEMSLOTS; break;
		case UMBRA_CAP_NR_VCPUS: want = UMBRA_MAX_VCPUS; break;
		case UMBRA_CAP_SPT_POOL: want = UMBRA_VM_POOL_MAX_PAGES; break;
		case UMBRA_CAP_HYPERCALL_EXIT:
		case UMBRA_CAP_IMMEDIATE_EXIT:
		case UMBRA_CAP_ONE_REG:
		case UMBRA_CAP_IRQCHIP:
		case UMBRA_CAP_IRQFD:
		case UMBRA_CAP_IRQFD_RESAMPLE:
		case UMBRA_CAP_VTIMER:
		case UMBRA_CAP_RUN_BUDGET:
		case UMBRA_CAP_DEVICE_MEMORY: want = 1; break;
		default: want = 0; break;
		}
	}
	sum(t, "DV", tab.o[o].owner != t->idx);
	fd = use_fd(o, &gen);
	if (fd < 0)
		return;
	switch (which) {
	case 0:
		name = "GET_API_VERSION";
		ret = ioctl(fd, UMBRA_GET_API_VERSION, arg);
		want = UMBRA_API_VERSION;
		break;
	case 1:
		name = "CHECK_EXTENSION";
		ret = ioctl(fd, UMBRA_CHECK_EXTENSION, arg);
		break;
	default:
		name = "GET_VCPU_MMAP_SIZE";
		ret = ioctl(fd, UMBRA_GET_VCPU_MMAP_SIZE, arg);
		want = PAGE;
		break;
	}
	err = errno;
	done_fd();
	oplog(t, "dev%d %s(%#lx) -> %s", o, name, arg, res_str(ret, err));
	if (check(t, name, ret, err, 0, false, o, gen) && ret != -1 &&
	    ret != want)
		failf(t, "%s(%#lx) returned %ld, expected %ld", name, arg, ret,
		      want);
}

static void op_create_vm(struct thr *t)
{
	unsigned long arg, pages = 0;
	unsigned int gen;
	bool valid;
	int o, fd, nfd, err;

	if (table_full())
		return;
	o = pick(t, 1u << K_DEV, 10);
	if (o < 0)
		return;
	switch (rnd(&t->rng, 16)) {
	case 0: case 1:
		arg = 0;
		break;
	case 2: case 3: case 4: case 5: case 6: case 7:
		pages = UMBRA_VM_POOL_MIN_PAGES + rnd(&t->rng, 16);
		arg = UMBRA_VM_POOL_PAGES(pages);
		break;
	case 8:
		pages = chance(&t->rng, 20) ? UMBRA_VM_POOL_MAX_PAGES :
			UMBRA_VM_POOL_MIN_PAGES + rnd(&t->rng, 256);
		arg = UMBRA_VM_POOL_PAGES(pages);
		break;
	case 9:
		arg = UMBRA_VM_POOL_PAGES(rnd(&t->rng, UMBRA_VM_POOL_MIN_PAGES));
		break;
	case 10:
		arg = UMBRA_VM_POOL_PAGES(UMBRA_VM_POOL_MAX_PAGES + 1 +
					  rnd(&t->rng, 0x10000));
		break;
	case 11:
		arg = UMBRA_VM_POOL_PAGES(64) | (1 + rnd(&t->rng, 255));
		break;
	case 12:
		arg = rnd32(&t->rng) | 0x80000000u;
		break;
	case 13:
		arg = ~0UL << rnd(&t->rng, 32);
		break;
	default:
		arg = rnd32(&t->rng) & (0x3ff << UMBRA_VM_POOL_SHIFT);
		break;
	}
	pages = arg >> UMBRA_VM_POOL_SHIFT;
	valid = !(arg & 0xff) && (!pages ||
		 (pages >= UMBRA_VM_POOL_MIN_PAGES &&
		  pages <= UMBRA_VM_POOL_MAX_PAGES));
	sum(t, "CV", tab.o[o].owner != t->idx);
	pthread_rwlock_wrlock(&tab.fdlock);
	pthread_mutex_lock(&tab.lock);
	fd = tab.o[o].live ? tab.o[o].fd : -1;
	gen = tab.o[o].gen;
	pthread_mutex_unlock(&tab.lock);
	nfd = fd < 0 ? -1 : ioctl(fd, UMBRA_CREATE_VM, arg);
	err = errno;
	if (nfd >= 0) {
		check_new_fd(t, nfd, "CREATE_VM");
		obj_adopt(t, K_VM, nfd, -1, arg, false);
	}
	pthread_rwlock_unlock(&tab.fdlock);
	if (fd < 0)
		return;
	oplog(t, "dev%d CREATE_VM(%#lx) -> %s", o, arg, res_str(nfd, err));
	check(t, "CREATE_VM", nfd, err,
	      valid ? E(ENOMEM) | E(EMFILE) | E(ENFILE) : E(EINVAL), !valid,
	      o, gen);
}

/*
 * Is vCPU @id of VM object @vm known to be gone: no object of it has its
 * fd open, a run in progress or its run page mapped? (Creations are
 * serialised by tab.fdlock, so none is under way.) tab.lock held.
 */
static bool vcpu_id_free_locked(int vm, unsigned long id)
{
	int i, m;

	for (i = 0; i < tab.n; i++) {
		if (tab.o[i].kind != K_VCPU || tab.o[i].parent != vm ||
		    tab.o[i].id != id)
			continue;
		if (tab.o[i].live || tab.o[i].busy)
			return false;
		for (m = 0; m < tab.n; m++)
			if (tab.o[m].kind == K_MAP && tab.o[m].live &&
			    tab.o[m].parent == i)
				return false;
	}
	return true;
}

/* is there a live vCPU object of VM object @vm with @id? tab.lock held */
static bool vcpu_exists_locked(int vm, unsigned long id)
{
	int i;

	for (i = 0; i < tab.n; i++)
		if (tab.o[i].kind == K_VCPU && tab.o[i].live &&
		    tab.o[i].parent == vm && tab.o[i].id == id)
			return true;
	return false;
}

static void op_create_vcpu(struct thr *t)
{
	unsigned long id;
	unsigned int gen;
	bool exists, exists2, free_id;
	int o, fd, nfd, err;

	if (table_full())
		return;
	o = pick(t, 1u << K_VM, 12);
	if (o < 0)
		return;
	switch (rnd(&t->rng, 12)) {
	case 0:
		id = UMBRA_MAX_VCPUS + rnd(&t->rng, 4);
		break;
	case 1:
		id = chance(&t->rng, 50) ? -1UL : rnd32(&t->rng);
		break;
	case 2: case 3: case 4: case 5:
		id = 0;
		break;
	default:
		id = rnd(&t->rng, UMBRA_MAX_VCPUS);
		break;
	}
	sum(t, "CC", tab.o[o].owner != t->idx);
	pthread_rwlock_wrlock(&tab.fdlock);
	pthread_mutex_lock(&tab.lock);
	fd = tab.o[o].live ? tab.o[o].fd : -1;
	gen = tab.o[o].gen;
	exists = vcpu_exists_locked(o, id);
	free_id = id < UMBRA_MAX_VCPUS && vcpu_id_free_locked(o, id);
	pthread_mutex_unlock(&tab.lock);
	nfd = fd < 0 ? -1 : ioctl(fd, UMBRA_CREATE_VCPU, id);
	err = errno;
	pthread_mutex_lock(&tab.lock);
	exists2 = vcpu_exists_locked(o, id);
	pthread_mutex_unlock(&tab.lock);
	if (nfd >= 0) {
		check_new_fd(t, nfd, "CREATE_VCPU");
		obj_adopt(t, K_VCPU, nfd, o, id, false);
	}
	pthread_rwlock_unlock(&tab.fdlock);
	if (fd < 0)
		return;
	oplog(t, "vm%d CREATE_VCPU(%#lx)%s -> %s", o, id,
	      exists ? " (id in use)" : free_id ? " (id free)" : "",
	      res_str(nfd, err));
	if (id >= UMBRA_MAX_VCPUS)
		check(t, "CREATE_VCPU", nfd, err, E(EINVAL), true, o, gen);
	else
		check(t, "CREATE_VCPU", nfd, err,
		      (free_id ? 0 : E(EEXIST)) | E(ENOMEM) | E(EMFILE) |
		      E(ENFILE), exists && exists2, o, gen);
}

/* ---- memory regions ---- */

/* EINVAL/EFAULT the argument checks give, in the documented order; 0 */
static int region_arg_errno(const struct umbra_userspace_memory_region *m,
			    bool *maybe_efault)
{
	__u64 end;

	*maybe_efault = false;
	if (m->slot >= UMBRA_MAX_MEMSLOTS ||
	    (m->flags & ~(UMBRA_MEM_READONLY | UMBRA_MEM_SHARED |
			  UMBRA_MEM_DEVICE)) ||
	    ((m->flags & UMBRA_MEM_DEVICE) && (m->flags & UMBRA_MEM_SHARED)))
		return EINVAL;
	if (!m->memory_size || (m->memory_size | m->guest_phys_addr |
				m->userspace_addr) & (PAGE - 1))
		return EINVAL;
	if (m->guest_phys_addr >= (1ULL << 32) ||
	    m->memory_size > (1ULL << 32) - m->guest_phys_addr)
		return EINVAL;
	if (m->userspace_addr > 0xffffffffULL ||
	    m->memory_size > 0xffffffffULL - m->userspace_addr)
		return EFAULT;
	end = m->userspace_addr + m->memory_size;
	if (end > KERNEL_START)
		return EFAULT;
	/* between the end of user space and the kernel: EFAULT, later */
	*maybe_efault = end > USER_END;
	return 0;
}

/*
 * Would registering pages [first, first + n) of buffer @buf with @flags
 * in VM @vm conflict with a region of another live VM (module-wide claims,
 * api.rst 3.5)? tab.lock held.
 */
static bool claims_conflict_locked(int vm, int buf, unsigned int buf_gen,
				   __u32 first, __u32 n, __u32 flags)
{
	bool shared = flags & UMBRA_MEM_SHARED;
	bool reader = shared && (flags & UMBRA_MEM_READONLY);
	int i, s;

	for (i = 0; i < tab.n; i++) {
		const struct obj *w = &tab.o[i];

		if (i == vm || w->kind != K_VM || !w->live)
			continue;
		for (s = 0; s < UMBRA_MAX_MEMSLOTS; s++) {
			const struct region_rec *r = &w->slot[s];
			__u32 rf = r->first_page, rn = r->size / PAGE;
			bool r_shared = r->flags & UMBRA_MEM_SHARED;
			bool r_reader = r_shared &&
					(r->flags & UMBRA_MEM_READONLY);

			if (!r->used || r->buf != buf || r->buf_gen != buf_gen ||
			    first >= rf + rn || rf >= first + n)
				continue;
			if (!r_shared || !shared)
				return true;	/* private meets anything */
			if (!r_reader && !reader)
				return true;	/* two writers */
		}
	}
	return false;
}

/* does [ipa, ipa + size) overlap a known region of VM @vm? tab.lock held */
static bool ipa_overlap_locked(int vm, __u64 ipa, __u64 size)
{
	int s;

	for (s = 0; s < UMBRA_MAX_MEMSLOTS; s++) {
		const struct region_rec *r = &tab.o[vm].slot[s];

		if (r->used && ipa < r->ipa + r->size && r->ipa < ipa + size)
			return true;
	}
	return false;
}

/* victim pages: registered as guest RAM with no harm to the fuzzer */
static unsigned char victim_bss[2 * PAGE] __attribute__((aligned(PAGE)));

/*
 * The backing memory of a region. Fills m->userspace_addr and
 * m->memory_size; *buf and *first_page name the buffer object if the
 * whole range lies in one of ours (-1 otherwise); *unpinnable is set if
 * some page certainly cannot be pinned for these flags; *force_ro if only
 * a read-only region may use it (our own stack, text or run page).
 */
static const char *a_backing(struct thr *t, int vm,
			     struct umbra_userspace_memory_region *m,
			     int *buf, unsigned int *buf_gen,
			     __u32 *first_page, bool *unpinnable,
			     bool *force_ro)
{
	unsigned int r = rnd(&t->rng, 100);
	int b, i, cand[MAX_OBJS], n = 0;
	__u32 npages, first, count;
	const struct obj *ob;
	int local;

	*buf = -1;
	*first_page = 0;
	*buf_gen = 0;
	*unpinnable = false;
	*force_ro = false;

	if (r < 20) {
		/* the pages another VM has: the claims */
		pthread_mutex_lock(&tab.lock);
		for (i = 0; i < tab.n; i++) {
			int s;

			if (tab.o[i].kind != K_VM || !tab.o[i].live)
				continue;
			for (s = 0; s < UMBRA_MAX_MEMSLOTS; s++) {
				const struct region_rec *rr = &tab.o[i].slot[s];

				if (rr->used && rr->buf >= 0 &&
				    tab.o[rr->buf].live &&
				    tab.o[rr->buf].gen == rr->buf_gen &&
				    n < MAX_OBJS)
					cand[n++] = i * 16 + s;
			}
		}
		if (n) {
			const struct region_rec *rr;

			i = cand[rnd(&t->rng, n)];
			rr = &tab.o[i / 16].slot[i % 16];
			ob = &tab.o[rr->buf];
			b = rr->buf;
			npages = ob->len / PAGE;
			first = rr->first_page;
			count = rr->size / PAGE;
			/* the same pages, or some overlapping ones */
			if (chance(&t->rng, 50)) {
				first = rnd(&t->rng, first + count);
				if (first >= npages)
					first = npages - 1;
				count = 1 + rnd(&t->rng, npages - first);
			}
			m->userspace_addr = (uintptr_t)ob->addr + first * PAGE;
			m->memory_size = (__u64)count * PAGE;
			*buf = b;
			*buf_gen = ob->gen;
			*first_page = first;
			/* only the owner changes its protection */
			*unpinnable = ob->owner == t->idx &&
				      (!(ob->prot & PROT_READ) ||
				       (!(ob->prot & PROT_WRITE) &&
					!(m->flags & UMBRA_MEM_READONLY)));
			pthread_mutex_unlock(&tab.lock);
			return "another VM's pages";
		}
		pthread_mutex_unlock(&tab.lock);
		r = 20;
	}
	if (r < 70) {
		/* one of our buffers (sometimes another thread's) */
		pthread_mutex_lock(&tab.lock);
		b = pick_locked(t, 1u << K_BUF, 15);
		if (b >= 0) {
			ob = &tab.o[b];
			npages = ob->len / PAGE;
			first = chance(&t->rng, 60) ? 0 : rnd(&t->rng, npages);
			count = chance(&t->rng, 60) ? npages - first :
				1 + rnd(&t->rng, npages - first);
			m->userspace_addr = (uintptr_t)ob->addr + first * PAGE;
			m->memory_size = (__u64)count * PAGE;
			*buf = b;
			*buf_gen = ob->gen;
			*first_page = first;
			if (ob->owner == t->idx)
				*unpinnable = (!(ob->prot & PROT_READ)) ||
					(!(ob->prot & PROT_WRITE) &&
					 !(m->flags & UMBRA_MEM_READONLY));
			if (chance(&t->rng, 8)) {
				/* up to the end, and into the guard page */
				m->memory_size = (__u64)(npages - first + 1) *
						 PAGE;
				*buf = -1;
				*unpinnable = ob->owner == t->idx;
				pthread_mutex_unlock(&tab.lock);
				return "buffer + guard page";
			}
			pthread_mutex_unlock(&tab.lock);
			return ob->owner == t->idx ? "own buffer" :
			       "other thread's buffer";
		}
		pthread_mutex_unlock(&tab.lock);
	}
	m->memory_size = PAGE * (1 + rnd(&t->rng, 4));
	switch (rnd(&t->rng, 12)) {
	case 0:
		m->userspace_addr = 0;
		*unpinnable = true;
		return "NULL";
	case 1:
		m->userspace_addr = KERNEL_START + PAGE * rnd(&t->rng, 0x1000);
		return "kernel address";
	case 2:
		m->userspace_addr = 0xffff0000;	/* vectors page */
		return "vectors page";
	case 3:
		m->userspace_addr = USER_END - PAGE;
		m->memory_size = 2 * PAGE;
		return "end of user space";
	case 4:
		m->userspace_addr = (uintptr_t)&local & ~(PAGE - 1);
		m->memory_size = PAGE;
		*force_ro = true;
		return "own stack";
	case 5:
		m->userspace_addr = (uintptr_t)victim_bss;
		m->memory_size = PAGE * (1 + rnd(&t->rng, 2));
		return ".bss";
	case 6:
		m->userspace_addr = (uintptr_t)op_create_vm & ~(PAGE - 1);
		*force_ro = true;
		return "text";
	case 7:
		pthread_mutex_lock(&tab.lock);
		b = pick_locked(t, 1u << K_MAP, 0);
		if (b >= 0) {
			m->userspace_addr = (uintptr_t)tab.o[b].addr;
			m->memory_size = tab.o[b].len;
			*force_ro = true;
			*unpinnable = !(tab.o[b].prot & PROT_READ);
		}
		pthread_mutex_unlock(&tab.lock);
		if (b >= 0)
			return "run page mapping";
		m->userspace_addr = (uintptr_t)t->scratch + PAGE;
		*unpinnable = true;
		return "PROT_NONE scratch page";
	case 8:
		m->userspace_addr = (uintptr_t)t->scratch + PAGE;
		*unpinnable = true;
		return "PROT_NONE scratch page";
	case 9:
		m->userspace_addr = PAGE * (__u64)rnd(&t->rng, 0xbf000);
		return "random address";
	case 10:
		m->userspace_addr = rnd64(&t->rng);
		return "random 64-bit address";
	default:
		m->userspace_addr = (uintptr_t)t->scratch + 2 * PAGE;
		m->memory_size = PAGE;
		*unpinnable = !(m->flags & UMBRA_MEM_READONLY);
		return "PROT_READ scratch page";
	}
	(void)vm;
}

static void op_region(struct thr *t)
{
	static const __u32 flag_set[] = {
		0, 0, 0, 0, UMBRA_MEM_READONLY, UMBRA_MEM_SHARED,
		UMBRA_MEM_SHARED, UMBRA_MEM_READONLY | UMBRA_MEM_SHARED,
		UMBRA_MEM_READONLY | UMBRA_MEM_SHARED, 1u << 0, 1u << 4,
		0x80000000u, UMBRA_MEM_SHARED | 0x100,
		UMBRA_MEM_DEVICE | UMBRA_MEM_SHARED,
	};
	struct umbra_userspace_memory_region m = { 0 }, *arg = &m;
	enum ptr_kind pk;
	const char *what;
	bool unpinnable, force_ro, maybe_efault, must_fail, has_run;
	bool used, overlap, conflict, mangled;
	unsigned int gen, buf_gen;
	__u32 first_page;
	int vm, fd, buf, argerr, err;
	uint64_t allowed;
	long ret;

	vm = pick(t, 1u << K_VM, 12);
	if (vm < 0)
		return;
	sum(t, "RG", tab.o[vm].owner != t->idx);

	switch (rnd(&t->rng, 20)) {
	case 0:
		m.slot = UMBRA_MAX_MEMSLOTS + rnd(&t->rng, 100);
		break;
	case 1:
		m.slot = rnd32(&t->rng);
		break;
	default:
		m.slot = rnd(&t->rng, UMBRA_MAX_MEMSLOTS);
		break;
	}
	m.flags = flag_set[rnd(&t->rng, ARRAY_SIZE(flag_set))];
	what = a_backing(t, vm, &m, &buf, &buf_gen, &first_page, &unpinnable,
			 &force_ro);
	if (force_ro)
		m.flags |= UMBRA_MEM_READONLY;

	/* the IPA: usual bases, next to or over known regions, hostile */
	switch (rnd(&t->rng, 14)) {
	case 0: case 1: case 2:
		m.guest_phys_addr = GUEST_RAM_BASE +
				    PAGE * (__u64)rnd(&t->rng, 64);
		break;
	case 3: case 4: {
		struct region_rec rr;

		pthread_mutex_lock(&tab.lock);
		rr = tab.o[vm].slot[rnd(&t->rng, UMBRA_MAX_MEMSLOTS)];
		pthread_mutex_unlock(&tab.lock);
		/* next to a known region, or over it */
		m.guest_phys_addr = rr.used ? rr.ipa + (chance(&t->rng, 50) ?
				    rr.size : PAGE * rnd(&t->rng, 4)) :
				    PAGE * (__u64)rnd32(&t->rng) % (1ULL << 32);
		break;
	}
	case 5:
		m.guest_phys_addr = (1ULL << 32) - m.memory_size;
		break;
	case 6:
		m.guest_phys_addr = (1ULL << 32) - PAGE * rnd(&t->rng, 3);
		break;
	case 7:
		m.guest_phys_addr = UMBRA_FORBIDDEN_BASE;
		break;
	case 8:
		m.guest_phys_addr = rnd64(&t->rng);
		break;
	case 9:
		m.guest_phys_addr = 0;
		break;
	default:
		m.guest_phys_addr = (__u64)(rnd32(&t->rng) & ~(PAGE - 1));
		break;
	}
	/* the size and address: mostly as chosen, sometimes mangled */
	mangled = true;
	switch (rnd(&t->rng, 24)) {
	case 0:
		m.memory_size = 0;
		break;
	case 1:
		m.memory_size += 1 + rnd(&t->rng, PAGE - 1);
		break;
	case 2:
		m.memory_size = (__u64)(rnd32(&t->rng) & ~(PAGE - 1)) + PAGE;
		break;
	case 3:
		m.memory_size = 1ULL << 32;
		break;
	case 4:
		m.memory_size = rnd64(&t->rng) & ~(PAGE - 1ULL);
		break;
	case 5:
		m.userspace_addr += 1 + rnd(&t->rng, PAGE - 1);
		break;
	case 6:
		m.guest_phys_addr += 1 + rnd(&t->rng, PAGE - 1);
		mangled = false;	/* same pages */
		break;
	default:
		mangled = false;
		break;
	}
	if (mangled) {
		buf = -1;		/* not a buffer range any more */
		unpinnable = false;	/* cannot tell */
	}
	argerr = region_arg_errno(&m, &maybe_efault);

	arg = a_ptr(t, &m, sizeof(m), &pk, true);
	if (pk == P_RO)
		arg = t->ro_region;

	fd = use_fd(vm, &gen);
	if (fd < 0)
		return;
	pthread_mutex_lock(&tab.lock);
	has_run = tab.o[vm].has_run;
	used = m.slot < UMBRA_MAX_MEMSLOTS && tab.o[vm].slot[m.slot].used;
	overlap = ipa_overlap_locked(vm, m.guest_phys_addr, m.memory_size);
	conflict = buf >= 0 && tab.o[buf].live && tab.o[buf].gen == buf_gen &&
		   claims_conflict_locked(vm, buf, buf_gen, first_page,
					  m.memory_size / PAGE, m.flags);
	pthread_mutex_unlock(&tab.lock);

	ret = ioctl(fd, UMBRA_SET_USER_MEMORY_REGION, arg);
	err = errno;
	done_fd();

	oplog(t, "vm%d SET_USER_MEMORY_REGION(%s%s slot %u flags %#x ipa %#llx "
	      "size %#llx uaddr %#llx [%s%s%s]) -> %s", vm,
	      pk == P_GOOD ? "" : "arg ", pk == P_GOOD ? "" : ptr_names[pk],
	      m.slot, m.flags, (unsigned long long)m.guest_phys_addr,
	      (unsigned long long)m.memory_size,
	      (unsigned long long)m.userspace_addr, what,
	      has_run ? ", has run" : "", conflict ? ", claims conflict" : "",
	      res_str(ret, err));

	allowed = E(EFAULT) | E(EINVAL) | E(EBUSY) | E(EEXIST) | E(ENOMEM);
	must_fail = true;
	if (pk == P_RO) {
		allowed = E(EINVAL);		/* the RO page's region: size 0 */
	} else if (pk != P_GOOD) {
		allowed = E(EFAULT);
	} else if (argerr) {
		allowed = E(argerr);
	} else if (maybe_efault) {
		/* access_ok() may fail first: the end of user space */
		allowed = has_run ? E(EFAULT) | E(EBUSY) : allowed & ~E(EINVAL);
	} else if (has_run) {
		allowed = E(EBUSY);
	} else if (unpinnable) {
		allowed &= ~E(EINVAL);
	} else if (used || overlap) {
		allowed = E(EEXIST) | E(EBUSY);	/* EBUSY: run meanwhile */
	} else if (conflict) {
		allowed = E(EBUSY) | E(ENOMEM) | E(EFAULT);
	} else {
		must_fail = false;
		allowed &= ~E(EINVAL);
	}
	/* a conflicting VM closed meanwhile: its claims may be gone */
	if (conflict && !used && !overlap && !has_run && !argerr &&
	    pk == P_GOOD && !unpinnable && !maybe_efault) {
		pthread_mutex_lock(&tab.lock);
		conflict = tab.o[buf].live && tab.o[buf].gen == buf_gen &&
			   claims_conflict_locked(vm, buf, buf_gen, first_page,
						  m.memory_size / PAGE,
						  m.flags);
		pthread_mutex_unlock(&tab.lock);
		must_fail = conflict;
	}
	if (!check(t, "SET_USER_MEMORY_REGION", ret, err, allowed, must_fail,
		   vm, gen))
		return;
	if (ret == 0) {
		pthread_mutex_lock(&tab.lock);
		if (tab.o[vm].gen == gen && m.slot < UMBRA_MAX_MEMSLOTS) {
			struct region_rec *rr = &tab.o[vm].slot[m.slot];

			rr->used = true;
			rr->flags = m.flags;
			rr->ipa = m.guest_phys_addr;
			rr->size = m.memory_size;
			rr->buf = -1;
			if (buf >= 0 && tab.o[buf].live &&
			    tab.o[buf].gen == buf_gen) {
				rr->buf = buf;
				rr->buf_gen = buf_gen;
				rr->first_page = first_page;
			}
		}
		pthread_mutex_unlock(&tab.lock);
	}
}

/* ---- guest RAM buffers ---- */

/*
 * Random words and words of insn_pool[], made once from the seed: pages
 * are copied from random places in them (cheaper than a PRNG call a word
 * on an emulated board).
 */
#define WORD_POOL	16384
static __u32 random_words[WORD_POOL], insn_words[WORD_POOL];

static void word_pools_init(uint64_t seed)
{
	struct rng r;
	int i;

	rng_seed(&r, seed, 0, 0xfd);
	for (i = 0; i < WORD_POOL; i++) {
		random_words[i] = rnd32(&r);
		insn_words[i] = insn_pool[rnd(&r, ARRAY_SIZE(insn_pool))];
	}
}

/* a page of random words (@insns: of insn_pool[] words) */
static void words_page(struct thr *t, unsigned char *p, bool insns)
{
	memcpy(p, (insns ? insn_words : random_words) +
	       rnd(&t->rng, WORD_POOL - PAGE / 4), PAGE);
}

static void fill_page(struct thr *t, unsigned char *p)
{
	const struct snippet *s;
	unsigned int r = rnd(&t->rng, 10);

	if (r < 3) {
		memset(p, 0, PAGE);
		return;
	}
	words_page(t, p, r >= 6);
	if (r >= 8) {
		s = &snippets[rnd(&t->rng, ARRAY_SIZE(snippets))];
		memcpy(p, s->start, s->end - s->start);
	}
}

/*
 * a new buffer of @npages (+ a PROT_NONE guard page), filled with code;
 * @hidden: born hidden from the other threads (op_vmm's, until it is
 * registered: hiding it only after it is live let another thread claim
 * its pages first, and the fresh VM's SET_USER_MEMORY_REGION then failed
 * with a legitimate EBUSY)
 */
static int buf_new(struct thr *t, size_t npages, bool shared, int prot,
		   bool hidden)
{
	unsigned char *p;
	size_t i;
	int b;

	p = mmap(NULL, (npages + 1) * PAGE, PROT_READ | PROT_WRITE,
		 (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		oplog(t, "mmap buffer: %s", strerror(errno));
		return -1;
	}
	for (i = 0; i < npages; i++)
		fill_page(t, p + i * PAGE);
	if (prot != (PROT_READ | PROT_WRITE))
		mprotect(p, npages * PAGE, prot);
	mprotect(p + npages * PAGE, PAGE, PROT_NONE);	/* guard */
	b = obj_new(K_BUF, t->idx);
	if (b < 0) {
		munmap(p, (npages + 1) * PAGE);
		return -1;
	}
	pthread_mutex_lock(&tab.lock);
	tab.o[b].addr = p;
	tab.o[b].len = npages * PAGE;
	tab.o[b].prot = prot;
	tab.o[b].shared = shared;
	tab.o[b].hidden = hidden;
	tab.o[b].live = true;
	pthread_mutex_unlock(&tab.lock);
	oplog(t, "buf%d = %zu pages at %p, %s, prot %d", b, npages, p,
	      shared ? "MAP_SHARED" : "MAP_PRIVATE", prot);
	return b;
}

/* buffer sizes: mostly small (each page costs page faults) */
static size_t a_npages(struct thr *t)
{
	unsigned int r = rnd(&t->rng, 100);

	return r < 70 ? 1 + rnd(&t->rng, 4) : r < 97 ? 5 + rnd(&t->rng, 12) :
	       64;
}

static void op_buf_new(struct thr *t)
{
	unsigned int r = rnd(&t->rng, 100);

	if (table_full())
		return;
	sum(t, "BN", false);
	buf_new(t, a_npages(t),
		chance(&t->rng, 30),
		r < 78 ? PROT_READ | PROT_WRITE : r < 92 ? PROT_READ :
		PROT_NONE, false);
}

/* munmap or mprotect one of our buffers (its pinned pages stay pinned) */
static void op_buf_change(struct thr *t)
{
	int b = pick(t, 1u << K_BUF, 0), ret, err, prot;

	if (b < 0)
		return;
	sum(t, "BF", false);
	if (chance(&t->rng, 60)) {
		ret = obj_release(t, b, &err);
		oplog(t, "munmap buf%d -> %s", b, res_str(ret, err));
		check(t, "munmap(buffer)", ret, err, 0, false, -1, 0);
		return;
	}
	prot = chance(&t->rng, 50) ? PROT_READ | PROT_WRITE :
	       chance(&t->rng, 50) ? PROT_READ : PROT_NONE;
	pthread_mutex_lock(&tab.lock);
	ret = mprotect(tab.o[b].addr, tab.o[b].len, prot);
	err = errno;
	if (!ret)
		tab.o[b].prot = prot;
	pthread_mutex_unlock(&tab.lock);
	oplog(t, "mprotect buf%d %d -> %s", b, prot, res_str(ret, err));
	check(t, "mprotect(buffer)", ret, err, 0, false, -1, 0);
}

/* ---- run page mappings ---- */

/* a new run page mapping object (munmapped if the table is full) */
static int map_record(struct thr *t, int vcpu, void *p, size_t len, int prot,
		      bool shared)
{
	int m = obj_new(K_MAP, t->idx);

	len = (len + PAGE - 1) & ~(size_t)(PAGE - 1);
	if (m < 0) {
		munmap(p, len);
		return -1;
	}
	pthread_mutex_lock(&tab.lock);
	tab.o[m].addr = p;
	tab.o[m].len = len;
	tab.o[m].prot = prot;
	tab.o[m].shared = shared;
	tab.o[m].parent = vcpu;
	tab.o[m].live = true;
	pthread_mutex_unlock(&tab.lock);
	return m;
}

static void op_mmap(struct thr *t)
{
	unsigned int gen;
	size_t len = PAGE;
	off_t off = 0;
	int prot = PROT_READ | PROT_WRITE, flags = MAP_SHARED;
	int o, fd, err, m = -1, r;
	bool vcpu, want_ok;
	void *p;

	if (table_full())
		return;
	o = pick(t, chance(&t->rng, 90) ? 1u << K_VCPU : FD_KINDS, 0);
	if (o < 0)
		return;
	vcpu = tab.o[o].kind == K_VCPU;
	r = rnd(&t->rng, 100);
	want_ok = true;
	if (r < 62) {
		;
	} else if (r < 67) {
		len = 1 + rnd(&t->rng, PAGE - 1);
	} else if (r < 72) {
		len = PAGE * (2 + rnd(&t->rng, 3));
		want_ok = false;
	} else if (r < 77) {
		off = PAGE * (1 + rnd(&t->rng, 16));
		want_ok = false;
	} else if (r < 85) {
		prot = PROT_READ;
	} else if (r < 92) {
		flags = MAP_PRIVATE;
	} else if (r < 96) {
		prot = PROT_NONE;
	} else {
		prot = PROT_READ | PROT_EXEC;
	}
	sum(t, "MM", false);
	fd = use_fd(o, &gen);
	if (fd < 0)
		return;
	p = mmap(NULL, len, prot, flags, fd, off);
	err = errno;
	/* in the table before others may create fds: the vCPU is in use */
	if (p != MAP_FAILED)
		m = map_record(t, o, p, len, prot, flags == MAP_SHARED);
	done_fd();
	oplog(t, "%s%d mmap(len %#zx, prot %d, %s, off %#llx) -> %p%s%s",
	      kind_names[tab.o[o].kind], o, len, prot,
	      flags == MAP_SHARED ? "MAP_SHARED" : "MAP_PRIVATE",
	      (unsigned long long)off, p, p == MAP_FAILED ? " " : "",
	      p == MAP_FAILED ? errname(err) : "");
	if (!check(t, "mmap", p == MAP_FAILED ? -1 : 0, err,
		   vcpu ? (want_ok ? 0 : E(EINVAL)) | E(ENOMEM) : E(ENODEV),
		   !vcpu || !want_ok, o, gen) || p == MAP_FAILED || m < 0)
		return;
	if ((prot & PROT_READ) &&
	    ((struct umbra_run *)p)->exit_reason > UMBRA_EXIT_INTR)
		failf(t, "fresh run page mapping: exit_reason %u",
		      ((struct umbra_run *)p)->exit_reason);
}

static void op_munmap(struct thr *t)
{
	int o = pick(t, 1u << K_MAP, 0), ret, err;

	if (o < 0)
		return;
	sum(t, "MU", false);
	ret = obj_release(t, o, &err);
	oplog(t, "munmap map%d -> %s", o, res_str(ret, err));
	check(t, "munmap(run page)", ret, err, 0, false, -1, 0);
}

/* move a run page mapping elsewhere */
static void op_mremap(struct thr *t)
{
	int o = pick(t, 1u << K_MAP, 0), err;
	void *dst, *p;

	if (o < 0)
		return;
	sum(t, "MR", false);
	dst = mmap(NULL, tab.o[o].len, PROT_NONE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (dst == MAP_FAILED)
		return;
	pthread_mutex_lock(&tab.lock);
	p = mremap(tab.o[o].addr, tab.o[o].len, tab.o[o].len,
		   MREMAP_MAYMOVE | MREMAP_FIXED, dst);
	err = errno;
	if (p != MAP_FAILED)
		tab.o[o].addr = p;
	pthread_mutex_unlock(&tab.lock);
	if (p == MAP_FAILED)
		munmap(dst, tab.o[o].len);
	oplog(t, "mremap map%d -> %p%s%s", o, p,
	      p == MAP_FAILED ? " " : "", p == MAP_FAILED ? errname(err) : "");
	check(t, "mremap(run page)", p == MAP_FAILED ? -1 : 0, err,
	      E(ENOMEM) | E(EINVAL) | E(EFAULT), false, -1, 0);
}

/* api.rst 3.6: a new vCPU is in its reset state: CPSR 0x1d3, all else 0 */
static void vcpu_check_reset(struct thr *t, int c)
{
	struct umbra_regs regs, want = { .cpsr = 0x1d3 };
	unsigned int gen;
	int fd, err;
	long ret;

	fd = use_fd(c, &gen);
	if (fd < 0)
		return;
	memset(&regs, 0xa5, sizeof(regs));
	ret = ioctl(fd, UMBRA_GET_REGS, &regs);
	err = errno;
	done_fd();
	if (check(t, "GET_REGS (new vCPU)", ret, err, 0, false, c, gen) &&
	    !ret && memcmp(&regs, &want, sizeof(regs)))
		failf(t, "new vCPU: registers not in the reset state "
		      "(pc %#x cpsr %#x r0 %#x sp_svc %#x)", regs.pc, regs.cpsr,
		      regs.usr_regs[0], regs.svc_regs[0]);
}

/*
 * What a VMM does: a VM with one RAM region backed by a fresh buffer, vCPU
 * 0 and its run page mapped. Hidden from the other threads while it is
 * built, each step must succeed (but for running out of memory or fds).
 */
static void op_vmm(struct thr *t)
{
	struct umbra_userspace_memory_region m = { 0 };
	unsigned long pool = chance(&t->rng, 15) ? 0 :
		UMBRA_VM_POOL_PAGES(UMBRA_VM_POOL_MIN_PAGES + rnd(&t->rng, 24));
	int d, v = -1, c = -1, b = -1, fd, nfd, err;
	unsigned int gen;
	void *p;
	long ret;

	if (tab.n > MAX_OBJS - 8)
		return;
	d = pick(t, 1u << K_DEV, 0);
	if (d < 0)
		return;
	sum(t, "VM", false);

	pthread_rwlock_wrlock(&tab.fdlock);
	pthread_mutex_lock(&tab.lock);
	fd = tab.o[d].live ? tab.o[d].fd : -1;
	gen = tab.o[d].gen;
	pthread_mutex_unlock(&tab.lock);
	nfd = fd < 0 ? -1 : ioctl(fd, UMBRA_CREATE_VM, pool);
	err = errno;
	if (nfd >= 0)
		v = obj_adopt(t, K_VM, nfd, -1, pool, true);
	pthread_rwlock_unlock(&tab.fdlock);
	if (fd < 0)
		return;
	oplog(t, "vmm: dev%d CREATE_VM(%#lx) -> %s", d, pool,
	      res_str(nfd, err));
	if (!check(t, "CREATE_VM", nfd, err, E(ENOMEM) | E(EMFILE) | E(ENFILE),
		   false, d, gen) || v < 0)
		return;

	b = buf_new(t, a_npages(t), chance(&t->rng, 25),
		    PROT_READ | PROT_WRITE, true);
	if (b < 0)
		goto out;
	m.slot = rnd(&t->rng, UMBRA_MAX_MEMSLOTS);
	m.flags = (chance(&t->rng, 15) ? UMBRA_MEM_READONLY : 0) |
		  (chance(&t->rng, 20) ? UMBRA_MEM_SHARED : 0);
	m.guest_phys_addr = GUEST_RAM_BASE;
	m.memory_size = tab.o[b].len;
	m.userspace_addr = (uintptr_t)tab.o[b].addr;
	fd = use_fd(v, &gen);
	if (fd < 0)
		goto out;
	ret = ioctl(fd, UMBRA_SET_USER_MEMORY_REGION, &m);
	err = errno;
	done_fd();
	oplog(t, "vmm: vm%d SET_USER_MEMORY_REGION(slot %u flags %#x ipa %#llx "
	      "size %#llx buf%d) -> %s", v, m.slot, m.flags,
	      (unsigned long long)m.guest_phys_addr,
	      (unsigned long long)m.memory_size, b, res_str(ret, err));
	if (!check(t, "SET_USER_MEMORY_REGION (fresh VM and buffer)", ret, err,
		   E(ENOMEM), false, v, gen))
		goto out;
	if (!ret) {
		pthread_mutex_lock(&tab.lock);
		tab.o[v].slot[m.slot] = (struct region_rec){
			.used = true, .flags = m.flags,
			.ipa = m.guest_phys_addr, .size = m.memory_size,
			.buf = b, .buf_gen = tab.o[b].gen,
		};
		pthread_mutex_unlock(&tab.lock);
	}

	pthread_rwlock_wrlock(&tab.fdlock);
	pthread_mutex_lock(&tab.lock);
	fd = tab.o[v].live ? tab.o[v].fd : -1;
	gen = tab.o[v].gen;
	pthread_mutex_unlock(&tab.lock);
	nfd = fd < 0 ? -1 : ioctl(fd, UMBRA_CREATE_VCPU, 0);
	err = errno;
	if (nfd >= 0)
		c = obj_adopt(t, K_VCPU, nfd, v, 0, true);
	pthread_rwlock_unlock(&tab.fdlock);
	if (fd < 0)
		goto out;
	oplog(t, "vmm: vm%d CREATE_VCPU(0) -> %s", v, res_str(nfd, err));
	if (!check(t, "CREATE_VCPU (fresh VM)", nfd, err,
		   E(ENOMEM) | E(EMFILE) | E(ENFILE), false, v, gen) || c < 0)
		goto out;
	check_new_fd(t, nfd, "CREATE_VCPU");
	vcpu_check_reset(t, c);

	fd = use_fd(c, &gen);
	if (fd < 0)
		goto out;
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	err = errno;
	if (p != MAP_FAILED)
		map_record(t, c, p, PAGE, PROT_READ | PROT_WRITE, true);
	done_fd();
	oplog(t, "vmm: vcpu%d mmap -> %p", c, p);
	if (check(t, "mmap(run page)", p == MAP_FAILED ? -1 : 0, err,
		  E(ENOMEM), false, c, gen) && p != MAP_FAILED) {
		/* api.rst 3.6: its struct umbra_run is zeroed */
		static const unsigned char zero[sizeof(struct umbra_run)];

		if (memcmp(p, zero, sizeof(zero)))
			failf(t, "new vCPU: run page not zeroed (%s)",
			      umbra_exit_str(p));
	}
out:
	pthread_mutex_lock(&tab.lock);
	tab.o[v].hidden = false;
	if (b >= 0)
		tab.o[b].hidden = false;
	if (c >= 0)
		tab.o[c].hidden = false;
	pthread_mutex_unlock(&tab.lock);
}

/* ---- registers ---- */

static void op_regs(struct thr *t, bool set)
{
	struct umbra_regs regs, *arg = &regs;
	enum ptr_kind pk;
	unsigned int gen;
	int o, fd, err;
	uint64_t allowed;
	bool valid;
	long ret;

	o = pick(t, 1u << K_VCPU, 12);
	if (o < 0)
		return;
	sum(t, set ? "SR" : "GR", tab.o[o].owner != t->idx);
	if (set)
		a_regs(t, &regs);
	arg = a_ptr(t, &regs, sizeof(regs), &pk, true);
	if (pk == P_RO)
		arg = t->ro_regs;
	valid = cpsr_valid(arg == t->ro_regs ? t->ro_regs->cpsr : regs.cpsr);
	fd = use_fd(o, &gen);
	if (fd < 0)
		return;
	ret = ioctl(fd, set ? UMBRA_SET_REGS : UMBRA_GET_REGS, arg);
	err = errno;
	done_fd();
	oplog(t, "vcpu%d %s(%s, pc %#x cpsr %#x) -> %s", o,
	      set ? "SET_REGS" : "GET_REGS", ptr_names[pk], regs.pc,
	      regs.cpsr, res_str(ret, err));
	if (pk != P_GOOD && !(pk == P_RO && set))
		allowed = E(EFAULT);
	else if (set && !valid)
		allowed = E(EINVAL);
	else
		allowed = 0;
	check(t, set ? "SET_REGS" : "GET_REGS", ret, err, allowed,
	      allowed != 0, o, gen);
}

static void op_one_reg(struct thr *t)
{
	struct umbra_one_reg reg, *arg = &reg;
	bool set = chance(&t->rng, 50), addr_ok_r, addr_ok_w;
	enum ptr_kind pk, vk;
	__u32 val = rnd32(&t->rng);
	unsigned int gen;
	uint64_t allowed;
	int o, fd, err;
	void *va;
	long ret;

	o = pick(t, 1u << K_VCPU, 12);
	if (o < 0)
		return;
	sum(t, "OR", tab.o[o].owner != t->idx);
	reg.id = a_reg_id(t);
	va = a_ptr(t, &val, sizeof(val), &vk, true);
	if (vk == P_RO)
		va = t->scratch + 2 * PAGE + 2048;
	reg.addr = (uintptr_t)va;
	addr_ok_r = vk == P_GOOD || vk == P_RO;
	addr_ok_w = vk == P_GOOD;
	if (chance(&t->rng, 3)) {
		reg.addr |= (__u64)(1 + rnd(&t->rng, 0xffff)) << 32;
		addr_ok_r = addr_ok_w = false;
	}
	arg = a_ptr(t, &reg, sizeof(reg), &pk, false);
	fd = use_fd(o, &gen);
	if (fd < 0)
		return;
	ret = ioctl(fd, set ? UMBRA_SET_ONE_REG : UMBRA_GET_ONE_REG, arg);
	err = errno;
	done_fd();
	oplog(t, "vcpu%d %s(%s, id %#llx, addr %#llx [%s]%s%#x) -> %s", o,
	      set ? "SET_ONE_REG" : "GET_ONE_REG", ptr_names[pk],
	      (unsigned long long)reg.id, (unsigned long long)reg.addr,
	      reg.addr >> 32 ? "above 4 GiB" : ptr_names[vk],
	      set ? " value " : " ", set ? val : 0, res_str(ret, err));
	if (pk != P_GOOD)
		allowed = E(EFAULT);
	else if (!reg_id_cp15(reg.id))
		allowed = E(EINVAL);
	else if (set && !addr_ok_r)
		allowed = E(EFAULT);		/* the value cannot be read */
	else if (set)
		allowed = E(EINVAL) | E(ENOENT);
	else if (!addr_ok_w)
		allowed = E(EFAULT) | E(ENOENT);
	else
		allowed = E(ENOENT);
	if (reg.addr >> 32 && pk == P_GOOD && reg_id_cp15(reg.id))
		/*
		 * api.rst: EFAULT, "the value cannot be read or written";
		 * the module says EINVAL for an address above 4 GiB.
		 */
		allowed |= E(EINVAL);
	check(t, set ? "SET_ONE_REG" : "GET_ONE_REG", ret, err, allowed,
	      pk != P_GOOD || !reg_id_cp15(reg.id) || (set && !addr_ok_r) ||
	      (!set && !addr_ok_w), o, gen);
}

/* ---- running guests ---- */

/*
 * A known region of VM object @vm backed by a live RW buffer (anybody's:
 * vCPUs created in another thread's VM run its code).
 */
static const struct region_rec *code_region_locked(struct thr *t, int vm)
{
	const struct region_rec *cand[UMBRA_MAX_MEMSLOTS];
	int s, n = 0;

	if (vm < 0)
		return NULL;
	for (s = 0; s < UMBRA_MAX_MEMSLOTS; s++) {
		const struct region_rec *r = &tab.o[vm].slot[s];
		const struct obj *b;

		if (!r->used || r->buf < 0)
			continue;
		b = &tab.o[r->buf];
		if (b->live && b->gen == r->buf_gen &&
		    b->prot == (PROT_READ | PROT_WRITE))
			cand[n++] = r;
	}
	return n ? cand[rnd(&t->rng, n)] : NULL;
}

/* one of our vCPUs with its run page mapped and guest code to load */
static int pick_runnable_locked(struct thr *t)
{
	int cand[MAX_OBJS], n = 0, c, m;

	for (c = 0; c < tab.n; c++) {
		if (tab.o[c].kind != K_VCPU || !tab.o[c].live ||
		    tab.o[c].owner != t->idx)
			continue;
		for (m = 0; m < tab.n; m++)
			if (tab.o[m].kind == K_MAP && tab.o[m].live &&
			    tab.o[m].parent == c && tab.o[m].shared &&
			    tab.o[m].prot == (PROT_READ | PROT_WRITE))
				break;
		if (m < tab.n && code_region_locked(t, tab.o[c].parent))
			cand[n++] = c;
	}
	return n ? cand[rnd(&t->rng, n)] : -1;
}

static __u32 a_hc_nr(struct thr *t)
{
	switch (rnd(&t->rng, 8)) {
	case 0: case 1:
		return UMBRA_HC_BASE + rnd(&t->rng, 8);
	case 2: case 3:
		return UMBRA_HC_VMM_FIRST + rnd(&t->rng, 4);
	case 4:
		return UMBRA_HC_VMM_FIRST + rnd(&t->rng, 0xff00);
	case 5:
		return UMBRA_HC_BASE + 0x10000 + rnd(&t->rng, 16);
	case 6:
		return UMBRA_HC_FEATURES;
	default:
		return rnd32(&t->rng);
	}
}

/* a guest address: in the region, MMIO, forbidden range, anywhere */
static __u32 a_gaddr(struct thr *t, const struct region_rec *r)
{
	switch (rnd(&t->rng, 8)) {
	case 0: case 1: case 2:
		if (r)
			return r->ipa + (rnd(&t->rng, r->size) & ~3u);
		return GUEST_RAM_BASE + 4 * rnd(&t->rng, 0x4000);
	case 3:
		return GUEST_MMIO_BASE + 4 * rnd(&t->rng, 0x400);
	case 4:
		return UMBRA_FORBIDDEN_BASE + 4 * rnd(&t->rng, 0x800);
	case 5:
		return rnd32(&t->rng) | (chance(&t->rng, 50) ? 0 : 1);
	default:
		return rnd32(&t->rng) & ~3u;
	}
}

/*
 * Put code at a random page of region @r (a RW buffer of ours) and set
 * the registers to run it. Returns what it loaded.
 */
static const char *load_guest(struct thr *t, int o,
			      const struct region_rec *r, bool *ok)
{
	static __thread char what[96];
	const struct snippet *s = NULL;
	struct umbra_regs regs = { 0 };
	unsigned char *page, *bufaddr;
	__u32 npages = r->size / PAGE, pg = rnd(&t->rng, npages), i;

	__u32 code_ipa = r->ipa + pg * PAGE;
	unsigned int gen;
	int fd, err, kind = rnd(&t->rng, 10);
	long ret;

	/* its owner munmaps or mprotects it under tab.lock only */
	pthread_mutex_lock(&tab.lock);
	bufaddr = tab.o[r->buf].addr;
	page = bufaddr + (r->first_page + pg) * PAGE;
	if (!tab.o[r->buf].live || tab.o[r->buf].gen != r->buf_gen ||
	    tab.o[r->buf].prot != (PROT_READ | PROT_WRITE)) {
		snprintf(what, sizeof(what), "the code at %#x", code_ipa);
	} else if (kind < 6) {
		s = &snippets[rnd(&t->rng, ARRAY_SIZE(snippets))];
		memcpy(page, s->start, s->end - s->start);
		snprintf(what, sizeof(what), "%s at %#x", s->name, code_ipa);
	} else {
		words_page(t, page, kind < 8);
		snprintf(what, sizeof(what), "%s words at %#x",
			 kind < 8 ? "chosen" : "random", code_ipa);
	}
	pthread_mutex_unlock(&tab.lock);
	for (i = 0; i < 15; i++)
		regs.usr_regs[i] = chance(&t->rng, 50) ? rnd32(&t->rng) :
				   a_gaddr(t, r);
	regs.pc = code_ipa;
	regs.cpsr = chance(&t->rng, 85) ? GUEST_CPSR : a_valid_cpsr(t);
	if (kind >= 8 && chance(&t->rng, 30))
		regs.cpsr |= UMBRA_PSR_T;
	regs.svc_regs[0] = r->ipa + r->size;
	regs.svc_regs[2] = a_valid_cpsr(t);
	if (s) {
		switch (s->args) {
		case A_HC:
			regs.usr_regs[0] = a_hc_nr(t);
			if (chance(&t->rng, 50))
				regs.usr_regs[1] = a_hc_nr(t);
			break;
		case A_PATTERN:
			regs.usr_regs[0] = chance(&t->rng, 80) ? r->ipa :
					   a_gaddr(t, r);
			regs.usr_regs[1] = 4 * (1 + rnd(&t->rng,
						chance(&t->rng, 80) ?
						r->size / 4 : 0x10000));
			regs.usr_regs[3] = 1 + rnd(&t->rng, 2);
			break;
		case A_MMIO:
		case A_JUMP:
			regs.usr_regs[0] = a_gaddr(t, r);
			break;
		case A_MMU:
			regs.usr_regs[0] = chance(&t->rng, 70) ?
					   r->ipa & ~0x3fffu :
					   a_gaddr(t, r) & ~0x3fffu;
			regs.usr_regs[1] = a_gaddr(t, r);
			regs.usr_regs[2] = chance(&t->rng, 50) ?
					   4 * rnd(&t->rng, 256) :
					   rnd32(&t->rng);
			break;
		case A_NONE:
			break;
		}
	}
	*ok = false;
	fd = use_fd(o, &gen);
	if (fd < 0)
		return what;
	ret = ioctl(fd, UMBRA_SET_REGS, &regs);
	err = errno;
	done_fd();
	*ok = check(t, "SET_REGS (guest setup)", ret, err, 0, false, o, gen);
	return what;
}

static const char *const exit_names[] = {
	"UNKNOWN", "HYPERCALL", "MMIO", "SHUTDOWN", "FAIL_ENTRY",
	"INTERNAL_ERROR", "INTR",
};

static void op_run(struct thr *t)
{
	const struct region_rec *r;
	struct region_rec rcopy;
	struct umbra_run *run = NULL;
	bool rw = false, had_memory, imm, ok = true;
	const char *what = "as it is";
	unsigned long arg;
	int o, vm, fd, err, i, iters, m;
	long ret;
	__u32 reason;

	pthread_mutex_lock(&tab.lock);
	o = chance(&t->rng, 80) ? pick_runnable_locked(t) : -1;
	if (o < 0)
		o = pick_locked(t, 1u << K_VCPU, 0);
	if (o < 0) {
		pthread_mutex_unlock(&tab.lock);
		return;
	}
	sum(t, "RN", false);
	vm = tab.o[o].parent;
	/* a shared, readable mapping of this vCPU's run page, if any */
	for (m = 0; m < tab.n; m++) {
		const struct obj *mo = &tab.o[m];

		if (mo->kind == K_MAP && mo->live && mo->parent == o &&
		    mo->shared && (mo->prot & PROT_READ)) {
			run = (struct umbra_run *)mo->addr;
			rw = mo->prot & PROT_WRITE;
			if (rw)
				break;
		}
	}
	r = chance(&t->rng, 75) ? code_region_locked(t, vm) : NULL;
	if (r)
		rcopy = *r;
	pthread_mutex_unlock(&tab.lock);

	if (r) {
		what = load_guest(t, o, &rcopy, &ok);
		if (!ok)
			return;
	}
	fd = dup_fd(o);
	if (fd < 0)
		return;
	iters = 1 + rnd(&t->rng, 3);
	for (i = 0; i < iters && !t->failed; i++) {
		pthread_mutex_lock(&tab.lock);
		had_memory = false;
		for (m = 0; m < UMBRA_MAX_MEMSLOTS && vm >= 0; m++)
			had_memory |= tab.o[vm].slot[m].used;
		pthread_mutex_unlock(&tab.lock);
		arg = chance(&t->rng, 3) ? 1 + rnd32(&t->rng) % 0xffff : 0;
		imm = rw && chance(&t->rng, 10);
		if (rw)
			run->immediate_exit = imm;
		tls_run = rw ? run : NULL;
		timer_arm(t, 100 + rnd(&t->rng, 600));
		ret = ioctl(fd, UMBRA_RUN, arg);
		err = errno;
		timer_disarm(t);
		tls_run = NULL;
		reason = run ? run->exit_reason : 0;
		oplog(t, "vcpu%d RUN(%#lx)%s [%s] -> %s%s%s", o, arg,
		      imm ? " immediate_exit" : "", what, res_str(ret, err),
		      run ? ", " : "",
		      run ? (reason < ARRAY_SIZE(exit_names) ?
			     umbra_exit_str(run) : "bad exit_reason") : "");
		what = "again";
		if (!check(t, "RUN", ret, err,
			   arg ? E(EINVAL) : E(EINTR) | E(ENOMEM), arg != 0,
			   -1, 0))
			break;
		__atomic_add_fetch(ret == 0 ? &g.exits[reason & 7] :
				   &g.run_errs, 1, __ATOMIC_RELAXED);
		if (ret == -1 && err == EINVAL)
			continue;
		/* api.rst 4: a vCPU that shut down stays down */
		if (run && tab.o[o].shut &&
		    (ret != 0 || reason != UMBRA_EXIT_SHUTDOWN ||
		     run->shutdown.status != tab.o[o].shut_status)) {
			failf(t, "RUN after a shutdown (status %#x): %s, %s",
			      tab.o[o].shut_status, res_str(ret, err),
			      umbra_exit_str(run));
			break;
		}
		if (run && ret == 0 && reason == UMBRA_EXIT_SHUTDOWN) {
			pthread_mutex_lock(&tab.lock);
			tab.o[o].shut = true;
			tab.o[o].shut_status = run->shutdown.status;
			pthread_mutex_unlock(&tab.lock);
		}
		if (ret == 0 && reason == UMBRA_EXIT_FAIL_ENTRY &&
		    run && run->fail_entry.hardware_entry_failure_reason ==
		    UMBRA_FAIL_ENTRY_NO_MEMORY) {
			if (had_memory)
				failf(t, "RUN: FAIL_ENTRY NO_MEMORY, but the VM "
				      "had a region before the run");
			break;
		}
		/*
		 * Only runs that got past the memory check fail (EINTR,
		 * ENOMEM); a 0 may be FAIL_ENTRY: only the run page tells.
		 */
		pthread_mutex_lock(&tab.lock);
		if (vm >= 0 && (ret == -1 || run))
			tab.o[vm].has_run = true;
		pthread_mutex_unlock(&tab.lock);
		if (!run)
			continue;
		if (ret == -1 && err == EINTR && reason != UMBRA_EXIT_INTR)
			failf(t, "RUN: EINTR with exit_reason %u", reason);
		if (ret == 0 && (reason == UMBRA_EXIT_UNKNOWN ||
				 reason == UMBRA_EXIT_INTR ||
				 reason > UMBRA_EXIT_INTR))
			failf(t, "RUN returned 0 with exit_reason %u", reason);
		if (ret == 0 && reason == UMBRA_EXIT_FAIL_ENTRY)
			failf(t, "RUN: FAIL_ENTRY reason %llu",
			      (unsigned long long)
			      run->fail_entry.hardware_entry_failure_reason);
		if (imm && ret == 0 && reason != UMBRA_EXIT_SHUTDOWN)
			failf(t, "RUN with immediate_exit returned 0, %s",
			      umbra_exit_str(run));
		if (ret == 0 && reason == UMBRA_EXIT_INTERNAL_ERROR &&
		    run->internal.ndata > 16)
			failf(t, "RUN: internal error ndata %u",
			      run->internal.ndata);
		if (ret == 0 && reason == UMBRA_EXIT_MMIO &&
		    run->mmio.len != 1 && run->mmio.len != 2 &&
		    run->mmio.len != 4)
			failf(t, "RUN: MMIO exit of %u bytes", run->mmio.len);
		if (!rw)
			continue;
		if (ret == 0 && reason == UMBRA_EXIT_HYPERCALL) {
			for (m = 0; m < 4; m++)
				run->hypercall.ret[m] = rnd32(&t->rng);
		} else if (ret == 0 && reason == UMBRA_EXIT_MMIO &&
			   !run->mmio.is_write) {
			__u32 v = rnd32(&t->rng);

			memcpy(run->mmio.data, &v, 4);
		} else if (ret == 0 && chance(&t->rng, 50)) {
			break;
		}
	}
	if (rw)
		run->immediate_exit = 0;
	undup_fd(o, fd);
}

/* ---- everything else ---- */

static void op_close(struct thr *t)
{
	int o = pick(t, FD_KINDS, 20), ret, err;

	if (o < 0)
		return;
	sum(t, "CL", tab.o[o].owner != t->idx);
	ret = obj_release(t, o, &err);
	oplog(t, "close %s%d -> %s", kind_names[tab.o[o].kind], o,
	      res_str(ret, err));
	check(t, "close", ret, err, 0, false, -1, 0);
}

/* ioctl numbers no fd type knows, or another type's: ENOTTY */
static void op_bad_ioctl(struct thr *t)
{
	static const unsigned long known[][2] = {	/* number, fd kind */
		{ UMBRA_GET_API_VERSION, K_DEV }, { UMBRA_CREATE_VM, K_DEV },
		{ UMBRA_CHECK_EXTENSION, K_DEV },
		{ UMBRA_GET_VCPU_MMAP_SIZE, K_DEV },
		{ UMBRA_CREATE_VCPU, K_VM },
		{ UMBRA_SET_USER_MEMORY_REGION, K_VM },
		{ UMBRA_CREATE_IRQCHIP, K_VM }, { UMBRA_IRQ_LINE, K_VM },
		{ UMBRA_IRQFD, K_VM },
		{ UMBRA_RUN, K_VCPU }, { UMBRA_GET_REGS, K_VCPU },
		{ UMBRA_SET_REGS, K_VCPU }, { UMBRA_GET_ONE_REG, K_VCPU },
		{ UMBRA_SET_ONE_REG, K_VCPU },
	};
	/* types the VFS handles before the driver (do_vfs_ioctl) */
	static const unsigned char vfs_types[] = { 0x00, 'f', 'T', 'X', 0x94 };
	unsigned long nr = 0, arg = (uintptr_t)t->scratch;
	unsigned int gen, ty, k, i;
	int o, fd, err, kind;
	bool ok;
	long ret;

	o = pick(t, FD_KINDS, 20);
	if (o < 0)
		return;
	kind = tab.o[o].kind;
	sum(t, "BI", tab.o[o].owner != t->idx);
	do {
		switch (rnd(&t->rng, 4)) {
		case 0:		/* another fd type's ioctl */
			k = rnd(&t->rng, ARRAY_SIZE(known));
			nr = known[k][0];
			break;
		case 1:		/* a known one, other size or direction */
			nr = known[rnd(&t->rng, ARRAY_SIZE(known))][0];
			if (chance(&t->rng, 50))
				nr ^= (unsigned long)(1 + rnd(&t->rng, 3))
				      << _IOC_DIRSHIFT;
			else
				nr ^= (unsigned long)(1 + rnd(&t->rng, 0x3fff))
				      << _IOC_SIZESHIFT;
			break;
		case 2:		/* umbra's type, any number */
			nr = _IOC(rnd(&t->rng, 4), UMBRAIO, rnd(&t->rng, 256),
				  rnd(&t->rng, 512));
			break;
		default:
			nr = rnd32(&t->rng);
			break;
		}
		ty = _IOC_TYPE(nr);
		ok = true;
		for (i = 0; i < ARRAY_SIZE(vfs_types); i++)
			ok &= ty != vfs_types[i];
		for (i = 0; i < ARRAY_SIZE(known); i++)
			ok &= !(known[i][0] == nr && known[i][1] == (unsigned long)kind);
	} while (!ok);
	fd = use_fd(o, &gen);
	if (fd < 0)
		return;
	ret = ioctl(fd, nr, arg);
	err = errno;
	done_fd();
	oplog(t, "%s%d ioctl(%#lx) -> %s", kind_names[kind], o, nr,
	      res_str(ret, err));
	check(t, "unknown ioctl", ret, err, E(ENOTTY), true, o, gen);
}

/* read(), write(), lseek() and poll() on an fd */
static void op_rw(struct thr *t)
{
	unsigned char buf[64] = { 0 };
	struct pollfd pfd;
	unsigned int gen;
	int o, fd, err, which = rnd(&t->rng, 4);
	long ret;

	o = pick(t, FD_KINDS, 20);
	if (o < 0)
		return;
	sum(t, "RW", tab.o[o].owner != t->idx);
	fd = use_fd(o, &gen);
	if (fd < 0)
		return;
	switch (which) {
	case 0:
		ret = read(fd, buf, 1 + rnd(&t->rng, sizeof(buf)));
		break;
	case 1:
		ret = write(fd, buf, 1 + rnd(&t->rng, sizeof(buf)));
		break;
	case 2:
		ret = lseek(fd, rnd(&t->rng, 100), SEEK_SET);
		break;
	default:
		pfd.fd = fd;
		pfd.events = POLLIN | POLLOUT;
		ret = poll(&pfd, 1, 0);
		break;
	}
	err = errno;
	done_fd();
	oplog(t, "%s%d %s -> %s", kind_names[tab.o[o].kind], o,
	      (const char *[]){ "read", "write", "lseek", "poll" }[which],
	      res_str(ret, err));
	if (which < 2)
		check(t, which ? "write" : "read", ret, err, E(EINVAL), true,
		      o, gen);
	else
		check(t, which == 2 ? "lseek" : "poll", ret, err, 0, false, o,
		      gen);
}

/*
 * fork(): the child runs one of our vCPUs and/or registers memory of its
 * own address space in one of our VMs, then exits (dropping its copies of
 * every fd); it reports through its exit status.
 */
static void op_fork(struct thr *t)
{
	struct umbra_userspace_memory_region m = { 0 };
	struct umbra_run *run = NULL;
	int c, v, cfd = -1, vfd = -1, status, b, slot = -1, i;
	unsigned int gen_v = 0;
	pid_t pid;

	c = pick(t, 1u << K_VCPU, 0);
	v = pick(t, 1u << K_VM, 0);
	if (c < 0 && v < 0)
		return;
	sum(t, "FK", false);
	pthread_mutex_lock(&tab.lock);
	if (c >= 0) {
		for (i = 0; i < tab.n; i++)
			if (tab.o[i].kind == K_MAP && tab.o[i].live &&
			    tab.o[i].parent == c && tab.o[i].shared &&
			    tab.o[i].prot == (PROT_READ | PROT_WRITE))
				run = (struct umbra_run *)tab.o[i].addr;
	}
	b = pick_locked(t, 1u << K_BUF, 0);
	if (v >= 0 && b >= 0 && chance(&t->rng, 60)) {
		slot = rnd(&t->rng, UMBRA_MAX_MEMSLOTS);
		m.slot = slot;
		m.flags = chance(&t->rng, 50) ? 0 : UMBRA_MEM_SHARED;
		m.guest_phys_addr = 0x80000000u + PAGE * rnd(&t->rng, 256);
		m.memory_size = tab.o[b].len;
		m.userspace_addr = (uintptr_t)tab.o[b].addr;
	}
	pthread_mutex_unlock(&tab.lock);
	/* the child uses fds: keep them from being reused until it is gone */
	pthread_rwlock_rdlock(&tab.fdlock);
	pthread_mutex_lock(&tab.lock);
	if (c >= 0)
		cfd = tab.o[c].live ? tab.o[c].fd : -1;
	if (v >= 0) {
		vfd = tab.o[v].live ? tab.o[v].fd : -1;
		gen_v = tab.o[v].gen;
	}
	pthread_mutex_unlock(&tab.lock);
	pid = fork();
	if (pid == 0) {
		/* child: raw syscalls only */
		struct itimerval it = { { 0, 2000 }, { 0, 300 + rnd(&t->rng,
								    3000) } };
		int st = 0;
		long ret;

		tls_run = run;
		if (run)
			run->immediate_exit = 0;
		setitimer(ITIMER_REAL, &it, NULL);
		if (cfd >= 0) {
			ret = ioctl(cfd, UMBRA_RUN, 0);
			/* EBADF: another thread closed it before the fork */
			if (ret == -1 && errno != EINTR && errno != ENOMEM &&
			    errno != EBADF)
				st |= 1;
		}
		if (vfd >= 0 && slot >= 0) {
			ret = ioctl(vfd, UMBRA_SET_USER_MEMORY_REGION, &m);
			if (!ret)
				st |= 2;
			else if (errno != EFAULT && errno != EBUSY &&
				 errno != EEXIST && errno != ENOMEM &&
				 errno != EBADF)
				st |= 4 | (errno < 32 ? errno << 3 : 0);
		}
		_exit(st);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	pthread_rwlock_unlock(&tab.fdlock);
	if (run)
		run->immediate_exit = 0;
	oplog(t, "fork: child ran vcpu%d (fd %d), region slot %d in vm%d "
	      "(fd %d) -> status %#x", c, cfd, slot, v, vfd,
	      pid > 0 ? status : -1);
	__atomic_add_fetch(&g.fork_runs, 1, __ATOMIC_RELAXED);
	if (pid < 0)
		return;
	if (!WIFEXITED(status) || (WEXITSTATUS(status) & 5)) {
		failf(t, "fork child: %s%s (status %#x)",
		      !WIFEXITED(status) ? "died" :
		      (WEXITSTATUS(status) & 1) ? "RUN: undocumented errno" :
		      "SET_USER_MEMORY_REGION failed with ",
		      WIFEXITED(status) && (WEXITSTATUS(status) & 4) ?
		      errname(WEXITSTATUS(status) >> 3) : "", status);
		return;
	}
	if (WEXITSTATUS(status) & 2) {
		pthread_mutex_lock(&tab.lock);
		if (tab.o[v].gen == gen_v) {
			struct region_rec *rr = &tab.o[v].slot[slot];

			rr->used = true;
			rr->flags = m.flags;
			rr->ipa = m.guest_phys_addr;
			rr->size = m.memory_size;
			rr->buf = -1;	/* the child's pages */
		}
		pthread_mutex_unlock(&tab.lock);
	}
}

/* ------------------------------------------------------------------ */
/* The virtual GIC: irqchip, IRQ lines, irqfds                         */

/* a GIC frame base: free, over RAM, unaligned, huge, forbidden, random */
static uint64_t a_gic_base(struct thr *t, uint64_t free_base)
{
	switch (rnd(&t->rng, 8)) {
	case 0: case 1: case 2:
		return free_base;
	case 3:
		return GUEST_RAM_BASE + PAGE * rnd(&t->rng, 64);
	case 4:
		return free_base + 1 + rnd(&t->rng, PAGE - 1);
	case 5:
		return (1ull << 32) - PAGE * rnd(&t->rng, 2) +
		       (chance(&t->rng, 50) ? rnd64(&t->rng) << 32 : 0);
	case 6:
		return 0xffff0000u + PAGE * rnd(&t->rng, 16);
	default:
		return rnd64(&t->rng) & (chance(&t->rng, 50) ? ~0ull :
					 0xfffff000u);
	}
}

static void op_irqchip(struct thr *t)
{
	static const uint32_t nr_irqs[] = {
		64, 96, 128, 256, 0, 32, 65, 288, UMBRA_VGIC_MAX_IRQS + 32,
	};
	struct umbra_irqchip ic = { 0 };
	unsigned int gen;
	int o, fd, err;
	bool bad;
	long ret;

	o = pick(t, 1u << K_VM, 12);
	if (o < 0)
		return;
	ic.dist_base = a_gic_base(t, 0x08000000u);
	ic.cpu_base = chance(&t->rng, 10) ? ic.dist_base :
		      a_gic_base(t, 0x08010000u);
	ic.nr_irqs = chance(&t->rng, 90) ?
		     nr_irqs[rnd(&t->rng, ARRAY_SIZE(nr_irqs))] :
		     rnd32(&t->rng);
	ic.flags = chance(&t->rng, 90) ? 0 : rnd32(&t->rng);
	/* what certainly makes it fail with EINVAL (or EEXIST, EBUSY) */
	bad = ic.flags || ic.nr_irqs < 64 || ic.nr_irqs % 32 ||
	      ic.nr_irqs > UMBRA_VGIC_MAX_IRQS || (ic.dist_base & (PAGE - 1)) ||
	      (ic.cpu_base & (PAGE - 1)) ||
	      (ic.dist_base < ic.cpu_base + UMBRA_VGIC_CPU_SIZE &&
	       ic.cpu_base < ic.dist_base + UMBRA_VGIC_DIST_SIZE) ||
	      ic.dist_base + UMBRA_VGIC_DIST_SIZE > (1ull << 32) ||
	      ic.cpu_base + UMBRA_VGIC_CPU_SIZE > (1ull << 32);
	sum(t, "IC", tab.o[o].owner != t->idx);
	fd = use_fd(o, &gen);
	if (fd < 0)
		return;
	ret = ioctl(fd, UMBRA_CREATE_IRQCHIP, &ic);
	err = errno;
	done_fd();
	oplog(t, "vm%d CREATE_IRQCHIP(dist %#llx cpu %#llx nr %u flags %#x) -> %s",
	      o, (unsigned long long)ic.dist_base,
	      (unsigned long long)ic.cpu_base, ic.nr_irqs, ic.flags,
	      res_str(ret, err));
	check(t, "CREATE_IRQCHIP", ret, err,
	      E(EINVAL) | E(EEXIST) | E(EBUSY) | E(ENOMEM), bad,
	      o, gen);
}

/* UMBRA_IRQ_LINE, also on a VM whose vCPU the other thread runs */
static void op_irq_line(struct thr *t)
{
	struct umbra_irq_level il;
	unsigned int gen, intid, vcpu;
	int o, fd, err;
	bool bad;
	long ret;

	o = pick(t, 1u << K_VM, 30);
	if (o < 0)
		return;
	switch (rnd(&t->rng, 6)) {
	case 0: case 1: case 2:
		il.irq = UMBRA_IRQ_SPI(32 + rnd(&t->rng, 64));
		break;
	case 3:
		il.irq = UMBRA_IRQ_PPI(rnd(&t->rng, UMBRA_MAX_VCPUS + 1),
				       16 + rnd(&t->rng, 16));
		break;
	case 4:
		il.irq = UMBRA_IRQ_PPI(rnd(&t->rng, 8), rnd(&t->rng, 300));
		break;
	default:
		il.irq = rnd32(&t->rng);
		break;
	}
	il.level = chance(&t->rng, 90) ? rnd(&t->rng, 2) : rnd32(&t->rng);
	intid = il.irq & 0xffff;
	vcpu = il.irq >> 16;
	bad = il.level > 1 || intid < 16 || intid >= UMBRA_VGIC_MAX_IRQS ||
	      (intid >= 32 && vcpu) || vcpu >= UMBRA_MAX_VCPUS;
	sum(t, "IL", tab.o[o].owner != t->idx);
	fd = use_fd(o, &gen);
	if (fd < 0)
		return;
	ret = ioctl(fd, UMBRA_IRQ_LINE, &il);
	err = errno;
	done_fd();
	oplog(t, "vm%d IRQ_LINE(irq %#x level %u) -> %s", o, il.irq, il.level,
	      res_str(ret, err));
	check(t, "IRQ_LINE", ret, err, E(ENXIO) | E(EINVAL), bad, o, gen);
}

/* one of our eventfds, made if needed; -1 if none can be made */
static int a_eventfd(struct thr *t)
{
	int i = rnd(&t->rng, NR_EFDS);

	if (t->efd[i] < 0)
		t->efd[i] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	return t->efd[i];
}

/*
 * An fd for UMBRA_IRQFD: an eventfd of ours, one never open (at or above
 * RLIMIT_NOFILE's 1024), the VM fd itself or a pipe end (not eventfds).
 * *kind: 0 eventfd, 1 not open, 2 not an eventfd.
 */
static int a_irqfd_fd(struct thr *t, int vm_fd, int pipe_fd, int *kind)
{
	int fd;

	switch (rnd(&t->rng, 8)) {
	case 0:
		*kind = 1;
		return 1024 + rnd(&t->rng, 1 << 20);
	case 1:
		*kind = 2;
		return vm_fd;
	case 2:
		*kind = 2;
		return pipe_fd;
	default:
		fd = a_eventfd(t);
		*kind = fd < 0 ? 1 : 0;
		return fd < 0 ? 1024 : fd;
	}
}

static void op_irqfd(struct thr *t)
{
	static const uint32_t flags[] = {
		0, 0, 0, UMBRA_IRQFD_FLAG_DEASSIGN, UMBRA_IRQFD_FLAG_DEASSIGN,
		UMBRA_IRQFD_FLAG_RESAMPLE, UMBRA_IRQFD_FLAG_RESAMPLE,
		UMBRA_IRQFD_FLAG_DEASSIGN | UMBRA_IRQFD_FLAG_RESAMPLE, 4,
	};
	struct umbra_irqfd a = { 0 };
	int o, fd, err, pfd[2], kind, rkind = 0;
	unsigned int gen;
	bool bad;
	long ret;

	o = pick(t, 1u << K_VM, 20);
	if (o < 0 || pipe2(pfd, O_CLOEXEC))
		return;
	sum(t, "IF", tab.o[o].owner != t->idx);
	fd = use_fd(o, &gen);
	if (fd < 0)
		goto out;
	a.fd = a_irqfd_fd(t, fd, pfd[0], &kind);
	a.gsi = chance(&t->rng, 85) ? 32 + rnd(&t->rng, 64) :
		chance(&t->rng, 50) ? rnd(&t->rng, 32) : rnd32(&t->rng);
	a.flags = chance(&t->rng, 95) ? flags[rnd(&t->rng, ARRAY_SIZE(flags))] :
		  rnd32(&t->rng);
	if (a.flags & UMBRA_IRQFD_FLAG_RESAMPLE)
		a.resamplefd = a_irqfd_fd(t, fd, pfd[1], &rkind);
	if (chance(&t->rng, 3))
		a.pad[rnd(&t->rng, sizeof(a.pad))] = 1 + rnd(&t->rng, 255);
	ret = ioctl(fd, UMBRA_IRQFD, &a);
	err = errno;
	done_fd();
	bad = (a.flags & ~(UMBRA_IRQFD_FLAG_DEASSIGN |
			   UMBRA_IRQFD_FLAG_RESAMPLE)) ||
	      a.flags == (UMBRA_IRQFD_FLAG_DEASSIGN |
			  UMBRA_IRQFD_FLAG_RESAMPLE) ||
	      a.gsi < 32 || a.gsi >= UMBRA_VGIC_MAX_IRQS || kind || rkind;
	for (kind = 0; kind < (int)sizeof(a.pad); kind++)
		bad |= a.pad[kind] != 0;
	oplog(t, "vm%d IRQFD(fd %d gsi %u flags %#x resamplefd %d) -> %s", o,
	      (int)a.fd, a.gsi, a.flags, (int)a.resamplefd,
	      res_str(ret, err));
	check(t, "IRQFD", ret, err,
	      E(ENXIO) | E(EINVAL) | E(EBADF) | E(EBUSY) | E(ENOENT) |
	      (bad ? 0 : E(ENOMEM)), bad, o, gen);
out:
	close(pfd[0]);
	close(pfd[1]);
}

/* write, read or close one of our eventfds, bound or not */
static void op_eventfd(struct thr *t)
{
	int i = rnd(&t->rng, NR_EFDS), fd = t->efd[i], err;
	uint64_t v;
	long ret;

	sum(t, "EF", false);
	if (fd < 0) {
		a_eventfd(t);
		return;
	}
	switch (rnd(&t->rng, 4)) {
	case 0:
		t->efd[i] = -1;
		ret = close(fd);
		err = errno;
		oplog(t, "close(eventfd %d) -> %s", fd, res_str(ret, err));
		check(t, "close(eventfd)", ret, err, 0, false, -1, 0);
		return;
	case 1:
		ret = read(fd, &v, sizeof(v));
		err = errno;
		oplog(t, "read(eventfd %d) -> %s", fd, res_str(ret, err));
		check(t, "read(eventfd)", ret, err, E(EAGAIN), false, -1, 0);
		return;
	default:
		/* 2^64 - 1 is not a value an eventfd takes: EINVAL */
		v = chance(&t->rng, 80) ? 1 : chance(&t->rng, 50) ? ~0ull :
		    rnd64(&t->rng) >> 1;
		ret = write(fd, &v, sizeof(v));
		err = errno;
		oplog(t, "write(eventfd %d, %#llx) -> %s", fd,
		      (unsigned long long)v, res_str(ret, err));
		check(t, "write(eventfd)", ret, err,
		      v == ~0ull ? E(EINVAL) : E(EAGAIN), v == ~0ull, -1, 0);
		return;
	}
}

/* ------------------------------------------------------------------ */
/* Sequences                                                           */

enum op {
	OP_OPEN, OP_DEV, OP_CVM, OP_CVCPU, OP_REGION, OP_BUFNEW, OP_BUFCHG,
	OP_MMAP, OP_MUNMAP, OP_MREMAP, OP_GREGS, OP_SREGS, OP_ONEREG, OP_RUN,
	OP_CLOSE, OP_BADIOCTL, OP_RW, OP_FORK, OP_VMM, OP_IRQCHIP, OP_IRQLINE,
	OP_IRQFD, OP_EVENTFD, NR_OPS
};

/* as in the per-sequence lines */
static const char *const op_codes[NR_OPS] = {
	[OP_OPEN] = "OD", [OP_DEV] = "DV", [OP_CVM] = "CV",
	[OP_CVCPU] = "CC", [OP_REGION] = "RG", [OP_BUFNEW] = "BN",
	[OP_BUFCHG] = "BF", [OP_MMAP] = "MM", [OP_MUNMAP] = "MU",
	[OP_MREMAP] = "MR", [OP_GREGS] = "GR", [OP_SREGS] = "SR",
	[OP_ONEREG] = "OR", [OP_RUN] = "RN", [OP_CLOSE] = "CL",
	[OP_BADIOCTL] = "BI", [OP_RW] = "RW", [OP_FORK] = "FK",
	[OP_VMM] = "VM", [OP_IRQCHIP] = "IC", [OP_IRQLINE] = "IL",
	[OP_IRQFD] = "IF", [OP_EVENTFD] = "EF",
};

static enum op choose_op(struct thr *t)
{
	int w[NR_OPS] = { 0 }, total = 0, i, r;
	int dev, vms, vcpus, maps, bufs, anyvm, anyvcpu;

	pthread_mutex_lock(&tab.lock);
	dev = count_locked(K_DEV, t->idx);
	vms = count_locked(K_VM, t->idx);
	vcpus = count_locked(K_VCPU, t->idx);
	maps = count_locked(K_MAP, t->idx);
	bufs = count_locked(K_BUF, t->idx);
	anyvm = count_locked(K_VM, -1);
	anyvcpu = count_locked(K_VCPU, -1);
	pthread_mutex_unlock(&tab.lock);

	w[OP_OPEN] = !dev ? 100 : dev < 2 ? 2 : 0;
	if (dev) {
		w[OP_VMM] = !vcpus ? 40 : vms < 4 ? 8 : 0;
		w[OP_DEV] = 4;
		w[OP_CVM] = !vms ? 20 : vms < 3 ? 6 : 1;
	}
	if (vms || anyvm) {
		w[OP_CVCPU] = !vcpus ? 40 : vcpus < 6 ? 8 : 1;
		w[OP_REGION] = 22;
		w[OP_IRQCHIP] = 6;
		w[OP_IRQLINE] = 8;
		w[OP_IRQFD] = 8;
	}
	w[OP_EVENTFD] = 4;
	w[OP_BUFNEW] = !bufs ? 25 : bufs < 4 ? 5 : 0;
	if (bufs)
		w[OP_BUFCHG] = 2;
	if (vcpus) {
		w[OP_MMAP] = maps < vcpus ? 30 : 3;
		w[OP_RUN] = 26;
		w[OP_FORK] = 1;
	}
	if (vcpus || anyvcpu) {
		w[OP_GREGS] = 5;
		w[OP_SREGS] = 5;
		w[OP_ONEREG] = 8;
	}
	if (maps) {
		w[OP_MUNMAP] = 3;
		w[OP_MREMAP] = 1;
	}
	if (dev || vms || vcpus || anyvm) {
		w[OP_CLOSE] = 6;
		w[OP_BADIOCTL] = 4;
		w[OP_RW] = 2;
	}
	for (i = 0; i < NR_OPS; i++)
		total += w[i];
	r = rnd(&t->rng, total);
	for (i = 0; i < NR_OPS; i++) {
		if (r < w[i])
			return i;
		r -= w[i];
	}
	return OP_OPEN;
}

static void *sequence_thread(void *arg)
{
	struct thr *t = arg;
	int n;

	if (timer_setup(t))
		failf(t, "timer_create: %s", strerror(errno));
	for (n = 0; n < NR_EFDS; n++)
		t->efd[n] = -1;
	n = 3 + rnd(&t->rng, 9);
	for (t->op = 0; t->op < n && !t->failed; t->op++) {
		enum op op = choose_op(t);
		struct timespec a, b;

		clock_gettime(CLOCK_MONOTONIC, &a);
		switch (op) {
		case OP_OPEN: op_open_dev(t); break;
		case OP_DEV: op_dev_ioctl(t); break;
		case OP_CVM: op_create_vm(t); break;
		case OP_CVCPU: op_create_vcpu(t); break;
		case OP_REGION: op_region(t); break;
		case OP_BUFNEW: op_buf_new(t); break;
		case OP_BUFCHG: op_buf_change(t); break;
		case OP_MMAP: op_mmap(t); break;
		case OP_MUNMAP: op_munmap(t); break;
		case OP_MREMAP: op_mremap(t); break;
		case OP_GREGS: op_regs(t, false); break;
		case OP_SREGS: op_regs(t, true); break;
		case OP_ONEREG: op_one_reg(t); break;
		case OP_RUN: op_run(t); break;
		case OP_CLOSE: op_close(t); break;
		case OP_BADIOCTL: op_bad_ioctl(t); break;
		case OP_RW: op_rw(t); break;
		case OP_FORK: op_fork(t); break;
		case OP_VMM: op_vmm(t); break;
		case OP_IRQCHIP: op_irqchip(t); break;
		case OP_IRQLINE: op_irq_line(t); break;
		case OP_IRQFD: op_irqfd(t); break;
		case OP_EVENTFD: op_eventfd(t); break;
		default: break;
		}
		clock_gettime(CLOCK_MONOTONIC, &b);
		__atomic_add_fetch(&g.op_us[op], (b.tv_sec - a.tv_sec) * 1000000 +
				   (b.tv_nsec - a.tv_nsec) / 1000,
				   __ATOMIC_RELAXED);
		__atomic_add_fetch(&g.op_n[op], 1, __ATOMIC_RELAXED);
		t->ops_total++;
	}
	t->nops = t->op;
	for (n = 0; n < NR_EFDS; n++)
		if (t->efd[n] >= 0)
			close(t->efd[n]);	/* bound ones unbind */
	timer_teardown(t);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Host checks between sequences                                       */

static const char *const bad_klog[] = {
	"WARNING:", "BUG:", "Oops", "Unable to handle", "Internal error",
	"Kernel panic", "soft lockup", "hard LOCKUP", "blocked for more than",
	"Bad page", "corruption", "rcu: INFO",
	"unexpected exit through vector", "isolation invariant",
};

/* new kernel log lines since the last call; the first bad one in @bad */
static int kmsg_scan(char *bad, size_t size)
{
	char rec[1024];
	ssize_t n;
	size_t i;
	int found = 0;

	if (g.kmsg_fd < 0)
		return 0;
	for (;;) {
		n = read(g.kmsg_fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records */
		if (n <= 0)
			break;
		rec[n] = 0;
		for (i = 0; i < ARRAY_SIZE(bad_klog); i++) {
			if (!strstr(rec, bad_klog[i]))
				continue;
			if (!found++) {
				char *msg = strchr(rec, ';');

				snprintf(bad, size, "%.300s",
					 msg ? msg + 1 : rec);
				bad[strcspn(bad, "\n")] = 0;
			}
			fprintf(stderr, "# kernel: %s", strchr(rec, ';') ?
				strchr(rec, ';') + 1 : rec);
			break;
		}
	}
	return found;
}

/*
 * A fresh VM on a fresh /dev/umbra fd still runs a guest to its end (the
 * smallest pool and RAM: this runs after every sequence).
 */
static int host_alive(struct thr *mt, char *why, size_t size)
{
	static unsigned char ram[PAGE] __attribute__((aligned(PAGE)));
	const struct guest_code gc = GUEST_CODE(guest_shutdown);
	struct umbra_userspace_memory_region m = {
		.guest_phys_addr = GUEST_RAM_BASE, .memory_size = PAGE,
		.userspace_addr = (uintptr_t)ram,
	};
	struct umbra_regs regs = {
		.pc = GUEST_RAM_BASE, .cpsr = GUEST_CPSR,
	};
	struct umbra_run *run = MAP_FAILED;
	int fd, vm = -1, vcpu = -1, ret = -1;
	const char *step;
	long v;

	memcpy(ram, gc.start, gc.end - gc.start);
	step = "open";
	fd = open(UMBRA_DEV, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		goto out;
	step = "GET_API_VERSION";
	v = ioctl(fd, UMBRA_GET_API_VERSION, 0);
	if (v != UMBRA_API_VERSION)
		goto out;
	step = "CREATE_VM";
	vm = ioctl(fd, UMBRA_CREATE_VM,
		   UMBRA_VM_POOL_PAGES(UMBRA_VM_POOL_MIN_PAGES));
	if (vm < 0)
		goto out;
	step = "SET_USER_MEMORY_REGION";
	if (ioctl(vm, UMBRA_SET_USER_MEMORY_REGION, &m))
		goto out;
	step = "CREATE_VCPU";
	vcpu = ioctl(vm, UMBRA_CREATE_VCPU, 0);
	if (vcpu < 0)
		goto out;
	step = "mmap";
	run = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		goto out;
	step = "SET_REGS";
	if (ioctl(vcpu, UMBRA_SET_REGS, &regs))
		goto out;
	step = "RUN";
	tls_run = run;
	timer_arm(mt, 5000000);		/* a shutdown never takes 5 s */
	v = ioctl(vcpu, UMBRA_RUN, 0);
	timer_disarm(mt);
	tls_run = NULL;
	if (v)
		goto out;
	if (run->exit_reason != UMBRA_EXIT_SHUTDOWN ||
	    run->shutdown.status != GUEST_DONE) {
		snprintf(why, size, "guest_shutdown: %s", umbra_exit_str(run));
		ret = -2;
		goto out;
	}
	ret = 0;
out:
	if (ret == -1)
		snprintf(why, size, "%s: %s", step, strerror(errno));
	if (run != MAP_FAILED)
		munmap(run, PAGE);
	if (vcpu >= 0)
		close(vcpu);
	if (vm >= 0)
		close(vm);
	if (fd >= 0)
		close(fd);
	return ret;
}

/* close and unmap everything left, in a random order */
static int teardown_all(struct thr *mt, char *why, size_t size)
{
	int order[MAX_OBJS], i, j, tmp, n = tab.n, ret, err, bad = 0;

	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = n - 1; i > 0; i--) {
		j = rnd(&mt->rng, i + 1);
		tmp = order[i];
		order[i] = order[j];
		order[j] = tmp;
	}
	for (i = 0; i < n; i++) {
		ret = obj_release(mt, order[i], &err);
		if (ret && !bad++)
			snprintf(why, size, "teardown: close/munmap %s%d: %s",
				 kind_names[tab.o[order[i]].kind], order[i],
				 strerror(err));
	}
	tab.n = 0;
	return bad ? -1 : 0;
}

static void print_traces(unsigned long seq)
{
	int i, k, first;

	for (i = 0; i < g.threads; i++) {
		struct thr *t = &g.thr[i];

		first = t->nlog > LOG_LINES ? t->nlog - LOG_LINES : 0;
		fprintf(stderr, "# seq %lu thread %d: %d ops%s%s\n", seq, i,
			t->nops, t->failed ? ", FAILED: " : "",
			t->failed ? t->why : "");
		for (k = first; k < t->nlog; k++)
			fprintf(stderr, "#   %s\n", t->log[k % LOG_LINES]);
	}
}

/*
 * run_sequence() - one sequence in g.threads threads, then teardown and
 * the host checks. Returns 0, or -1 with the reason in @why.
 */
static int run_sequence(unsigned long seq, char *why, size_t size)
{
	struct thr *mt = &g.thr[MAX_THREADS];
	struct timespec t0, t1, tm, deadline;
	char line[1280], bad[512];
	int i, failed = 0, len;
	long refcnt, pins;

	tab.n = 0;
	for (i = 0; i < g.threads; i++) {
		struct thr *t = &g.thr[i];

		t->idx = i;
		t->seq = seq;
		t->nlog = 0;
		t->nops = 0;
		t->op = 0;
		t->failed = false;
		t->why[0] = 0;
		t->summary[0] = 0;
		rng_seed(&t->rng, g.seed, seq, i);
	}
	rng_seed(&mt->rng, g.seed, seq, 0xff);
	clock_gettime(CLOCK_MONOTONIC, &t0);

	for (i = 0; i < g.threads; i++)
		if (pthread_create(&g.thr[i].th, NULL, sequence_thread,
				   &g.thr[i])) {
			snprintf(why, size, "pthread_create failed");
			return -1;
		}
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += SEQ_WATCHDOG_S;
	for (i = 0; i < g.threads; i++) {
		if (pthread_timedjoin_np(g.thr[i].th, NULL, &deadline)) {
			print_traces(seq);
			snprintf(why, size, "sequence %lu hangs: thread %d not "
				 "done after %d s (last operation above)", seq,
				 i, SEQ_WATCHDOG_S);
			fprintf(stderr, "# fuzz: %s\n", why);
			fflush(NULL);
			_exit(1);	/* the stuck thread cannot be joined */
		}
	}
	for (i = 0; i < g.threads; i++) {
		g.ops += g.thr[i].nops;
		if (g.thr[i].failed && !failed++)
			snprintf(why, size, "thread %d: %s", i, g.thr[i].why);
	}
	if (failed)
		print_traces(seq);
	clock_gettime(CLOCK_MONOTONIC, &tm);

	if (teardown_all(mt, failed ? bad : why, failed ? sizeof(bad) : size))
		failed++;
	if (g.refcnt0 >= 0) {
		refcnt = umbra_module_refcnt();
		if (refcnt != g.refcnt0 && !failed++)
			snprintf(why, size, "module refcount %ld after the "
				 "sequence, %ld before (leaked fd or VM)",
				 refcnt, g.refcnt0);
	}
	/* folding the vmstat counters takes ms: now and then */
	if (g.pins0 >= 0 && (seq % PIN_CHECK_EVERY == 0 ||
			     seq + 1 == g.first + g.sequences)) {
		pins = umbra_pinned_pages();
		if (pins != g.pins0 && !failed++)
			snprintf(why, size, "%ld pages pinned after the "
				 "sequence, %ld at the start (leaked in "
				 "sequences %lu-%lu)", pins, g.pins0,
				 seq < PIN_CHECK_EVERY ? 0 :
				 seq - PIN_CHECK_EVERY + 1, seq);
	}
	if (kmsg_scan(bad, sizeof(bad)) && !failed++)
		snprintf(why, size, "kernel log: %s", bad);
	if (host_alive(mt, bad, sizeof(bad)) && !failed++)
		snprintf(why, size, "host check after the sequence: %s", bad);

	clock_gettime(CLOCK_MONOTONIC, &t1);
	len = snprintf(line, sizeof(line), "# seq %lu (%ld+%ld ms):", seq,
		       (tm.tv_sec - t0.tv_sec) * 1000 +
		       (tm.tv_nsec - t0.tv_nsec) / 1000000,
		       (t1.tv_sec - tm.tv_sec) * 1000 +
		       (t1.tv_nsec - tm.tv_nsec) / 1000000);
	for (i = 0; i < g.threads && len < (int)sizeof(line); i++)
		len += snprintf(line + len, sizeof(line) - len, "%s t%d%s",
				i ? " |" : "", i, g.thr[i].summary);
	fprintf(stderr, "%s\n", line);
	if (failed) {
		fprintf(stderr, "# fuzz: FAILED sequence %lu: %s\n", seq, why);
		fprintf(stderr, "# fuzz: replay: UMBRA_FUZZ_SEED=%#llx "
			"UMBRA_FUZZ_FIRST=%lu UMBRA_FUZZ_SEQUENCES=1\n",
			(unsigned long long)g.seed, seq);
	}
	return failed ? -1 : 0;
}

static unsigned long long env_num(const char *name, unsigned long long def)
{
	const char *s = getenv(name);

	return s && *s ? strtoull(s, NULL, 0) : def;
}

static void fuzz_config(void)
{
	g.seed = env_num("UMBRA_FUZZ_SEED", DEFAULT_SEED);
	g.sequences = env_num("UMBRA_FUZZ_SEQUENCES", DEFAULT_SEQUENCES);
	g.first = env_num("UMBRA_FUZZ_FIRST", 0);
	g.threads = env_num("UMBRA_FUZZ_THREADS", 2);
	if (g.threads < 1)
		g.threads = 1;
	if (g.threads > MAX_THREADS)
		g.threads = MAX_THREADS;
	g.verbose = env_num("UMBRA_FUZZ_VERBOSE", 0);
	g.keep_going = env_num("UMBRA_FUZZ_KEEP_GOING", 0);
}

static int scratch_setup(struct thr *t)
{
	unsigned char *p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct umbra_regs *regs;

	if (p == MAP_FAILED)
		return -1;
	memset(p, 0, 3 * PAGE);
	regs = (struct umbra_regs *)(p + 2 * PAGE);
	regs->cpsr = GUEST_CPSR;
	regs->pc = GUEST_RAM_BASE;
	t->ro_regs = regs;
	/* all zero: memory_size 0, EINVAL */
	t->ro_region = (void *)(p + 2 * PAGE + 1024);
	if (mprotect(p + PAGE, PAGE, PROT_NONE) ||
	    mprotect(p + 2 * PAGE, PAGE, PROT_READ))
		return -1;
	t->scratch = p;
	return 0;
}

TEST_F_TIMEOUT(umbra, fuzz, 1200)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct thr *mt = &g.thr[MAX_THREADS];
	pthread_rwlockattr_t attr;
	struct timespec t0, t1;
	unsigned long seq, done = 0;
	char why[1024], bad[512], line[512];
	long secs;
	int i, len;

	fuzz_config();
	word_pools_init(g.seed);
	ASSERT_EQ(0, sigemptyset(&sa.sa_mask));
	ASSERT_EQ(0, sigaction(SIGALRM, &sa, NULL));	/* no SA_RESTART */
	pthread_rwlockattr_init(&attr);
	pthread_rwlockattr_setkind_np(&attr,
		PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	ASSERT_EQ(0, pthread_rwlock_init(&tab.fdlock, &attr));
	for (i = 0; i < g.threads; i++)
		ASSERT_EQ(0, scratch_setup(&g.thr[i]));
	mt->idx = MAX_THREADS;
	ASSERT_EQ(0, timer_setup(mt));

	g.dev_fd = self->dev_fd;
	g.kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (g.kmsg_fd >= 0)
		lseek(g.kmsg_fd, 0, SEEK_END);
	g.refcnt0 = umbra_module_refcnt();
	g.pins0 = umbra_pinned_pages();
	ksft_print_msg("fuzz: seed %#llx, sequences %lu-%lu, %d threads, "
		       "module refcount %ld, pinned pages %ld%s\n",
		       (unsigned long long)g.seed, g.first,
		       g.first + g.sequences - 1, g.threads, g.refcnt0,
		       g.pins0, g.kmsg_fd < 0 ? ", no /dev/kmsg" : "");
	fflush(stdout);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (seq = g.first; seq < g.first + g.sequences; seq++) {
		done++;
		if (run_sequence(seq, why, sizeof(why))) {
			g.failures++;
			if (!g.keep_going)
				break;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = t1.tv_sec - t0.tv_sec;

	fprintf(stderr, "# fuzz: exits: hypercall %lu, mmio %lu, shutdown %lu, "
		"fail_entry %lu, internal_error %lu; run errors %lu; forks "
		"%lu\n", g.exits[UMBRA_EXIT_HYPERCALL],
		g.exits[UMBRA_EXIT_MMIO], g.exits[UMBRA_EXIT_SHUTDOWN],
		g.exits[UMBRA_EXIT_FAIL_ENTRY],
		g.exits[UMBRA_EXIT_INTERNAL_ERROR], g.run_errs, g.fork_runs);
	len = 0;
	for (i = 0; i < NR_OPS; i++)
		if (g.op_n[i] && len < (int)sizeof(line))
			len += snprintf(line + len, sizeof(line) - len,
					" %s %lu x %lu us,", op_codes[i],
					g.op_n[i], g.op_us[i] / g.op_n[i]);
	if (len)
		line[len - 1] = 0;
	fprintf(stderr, "# fuzz: operations:%s\n", line);
	fprintf(stderr, "# fuzz: %lu sequences, %lu operations, seed %#llx, "
		"%ld s, %lu failed\n", done, g.ops,
		(unsigned long long)g.seed, secs, g.failures);
	fprintf(stderr, "# umbra-figure: sequences-fuzzed %lu\n",
		done - g.failures);
	timer_teardown(mt);
	if (kmsg_scan(bad, sizeof(bad)) && !g.failures++)
		snprintf(why, sizeof(why), "kernel log: %s", bad);
	if (g.kmsg_fd >= 0)
		close(g.kmsg_fd);
	ASSERT_EQ(0, g.failures) TH_LOG("%s", why);
	ASSERT_EQ(g.refcnt0, umbra_module_refcnt());
	ASSERT_HOST_ALIVE(self->dev_fd);
}

/*
 * Running out of file descriptors: CREATE_VM and CREATE_VCPU fail with
 * EMFILE and leave nothing behind (the module refcount and pinned pages
 * return to where they were).
 */
TEST_F(umbra, fuzz_fd_limit)
{
	struct rlimit old, lim;
	struct rng rng;
	int fds[64], n, i, round, vm, ret, base;
	long refcnt0 = umbra_module_refcnt();
	long pins0 = umbra_pinned_pages();
	unsigned char *ram;

	ram = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ram);
	memset(ram, 0, 4 * PAGE);
	rng_seed(&rng, env_num("UMBRA_FUZZ_SEED", DEFAULT_SEED), 0, 0xfe);
	ASSERT_EQ(0, getrlimit(RLIMIT_NOFILE, &old));
	base = dup(0);
	ASSERT_LE(0, base);
	close(base);		/* the lowest free fd */
	for (round = 0; round < 40; round++) {
		struct umbra_userspace_memory_region m = {
			.slot = 0, .guest_phys_addr = GUEST_RAM_BASE,
			.memory_size = PAGE * (1 + rnd(&rng, 4)),
			.userspace_addr = (uintptr_t)ram,
		};

		/* room for the VM fd and k vCPU fds, or for nothing */
		lim = old;
		lim.rlim_cur = base + rnd(&rng, 4);
		ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &lim));
		n = 0;
		vm = ioctl(self->dev_fd, UMBRA_CREATE_VM,
			   UMBRA_VM_POOL_PAGES(3 + rnd(&rng, 8)));
		if (vm < 0) {
			ASSERT_EQ(EMFILE, errno);
			ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &old));
			continue;
		}
		if (chance(&rng, 50))
			ASSERT_EQ(0, ioctl(vm, UMBRA_SET_USER_MEMORY_REGION,
					   &m));
		for (i = 0; i < UMBRA_MAX_VCPUS; i++) {
			ret = ioctl(vm, UMBRA_CREATE_VCPU, i);
			if (ret < 0) {
				ASSERT_EQ(EMFILE, errno) TH_LOG("vCPU %d", i);
				break;
			}
			fds[n++] = ret;
		}
		ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &old));
		/* the ids that failed are free */
		for (; i < UMBRA_MAX_VCPUS; i++) {
			ret = ioctl(vm, UMBRA_CREATE_VCPU, i);
			ASSERT_LE(0, ret) TH_LOG("vCPU %d after EMFILE: %s", i,
						 strerror(errno));
			fds[n++] = ret;
		}
		if (chance(&rng, 50)) {
			close(vm);	/* the VM before its vCPUs */
			vm = -1;
		}
		for (i = 0; i < n; i++)
			close(fds[i]);
		if (vm >= 0)
			close(vm);
	}
	munmap(ram, 4 * PAGE);
	if (refcnt0 >= 0)
		ASSERT_EQ(refcnt0, umbra_module_refcnt());
	if (pins0 >= 0)
		ASSERT_EQ(pins0, umbra_pinned_pages());
	ASSERT_HOST_ALIVE(self->dev_fd);
}

/* as TEST_HARNESS_MAIN, which cannot set the timeout at run time */
static void __attribute__((constructor)) __constructor_order_last(void)
{
	if (!__constructor_order)
		__constructor_order = _CONSTRUCTOR_ORDER_BACKWARD;
}

int main(int argc, char **argv)
{
	unsigned long n = env_num("UMBRA_FUZZ_SEQUENCES", DEFAULT_SEQUENCES);

	/* about 40 ms a sequence on an emulated board; leave plenty */
	_umbra_fuzz_object.timeout = 300 + n / 4;
	return test_harness_run(argc, argv);
}
