// SPDX-License-Identifier: GPL-2.0
/*
 * Static permissions across VMs (thesis 3.3, Property 3.3.1): every host
 * page pinned for a memory region is claimed, module-wide, as one VM's
 * private page, or as a shared page with at most one writer VM and any
 * number of reader VMs. A region whose pages conflict with another VM's
 * claims is refused, so private regions of different VMs never intersect
 * and a shared write buffer has exactly one writer. The pool is kernel
 * memory, never a user page, so it intersects nothing by construction.
 *
 * A device region's page frames (UMBRA_MEM_DEVICE: a device's registers,
 * not RAM) are claimed as private pages the same way, so a device is
 * assigned to one VM at most.
 */
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "umbra.h"

/**
 * struct umbra_claim - who holds one host page.
 * @owner:   the VM that holds it privately, or NULL
 * @writer:  the VM that writes it as shared memory, or NULL
 * @refs:    region pages of @owner or @writer backed by it (a VM may map
 *           one page more than once)
 * @readers: region pages of any VM reading it as shared memory
 */
struct umbra_claim {
	struct umbra_vm *owner;
	struct umbra_vm *writer;
	unsigned int refs;
	unsigned int readers;
};

static DEFINE_XARRAY(umbra_claims);
static DEFINE_MUTEX(umbra_claims_lock);

/* May @vm take @page as a region with @flags? */
static bool umbra_claim_ok(const struct umbra_claim *c, struct umbra_vm *vm,
			   u32 flags)
{
	if (!c)
		return true;
	if (!(flags & UMBRA_MEM_SHARED))
		return c->owner == vm;
	if (c->owner)
		return false;
	return (flags & UMBRA_MEM_READONLY) || !c->writer || c->writer == vm;
}

static void umbra_claim_put(struct umbra_vm *vm, unsigned long pfn,
			    u32 flags)
{
	struct umbra_claim *c = xa_load(&umbra_claims, pfn);

	if (WARN_ON_ONCE(!c))
		return;
	if ((flags & UMBRA_MEM_SHARED) && (flags & UMBRA_MEM_READONLY))
		c->readers--;
	else if (!--c->refs)
		c->owner = c->writer = NULL;
	if (!c->owner && !c->writer && !c->readers) {
		xa_erase(&umbra_claims, pfn);
		kfree(c);
	}
}

/**
 * umbra_claims_add() - claim the page frames of a new region for @vm.
 * @vm:     the VM
 * @r:      the region: its pinned @pages, or for a device its @pfns
 * @npages: how many
 * @flags:  the region's UMBRA_MEM_* flags
 *
 * Return: 0; -EBUSY when a page is another VM's private page (for a
 * device: another VM's device region has it), a private region would take
 * a page another VM shares, or a second VM would write a shared page;
 * -ENOMEM. Nothing is claimed on error.
 */
int umbra_claims_add(struct umbra_vm *vm, const struct umbra_region *r,
		     unsigned long npages, u32 flags)
{
	unsigned long i;
	int ret = 0;

	mutex_lock(&umbra_claims_lock);
	for (i = 0; i < npages; i++) {
		if (!umbra_claim_ok(xa_load(&umbra_claims,
					    umbra_region_pfn(r, i)), vm, flags)) {
			ret = -EBUSY;
			goto out;
		}
	}
	for (i = 0; i < npages; i++) {
		unsigned long pfn = umbra_region_pfn(r, i);
		struct umbra_claim *c = xa_load(&umbra_claims, pfn);

		cond_resched();	/* a slab object a page: long on debug kernels */
		if (!c) {
			c = kzalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);
			if (!c || xa_err(xa_store(&umbra_claims, pfn, c,
						  GFP_KERNEL_ACCOUNT))) {
				kfree(c);
				ret = -ENOMEM;
				break;
			}
		}
		if ((flags & UMBRA_MEM_SHARED) && (flags & UMBRA_MEM_READONLY)) {
			c->readers++;
		} else {
			if (flags & UMBRA_MEM_SHARED)
				c->writer = vm;
			else
				c->owner = vm;
			c->refs++;
		}
	}
	while (ret && i--) {
		umbra_claim_put(vm, umbra_region_pfn(r, i), flags);
		cond_resched();
	}
out:
	mutex_unlock(&umbra_claims_lock);
	return ret;
}

/**
 * umbra_claims_release() - give back the claims of a region.
 * @vm:     the VM that claimed them with umbra_claims_add()
 * @r:      the region: its @pages or @pfns
 * @npages: how many
 * @flags:  the region's UMBRA_MEM_* flags
 */
void umbra_claims_release(struct umbra_vm *vm, const struct umbra_region *r,
			  unsigned long npages, u32 flags)
{
	unsigned long i;

	mutex_lock(&umbra_claims_lock);
	for (i = 0; i < npages; i++) {
		umbra_claim_put(vm, umbra_region_pfn(r, i), flags);
		cond_resched();	/* a 64 MiB region: 16384 kfree()s */
	}
	mutex_unlock(&umbra_claims_lock);
}
