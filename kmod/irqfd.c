// SPDX-License-Identifier: GPL-2.0
/*
 * UMBRA_IRQFD: an eventfd bound to an SPI of the VM's GIC, after KVM's
 * irqfd (virt/kvm/eventfd.c). The irqfd waits on the eventfd's wait
 * queue; a write to the eventfd wakes it up in the writer's context,
 * where it consumes the count and raises the SPI (umbra_vgic_set_level()
 * takes a spinlock, so no work item is needed to inject): pending once,
 * as an edge or a GICD_ISPENDRn write would make it. EPOLLHUP (the
 * eventfd's last reference closed) or UMBRA_IRQFD_FLAG_DEASSIGN unlists
 * it and leaves its removal from the wait queue and its freeing to a work
 * item on umbra_irqfd_wq, which deassign and VM destruction flush.
 *
 * With UMBRA_IRQFD_FLAG_RESAMPLE the SPI is level-triggered: the write
 * asserts the line, and the guest's deactivation of the SPI (GICC_EOIR,
 * GICC_DIR, GICD_ICACTIVERn) deasserts it in the model, after which
 * umbra_irqfd_resampled() signals every resamplefd of that SPI.
 *
 * Locking: vm->lock serialises UMBRA_IRQFD calls; vm->irqfds_lock
 * (irqsave) guards the list's changes; readers
 * of the list (resampling) use RCU, so no eventfd wait-queue lock is
 * ever taken under vm->irqfds_lock, while the wake-up function takes it
 * under its eventfd's one.
 */
#include <linux/eventfd.h>
#include <linux/file.h>
#include <linux/poll.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include "umbra.h"

/**
 * struct umbra_irqfd_bind - one bound eventfd.
 * @vm:         the VM
 * @eventfd:    the eventfd that raises @gsi
 * @resamplefd: signalled when the guest deactivates @gsi, or NULL
 * @gsi:        the SPI
 * @wait:       our entry in @eventfd's wait queue
 * @pt:         to find that wait queue through vfs_poll()
 * @shutdown:   removal from the wait queue and freeing
 * @list:       in vm->irqfds while bound (RCU)
 * @listed:     in vm->irqfds
 */
struct umbra_irqfd_bind {
	struct umbra_vm *vm;
	struct eventfd_ctx *eventfd;
	struct eventfd_ctx *resamplefd;
	u32 gsi;
	wait_queue_entry_t wait;
	poll_table pt;
	struct work_struct shutdown;
	struct list_head list;
	bool listed;
};

static struct workqueue_struct *umbra_irqfd_wq;

/* A write: hold the line (resampling), or one pending state (an edge). */
static void umbra_irqfd_inject(struct umbra_irqfd_bind *irqfd)
{
	if (irqfd->resamplefd)
		umbra_vgic_set_level(irqfd->vm, 0, irqfd->gsi, true);
	else
		umbra_vgic_raise(irqfd->vm, irqfd->gsi);
}

/* Any resampling irqfd left on @gsi but @self? Under vm->irqfds_lock. */
static bool umbra_irqfd_other_resampler(struct umbra_vm *vm,
					struct umbra_irqfd_bind *self, u32 gsi)
{
	struct umbra_irqfd_bind *i;

	list_for_each_entry(i, &vm->irqfds, list)
		if (i != self && i->resamplefd && i->gsi == gsi)
			return true;
	return false;
}

static void umbra_irqfd_shutdown(struct work_struct *work)
{
	struct umbra_irqfd_bind *irqfd = container_of(work, struct umbra_irqfd_bind,
						 shutdown);
	u64 cnt;

	eventfd_ctx_remove_wait_queue(irqfd->eventfd, &irqfd->wait, &cnt);
	synchronize_rcu();	/* umbra_irqfd_resampled() is done with it */
	if (irqfd->resamplefd)
		eventfd_ctx_put(irqfd->resamplefd);
	eventfd_ctx_put(irqfd->eventfd);
	kfree(irqfd);
}

/* Unlist and schedule the shutdown; vm->irqfds_lock held. */
static void umbra_irqfd_deactivate(struct umbra_irqfd_bind *irqfd)
{
	struct umbra_vm *vm = irqfd->vm;

	if (!irqfd->listed)
		return;
	irqfd->listed = false;
	list_del_rcu(&irqfd->list);
	if (irqfd->resamplefd) {
		if (!umbra_irqfd_other_resampler(vm, irqfd, irqfd->gsi))
			umbra_vgic_resample(vm, irqfd->gsi, false);
		/* nobody will resample it: do not leave it asserted */
		umbra_vgic_set_level(vm, 0, irqfd->gsi, false);
	}
	queue_work(umbra_irqfd_wq, &irqfd->shutdown);
}

/* Called with the eventfd's wait-queue lock held, any context. */
static int umbra_irqfd_wakeup(wait_queue_entry_t *wait, unsigned int mode,
			      int sync, void *key)
{
	struct umbra_irqfd_bind *irqfd = container_of(wait, struct umbra_irqfd_bind,
						 wait);
	__poll_t flags = key_to_poll(key);
	struct umbra_vm *vm = irqfd->vm;
	unsigned long iflags;
	u64 cnt;

	if (flags & EPOLLIN) {
		eventfd_ctx_do_read(irqfd->eventfd, &cnt);
		umbra_irqfd_inject(irqfd);
	}
	if (flags & EPOLLHUP) {
		spin_lock_irqsave(&vm->irqfds_lock, iflags);
		umbra_irqfd_deactivate(irqfd);
		spin_unlock_irqrestore(&vm->irqfds_lock, iflags);
	}
	return 0;
}

static void umbra_irqfd_ptable_queue_proc(struct file *file,
					  wait_queue_head_t *wqh,
					  poll_table *pt)
{
	struct umbra_irqfd_bind *irqfd = container_of(pt, struct umbra_irqfd_bind, pt);

	add_wait_queue(wqh, &irqfd->wait);
}

/**
 * umbra_irqfd_resampled() - the guest deactivated a resampled SPI (its
 * line already deasserted): signal its resamplefds.
 * @vm:    the VM
 * @intid: the SPI
 *
 * Process context, no lock held.
 */
void umbra_irqfd_resampled(struct umbra_vm *vm, u32 intid)
{
	struct umbra_irqfd_bind *irqfd;

	rcu_read_lock();
	list_for_each_entry_rcu(irqfd, &vm->irqfds, list)
		if (irqfd->resamplefd && irqfd->gsi == intid)
			eventfd_signal(irqfd->resamplefd, 1);
	rcu_read_unlock();
}

static int umbra_irqfd_assign(struct umbra_vm *vm,
			      const struct umbra_irqfd *args)
{
	struct eventfd_ctx *resamplefd = NULL;
	struct umbra_irqfd_bind *irqfd, *i;
	unsigned long iflags;
	struct fd f;
	__poll_t events;
	int ret;

	irqfd = kzalloc(sizeof(*irqfd), GFP_KERNEL_ACCOUNT);
	if (!irqfd)
		return -ENOMEM;
	f = fdget(args->fd);
	if (!f.file) {
		ret = -EBADF;
		goto err_free;
	}
	irqfd->eventfd = eventfd_ctx_fileget(f.file);
	if (IS_ERR(irqfd->eventfd)) {
		ret = -EBADF;
		goto err_fdput;
	}
	if (args->flags & UMBRA_IRQFD_FLAG_RESAMPLE) {
		resamplefd = eventfd_ctx_fdget(args->resamplefd);
		if (IS_ERR(resamplefd)) {
			resamplefd = NULL;
			ret = -EBADF;
			goto err_put;
		}
	}
	irqfd->vm = vm;
	irqfd->gsi = args->gsi;
	irqfd->resamplefd = resamplefd;
	INIT_LIST_HEAD(&irqfd->list);
	INIT_WORK(&irqfd->shutdown, umbra_irqfd_shutdown);
	init_waitqueue_func_entry(&irqfd->wait, umbra_irqfd_wakeup);
	init_poll_funcptr(&irqfd->pt, umbra_irqfd_ptable_queue_proc);

	spin_lock_irqsave(&vm->irqfds_lock, iflags);
	list_for_each_entry(i, &vm->irqfds, list) {
		if (i->eventfd == irqfd->eventfd) {
			spin_unlock_irqrestore(&vm->irqfds_lock, iflags);
			ret = -EBUSY;
			goto err_put;
		}
	}
	if (resamplefd)
		umbra_vgic_resample(vm, args->gsi, true);
	irqfd->listed = true;
	list_add_tail_rcu(&irqfd->list, &vm->irqfds);
	spin_unlock_irqrestore(&vm->irqfds_lock, iflags);

	/* a write before we waited is seen here (as KVM does) */
	events = vfs_poll(f.file, &irqfd->pt);
	if (events & EPOLLIN)
		umbra_irqfd_inject(irqfd);
	fdput(f);
	return 0;

err_put:
	if (resamplefd)
		eventfd_ctx_put(resamplefd);
	eventfd_ctx_put(irqfd->eventfd);
err_fdput:
	fdput(f);
err_free:
	kfree(irqfd);
	return ret;
}

/* Unbind @args->fd from @args->gsi and wait until it is gone. */
static int umbra_irqfd_deassign(struct umbra_vm *vm,
				const struct umbra_irqfd *args)
{
	struct umbra_irqfd_bind *irqfd, *tmp;
	struct eventfd_ctx *eventfd;
	unsigned long iflags;
	int ret = -ENOENT;

	eventfd = eventfd_ctx_fdget(args->fd);
	if (IS_ERR(eventfd))
		return -EBADF;
	spin_lock_irqsave(&vm->irqfds_lock, iflags);
	list_for_each_entry_safe(irqfd, tmp, &vm->irqfds, list) {
		if (irqfd->eventfd == eventfd && irqfd->gsi == args->gsi) {
			umbra_irqfd_deactivate(irqfd);
			ret = 0;
		}
	}
	spin_unlock_irqrestore(&vm->irqfds_lock, iflags);
	eventfd_ctx_put(eventfd);
	flush_workqueue(umbra_irqfd_wq);
	return ret;
}

/**
 * umbra_irqfd() - UMBRA_IRQFD.
 * @vm:   the VM
 * @argp: struct umbra_irqfd
 *
 * Return: 0; -EFAULT (argument unreadable); -ENXIO (no irqchip); -EINVAL
 * (gsi not an SPI below nr_irqs, unknown flags, DEASSIGN with RESAMPLE,
 * nonzero padding); -EBADF (@fd or @resamplefd not an eventfd); -EBUSY
 * (@fd already bound); -ENOENT (deassign of an @fd not bound to @gsi);
 * -ENOMEM.
 */
int umbra_irqfd(struct umbra_vm *vm, void __user *argp)
{
	struct umbra_irqfd args;
	int i, ret;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (!umbra_vgic_present(vm))
		return -ENXIO;
	for (i = 0; i < sizeof(args.pad); i++)
		if (args.pad[i])
			return -EINVAL;
	if ((args.flags & ~(UMBRA_IRQFD_FLAG_DEASSIGN |
			    UMBRA_IRQFD_FLAG_RESAMPLE)) ||
	    args.flags == (UMBRA_IRQFD_FLAG_DEASSIGN |
			   UMBRA_IRQFD_FLAG_RESAMPLE) ||
	    args.gsi < 32 || args.gsi >= umbra_vgic_nr_irqs(vm))
		return -EINVAL;
	/*
	 * vm->lock serialises binding and unbinding: an irqfd is on the list
	 * before it is on its eventfd's wait queue, and no deassign may
	 * shut it down in between.
	 */
	mutex_lock(&vm->lock);
	if (args.flags & UMBRA_IRQFD_FLAG_DEASSIGN)
		ret = umbra_irqfd_deassign(vm, &args);
	else
		ret = umbra_irqfd_assign(vm, &args);
	mutex_unlock(&vm->lock);
	return ret;
}

/**
 * umbra_irqfd_release_all() - unbind every irqfd of a VM being
 * destroyed, and wait until none is left.
 * @vm: the VM
 */
void umbra_irqfd_release_all(struct umbra_vm *vm)
{
	struct umbra_irqfd_bind *irqfd, *tmp;
	unsigned long iflags;

	spin_lock_irqsave(&vm->irqfds_lock, iflags);
	list_for_each_entry_safe(irqfd, tmp, &vm->irqfds, list)
		umbra_irqfd_deactivate(irqfd);
	spin_unlock_irqrestore(&vm->irqfds_lock, iflags);
	flush_workqueue(umbra_irqfd_wq);
}

/**
 * umbra_irqfd_init() - create the irqfd shutdown workqueue (module load).
 *
 * Return: 0 or -ENOMEM.
 */
int umbra_irqfd_init(void)
{
	umbra_irqfd_wq = alloc_workqueue("umbra-irqfd-cleanup", 0, 0);
	return umbra_irqfd_wq ? 0 : -ENOMEM;
}

/**
 * umbra_irqfd_exit() - destroy it (module unload: no VM is left).
 */
void umbra_irqfd_exit(void)
{
	destroy_workqueue(umbra_irqfd_wq);
}
