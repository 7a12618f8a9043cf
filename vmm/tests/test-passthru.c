// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for passthru.c: --passthrough values, finding a UIO device's
 * registers in (a fake) sysfs, and the interrupt forwarding protocol
 * against stand-ins: a socket pair for /dev/uioN (a 4-byte count per
 * interrupt one way, a 4-byte 1 to unmask the other), eventfds for the
 * irqfd, its resamplefd and the stop request.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "passthru.h"
#include "tap.h"

static void parse_ok(const char *spec, const char *name, uint64_t ipa,
		     uint32_t spi)
{
	GError *error = NULL;
	struct passthru pt;
	int ok;

	passthru_init(&pt);
	ok = passthru_parse(spec, &pt, &error) && !strcmp(pt.name, name) &&
	     pt.ipa == ipa && pt.spi == spi;
	tap_ok(ok, "'%s' parses", spec);
	if (error)
		tap_diag("%s", error->message);
	g_clear_error(&error);
	passthru_destroy(&pt);
}

static void parse_bad(const char *spec)
{
	GError *error = NULL;
	struct passthru pt;
	int ok;

	passthru_init(&pt);
	ok = !passthru_parse(spec, &pt, &error) && error &&
	     strstr(error->message, spec);
	tap_ok(ok, "'%s' rejected, naming the value", spec);
	if (error)
		tap_diag("%s", error->message);
	g_clear_error(&error);
	passthru_destroy(&pt);
}

static void distinct(void)
{
	struct passthru pts[3];
	GError *error = NULL;
	int i, ok;

	for (i = 0; i < 3; i++)
		passthru_init(&pts[i]);
	passthru_parse("uio0:0x1c000000:40", &pts[0], NULL);
	passthru_parse("uio1:0x1c001000:41", &pts[1], NULL);
	passthru_parse("uio0:0x1c002000:42", &pts[2], NULL);
	tap_ok(passthru_check_distinct(pts, 2, NULL),
	       "two devices, two SPIs accepted");
	ok = !passthru_check_distinct(pts, 3, &error) &&
	     strstr(error->message, "uio0 is assigned twice");
	tap_ok(ok, "the same device twice rejected, naming it");
	if (error)
		tap_diag("%s", error->message);
	g_clear_error(&error);
	passthru_destroy(&pts[2]);
	passthru_init(&pts[2]);
	passthru_parse("uio2:0x1c002000:41", &pts[2], NULL);
	ok = !passthru_check_distinct(pts, 3, &error) &&
	     strstr(error->message, "SPI 41");
	tap_ok(ok, "two devices on one SPI rejected");
	g_clear_error(&error);
	for (i = 0; i < 3; i++)
		passthru_destroy(&pts[i]);
}

static void put(const char *dir, const char *file, const char *text)
{
	gchar *p = g_build_filename(dir, file, NULL);

	g_file_set_contents(p, text, -1, NULL);
	g_free(p);
}

static void open_sysfs(void)
{
	gchar *root = g_dir_make_tmp("passthru-XXXXXX", NULL);
	gchar *maps = g_build_filename(root, "sys", "uio3", "maps", "map0",
				       NULL);
	gchar *sys = g_build_filename(root, "sys", NULL);
	gchar *dev = g_build_filename(root, "dev", NULL);
	gchar *node = g_build_filename(dev, "uio3", NULL);
	GError *error = NULL;
	struct passthru pt;
	int ok;

	g_mkdir_with_parents(maps, 0755);
	g_mkdir_with_parents(dev, 0755);
	put(maps, "addr", "0x10012000\n");
	put(maps, "size", "0x00001000\n");
	g_file_set_contents(node, "", 0, NULL);
	truncate(node, 4096);

	passthru_init(&pt);
	passthru_parse("uio3:0x1c000000:35", &pt, NULL);
	ok = passthru_open(&pt, sys, dev, &error) && pt.pa == 0x10012000 &&
	     pt.size == 4096 && pt.regs && pt.uio_fd >= 0;
	tap_ok(ok, "uio3: map0 found and mapped");
	if (error)
		tap_diag("%s", error->message);
	g_clear_error(&error);
	passthru_destroy(&pt);

	passthru_init(&pt);
	passthru_parse("uio4:0x1c000000", &pt, NULL);
	ok = !passthru_open(&pt, sys, dev, &error) &&
	     strstr(error->message, "uio4: no such UIO device");
	tap_ok(ok, "a missing UIO device is named");
	if (error)
		tap_diag("%s", error->message);
	g_clear_error(&error);
	passthru_destroy(&pt);

	put(maps, "size", "0x0\n");
	passthru_init(&pt);
	passthru_parse("uio3:0x1c000000", &pt, NULL);
	ok = !passthru_open(&pt, sys, dev, &error) &&
	     strstr(error->message, "uio3");
	tap_ok(ok, "an empty map0 is refused");
	g_clear_error(&error);
	passthru_destroy(&pt);

	g_free(maps);
	g_free(sys);
	g_free(dev);
	g_free(node);
	g_free(root);	/* left in TMPDIR: tiny */
}

/* The stand-ins of the forwarding protocol. */
struct fwd {
	int uio[2];	/* [0]: the VMM's "/dev/uioN", [1]: the "kernel" */
	int irq, resample, stop;
	uint64_t forwarded;
};

static void host_interrupt(struct fwd *f)
{
	uint32_t count = 1;

	if (write(f->uio[1], &count, sizeof(count)) != sizeof(count))
		abort();
}

static void guest_eoi(struct fwd *f)
{
	uint64_t one = 1;

	if (write(f->resample, &one, sizeof(one)) != sizeof(one))
		abort();
}

/* Guest interrupts raised since the last call (the irqfd's counter). */
static uint64_t raised(struct fwd *f)
{
	uint64_t v = 0;

	if (read(f->irq, &v, sizeof(v)) != sizeof(v))
		return 0;
	return v;
}

/* Unmask requests written since the last call. */
static unsigned int unmasked(struct fwd *f)
{
	unsigned int n = 0;
	uint32_t v;

	while (read(f->uio[1], &v, sizeof(v)) == sizeof(v) && v == 1)
		n++;
	return n;
}

static int step(struct fwd *f)
{
	return passthru_forward_step(f->uio[0], f->irq, f->resample, f->stop,
				     &f->forwarded);
}

static void forwarding(void)
{
	struct fwd f = { 0 };
	unsigned int i, lost = 0, extra = 0;
	uint64_t stop = 1;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0, f.uio))
		abort();
	f.irq = eventfd(0, EFD_NONBLOCK);
	f.resample = eventfd(0, EFD_NONBLOCK);
	f.stop = eventfd(0, EFD_NONBLOCK);

	host_interrupt(&f);
	tap_ok(step(&f) == 1 && raised(&f) == 1 && unmasked(&f) == 0,
	       "a host interrupt raises the guest's, the host line stays masked");
	guest_eoi(&f);
	tap_ok(step(&f) == 1 && raised(&f) == 0 && unmasked(&f) == 1,
	       "the guest's EOI unmasks the host line, raises nothing");

	for (i = 0; i < 100; i++) {
		host_interrupt(&f);
		step(&f);
		if (raised(&f) != 1)
			lost++;
		if (unmasked(&f))
			extra++;
		guest_eoi(&f);
		step(&f);
		if (unmasked(&f) != 1 || raised(&f))
			extra++;
	}
	tap_ok(!lost && !extra && f.forwarded == 101,
	       "100 interrupts: each forwarded once, each unmasked after its EOI (lost %u, extra %u)",
	       lost, extra);

	/* an EOI and the next interrupt seen by one poll */
	host_interrupt(&f);
	step(&f);
	raised(&f);
	guest_eoi(&f);
	host_interrupt(&f);
	tap_ok(step(&f) == 1 && raised(&f) == 1 && unmasked(&f) == 1,
	       "EOI and interrupt together: both handled");

	if (write(f.stop, &stop, sizeof(stop)) != sizeof(stop))
		abort();
	tap_ok(step(&f) == 0, "a stop request ends forwarding");

	close(f.uio[1]);
	if (read(f.stop, &stop, sizeof(stop)) != sizeof(stop))
		abort();
	errno = 0;
	tap_ok(step(&f) == -1, "a vanished device ends forwarding with an error");
	close(f.uio[0]);
	close(f.irq);
	close(f.resample);
	close(f.stop);
}

int main(void)
{
	tap_plan(19);
	parse_ok("uio0:0x1c000000:35", "uio0", 0x1c000000, 35);
	parse_ok("uio12:0x09010000", "uio12", 0x09010000, 0);
	parse_bad("uio0");
	parse_bad("rtc0:0x1000:40");
	parse_bad("uio0:0x1c000800:40");
	parse_bad("uio0:0x1c000000:31");
	parse_bad("uio0:0x100000000:40");
	distinct();
	open_sysfs();
	forwarding();
	return tap_done();
}
