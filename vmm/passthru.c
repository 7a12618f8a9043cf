// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm: device passthrough through UIO (see passthru.h).
 *
 * Interrupt forwarding. uio_pdrv_genirq masks the device's host interrupt
 * in its handler (disable_irq_nosync) and makes /dev/uioN readable; a
 * write of 1 to /dev/uioN unmasks it. The guest side is an irqfd with
 * UMBRA_IRQFD_FLAG_RESAMPLE: a write raises the SPI as a level held until
 * the guest EOIs it, then the resample eventfd is signalled. So:
 *
 *   /dev/uioN readable  -> read the count, write 1 to the irqfd
 *   resamplefd readable -> read it, write 1 to /dev/uioN (unmask)
 *
 * From a host interrupt until the guest's EOI the host line stays masked,
 * so a device that keeps interrupting cannot storm the host; a device
 * still asserting its (level) line when it is unmasked interrupts again
 * at once, so nothing is lost. At most one interrupt is in flight: each
 * host interrupt is one guest interrupt.
 *
 * The forwarding runs on a thread of its own, with every signal blocked
 * (the vCPU thread takes them), until passthru_destroy().
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/umbra.h>

#include "passthru.h"
#include "vm.h"
#include "vmm.h"

/**
 * passthru_init() - a struct passthru with nothing open
 * @pt: the device
 */
void passthru_init(struct passthru *pt)
{
	memset(pt, 0, sizeof(*pt));
	pt->uio_fd = -1;
	pt->irq_fd = -1;
	pt->resample_fd = -1;
	pt->stop_fd = -1;
}

static gboolean parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!*s)
		return FALSE;
	errno = 0;
	*v = g_ascii_strtoull(s, &end, 0);
	return !errno && !*end;
}

/**
 * passthru_parse() - parse a --passthrough value, "uioN:IPA[:SPI]"
 * @spec:  the value
 * @pt:    filled in (passthru_init() first)
 * @error: return location for a G_OPTION_ERROR, or NULL
 *
 * IPA: where the guest sees the device's registers, page aligned, below
 * 4 GiB. SPI: the guest interrupt ID (32 .. UMBRA_VGIC_MAX_IRQS - 1) the
 * device's interrupt becomes; without it only the registers are mapped.
 *
 * Return: TRUE, or FALSE with @error saying what is wrong.
 */
gboolean passthru_parse(const char *spec, struct passthru *pt,
			GError **error)
{
	gchar **f = g_strsplit(spec, ":", 0);
	guint n = g_strv_length(f);
	uint64_t ipa, spi = 0;
	gboolean ok = FALSE;

	if (n < 2 || n > 3 || !g_str_has_prefix(f[0], "uio") ||
	    strspn(f[0] + 3, "0123456789") != strlen(f[0] + 3) || !f[0][3]) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "--passthrough '%s': expected uioN:IPA[:SPI]",
			    spec);
	} else if (!parse_u64(f[1], &ipa) || ipa % VMM_PAGE_SIZE ||
		   ipa >= (1ull << 32)) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "--passthrough '%s': IPA '%s' is not a page-aligned address below 4 GiB",
			    spec, f[1]);
	} else if (n == 3 && (!parse_u64(f[2], &spi) || spi < 32 ||
			      spi >= UMBRA_VGIC_MAX_IRQS)) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "--passthrough '%s': SPI '%s' is not an interrupt ID 32 .. %d",
			    spec, f[2], UMBRA_VGIC_MAX_IRQS - 1);
	} else {
		pt->name = g_strdup(f[0]);
		pt->ipa = ipa;
		pt->spi = spi;
		ok = TRUE;
	}
	g_strfreev(f);
	return ok;
}

/**
 * passthru_check_distinct() - no device, IPA or SPI given twice
 * @pts:   the parsed devices
 * @n:     how many
 * @error: return location for a G_OPTION_ERROR, or NULL
 *
 * Return: TRUE, or FALSE with @error naming the device given twice (or
 * sharing an SPI with another).
 */
gboolean passthru_check_distinct(struct passthru *pts, unsigned int n,
				 GError **error)
{
	unsigned int i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++) {
			if (!strcmp(pts[i].name, pts[j].name)) {
				g_set_error(error, G_OPTION_ERROR,
					    G_OPTION_ERROR_BAD_VALUE,
					    "--passthrough: %s is assigned twice",
					    pts[i].name);
				return FALSE;
			}
			if (pts[i].spi && pts[i].spi == pts[j].spi) {
				g_set_error(error, G_OPTION_ERROR,
					    G_OPTION_ERROR_BAD_VALUE,
					    "--passthrough: %s and %s both use SPI %u",
					    pts[j].name, pts[i].name,
					    pts[i].spi);
				return FALSE;
			}
		}
	}
	return TRUE;
}

static gboolean read_hex(const char *path, uint64_t *v, GError **error)
{
	gchar *text = NULL;
	gboolean ok;

	if (!g_file_get_contents(path, &text, NULL, NULL)) {
		g_set_error(error, VMM_ERROR, VMM_ERROR_HOST,
			    "%s: cannot read it", path);
		return FALSE;
	}
	g_strstrip(text);
	ok = parse_u64(text, v);
	if (!ok)
		g_set_error(error, VMM_ERROR, VMM_ERROR_HOST,
			    "%s: '%s' is not a number", path, text);
	g_free(text);
	return ok;
}

/**
 * passthru_open() - open the UIO device and map its registers (map0)
 * @pt:         the device, parsed
 * @sysfs_root: where UIO devices are described, "/sys/class/uio"
 * @dev_root:   where their nodes are, "/dev"
 * @error:      return location for a VMM_ERROR, or NULL
 *
 * Return: TRUE, or FALSE with @error naming the device and what failed:
 * no such UIO device, no map0 (no registers), or open/mmap failing.
 */
gboolean passthru_open(struct passthru *pt, const char *sysfs_root,
		       const char *dev_root, GError **error)
{
	gchar *dir = g_strdup_printf("%s/%s", sysfs_root, pt->name);
	gchar *maps = g_strdup_printf("%s/maps/map0", dir);
	gchar *addr = g_strdup_printf("%s/addr", maps);
	gchar *size = g_strdup_printf("%s/size", maps);
	gchar *node = g_strdup_printf("%s/%s", dev_root, pt->name);
	gboolean ok = FALSE;
	uint64_t bytes;

	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, VMM_ERROR, VMM_ERROR_HOST,
			    "%s: no such UIO device (%s missing: is the device bound to uio_pdrv_genirq?)",
			    pt->name, dir);
		goto out;
	}
	if (!g_file_test(maps, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, VMM_ERROR, VMM_ERROR_HOST,
			    "%s: the UIO device has no map0 (no registers to assign)",
			    pt->name);
		goto out;
	}
	if (!read_hex(addr, &pt->pa, error) || !read_hex(size, &bytes, error))
		goto out;
	pt->size = (bytes + VMM_PAGE_SIZE - 1) & ~(VMM_PAGE_SIZE - 1);
	if (!pt->size || pt->pa % VMM_PAGE_SIZE) {
		g_set_error(error, VMM_ERROR, VMM_ERROR_HOST,
			    "%s: map0 at 0x%" PRIx64 ", %" PRIu64 " bytes, is not whole pages",
			    pt->name, pt->pa, bytes);
		goto out;
	}
	pt->uio_fd = open(node, O_RDWR | O_CLOEXEC);
	if (pt->uio_fd < 0) {
		g_set_error(error, VMM_ERROR, VMM_ERROR_HOST, "%s: %s",
			    node, g_strerror(errno));
		goto out;
	}
	/* map N is at offset N pages (Documentation/driver-api/uio-howto) */
	pt->regs = mmap(NULL, pt->size, PROT_READ | PROT_WRITE, MAP_SHARED,
			pt->uio_fd, 0);
	if (pt->regs == MAP_FAILED) {
		pt->regs = NULL;
		g_set_error(error, VMM_ERROR, VMM_ERROR_HOST,
			    "%s: cannot map its registers (map0): %s", node,
			    g_strerror(errno));
		goto out;
	}
	ok = TRUE;
out:
	g_free(dir);
	g_free(maps);
	g_free(addr);
	g_free(size);
	g_free(node);
	return ok;
}

/**
 * passthru_attach() - give the guest the device's registers: a
 * UMBRA_MEM_DEVICE region at @pt->ipa
 * @pt:    the device, opened
 * @vm:    the VM, created
 * @slot:  the memory slot to use
 * @error: return location for a VMM_ERROR, or NULL
 *
 * Return: TRUE, or FALSE with @error naming the device and why the module
 * refused it.
 */
gboolean passthru_attach(struct passthru *pt, struct vm *vm, uint32_t slot,
			 GError **error)
{
	struct umbra_userspace_memory_region r = {
		.slot = slot,
		.flags = UMBRA_MEM_DEVICE,
		.guest_phys_addr = pt->ipa,
		.memory_size = pt->size,
		.userspace_addr = (uintptr_t)pt->regs,
	};
	const char *why;

	if (!ioctl(vm->vm_fd, UMBRA_SET_USER_MEMORY_REGION, &r))
		return TRUE;
	switch (errno) {
	case EBUSY:
		why = "its registers are already assigned to another VM";
		break;
	case EINVAL:
		why = "its map0 is not a device's registers (RAM, or not a VM_PFNMAP mapping)";
		break;
	case EEXIST:
		why = "the IPA range overlaps guest RAM or another device";
		break;
	default:
		why = g_strerror(errno);
		break;
	}
	g_set_error(error, VMM_ERROR, VMM_ERROR_DEVICE,
		    "%s (registers at PA 0x%" PRIx64 ", %zu bytes, at IPA 0x%" PRIx64 "): %s",
		    pt->name, pt->pa, pt->size, pt->ipa, why);
	return FALSE;
}

static int write_u64(int fd, uint64_t v)
{
	return write(fd, &v, sizeof(v)) == sizeof(v) ? 0 : -1;
}

/**
 * passthru_forward_step() - wait for and handle one round of events of the
 * forwarding protocol (see the top of this file)
 * @uio_fd:      the UIO device
 * @irq_fd:      the irqfd
 * @resample_fd: its resample eventfd
 * @stop_fd:     readable when forwarding must stop
 * @forwarded:   incremented per host interrupt forwarded
 *
 * Return: 1 to go on, 0 when @stop_fd is readable, -1 with errno set when
 * a read or write fails.
 */
int passthru_forward_step(int uio_fd, int irq_fd, int resample_fd,
			  int stop_fd, uint64_t *forwarded)
{
	struct pollfd p[3] = {
		{ .fd = stop_fd, .events = POLLIN },
		{ .fd = uio_fd, .events = POLLIN },
		{ .fd = resample_fd, .events = POLLIN },
	};
	uint64_t v;
	uint32_t count, one = 1;

	if (poll(p, 3, -1) < 0)
		return errno == EINTR ? 1 : -1;
	if (p[0].revents)
		return 0;
	if (p[2].revents & POLLIN) {
		/* the guest EOIed: unmask the host line */
		if (read(resample_fd, &v, sizeof(v)) != sizeof(v) ||
		    write(uio_fd, &one, sizeof(one)) != sizeof(one))
			return -1;
	}
	if (p[1].revents & POLLIN) {
		/* a host interrupt, now masked: raise the guest's */
		if (read(uio_fd, &count, sizeof(count)) != sizeof(count) ||
		    write_u64(irq_fd, 1))
			return -1;
		(*forwarded)++;
	}
	if ((p[1].revents | p[2].revents) & (POLLERR | POLLHUP | POLLNVAL)) {
		errno = EIO;
		return -1;
	}
	return 1;
}

static void *passthru_thread(void *arg)
{
	struct passthru *pt = arg;
	int ret;

	do {
		ret = passthru_forward_step(pt->uio_fd, pt->irq_fd,
					    pt->resample_fd, pt->stop_fd,
					    &pt->forwarded);
	} while (ret > 0);
	if (ret < 0)
		fprintf(stderr, "%s: %s: interrupt forwarding stopped: %s\n",
			VMM_NAME, pt->name, g_strerror(errno));
	return NULL;
}

/**
 * passthru_start() - forward the device's interrupt to @pt->spi: bind an
 * irqfd with a resample eventfd, unmask the host line and start the
 * forwarding thread (nothing to do without an SPI)
 * @pt:    the device, attached
 * @vm:    the VM, with its virtual GIC (UMBRA_CREATE_IRQCHIP)
 * @error: return location for a VMM_ERROR, or NULL
 *
 * Return: TRUE, or FALSE with @error naming the device and what failed.
 */
gboolean passthru_start(struct passthru *pt, struct vm *vm, GError **error)
{
	struct umbra_irqfd irqfd = { 0 };
	sigset_t all, old;
	uint32_t one = 1;
	int err;

	if (!pt->spi)
		return TRUE;
	pt->irq_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	pt->resample_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	pt->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (pt->irq_fd < 0 || pt->resample_fd < 0 || pt->stop_fd < 0) {
		g_set_error(error, VMM_ERROR, VMM_ERROR_HOST,
			    "%s: eventfd: %s", pt->name, g_strerror(errno));
		return FALSE;
	}
	irqfd.fd = pt->irq_fd;
	irqfd.gsi = pt->spi;
	irqfd.flags = UMBRA_IRQFD_FLAG_RESAMPLE;
	irqfd.resamplefd = pt->resample_fd;
	if (ioctl(vm->vm_fd, UMBRA_IRQFD, &irqfd)) {
		err = errno;
		g_set_error(error, VMM_ERROR, VMM_ERROR_DEVICE,
			    "%s: UMBRA_IRQFD for SPI %u: %s%s", pt->name,
			    pt->spi, g_strerror(err), err == ENXIO ?
			    " (the VM has no virtual GIC)" : "");
		return FALSE;
	}
	/* the line may have been left masked by an earlier user */
	if (write(pt->uio_fd, &one, sizeof(one)) != sizeof(one)) {
		g_set_error(error, VMM_ERROR, VMM_ERROR_HOST,
			    "%s: cannot unmask its interrupt: %s%s", pt->name,
			    g_strerror(errno), errno == EIO ?
			    " (the UIO device has no interrupt)" : "");
		return FALSE;
	}
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&pt->thread, NULL, passthru_thread, pt);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		g_set_error(error, VMM_ERROR, VMM_ERROR_HOST,
			    "%s: cannot start its interrupt thread: %s",
			    pt->name, g_strerror(err));
		return FALSE;
	}
	pt->running = TRUE;
	return TRUE;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/**
 * passthru_destroy() - stop forwarding, unmap and close everything
 * @pt: the device (passthru_init() at least)
 */
void passthru_destroy(struct passthru *pt)
{
	if (pt->running) {
		write_u64(pt->stop_fd, 1);
		pthread_join(pt->thread, NULL);
		pt->running = FALSE;
	}
	if (pt->regs)
		munmap(pt->regs, pt->size);
	pt->regs = NULL;
	close_fd(&pt->irq_fd);
	close_fd(&pt->resample_fd);
	close_fd(&pt->stop_fd);
	close_fd(&pt->uio_fd);
	g_free(pt->name);
	pt->name = NULL;
}
