/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: the host end of the guest's UART: stdin/stdout or a pty.
 */
#ifndef UMBRA_VMM_CONSOLE_H
#define UMBRA_VMM_CONSOLE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <termios.h>

#include <glib.h>

#include "device.h"
#include "devices/pl011.h"
#include "prefix.h"

/**
 * struct console - the UART's serial line on the host
 * @in_fd:      host input (stdin or the pty master)
 * @out_fd:     host output (stdout or the pty master)
 * @pty_slave:  the pty's slave, kept open so the master never sees a
 *              hangup when a user closes it; -1 for stdio
 * @pty_path:   the slave's path, or NULL
 * @uart:       the device input goes to
 * @watch:      the main loop's source on @in_fd, or 0 while the UART
 *              cannot take input (the bytes wait in @buf or in the host)
 * @buf:        input read from @in_fd, not yet accepted by the UART
 * @pos:        bytes of @buf already accepted
 * @len:        bytes in @buf
 * @eof:        @in_fd reached end of file (or failed): no more input
 * @resume:     a console_resume() is scheduled
 * @out:        output goes to this prefixer instead of @out_fd, or NULL
 */
struct console {
	int in_fd;
	int out_fd;
	int pty_slave;
	char *pty_path;
	struct device *uart;
	guint watch;
	uint8_t buf[256];
	size_t pos;
	size_t len;
	bool eof;
	atomic_bool resume;
	struct prefixer *out;
};

gboolean console_open(struct console *con, const char *kind,
		      GError **error);
gboolean console_open_named(struct console *con, const char *kind,
			    const char *name, GError **error);
void console_open_output(struct console *con, struct prefixer *out);
void console_backend(struct console *con, struct pl011_backend *backend);
void console_attach(struct console *con, struct device *uart);
void console_close(struct console *con);

#endif /* UMBRA_VMM_CONSOLE_H */
