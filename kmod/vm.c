// SPDX-License-Identifier: GPL-2.0
/*
 * VM file descriptors: memory regions and vCPU creation.
 *
 * Memory regions are static: each slot is set once, its pages are pinned at
 * registration and stay pinned until the VM is destroyed, and no region can
 * be added once a vCPU has entered the guest.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "umbra.h"

static void umbra_region_release(struct umbra_region *r)
{
	if (!r->used)
		return;
	umbra_claims_release(r->vm, r->pages, r->size >> PAGE_SHIFT,
			     r->flags);
	unpin_user_pages_dirty_lock(r->pages, r->size >> PAGE_SHIFT,
				    !(r->flags & UMBRA_MEM_READONLY));
	kvfree(r->pages);
	r->used = false;
}

static void umbra_vm_free(struct kref *kref)
{
	struct umbra_vm *vm = container_of(kref, struct umbra_vm, kref);
	int i;

	umbra_irqfd_release_all(vm);
	umbra_vgic_destroy(vm);
	__free_page(vm->monitor_data);
	kvfree(vm->allowed);
	for (i = 0; i < UMBRA_MAX_MEMSLOTS; i++)
		umbra_region_release(&vm->regions[i]);
	kvfree(vm);
}

/**
 * umbra_vm_put() - drop a reference to @vm, freeing it with the last one.
 * @vm: the VM
 */
void umbra_vm_put(struct umbra_vm *vm)
{
	kref_put(&vm->kref, umbra_vm_free);
}

/**
 * umbra_region_overlaps() - does an IPA range overlap a memory region?
 * @vm:   the VM, vm->lock held
 * @ipa:  first IPA
 * @size: bytes
 *
 * Return: true on overlap.
 */
bool umbra_region_overlaps(struct umbra_vm *vm, u64 ipa, u64 size)
{
	int i;

	for (i = 0; i < UMBRA_MAX_MEMSLOTS; i++) {
		struct umbra_region *r = &vm->regions[i];

		if (r->used && ipa < r->ipa + r->size && r->ipa < ipa + size)
			return true;
	}
	return false;
}

static int umbra_region_check(const struct umbra_userspace_memory_region *m)
{
	if (m->slot >= UMBRA_MAX_MEMSLOTS)
		return -EINVAL;
	if (m->flags & ~(UMBRA_MEM_READONLY | UMBRA_MEM_SHARED))
		return -EINVAL;
	if (!m->memory_size || !PAGE_ALIGNED(m->memory_size) ||
	    !PAGE_ALIGNED(m->guest_phys_addr) ||
	    !PAGE_ALIGNED(m->userspace_addr))
		return -EINVAL;
	if (m->guest_phys_addr >= (1ULL << 32) ||
	    m->memory_size > (1ULL << 32) - m->guest_phys_addr)
		return -EINVAL;
	if (m->userspace_addr > ULONG_MAX ||
	    m->memory_size > ULONG_MAX - m->userspace_addr ||
	    !access_ok((void __user *)(unsigned long)m->userspace_addr,
		       m->memory_size))
		return -EFAULT;
	return 0;
}

static int umbra_region_pin(struct umbra_vm *vm, struct umbra_region *r,
			    const struct umbra_userspace_memory_region *m)
{
	unsigned long npages = m->memory_size >> PAGE_SHIFT;
	unsigned int gup = FOLL_LONGTERM;
	long pinned;

	if (!(m->flags & UMBRA_MEM_READONLY))
		gup |= FOLL_WRITE;
	r->pages = kvmalloc_array(npages, sizeof(*r->pages),
				  GFP_KERNEL_ACCOUNT);
	if (!r->pages)
		return -ENOMEM;
	pinned = pin_user_pages_fast(m->userspace_addr, npages, gup, r->pages);
	if (pinned == npages) {
		int ret = umbra_claims_add(vm, r->pages, npages, m->flags);

		if (ret) {
			unpin_user_pages(r->pages, npages);
			kvfree(r->pages);
			r->pages = NULL;
			return ret;
		}
		r->vm = vm;
		r->used = true;
		r->flags = m->flags;
		r->ipa = m->guest_phys_addr;
		r->size = m->memory_size;
		r->uaddr = m->userspace_addr;
		return 0;
	}
	if (pinned > 0)
		unpin_user_pages(r->pages, pinned);
	kvfree(r->pages);
	r->pages = NULL;
	return pinned == -ENOMEM ? -ENOMEM : -EFAULT;
}

/*
 * UMBRA_SET_USER_MEMORY_REGION. Errors: EFAULT (argument unreadable, or
 * userspace_addr range not mapped/writable), EINVAL (bad slot, flags,
 * alignment, zero size, beyond 4 GiB), EEXIST (slot already set, or IPA
 * range overlaps another slot or a frame of the virtual GIC), EBUSY (a vCPU has run, or a host page is
 * another VM's private page, would be shared by a private region, or would
 * get a second writer: see kmod/claims.c), ENOMEM.
 */
static int umbra_vm_set_region(struct umbra_vm *vm, void __user *argp)
{
	struct umbra_userspace_memory_region m;
	int ret;

	if (copy_from_user(&m, argp, sizeof(m)))
		return -EFAULT;
	ret = umbra_region_check(&m);
	if (ret)
		return ret;

	mutex_lock(&vm->lock);
	if (vm->has_run)
		ret = -EBUSY;
	else if (vm->regions[m.slot].used ||
		 umbra_region_overlaps(vm, m.guest_phys_addr, m.memory_size) ||
		 umbra_vgic_overlaps(vm, m.guest_phys_addr, m.memory_size))
		ret = -EEXIST;
	else
		ret = umbra_region_pin(vm, &vm->regions[m.slot], &m);
	mutex_unlock(&vm->lock);
	return ret;
}

static long umbra_vm_ioctl(struct file *filp, unsigned int ioctl,
			   unsigned long arg)
{
	struct umbra_vm *vm = filp->private_data;

	switch (ioctl) {
	case UMBRA_CREATE_VCPU:
		return umbra_create_vcpu(vm, arg);
	case UMBRA_SET_USER_MEMORY_REGION:
		return umbra_vm_set_region(vm, (void __user *)arg);
	case UMBRA_CREATE_IRQCHIP:
		return umbra_vgic_create(vm, (void __user *)arg);
	case UMBRA_IRQ_LINE:
		return umbra_vgic_irq_line(vm, (void __user *)arg);
	case UMBRA_IRQFD:
		return umbra_irqfd(vm, (void __user *)arg);
	default:
		return -ENOTTY;
	}
}

static int umbra_vm_release(struct inode *inode, struct file *filp)
{
	umbra_vm_put(filp->private_data);
	return 0;
}

static const struct file_operations umbra_vm_fops = {
	.owner = THIS_MODULE,
	.release = umbra_vm_release,
	.unlocked_ioctl = umbra_vm_ioctl,
	.llseek = noop_llseek,
};

static int umbra_cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/* The static permissions as a sorted index: (pfn << 2) | rights. */
static void umbra_vm_build_allowed(struct umbra_vm *vm)
{
	unsigned long n = 0, i, k;
	int s;

	for (s = 0; s < UMBRA_MAX_MEMSLOTS; s++)
		if (vm->regions[s].used)
			n += vm->regions[s].size >> PAGE_SHIFT;
	vm->allowed = kvmalloc_array(n, sizeof(u32), GFP_KERNEL);
	if (!vm->allowed)
		return;
	for (s = 0, k = 0; s < UMBRA_MAX_MEMSLOTS; s++) {
		struct umbra_region *r = &vm->regions[s];
		u32 rights = (r->flags & UMBRA_MEM_READONLY) ? UMBRA_R :
			     UMBRA_R | UMBRA_W;

		for (i = 0; r->used && i < (r->size >> PAGE_SHIFT); i++)
			vm->allowed[k++] = page_to_pfn(r->pages[i]) << 2 |
					   rights;
	}
	sort(vm->allowed, n, sizeof(u32), umbra_cmp_u32, NULL);
	vm->nr_allowed = n;
}

/**
 * umbra_vm_allowed_ready() - make sure the index umbra_vm_allowed()
 * searches exists (built once, when the regions are fixed).
 * @vm: the VM
 *
 * Return: true if it exists; false if it could not be allocated, and the
 * isolation checker must skip this check rather than read "no page is
 * allowed" from a missing index.
 */
bool umbra_vm_allowed_ready(struct umbra_vm *vm)
{
	if (!vm->allowed)
		umbra_vm_build_allowed(vm);
	return vm->allowed;
}

/**
 * umbra_vm_allowed() - the VM's static permission on a host page (thesis
 * 3.3: its private pages read/write, read-only regions read), for the
 * invariants checker.
 * @ctx: the VM; its regions are fixed (a vCPU has run)
 * @pa:  host physical address
 *
 * Return: 0 (not the VM's), UMBRA_R or UMBRA_R | UMBRA_W.
 */
u32 umbra_vm_allowed(void *ctx, u32 pa)
{
	struct umbra_vm *vm = ctx;
	u32 key = (pa >> PAGE_SHIFT) << 2, best = 0;
	unsigned long lo = 0, hi;

	mutex_lock(&vm->lock);
	if (!vm->allowed)
		umbra_vm_build_allowed(vm);
	hi = vm->nr_allowed;
	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		if ((vm->allowed[mid] & ~3u) < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* a page in several regions: the most any of them allows */
	for (; lo < vm->nr_allowed && (vm->allowed[lo] & ~3u) == key; lo++)
		best |= vm->allowed[lo] & 3u;
	mutex_unlock(&vm->lock);
	return best;
}

/**
 * umbra_create_vm() - UMBRA_CREATE_VM: a new, empty VM.
 * @type: 0, or UMBRA_VM_POOL_PAGES(n) to size each vCPU's shadow table
 *        pool (n pages, UMBRA_VM_POOL_MIN_PAGES .. UMBRA_VM_POOL_MAX_PAGES)
 *
 * Return: a new VM file descriptor; -EINVAL for bits of @type outside the
 * pool field or a pool size out of range; -ENOMEM; -EMFILE/-ENFILE when no
 * descriptor is left.
 */
long umbra_create_vm(unsigned long type)
{
	unsigned long pages = type >> UMBRA_VM_POOL_SHIFT;
	struct umbra_vm *vm;
	int ret;

	if (type & ((1UL << UMBRA_VM_POOL_SHIFT) - 1))
		return -EINVAL;
	if (!pages)
		pages = UMBRA_VM_POOL_DEFAULT_PAGES;
	if (pages < UMBRA_VM_POOL_MIN_PAGES || pages > UMBRA_VM_POOL_MAX_PAGES)
		return -EINVAL;
	vm = kvzalloc(sizeof(*vm), GFP_KERNEL_ACCOUNT);
	if (!vm)
		return -ENOMEM;
	vm->pool_pages = pages;
	vm->clock_base = ktime_get_ns();
	kref_init(&vm->kref);
	mutex_init(&vm->lock);
	spin_lock_init(&vm->irqfds_lock);
	INIT_LIST_HEAD(&vm->irqfds);
	vm->monitor_data = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	if (!vm->monitor_data) {
		kvfree(vm);
		return -ENOMEM;
	}
	ret = anon_inode_getfd("umbra-vm", &umbra_vm_fops, vm,
			       O_RDWR | O_CLOEXEC);
	if (ret < 0)
		umbra_vm_put(vm);
	return ret;
}
