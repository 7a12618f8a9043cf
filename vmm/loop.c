// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm: the event loop.
 *
 * The main thread runs a glib GMainLoop: SIGINT/SIGTERM
 * (g_unix_signal_add), console input (g_unix_fd_add, console.c) and the
 * timers below; device models get host input from it under their lock.
 * vCPU 0 runs in its own thread, blocked in UMBRA_RUN, and serves MMIO and
 * hypercall exits there (run.c).
 *
 * Stopping: the main loop's signal callback calls run_stop(), which
 * records the signal, sets immediate_exit and sends RUN_KICK_SIGNAL
 * (SIGUSR1) to the vCPU thread. That signal is blocked in every thread
 * but the vCPU thread and its handler does nothing and does not restart
 * system calls, so a blocked UMBRA_RUN, console read() or write() returns
 * EINTR and the vCPU loop sees the stop (run.c explains the
 * immediate_exit ordering). A kick landing between the vCPU thread's
 * check of the stop flag and a blocking read() would be lost, so the kick
 * is repeated every KICK_INTERVAL_MS until the thread has finished.
 * When the vCPU thread finishes, for any reason, it asks the main loop
 * to quit and its exit status becomes the process's.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <glib-unix.h>

#include "loop.h"
#include "run.h"
#include "vmm.h"

#define KICK_INTERVAL_MS	50

/**
 * struct loop - the running VM, as the main loop sees it
 * @ml:      the GMainLoop
 * @vm:      the VM
 * @thread:  the vCPU thread
 * @status:  the vCPU thread's result, the process exit status
 * @kicking: the periodic kick timer is installed
 */
struct loop {
	GMainLoop *ml;
	struct vm *vm;
	pthread_t thread;
	int status;
	bool kicking;
};

static struct loop *the_loop;

static void on_kick(int sig)
{
}

static gboolean kick_again(gpointer data)
{
	run_kick();
	return G_SOURCE_CONTINUE;
}

static gboolean on_stop_signal(gpointer data)
{
	int sig = GPOINTER_TO_INT(data);

	run_stop(sig);
	if (the_loop && !the_loop->kicking) {
		the_loop->kicking = true;
		g_timeout_add(KICK_INTERVAL_MS, kick_again, NULL);
	}
	return G_SOURCE_CONTINUE;
}

/**
 * loop_install_signals() - route SIGINT/SIGTERM to the main loop
 *
 * Call before creating the VM: a signal arriving during setup is recorded
 * by glib and stops the VM as soon as loop_run() starts. Also installs the
 * no-op handler of RUN_KICK_SIGNAL (without SA_RESTART) and blocks that
 * signal in the calling (main) thread.
 */
void loop_install_signals(void)
{
	struct sigaction sa;
	sigset_t set;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_kick;
	sigemptyset(&sa.sa_mask);
	sigaction(RUN_KICK_SIGNAL, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, RUN_KICK_SIGNAL);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	g_unix_signal_add(SIGINT, on_stop_signal, GINT_TO_POINTER(SIGINT));
	g_unix_signal_add(SIGTERM, on_stop_signal, GINT_TO_POINTER(SIGTERM));
}

static gboolean on_vcpu_done(gpointer data)
{
	g_main_loop_quit(the_loop->ml);
	return G_SOURCE_REMOVE;
}

static void *vcpu_thread(void *data)
{
	struct loop *l = data;
	sigset_t set;

	/* Signals are the main thread's, but for the kick. */
	sigfillset(&set);
	sigdelset(&set, RUN_KICK_SIGNAL);
	pthread_sigmask(SIG_SETMASK, &set, NULL);
	l->status = run_vcpu(l->vm);
	g_idle_add(on_vcpu_done, NULL);
	return NULL;
}

/**
 * loop_run() - run vCPU 0 in its thread and the main loop until it ends
 * @vm: the VM, with RAM, devices, a vCPU and its boot registers set
 *
 * Return: the process exit status, see run_vcpu(); VMM_EXIT_FAILURE if
 * the vCPU thread cannot be created.
 */
int loop_run(struct vm *vm)
{
	struct loop l = { .vm = vm };
	sigset_t set, old;
	int err;

	l.ml = g_main_loop_new(NULL, FALSE);
	the_loop = &l;
	/* The thread starts with everything blocked, then opens the kick. */
	sigfillset(&set);
	pthread_sigmask(SIG_SETMASK, &set, &old);
	err = pthread_create(&l.thread, NULL, vcpu_thread, &l);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		fprintf(stderr, "%s: cannot create the vCPU thread: %s\n",
			VMM_NAME, g_strerror(err));
		l.status = VMM_EXIT_FAILURE;
	} else {
		run_set_thread(l.thread, true);
		g_main_loop_run(l.ml);
		pthread_join(l.thread, NULL);
		run_set_thread(l.thread, false);
	}
	the_loop = NULL;
	g_main_loop_unref(l.ml);
	return l.status;
}
