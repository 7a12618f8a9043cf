// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm: several guests' consoles on one stdout.
 *
 * Each guest's output is assembled into lines; a complete line ("\n"
 * included) is written to stdout in one write() under a process-wide
 * lock, prefixed with "NAME: ", so lines of different guests never mix.
 * A line longer than PREFIX_MAX_LINE bytes is broken with a "\n"; the
 * last, unterminated line of a guest is written with a "\n" added when
 * its console closes (prefixer_flush()).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "prefix.h"
#include "run.h"
#include "vmm.h"

static GMutex out_lock;

/**
 * prefix_feed() - cut console bytes into prefixed lines
 * @pending: the line assembled so far (prefix included), updated
 * @prefix:  what every line starts with
 * @buf:     the guest's bytes
 * @len:     bytes in @buf
 * @out:     complete lines are appended to it
 */
void prefix_feed(GString *pending, const char *prefix, const uint8_t *buf,
		 size_t len, GString *out)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (!pending->len)
			g_string_append(pending, prefix);
		g_string_append_c(pending, (char)buf[i]);
		if (buf[i] == '\n') {
			g_string_append_len(out, pending->str, pending->len);
			g_string_truncate(pending, 0);
		} else if (pending->len >= PREFIX_MAX_LINE) {
			prefix_flush(pending, out);
		}
	}
}

/**
 * prefix_flush() - end the pending line with "\n", if there is one
 * @pending: the line assembled so far; emptied
 * @out:     it is appended to this
 */
void prefix_flush(GString *pending, GString *out)
{
	if (!pending->len)
		return;
	g_string_append_len(out, pending->str, pending->len);
	g_string_append_c(out, '\n');
	g_string_truncate(pending, 0);
}

static void write_all(int fd, const char *buf, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = write(fd, buf + done, len - done);
		if (n > 0) {
			done += n;
		} else if (n < 0 && errno == EINTR) {
			if (run_stopping())
				return;
		} else if (n < 0 && errno == EAGAIN) {
			struct pollfd p = { .fd = fd, .events = POLLOUT };

			poll(&p, 1, -1);
		} else {
			fprintf(stderr, "%s: console output: %s; %zu bytes lost\n",
				VMM_NAME, n < 0 ? g_strerror(errno) :
				"no progress", len - done);
			return;
		}
	}
}

static void emit(struct prefixer *p, GString *out)
{
	if (!out->len)
		return;
	g_mutex_lock(&out_lock);
	write_all(p->fd, out->str, out->len);
	g_mutex_unlock(&out_lock);
}

/**
 * prefixer_init() - a prefixed console for guest @name
 * @p:    the prefixer
 * @name: the guest's name
 * @fd:   the shared output, normally 1 (stdout)
 */
void prefixer_init(struct prefixer *p, const char *name, int fd)
{
	p->prefix = g_strdup_printf("%s: ", name);
	p->pending = g_string_new(NULL);
	p->fd = fd;
}

/**
 * prefixer_write() - console output of one guest (one thread at a time)
 * @opaque: the struct prefixer
 * @buf:    the bytes
 * @len:    how many
 *
 * Usable as a PL011 backend's and a hypercall context's output.
 */
void prefixer_write(void *opaque, const uint8_t *buf, size_t len)
{
	struct prefixer *p = opaque;
	GString *out = g_string_new(NULL);

	prefix_feed(p->pending, p->prefix, buf, len, out);
	emit(p, out);
	g_string_free(out, TRUE);
}

/**
 * prefixer_flush() - write the unterminated last line, if any
 * @p: the prefixer; its guest no longer runs
 */
void prefixer_flush(struct prefixer *p)
{
	GString *out = g_string_new(NULL);

	if (p->pending) {
		prefix_flush(p->pending, out);
		emit(p, out);
	}
	g_string_free(out, TRUE);
}

/**
 * prefixer_destroy() - flush and free
 * @p: the prefixer (prefixer_init(), or zeroed)
 */
void prefixer_destroy(struct prefixer *p)
{
	if (p->pending) {
		prefixer_flush(p);
		g_string_free(p->pending, TRUE);
	}
	g_free(p->prefix);
	memset(p, 0, sizeof(*p));
}
