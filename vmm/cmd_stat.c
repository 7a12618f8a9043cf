// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm stat: the live exit counters of every VM, like kvm_stat.
 *
 * The module keeps per-vCPU counters in debugfs
 * (Documentation/api.rst, "Exit statistics"):
 * DIR/<pid>-<n>/vcpu<id>/exits, one "<counter> <value>" line each. This
 * command sums them per VM and prints one table row per VM: its name
 * (<pid>-<n>), the creating process' pid and command name, its number of
 * vCPUs and every counter, in the module's order. With --once it prints
 * the table once; otherwise every --interval seconds (default 1), with
 * an extra column EXITS/S: exits per second over the last interval.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "commands.h"
#include "vmm.h"

#define STAT_DEFAULT_DIR	"/sys/kernel/debug/umbra"

/**
 * struct stat_vm - one VM's summed counters
 * @name:   its debugfs directory name, <pid>-<n>
 * @pid:    the process that created it
 * @vcpus:  vCPU directories found
 * @values: the counters, in the order of the global name list
 */
struct stat_vm {
	char *name;
	long pid;
	unsigned int vcpus;
	GArray *values;
};

static void stat_vm_free(gpointer p)
{
	struct stat_vm *vm = p;

	g_free(vm->name);
	g_array_free(vm->values, TRUE);
	g_free(vm);
}

static int cmp_vm(gconstpointer a, gconstpointer b)
{
	const struct stat_vm *x = *(struct stat_vm *const *)a;
	const struct stat_vm *y = *(struct stat_vm *const *)b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* index of @name in @names, appended when new */
static guint name_index(GPtrArray *names, const char *name)
{
	guint i;

	for (i = 0; i < names->len; i++)
		if (!strcmp(g_ptr_array_index(names, i), name))
			return i;
	g_ptr_array_add(names, g_strdup(name));
	return names->len - 1;
}

/* add one vcpu<N>/exits file into @vm */
static gboolean read_exits(const char *path, struct stat_vm *vm,
			   GPtrArray *names, GError **error)
{
	char *text = NULL, **lines, **l;

	if (!g_file_get_contents(path, &text, NULL, error))
		return FALSE;
	lines = g_strsplit(text, "\n", -1);
	for (l = lines; *l; l++) {
		char name[64];
		guint64 v;
		guint i;

		if (!**l)
			continue;
		if (sscanf(*l, "%63s %" G_GUINT64_FORMAT, name, &v) != 2) {
			g_set_error(error, VMM_ERROR, 0,
				    "%s: cannot parse line '%s'", path, *l);
			g_strfreev(lines);
			g_free(text);
			return FALSE;
		}
		i = name_index(names, name);
		if (vm->values->len <= i)
			g_array_set_size(vm->values, i + 1);
		g_array_index(vm->values, guint64, i) += v;
	}
	g_strfreev(lines);
	g_free(text);
	vm->vcpus++;
	return TRUE;
}

/*
 * Every VM under @dir, sorted by pid then name. A VM or vCPU that goes
 * away while it is read is left out, not an error.
 */
static GPtrArray *read_vms(const char *dir, GPtrArray *names, GError **error)
{
	GPtrArray *vms = g_ptr_array_new_with_free_func(stat_vm_free);
	const char *e, *c;
	GDir *d, *vd;

	d = g_dir_open(dir, 0, error);
	if (!d) {
		g_ptr_array_free(vms, TRUE);
		return NULL;
	}
	while ((e = g_dir_read_name(d))) {
		char *vmdir = g_build_filename(dir, e, NULL);
		struct stat_vm *vm;
		char *end;
		long pid = strtol(e, &end, 10);

		if (*end != '-' || !(vd = g_dir_open(vmdir, 0, NULL))) {
			g_free(vmdir);
			continue;
		}
		vm = g_new0(struct stat_vm, 1);
		vm->name = g_strdup(e);
		vm->pid = pid;
		vm->values = g_array_new(FALSE, TRUE, sizeof(guint64));
		while ((c = g_dir_read_name(vd))) {
			char *path;
			GError *err = NULL;

			if (strncmp(c, "vcpu", 4))
				continue;
			path = g_build_filename(vmdir, c, "exits", NULL);
			if (!read_exits(path, vm, names, &err)) {
				if (!g_error_matches(err, G_FILE_ERROR,
						     G_FILE_ERROR_NOENT)) {
					g_propagate_error(error, err);
					g_free(path);
					g_dir_close(vd);
					g_free(vmdir);
					stat_vm_free(vm);
					g_dir_close(d);
					g_ptr_array_free(vms, TRUE);
					return NULL;
				}
				g_error_free(err);
			}
			g_free(path);
		}
		g_dir_close(vd);
		g_free(vmdir);
		g_ptr_array_add(vms, vm);
	}
	g_dir_close(d);
	g_ptr_array_sort(vms, cmp_vm);
	return vms;
}

static char *process_name(long pid)
{
	char *path = g_strdup_printf("/proc/%ld/comm", pid), *comm = NULL;

	if (!g_file_get_contents(path, &comm, NULL, NULL))
		comm = g_strdup("-");
	g_free(path);
	g_strstrip(comm);
	if (!*comm) {
		g_free(comm);
		comm = g_strdup("-");
	}
	return comm;
}

static guint64 value_of(const struct stat_vm *vm, guint i)
{
	return i < vm->values->len ? g_array_index(vm->values, guint64, i) : 0;
}

/* counter @x of the VM called @name in @prev, or -1 when it was not there */
static gint64 prev_value(GPtrArray *prev, const char *name, guint x)
{
	guint i;

	for (i = 0; prev && i < prev->len; i++) {
		const struct stat_vm *vm = g_ptr_array_index(prev, i);

		if (!strcmp(vm->name, name))
			return value_of(vm, x);
	}
	return -1;
}

static void print_table(GPtrArray *vms, GPtrArray *names, GPtrArray *prev,
			double interval)
{
	guint i, j, x = name_index(names, "exits");

	printf("%-16s %7s %-15s %5s", "VM", "PID", "COMM", "VCPUS");
	for (j = 0; j < names->len; j++) {
		char *up = g_ascii_strup(g_ptr_array_index(names, j), -1);

		printf(" %12s", up);
		g_free(up);
	}
	if (interval > 0)
		printf(" %10s", "EXITS/S");
	printf("\n");
	for (i = 0; i < vms->len; i++) {
		const struct stat_vm *vm = g_ptr_array_index(vms, i);
		char *comm = process_name(vm->pid);
		gint64 before;

		printf("%-16s %7ld %-15s %5u", vm->name, vm->pid, comm,
		       vm->vcpus);
		for (j = 0; j < names->len; j++)
			printf(" %12" G_GUINT64_FORMAT, value_of(vm, j));
		if (interval > 0) {
			before = prev_value(prev, vm->name, x);
			if (before < 0 || (guint64)before > value_of(vm, x))
				printf(" %10s", "-");
			else
				printf(" %10.0f",
				       (value_of(vm, x) - before) / interval);
		}
		printf("\n");
		g_free(comm);
	}
	if (!vms->len)
		printf("(no VM)\n");
	fflush(stdout);
}

/**
 * cmd_stat() - umbra-vmm stat [--once] [--interval SECONDS] [--debugfs DIR]
 * @argc: argument count, argv[0] = "stat"
 * @argv: arguments
 *
 * Return: 0; VMM_EXIT_USAGE on a bad option; VMM_EXIT_FAILURE when the
 * statistics directory cannot be read (no module, no debugfs mounted, not
 * root).
 */
int cmd_stat(int argc, char **argv)
{
	gboolean once = FALSE;
	double interval = 1;
	char *dir = NULL;
	const GOptionEntry entries[] = {
		{ "once", '1', 0, G_OPTION_ARG_NONE, &once,
		  "Print the table once and exit", NULL },
		{ "interval", 'i', 0, G_OPTION_ARG_DOUBLE, &interval,
		  "Refresh every SECONDS (default 1)", "SECONDS" },
		{ "debugfs", 0, 0, G_OPTION_ARG_FILENAME, &dir,
		  "The module's statistics directory (default " STAT_DEFAULT_DIR ")",
		  "DIR" },
		{ NULL }
	};
	GPtrArray *names, *vms, *prev = NULL;
	GOptionContext *ctx;
	GError *error = NULL;
	int ret = 0;

	ctx = g_option_context_new("- live exit counters of every VM");
	g_option_context_set_description(ctx,
		"Reads DIR/<pid>-<n>/vcpu<id>/exits (Documentation/api.rst) and\n"
		"prints one row per VM: counters summed over its vCPUs. Without\n"
		"--once, the table is printed again every --interval seconds with\n"
		"EXITS/S, the exit rate over the last interval; stop with Ctrl-C.\n"
		"Needs debugfs mounted (mount -t debugfs none /sys/kernel/debug)\n"
		"and read access to it (root).\n");
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &error) || argc > 1 ||
	    interval <= 0) {
		fprintf(stderr, "%s stat: %s\n(try '%s stat --help')\n",
			VMM_NAME,
			error ? error->message :
			argc > 1 ? "unexpected argument" :
			"--interval must be positive", VMM_NAME);
		g_clear_error(&error);
		g_option_context_free(ctx);
		g_free(dir);
		return VMM_EXIT_USAGE;
	}
	g_option_context_free(ctx);

	names = g_ptr_array_new_with_free_func(g_free);
	for (;;) {
		vms = read_vms(dir ? dir : STAT_DEFAULT_DIR, names, &error);
		if (!vms) {
			fprintf(stderr, "%s stat: %s (is umbra.ko loaded and debugfs mounted?)\n",
				VMM_NAME, error->message);
			g_error_free(error);
			ret = VMM_EXIT_FAILURE;
			break;
		}
		print_table(vms, names, prev, once ? 0 : interval);
		if (prev)
			g_ptr_array_free(prev, TRUE);
		prev = vms;
		if (once)
			break;
		g_usleep((gulong)(interval * G_USEC_PER_SEC));
		printf("\n");
	}
	if (prev)
		g_ptr_array_free(prev, TRUE);
	g_ptr_array_free(names, TRUE);
	g_free(dir);
	return ret;
}
