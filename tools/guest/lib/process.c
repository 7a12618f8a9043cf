// SPDX-License-Identifier: GPL-2.0
/*
 * umbra guest SDK: process control for newlib.
 *
 * A guest, or a program under the SDK kernel, is a single process with no
 * signals and no children. How it ends, _exit(), is exit.c for a bare
 * guest and user/syscalls.c for a program under the SDK kernel.
 */
#include <errno.h>
#include <sys/types.h>

#include "glue.h"

/* The one process's id. */
#define GUEST_PID	1

/**
 * _getpid() - the process id
 *
 * Return: 1, the guest's only process.
 */
pid_t _getpid(void)
{
	return GUEST_PID;
}

/**
 * _kill() - send a signal, not implemented
 * @pid: ignored
 * @sig: ignored
 *
 * There is no signal delivery; abort() falls back to _exit(1).
 *
 * Return: -1 with errno ENOSYS.
 */
int _kill(pid_t pid, int sig)
{
	(void)pid;
	(void)sig;
	errno = ENOSYS;
	return -1;
}

/**
 * _fork() - create a process, not implemented
 *
 * Return: -1 with errno ENOSYS.
 */
pid_t _fork(void)
{
	errno = ENOSYS;
	return -1;
}

/**
 * _execve() - run a program, not implemented
 * @path: ignored
 * @argv: ignored
 * @envp: ignored
 *
 * Return: -1 with errno ENOSYS.
 */
int _execve(const char *path, char *const argv[], char *const envp[])
{
	(void)path;
	(void)argv;
	(void)envp;
	errno = ENOSYS;
	return -1;
}

/**
 * _wait() - wait for a child; there are none
 * @status: ignored
 *
 * Return: -1 with errno ECHILD.
 */
pid_t _wait(int *status)
{
	(void)status;
	errno = ECHILD;
	return -1;
}

/**
 * _system() - run a shell command; there is no shell
 * @command: the command, or NULL to ask whether a shell exists
 *
 * newlib 3.3 implements system() with _fork(), _execve() and _wait(); this
 * is for newlib builds configured with HAVE_SYSTEM.
 *
 * Return: 0 for a NULL @command (no shell), else -1 with errno ENOSYS.
 */
int _system(const char *command)
{
	if (!command)
		return 0;
	errno = ENOSYS;
	return -1;
}
