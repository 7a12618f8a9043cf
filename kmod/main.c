// SPDX-License-Identifier: GPL-2.0
/*
 * umbra: a hosted hypervisor for ARMv7-A Linux hosts.
 *
 * /dev/umbra and its ioctls (Documentation/api.rst); module load and
 * unload.
 */
#define pr_fmt(fmt) "umbra: " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>

#include "umbra.h"

bool umbra_debug_checks;
module_param_named(debug_checks, umbra_debug_checks, bool, 0644);
MODULE_PARM_DESC(debug_checks,
		 "check the isolation invariants after every shadow table change");

static long umbra_check_extension(unsigned long cap)
{
	switch (cap) {
	case UMBRA_CAP_NR_MEMSLOTS:
		return UMBRA_MAX_MEMSLOTS;
	case UMBRA_CAP_NR_VCPUS:
		return UMBRA_MAX_VCPUS;
	case UMBRA_CAP_SPT_POOL:
		return UMBRA_VM_POOL_MAX_PAGES;
	case UMBRA_CAP_HYPERCALL_EXIT:
	case UMBRA_CAP_IMMEDIATE_EXIT:
	case UMBRA_CAP_ONE_REG:
	case UMBRA_CAP_IRQCHIP:
	case UMBRA_CAP_IRQFD:
	case UMBRA_CAP_IRQFD_RESAMPLE:
		return 1;
	default:
		return 0;
	}
}

static long umbra_dev_ioctl(struct file *filp, unsigned int ioctl,
			    unsigned long arg)
{
	switch (ioctl) {
	case UMBRA_GET_API_VERSION:
		return UMBRA_API_VERSION;
	case UMBRA_CREATE_VM:
		return umbra_create_vm(arg);
	case UMBRA_CHECK_EXTENSION:
		return umbra_check_extension(arg);
	case UMBRA_GET_VCPU_MMAP_SIZE:
		return PAGE_SIZE;
	default:
		return -ENOTTY;
	}
}

static const struct file_operations umbra_dev_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = umbra_dev_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice umbra_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "umbra",
	.fops = &umbra_dev_fops,
};

static int __init umbra_init(void)
{
	int ret;

	BUILD_BUG_ON(sizeof(struct umbra_run) > PAGE_SIZE);
	umbra_vfp_init();
	ret = umbra_monitor_init();
	if (ret)
		return ret;
	ret = umbra_irqfd_init();
	if (ret) {
		umbra_monitor_exit();
		return ret;
	}
	ret = misc_register(&umbra_dev);
	if (ret) {
		umbra_irqfd_exit();
		umbra_monitor_exit();
		return ret;
	}
	pr_info("ready, forbidden range %#x-%#x\n", UMBRA_FORBIDDEN_BASE,
		UMBRA_FORBIDDEN_BASE + UMBRA_FORBIDDEN_SIZE - 1);
	return 0;
}

static void __exit umbra_exit(void)
{
	if (umbra_debug_checks)
		pr_info("isolation invariants checked %ld times\n",
			atomic_long_read(&umbra_checks_done));
	misc_deregister(&umbra_dev);
	umbra_kick_drain();
	umbra_irqfd_exit();
	umbra_monitor_exit();
}

module_init(umbra_init);
module_exit(umbra_exit);

MODULE_DESCRIPTION("umbra hosted hypervisor for ARMv7-A");
MODULE_LICENSE("GPL");
