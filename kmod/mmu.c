// SPDX-License-Identifier: GPL-2.0
/*
 * Guest memory: the VM's shadow page table and its memory regions.
 *
 * While the guest's virtual MMU is off, guest virtual addresses are
 * intermediate physical addresses (IPAs). A shadow fault on an IPA inside
 * a memory region maps the pinned host page behind it; any other IPA is
 * left to the caller (an MMIO exit). The forbidden range holds the monitor
 * page and the VM's page of save slots, PL1 only.
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <asm/cacheflush.h>

#include "umbra.h"

static u32 *umbra_alloc_l2(void *ctx, u32 *pa)
{
	u32 *table = (u32 *)get_zeroed_page(GFP_KERNEL_ACCOUNT);

	if (table)
		*pa = virt_to_phys(table);
	return table;
}

static void umbra_free_l2(void *ctx, u32 *table, u32 pa)
{
	free_page((unsigned long)table);
}

/* Table walks may not snoop the data cache on uniprocessor cores. */
static void umbra_sync_table(void *ctx, u32 *entry, size_t bytes)
{
	__cpuc_flush_dcache_area(entry, bytes);
	dsb(ishst);
}

static const struct umbra_spt_ops umbra_spt_kernel_ops = {
	.alloc_l2 = umbra_alloc_l2,
	.free_l2 = umbra_free_l2,
	.sync = umbra_sync_table,
};

static u32 umbra_spt_shared(void)
{
	return umbra_host_is_smp() ? UMBRA_SPT_SHARED : 0;
}

/**
 * umbra_mmu_init() - create the VM's shadow page table with the monitor's
 * mappings in its forbidden range.
 * @vm: the VM being created
 *
 * Return: 0 or -ENOMEM.
 */
int umbra_mmu_init(struct umbra_vm *vm)
{
	u32 *l1 = (u32 *)__get_free_pages(GFP_KERNEL_ACCOUNT | __GFP_ZERO,
					  get_order(ARM_L1_SIZE));
	int ret;

	vm->monitor_data = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	if (!l1 || !vm->monitor_data) {
		free_pages((unsigned long)l1, get_order(ARM_L1_SIZE));
		if (vm->monitor_data)
			__free_page(vm->monitor_data);
		vm->monitor_data = NULL;
		return -ENOMEM;
	}
	umbra_spt_init(&vm->spt, l1, virt_to_phys(l1), UMBRA_FORBIDDEN_BASE,
		       UMBRA_FORBIDDEN_SIZE, &umbra_spt_kernel_ops, vm);
	ret = umbra_spt_map(&vm->spt, UMBRA_MONITOR_CODE_VA,
			    umbra_monitor_code_pa(),
			    UMBRA_SPT_MONITOR | UMBRA_SPT_EXEC |
			    umbra_spt_shared());
	if (!ret)
		ret = umbra_spt_map(&vm->spt, UMBRA_MONITOR_DATA_VA,
				    page_to_phys(vm->monitor_data),
				    UMBRA_SPT_MONITOR | UMBRA_SPT_WRITE |
				    umbra_spt_shared());
	if (ret)
		umbra_mmu_destroy(vm);
	return ret;
}

/**
 * umbra_mmu_destroy() - free the shadow page table and the monitor data
 * page. No vCPU of @vm may be running.
 * @vm: the VM
 */
void umbra_mmu_destroy(struct umbra_vm *vm)
{
	if (!vm->spt.l1)
		return;
	umbra_spt_destroy(&vm->spt);
	free_pages((unsigned long)vm->spt.l1, get_order(ARM_L1_SIZE));
	vm->spt.l1 = NULL;
	if (vm->monitor_data)
		__free_page(vm->monitor_data);
	vm->monitor_data = NULL;
}

/**
 * umbra_region_find() - the memory region holding an IPA.
 * @vm:  the VM; its regions are fixed once a vCPU has run
 * @ipa: intermediate physical address
 *
 * Return: the region, or NULL when @ipa is in none (MMIO space).
 */
struct umbra_region *umbra_region_find(struct umbra_vm *vm, u64 ipa)
{
	int i;

	for (i = 0; i < UMBRA_MAX_MEMSLOTS; i++) {
		struct umbra_region *r = &vm->regions[i];

		if (r->used && ipa >= r->ipa && ipa - r->ipa < r->size)
			return r;
	}
	return NULL;
}

static struct page *umbra_region_page(struct umbra_region *r, u64 ipa)
{
	return r->pages[(ipa - r->ipa) >> PAGE_SHIFT];
}

/**
 * umbra_mmu_shadow_fault() - map the guest page holding @va, MMU off.
 * @vm:    the VM
 * @va:    guest virtual address that faulted (== IPA: the MMU is off)
 * @write: the access was a write
 *
 * The page's data cache lines are cleaned first, so instructions the VMM
 * wrote are visible to the guest's instruction fetches (ARM ARM B2.2.9).
 *
 * Return: 0 when mapped; -EPERM for the forbidden range; -ENOENT when @va
 * is in no memory region; -EACCES for a write to a read-only region;
 * -ENOMEM when no table memory is left.
 */
int umbra_mmu_shadow_fault(struct umbra_vm *vm, u32 va, bool write)
{
	struct umbra_region *r;
	struct page *page;
	u32 flags = UMBRA_SPT_USER | UMBRA_SPT_EXEC | umbra_spt_shared();
	void *kaddr;
	int ret;

	if (umbra_spt_in_forbidden(&vm->spt, va))
		return -EPERM;
	r = umbra_region_find(vm, va);
	if (!r)
		return -ENOENT;
	if (!(r->flags & UMBRA_MEM_READONLY))
		flags |= UMBRA_SPT_WRITE;
	else if (write)
		return -EACCES;

	page = umbra_region_page(r, va);
	kaddr = kmap_local_page(page);
	__cpuc_flush_dcache_area(kaddr, PAGE_SIZE);
	kunmap_local(kaddr);

	mutex_lock(&vm->mmu_lock);
	ret = umbra_spt_map(&vm->spt, va & PAGE_MASK, page_to_phys(page),
			    flags);
	mutex_unlock(&vm->mmu_lock);
	return ret;
}

/**
 * umbra_read_guest() - copy bytes from guest physical memory.
 * @vm:  the VM
 * @ipa: first IPA to read
 * @buf: destination (kernel memory)
 * @len: bytes
 *
 * Return: 0, or -EFAULT when a byte lies outside every memory region.
 */
int umbra_read_guest(struct umbra_vm *vm, u32 ipa, void *buf, size_t len)
{
	while (len) {
		struct umbra_region *r = umbra_region_find(vm, ipa);
		size_t off = ipa & ~PAGE_MASK;
		size_t n = min_t(size_t, len, PAGE_SIZE - off);
		void *kaddr;

		if (!r)
			return -EFAULT;
		kaddr = kmap_local_page(umbra_region_page(r, ipa));
		memcpy(buf, kaddr + off, n);
		kunmap_local(kaddr);
		buf += n;
		ipa += n;
		len -= n;
	}
	return 0;
}
