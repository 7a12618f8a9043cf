// SPDX-License-Identifier: GPL-2.0
/*
 * umbra target tests: UMBRA_GET_REGS / UMBRA_SET_REGS.
 */
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "umbra_test.h"

#define AIF	(UMBRA_PSR_A | UMBRA_PSR_I | UMBRA_PSR_F)

/*
 * Every register gets a distinct value derived from @seed; CPSR (mode
 * @mode) and the SPSRs get valid PSR values.
 */
static void fill_regs(struct umbra_regs *regs, __u32 seed, __u32 mode)
{
	__u32 *w = (__u32 *)regs;
	size_t i;

	for (i = 0; i < sizeof(*regs) / sizeof(*w); i++)
		w[i] = seed + 0x01010101 * (i + 1);
	regs->pc &= ~3u;		/* ARM state: word aligned */
	regs->cpsr = mode | AIF | 0x60000000;	/* Z and C set */
	/* valid, distinct SPSRs */
	regs->svc_regs[2] = 0x80000000 | AIF | UMBRA_PSR_MODE_USR;
	regs->abt_regs[2] = 0x40000000 | AIF | UMBRA_PSR_MODE_SVC;
	regs->und_regs[2] = 0x20000000 | AIF | UMBRA_PSR_MODE_SYS;
	regs->irq_regs[2] = 0x10000000 | AIF | UMBRA_PSR_MODE_SVC;
	regs->fiq_regs[7] = 0xf0000000 | AIF | UMBRA_PSR_MODE_USR;
}

static const char *const reg_names[] = {
	"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10",
	"r11", "r12", "sp_usr", "lr_usr", "pc", "cpsr",
	"sp_svc", "lr_svc", "spsr_svc", "sp_abt", "lr_abt", "spsr_abt",
	"sp_und", "lr_und", "spsr_und", "sp_irq", "lr_irq", "spsr_irq",
	"r8_fiq", "r9_fiq", "r10_fiq", "r11_fiq", "r12_fiq", "sp_fiq",
	"lr_fiq", "spsr_fiq",
};

/* index of the first word that differs, or -1 */
static int regs_diff(const struct umbra_regs *a, const struct umbra_regs *b)
{
	const __u32 *x = (const __u32 *)a, *y = (const __u32 *)b;
	size_t i;

	for (i = 0; i < sizeof(*a) / sizeof(*x); i++)
		if (x[i] != y[i])
			return i;
	return -1;
}

TEST_F(umbra, regs_roundtrip_all_modes)
{
	static const __u32 modes[] = {
		UMBRA_PSR_MODE_USR, UMBRA_PSR_MODE_FIQ, UMBRA_PSR_MODE_IRQ,
		UMBRA_PSR_MODE_SVC, UMBRA_PSR_MODE_ABT, UMBRA_PSR_MODE_UND,
		UMBRA_PSR_MODE_SYS,
	};
	struct umbra_regs set, got;
	size_t i;
	int d;

	_Static_assert(ARRAY_SIZE(reg_names) ==
		       sizeof(struct umbra_regs) / 4, "reg_names");
	ASSERT_OK(umbra_vm_create(&self->vm, self->dev_fd, 0x10000));
	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		fill_regs(&set, 0x10000000 * i, modes[i]);
		ASSERT_OK(umbra_set_regs(&self->vm, &set));
		memset(&got, 0xa5, sizeof(got));
		ASSERT_OK(umbra_get_regs(&self->vm, &got));
		d = regs_diff(&set, &got);
		ASSERT_EQ(-1, d) TH_LOG("mode %#x: %s set %#x, got %#x",
					modes[i], reg_names[d],
					((__u32 *)&set)[d], ((__u32 *)&got)[d]);
	}
}

UMBRA_FIXTURE(umbra_bad_mode)

FIXTURE_VARIANT(umbra_bad_mode) {
	__u32 mode;
};
FIXTURE_VARIANT_ADD(umbra_bad_mode, m00) { .mode = 0x00 };
FIXTURE_VARIANT_ADD(umbra_bad_mode, m15) { .mode = 0x15 };
FIXTURE_VARIANT_ADD(umbra_bad_mode, mon) { .mode = 0x16 };
FIXTURE_VARIANT_ADD(umbra_bad_mode, hyp) { .mode = 0x1a };

TEST_F(umbra_bad_mode, set_regs_invalid_mode)
{
	struct umbra_regs good, bad, got;
	int d;

	ASSERT_OK(umbra_vm_create(&self->vm, self->dev_fd, 0x10000));
	fill_regs(&good, 0x20000000, UMBRA_PSR_MODE_SVC);
	ASSERT_OK(umbra_set_regs(&self->vm, &good));
	fill_regs(&bad, 0x30000000, variant->mode);
	ASSERT_ERRNO(EINVAL, ioctl(self->vm.vcpu_fd, UMBRA_SET_REGS, &bad));
	/* a rejected SET_REGS changes nothing */
	ASSERT_OK(umbra_get_regs(&self->vm, &got));
	d = regs_diff(&good, &got);
	ASSERT_EQ(-1, d) TH_LOG("%s changed to %#x", reg_names[d],
				((__u32 *)&got)[d]);
}

TEST_F(umbra, regs_bad_pointer)
{
	void *none;

	ASSERT_OK(umbra_vm_create(&self->vm, self->dev_fd, 0x10000));
	none = mmap(NULL, 0x1000, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		    -1, 0);
	ASSERT_NE(MAP_FAILED, none);
	ASSERT_ERRNO(EFAULT, ioctl(self->vm.vcpu_fd, UMBRA_GET_REGS, NULL));
	ASSERT_ERRNO(EFAULT, ioctl(self->vm.vcpu_fd, UMBRA_SET_REGS, NULL));
	ASSERT_ERRNO(EFAULT, ioctl(self->vm.vcpu_fd, UMBRA_GET_REGS, none));
	ASSERT_ERRNO(EFAULT, ioctl(self->vm.vcpu_fd, UMBRA_SET_REGS, none));
	munmap(none, 0x1000);
}

/* ONE_REG on CP15: what userspace sets, the guest reads, and back. */
static int one_reg(int fd, unsigned long req, __u64 id, __u32 *val)
{
	struct umbra_one_reg r = { .id = id, .addr = (uintptr_t)val };

	return ioctl(fd, req, &r);
}

/*
 * movw r0, #0x1000; movt r0, #0x4000; mcr p15, 0, r0, c12, c0, 0 (VBAR);
 * mrc p15, 0, r1, c2, c0, 2 (TTBCR); shutdown(r1)
 */
static const __u32 guest_vbar_ttbcr[] = {
	0xe3010000, 0xe3440000, 0xee0c0f10, 0xee121f50,
	0xe3000002, 0xe3480600, 0xef000000,
};

TEST_F(umbra, one_reg_cp15)
{
	const struct guest_code code = {
		.name = "vbar_ttbcr",
		.start = (const unsigned char *)guest_vbar_ttbcr,
		.end = (const unsigned char *)guest_vbar_ttbcr +
		       sizeof(guest_vbar_ttbcr),
	};
	struct umbra_vm *vm = &self->vm;
	__u32 v;

	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, 0x10000, &code));
	/* reset state: SCTLR as B4.1.130 leaves it, MMU off */
	ASSERT_EQ(0, one_reg(vm->vcpu_fd, UMBRA_GET_ONE_REG,
			     UMBRA_REG_CP15(0, 1, 0, 0), &v));
	ASSERT_EQ(0x00c50078u, v);
	/* the guest reads what userspace set */
	v = 1;
	ASSERT_EQ(0, one_reg(vm->vcpu_fd, UMBRA_SET_ONE_REG,
			     UMBRA_REG_CP15(0, 2, 0, 2), &v));
	ASSERT_RUN_SHUTDOWN(vm, 1);
	/* userspace reads what the guest wrote */
	ASSERT_EQ(0, one_reg(vm->vcpu_fd, UMBRA_GET_ONE_REG,
			     UMBRA_REG_CP15(0, 12, 0, 0), &v));
	ASSERT_EQ(0x40001000u, v);
	/* MIDR is read-only; c15 is not a register umbra has */
	ASSERT_EQ(0, one_reg(vm->vcpu_fd, UMBRA_GET_ONE_REG,
			     UMBRA_REG_CP15(0, 0, 0, 0), &v));
	ASSERT_ERRNO(EINVAL, one_reg(vm->vcpu_fd, UMBRA_SET_ONE_REG,
				     UMBRA_REG_CP15(0, 0, 0, 0), &v));
	ASSERT_ERRNO(ENOENT, one_reg(vm->vcpu_fd, UMBRA_GET_ONE_REG,
				     UMBRA_REG_CP15(0, 15, 0, 0), &v));
	/* not a CP15 id; a bad value pointer */
	ASSERT_ERRNO(EINVAL, one_reg(vm->vcpu_fd, UMBRA_GET_ONE_REG,
				     UMBRA_REG_ARM | 1, &v));
	ASSERT_ERRNO(EFAULT, one_reg(vm->vcpu_fd, UMBRA_GET_ONE_REG,
				     UMBRA_REG_CP15(0, 1, 0, 0), NULL));
}

TEST_HARNESS_MAIN
