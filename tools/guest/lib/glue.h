/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra guest SDK: prototypes of the system calls newlib expects.
 *
 * newlib declares most of these only while it compiles itself
 * (_COMPILING_NEWLIB); this header gives the glue the same prototypes.
 */
#ifndef _UMBRA_GUEST_GLUE_H
#define _UMBRA_GUEST_GLUE_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/types.h>

/* Defined by guest.ld: the end of the image, the stack reserve (bytes). */
extern char __umbra_heap_start[];
extern char __umbra_stack_reserve[];

/* The console: fds 0 (in), 1 and 2 (out). */
#define GLUE_NR_CONSOLE_FDS	3

ssize_t _write(int fd, const void *buf, size_t len);
ssize_t _read(int fd, void *buf, size_t len);
int _isatty(int fd);
int _fstat(int fd, struct stat *st);
int _close(int fd);
off_t _lseek(int fd, off_t offset, int whence);
int _fcntl(int fd, int cmd, int arg);
void *_sbrk(ptrdiff_t incr);
void _exit(int status) __attribute__((noreturn));
int _kill(pid_t pid, int sig);
pid_t _getpid(void);
pid_t _fork(void);
int _execve(const char *path, char *const argv[], char *const envp[]);
pid_t _wait(int *status);
int _system(const char *command);
int _open(const char *path, int flags, ...);
int _stat(const char *path, struct stat *st);
int _link(const char *old, const char *new);
int _rename(const char *old, const char *new);
int _unlink(const char *path);
int _mkdir(const char *path, mode_t mode);
clock_t _times(struct tms *buf);
int _gettimeofday(struct timeval *tv, void *tz);
int getentropy(void *buf, size_t len);

#endif /* _UMBRA_GUEST_GLUE_H */
