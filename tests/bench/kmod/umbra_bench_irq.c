// SPDX-License-Identifier: GPL-2.0
/*
 * umbra_bench_irq - the native cost of local_irq_save() +
 * local_irq_restore(), for umbra_bench (tests/bench, `make bench`).
 *
 * Writing N to /sys/module/umbra_bench_irq/parameters/measure runs N
 * save/restore pairs, then N iterations of the same loop without them,
 * each between two ktime_get_ns(); the nanoseconds land in pairs_ns and
 * empty_ns. (pairs_ns - empty_ns) / N is the cost of one pair. Under
 * QEMU -icount shift=0 a nanosecond is an instruction.
 *
 * While loaded it also lets user space read the cycle counter PMCCNTR
 * (ARM ARM C12.8.2): PMCR.E and PMCNTENSET.C set, PMUSERENR.EN set, on
 * every online CPU. umbra_bench reads it in its own threads and its guest
 * (which runs in PL0) reads it in its IRQ handler, so both stamp events
 * with one clock. Under QEMU -icount shift=0 PMCCNTR counts one per
 * nanosecond of virtual time, i.e. per instruction. Unloading clears
 * PMUSERENR.EN again.
 */
#include <linux/irqflags.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/smp.h>

static unsigned long pairs_ns;
static unsigned long empty_ns;

static noinline void umbra_bench_pairs(unsigned int n)
{
	unsigned long flags;

	while (n--) {
		local_irq_save(flags);
		local_irq_restore(flags);
	}
}

static noinline void umbra_bench_empty(unsigned int n)
{
	while (n--)
		barrier();
}

static int umbra_bench_measure(const char *val, const struct kernel_param *kp)
{
	unsigned int n;
	u64 t0, t1, t2, t3;
	int ret = kstrtouint(val, 0, &n);

	if (ret)
		return ret;
	if (!n || n > 10000000)
		return -EINVAL;
	t0 = ktime_get_ns();
	umbra_bench_pairs(n);
	t1 = ktime_get_ns();
	t2 = ktime_get_ns();
	umbra_bench_empty(n);
	t3 = ktime_get_ns();
	pairs_ns = t1 - t0;
	empty_ns = t3 - t2;
	return 0;
}

static const struct kernel_param_ops umbra_bench_measure_ops = {
	.set = umbra_bench_measure,
};

module_param_cb(measure, &umbra_bench_measure_ops, NULL, 0200);
MODULE_PARM_DESC(measure, "write N: time N local_irq_save/restore pairs");
module_param(pairs_ns, ulong, 0444);
MODULE_PARM_DESC(pairs_ns, "ns of the last N pairs");
module_param(empty_ns, ulong, 0444);
MODULE_PARM_DESC(empty_ns, "ns of the same loop without them");

/* PMCR.E, PMCNTENSET.C (bit 31), PMUSERENR.EN; ARM ARM B4.1.117-119 */
static void umbra_bench_pmu_user(void *on)
{
	u32 pmcr;

	if (on) {
		asm volatile("mrc p15, 0, %0, c9, c12, 0" : "=r" (pmcr));
		pmcr |= 1;
		asm volatile("mcr p15, 0, %0, c9, c12, 0" : : "r" (pmcr));
		asm volatile("mcr p15, 0, %0, c9, c12, 1" : : "r" (1u << 31));
		asm volatile("mcr p15, 0, %0, c9, c14, 0" : : "r" (1u));
	} else {
		asm volatile("mcr p15, 0, %0, c9, c14, 0" : : "r" (0u));
	}
	asm volatile("isb" : : : "memory");
}

static int __init umbra_bench_irq_init(void)
{
	on_each_cpu(umbra_bench_pmu_user, (void *)1, 1);
	return 0;
}

static void __exit umbra_bench_irq_exit(void)
{
	on_each_cpu(umbra_bench_pmu_user, NULL, 1);
}

module_init(umbra_bench_irq_init);
module_exit(umbra_bench_irq_exit);

MODULE_DESCRIPTION("umbra benchmark: native local_irq_save/restore cost");
MODULE_LICENSE("GPL");
