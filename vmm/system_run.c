// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm run FILE.ini: every guest of a system file, each in its own VM
 * with one vCPU thread, until all of them have ended.
 *
 * Per guest: its RAM regions (anonymous mappings), the shared regions it
 * maps (one MAP_SHARED buffer per [shared] group, registered read-write in
 * the writer's VM and read-only in the readers'), its passthrough devices
 * (UIO, as --passthrough), the module's GICv2 and timer, a PL011 at
 * SYS_UART_BASE on SPI SYS_UART_SPI, and the image, device tree and boot
 * registers of guest_boot_load(). Consoles: "stdio" multiplexes the
 * PL011 and the console hypercalls on stdout, line by line with a
 * "NAME: " prefix (prefix.c), with no input; "pty" gives the guest a
 * pseudo-terminal of its own (its path on stderr); "none" discards.
 *
 * The process ends when every guest has ended; SIGINT/SIGTERM stop all of
 * them. The accounting (account.c) is printed on stderr at the end and on
 * SIGUSR1. Exit status: system_exit_status().
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "account.h"
#include "console.h"
#include "devices/pl011.h"
#include "guest_boot.h"
#include "image.h"
#include "irqchip.h"
#include "loader.h"
#include "loop.h"
#include "passthru.h"
#include "prefix.h"
#include "run.h"
#include "schedule.h"
#include "system.h"
#include "system_run.h"
#include "vm.h"
#include "vmm.h"

/**
 * struct guest_rt - a running guest
 * @cfg:    its [guest NAME] group
 * @index:  its index in the system's guests
 * @vm:     its VM (@vm.ram stays empty: @ram holds its RAM)
 * @ram:    its RAM regions, in the order of @cfg->ram
 * @nr_ram: how many
 * @con:    the host end of its PL011
 * @out:    its share of stdout (console stdio)
 * @vcpu:   its vCPU
 * @pts:    its passthrough devices
 * @nr_pts: how many
 * @null_fd: /dev/null, the console hypercalls' input, or -1
 * @ro:     its read-only shared regions (struct vcpu_range)
 */
struct guest_rt {
	const struct sys_guest *cfg;
	guint index;
	struct vm vm;
	struct guest_ram *ram;
	guint nr_ram;
	struct console con;
	struct prefixer out;
	struct vcpu vcpu;
	struct passthru *pts;
	guint nr_pts;
	int null_fd;
	GArray *ro;
};

/**
 * struct sysrun - the whole system while it runs
 * @sys:    the configuration
 * @g:      the guests, in file order
 * @n:      how many
 * @shared: the host buffer of each shared region, or NULL
 */
struct sysrun {
	struct system *sys;
	struct guest_rt *g;
	guint n;
	void **shared;
};

/**
 * system_file_is_ini() - does @path name a system file rather than an image?
 * @path: the argument of "umbra-vmm run"
 *
 * Return: true if @path ends in ".ini", or its first non-blank byte is
 * '[', '#' or ';' (a GKeyFile group or comment; no ELF image starts so).
 */
bool system_file_is_ini(const char *path)
{
	char buf[256];
	ssize_t n, i;
	int fd;

	if (g_str_has_suffix(path, ".ini"))
		return true;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	for (i = 0; i < n; i++) {
		if (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' ||
		    buf[i] == '\r')
			continue;
		return buf[i] == '[' || buf[i] == '#' || buf[i] == ';';
	}
	return false;
}

static void discard(void *opaque, const uint8_t *buf, size_t len)
{
}

static void snapshot(struct vcpu *v, struct account *a)
{
	unsigned int i;

	memset(a, 0, sizeof(*a));
	a->cpu_ns = run_cpu_ns(v);
	a->wall_ns = run_wall_ns(v);
	for (i = 0; i <= ACCOUNT_NR_REASONS && i <= RUN_NR_EXIT_REASONS; i++)
		a->exits[i] = atomic_load(&v->stats.exits[i]);
	a->eintr = atomic_load(&v->stats.eintr);
	a->overruns = atomic_load(&v->stats.overruns);
	a->max_late_ns = atomic_load(&v->stats.max_late_ns);
	a->status = atomic_load(&v->done) ? v->status : -1;
}

/* Main loop (SIGUSR1) and the end: one line per guest on stderr. */
static void report(void *opaque)
{
	struct sysrun *sr = opaque;
	struct account a;
	guint i;

	for (i = 0; i < sr->n; i++) {
		char *line;

		snapshot(&sr->g[i].vcpu, &a);
		line = account_line(sr->g[i].cfg->name, &a);
		fprintf(stderr, "%s\n", line);
		g_free(line);
	}
	fflush(stderr);
}

static void *map_anon(uint64_t size, int flags, GError **error)
{
	void *p;

	if (size > SIZE_MAX) {
		g_set_error(error, VMM_ERROR, VMM_ERROR_HOST,
			    "%" PRIu64 " bytes do not fit the host address space",
			    size);
		return NULL;
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS,
		 -1, 0);
	if (p == MAP_FAILED) {
		g_set_error(error, VMM_ERROR, VMM_ERROR_HOST,
			    "cannot allocate %" PRIu64 " bytes: %s", size,
			    g_strerror(errno));
		return NULL;
	}
	return p;
}

/* The passthrough devices of @rt: opened, but not attached yet. */
static gboolean open_devices(struct sysrun *sr, struct guest_rt *rt,
			     GError **error)
{
	const struct sys_guest *g = rt->cfg;
	guint i, n = g->devices ? g_strv_length(g->devices) : 0;

	rt->pts = g_new0(struct passthru, n ? n : 1);
	for (i = 0; i < n; i++)
		passthru_init(&rt->pts[i]);
	for (i = 0; i < sr->sys->devices->len; i++) {
		const struct sys_device *d = sr->sys->devices->pdata[i];
		struct passthru *pt = &rt->pts[rt->nr_pts];
		char *spec, *base;
		gboolean ok;

		if (d->owner != (int)rt->index)
			continue;
		if (!d->host) {
			g_set_error(error, VMM_ERROR, VMM_ERROR_HOST,
				    "device '%s': no host = /dev/uioN to pass through",
				    d->name);
			return FALSE;
		}
		base = g_path_get_basename(d->host);
		if (d->spi >= 0)
			spec = g_strdup_printf("%s:0x%" PRIx64 ":%d", base,
					       d->reg.ipa, 32 + d->spi);
		else
			spec = g_strdup_printf("%s:0x%" PRIx64, base,
					       d->reg.ipa);
		g_free(base);
		ok = passthru_parse(spec, pt, error);
		g_free(spec);
		if (!ok)
			return FALSE;
		rt->nr_pts++;
		if (!passthru_open(pt, "/sys/class/uio", "/dev", error))
			return FALSE;
	}
	return TRUE;
}

static gboolean add_slots(struct sysrun *sr, struct guest_rt *rt,
			  bool verbose, GError **error)
{
	GArray *slots = guest_boot_slots(sr->sys, rt->index);
	guint i, pt = 0;
	gboolean ok = TRUE;

	for (i = 0; ok && i < slots->len; i++) {
		const struct guest_slot *s = &g_array_index(slots,
							    struct guest_slot,
							    i);
		void *host;

		if (verbose)
			fprintf(stderr, "%s: %s: slot %u: IPA 0x%08" PRIx64 ", %" PRIu64 " bytes, flags 0x%x\n",
				VMM_NAME, rt->cfg->name, s->slot, s->ipa,
				s->size, s->flags);
		if (s->device >= 0) {
			ok = passthru_attach(&rt->pts[pt++], &rt->vm, s->slot,
					     error);
			continue;
		}
		host = s->ram >= 0 ? (void *)rt->ram[s->ram].host :
		       sr->shared[s->shared];
		if (s->flags & UMBRA_MEM_READONLY) {
			struct vcpu_range r = { s->ipa, s->size };

			g_array_append_val(rt->ro, r);
		}
		ok = vm_add_region(&rt->vm, s->slot, s->flags, s->ipa, s->size,
				   host, error);
	}
	g_array_unref(slots);
	return ok;
}

static gboolean setup_console(struct guest_rt *rt, GError **error)
{
	const struct sys_guest *g = rt->cfg;
	struct hypercall_ctx *hc = &rt->vcpu.hc;

	if (g->console == SYS_CONSOLE_PTY) {
		if (!console_open_named(&rt->con, "pty", g->name, error))
			return FALSE;
		hc->in_fd = rt->con.in_fd;
		hc->out_fd = rt->con.out_fd;
		return TRUE;
	}
	rt->null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (rt->null_fd < 0) {
		g_set_error(error, VMM_ERROR, VMM_ERROR_HOST,
			    "/dev/null: %s", g_strerror(errno));
		return FALSE;
	}
	hc->in_fd = rt->null_fd;
	if (g->console == SYS_CONSOLE_STDIO) {
		prefixer_init(&rt->out, g->name, 1);
		console_open_output(&rt->con, &rt->out);
		hc->out = prefixer_write;
		hc->out_opaque = &rt->out;
	} else {
		console_open_output(&rt->con, NULL);
		hc->out = discard;
	}
	return TRUE;
}

static gboolean setup_guest(struct sysrun *sr, struct guest_rt *rt,
			    const char *device, bool verbose, GError **error)
{
	const struct sys_guest *g = rt->cfg;
	struct pl011_backend backend;
	struct umbra_regs regs;
	struct guest_boot boot;
	struct device *uart;
	gboolean gic;
	guint i;

	rt->nr_ram = g->ram->len;
	rt->ram = g_new0(struct guest_ram, rt->nr_ram);
	for (i = 0; i < rt->nr_ram; i++) {
		const struct sys_region *r = &g_array_index(g->ram,
							    struct sys_region,
							    i);

		rt->ram[i].base = r->ipa;
		rt->ram[i].size = r->size;
		rt->ram[i].host = map_anon(r->size,
					   MAP_PRIVATE | MAP_NORESERVE, error);
		if (!rt->ram[i].host)
			return FALSE;
	}
	vcpu_init(&rt->vcpu, &rt->vm, g->name);
	rt->vcpu.hc.ram = &rt->ram[0];
	rt->ro = g_array_new(FALSE, FALSE, sizeof(struct vcpu_range));
	if (!setup_console(rt, error) ||
	    !open_devices(sr, rt, error) ||
	    !vm_open(&rt->vm, device, error) ||
	    !vm_create_empty(&rt->vm, error) ||
	    !add_slots(sr, rt, verbose, error) ||
	    !irqchip_setup(&rt->vm, &gic, error))
		return FALSE;
	console_backend(&rt->con, &backend);
	uart = pl011_new("uart0", SYS_UART_BASE,
			 gic ? UMBRA_IRQ_SPI(32 + SYS_UART_SPI) :
			 DEVICE_NO_IRQ, &backend);
	if (!device_register(&rt->vm.devices, uart, error))
		return FALSE;
	console_attach(&rt->con, uart);
	for (i = 0; i < rt->nr_pts; i++)
		if (!passthru_start(&rt->pts[i], &rt->vm, error))
			return FALSE;
	if (!vm_create_vcpu(&rt->vm, error) ||
	    !vm_get_regs(&rt->vm, &regs, error) ||
	    !guest_boot_load(sr->sys, rt->index, rt->ram, &regs, &boot,
			     error) ||
	    !vm_set_regs(&rt->vm, &regs, error))
		return FALSE;
	rt->vcpu.ro = (const struct vcpu_range *)rt->ro->data;
	rt->vcpu.nr_ro = rt->ro->len;
	/* The console hypercalls' buffers: the RAM region with the image. */
	for (i = 0; i < rt->nr_ram; i++)
		if (guest_ram_contains(&rt->ram[i], boot.entry & ~1u, 1))
			rt->vcpu.hc.ram = &rt->ram[i];
	if (verbose)
		fprintf(stderr, "%s: %s: %s, entry 0x%08x, device tree at IPA 0x%08" PRIx64 " (%" PRIu64 " bytes)%s\n",
			VMM_NAME, g->name, g->image, boot.entry, boot.dtb,
			boot.dtb_size, gic ? ", GICv2" : "");
	return TRUE;
}

static void teardown_guest(struct guest_rt *rt)
{
	guint i;

	for (i = 0; i < rt->nr_pts; i++)
		passthru_destroy(&rt->pts[i]);
	g_free(rt->pts);
	vm_destroy(&rt->vm);
	console_close(&rt->con);
	prefixer_destroy(&rt->out);
	for (i = 0; i < rt->nr_ram; i++)
		if (rt->ram[i].host)
			munmap(rt->ram[i].host, rt->ram[i].size);
	g_free(rt->ram);
	if (rt->null_fd >= 0)
		close(rt->null_fd);
	if (rt->ro)
		g_array_unref(rt->ro);
}

static int setup_status(const GError *error)
{
	return error->domain == IMAGE_ERROR || error->domain == LOADER_ERROR ||
	       error->domain == G_OPTION_ERROR ? VMM_EXIT_USAGE :
	       VMM_EXIT_FAILURE;
}

/**
 * system_run() - run every guest of a system file until all have ended
 * @path:    the system file
 * @device:  the umbra device, or NULL for VMM_DEFAULT_DEVICE
 * @verbose: describe the setup on stderr
 *
 * Return: the process exit status (system_exit_status()); VMM_EXIT_USAGE
 * (2) if the file is invalid (every error printed, as "check" does) or an
 * image cannot be loaded; VMM_EXIT_FAILURE (125) if a VM cannot be set
 * up (nothing runs then).
 */
int system_run(const char *path, const char *device, bool verbose)
{
	GPtrArray *errors = g_ptr_array_new_with_free_func(g_free);
	struct sysrun sr = { 0 };
	struct vcpu **vcpus = NULL;
	struct sched *sched = NULL;
	GError *error = NULL;
	int *status = NULL;
	int ret = VMM_EXIT_FAILURE;
	guint i;

	sr.sys = system_load(path, errors);
	for (i = 0; i < errors->len; i++)
		fprintf(stderr, "%s\n", (char *)errors->pdata[i]);
	g_ptr_array_free(errors, TRUE);
	if (!sr.sys)
		return VMM_EXIT_USAGE;

	sr.n = sr.sys->guests->len;
	sr.g = g_new0(struct guest_rt, sr.n);
	sr.shared = g_new0(void *, sr.sys->shared->len + 1);
	for (i = 0; i < sr.n; i++) {
		sr.g[i].cfg = sr.sys->guests->pdata[i];
		sr.g[i].index = i;
		sr.g[i].null_fd = -1;
		vm_init(&sr.g[i].vm);
		console_open_output(&sr.g[i].con, NULL);
	}
	/* One buffer per shared region, its pages faulted in once. */
	for (i = 0; i < sr.sys->shared->len; i++) {
		const struct sys_shared *sh = sr.sys->shared->pdata[i];

		sr.shared[i] = map_anon(sh->size, MAP_SHARED, &error);
		if (!sr.shared[i])
			goto fail;
		memset(sr.shared[i], 0, sh->size);
	}
	for (i = 0; i < sr.n; i++) {
		struct guest_rt *rt = &sr.g[i];

		if (!setup_guest(&sr, rt, device ? device : VMM_DEFAULT_DEVICE,
				 verbose, &error)) {
			g_prefix_error(&error, "%s: ", rt->cfg->name);
			goto fail;
		}
		if (sr.sys->schedule.policy == SYS_POLICY_LINUX) {
			rt->vcpu.setup = sched_linux_setup;
			rt->vcpu.setup_opaque = (void *)rt->cfg;
		}
	}

	vcpus = g_new0(struct vcpu *, sr.n);
	for (i = 0; i < sr.n; i++)
		vcpus[i] = &sr.g[i].vcpu;
	if (sr.sys->schedule.policy != SYS_POLICY_LINUX) {
		if (ioctl(sr.g[0].vm.dev_fd, UMBRA_CHECK_EXTENSION,
			  UMBRA_CAP_RUN_BUDGET) <= 0) {
			g_set_error(&error, VMM_ERROR, VMM_ERROR_DEVICE,
				    "%s: no UMBRA_CAP_RUN_BUDGET: policy cyclic and rr need the module's run budget",
				    sr.g[0].vm.dev_path);
			goto fail;
		}
		sched = sched_new(sr.sys, vcpus, sr.n);
		sched_start(sched);
	}
	loop_run_vcpus(vcpus, sr.n, report, &sr);
	for (i = 0; i < sr.n; i++)
		if (sr.g[i].out.pending)
			prefixer_flush(&sr.g[i].out);
	report(&sr);
	status = g_new0(int, sr.n);
	for (i = 0; i < sr.n; i++)
		status[i] = sr.g[i].vcpu.status;
	ret = system_exit_status(status, sr.n, run_stop_signal());
	goto out;

fail:
	fprintf(stderr, "%s: %s\n", VMM_NAME, error->message);
	ret = setup_status(error);
	g_error_free(error);
out:
	for (i = 0; i < sr.n; i++)
		teardown_guest(&sr.g[i]);
	for (i = 0; i < sr.sys->shared->len; i++) {
		const struct sys_shared *sh = sr.sys->shared->pdata[i];

		if (sr.shared[i])
			munmap(sr.shared[i], sh->size);
	}
	g_free(status);
	sched_free(sched);
	g_free(vcpus);
	g_free(sr.shared);
	g_free(sr.g);
	system_free(sr.sys);
	return ret;
}
