// SPDX-License-Identifier: GPL-2.0
/*
 * Guest memory: shadow page tables built from the guest's own translation
 * tables composed with the VM's memory regions.
 *
 * A shadow fault walks the guest's tables (core/walk.c) with its virtual
 * CP15 registers, checks the access at the guest's current privilege
 * level, maps the IPA through the memory regions to a pinned host page and
 * installs a 4 KiB shadow entry with the guest's rights at that level,
 * minus what the region forbids. Each vCPU has two shadow tables, one for
 * the guest's User mode and one for its privileged modes: in the
 * short-descriptor format the domain is a property of a whole megabyte, so
 * domains cannot separate guest-kernel from guest-user pages in general;
 * two tables can, and a guest mode change is then a TTBR0 value. See
 * Documentation/design.rst.
 *
 * The tables are the vCPU's own, like a TLB is a CPU's own: only the
 * vCPU's thread changes or frees them, outside the guest, so no other CPU
 * can be walking a table as it is freed. Inner-shareable TLB maintenance
 * reaches other vCPUs as a request, served before their next entry, and
 * an IPI that makes them leave the guest first.
 *
 * The forbidden range holds the monitor page and the VM's page of save
 * slots, PL1-only, in both tables.
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <asm/cacheflush.h>

#include "umbra.h"
#include "core/exception.h"
#include "core/shadow.h"

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

static int umbra_spt_create(struct umbra_vm *vm, struct umbra_spt *spt)
{
	u32 *l1 = (u32 *)__get_free_pages(GFP_KERNEL_ACCOUNT | __GFP_ZERO,
					  get_order(ARM_L1_SIZE));
	int ret;

	if (!l1)
		return -ENOMEM;
	umbra_spt_init(spt, l1, virt_to_phys(l1), UMBRA_FORBIDDEN_BASE,
		       UMBRA_FORBIDDEN_SIZE, &umbra_spt_kernel_ops, vm);
	ret = umbra_spt_map(spt, UMBRA_MONITOR_CODE_VA, umbra_monitor_code_pa(),
			    UMBRA_SPT_MONITOR | UMBRA_SPT_EXEC |
			    umbra_spt_shared());
	if (ret)
		return ret;
	return umbra_spt_map(spt, UMBRA_MONITOR_DATA_VA,
			     page_to_phys(vm->monitor_data),
			     UMBRA_SPT_MONITOR | UMBRA_SPT_WRITE |
			     umbra_spt_shared());
}

/**
 * umbra_mmu_init() - create a vCPU's shadow page tables, each with the
 * monitor's mappings in its forbidden range.
 * @vcpu: the vCPU being created (its VM's monitor data page exists)
 *
 * Return: 0 or -ENOMEM.
 */
int umbra_mmu_init(struct umbra_vcpu *vcpu)
{
	int i, ret;

	for (i = 0; i < ARRAY_SIZE(vcpu->spt); i++) {
		ret = umbra_spt_create(vcpu->vm, &vcpu->spt[i]);
		if (ret) {
			umbra_mmu_destroy(vcpu);
			return ret;
		}
	}
	return 0;
}

/**
 * umbra_mmu_destroy() - free a vCPU's shadow page tables; the vCPU is not
 * running.
 * @vcpu: the vCPU
 */
void umbra_mmu_destroy(struct umbra_vcpu *vcpu)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(vcpu->spt); i++) {
		struct umbra_spt *spt = &vcpu->spt[i];

		if (!spt->l1)
			continue;
		umbra_spt_destroy(spt);
		free_pages((unsigned long)spt->l1, get_order(ARM_L1_SIZE));
		spt->l1 = NULL;
	}
}

/**
 * umbra_mmu_unmap_all() - drop every guest mapping of the vCPU's shadow
 * tables (a guest TLBIALL or TLBIASID, or a change of its translation
 * registers). The TLB needs nothing more: it is invalidated at every guest
 * entry.
 * @vcpu: the vCPU; called from its own thread, outside the guest
 */
void umbra_mmu_unmap_all(struct umbra_vcpu *vcpu)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(vcpu->spt); i++)
		umbra_spt_unmap_all(&vcpu->spt[i]);
}

/**
 * umbra_mmu_unmap_va() - drop the shadow entries that can derive from the
 * guest mapping of @va (a guest TLBIMVA or TLBIMVAA).
 * @vcpu: the vCPU; called from its own thread, outside the guest
 * @va:   guest virtual address
 */
void umbra_mmu_unmap_va(struct umbra_vcpu *vcpu, u32 va)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(vcpu->spt); i++)
		umbra_spt_unmap_va(&vcpu->spt[i], va);
}

static void umbra_kick(void *info)
{
}

/**
 * umbra_mmu_unmap_all_others() - make every other vCPU of the VM drop all
 * its guest mappings before it next runs guest code (inner-shareable TLB
 * maintenance, B4.2.2). Returns once none of them is still in the guest
 * with its old mappings.
 * @vcpu: the vCPU doing the maintenance
 */
void umbra_mmu_unmap_all_others(struct umbra_vcpu *vcpu)
{
	struct umbra_vm *vm = vcpu->vm;
	int i, cpu;

	mutex_lock(&vm->lock);
	for (i = 0; i < UMBRA_MAX_VCPUS; i++) {
		struct umbra_vcpu *other = vm->vcpus[i];

		if (!other || other == vcpu)
			continue;
		set_bit(UMBRA_REQ_UNMAP_ALL, &other->requests);
		smp_mb__after_atomic();	/* pairs with umbra_vcpu_run() */
		cpu = READ_ONCE(other->cpu_in_guest);
		if (cpu >= 0)
			smp_call_function_single(cpu, umbra_kick, NULL, 1);
	}
	mutex_unlock(&vm->lock);
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

/* Guest table reads for the walker: aligned words of guest RAM. */
static int umbra_walk_read(void *ctx, u32 ipa, u32 *val)
{
	__le32 w;

	if (umbra_read_guest(ctx, ipa, &w, sizeof(w)))
		return -EFAULT;
	*val = le32_to_cpu(w);
	return 0;
}

static bool umbra_vcpu_pl1(struct umbra_vcpu *vcpu)
{
	return umbra_mode_privileged(vcpu->regs.cpsr);
}

static int umbra_walk_va(struct umbra_vcpu *vcpu, u32 va, u32 access,
			 struct umbra_walk *w, u32 *fsr)
{
	int ret = umbra_walk(&vcpu->cp15.mmu, va, umbra_walk_read, vcpu->vm, w);

	if (ret) {
		*fsr = w->fsr;
		return -EFAULT;
	}
	*fsr = umbra_walk_access_fsr(w, umbra_vcpu_pl1(vcpu), access);
	return *fsr ? -EFAULT : 0;
}

/**
 * umbra_mmu_translate() - translate a guest virtual address as the guest's
 * MMU would at its current privilege level.
 * @vcpu:   the vCPU (its CP15 and CPSR)
 * @va:     guest virtual address
 * @access: UMBRA_R, UMBRA_W or UMBRA_X
 * @ipa:    out: the IPA
 * @fsr:    out, on -EFAULT: the fault status the guest must see (WnR not
 *          included)
 *
 * Return: 0, or -EFAULT when the guest's own translation faults.
 */
int umbra_mmu_translate(struct umbra_vcpu *vcpu, u32 va, u32 access,
			u32 *ipa, u32 *fsr)
{
	struct umbra_walk w;
	int ret = umbra_walk_va(vcpu, va, access, &w, fsr);

	*ipa = w.ipa;
	return ret;
}

/**
 * umbra_read_guest_va() - copy bytes from guest virtual memory, with the
 * rights of an instruction fetch at the guest's current privilege level.
 * @vcpu: the vCPU
 * @va:   first guest virtual address
 * @buf:  destination (kernel memory)
 * @len:  bytes
 *
 * Return: 0, or -EFAULT when a byte does not translate or is not RAM.
 */
int umbra_read_guest_va(struct umbra_vcpu *vcpu, u32 va, void *buf,
			size_t len)
{
	while (len) {
		size_t n = min_t(size_t, len, PAGE_SIZE - (va & ~PAGE_MASK));
		u32 ipa, fsr;

		if (umbra_mmu_translate(vcpu, va, UMBRA_X, &ipa, &fsr) ||
		    umbra_read_guest(vcpu->vm, ipa, buf, n))
			return -EFAULT;
		buf += n;
		va += n;
		len -= n;
	}
	return 0;
}

/*
 * The shadow fault's view of guest RAM: the host page behind an IPA, its
 * data cache cleaned so instructions the VMM wrote reach the guest's
 * fetches (ARM ARM B2.2.9).
 */
static int umbra_shadow_lookup(void *ctx, u32 ipa, u32 *pa, u32 *rights)
{
	struct umbra_region *r = umbra_region_find(ctx, ipa);
	struct page *page;
	void *kaddr;

	if (!r)
		return -ENOENT;
	page = umbra_region_page(r, ipa);
	kaddr = kmap_local_page(page);
	__cpuc_flush_dcache_area(kaddr, PAGE_SIZE);
	kunmap_local(kaddr);
	*pa = page_to_phys(page);
	*rights = (r->flags & UMBRA_MEM_READONLY) ? UMBRA_R :
						    UMBRA_R | UMBRA_W;
	return 0;
}

/**
 * umbra_mmu_shadow_fault() - resolve a guest abort on @va in the shadow
 * table of the guest's current privilege level (core/shadow.c).
 * @vcpu:   the vCPU
 * @va:     guest virtual address that faulted
 * @access: UMBRA_R, UMBRA_W or UMBRA_X
 * @ipa:    out: the IPA @va translates to (for -ENOENT, -EACCES)
 * @fsr:    out, on -EFAULT: the fault the guest must see
 *
 * Return: as umbra_shadow_fill(): 0 when mapped (re-run the access);
 * -EFAULT when the guest's own translation forbids it; -EPERM for the
 * forbidden range; -ENOENT when the IPA is in no memory region; -EACCES
 * for a write to a read-only region; -ENOMEM when no table memory is left.
 */
int umbra_mmu_shadow_fault(struct umbra_vcpu *vcpu, u32 va, u32 access,
			   u32 *ipa, u32 *fsr)
{
	struct umbra_vm *vm = vcpu->vm;
	bool pl1 = umbra_vcpu_pl1(vcpu);
	const struct umbra_shadow_env env = {
		.read = umbra_walk_read,
		.lookup = umbra_shadow_lookup,
		.ctx = vm,
		.smp = umbra_host_is_smp(),
	};

	return umbra_shadow_fill(&vcpu->spt[pl1 ? UMBRA_SPT_PL1 :
					    UMBRA_SPT_PL0],
				 &vcpu->cp15.mmu, pl1, va, access, &env, ipa,
				 fsr);
}
