// SPDX-License-Identifier: GPL-2.0
/*
 * Exit statistics in debugfs, like kvm_stat's source.
 *
 * /sys/kernel/debug/umbra/<pid>-<n>/vcpu<id>/exits: one line
 * "<counter> <value>" per counter of enum umbra_stat, in that order,
 * values in decimal. <pid> is the thread group that created the VM, <n> a
 * number unique since the module was loaded. A VM's directory appears
 * with UMBRA_CREATE_VM and goes with the VM; a vCPU's with
 * UMBRA_CREATE_VCPU and goes when its fd is closed. Only the vCPU's own
 * thread increments its counters; a reader sees each counter whole
 * (atomic64_t), the set of them not as one snapshot.
 *
 * Without CONFIG_DEBUG_FS the counters are kept and nothing is shown.
 */
#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/sched.h>
#include <linux/seq_file.h>

#include "umbra.h"

static const char *const umbra_stat_names[UMBRA_STAT_NR] = {
	[UMBRA_STAT_EXITS]		= "exits",
	[UMBRA_STAT_IRQ]		= "irq",
	[UMBRA_STAT_HYPERCALL]		= "hypercall",
	[UMBRA_STAT_MMIO]		= "mmio",
	[UMBRA_STAT_SHADOW_FAULT]	= "shadow_fault",
	[UMBRA_STAT_VABORT]		= "vabort",
	[UMBRA_STAT_VUNDEF]		= "vundef",
	[UMBRA_STAT_CP15]		= "cp15",
	[UMBRA_STAT_VFP]		= "vfp",
	[UMBRA_STAT_PVINSN]		= "pvinsn",
	[UMBRA_STAT_ERET]		= "eret",
	[UMBRA_STAT_WFI]		= "wfi",
	[UMBRA_STAT_WFE]		= "wfe",
	[UMBRA_STAT_BUDGET]		= "budget",
	[UMBRA_STAT_SIGNAL]		= "signal",
};

static struct dentry *umbra_debugfs_root;
static atomic_t umbra_vm_seq = ATOMIC_INIT(0);

static int umbra_exits_show(struct seq_file *m, void *unused)
{
	struct umbra_vcpu *vcpu = m->private;
	int i;

	for (i = 0; i < UMBRA_STAT_NR; i++)
		seq_printf(m, "%s %lld\n", umbra_stat_names[i],
			   atomic64_read(&vcpu->stats[i]));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(umbra_exits);

/**
 * umbra_stats_init() - create /sys/kernel/debug/umbra at module load.
 *
 * Failure is not an error: the statistics are only not shown.
 */
void umbra_stats_init(void)
{
	umbra_debugfs_root = debugfs_create_dir("umbra", NULL);
}

/**
 * umbra_stats_exit() - remove /sys/kernel/debug/umbra at module unload,
 * when no VM is left (each holds a module reference through its fd).
 */
void umbra_stats_exit(void)
{
	debugfs_remove_recursive(umbra_debugfs_root);
}

/**
 * umbra_stats_vm_add() - the VM's directory, at UMBRA_CREATE_VM.
 * @vm: the new VM, not yet visible to userspace
 */
void umbra_stats_vm_add(struct umbra_vm *vm)
{
	char name[32];

	snprintf(name, sizeof(name), "%d-%d", task_tgid_nr(current),
		 atomic_inc_return(&umbra_vm_seq));
	vm->debugfs = debugfs_create_dir(name, umbra_debugfs_root);
}

/**
 * umbra_stats_vm_remove() - remove the VM's directory, when it is freed.
 * @vm: the VM; its vCPUs are gone
 */
void umbra_stats_vm_remove(struct umbra_vm *vm)
{
	debugfs_remove_recursive(vm->debugfs);
}

/**
 * umbra_stats_vcpu_add() - the vCPU's directory and its "exits" file, at
 * UMBRA_CREATE_VCPU.
 * @vcpu: the new vCPU, its counters zero
 */
void umbra_stats_vcpu_add(struct umbra_vcpu *vcpu)
{
	char name[16];

	snprintf(name, sizeof(name), "vcpu%u", vcpu->id);
	vcpu->debugfs = debugfs_create_dir(name, vcpu->vm->debugfs);
	debugfs_create_file("exits", 0444, vcpu->debugfs, vcpu,
			    &umbra_exits_fops);
}

/**
 * umbra_stats_vcpu_remove() - remove the vCPU's directory before the vCPU
 * is freed. Returns once no reader is inside umbra_exits_show() (debugfs
 * removal waits for them).
 * @vcpu: the vCPU
 */
void umbra_stats_vcpu_remove(struct umbra_vcpu *vcpu)
{
	debugfs_remove_recursive(vcpu->debugfs);
	vcpu->debugfs = NULL;
}
