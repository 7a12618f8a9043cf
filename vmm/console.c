// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm: the host end of the guest's PL011 (--console=stdio|pty).
 *
 * Output: the vCPU thread writes what the guest transmits straight to
 * stdout or the pty master, blocking while the host cannot take it (a
 * stop request interrupts it). Input: the main loop reads stdin or the
 * pty master only while the UART can accept characters (its receiver
 * enabled, room in its FIFO), so nothing is read ahead of the guest: until
 * the guest enables the UART's receiver, stdin stays free for the console
 * hypercalls. Input the UART refused waits in struct console until the
 * model's rx_ready callback schedules console_resume().
 *
 * A pty is put in raw mode (cfmakeraw()) and its slave's path printed on
 * stderr: "umbra-vmm: console on /dev/pts/N". stdio is left as it is.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>

#include "console.h"
#include "run.h"
#include "vmm.h"

static gboolean console_input(gint fd, GIOCondition cond, gpointer data);

/**
 * console_open() - open the host side of the console
 * @con:   the console
 * @kind:  "stdio" or "pty"
 * @error: return location for a G_OPTION_ERROR (bad @kind) or a VMM_ERROR
 *         (the pty could not be set up)
 *
 * Return: TRUE; FALSE with @error set.
 */
gboolean console_open(struct console *con, const char *kind, GError **error)
{
	return console_open_named(con, kind, NULL, error);
}

/**
 * console_open_named() - console_open() for a guest of a system file
 * @con:   the console
 * @kind:  "stdio" or "pty"
 * @name:  the guest's name, in the pty message ("umbra-vmm: NAME: console
 *         on /dev/pts/N"), or NULL
 * @error: as for console_open()
 *
 * Return: TRUE; FALSE with @error set.
 */
gboolean console_open_named(struct console *con, const char *kind,
			    const char *name, GError **error)
{
	struct termios tio;
	const char *step;
	int fd;

	memset(con, 0, sizeof(*con));
	con->pty_slave = -1;
	if (!strcmp(kind, "stdio")) {
		con->in_fd = 0;
		con->out_fd = 1;
		return TRUE;
	}
	if (strcmp(kind, "pty")) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "--console '%s': not 'stdio' or 'pty'", kind);
		return FALSE;
	}
	step = "posix_openpt";
	fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		goto fail;
	con->in_fd = con->out_fd = fd;
	step = "grantpt";
	if (grantpt(fd))
		goto fail;
	step = "unlockpt";
	if (unlockpt(fd))
		goto fail;
	step = "ptsname";
	con->pty_path = g_strdup(ptsname(fd));
	if (!con->pty_path)
		goto fail;
	step = con->pty_path;
	con->pty_slave = open(con->pty_path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (con->pty_slave < 0)
		goto fail;
	step = "tcgetattr/tcsetattr (raw mode)";
	if (tcgetattr(con->pty_slave, &tio))
		goto fail;
	cfmakeraw(&tio);
	if (tcsetattr(con->pty_slave, TCSANOW, &tio))
		goto fail;
	fprintf(stderr, "%s: %s%sconsole on %s\n", VMM_NAME, name ? name : "",
		name ? ": " : "", con->pty_path);
	return TRUE;

fail:
	g_set_error(error, VMM_ERROR, VMM_ERROR_HOST,
		    "--console=pty: %s: %s", step, g_strerror(errno));
	console_close(con);
	return FALSE;
}

/**
 * console_open_output() - a console with no input whose output goes to
 *                         a prefixer, or nowhere
 * @con: the console
 * @out: the guest's line-prefixed share of stdout, or NULL to discard
 *       the output
 */
void console_open_output(struct console *con, struct prefixer *out)
{
	memset(con, 0, sizeof(*con));
	con->pty_slave = -1;
	con->in_fd = -1;
	con->out_fd = -1;
	con->out = out;
	con->eof = true;
}

/* The UART transmitted @buf; vCPU thread. */
static void console_write(void *opaque, const uint8_t *buf, size_t len)
{
	struct console *con = opaque;
	size_t done = 0;
	ssize_t n;

	if (con->out) {
		prefixer_write(con->out, buf, len);
		return;
	}
	if (con->out_fd < 0)
		return;

	while (done < len && !run_stopping()) {
		n = write(con->out_fd, buf + done, len - done);
		if (n > 0) {
			done += n;
		} else if (n < 0 && errno == EINTR) {
			continue;
		} else if (n < 0 && errno == EAGAIN) {
			struct pollfd p = { .fd = con->out_fd,
					    .events = POLLOUT };

			poll(&p, 1, -1);
		} else {
			fprintf(stderr, "%s: console output: %s; %zu bytes lost\n",
				VMM_NAME, n < 0 ? g_strerror(errno) :
				"no progress", len - done);
			return;
		}
	}
}

/* Hand buffered input to the UART; TRUE if all of it was accepted. */
static bool console_push(struct console *con)
{
	if (con->pos < con->len)
		con->pos += pl011_receive(con->uart, con->buf + con->pos,
					  con->len - con->pos);
	if (con->pos < con->len)
		return false;
	con->pos = con->len = 0;
	return true;
}

/* Main loop: the UART can take input again. */
static gboolean console_resume(gpointer data)
{
	struct console *con = data;

	atomic_store(&con->resume, false);
	if (!console_push(con) || con->eof || con->watch)
		return G_SOURCE_REMOVE;
	pl011_rx_idle(con->uart);
	con->watch = g_unix_fd_add(con->in_fd, G_IO_IN | G_IO_HUP | G_IO_ERR,
				   console_input, con);
	return G_SOURCE_REMOVE;
}

/* The UART's rx_ready: any thread, device lock held. */
static void console_rx_ready(void *opaque)
{
	struct console *con = opaque;

	if (!atomic_exchange(&con->resume, true))
		g_idle_add(console_resume, con);
}

/* Main loop: input is ready on the host. */
static gboolean console_input(gint fd, GIOCondition cond, gpointer data)
{
	struct console *con = data;
	ssize_t n;

	n = read(fd, con->buf, sizeof(con->buf));
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return G_SOURCE_CONTINUE;
	if (n <= 0) {
		if (n < 0)
			fprintf(stderr, "%s: console input: %s; no more input\n",
				VMM_NAME, g_strerror(errno));
		con->eof = true;
		con->watch = 0;
		return G_SOURCE_REMOVE;
	}
	con->pos = 0;
	con->len = n;
	if (!console_push(con)) {
		con->watch = 0;	/* console_resume() adds it back */
		return G_SOURCE_REMOVE;
	}
	pl011_rx_idle(con->uart);
	return G_SOURCE_CONTINUE;
}

/**
 * console_backend() - the PL011 backend that writes and reads @con
 * @con:     the opened console
 * @backend: filled in, for pl011_new()
 */
void console_backend(struct console *con, struct pl011_backend *backend)
{
	backend->write = console_write;
	backend->rx_ready = console_rx_ready;
	backend->opaque = con;
}

/**
 * console_attach() - name the UART that @con's input goes to
 * @con:  the console
 * @uart: the PL011, registered; input starts when its receiver is enabled
 */
void console_attach(struct console *con, struct device *uart)
{
	con->uart = uart;
}

/**
 * console_close() - release the pty, if any
 * @con: the console; the main loop is no longer running
 */
void console_close(struct console *con)
{
	if (con->watch)
		g_source_remove(con->watch);
	con->watch = 0;
	if (con->pty_slave >= 0)
		close(con->pty_slave);
	if (con->in_fd > 2)
		close(con->in_fd);
	g_free(con->pty_path);
	memset(con, 0, sizeof(*con));
	con->pty_slave = -1;
}
