// SPDX-License-Identifier: GPL-2.0
/*
 * umbra target tests: attacker guests (Documentation/hardening.rst,
 * "Attacker guests"). Each test is one entry of the catalogue: an
 * attacker VM runs guest_atk (guest_code.S), a list of hostile operations
 * the test writes into its RAM, next to a victim VM whose RAM holds a
 * pattern. Every attack must fail: the attacker gets a virtual abort
 * (reported by its vectors with GUEST_HC_TRAP), an MMIO exit at an IPA of
 * its own address space, an SMCCC error, or a clean internal-error exit.
 * Afterwards the victim's RAM hashes as before (on the host and in the
 * victim guest), the attacker's RAM outside its scratch areas is
 * unchanged, and a fresh VM still runs.
 *
 * The test program prints one line per attack and, at the end,
 * "umbra-figure: attacks-tried N" (the attacks that ran to a verdict).
 */
#include <elf.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "umbra_test.h"
#include <linux/umbra_hypercall.h>

#define RAM_SIZE	0x100000u	/* one section */
#define RAM_END		(GUEST_RAM_BASE + RAM_SIZE)
#define L1_OFF		0x4000u		/* first-level table A (16 KiB) */
#define L2_OFF		0x8000u		/* 16 second-level tables, 1 KiB */
#define L1B_OFF		0xc000u		/* first-level table B */
#define OPS_OFF		GUEST_ATK_VMM_OPS /* the op list, up to 0x40000 */
#define OPS_MAX		((0x40000u - OPS_OFF) / 12)
#define DATA_A_OFF	0x40000u	/* data pages of the TLB games */
#define DATA_B_OFF	0x50000u
#define SCRATCH_OFF	GUEST_ATTACK_OFF	/* stores to own RAM land here */
#define TTBR0_A		(GUEST_RAM_BASE + L1_OFF)
#define TTBR0_B		(GUEST_RAM_BASE + L1B_OFF)
#define MMIO_FILL	0x3c3c3c3cu	/* what MMIO loads read */
#define MAX_EXITS	40000u
#define FORBIDDEN_END	(UMBRA_FORBIDDEN_BASE + UMBRA_FORBIDDEN_SIZE)

/* victim: guest_mmu_sum hashes [VICTIM_DATA, RAM_SIZE) */
#define VICTIM_DATA	0x8000u

/* Short-descriptor entries (B3.5.1), AP[2:0] = 011, domain 0 */
#define SECT(pa)	((__u32)(pa) | 0x2 | (3u << 10))
#define SECT_NOACC(pa)	((__u32)(pa) | 0x2)
#define SUPER(pa)	((__u32)(pa) | 0x2 | (1u << 18) | (3u << 10))
#define SUPER_EXT	((0xfu << 20) | (0xfu << 5))	/* PA[35:32], PA[39:36] */
#define TABLE(pa)	((__u32)(pa) | 0x1)
#define SMALL(pa)	((__u32)(pa) | 0x2 | (3u << 4))
#define SMALL_NG	(1u << 11)

/* SCTLR bits (B4.1.130) */
#define SCTLR_M		(1u << 0)
#define SCTLR_V		(1u << 13)
#define SCTLR_EE	(1u << 25)
#define SCTLR_TRE	(1u << 28)
#define SCTLR_AFE	(1u << 29)

/* FS[4:0] of a short-descriptor FSR (B4.1.52) */
#define FSR_FS(fsr)	((((fsr) >> 6) & 0x10) | ((fsr) & 0xf))

/* GUEST_HC_TRAP vector offsets */
#define VEC_UND		0x04
#define VEC_SVC		0x08
#define VEC_PABT	0x0c
#define VEC_DABT	0x10

#define SMCCC_INVAL	((__u32)UMBRA_SMCCC_RET_INVALID_PARAMETER)
#define SMCCC_NOTSUP	((__u32)UMBRA_SMCCC_RET_NOT_SUPPORTED)

/* What an op may do; checked against the events the run recorded. */
enum expect {
	EXP_NONE,	/* no event (setup) */
	EXP_MMIO,	/* exactly one MMIO exit at @ipa (loads read MMIO_FILL) */
	EXP_RAM,	/* no exit: a load reads @val from its own RAM */
	EXP_TRAP,	/* a data abort reported by its vectors, FAR = op's a,
			 * FS a permission fault when @val is 0 */
	EXP_REFUSED,	/* an MMIO exit at @ipa or a data abort */
	EXP_STALE,	/* own RAM (a load reads @val or @val2) or an MMIO exit
			 * at @ipa + (a & 0xfff) */
	EXP_RESULT,	/* a GUEST_HC_RESULT with r0 == @val, then, for ERET,
			 * what @val2 says (a GUEST_HC_TRAP vector offset,
			 * 0xff: none, 0x7f: GUEST_HC_THUMB, 0x7e: an
			 * internal-error exit) */
	EXP_INTERNAL,	/* an internal-error exit (@val: suberror, 0: any) */
	EXP_TRAP_ANY,	/* a data abort, FAR = op's a, any FS */
	EXP_CONTAINED,	/* no exit if @ipa is in its RAM, else an MMIO exit at
			 * @ipa or a data abort */
	EXP_VECTOR,	/* one exception, reported through vector @val */
	EXP_HC,		/* hypercall @val reaches the VMM with its arguments
			 * intact; GUEST_HC_RESULT then says @val2 */
};

enum ev_type { EV_MMIO, EV_LOAD, EV_TRAP, EV_RESULT, EV_THUMB, EV_INTERNAL,
	       EV_HC };

struct ev {
	enum ev_type type;
	__u32 op;		/* index of the op that ran */
	__u64 a, b, c, d;
};

struct op_exp {
	enum expect exp;
	__u32 ipa;
	__u32 val, val2;
};

struct attacker {
	struct umbra_vm vm;
	__u32 (*ops)[3];	/* in guest RAM */
	struct op_exp exp[OPS_MAX];
	unsigned int nops;
	struct ev *ev;
	unsigned int nev, nmmio, ntrap, ninternal, max_internal;
	__u8 *snapshot;
	__u32 status;		/* shutdown status, or 0 */
	char err[512];
	/* extra scratch range [scratch_lo, scratch_hi) besides SCRATCH_OFF */
	__u32 scratch_lo, scratch_hi;
	int data_scratch;	/* the data pages A and B are scratch too */
};

/* The number of attacks run to a verdict, counted across the forks. */
static unsigned int *attacks_tried;
static pid_t main_pid;

static void __attribute__((constructor)) attack_count_init(void)
{
	attacks_tried = mmap(NULL, sizeof(*attacks_tried),
			     PROT_READ | PROT_WRITE,
			     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (attacks_tried == MAP_FAILED)
		attacks_tried = NULL;
	main_pid = getpid();
}

static void __attribute__((destructor)) attack_count_print(void)
{
	if (attacks_tried && getpid() == main_pid)
		ksft_print_msg("umbra-figure: attacks-tried %u\n",
			       __atomic_load_n(attacks_tried,
					       __ATOMIC_RELAXED));
}

static __u64 fnv(const __u8 *p, size_t len)
{
	__u64 h = 0xcbf29ce484222325ull;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

static __u32 ror27_hash(const __u8 *p, size_t len)
{
	__u32 h = 0, w;
	size_t i;

	for (i = 0; i < len; i += 4) {
		memcpy(&w, p + i, 4);
		h = ((h >> 27) | (h << 5)) + w;
	}
	return h;
}

static int ipa_in_ram(__u64 ipa)
{
	return ipa >= GUEST_RAM_BASE && ipa < RAM_END;
}

static __u32 ram_word(const __u8 *ram, __u32 off)
{
	__u32 w;

	memcpy(&w, ram + off, 4);
	return w;
}

static __u32 *tbl(struct umbra_vm *vm, __u32 off)
{
	return (__u32 *)(vm->ram + off);
}

FIXTURE(attack) {
	int dev_fd;
	struct umbra_vm victim;
	__u32 vexpect;		/* the victim's guest hash */
	__u64 vhash;		/* FNV of all of the victim's RAM */
	struct attacker *at;
};

/* Run the victim until its next hash report: 0, or -1 (see @err). */
static int victim_pass(struct umbra_vm *v, __u32 expect, char *err,
		       size_t len)
{
	if (umbra_run(v)) {
		snprintf(err, len, "victim: %.200s", umbra_util_err);
		return -1;
	}
	if (v->run->exit_reason != UMBRA_EXIT_HYPERCALL ||
	    v->run->hypercall.nr != GUEST_HC_REPORT) {
		snprintf(err, len, "victim: %s", umbra_exit_str(v->run));
		return -1;
	}
	if (v->run->hypercall.args[0] != expect) {
		snprintf(err, len, "victim: hash %#x, expected %#x",
			 v->run->hypercall.args[0], expect);
		return -1;
	}
	v->run->hypercall.ret[0] = 0;
	return 0;
}

FIXTURE_SETUP(attack)
{
	const struct guest_code vcode = GUEST_CODE(guest_mmu_sum);
	struct umbra_vm *v = &self->victim;
	char err[256];
	__u32 off, w;

	umbra_vm_init(v);
	self->at = NULL;
	self->dev_fd = umbra_open_dev();
	ASSERT_LE(0, self->dev_fd) TH_LOG("%s", umbra_util_err);

	/* the victim: a pattern, hashed by the guest over and over */
	ASSERT_OK(umbra_vm_start(v, self->dev_fd, RAM_SIZE, &vcode));
	tbl(v, L1_OFF)[GUEST_RAM_BASE >> 20] = SECT(GUEST_RAM_BASE);
	for (off = VICTIM_DATA; off < RAM_SIZE; off += 4) {
		w = off * 0x9e3779b1u ^ 0x5eed0000u;
		memcpy(v->ram + off, &w, 4);
	}
	self->vexpect = ror27_hash(v->ram + VICTIM_DATA,
				   RAM_SIZE - VICTIM_DATA);
	ASSERT_OK(umbra_vcpu_set_args(v, TTBR0_A,
				      GUEST_RAM_BASE + VICTIM_DATA,
				      RAM_SIZE - VICTIM_DATA, 0));
	self->vhash = fnv(v->ram, RAM_SIZE);
	/* one pass: its RAM is in its shadow tables during the attack */
	ASSERT_EQ(0, victim_pass(v, self->vexpect, err, sizeof(err)))
		TH_LOG("%s", err);
}

FIXTURE_TEARDOWN(attack)
{
	if (self->at) {
		umbra_vm_destroy(&self->at->vm);
		free(self->at->ev);
		free(self->at->snapshot);
		free(self->at);
	}
	umbra_vm_destroy(&self->victim);
	if (self->dev_fd >= 0)
		close(self->dev_fd);
}

/* A new attacker VM running guest_atk, with an empty op list. */
static int attacker_new(struct attacker **pa, int dev_fd)
{
	const struct guest_code code = GUEST_CODE(guest_atk);
	struct attacker *a = calloc(1, sizeof(*a));

	if (!a)
		return -1;
	*pa = a;
	umbra_vm_init(&a->vm);
	a->ev = calloc(MAX_EXITS, sizeof(*a->ev));
	a->snapshot = malloc(RAM_SIZE);
	if (!a->ev || !a->snapshot)
		return -1;
	if (umbra_vm_start(&a->vm, dev_fd, RAM_SIZE, &code))
		return -1;
	a->ops = (__u32 (*)[3])(a->vm.ram + OPS_OFF);
	/* the RAM megabyte mapped to itself in both tables */
	tbl(&a->vm, L1_OFF)[GUEST_RAM_BASE >> 20] = SECT(GUEST_RAM_BASE);
	tbl(&a->vm, L1B_OFF)[GUEST_RAM_BASE >> 20] = SECT(GUEST_RAM_BASE);
	/* something recognisable to load from its own RAM */
	memset(a->vm.ram + DATA_A_OFF, 0xaa, 0x1000);
	memset(a->vm.ram + DATA_B_OFF, 0xbb, 0x1000);
	memset(a->vm.ram + SCRATCH_OFF, 0x5c, 0x1000);
	return 0;
}

static void attacker_free(struct attacker *a)
{
	if (!a)
		return;
	umbra_vm_destroy(&a->vm);
	free(a->ev);
	free(a->snapshot);
	free(a);
}

/* Append op { @op, @a, @b } expecting @exp (@ipa, @val, @val2). */
static void add_op(struct attacker *at, __u32 op, __u32 a, __u32 b,
		   enum expect exp, __u32 ipa, __u32 val, __u32 val2)
{
	if (at->nops >= OPS_MAX - 1) {
		snprintf(at->err, sizeof(at->err), "op list full");
		return;
	}
	at->ops[at->nops][0] = op;
	at->ops[at->nops][1] = a;
	at->ops[at->nops][2] = b;
	at->exp[at->nops] = (struct op_exp){ exp, ipa, val, val2 };
	at->nops++;
}

#define OP_SETUP(at, op, a, b)	add_op(at, op, a, b, EXP_NONE, 0, 0, 0)
#define CP15(at, reg, v)	OP_SETUP(at, GUEST_ATK_CP15, GUEST_ATK_##reg, v)

/* Load and store at @va, both expecting MMIO exits at @ipa. */
static void ldst_mmio(struct attacker *at, __u32 va, __u32 ipa)
{
	add_op(at, GUEST_ATK_LDR, va, 0, EXP_MMIO, ipa, 0, 0);
	add_op(at, GUEST_ATK_STR, va, GUEST_ATTACK_MARK | (ipa >> 20),
	       EXP_MMIO, ipa, 0, 0);
}

/* Load and store at @va, both expecting a data abort (permission). */
static void ldst_trap(struct attacker *at, __u32 va)
{
	add_op(at, GUEST_ATK_LDR, va, 0, EXP_TRAP, 0, 0, 0);
	add_op(at, GUEST_ATK_STR, va, GUEST_ATTACK_MARK, EXP_TRAP, 0, 0, 0);
}

/* The forbidden range's first and last words of each page. */
static void forbidden_traps(struct attacker *at)
{
	ldst_trap(at, UMBRA_FORBIDDEN_BASE);
	ldst_trap(at, UMBRA_FORBIDDEN_BASE + 0xffc);
	ldst_trap(at, UMBRA_FORBIDDEN_BASE + 0x1000);
	ldst_trap(at, FORBIDDEN_END - 4);
}

/* TTBCR = 0, TTBR0 = table A, DACR all client, TLBIALL, SCTLR.M */
static void mmu_on(struct attacker *at)
{
	CP15(at, TTBCR, 0);
	CP15(at, TTBR0, TTBR0_A);
	CP15(at, DACR, 0x55555555);
	CP15(at, TLBIALL, 0);
	CP15(at, SCTLR_ORR, SCTLR_M);
}

static void ev_add(struct attacker *at, enum ev_type t, __u32 op, __u64 a,
		   __u64 b, __u64 c, __u64 d)
{
	if (at->nev < MAX_EXITS)
		at->ev[at->nev++] = (struct ev){ t, op, a, b, c, d };
}

/* The index of the op the attacker is at (r4 = its IPA). */
static __u32 op_index(__u32 r4)
{
	return (r4 - GUEST_RAM_BASE - OPS_OFF) / 12;
}

static int mode_ok(__u32 cpsr)
{
	switch (cpsr & UMBRA_PSR_MODE_MASK) {
	case UMBRA_PSR_MODE_USR: case UMBRA_PSR_MODE_FIQ:
	case UMBRA_PSR_MODE_IRQ: case UMBRA_PSR_MODE_SVC:
	case UMBRA_PSR_MODE_ABT: case UMBRA_PSR_MODE_UND:
	case UMBRA_PSR_MODE_SYS:
		return !(cpsr & UMBRA_PSR_J);
	}
	return 0;
}

/*
 * The in-test VMM's console hypercalls: the same rule as umbra-vmm's
 * guest_ram_ptr() (vmm/guest_mem.c), the whole buffer in guest RAM.
 */
static __u32 vmm_console(struct attacker *at, __u32 ipa, __u32 len)
{
	__u64 end = (__u64)ipa + len;

	if (ipa < GUEST_RAM_BASE || end > RAM_END || !len)
		return SMCCC_INVAL;
	(void)at;
	return 0;
}

/*
 * Run the attacker until it shuts down, an error, MAX_EXITS, or more
 * than at->max_internal internal-error exits (after each one the run goes
 * on at guest_atk_next, SVC mode). 0, or -1 with at->err set.
 */
static int attacker_run(struct attacker *at)
{
	struct umbra_vm *vm = &at->vm;
	struct umbra_run *run = vm->run;
	struct umbra_regs regs;
	unsigned int n;
	__u32 op, nr;

	add_op(at, GUEST_ATK_END, 0, 0, EXP_NONE, 0, 0, 0);
	if (at->err[0])
		return -1;
	if (umbra_vcpu_set_args(vm, GUEST_RAM_BASE + OPS_OFF, 0, 0, 0)) {
		snprintf(at->err, sizeof(at->err), "%s", umbra_util_err);
		return -1;
	}
	memcpy(at->snapshot, vm->ram, RAM_SIZE);
	for (n = 0; n < MAX_EXITS; n++) {
		if (umbra_run(vm) || umbra_get_regs(vm, &regs)) {
			snprintf(at->err, sizeof(at->err), "exit %u: %s", n,
				 umbra_util_err);
			return -1;
		}
		if (!mode_ok(regs.cpsr)) {
			snprintf(at->err, sizeof(at->err),
				 "exit %u: CPSR %#x: %s", n, regs.cpsr,
				 umbra_exit_str(run));
			return -1;
		}
		op = op_index(regs.usr_regs[4]);
		switch (run->exit_reason) {
		case UMBRA_EXIT_SHUTDOWN:
			at->status = run->shutdown.status;
			return 0;
		case UMBRA_EXIT_MMIO:
			at->nmmio++;
			ev_add(at, EV_MMIO, op, run->mmio.phys_addr,
			       run->mmio.is_write, run->mmio.len, 0);
			if (!run->mmio.is_write)
				memset(run->mmio.data, 0x3c,
				       sizeof(run->mmio.data));
			continue;
		case UMBRA_EXIT_HYPERCALL:
			nr = run->hypercall.nr;
			run->hypercall.ret[0] = 0;
			if (nr == GUEST_HC_LOAD) {
				ev_add(at, EV_LOAD, op, run->hypercall.args[0],
				       run->hypercall.args[1], 0, 0);
			} else if (nr == GUEST_HC_TRAP) {
				at->ntrap++;
				ev_add(at, EV_TRAP,
				       op_index(run->hypercall.args[3]),
				       run->hypercall.args[0],
				       run->hypercall.args[1],
				       run->hypercall.args[2], regs.cpsr);
			} else if (nr == GUEST_HC_RESULT) {
				ev_add(at, EV_RESULT, op,
				       run->hypercall.args[0],
				       run->hypercall.args[1], 0, 0);
			} else if (nr == GUEST_HC_THUMB) {
				ev_add(at, EV_THUMB, op, regs.cpsr, regs.pc,
				       0, 0);
			} else {
				ev_add(at, EV_HC, op, nr,
				       run->hypercall.args[0],
				       run->hypercall.args[1],
				       run->hypercall.args[5]);
				if (nr == UMBRA_HC_CONSOLE_WRITE ||
				    nr == UMBRA_HC_CONSOLE_READ)
					run->hypercall.ret[0] =
						vmm_console(at,
							run->hypercall.args[0],
							run->hypercall.args[1]);
				else
					run->hypercall.ret[0] = SMCCC_NOTSUP;
			}
			continue;
		case UMBRA_EXIT_INTERNAL_ERROR:
			at->ninternal++;
			ev_add(at, EV_INTERNAL, op, run->internal.suberror,
			       run->internal.data[0], run->internal.data[1],
			       run->internal.data[2]);
			if (at->ninternal > at->max_internal) {
				snprintf(at->err, sizeof(at->err),
					 "op %u: %s", op, umbra_exit_str(run));
				return -1;
			}
			regs.pc = (__u32)(guest_atk_next - guest_atk_start) +
				  GUEST_RAM_BASE;
			regs.cpsr = GUEST_CPSR;
			if (umbra_set_regs(vm, &regs)) {
				snprintf(at->err, sizeof(at->err), "%s",
					 umbra_util_err);
				return -1;
			}
			continue;
		default:
			snprintf(at->err, sizeof(at->err), "op %u: %s", op,
				 umbra_exit_str(run));
			return -1;
		}
	}
	snprintf(at->err, sizeof(at->err), "still running after %u exits", n);
	return -1;
}

static int fs_permission(__u32 fsr)
{
	return FSR_FS(fsr) == 0x0d || FSR_FS(fsr) == 0x0f;
}

/*
 * Check each op's events against its expectation; the first mismatch in
 * @err (empty: all as expected).
 */
static void attacker_check(struct attacker *at, char *err, size_t len)
{
	unsigned int i = 0, e = 0, nev, k;
	int exited;
	const struct ev *ev;
	const struct op_exp *x;
	__u32 a, kind;

	err[0] = 0;
#define FAIL(fmt, ...) do { \
	snprintf(err, len, "op %u {%u, %#x, %#x}: " fmt, i, \
		 at->ops[i][0], at->ops[i][1], at->ops[i][2], ##__VA_ARGS__); \
	return; \
} while (0)
	for (i = 0; i < at->nops; i++) {
		x = &at->exp[i];
		a = at->ops[i][1];
		ev = &at->ev[e];
		for (nev = 0; e + nev < at->nev && ev[nev].op == i; nev++)
			;
		/* an ERET's return may report from the next op */
		e += nev;
		for (k = 0; k < nev; k++) {
			if (ev[k].type == EV_MMIO && ipa_in_ram(ev[k].a))
				FAIL("MMIO exit for own RAM %#llx",
				     (unsigned long long)ev[k].a);
		}
		kind = nev && ev[0].type == EV_TRAP ? ev[0].a : 0;
		switch (x->exp) {
		case EXP_NONE:
			if (nev)
				FAIL("%u events, first type %d a %#llx b %#llx",
				     nev, ev[0].type,
				     (unsigned long long)ev[0].a,
				     (unsigned long long)ev[0].b);
			break;
		case EXP_MMIO:
			if (!nev || ev[0].type != EV_MMIO ||
			    ev[0].a != x->ipa)
				FAIL("expected an MMIO exit at %#x (%u events, first type %d a %#llx)",
				     x->ipa, nev, nev ? (int)ev[0].type : -1,
				     nev ? (unsigned long long)ev[0].a : 0);
			if (at->ops[i][0] == GUEST_ATK_LDR &&
			    (nev != 2 || ev[1].type != EV_LOAD ||
			     ev[1].b != MMIO_FILL))
				FAIL("the load did not read the MMIO data");
			if (at->ops[i][0] == GUEST_ATK_STR &&
			    (nev != 1 || !ev[0].b))
				FAIL("not one MMIO write");
			break;
		case EXP_RAM:
			if (at->ops[i][0] == GUEST_ATK_LDR &&
			    (nev != 1 || ev[0].type != EV_LOAD ||
			     ev[0].b != x->val))
				FAIL("expected to load %#x from own RAM (%u events, %#llx)",
				     x->val, nev,
				     nev ? (unsigned long long)ev[0].b : 0);
			if (at->ops[i][0] != GUEST_ATK_LDR && nev)
				FAIL("%u events", nev);
			break;
		case EXP_TRAP:
		case EXP_TRAP_ANY:
			if (nev != 1 || kind != VEC_DABT || ev[0].b != a ||
			    (x->exp == EXP_TRAP && !fs_permission(ev[0].c)))
				FAIL("expected a data abort (%u events, first type %d, vector %#x, FAR %#llx, FSR %#llx)",
				     nev, nev ? (int)ev[0].type : -1, kind,
				     nev ? (unsigned long long)ev[0].b : 0,
				     nev ? (unsigned long long)ev[0].c : 0);
			break;
		case EXP_REFUSED:
			if (!(nev >= 1 && ev[0].type == EV_MMIO &&
			      ev[0].a == x->ipa) &&
			    !(nev == 1 && kind == VEC_DABT))
				FAIL("not refused (%u events, first type %d)",
				     nev, nev ? (int)ev[0].type : -1);
			break;
		case EXP_CONTAINED:
			exited = 0;
			for (k = 0; k < nev; k++)
				exited |= ev[k].type == EV_MMIO ||
					  ev[k].type == EV_TRAP;
			if (!exited && !ipa_in_ram(x->ipa))
				FAIL("no exit for IPA %#x", x->ipa);
			if (nev && ev[0].type == EV_MMIO &&
			    ev[0].a != x->ipa)
				FAIL("MMIO exit at %#llx, expected %#x",
				     (unsigned long long)ev[0].a, x->ipa);
			if (nev && ev[0].type == EV_TRAP && kind != VEC_DABT)
				FAIL("vector %#x", kind);
			break;
		case EXP_STALE:
			for (k = 0; k < nev; k++) {
				if (ev[k].type == EV_MMIO &&
				    ev[k].a != x->ipa + (a & 0xfff))
					FAIL("MMIO exit at %#llx",
					     (unsigned long long)ev[k].a);
				if (ev[k].type == EV_LOAD &&
				    ev[k].b != x->val && ev[k].b != x->val2 &&
				    ev[k].b != MMIO_FILL)
					FAIL("loaded %#llx",
					     (unsigned long long)ev[k].b);
				if (ev[k].type != EV_MMIO &&
				    ev[k].type != EV_LOAD)
					FAIL("event type %d", ev[k].type);
			}
			break;
		case EXP_RESULT:
			if (!nev || ev[0].type != EV_RESULT ||
			    ev[0].b != x->val)
				FAIL("expected result %#x (%u events, first type %d, %#llx)",
				     x->val, nev, nev ? (int)ev[0].type : -1,
				     nev ? (unsigned long long)ev[0].b : 0);
			if (x->val2 == 0xff && nev != 1)
				FAIL("%u events after the result", nev - 1);
			if (x->val2 == 0x7f &&
			    (nev != 2 || ev[1].type != EV_THUMB ||
			     !(ev[1].a & UMBRA_PSR_T)))
				FAIL("expected GUEST_HC_THUMB in Thumb state");
			if (x->val2 == 0x7e &&
			    (nev != 2 || ev[1].type != EV_INTERNAL))
				FAIL("expected an internal-error exit");
			if (x->val2 < 0x20 &&
			    (nev != 2 || ev[1].type != EV_TRAP ||
			     ev[1].a != x->val2))
				FAIL("expected vector %#x (%u events, type %d, vector %#llx)",
				     x->val2, nev,
				     nev > 1 ? (int)ev[1].type : -1,
				     nev > 1 ? (unsigned long long)ev[1].a : 0);
			break;
		case EXP_VECTOR:
			if (nev != 1 || kind != x->val)
				FAIL("expected vector %#x (%u events, first type %d, vector %#x)",
				     x->val, nev, nev ? (int)ev[0].type : -1, kind);
			break;
		case EXP_HC:
			if (nev != 2 || ev[0].type != EV_HC ||
			    ev[0].a != x->val || ev[0].b != at->ops[i][2] ||
			    ev[0].c != 0xfffffffc || ev[0].d != 0xffff2000)
				FAIL("expected hypercall %#x (%u events, first type %d, %#llx %#llx %#llx %#llx)",
				     x->val, nev, nev ? (int)ev[0].type : -1,
				     nev ? (unsigned long long)ev[0].a : 0,
				     nev ? (unsigned long long)ev[0].b : 0,
				     nev ? (unsigned long long)ev[0].c : 0,
				     nev ? (unsigned long long)ev[0].d : 0);
			if (ev[1].type != EV_RESULT || ev[1].b != x->val2)
				FAIL("result %#llx, expected %#x",
				     (unsigned long long)ev[1].b, x->val2);
			break;
		case EXP_INTERNAL:
			if (nev < 1 || ev[0].type != EV_INTERNAL ||
			    (x->val && ev[0].a != x->val))
				FAIL("expected an internal-error exit (%u events, first type %d)",
				     nev, nev ? (int)ev[0].type : -1);
			break;
		}
	}
	if (e != at->nev)
		snprintf(err, len, "%u events after the last op",
			 at->nev - e);
#undef FAIL
}

/* The attacker's RAM outside the scratch areas is as before the run. */
static int attacker_ram_same(struct attacker *at, char *err, size_t len)
{
	__u32 off;

	for (off = 0; off < RAM_SIZE; off++) {
		if (off >= SCRATCH_OFF && off < SCRATCH_OFF + 0x1000)
			continue;
		if (off >= at->scratch_lo && off < at->scratch_hi)
			continue;
		if (at->data_scratch && off >= DATA_A_OFF &&
		    off < DATA_B_OFF + 0x1000)
			continue;
		if (at->vm.ram[off] != at->snapshot[off]) {
			snprintf(err, len, "attacker RAM changed at %#x", off);
			return 0;
		}
	}
	return 1;
}

/* New attacker in self->at (the previous one freed). */
#define ATTACKER_NEW() do { \
	attacker_free(self->at); \
	self->at = NULL; \
	ASSERT_EQ(0, attacker_new(&self->at, self->dev_fd)) \
		TH_LOG("%s", umbra_util_err); \
} while (0)

/*
 * Run self->at, check its ops, and that nothing else changed; print the
 * outcome line of @name.
 */
#define ATTACK_RUN_CHECK(name) do { \
	struct attacker *__a = self->at; \
	char __err[512]; \
	int __ok; \
	__ok = !attacker_run(__a); \
	EXPECT_TRUE(__ok) TH_LOG("%s", __a->err); \
	if (__ok) \
		EXPECT_EQ(GUEST_OK, __a->status) \
			TH_LOG("attacker shutdown status %#x", __a->status); \
	attacker_check(__a, __err, sizeof(__err)); \
	EXPECT_STREQ("", __err); \
	if (__err[0]) \
		__ok = 0; \
	if (!attacker_ram_same(__a, __err, sizeof(__err))) { \
		__ok = 0; \
		EXPECT_STREQ("", __err); \
	} \
	ksft_print_msg("attack %s: %u ops, %u MMIO exits, %u aborts, %u internal-error exits: %s\n", \
		       (name), __a->nops, __a->nmmio, __a->ntrap, \
		       __a->ninternal, __ok ? "refused" : "NOT REFUSED"); \
	fflush(stdout); \
} while (0)

/* The victim unchanged, a fresh VM runs; count the attack. */
#define ATTACK_DONE() do { \
	char __err[256]; \
	EXPECT_EQ(self->vhash, fnv(self->victim.ram, RAM_SIZE)) \
		TH_LOG("the victim's RAM changed"); \
	EXPECT_EQ(0, victim_pass(&self->victim, self->vexpect, __err, \
				 sizeof(__err))) TH_LOG("%s", __err); \
	ASSERT_HOST_ALIVE(self->dev_fd); \
	if (attacks_tried) \
		__atomic_add_fetch(attacks_tried, 1, __ATOMIC_RELAXED); \
} while (0)

/*
 * Another VM's memory by IPA, MMU off: a load and a store at every
 * megabyte of the IPA space outside its RAM exit as MMIO at that IPA; its
 * own megabyte is its own RAM.
 */
TEST_F_TIMEOUT(attack, ipa_outside_ram, 300)
{
	struct attacker *at;
	char err[512];
	__u32 m, ipa;

	ATTACKER_NEW();
	at = self->at;
	for (m = 0; m < 4096; m++) {
		ipa = (m << 20) | SCRATCH_OFF;
		if (m == GUEST_RAM_BASE >> 20) {
			add_op(at, GUEST_ATK_LDR, ipa + 0x100, 0, EXP_RAM, 0,
			       0x5c5c5c5c, 0);
			add_op(at, GUEST_ATK_STR, ipa, GUEST_ATTACK_MARK,
			       EXP_RAM, 0, 0, 0);
			continue;
		}
		ldst_mmio(at, ipa, ipa);
	}
	/* just past its RAM, and the last word of the IPA space */
	ldst_mmio(at, RAM_END, RAM_END);
	ldst_mmio(at, 0xfffffffc, 0xfffffffc);
	ATTACK_RUN_CHECK("ipa_outside_ram");
	EXPECT_EQ(GUEST_ATTACK_MARK, ram_word(at->vm.ram, SCRATCH_OFF));
	/* the checker can fail: a wrong IPA, a wrong value are caught */
	at->exp[2].ipa ^= 0x1000;
	attacker_check(at, err, sizeof(err));
	EXPECT_STRNE("", err);
	at->exp[2].ipa ^= 0x1000;
	at->exp[0x400 * 2].val ^= 1;
	attacker_check(at, err, sizeof(err));
	EXPECT_STRNE("", err);
	at->exp[0x400 * 2].val ^= 1;
	attacker_check(at, err, sizeof(err));
	EXPECT_STREQ("", err);
	ATTACK_DONE();
}

/*
 * Its own page tables: small pages at VA 0xc0000000 (a host kernel
 * address) pointing at every megabyte of the IPA space; supersections
 * with PA[39:32] set; every access an MMIO exit at the 32-bit IPA, own
 * RAM, or a data abort.
 */
TEST_F_TIMEOUT(attack, own_tables_every_megabyte, 300)
{
	struct attacker *at;
	__u32 *l1, *l2, m, k, va, ipa;

	ATTACKER_NEW();
	at = self->at;
	l1 = tbl(&at->vm, L1_OFF);
	l2 = tbl(&at->vm, L2_OFF);
	for (k = 0; k < 16; k++)
		l1[0xc00 + k] = TABLE(GUEST_RAM_BASE + L2_OFF + k * 0x400);
	for (m = 0; m < 4096; m++)
		l2[m] = SMALL((m << 20) | SCRATCH_OFF);
	for (k = 0; k < 16; k++) {
		l1[0xd00 + k] = SUPER(GUEST_RAM_BASE) | SUPER_EXT;
		l1[0xe00 + k] = SUPER(0xff000000) | SUPER_EXT;
	}
	mmu_on(at);
	for (m = 0; m < 4096; m++) {
		va = 0xc0000000 + (m << 12);
		ipa = (m << 20) | SCRATCH_OFF;
		if (m == GUEST_RAM_BASE >> 20) {
			add_op(at, GUEST_ATK_LDR, va + 0x100, 0, EXP_RAM, 0,
			       0x5c5c5c5c, 0);
			add_op(at, GUEST_ATK_STR, va, GUEST_ATTACK_MARK,
			       EXP_RAM, 0, 0, 0);
			continue;
		}
		ldst_mmio(at, va, ipa);
	}
	for (k = 0; k < 16; k++) {
		va = 0xd0000000 + (k << 20) + SCRATCH_OFF;
		ipa = GUEST_RAM_BASE + (k << 20) + SCRATCH_OFF;
		add_op(at, GUEST_ATK_LDR, va, 0, EXP_CONTAINED, ipa, 0, 0);
		add_op(at, GUEST_ATK_STR, va, GUEST_ATTACK_MARK,
		       EXP_CONTAINED, ipa, 0, 0);
	}
	/* IPA 0xffff2000-0xffff3fff: an address, not the forbidden VAs */
	for (va = 0xe0ff2000; va < 0xe0ff4000; va += 0x1000) {
		ipa = va - 0xe0000000 + 0xff000000;
		add_op(at, GUEST_ATK_LDR, va, 0, EXP_CONTAINED, ipa, 0, 0);
		add_op(at, GUEST_ATK_STR, va, GUEST_ATTACK_MARK,
		       EXP_CONTAINED, ipa, 0, 0);
	}
	ATTACK_RUN_CHECK("own_tables_every_megabyte");
	ATTACK_DONE();
}

/* A shared region it only reads: its stores are refused. */
TEST_F(attack, shared_region_reader)
{
	struct umbra_userspace_memory_region r = {
		.slot = 1,
		.memory_size = 0x4000,
	};
	struct umbra_vm writer;
	struct attacker *at;
	__u64 bhash;
	__u8 *buf;
	__u32 i;

	buf = mmap(NULL, 0x4000, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, buf);
	for (i = 0; i < 0x4000; i++)
		buf[i] = i * 7 + 1;
	bhash = fnv(buf, 0x4000);
	r.userspace_addr = (uintptr_t)buf;
	/*
	 * A second victim writes it at 0x50000000 (regions are fixed once a
	 * vCPU ran, so not the running victim), the attacker reads it at
	 * 0x60000000.
	 */
	umbra_vm_init(&writer);
	ASSERT_OK(umbra_vm_create(&writer, self->dev_fd, 0x10000));
	r.flags = UMBRA_MEM_SHARED;
	r.guest_phys_addr = 0x50000000;
	ASSERT_EQ(0, ioctl(writer.vm_fd, UMBRA_SET_USER_MEMORY_REGION, &r));
	ATTACKER_NEW();
	at = self->at;
	r.flags = UMBRA_MEM_SHARED | UMBRA_MEM_READONLY;
	r.guest_phys_addr = 0x60000000;
	ASSERT_EQ(0, ioctl(at->vm.vm_fd, UMBRA_SET_USER_MEMORY_REGION, &r));

	add_op(at, GUEST_ATK_LDR, 0x60000010, 0, EXP_RAM, 0,
	       ram_word(buf, 0x10), 0);
	add_op(at, GUEST_ATK_STR, 0x60000010, 0xbad, EXP_REFUSED,
	       0x60000010, 0, 0);
	add_op(at, GUEST_ATK_STR, 0x60003ffc, 0xbad, EXP_REFUSED,
	       0x60003ffc, 0, 0);
	add_op(at, GUEST_ATK_LDR, 0x60000010, 0, EXP_RAM, 0,
	       ram_word(buf, 0x10), 0);
	/* through its own tables, a section with full access */
	tbl(&at->vm, L1_OFF)[0x700] = SECT(0x60000000);
	mmu_on(at);
	add_op(at, GUEST_ATK_LDR, 0x70000020, 0, EXP_RAM, 0,
	       ram_word(buf, 0x20), 0);
	add_op(at, GUEST_ATK_STR, 0x70000020, 0xbad, EXP_REFUSED,
	       0x60000020, 0, 0);
	add_op(at, GUEST_ATK_STR, 0x70000020, 0xbad, EXP_REFUSED,
	       0x60000020, 0, 0);
	add_op(at, GUEST_ATK_LDR, 0x70000020, 0, EXP_RAM, 0,
	       ram_word(buf, 0x20), 0);
	ATTACK_RUN_CHECK("shared_region_reader");
	EXPECT_EQ(bhash, fnv(buf, 0x4000)) TH_LOG("the shared data changed");
	ATTACK_DONE();
	attacker_free(self->at);
	self->at = NULL;
	umbra_vm_destroy(&writer);
	munmap(buf, 0x4000);
}

/*
 * The monitor's forbidden range 0xffff2000-0xffff3fff: direct accesses
 * with the MMU off and on, its tables mapping those VAs to its own RAM
 * (sections and pages), and IPAs there through another VA.
 */
TEST_F(attack, forbidden_range)
{
	struct attacker *at;
	__u32 *l1;

	ATTACKER_NEW();
	at = self->at;
	l1 = tbl(&at->vm, L1_OFF);
	forbidden_traps(at);
	/* its own RAM at the forbidden VAs, a section */
	l1[0xfff] = SECT(GUEST_RAM_BASE);
	mmu_on(at);
	forbidden_traps(at);
	/* ... then pages: L1[0xfff] -> L2 (table 0), pages 0xf2, 0xf3 */
	tbl(&at->vm, L2_OFF)[0xf2] = SMALL(GUEST_RAM_BASE + SCRATCH_OFF);
	tbl(&at->vm, L2_OFF)[0xf3] = SMALL(GUEST_RAM_BASE + SCRATCH_OFF);
	tbl(&at->vm, L2_OFF)[0xf0] = SMALL(GUEST_RAM_BASE + DATA_A_OFF);
	OP_SETUP(at, GUEST_ATK_STR, TTBR0_A + 0xfff * 4,
		 TABLE(GUEST_RAM_BASE + L2_OFF));
	CP15(at, TLBIALL, 0);
	add_op(at, GUEST_ATK_LDR, 0xffff0000, 0, EXP_RAM, 0, 0xaaaaaaaa, 0);
	forbidden_traps(at);
	/* IPAs 0xffff2000-0xffff3fff through VA 0x50000000: not RAM */
	l1[0x500] = SECT(0xfff00000);
	CP15(at, TLBIALL, 0);
	ldst_mmio(at, 0x500f2000, UMBRA_FORBIDDEN_BASE);
	ldst_mmio(at, 0x500f3ffc, FORBIDDEN_END - 4);
	at->scratch_lo = L1_OFF + 0xfff * 4;
	at->scratch_hi = at->scratch_lo + 4;
	ATTACK_RUN_CHECK("forbidden_range");
	ATTACK_DONE();
}

/* Host kernel addresses (the lowmem map at 0xc0000000, the vectors page). */
TEST_F(attack, host_kernel_addresses)
{
	static const __u32 va[] = { 0xc0000000, 0xc0008000, 0xc0100000,
				    0xdffffffc, 0xe0000000, 0xffff0000,
				    0xffff0ffc, 0xffff1000, 0xffff4000 };
	struct attacker *at;
	__u32 i, *l1;

	ATTACKER_NEW();
	at = self->at;
	l1 = tbl(&at->vm, L1_OFF);
	for (i = 0; i < ARRAY_SIZE(va); i++)
		ldst_mmio(at, va[i], va[i]);
	forbidden_traps(at);
	for (i = 0xc00; i < 0x1000; i++)
		l1[i] = SECT(i << 20);
	mmu_on(at);
	for (i = 0; i < ARRAY_SIZE(va); i++)
		ldst_mmio(at, va[i], va[i]);
	forbidden_traps(at);
	ATTACK_RUN_CHECK("host_kernel_addresses");
	ATTACK_DONE();
}

/*
 * The IPAs of the host's devices on the virt board (GIC distributor and
 * CPU interface, PL011, PL031, virtio-mmio): MMIO exits to the VMM, never
 * an access to the device.
 */
TEST_F(attack, host_device_mmio)
{
	static const __u32 ipa[] = { 0x08000000, 0x08000100, 0x08010000,
				     0x09000000, 0x09000018, 0x09010000,
				     0x0a000000, 0x0a003e00, 0x1c090000,
				     0x2c002000 };
	struct attacker *at;
	__u32 i, *l1;

	ATTACKER_NEW();
	at = self->at;
	l1 = tbl(&at->vm, L1_OFF);
	for (i = 0; i < ARRAY_SIZE(ipa); i++)
		ldst_mmio(at, ipa[i], ipa[i]);
	/* through its own tables at VA 0x50000000 + n MiB */
	for (i = 0; i < ARRAY_SIZE(ipa); i++)
		l1[0x500 + i] = SECT(ipa[i] & 0xfff00000);
	mmu_on(at);
	for (i = 0; i < ARRAY_SIZE(ipa); i++)
		ldst_mmio(at, 0x50000000 + (i << 20) + (ipa[i] & 0xfffff),
			  ipa[i]);
	ATTACK_RUN_CHECK("host_device_mmio");
	ATTACK_DONE();
}

/*
 * TLB staleness: change a page table entry (VA 0x50000000 -> own page A)
 * to point just past its RAM without TLB maintenance, switch TTBR0 and
 * CONTEXTIDR (ASIDs 1, 2) back and forth; every access lands in its own
 * pages A or B or exits as MMIO at the new IPA, and after TLBIASID or
 * TLBIALL the new entry holds.
 */
TEST_F(attack, tlb_stale_asid)
{
	const __u32 pte_va = GUEST_RAM_BASE + L2_OFF;	/* L2a[0] */
	const __u32 past = RAM_END;
	const __u32 va = 0x50000000;
	struct attacker *at;
	__u32 round;

	ATTACKER_NEW();
	at = self->at;
	tbl(&at->vm, L1_OFF)[0x500] = TABLE(GUEST_RAM_BASE + L2_OFF);
	tbl(&at->vm, L1B_OFF)[0x500] = TABLE(GUEST_RAM_BASE + L2_OFF + 0x400);
	tbl(&at->vm, L2_OFF)[0] = SMALL(GUEST_RAM_BASE + DATA_A_OFF) |
				  SMALL_NG;
	tbl(&at->vm, L2_OFF + 0x400)[0] = SMALL(GUEST_RAM_BASE + DATA_B_OFF) |
					  SMALL_NG;
	CP15(at, CONTEXTIDR, 1);
	mmu_on(at);
	add_op(at, GUEST_ATK_LDR, va, 0, EXP_RAM, 0, 0xaaaaaaaa, 0);
	for (round = 0; round < 4; round++) {
		/* A's entry now points past RAM; no TLB maintenance */
		OP_SETUP(at, GUEST_ATK_STR, pte_va,
			 SMALL(round & 1 ? UMBRA_FORBIDDEN_BASE : past) |
			 SMALL_NG);
#define STALE(ipa) \
	add_op(at, GUEST_ATK_LDR, va + 0x10, 0, EXP_STALE, (ipa), \
	       0xaaaaaaaa, 0xbbbbbbbb)
		STALE(round & 1 ? UMBRA_FORBIDDEN_BASE : past);
		CP15(at, CONTEXTIDR, 2);
		CP15(at, TTBR0, TTBR0_B);
		STALE(round & 1 ? UMBRA_FORBIDDEN_BASE : past);
		CP15(at, CONTEXTIDR, 1);
		CP15(at, TTBR0, TTBR0_A);
		STALE(round & 1 ? UMBRA_FORBIDDEN_BASE : past);
		add_op(at, GUEST_ATK_STR, va + 0x20, GUEST_ATTACK_MARK,
		       EXP_STALE, round & 1 ? UMBRA_FORBIDDEN_BASE : past,
		       0, 0);
		CP15(at, CONTEXTIDR, 2);
		CP15(at, TTBR0, TTBR0_B);
		add_op(at, GUEST_ATK_STR, va + 0x20, GUEST_ATTACK_MARK,
		       EXP_STALE, round & 1 ? UMBRA_FORBIDDEN_BASE : past,
		       0, 0);
		/* ASID 2 (table B) is clean: it reads page B */
		CP15(at, TLBIASID, 2);
		add_op(at, GUEST_ATK_LDR, va + 0x30, 0, EXP_RAM, 0,
		       0xbbbbbbbb, 0);
		CP15(at, CONTEXTIDR, 1);
		CP15(at, TTBR0, TTBR0_A);
		/* after TLBIASID 1 the new entry holds */
		CP15(at, TLBIASID, 1);
		add_op(at, GUEST_ATK_LDR, va + 0x40, 0, EXP_MMIO,
		       (round & 1 ? UMBRA_FORBIDDEN_BASE : past) + 0x40, 0, 0);
		/* back to page A, again without maintenance */
		OP_SETUP(at, GUEST_ATK_STR, pte_va,
			 SMALL(GUEST_RAM_BASE + DATA_A_OFF) | SMALL_NG);
		STALE(round & 1 ? UMBRA_FORBIDDEN_BASE : past);
		CP15(at, TLBIALL, 0);
		add_op(at, GUEST_ATK_LDR, va + 0x50, 0, EXP_RAM, 0,
		       0xaaaaaaaa, 0);
#undef STALE
	}
	/* L2a[0] and the stores through the stale entries */
	at->scratch_lo = L2_OFF;
	at->scratch_hi = L2_OFF + 4;
	at->data_scratch = 1;
	ATTACK_RUN_CHECK("tlb_stale_asid");
	/* stores that did not exit landed in page A or B, word 0x20 */
	EXPECT_EQ(0, memcmp(at->snapshot + DATA_A_OFF, at->vm.ram + DATA_A_OFF,
			    0x20));
	ATTACK_DONE();
}

/*
 * Crafted exception returns (svc #1: PC = LR, CPSR = SPSR): SPSRs with
 * Hyp, Monitor, invalid modes, J (Jazelle, or with T ThumbEE) are refused
 * by UMBRA_HC_SET_SPSR (E, the guest's SETEND state, is allowed)
 * and svc #1 then never enters them; allowed SPSRs return into the
 * forbidden range (a prefetch abort), outside RAM (a clean internal
 * error), into User mode (no more hypercalls), into Thumb state.
 */
TEST_F(attack, exception_return_hostile)
{
	static const __u32 bad[] = { 0x1a, 0x16, 0x00, 0x15, 0x1e, 0x1c,
				     0x1d3 | UMBRA_PSR_J,
				     0x1d3 | UMBRA_PSR_J | UMBRA_PSR_T,
				     0xffffffff, 0x11a };
	const __u32 next = GUEST_RAM_BASE +
			   (__u32)(guest_atk_next - guest_atk_start);
	struct attacker *at;
	__u32 i;

	ATTACKER_NEW();
	at = self->at;
	at->max_internal = 2;
	/* a valid SPSR_svc first, so a refused write leaves that one */
	add_op(at, GUEST_ATK_ERET, 0x1d3, GUEST_ATK_RET_NEXT, EXP_RESULT, 0,
	       0, 0xff);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		add_op(at, GUEST_ATK_ERET, bad[i], GUEST_ATK_RET_NEXT,
		       EXP_RESULT, 0, SMCCC_INVAL, 0xff);
	/* A, I, F unmasked: allowed, nothing to take */
	add_op(at, GUEST_ATK_ERET, 0x13, GUEST_ATK_RET_NEXT, EXP_RESULT, 0,
	       0, 0xff);
	/* into the forbidden range, privileged and User */
	add_op(at, GUEST_ATK_ERET, 0x1d3, UMBRA_FORBIDDEN_BASE, EXP_RESULT,
	       0, 0, VEC_PABT);
	add_op(at, GUEST_ATK_ERET, 0x1d0, FORBIDDEN_END - 4, EXP_RESULT, 0,
	       0, VEC_PABT);
	/* outside RAM, at the GIC's address: a prefetch nobody serves */
	add_op(at, GUEST_ATK_ERET, 0x1d3, 0x08000000, EXP_RESULT, 0, 0,
	       0x7e);
	add_op(at, GUEST_ATK_ERET, 0x1d3, 0xc0008000, EXP_RESULT, 0, 0,
	       0x7e);
	/* unaligned return address: aligned down to the next op */
	add_op(at, GUEST_ATK_ERET, 0x1d3, next + 2, EXP_RESULT, 0, 0, 0xff);
	/* Thumb */
	add_op(at, GUEST_ATK_ERET, 0x1f3, GUEST_ATK_RET_THUMB, EXP_RESULT, 0,
	       0, 0x7f);
	/* User mode: its next "hypercall" is a system call (SVC vector) */
	add_op(at, GUEST_ATK_ERET, 0x1d0, GUEST_ATK_RET_NEXT, EXP_RESULT, 0,
	       0, 0xff);
	add_op(at, GUEST_ATK_LDR, GUEST_RAM_BASE + DATA_A_OFF, 0,
	       EXP_VECTOR, 0, VEC_SVC, 0);
	ATTACK_RUN_CHECK("exception_return_hostile");
	ATTACK_DONE();
}

/*
 * CP15 writes with hostile values, each followed by accesses: SCTLR with
 * EE, TRE; DACR with every domain manager over no-access entries;
 * TTBCR.N = 1 with TTBR1 outside RAM and at the forbidden IPAs; VBAR in
 * the forbidden range and outside RAM; SCTLR.AFE; SCTLR.V (high vectors)
 * last.
 */
TEST_F(attack, cp15_hostile)
{
	static const __u32 vbar[] = { UMBRA_FORBIDDEN_BASE, 0x08000000,
				      0xc0000000, 0xffff0000,
				      GUEST_RAM_BASE - 0x20 };
	static const __u32 ttbr1[] = { 0x09000000, 0xffff0000, 0x80000000,
				       0x00000000, TTBR0_A };
	struct attacker *at;
	__u32 i, *l1;

	ATTACKER_NEW();
	at = self->at;
	l1 = tbl(&at->vm, L1_OFF);
	at->max_internal = ARRAY_SIZE(vbar) + 4;

	/* SCTLR: big-endian exceptions, TEX remap */
	CP15(at, SCTLR_ORR, SCTLR_EE | SCTLR_TRE);
	add_op(at, GUEST_ATK_LDR, GUEST_RAM_BASE + DATA_A_OFF, 0, EXP_RAM, 0,
	       0xaaaaaaaa, 0);
	ldst_mmio(at, 0x08000000, 0x08000000);
	forbidden_traps(at);

	/* DACR: all manager, entries with AP = 000 */
	l1[0x500] = SECT_NOACC(GUEST_RAM_BASE);
	l1[0x600] = SECT_NOACC(0xfff00000);
	l1[0xfff] = SECT_NOACC(GUEST_RAM_BASE);
	mmu_on(at);
	CP15(at, DACR, 0xffffffff);
	add_op(at, GUEST_ATK_LDR, 0x50000000 + DATA_A_OFF, 0, EXP_RAM, 0,
	       0xaaaaaaaa, 0);
	ldst_mmio(at, 0x600f2000, UMBRA_FORBIDDEN_BASE);
	forbidden_traps(at);
	CP15(at, DACR, 0x55555555);

	/* TTBCR.N = 1: VAs from 0x80000000 walk TTBR1 */
	CP15(at, TTBCR, 1);
	for (i = 0; i < ARRAY_SIZE(ttbr1); i++) {
		CP15(at, TTBR1, ttbr1[i]);
		CP15(at, TLBIALL, 0);
		add_op(at, GUEST_ATK_LDR, 0xc0000000, 0, EXP_TRAP_ANY, 0, 0,
		       0);
		add_op(at, GUEST_ATK_STR, 0xc0001000, GUEST_ATTACK_MARK,
		       EXP_TRAP_ANY, 0, 0, 0);
		add_op(at, GUEST_ATK_STR, UMBRA_FORBIDDEN_BASE,
		       GUEST_ATTACK_MARK, EXP_TRAP_ANY, 0, 0, 0);
	}
	CP15(at, TTBCR, 0);
	CP15(at, TLBIALL, 0);

	/* VBAR: the exception cannot be taken, a clean internal error */
	for (i = 0; i < ARRAY_SIZE(vbar); i++) {
		CP15(at, VBAR, vbar[i]);
		add_op(at, GUEST_ATK_UDF, 0, 0, EXP_INTERNAL, 0, 0, 0);
	}
	CP15(at, VBAR, GUEST_RAM_BASE);
	add_op(at, GUEST_ATK_UDF, 0, 0, EXP_VECTOR, 0, VEC_UND, 0);

	/* SCTLR.AFE: AP[0] is the access flag; AP = 000 faults either way */
	CP15(at, SCTLR_ORR, SCTLR_AFE);
	add_op(at, GUEST_ATK_LDR, GUEST_RAM_BASE + DATA_A_OFF, 0, EXP_RAM, 0,
	       0xaaaaaaaa, 0);
	add_op(at, GUEST_ATK_LDR, 0x50000000 + DATA_A_OFF, 0, EXP_TRAP_ANY,
	       0, 0, 0);
	forbidden_traps(at);

	/* SCTLR.V: vectors at 0xffff0000, not executable at PL1 for it */
	CP15(at, SCTLR_ORR, SCTLR_V);
	add_op(at, GUEST_ATK_STR, UMBRA_FORBIDDEN_BASE, GUEST_ATTACK_MARK,
	       EXP_INTERNAL, 0, UMBRA_INTERNAL_ERROR_ABORT, 0);
	add_op(at, GUEST_ATK_UDF, 0, 0, EXP_INTERNAL, 0,
	       UMBRA_INTERNAL_ERROR_UNDEF, 0);
	ATTACK_RUN_CHECK("cp15_hostile");
	ATTACK_DONE();
}

/*
 * TTBR0 switched, MMU on, to tables it cannot have: outside RAM, the
 * host's devices, the forbidden IPAs, host kernel addresses. The next
 * fetch cannot be translated and its abort not taken: a clean
 * internal-error exit and no access anywhere (one attacker VM each).
 */
TEST_F(attack, cp15_ttbr0_hostile)
{
	static const __u32 ttbr0[] = { 0x08000000, 0x09000000, 0xffff0000,
				       0xfffe0000, 0xc0000000, 0x00000000,
				       RAM_END, RAM_END - 0x4000 };
	struct attacker *at;
	__u32 i;

	for (i = 0; i < ARRAY_SIZE(ttbr0); i++) {
		ATTACKER_NEW();
		at = self->at;
		mmu_on(at);
		CP15(at, TTBR0, ttbr0[i]);
		add_op(at, GUEST_ATK_LDR, GUEST_RAM_BASE + DATA_A_OFF, 0,
		       EXP_INTERNAL, 0, UMBRA_INTERNAL_ERROR_ABORT, 0);
		EXPECT_NE(0, attacker_run(at));
		/* stopped at the first internal error, nothing else */
		EXPECT_EQ(1, at->ninternal) TH_LOG("TTBR0 %#x: %s", ttbr0[i],
						   at->err);
		EXPECT_EQ(0, at->nmmio) TH_LOG("TTBR0 %#x", ttbr0[i]);
		EXPECT_EQ(0, at->ntrap) TH_LOG("TTBR0 %#x", ttbr0[i]);
		EXPECT_EQ(UMBRA_INTERNAL_ERROR_ABORT,
			  at->vm.run->internal.suberror)
			TH_LOG("TTBR0 %#x: %s", ttbr0[i],
			       umbra_exit_str(at->vm.run));
		EXPECT_EQ(0, memcmp(at->snapshot, at->vm.ram, RAM_SIZE))
			TH_LOG("TTBR0 %#x: its RAM changed", ttbr0[i]);
		ksft_print_msg("attack cp15_ttbr0_hostile TTBR0 %#x: %s\n",
			       ttbr0[i], umbra_exit_str(at->vm.run));
		fflush(stdout);
	}
	ATTACK_DONE();
}

/*
 * Hypercalls with hostile arguments: the module's own refuse what they
 * must (SMCCC errors) and never dereference anything; the VMM's arrive
 * with the arguments unchanged, pointers to other VMs' IPAs, outside RAM,
 * huge and wrapping lengths, unaligned, and the in-test VMM refuses them
 * with umbra-vmm's rule.
 */
TEST_F(attack, hypercall_hostile)
{
	static const __u32 spsr[] = { 0x1a, 0x16, 0x00, 0x1d3 | UMBRA_PSR_J,
				      0x1d3 | UMBRA_PSR_J | UMBRA_PSR_E };
	static const __u32 cpsr[] = { 0x1a, 0x16, 0x00, 0x15, 0xffffffe0 };
	static const __u32 ptr[] = { RAM_END, RAM_END - 3, 0x08000000,
				     0x09000000, UMBRA_FORBIDDEN_BASE,
				     0xc0000000, 0xfffffffd, 0x3ffffffd,
				     GUEST_RAM_BASE + 1 };
	static const __u32 nr[] = { UMBRA_HC_CONSOLE_WRITE,
				    UMBRA_HC_CONSOLE_READ };
	struct attacker *at;
	__u32 i, j;

	ATTACKER_NEW();
	at = self->at;
	for (i = 0; i < ARRAY_SIZE(spsr); i++)
		add_op(at, GUEST_ATK_HC, UMBRA_HC_SET_SPSR, spsr[i],
		       EXP_RESULT, 0, SMCCC_INVAL, 0xff);
	for (i = 0; i < ARRAY_SIZE(cpsr); i++)
		add_op(at, GUEST_ATK_HC, UMBRA_HC_SET_CPSR_C, cpsr[i],
		       EXP_RESULT, 0, SMCCC_INVAL, 0xff);
	add_op(at, GUEST_ATK_HC, UMBRA_HC_FEATURES, 0xffffffff, EXP_RESULT,
	       0, SMCCC_NOTSUP, 0xff);
	add_op(at, GUEST_ATK_HC, UMBRA_HC_BASE + 0xff, 0, EXP_RESULT, 0,
	       SMCCC_NOTSUP, 0xff);
	add_op(at, GUEST_ATK_HC, UMBRA_HC_BASE + 0x10000, 0, EXP_RESULT, 0,
	       SMCCC_NOTSUP, 0xff);
	add_op(at, GUEST_ATK_HC, 0xffffffff, UMBRA_FORBIDDEN_BASE,
	       EXP_RESULT, 0, SMCCC_NOTSUP, 0xff);
	/* console: r1 = the pointer, r2 = 0xfffffffc (length wraps 2^32) */
	for (j = 0; j < ARRAY_SIZE(nr); j++)
		for (i = 0; i < ARRAY_SIZE(ptr); i++)
			add_op(at, GUEST_ATK_HC, nr[j], ptr[i], EXP_HC, 0,
			       nr[j], SMCCC_INVAL);
	ATTACK_RUN_CHECK("hypercall_hostile");
	ATTACK_DONE();
}

/*
 * The real VMM: umbra-vmm (from $UMBRA_ROOT/bin, default /umbra) runs an
 * attacker ELF the test writes: guest_atk with an op list of console
 * hypercalls with pointers outside its RAM, into the host's device and
 * kernel addresses and the forbidden range, lengths that wrap 2^32, huge
 * and unaligned; each must return UMBRA_SMCCC_RET_INVALID_PARAMETER
 * (GUEST_ATK_EXPECT stops the guest otherwise), and one valid write must
 * reach stdout. umbra-vmm must exit with the guest's status.
 */
#define VMM_OUT_MAX	8192
#define VMM_MSG		"attacker-console-ok\n"
#define VMM_MSG_OFF	0x20000u

struct elf_image {
	Elf32_Ehdr eh;
	Elf32_Phdr ph;
};

TEST_F_TIMEOUT(attack, vmm_console_hostile, 120)
{
	static const struct { __u32 ipa, len; } bad[] = {
		{ 0x08000000, 16 }, { 0x09000000, 16 },
		{ UMBRA_FORBIDDEN_BASE, 16 }, { 0xc0000000, 16 },
		{ RAM_END, 1 }, { RAM_END - 1, 2 }, { GUEST_RAM_BASE - 1, 2 },
		{ GUEST_RAM_BASE + 0x100, 0xfffffffc },
		{ GUEST_RAM_BASE + 0x101, 0xffffff00 },
		{ 0xfffffff0, 0x20 }, { 0xfffffffd, 0x40000010 },
		{ GUEST_RAM_BASE + 3, RAM_SIZE },
		{ GUEST_RAM_BASE, 0x80000000 },
	};
	static const __u32 nr[] = { UMBRA_HC_CONSOLE_WRITE,
				    UMBRA_HC_CONSOLE_READ };
	const char *root = getenv("UMBRA_ROOT");
	static char out[VMM_OUT_MAX], err[VMM_OUT_MAX];
	size_t out_len = 0, err_len = 0;
	char vmm[256], elf[] = "/tmp/umbra-attack-XXXXXX";
	struct elf_image img;
	struct pollfd p[2];
	int opipe[2], epipe[2], status, fd, devnull;
	struct attacker *at;
	__u32 i, j, seg;
	pid_t pid;

	snprintf(vmm, sizeof(vmm), "%s/bin/umbra-vmm",
		 root && *root ? root : "/umbra");
	if (access(vmm, X_OK))
		SKIP(return, "%s missing: %s", vmm, strerror(errno));

	/* the op list, built in a (never run) attacker VM's RAM */
	ATTACKER_NEW();
	at = self->at;
	for (j = 0; j < ARRAY_SIZE(nr); j++) {
		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			OP_SETUP(at, GUEST_ATK_SETLEN, 0, bad[i].len);
			OP_SETUP(at, GUEST_ATK_HC, nr[j], bad[i].ipa);
			OP_SETUP(at, GUEST_ATK_EXPECT, SMCCC_INVAL, 0);
		}
	}
	memcpy(at->vm.ram + VMM_MSG_OFF, VMM_MSG, strlen(VMM_MSG));
	OP_SETUP(at, GUEST_ATK_SETLEN, 0, strlen(VMM_MSG));
	OP_SETUP(at, GUEST_ATK_HC, UMBRA_HC_CONSOLE_WRITE,
		 GUEST_RAM_BASE + VMM_MSG_OFF);
	OP_SETUP(at, GUEST_ATK_EXPECT, strlen(VMM_MSG), 0);
	OP_SETUP(at, GUEST_ATK_END, 0, 0);

	/* one PT_LOAD: [0, VMM_MSG_OFF + 0x1000) of that RAM */
	seg = VMM_MSG_OFF + 0x1000;
	memset(&img, 0, sizeof(img));
	memcpy(img.eh.e_ident, ELFMAG, SELFMAG);
	img.eh.e_ident[EI_CLASS] = ELFCLASS32;
	img.eh.e_ident[EI_DATA] = ELFDATA2LSB;
	img.eh.e_ident[EI_VERSION] = EV_CURRENT;
	img.eh.e_type = ET_EXEC;
	img.eh.e_machine = EM_ARM;
	img.eh.e_version = EV_CURRENT;
	img.eh.e_entry = GUEST_RAM_BASE +
			 (__u32)(guest_atk_vmm - guest_atk_start);
	img.eh.e_phoff = sizeof(img.eh);
	img.eh.e_flags = EF_ARM_EABI_VER5;
	img.eh.e_ehsize = sizeof(img.eh);
	img.eh.e_phentsize = sizeof(img.ph);
	img.eh.e_phnum = 1;
	img.ph.p_type = PT_LOAD;
	img.ph.p_offset = 0x1000;
	img.ph.p_vaddr = GUEST_RAM_BASE;
	img.ph.p_paddr = GUEST_RAM_BASE;
	img.ph.p_filesz = seg;
	img.ph.p_memsz = seg;
	img.ph.p_flags = PF_R | PF_W | PF_X;
	img.ph.p_align = 0x1000;
	fd = mkstemp(elf);
	ASSERT_LE(0, fd);
	ASSERT_EQ((ssize_t)sizeof(img), pwrite(fd, &img, sizeof(img), 0));
	ASSERT_EQ((ssize_t)seg, pwrite(fd, at->vm.ram, seg, 0x1000));
	close(fd);

	ASSERT_EQ(0, pipe(opipe));
	ASSERT_EQ(0, pipe(epipe));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		devnull = open("/dev/null", O_RDONLY);
		if (devnull < 0 || dup2(devnull, 0) < 0 ||
		    dup2(opipe[1], 1) < 0 || dup2(epipe[1], 2) < 0)
			_exit(126);
		close(opipe[0]);
		close(epipe[0]);
		execl(vmm, vmm, "run", "--mem", "1M", "--ram-base",
		      "0x40000000", elf, (char *)NULL);
		_exit(127);
	}
	close(opipe[1]);
	close(epipe[1]);
	p[0] = (struct pollfd){ .fd = opipe[0], .events = POLLIN };
	p[1] = (struct pollfd){ .fd = epipe[0], .events = POLLIN };
	while (p[0].fd >= 0 || p[1].fd >= 0) {
		if (poll(p, 2, -1) < 0) {
			ASSERT_EQ(EINTR, errno);
			continue;
		}
		if (p[0].revents &&
		    !umbra_drain(p[0].fd, out, VMM_OUT_MAX, &out_len))
			p[0].fd = -1;
		if (p[1].revents &&
		    !umbra_drain(p[1].fd, err, VMM_OUT_MAX, &err_len))
			p[1].fd = -1;
	}
	close(opipe[0]);
	close(epipe[0]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	unlink(elf);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != (GUEST_OK & 0xff)) {
		TH_LOG("stdout: %s", out);
		TH_LOG("stderr: %s", err);
	}
	ASSERT_TRUE(WIFEXITED(status))
		TH_LOG("umbra-vmm killed by signal %d", WTERMSIG(status));
	/* a failed GUEST_ATK_EXPECT: status = low byte of the op's IPA */
	EXPECT_EQ(GUEST_OK & 0xff, WEXITSTATUS(status));
	EXPECT_STREQ(VMM_MSG, out);
	ksft_print_msg("attack vmm_console_hostile: %u hostile console hypercalls through umbra-vmm: %s\n",
		       (unsigned int)(2 * ARRAY_SIZE(bad)),
		       WIFEXITED(status) &&
		       WEXITSTATUS(status) == (GUEST_OK & 0xff) ?
		       "refused" : "NOT REFUSED");
	fflush(stdout);
	ATTACK_DONE();
}

TEST_HARNESS_MAIN
