// SPDX-License-Identifier: GPL-2.0
/*
 * umbra_native.ko - a test-only module for the umbra target tests: it runs
 * the CP15 identification reads umbra emulates for its guests natively at
 * PL1, once at load time, and shows the values as the read-only module
 * parameter "idregs" (/sys/module/umbra_native/parameters/idregs, comma
 * separated, in the order of enum below). umbra_test_cpu compares them
 * with what a guest reads (Documentation/design.rst, "Identification
 * registers").
 *
 * CCSIDR is read for each of the 14 CSSELR values Level 1-7 x InD; only
 * for caches CLIDR describes (ARM ARM B4.1.19: otherwise UNKNOWN), the
 * others show 0.
 *
 * It also makes /dev/umbra_native_ram, whose mmap() is a VM_IO | VM_PFNMAP
 * mapping (remap_pfn_range()) of one page of RAM: what UMBRA_MEM_DEVICE
 * must refuse as not a device's registers (umbra_test_device).
 */
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/irqflags.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#define READ_CP15(opc1, crn, crm, opc2) ({				\
	u32 __v;							\
	asm volatile("mrc p15, " #opc1 ", %0, " #crn ", " #crm ", " #opc2 \
		     : "=r" (__v));					\
	__v;								\
})

enum {
	MIDR, CTR, TCMTR, TLBTR, MPIDR, REVIDR,
	ID_PFR0, ID_PFR1, ID_DFR0, ID_AFR0,
	ID_MMFR0, ID_MMFR1, ID_MMFR2, ID_MMFR3,
	ID_ISAR0, ID_ISAR1, ID_ISAR2, ID_ISAR3, ID_ISAR4, ID_ISAR5,
	CLIDR, AIDR,
	CCSIDR0,	/* CCSIDR for CSSELR 0 .. 13 */
	NR_IDREGS = CCSIDR0 + 14
};

static unsigned int idregs[NR_IDREGS];
static int nr_idregs = NR_IDREGS;
module_param_array(idregs, uint, &nr_idregs, 0444);
MODULE_PARM_DESC(idregs, "CP15 identification registers read at PL1");

static bool cache_exists(u32 csselr, u32 clidr)
{
	u32 ctype = (clidr >> (3 * (csselr >> 1))) & 7;

	return (csselr & 1) ? ctype == 1 || ctype == 3 :
			      ctype >= 2 && ctype <= 4;
}

static u32 read_ccsidr(u32 csselr)
{
	unsigned long flags;
	u32 old, v;

	local_irq_save(flags);
	old = READ_CP15(2, c0, c0, 0);
	asm volatile("mcr p15, 2, %0, c0, c0, 0\n isb" : : "r" (csselr));
	v = READ_CP15(1, c0, c0, 0);
	asm volatile("mcr p15, 2, %0, c0, c0, 0\n isb" : : "r" (old));
	local_irq_restore(flags);
	return v;
}

static struct page *ram_page;

static int ram_mmap(struct file *filp, struct vm_area_struct *vma)
{
	if (vma->vm_end - vma->vm_start != PAGE_SIZE || vma->vm_pgoff)
		return -EINVAL;
	return remap_pfn_range(vma, vma->vm_start, page_to_pfn(ram_page),
			       PAGE_SIZE, vma->vm_page_prot);
}

static const struct file_operations ram_fops = {
	.owner = THIS_MODULE,
	.mmap = ram_mmap,
};

static struct miscdevice ram_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "umbra_native_ram",
	.fops = &ram_fops,
};

static int __init umbra_native_init(void)
{
	u32 csselr;
	int ret;

	idregs[MIDR] = READ_CP15(0, c0, c0, 0);
	idregs[CTR] = READ_CP15(0, c0, c0, 1);
	idregs[TCMTR] = READ_CP15(0, c0, c0, 2);
	idregs[TLBTR] = READ_CP15(0, c0, c0, 3);
	idregs[MPIDR] = READ_CP15(0, c0, c0, 5);
	idregs[REVIDR] = READ_CP15(0, c0, c0, 6);
	idregs[ID_PFR0] = READ_CP15(0, c0, c1, 0);
	idregs[ID_PFR1] = READ_CP15(0, c0, c1, 1);
	idregs[ID_DFR0] = READ_CP15(0, c0, c1, 2);
	idregs[ID_AFR0] = READ_CP15(0, c0, c1, 3);
	idregs[ID_MMFR0] = READ_CP15(0, c0, c1, 4);
	idregs[ID_MMFR1] = READ_CP15(0, c0, c1, 5);
	idregs[ID_MMFR2] = READ_CP15(0, c0, c1, 6);
	idregs[ID_MMFR3] = READ_CP15(0, c0, c1, 7);
	idregs[ID_ISAR0] = READ_CP15(0, c0, c2, 0);
	idregs[ID_ISAR1] = READ_CP15(0, c0, c2, 1);
	idregs[ID_ISAR2] = READ_CP15(0, c0, c2, 2);
	idregs[ID_ISAR3] = READ_CP15(0, c0, c2, 3);
	idregs[ID_ISAR4] = READ_CP15(0, c0, c2, 4);
	idregs[ID_ISAR5] = READ_CP15(0, c0, c2, 5);
	idregs[CLIDR] = READ_CP15(1, c0, c0, 1);
	idregs[AIDR] = READ_CP15(1, c0, c0, 7);
	for (csselr = 0; csselr < 14; csselr++)
		if (cache_exists(csselr, idregs[CLIDR]))
			idregs[CCSIDR0 + csselr] = read_ccsidr(csselr);
	ram_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!ram_page)
		return -ENOMEM;
	ret = misc_register(&ram_dev);
	if (ret)
		__free_page(ram_page);
	return ret;
}

static void __exit umbra_native_exit(void)
{
	misc_deregister(&ram_dev);
	__free_page(ram_page);
}

module_init(umbra_native_init);
module_exit(umbra_native_exit);
MODULE_DESCRIPTION("umbra test helper: native CP15 identification registers");
MODULE_LICENSE("GPL");
