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

/* Table walks may not snoop the data cache on uniprocessor cores. */
static void umbra_sync_table(void *ctx, u32 *entry, size_t bytes)
{
	__cpuc_flush_dcache_area(entry, bytes);
	dsb(ishst);
}

static u32 umbra_spt_shared(void)
{
	return umbra_host_is_smp() ? UMBRA_SPT_SHARED : 0;
}

static int umbra_spt_create(struct umbra_vcpu *vcpu, struct umbra_spt *spt)
{
	u32 pa, *l1 = umbra_pool_alloc_l1(&vcpu->pool, &pa);
	int ret;

	if (!l1)
		return -ENOMEM;
	umbra_spt_init(spt, l1, pa, UMBRA_FORBIDDEN_BASE,
		       UMBRA_FORBIDDEN_SIZE, &umbra_pool_spt_ops, &vcpu->pool);
	ret = umbra_spt_map(spt, UMBRA_MONITOR_CODE_VA, umbra_monitor_code_pa(),
			    UMBRA_SPT_MONITOR | UMBRA_SPT_EXEC |
			    umbra_spt_shared());
	if (ret)
		return ret;
	return umbra_spt_map(spt, UMBRA_MONITOR_DATA_VA,
			     page_to_phys(vcpu->vm->monitor_data),
			     UMBRA_SPT_MONITOR | UMBRA_SPT_WRITE |
			     umbra_spt_shared());
}

static void umbra_pool_mem_free(struct umbra_vcpu *vcpu)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vcpu->pool_l1); i++)
		free_pages((unsigned long)vcpu->pool_l1[i].cpu,
			   get_order(ARM_L1_SIZE));
	for (i = 0; vcpu->pool_l2 && i < vcpu->vm->pool_pages; i++)
		free_page((unsigned long)vcpu->pool_l2[i].cpu);
	kvfree(vcpu->pool_l2);
	vcpu->pool_l2 = NULL;
}

/* The pool's memory: allocated once, lowmem, never mapped to a guest. */
static int umbra_pool_mem_alloc(struct umbra_vcpu *vcpu)
{
	unsigned int i, n = vcpu->vm->pool_pages;

	for (i = 0; i < ARRAY_SIZE(vcpu->pool_l1); i++) {
		void *p = (void *)__get_free_pages(GFP_KERNEL_ACCOUNT,
						   get_order(ARM_L1_SIZE));

		if (!p)
			return -ENOMEM;
		vcpu->pool_l1[i].cpu = p;
		vcpu->pool_l1[i].pa = virt_to_phys(p);
	}
	vcpu->pool_l2 = kvcalloc(n, sizeof(*vcpu->pool_l2),
				 GFP_KERNEL_ACCOUNT);
	if (!vcpu->pool_l2)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		void *p = (void *)__get_free_page(GFP_KERNEL_ACCOUNT);

		if (!p)
			return -ENOMEM;
		vcpu->pool_l2[i].cpu = p;
		vcpu->pool_l2[i].pa = virt_to_phys(p);
	}
	return umbra_pool_init(&vcpu->pool, vcpu->pool_l1,
			       ARRAY_SIZE(vcpu->pool_l1), vcpu->pool_l2, n,
			       umbra_sync_table, NULL);
}

/**
 * umbra_mmu_init() - create a vCPU's pool and its address-space cache:
 * UMBRA_AS_CACHE pairs of shadow tables, each with the monitor's mappings
 * in its forbidden range.
 * @vcpu: the vCPU being created (its VM's monitor data page exists)
 *
 * Return: 0 or -ENOMEM.
 */
int umbra_mmu_init(struct umbra_vcpu *vcpu)
{
	int a, i, ret;

	ret = umbra_pool_mem_alloc(vcpu);
	for (a = 0; !ret && a < UMBRA_AS_CACHE; a++) {
		struct umbra_as *as = &vcpu->as[a];

		as->ttbr0 = UMBRA_AS_FLAT;
		as->asid = a + 1;	/* no two slots share a key */
		for (i = 0; !ret && i < ARRAY_SIZE(as->spt); i++)
			ret = umbra_spt_create(vcpu, &as->spt[i]);
	}
	if (ret) {
		umbra_mmu_destroy(vcpu);
		return -ENOMEM;
	}
	vcpu->cur_as = &vcpu->as[0];
	vcpu->as_transient = &vcpu->as[UMBRA_AS_CACHE - 1];
	return 0;
}

/**
 * umbra_mmu_destroy() - free a vCPU's shadow tables and pool; the vCPU is
 * not running.
 * @vcpu: the vCPU
 */
void umbra_mmu_destroy(struct umbra_vcpu *vcpu)
{
	int a, i;

	for (a = 0; a < UMBRA_AS_CACHE; a++) {
		for (i = 0; i < ARRAY_SIZE(vcpu->as[a].spt); i++) {
			struct umbra_spt *spt = &vcpu->as[a].spt[i];

			if (!spt->l1)
				continue;
			umbra_spt_destroy(spt);
			spt->l1 = NULL;
		}
	}
	umbra_pool_mem_free(vcpu);
	kvfree(vcpu->check);
	vcpu->check = NULL;
}

/*
 * debug_checks: the invariants of thesis ch. 4 (core/check.c) over all the
 * vCPU's shadow tables, after every change. A violation is a host bug: it
 * is logged with a WARNING, which fails the in-target test runs.
 */
atomic_long_t umbra_checks_done;

static void umbra_mmu_check(struct umbra_vcpu *vcpu, const char *op)
{
	struct umbra_spt *spts[UMBRA_AS_CACHE * 2];
	struct umbra_check_vm cv = {
		.pool = &vcpu->pool,
		.spt = spts,
		.nr_spt = ARRAY_SIZE(spts),
		.forbidden_base = UMBRA_FORBIDDEN_BASE,
		.forbidden_size = UMBRA_FORBIDDEN_SIZE,
		.allowed = umbra_vm_allowed,
		.ctx = vcpu->vm,
	};
	char why[160];
	int a;

	if (!umbra_debug_checks)
		return;
	if (!vcpu->check)
		vcpu->check = kvmalloc(sizeof(*vcpu->check), GFP_KERNEL);
	if (!vcpu->check || !umbra_vm_allowed_ready(vcpu->vm))
		return;		/* no memory to check with: not checked */
	cv.scratch = vcpu->check;
	for (a = 0; a < UMBRA_AS_CACHE; a++) {
		spts[2 * a] = &vcpu->as[a].spt[0];
		spts[2 * a + 1] = &vcpu->as[a].spt[1];
	}
	atomic_long_inc(&umbra_checks_done);
	if (umbra_check(&cv, why, sizeof(why)))
		WARN_ONCE(1, "umbra: isolation invariant violated after %s: %s\n",
			  op, why);
}

static void umbra_as_unmap_all(struct umbra_as *as)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(as->spt); i++)
		umbra_spt_unmap_all(&as->spt[i]);
}

/**
 * umbra_mmu_unmap_all() - drop every guest mapping of every cached
 * address space (a guest TLBIALL, or a change of translation registers
 * that all address spaces share: TTBR1, TTBCR, DACR, SCTLR.M/AFE). The TLB
 * needs nothing more: it is invalidated at every guest entry.
 * @vcpu: the vCPU; called from its own thread, outside the guest
 */
void umbra_mmu_unmap_all(struct umbra_vcpu *vcpu)
{
	int a;

	for (a = 0; a < UMBRA_AS_CACHE; a++)
		umbra_as_unmap_all(&vcpu->as[a]);
	umbra_mmu_check(vcpu, "unmap_all");
}

/**
 * umbra_mmu_unmap_asid() - drop the guest mappings of the address spaces
 * with ASID @asid (a guest TLBIASID). Entries from global guest mappings
 * elsewhere stay, as the architecture keeps them (B3.10.1).
 * @vcpu: the vCPU; called from its own thread, outside the guest
 * @asid: the ASID, 0-255
 */
void umbra_mmu_unmap_asid(struct umbra_vcpu *vcpu, u32 asid)
{
	int a;

	for (a = 0; a < UMBRA_AS_CACHE; a++)
		if (vcpu->as[a].ttbr0 != UMBRA_AS_FLAT &&
		    vcpu->as[a].asid == asid)
			umbra_as_unmap_all(&vcpu->as[a]);
	umbra_mmu_check(vcpu, "unmap by ASID");
}

/**
 * umbra_mmu_unmap_va() - drop the shadow entries that can derive from the
 * guest mapping of @va, in every cached address space (a guest TLBIMVA
 * also removes global entries, which any of them may hold; TLBIMVAA).
 * @vcpu: the vCPU; called from its own thread, outside the guest
 * @va:   guest virtual address
 */
void umbra_mmu_unmap_va(struct umbra_vcpu *vcpu, u32 va)
{
	int a, i;

	for (a = 0; a < UMBRA_AS_CACHE; a++)
		for (i = 0; i < ARRAY_SIZE(vcpu->as[a].spt); i++)
			umbra_spt_unmap_va(&vcpu->as[a].spt[i], va);
	umbra_mmu_check(vcpu, "unmap");
}

static bool umbra_vcpu_pl1(struct umbra_vcpu *vcpu)
{
	return umbra_mode_privileged(vcpu->regs.cpsr);
}

/**
 * umbra_mmu_select() - the shadow table for the guest's next entry: its
 * current address space (TTBR0 and ASID, or MMU off) from the cache, and
 * the table of its current privilege level.
 * @vcpu: the vCPU; called from its own thread, outside the guest
 *
 * A key not in the cache gets the *transient* slot, emptied first. A
 * guest kernel switching address spaces writes CONTEXTIDR and TTBR0 one
 * after the other and runs a few instructions in between under the
 * intermediate key; these take at most one shadow fault (the fetch of the
 * next instruction), so the transient slot absorbs them without evicting
 * a cached address space. A second shadow fault in the transient slot
 * makes it a cached one (umbra_mmu_keep_transient()), the least recently
 * used cached slot becoming the transient one.
 */
struct umbra_spt *umbra_mmu_select(struct umbra_vcpu *vcpu)
{
	const struct umbra_mmu_regs *mmu = &vcpu->cp15.mmu;
	u32 ttbr0 = UMBRA_AS_FLAT, asid = 0;
	struct umbra_as *as = vcpu->cur_as;
	int a;

	if (mmu->sctlr & UMBRA_SCTLR_M) {
		ttbr0 = mmu->ttbr0 & ~0x7fu;
		asid = mmu->contextidr & 0xff;
	}
	if (as->ttbr0 != ttbr0 || as->asid != asid) {
		as = NULL;
		for (a = 0; a < UMBRA_AS_CACHE && !as; a++)
			if (vcpu->as[a].ttbr0 == ttbr0 &&
			    vcpu->as[a].asid == asid)
				as = &vcpu->as[a];
		if (!as) {
			as = vcpu->as_transient;
			umbra_as_unmap_all(as);
			as->ttbr0 = ttbr0;
			as->asid = asid;
			vcpu->transient_faults = 0;
			umbra_mmu_check(vcpu, "address space eviction");
		}
		vcpu->cur_as = as;
	}
	if (as != vcpu->as_transient)
		as->last_use = ++vcpu->as_clock;
	return &as->spt[umbra_vcpu_pl1(vcpu) ? UMBRA_SPT_PL1 : UMBRA_SPT_PL0];
}

/* A shadow fault in the transient slot: keep that address space cached. */
static void umbra_mmu_keep_transient(struct umbra_vcpu *vcpu)
{
	struct umbra_as *victim = NULL;
	int a;

	/*
	 * The intermediate regime of a switch fetches the next instruction
	 * or two (one shadow fault); an address space in real use faults
	 * more often than that.
	 */
	if (vcpu->cur_as != vcpu->as_transient ||
	    ++vcpu->transient_faults < 2)
		return;
	for (a = 0; a < UMBRA_AS_CACHE; a++) {
		struct umbra_as *c = &vcpu->as[a];

		if (c != vcpu->as_transient &&
		    (!victim || c->last_use < victim->last_use))
			victim = c;
	}
	vcpu->as_transient = victim;	/* emptied when next used */
	vcpu->cur_as->last_use = ++vcpu->as_clock;
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
 * Return: 0, or -EFAULT when a byte lies outside every RAM region (device
 * regions are not read: a read could have side effects).
 */
int umbra_read_guest(struct umbra_vm *vm, u32 ipa, void *buf, size_t len)
{
	while (len) {
		struct umbra_region *r = umbra_region_find(vm, ipa);
		size_t off = ipa & ~PAGE_MASK;
		size_t n = min_t(size_t, len, PAGE_SIZE - off);
		void *kaddr;

		if (!r || !r->pages)	/* MMIO, or a device's registers */
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

/**
 * umbra_access_guest_word() - load or store one aligned word of guest
 * virtual memory as a data access of the guest at its current privilege
 * level (the emulated LDM/STM/RFE/SRS of core/pvinsn.c).
 * @vcpu:  the vCPU
 * @va:    word-aligned guest virtual address
 * @val:   the word to store, or out: the word loaded
 * @write: store
 * @fsr:   out, on -EFAULT: the fault status the guest's MMU reports (WnR
 *         not included)
 *
 * Return: 0; -EFAULT when the guest's own translation or permission check
 * faults; -ENOENT when the IPA is not guest RAM, or for a store, is
 * read-only guest memory.
 */
int umbra_access_guest_word(struct umbra_vcpu *vcpu, u32 va, u32 *val,
			    bool write, u32 *fsr)
{
	struct umbra_region *r;
	__le32 *p;
	void *kaddr;
	u32 ipa;

	if (umbra_mmu_translate(vcpu, va, write ? UMBRA_W : UMBRA_R, &ipa,
				fsr))
		return -EFAULT;
	r = umbra_region_find(vcpu->vm, ipa);
	if (!r || !r->pages || (write && (r->flags & UMBRA_MEM_READONLY)))
		return -ENOENT;
	kaddr = kmap_local_page(umbra_region_page(r, ipa));
	p = kaddr + (ipa & ~PAGE_MASK & ~3u);
	if (write)
		*p = cpu_to_le32(*val);
	else
		*val = le32_to_cpu(*p);
	kunmap_local(kaddr);
	return 0;
}

/*
 * The shadow fault's view of guest memory: the host page behind an IPA, its
 * data cache cleaned so instructions the VMM wrote reach the guest's
 * fetches (ARM ARM B2.2.9); or a device region's page frame, UMBRA_DEV.
 */
static int umbra_shadow_lookup(void *ctx, u32 ipa, u32 *pa, u32 *rights)
{
	struct umbra_region *r = umbra_region_find(ctx, ipa);
	struct page *page;
	void *kaddr;

	if (!r)
		return -ENOENT;
	*rights = (r->flags & UMBRA_MEM_READONLY) ? UMBRA_R :
						    UMBRA_R | UMBRA_W;
	if (r->pfns) {
		*pa = PFN_PHYS(r->pfns[(ipa - r->ipa) >> PAGE_SHIFT]);
		*rights |= UMBRA_DEV;
		return 0;
	}
	page = umbra_region_page(r, ipa);
	kaddr = kmap_local_page(page);
	__cpuc_flush_dcache_area(kaddr, PAGE_SIZE);
	kunmap_local(kaddr);
	*pa = page_to_phys(page);
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
	struct umbra_spt *spt = &vcpu->cur_as->spt[pl1 ? UMBRA_SPT_PL1 :
						      UMBRA_SPT_PL0];
	int ret;

	umbra_mmu_keep_transient(vcpu);
	ret = umbra_shadow_fill(spt, &vcpu->cp15.mmu, pl1, va, access, &env,
				ipa, fsr);
	if (ret == -ENOMEM) {
		/* pool exhausted: start every table afresh (core/pool.h) */
		umbra_mmu_unmap_all(vcpu);
		ret = umbra_shadow_fill(spt, &vcpu->cp15.mmu, pl1, va, access,
					&env, ipa, fsr);
	}
	umbra_mmu_check(vcpu, "map");
	return ret;
}
