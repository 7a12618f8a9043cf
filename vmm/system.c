// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm: the system configuration file: parsing and validation.
 *
 * The file is a GKeyFile (INI) with groups [guest NAME], [shared NAME],
 * [device NAME] and [schedule]; Documentation/config.rst is the reference.
 * Everything is checked before anything runs and every problem is
 * reported, not only the first, as
 *
 *   FILE:LINE: [GROUP] KEY: what was expected
 *
 * GKeyFile keeps no line numbers, so the file is also scanned line by line
 * here (scan_lines()): the scan records the line of each group header and
 * of each KEY = VALUE line under it, and rejects what GKeyFile would
 * silently accept (a key given twice: GKeyFile keeps the last; a group
 * given twice: GKeyFile merges them) or reject without a line number
 * (a line that is neither a group, a key nor a comment). An error about a
 * key names the key's line; about a missing key, its group's line.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

#include <linux/umbra.h>

#include "config.h"
#include "system.h"
#include "vmm.h"

#define FOUR_GIB	(1ull << 32)
/*
 * Room kept for a generated device tree blob (dt.c), bytes: a zImage's
 * (image.c) and, at the top of the image's RAM region, an ELF or raw
 * guest's (guest_boot.c, GUEST_BOOT_DTB_ROOM).
 */
#define SYS_DTB_ROOM	(64ull << 10)
#define SYS_MAX_CPUS	64
#define SYS_MAX_SPI	987	/* GICv2: INTID 1019 - 32 */

/**
 * struct sys_error - one error, to be sorted by line
 * @line: line number, 0 for the whole file
 * @seq:  order of discovery, for a stable sort
 * @msg:  the whole message, "FILE:LINE: ..."
 */
struct sys_error {
	int line;
	unsigned int seq;
	char *msg;
};

/**
 * struct parse - parsing state
 * @sys:    the system being built
 * @kf:     the loaded key file
 * @lines:  "GROUP" and "GROUP\nKEY" -> line number (GINT_TO_POINTER)
 * @errors: struct sys_error
 */
struct parse {
	struct system *sys;
	GKeyFile *kf;
	GHashTable *lines;
	GArray *errors;
};

/**
 * struct claim - an IPA range a guest uses, for the disjointness check
 * @r:     the range
 * @what:  description for messages ("RAM", "shared region 'buf'", ...)
 * @group: group and key to report an overlap at
 * @key:   ditto
 */
struct claim {
	struct sys_region r;
	char *what;
	const char *group;
	const char *key;
};

static int line_of(struct parse *p, const char *group, const char *key)
{
	char *k = key ? g_strconcat(group, "\n", key, NULL) : NULL;
	gpointer v = g_hash_table_lookup(p->lines, k ? k : group);

	g_free(k);
	if (!v && key)
		return line_of(p, group, NULL);
	return GPOINTER_TO_INT(v);
}

static void add_error(struct parse *p, int line, char *msg)
{
	struct sys_error e = { line, p->errors->len, msg };

	g_array_append_val(p->errors, e);
}

/* Report an error at GROUP's KEY (or at GROUP if @key is NULL). */
static void err(struct parse *p, const char *group, const char *key,
		const char *fmt, ...) G_GNUC_PRINTF(4, 5);
static void err(struct parse *p, const char *group, const char *key,
		const char *fmt, ...)
{
	int line = group ? line_of(p, group, key) : 0;
	va_list ap;
	char *what;

	va_start(ap, fmt);
	what = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (!group)
		add_error(p, 0, g_strdup_printf("%s: %s", p->sys->path, what));
	else if (key)
		add_error(p, line, g_strdup_printf("%s:%d: [%s] %s: %s",
						   p->sys->path, line, group,
						   key, what));
	else
		add_error(p, line, g_strdup_printf("%s:%d: [%s]: %s",
						   p->sys->path, line, group,
						   what));
	g_free(what);
}

/*
 * Record the line of each group and key; report lines GKeyFile would
 * reject (with no line number) and duplicates it would silently accept.
 * Returns FALSE if the file cannot be given to GKeyFile.
 */
static gboolean scan_lines(struct parse *p, const char *text)
{
	char **lines = g_strsplit(text, "\n", -1);
	char *group = NULL;
	gboolean ok = TRUE;
	int i;

	for (i = 0; lines[i]; i++) {
		char *l = g_strstrip(lines[i]);
		char *eq, *k;
		gpointer prev;
		int n = i + 1;

		if (!*l || *l == '#')
			continue;
		if (*l == '[') {
			char *close = strrchr(l, ']');

			if (!close || close[1] || close == l + 1) {
				add_error(p, n, g_strdup_printf("%s:%d: expected a group header [NAME]",
								p->sys->path, n));
				ok = FALSE;
				continue;
			}
			g_free(group);
			group = g_strndup(l + 1, close - l - 1);
			prev = g_hash_table_lookup(p->lines, group);
			if (prev) {
				add_error(p, n, g_strdup_printf("%s:%d: [%s]: group given twice (first at line %d)",
								p->sys->path, n, group,
								GPOINTER_TO_INT(prev)));
				ok = FALSE;
				continue;
			}
			g_hash_table_insert(p->lines, g_strdup(group),
					    GINT_TO_POINTER(n));
			continue;
		}
		eq = strchr(l, '=');
		if (!eq || eq == l) {
			add_error(p, n, g_strdup_printf("%s:%d: expected KEY = VALUE, a [group] or a # comment",
							p->sys->path, n));
			ok = FALSE;
			continue;
		}
		*eq = '\0';
		g_strchomp(l);
		if (!group) {
			add_error(p, n, g_strdup_printf("%s:%d: %s: key outside any group; expected a [group] first",
							p->sys->path, n, l));
			ok = FALSE;
			continue;
		}
		k = g_strconcat(group, "\n", l, NULL);
		prev = g_hash_table_lookup(p->lines, k);
		if (prev) {
			add_error(p, n, g_strdup_printf("%s:%d: [%s] %s: key given twice (first at line %d)",
							p->sys->path, n, group, l,
							GPOINTER_TO_INT(prev)));
			ok = FALSE;
			g_free(k);
			continue;
		}
		g_hash_table_insert(p->lines, k, GINT_TO_POINTER(n));
	}
	g_free(group);
	g_strfreev(lines);
	return ok;
}

/* ------------------------------------------------------------------ */
/* Values                                                              */

/* GKeyFile rejects bad escapes and invalid UTF-8 when a value is read. */
static void bad_value(struct parse *p, const char *group, const char *key,
		      GError *error)
{
	if (g_error_matches(error, G_KEY_FILE_ERROR,
			    G_KEY_FILE_ERROR_KEY_NOT_FOUND) ||
	    g_error_matches(error, G_KEY_FILE_ERROR,
			    G_KEY_FILE_ERROR_GROUP_NOT_FOUND))
		return;
	err(p, group, key, "expected UTF-8 text with valid escapes (\\s \\n \\t \\r \\\\): %s",
	    error->message);
}

static char *get_str(struct parse *p, const char *group, const char *key)
{
	GError *error = NULL;
	char *v = g_key_file_get_string(p->kf, group, key, &error);

	if (error) {
		bad_value(p, group, key, error);
		g_error_free(error);
		return NULL;
	}
	if (v && !*g_strstrip(v)) {
		err(p, group, key, "empty value; expected a value or no key");
		g_free(v);
		return NULL;
	}
	return v;
}

static char **get_list(struct parse *p, const char *group, const char *key)
{
	GError *error = NULL;
	char **v = g_key_file_get_string_list(p->kf, group, key, NULL, &error);
	char **s;

	if (error) {
		bad_value(p, group, key, error);
		g_error_free(error);
		return NULL;
	}
	if (!v)
		return NULL;
	for (s = v; *s; s++) {
		g_strstrip(*s);
		if (!**s) {
			err(p, group, key, "empty list element; expected NAME[, NAME...]");
			g_strfreev(v);
			return NULL;
		}
	}
	return v;
}

static gboolean parse_size(struct parse *p, const char *group,
			   const char *key, const char *text, uint64_t *v)
{
	if (config_parse_size(key, text, v, NULL))
		return TRUE;
	err(p, group, key, "'%s': expected a number (decimal or 0x hex) with an optional unit K, M or G, e.g. 64M",
	    text);
	return FALSE;
}

/* KEY's value as a size or address; FALSE if absent or bad. */
static gboolean get_size(struct parse *p, const char *group, const char *key,
			 uint64_t *v)
{
	char *s = get_str(p, group, key);
	gboolean ok;

	if (!s)
		return FALSE;
	ok = parse_size(p, group, key, s, v);
	g_free(s);
	return ok;
}

static gboolean parse_long(const char *text, long min, long max, long *v)
{
	char *end;
	gint64 n;

	if (!*text)
		return FALSE;
	n = g_ascii_strtoll(text, &end, 10);
	if (*end || n < min || n > max)
		return FALSE;
	*v = n;
	return TRUE;
}

/* KEY as an integer in [@min, @max]; @def if absent. */
static long get_int(struct parse *p, const char *group, const char *key,
		    long min, long max, long def)
{
	char *s = get_str(p, group, key);
	long v = def;

	if (s && !parse_long(s, min, max, &v)) {
		err(p, group, key, "'%s': expected an integer from %ld to %ld",
		    s, min, max);
		v = def;
	}
	g_free(s);
	return v;
}

/* A duration "N" + us, ms or s, in microseconds. */
static gboolean parse_duration(const char *text, uint64_t *us)
{
	static const struct { const char *unit; uint64_t mult; } units[] = {
		{ "us", 1 }, { "ms", 1000 }, { "s", 1000000 },
	};
	char *end;
	guint64 n;
	size_t i;

	if (!g_ascii_isdigit(*text))
		return FALSE;
	n = g_ascii_strtoull(text, &end, 10);
	for (i = 0; i < G_N_ELEMENTS(units); i++) {
		if (!strcmp(end, units[i].unit) &&
		    n <= UINT32_MAX * 1000000ull / units[i].mult) {
			*us = n * units[i].mult;
			return TRUE;
		}
	}
	return FALSE;
}

static gboolean get_duration(struct parse *p, const char *group,
			     const char *key, uint64_t *us)
{
	char *s = get_str(p, group, key);
	gboolean ok;

	if (!s)
		return FALSE;
	ok = parse_duration(s, us) && *us;
	if (!ok)
		err(p, group, key, "'%s': expected a nonzero duration with a unit us, ms or s, e.g. 10ms",
		    s);
	g_free(s);
	return ok;
}

/* "IPA:SIZE" */
static gboolean parse_range(struct parse *p, const char *group,
			    const char *key, const char *text,
			    struct sys_region *r)
{
	char **parts = g_strsplit(text, ":", 2);
	gboolean ok = FALSE;

	if (!parts[0] || !parts[1]) {
		err(p, group, key, "'%s': expected IPA:SIZE, e.g. 0x40000000:64M",
		    text);
		goto out;
	}
	g_strstrip(parts[0]);
	g_strstrip(parts[1]);
	ok = parse_size(p, group, key, parts[0], &r->ipa) &&
	     parse_size(p, group, key, parts[1], &r->size);
out:
	g_strfreev(parts);
	return ok;
}

/* Page aligned, nonzero, below 4 GiB, clear of the monitor's range. */
static gboolean check_region(struct parse *p, const char *group,
			     const char *key, const struct sys_region *r)
{
	const uint64_t fb = UMBRA_FORBIDDEN_BASE;
	const uint64_t fe = fb + UMBRA_FORBIDDEN_SIZE;

	if (!r->size || r->size % VMM_PAGE_SIZE || r->ipa % VMM_PAGE_SIZE) {
		err(p, group, key, "0x%" PRIx64 ":0x%" PRIx64 ": expected a nonzero size and an IPA that are multiples of the %llu-byte page size",
		    r->ipa, r->size, VMM_PAGE_SIZE);
		return FALSE;
	}
	if (r->ipa >= FOUR_GIB || r->size > FOUR_GIB - r->ipa) {
		err(p, group, key, "[0x%" PRIx64 ", 0x%" PRIx64 "): expected to end at or below 4 GiB",
		    r->ipa, r->ipa + r->size);
		return FALSE;
	}
	if (r->ipa < fe && fb < r->ipa + r->size) {
		err(p, group, key, "[0x%08" PRIx64 ", 0x%08" PRIx64 ") overlaps [0x%08" PRIx64 ", 0x%08" PRIx64 "), which umbra reserves for its monitor",
		    r->ipa, r->ipa + r->size, fb, fe);
		return FALSE;
	}
	return TRUE;
}

static gboolean check_keys(struct parse *p, const char *group,
			   const char *const *allowed)
{
	char **keys = g_key_file_get_keys(p->kf, group, NULL, NULL);
	char *list = g_strjoinv(", ", (char **)allowed);
	gboolean ok = TRUE;
	char **k;

	for (k = keys; k && *k; k++) {
		if (g_strv_contains(allowed, *k))
			continue;
		err(p, group, *k, "unknown key; expected one of %s", list);
		ok = FALSE;
	}
	g_free(list);
	g_strfreev(keys);
	return ok;
}

static gboolean valid_name(const char *name)
{
	const char *c;

	if (!*name)
		return FALSE;
	for (c = name; *c; c++)
		if (!g_ascii_isalnum(*c) && *c != '-' && *c != '_')
			return FALSE;
	return TRUE;
}

/* ------------------------------------------------------------------ */
/* Groups                                                              */

static const char *const guest_keys[] = {
	"image", "format", "load-address", "entry", "ram-size", "ram-base",
	"ram-regions", "pool-pages", "bootargs", "dtb", "initrd", "devices",
	"console", "nice", "priority", "affinity", NULL
};

static const char *const shared_keys[] = {
	"size", "ipa", "writer", "readers", NULL
};

static const char *const device_keys[] = {
	"compatible", "reg", "interrupt", "host", NULL
};

static const char *const schedule_keys[] = {
	"policy", "cpu", "time-slice", "major-frame", "windows", NULL
};

static const char *group_of(const struct sys_guest *g, char *buf, size_t n)
{
	g_snprintf(buf, n, "guest %s", g->name);
	return buf;
}

static int compare_region(gconstpointer a, gconstpointer b)
{
	const struct sys_region *x = a, *y = b;

	return x->ipa < y->ipa ? -1 : x->ipa > y->ipa;
}

static void parse_guest_ram(struct parse *p, const char *group,
			    struct sys_guest *g)
{
	struct sys_region r = { VMM_DEFAULT_RAM_BASE, VMM_DEFAULT_RAM_SIZE };
	gboolean has_regions = g_key_file_has_key(p->kf, group, "ram-regions",
						  NULL);
	char **list, **s;

	if (has_regions) {
		if (g_key_file_has_key(p->kf, group, "ram-size", NULL) ||
		    g_key_file_has_key(p->kf, group, "ram-base", NULL))
			err(p, group, "ram-regions",
			    "expected either ram-regions or ram-size/ram-base, not both");
		list = get_list(p, group, "ram-regions");
		for (s = list; s && *s; s++) {
			if (parse_range(p, group, "ram-regions", *s, &r) &&
			    check_region(p, group, "ram-regions", &r))
				g_array_append_val(g->ram, r);
		}
		g_strfreev(list);
	} else {
		if (g_key_file_has_key(p->kf, group, "ram-size", NULL) &&
		    !get_size(p, group, "ram-size", &r.size))
			return;
		if (g_key_file_has_key(p->kf, group, "ram-base", NULL) &&
		    !get_size(p, group, "ram-base", &r.ipa))
			return;
		if (check_region(p, group, g_key_file_has_key(p->kf, group,
			"ram-size", NULL) ? "ram-size" : "ram-base", &r))
			g_array_append_val(g->ram, r);
	}
	g_array_sort(g->ram, compare_region);
}

static void parse_affinity(struct parse *p, const char *group,
			   struct sys_guest *g)
{
	char **list = get_list(p, group, "affinity");
	char **s;

	for (s = list; s && *s; s++) {
		char **ends = g_strsplit(*s, "-", 2);
		long lo, hi;

		bool ok = parse_long(g_strstrip(ends[0]), 0, SYS_MAX_CPUS - 1,
				     &lo);

		hi = lo;
		if (ok && ends[1])
			ok = parse_long(g_strstrip(ends[1]), lo,
					SYS_MAX_CPUS - 1, &hi);
		if (!ok) {
			err(p, group, "affinity", "'%s': expected CPU numbers 0-%d or ranges N-M, e.g. 0,2-3",
			    *s, SYS_MAX_CPUS - 1);
		} else {
			for (; lo <= hi; lo++)
				g->affinity |= 1ull << lo;
		}
		g_strfreev(ends);
	}
	g_strfreev(list);
}

static void parse_guest(struct parse *p, const char *group, const char *name)
{
	struct sys_guest *g = g_new0(struct sys_guest, 1);
	char *s;

	g->name = g_strdup(name);
	g->ram = g_array_new(FALSE, FALSE, sizeof(struct sys_region));
	g_ptr_array_add(p->sys->guests, g);
	check_keys(p, group, guest_keys);

	s = get_str(p, group, "image");
	if (!s && !g_key_file_has_key(p->kf, group, "image", NULL))
		err(p, group, NULL, "missing key image; expected the guest's image file");
	if (s) {
		g->image = g_path_is_absolute(s) ? g_strdup(s) :
			   g_build_filename(p->sys->dir, s, NULL);
		g_free(s);
	}
	s = get_str(p, group, "format");
	if (s) {
		if (!strcmp(s, "elf"))
			g->format = IMAGE_ELF;
		else if (!strcmp(s, "raw"))
			g->format = IMAGE_RAW;
		else if (!strcmp(s, "zimage"))
			g->format = IMAGE_ZIMAGE;
		else
			err(p, group, "format", "'%s': expected elf, raw or zimage",
			    s);
		g_free(s);
	}
	parse_guest_ram(p, group, g);

	if (g_key_file_has_key(p->kf, group, "load-address", NULL)) {
		if (g->format == IMAGE_ELF)
			err(p, group, "load-address", "expected only with format = raw or zimage (an ELF image's segments carry their addresses)");
		else
			get_size(p, group, "load-address", &g->load);
	} else if (g->format == IMAGE_RAW) {
		err(p, group, NULL, "missing key load-address; expected with format = raw");
	} else if (g->format == IMAGE_ZIMAGE && g->ram->len) {
		g->load = g_array_index(g->ram, struct sys_region, 0).ipa +
			  ZIMAGE_TEXT_OFFSET;
	}
	if (g_key_file_has_key(p->kf, group, "entry", NULL)) {
		if (g->format == IMAGE_ZIMAGE)
			err(p, group, "entry", "expected no entry with format = zimage (entered at its load address)");
		else if (get_size(p, group, "entry", &g->entry))
			g->has_entry = true;
	}
	g->pool_pages = get_int(p, group, "pool-pages",
				UMBRA_VM_POOL_MIN_PAGES,
				UMBRA_VM_POOL_MAX_PAGES,
				UMBRA_VM_POOL_DEFAULT_PAGES);
	g->bootargs = get_str(p, group, "bootargs");
	g->dtb = get_str(p, group, "dtb");
	g->initrd = get_str(p, group, "initrd");
	if (g->dtb && !g_path_is_absolute(g->dtb)) {
		s = g->dtb;
		g->dtb = g_build_filename(p->sys->dir, s, NULL);
		g_free(s);
	}
	if (g->initrd && !g_path_is_absolute(g->initrd)) {
		s = g->initrd;
		g->initrd = g_build_filename(p->sys->dir, s, NULL);
		g_free(s);
	}
	if (g->dtb && g->format != IMAGE_ZIMAGE)
		err(p, group, "dtb", "expected only with format = zimage");
	if (g->initrd && g->format != IMAGE_ZIMAGE)
		err(p, group, "initrd", "expected only with format = zimage");
	g->devices = get_list(p, group, "devices");

	s = get_str(p, group, "console");
	if (s) {
		if (!strcmp(s, "stdio"))
			g->console = SYS_CONSOLE_STDIO;
		else if (!strcmp(s, "pty"))
			g->console = SYS_CONSOLE_PTY;
		else if (!strcmp(s, "none"))
			g->console = SYS_CONSOLE_NONE;
		else
			err(p, group, "console", "'%s': expected stdio, pty or none",
			    s);
		g_free(s);
	}
	if (p->sys->schedule.policy != SYS_POLICY_LINUX) {
		static const char *const linux_only[] = {
			"nice", "priority", "affinity"
		};
		size_t i;

		for (i = 0; i < G_N_ELEMENTS(linux_only); i++)
			if (g_key_file_has_key(p->kf, group, linux_only[i],
					       NULL))
				err(p, group, linux_only[i],
				    "expected only with [schedule] policy = linux");
		return;
	}
	g->nice = get_int(p, group, "nice", -20, 19, 0);
	g->priority = get_int(p, group, "priority", 0, 99, 0);
	parse_affinity(p, group, g);
}

static void parse_device(struct parse *p, const char *group, const char *name)
{
	struct sys_device *d = g_new0(struct sys_device, 1);
	char *s;

	d->name = g_strdup(name);
	d->owner = -1;
	d->spi = -1;
	g_ptr_array_add(p->sys->devices, d);
	check_keys(p, group, device_keys);

	/* Compatible strings contain commas: this list is space-separated. */
	s = get_str(p, group, "compatible");
	if (s) {
		char **w = g_strsplit_set(s, " \t", -1);
		GPtrArray *a = g_ptr_array_new();
		char **x;

		for (x = w; *x; x++)
			if (**x)
				g_ptr_array_add(a, g_strdup(*x));
		g_ptr_array_add(a, NULL);
		d->compatible = (char **)g_ptr_array_free(a, FALSE);
		g_strfreev(w);
		g_free(s);
	} else if (!g_key_file_has_key(p->kf, group, "compatible", NULL)) {
		err(p, group, NULL, "missing key compatible; expected the device tree compatible string(s)");
	}
	s = get_str(p, group, "reg");
	if (s) {
		if (parse_range(p, group, "reg", s, &d->reg))
			check_region(p, group, "reg", &d->reg);
		g_free(s);
	} else if (!g_key_file_has_key(p->kf, group, "reg", NULL)) {
		err(p, group, NULL, "missing key reg; expected IPA:SIZE of its registers");
	}
	d->spi = get_int(p, group, "interrupt", 0, SYS_MAX_SPI, -1);
	if (d->spi == SYS_UART_SPI)
		err(p, group, "interrupt", "SPI %d is the UART's; expected another SPI number",
		    SYS_UART_SPI);
	d->host = get_str(p, group, "host");
	if (!d->host && !g_key_file_has_key(p->kf, group, "host", NULL))
		err(p, group, NULL, "missing key host; expected the host file that maps its registers, e.g. /dev/uio0");
}

static void parse_schedule_policy(struct parse *p)
{
	struct sys_schedule *sc = &p->sys->schedule;
	char *s;

	if (!g_key_file_has_group(p->kf, "schedule"))
		return;
	s = get_str(p, "schedule", "policy");
	if (!s)
		return;
	if (!strcmp(s, "linux"))
		sc->policy = SYS_POLICY_LINUX;
	else if (!strcmp(s, "cyclic"))
		sc->policy = SYS_POLICY_CYCLIC;
	else if (!strcmp(s, "round-robin"))
		sc->policy = SYS_POLICY_RR;
	else
		err(p, "schedule", "policy", "'%s': expected linux, cyclic or round-robin",
		    s);
	g_free(s);
}

static int compare_window(gconstpointer a, gconstpointer b)
{
	const struct sys_window *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static void parse_windows(struct parse *p)
{
	struct sys_schedule *sc = &p->sys->schedule;
	char **list = get_list(p, "schedule", "windows");
	bool *has = g_new0(bool, p->sys->guests->len + 1);
	char **s;
	guint i;

	if (!list && !g_key_file_has_key(p->kf, "schedule", "windows", NULL))
		err(p, "schedule", NULL, "missing key windows; expected GUEST@OFFSET+DURATION, ... with policy = cyclic");
	for (s = list; s && *s; s++) {
		char *at = strchr(*s, '@'), *plus = at ? strchr(at, '+') : NULL;
		struct sys_window w;
		int gi;

		if (!at || !plus) {
			err(p, "schedule", "windows", "'%s': expected GUEST@OFFSET+DURATION, e.g. alpha@0ms+4ms",
			    *s);
			continue;
		}
		*at = *plus = '\0';
		gi = system_guest_index(p->sys, g_strstrip(*s));
		if (gi < 0) {
			err(p, "schedule", "windows", "'%s': expected the name of a [guest NAME]",
			    *s);
			continue;
		}
		if (!parse_duration(g_strstrip(at + 1), &w.offset) ||
		    !parse_duration(g_strstrip(plus + 1), &w.duration) ||
		    !w.duration) {
			err(p, "schedule", "windows", "window of '%s': expected OFFSET+DURATION as durations with a unit us, ms or s, the duration nonzero",
			    *s);
			continue;
		}
		if (sc->major_frame &&
		    w.offset + w.duration > sc->major_frame) {
			err(p, "schedule", "windows", "window of '%s' ends at %" PRIu64 " us, after the major frame (%" PRIu64 " us)",
			    *s, w.offset + w.duration, sc->major_frame);
			continue;
		}
		w.guest = gi;
		has[gi] = true;
		g_array_append_val(sc->windows, w);
	}
	g_array_sort(sc->windows, compare_window);
	for (i = 1; i < sc->windows->len; i++) {
		struct sys_window *a = &g_array_index(sc->windows,
						      struct sys_window, i - 1);
		struct sys_window *b = a + 1;

		if (a->offset + a->duration > b->offset)
			err(p, "schedule", "windows", "window of '%s' at %" PRIu64 " us overlaps the window of '%s' at %" PRIu64 " us; expected disjoint windows",
			    ((struct sys_guest *)p->sys->guests->pdata[b->guest])->name,
			    b->offset,
			    ((struct sys_guest *)p->sys->guests->pdata[a->guest])->name,
			    a->offset);
	}
	for (i = 0; list && i < p->sys->guests->len; i++)
		if (!has[i])
			err(p, "schedule", "windows", "guest '%s' has no window; expected at least one per guest",
			    ((struct sys_guest *)p->sys->guests->pdata[i])->name);
	g_free(has);
	g_strfreev(list);
}

static void parse_schedule(struct parse *p)
{
	struct sys_schedule *sc = &p->sys->schedule;
	static const char *const only[][2] = {
		/* key, policy allowing it, its name */
		{ "cpu", "cyclic or round-robin" },
		{ "time-slice", "round-robin" },
		{ "major-frame", "cyclic" },
		{ "windows", "cyclic" },
	};
	size_t i;

	sc->time_slice = 10000;
	if (!g_key_file_has_group(p->kf, "schedule"))
		return;
	check_keys(p, "schedule", schedule_keys);
	for (i = 0; i < G_N_ELEMENTS(only); i++) {
		const char *key = only[i][0];
		bool allowed = sc->policy == SYS_POLICY_CYCLIC ?
			       strstr(only[i][1], "cyclic") != NULL :
			       sc->policy == SYS_POLICY_RR ?
			       strstr(only[i][1], "round-robin") != NULL :
			       false;

		if (!allowed && g_key_file_has_key(p->kf, "schedule", key,
						   NULL))
			err(p, "schedule", key, "expected only with policy = %s",
			    only[i][1]);
	}
	if (sc->policy == SYS_POLICY_LINUX)
		return;
	sc->cpu = get_int(p, "schedule", "cpu", 0, SYS_MAX_CPUS - 1, 0);
	if (sc->policy == SYS_POLICY_RR) {
		if (g_key_file_has_key(p->kf, "schedule", "time-slice", NULL))
			get_duration(p, "schedule", "time-slice",
				     &sc->time_slice);
		return;
	}
	if (!g_key_file_has_key(p->kf, "schedule", "major-frame", NULL))
		err(p, "schedule", NULL, "missing key major-frame; expected the cyclic schedule's period, e.g. 20ms");
	else
		get_duration(p, "schedule", "major-frame", &sc->major_frame);
	parse_windows(p);
}

/* Guest name list; -1 entries for names that are not guests (reported). */
static GArray *guest_list(struct parse *p, const char *group,
			  const char *key, char **names)
{
	GArray *a = g_array_new(FALSE, FALSE, sizeof(guint));
	char **s;

	for (s = names; s && *s; s++) {
		int gi = system_guest_index(p->sys, *s);
		guint j;

		if (gi < 0) {
			err(p, group, key, "'%s': expected the name of a [guest NAME]",
			    *s);
			continue;
		}
		for (j = 0; j < a->len; j++)
			if (g_array_index(a, guint, j) == (guint)gi)
				break;
		if (j < a->len) {
			err(p, group, key, "'%s' named twice", *s);
			continue;
		}
		g_array_append_val(a, gi);
	}
	return a;
}

static void parse_shared(struct parse *p, const char *group, const char *name)
{
	struct sys_shared *sh = g_new0(struct sys_shared, 1);
	guint nguests = p->sys->guests->len, i;
	char **list, **s;
	GArray *writer;
	bool *member;

	sh->name = g_strdup(name);
	sh->ipa = g_new0(uint64_t, nguests + 1);
	sh->writer = G_MAXUINT;
	g_ptr_array_add(p->sys->shared, sh);
	check_keys(p, group, shared_keys);

	if (!g_key_file_has_key(p->kf, group, "size", NULL))
		err(p, group, NULL, "missing key size; expected the region's size, e.g. 64K");
	else if (get_size(p, group, "size", &sh->size) &&
		 (!sh->size || sh->size % VMM_PAGE_SIZE))
		err(p, group, "size", "%" PRIu64 " bytes: expected a nonzero multiple of the %llu-byte page size",
		    sh->size, VMM_PAGE_SIZE);

	list = get_list(p, group, "writer");
	if (!list && !g_key_file_has_key(p->kf, group, "writer", NULL))
		err(p, group, NULL, "missing key writer; expected the one guest that writes the region");
	writer = guest_list(p, group, "writer", list);
	if (list && g_strv_length(list) != 1)
		err(p, group, "writer", "%u guests: expected exactly one writer",
		    g_strv_length(list));
	else if (writer->len == 1)
		sh->writer = g_array_index(writer, guint, 0);
	g_array_free(writer, TRUE);
	g_strfreev(list);

	list = get_list(p, group, "readers");
	sh->readers = guest_list(p, group, "readers", list);
	g_strfreev(list);
	member = g_new0(bool, nguests + 1);
	for (i = 0; i < sh->readers->len; i++) {
		guint r = g_array_index(sh->readers, guint, i);

		if (r == sh->writer)
			err(p, group, "readers", "'%s' is the writer; expected readers other than the writer",
			    ((struct sys_guest *)p->sys->guests->pdata[r])->name);
		member[r] = true;
	}
	if (sh->writer != G_MAXUINT)
		member[sh->writer] = true;

	/* ipa = IPA (in every guest) or GUEST:IPA, ... */
	list = get_list(p, group, "ipa");
	if (!list && !g_key_file_has_key(p->kf, group, "ipa", NULL))
		err(p, group, NULL, "missing key ipa; expected IPA or GUEST:IPA, ...");
	if (list && list[0] && !list[1] && !strchr(list[0], ':')) {
		uint64_t ipa;

		if (parse_size(p, group, "ipa", list[0], &ipa))
			for (i = 0; i < nguests; i++)
				if (member[i])
					sh->ipa[i] = ipa;
	} else {
		bool *given = g_new0(bool, nguests + 1);

		for (s = list; s && *s; s++) {
			char **kv = g_strsplit(*s, ":", 2);
			int gi = system_guest_index(p->sys, g_strstrip(kv[0]));

			if (!kv[1]) {
				err(p, group, "ipa", "'%s': expected IPA (the same in every guest) or GUEST:IPA, ...",
				    *s);
			} else if (gi < 0 || !member[gi]) {
				err(p, group, "ipa", "'%s': expected the writer or a reader",
				    kv[0]);
			} else if (given[gi]) {
				err(p, group, "ipa", "'%s' named twice", kv[0]);
			} else if (parse_size(p, group, "ipa",
					      g_strstrip(kv[1]),
					      &sh->ipa[gi])) {
				given[gi] = true;
			}
			g_strfreev(kv);
		}
		for (i = 0; list && i < nguests; i++)
			if (member[i] && !given[i])
				err(p, group, "ipa", "no IPA for '%s'; expected one for the writer and each reader",
				    ((struct sys_guest *)p->sys->guests->pdata[i])->name);
		g_free(given);
	}
	for (i = 0; i < nguests; i++) {
		struct sys_region r = { sh->ipa[i], sh->size };

		if (member[i] && sh->size && !check_region(p, group, "ipa", &r))
			break;
	}
	g_free(member);
	g_strfreev(list);
}

/* ------------------------------------------------------------------ */
/* Cross-checks                                                        */

static void claim(GArray *claims, uint64_t ipa, uint64_t size,
		  char *what, const char *group, const char *key)
{
	struct claim c = { { ipa, size }, what, group, key };

	g_array_append_val(claims, c);
}

/* Assign devices; check that each exists and has one guest. */
static void assign_devices(struct parse *p)
{
	guint gi;

	for (gi = 0; gi < p->sys->guests->len; gi++) {
		struct sys_guest *g = p->sys->guests->pdata[gi];
		char group[256];
		char **d;

		group_of(g, group, sizeof(group));
		for (d = g->devices; d && *d; d++) {
			struct sys_device *dev = NULL;
			guint i;

			for (i = 0; i < p->sys->devices->len; i++) {
				struct sys_device *x = p->sys->devices->pdata[i];

				if (!strcmp(x->name, *d))
					dev = x;
			}
			if (!dev) {
				err(p, group, "devices", "'%s': expected the name of a [device NAME]",
				    *d);
			} else if (dev->owner >= 0) {
				err(p, group, "devices", "device '%s' is already assigned to guest '%s'; expected each device assigned at most once",
				    *d, ((struct sys_guest *)p->sys->guests->pdata[dev->owner])->name);
			} else {
				dev->owner = gi;
			}
		}
	}
}

/*
 * Thesis Property 3.3.1: a guest's regions (RAM, shared regions, devices)
 * are pairwise disjoint in its IPA space; also count its memory slots.
 */
static void check_guest_layout(struct parse *p, guint gi, char *group)
{
	struct sys_guest *g = p->sys->guests->pdata[gi];
	GArray *claims = g_array_new(FALSE, FALSE, sizeof(struct claim));
	unsigned int slots = g->ram->len;
	guint i, j;

	claim(claims, SYS_GICD_BASE, SYS_GICD_SIZE,
	      g_strdup("the GIC distributor"), NULL, NULL);
	claim(claims, SYS_GICC_BASE, SYS_GICC_SIZE,
	      g_strdup("the GIC CPU interface"), NULL, NULL);
	claim(claims, SYS_UART_BASE, SYS_UART_SIZE,
	      g_strdup("the PL011 UART"), NULL, NULL);
	for (i = 0; i < g->ram->len; i++)
		claim(claims, g_array_index(g->ram, struct sys_region, i).ipa,
		      g_array_index(g->ram, struct sys_region, i).size,
		      g_strdup("RAM"), group,
		      g_key_file_has_key(p->kf, group, "ram-regions", NULL) ?
		      "ram-regions" :
		      g_key_file_has_key(p->kf, group, "ram-size", NULL) ?
		      "ram-size" : "ram-base");
	for (i = 0; i < p->sys->devices->len; i++) {
		struct sys_device *d = p->sys->devices->pdata[i];

		if (d->owner == (int)gi && d->reg.size) {
			claim(claims, d->reg.ipa, d->reg.size,
			      g_strdup_printf("device '%s'", d->name),
			      group, "devices");
			slots++;
		}
	}
	for (i = 0; i < p->sys->shared->len; i++) {
		struct sys_shared *sh = p->sys->shared->pdata[i];
		bool member = sh->writer == gi;

		for (j = 0; j < sh->readers->len; j++)
			member |= g_array_index(sh->readers, guint, j) == gi;
		if (!member || !sh->size)
			continue;
		claim(claims, sh->ipa[gi], sh->size,
		      g_strdup_printf("shared region '%s'", sh->name),
		      g_strdup_printf("shared %s", sh->name), "ipa");
		slots++;
	}
	for (i = 0; i < claims->len; i++) {
		struct claim *b = &g_array_index(claims, struct claim, i);

		for (j = 0; j < i; j++) {
			struct claim *a = &g_array_index(claims, struct claim,
							 j);

			if (a->r.ipa >= b->r.ipa + b->r.size ||
			    b->r.ipa >= a->r.ipa + a->r.size)
				continue;
			err(p, b->group, b->key, "%s [0x%08" PRIx64 ", 0x%08" PRIx64 ") of guest '%s' overlaps %s [0x%08" PRIx64 ", 0x%08" PRIx64 "); expected disjoint regions",
			    b->what, b->r.ipa, b->r.ipa + b->r.size, g->name,
			    a->what, a->r.ipa, a->r.ipa + a->r.size);
		}
	}
	if (slots > UMBRA_MAX_MEMSLOTS)
		err(p, group, NULL, "%u memory regions (RAM, shared, devices): expected at most %d (UMBRA_MAX_MEMSLOTS)",
		    slots, UMBRA_MAX_MEMSLOTS);
	for (i = 0; i < claims->len; i++) {
		struct claim *c = &g_array_index(claims, struct claim, i);

		g_free(c->what);
		if (c->group && c->group != group)
			g_free((char *)c->group);
	}
	g_array_free(claims, TRUE);
}

static const struct sys_region *ram_holding(const struct sys_guest *g,
					    uint64_t ipa, uint64_t size)
{
	guint i;

	for (i = 0; i < g->ram->len; i++) {
		const struct sys_region *r = &g_array_index(g->ram,
							    struct sys_region,
							    i);

		if (ipa >= r->ipa && size <= r->size &&
		    ipa - r->ipa <= r->size - size)
			return r;
	}
	return NULL;
}

static uint64_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : (uint64_t)st.st_size;
}

/* The image (and a zImage's DTB and initrd) must fit the guest's RAM. */
static void check_guest_image(struct parse *p, struct sys_guest *g,
			      char *group)
{
	struct image_extent *ext = &g->extent;
	struct image_linux_layout layout;
	const struct sys_region *r;
	GError *error = NULL;
	unsigned int i;

	if (!g->image || !g->ram->len)
		return;
	if (!image_probe(g->image, g->format, g->load, ext, &error)) {
		err(p, group, "image", "%s", error->message);
		g_error_free(error);
		return;
	}
	for (i = 0; i < ext->nr; i++) {
		if (ram_holding(g, ext->ipa[i], ext->size[i]))
			continue;
		err(p, group, "image", "%s: %" PRIu64 " bytes at [0x%08" PRIx64 ", 0x%08" PRIx64 "): expected inside one of the guest's RAM regions",
		    g->image, ext->size[i], ext->ipa[i],
		    ext->ipa[i] + ext->size[i]);
		return;
	}
	if (g->format != IMAGE_ZIMAGE) {
		/* guest_boot.c: one region, its top 64 KiB for the DTB */
		r = ram_holding(g, ext->low, ext->high - ext->low);
		if (!r) {
			err(p, group, "image", "%s: [0x%08" PRIx64 ", 0x%08" PRIx64 "): expected all of the image inside one RAM region",
			    g->image, ext->low, ext->high);
			return;
		}
		if (ext->high > r->ipa + r->size - SYS_DTB_ROOM) {
			err(p, group, "image", "%s: [0x%08" PRIx64 ", 0x%08" PRIx64 ") reaches into the top %llu KiB of its RAM region, which hold the device tree; expected the image below 0x%08" PRIx64,
			    g->image, ext->low, ext->high, SYS_DTB_ROOM >> 10,
			    (uint64_t)(r->ipa + r->size - SYS_DTB_ROOM));
			return;
		}
	}
	if (g->has_entry)
		ext->entry = (uint32_t)g->entry;
	if (!ram_holding(g, ext->entry & ~1u, 4))
		err(p, group, g->has_entry ? "entry" : "image",
		    "entry 0x%08x: expected inside the guest's RAM", ext->entry);
	if (g->format != IMAGE_ZIMAGE)
		return;
	if (g->dtb && !file_size(g->dtb)) {
		err(p, group, "dtb", "%s: expected a readable, nonempty DTB file",
		    g->dtb);
		return;
	}
	if (g->initrd && !file_size(g->initrd)) {
		err(p, group, "initrd", "%s: expected a readable, nonempty file",
		    g->initrd);
		return;
	}
	r = ram_holding(g, ext->ipa[0], ext->size[0]);
	{
		struct guest_ram ram = { r->ipa, r->size, NULL };

		if (!image_linux_place(&ram, ext->ipa[0], ext->size[0],
				       g->dtb ? file_size(g->dtb) : SYS_DTB_ROOM,
				       g->initrd ? file_size(g->initrd) : 0,
				       &layout, &error)) {
			err(p, group, g->initrd ? "initrd" : "image", "%s",
			    error->message);
			g_error_free(error);
		}
	}
}

static void check_devices(struct parse *p)
{
	guint i, j;

	for (i = 0; i < p->sys->devices->len; i++) {
		struct sys_device *a = p->sys->devices->pdata[i];
		char *group = g_strdup_printf("device %s", a->name);

		for (j = 0; j < i; j++) {
			struct sys_device *b = p->sys->devices->pdata[j];

			if (a->spi >= 0 && a->spi == b->spi &&
			    a->owner >= 0 && a->owner == b->owner)
				err(p, group, "interrupt", "SPI %d is also device '%s''s in the same guest; expected distinct interrupts",
				    a->spi, b->name);
		}
		g_free(group);
	}
}

/* ------------------------------------------------------------------ */

/**
 * system_guest_index() - find a guest by name
 * @sys:  the system
 * @name: a guest's NAME
 *
 * Return: its index in @sys->guests, or -1 if there is none.
 */
int system_guest_index(const struct system *sys, const char *name)
{
	guint i;

	for (i = 0; i < sys->guests->len; i++)
		if (!strcmp(((struct sys_guest *)sys->guests->pdata[i])->name,
			    name))
			return i;
	return -1;
}

static void free_guest(gpointer data)
{
	struct sys_guest *g = data;

	g_free(g->name);
	g_free(g->image);
	g_array_free(g->ram, TRUE);
	g_free(g->bootargs);
	g_free(g->dtb);
	g_free(g->initrd);
	g_strfreev(g->devices);
	g_free(g);
}

static void free_shared(gpointer data)
{
	struct sys_shared *sh = data;

	g_free(sh->name);
	if (sh->readers)
		g_array_free(sh->readers, TRUE);
	g_free(sh->ipa);
	g_free(sh);
}

static void free_device(gpointer data)
{
	struct sys_device *d = data;

	g_free(d->name);
	g_strfreev(d->compatible);
	g_free(d->host);
	g_free(d);
}

/**
 * system_free() - free a system returned by system_load()
 * @sys: the system, or NULL
 */
void system_free(struct system *sys)
{
	if (!sys)
		return;
	g_free(sys->path);
	g_free(sys->dir);
	g_ptr_array_free(sys->guests, TRUE);
	g_ptr_array_free(sys->shared, TRUE);
	g_ptr_array_free(sys->devices, TRUE);
	g_array_free(sys->schedule.windows, TRUE);
	g_free(sys);
}

static int compare_error(gconstpointer a, gconstpointer b)
{
	const struct sys_error *x = a, *y = b;

	if (x->line != y->line)
		return x->line - y->line;
	return (int)x->seq - (int)y->seq;
}

/* Every group: name it, parse it. Guests first: others refer to them. */
static void parse_groups(struct parse *p)
{
	char **groups = g_key_file_get_groups(p->kf, NULL);
	static const char *const kinds[] = { "guest ", "device ", "shared " };
	size_t k;
	char **gr;

	parse_schedule_policy(p);
	for (gr = groups; *gr; gr++) {
		if (!strcmp(*gr, "schedule"))
			continue;
		for (k = 0; k < G_N_ELEMENTS(kinds); k++)
			if (g_str_has_prefix(*gr, kinds[k]))
				break;
		if (k == G_N_ELEMENTS(kinds)) {
			err(p, *gr, NULL, "unknown group; expected [guest NAME], [shared NAME], [device NAME] or [schedule]");
			continue;
		}
		if (!valid_name(*gr + strlen(kinds[k])))
			err(p, *gr, NULL, "'%s': expected a NAME of letters, digits, '-' and '_'",
			    *gr + strlen(kinds[k]));
	}
	for (k = 0; k < G_N_ELEMENTS(kinds); k++) {
		for (gr = groups; *gr; gr++) {
			const char *name = *gr + strlen(kinds[k]);

			if (!g_str_has_prefix(*gr, kinds[k]) || !valid_name(name))
				continue;
			if (k == 0)
				parse_guest(p, *gr, name);
			else if (k == 1)
				parse_device(p, *gr, name);
			else
				parse_shared(p, *gr, name);
		}
	}
	parse_schedule(p);
	g_strfreev(groups);
}

/**
 * system_load() - read and validate a system configuration file
 * @path:   the file
 * @errors: every error is appended here as a newly allocated string
 *          "FILE:LINE: [GROUP] KEY: what was expected", sorted by line
 *
 * Checks the syntax, the groups and keys (unknown ones are errors), every
 * value, and across the file: each guest's RAM, shared regions and devices
 * are pairwise disjoint and clear of the GIC and UART (thesis Property
 * 3.3.1), page aligned, below 4 GiB and at most UMBRA_MAX_MEMSLOTS; SPT
 * pools within UMBRA_VM_POOL_MIN_PAGES..UMBRA_VM_POOL_MAX_PAGES; each
 * shared region has exactly one writer and readers that are guests; each
 * device exists and is assigned at most once; each image is readable in
 * its format and fits its guest's RAM; cyclic windows fit the major frame
 * and do not overlap.
 *
 * Return: the system if there was no error, else NULL with @errors
 * nonempty.
 */
struct system *system_load(const char *path, GPtrArray *errors)
{
	struct system *sys = g_new0(struct system, 1);
	struct parse p = { .sys = sys };
	GError *error = NULL;
	char *text = NULL;
	gsize len;
	guint i;

	sys->path = g_strdup(path);
	sys->dir = g_path_get_dirname(path);
	sys->guests = g_ptr_array_new_with_free_func(free_guest);
	sys->shared = g_ptr_array_new_with_free_func(free_shared);
	sys->devices = g_ptr_array_new_with_free_func(free_device);
	sys->schedule.windows = g_array_new(FALSE, FALSE,
					    sizeof(struct sys_window));
	p.lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					NULL);
	p.errors = g_array_new(FALSE, FALSE, sizeof(struct sys_error));
	p.kf = g_key_file_new();
	g_key_file_set_list_separator(p.kf, ',');

	if (!g_file_get_contents(path, &text, &len, &error)) {
		add_error(&p, 0, g_strdup_printf("%s: %s", path,
						 error->message));
		g_error_free(error);
		goto out;
	}
	if (!scan_lines(&p, text))
		goto out;
	if (!g_key_file_load_from_data(p.kf, text, len, G_KEY_FILE_NONE,
				       &error)) {
		add_error(&p, 0, g_strdup_printf("%s: %s", path,
						 error->message));
		g_error_free(error);
		goto out;
	}
	parse_groups(&p);
	if (!sys->guests->len)
		err(&p, NULL, NULL, "no [guest NAME] group; expected at least one guest");
	assign_devices(&p);
	check_devices(&p);
	for (i = 0; i < sys->guests->len; i++) {
		struct sys_guest *g = sys->guests->pdata[i];
		char *group = g_strdup_printf("guest %s", g->name);

		check_guest_layout(&p, i, group);
		check_guest_image(&p, g, group);
		g_free(group);
	}
out:
	g_array_sort(p.errors, compare_error);
	for (i = 0; i < p.errors->len; i++)
		g_ptr_array_add(errors, g_array_index(p.errors,
						      struct sys_error,
						      i).msg);
	g_free(text);
	g_key_file_free(p.kf);
	g_hash_table_destroy(p.lines);
	if (p.errors->len) {
		g_array_free(p.errors, TRUE);
		system_free(sys);
		return NULL;
	}
	g_array_free(p.errors, TRUE);
	return sys;
}

static const char *policy_name(enum sys_policy policy)
{
	switch (policy) {
	case SYS_POLICY_CYCLIC:
		return "cyclic";
	case SYS_POLICY_RR:
		return "round-robin";
	default:
		return "linux";
	}
}

/**
 * system_summary() - one line describing a valid system
 * @sys: the system
 *
 * Return: a newly allocated "N guests, M shared regions, K devices,
 * schedule P".
 */
char *system_summary(const struct system *sys)
{
	return g_strdup_printf("%u guest%s, %u shared region%s, %u device%s, schedule %s",
			       sys->guests->len,
			       sys->guests->len == 1 ? "" : "s",
			       sys->shared->len,
			       sys->shared->len == 1 ? "" : "s",
			       sys->devices->len,
			       sys->devices->len == 1 ? "" : "s",
			       policy_name(sys->schedule.policy));
}
