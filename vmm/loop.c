// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm: the event loop.
 *
 * The main thread runs a glib GMainLoop: SIGINT/SIGTERM
 * (g_unix_signal_add), console input (g_unix_fd_add, console.c) and the
 * timers below; device models get host input from it under their lock.
 * Each VM's vCPU 0 runs in its own thread, blocked in UMBRA_RUN, and
 * serves MMIO and hypercall exits there (run.c).
 *
 * Stopping: the main loop's signal callback calls run_stop(), which
 * records the signal, sets immediate_exit and sends RUN_KICK_SIGNAL
 * (SIGUSR2) to every vCPU thread. That signal is blocked in every thread
 * but the vCPU threads and its handler does nothing and does not restart
 * system calls, so a blocked UMBRA_RUN, console read() or write() returns
 * EINTR and the vCPU loop sees the stop (run.c explains the
 * immediate_exit ordering). A kick landing between the vCPU thread's
 * check of the stop flag and a blocking read() would be lost, so the kick
 * is repeated every KICK_INTERVAL_MS until the thread has finished.
 * When the last vCPU thread finishes, for any reason, the main loop quits.
 * SIGUSR1 (the user's) calls the report callback (the accounting).
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
 * struct loop - the running vCPUs, as the main loop sees them
 * @ml:      the GMainLoop
 * @vcpus:   the vCPUs
 * @n:       how many
 * @running: vCPU threads not finished yet
 * @report:  called on SIGUSR1, or NULL
 * @opaque:  its argument
 * @kicking: the periodic kick timer is installed
 */
struct loop {
	GMainLoop *ml;
	struct vcpu **vcpus;
	unsigned int n;
	unsigned int running;
	void (*report)(void *opaque);
	void *opaque;
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

static gboolean on_report_signal(gpointer data)
{
	if (the_loop && the_loop->report)
		the_loop->report(the_loop->opaque);
	return G_SOURCE_CONTINUE;
}

/**
 * loop_install_signals() - route SIGINT/SIGTERM/SIGUSR1 to the main loop
 *
 * Call before creating the VM: a signal arriving during setup is recorded
 * by glib and stops the VM as soon as loop_run() starts. SIGUSR1 prints
 * the accounting (loop_run_vcpus()'s @report). Also installs the no-op
 * handler of RUN_KICK_SIGNAL (without SA_RESTART) and blocks that signal
 * in the calling (main) thread.
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
	g_unix_signal_add(SIGUSR1, on_report_signal, NULL);
}

static gboolean on_vcpu_done(gpointer data)
{
	if (--the_loop->running == 0)
		g_main_loop_quit(the_loop->ml);
	return G_SOURCE_REMOVE;
}

static void *vcpu_thread(void *data)
{
	struct vcpu *v = data;
	sigset_t set;

	/* Signals are the main thread's, but for the kick. */
	sigfillset(&set);
	sigdelset(&set, RUN_KICK_SIGNAL);
	pthread_sigmask(SIG_SETMASK, &set, NULL);
	run_vcpu(v);
	g_idle_add(on_vcpu_done, NULL);
	return NULL;
}

/**
 * loop_run_vcpus() - run vCPUs in their threads and the main loop until
 *                    all of them have ended
 * @vcpus:  the vCPUs (vcpu_init()), VMs set up
 * @n:      how many, at least 1
 * @report: called from the main loop on SIGUSR1, or NULL
 * @opaque: its argument
 *
 * Each vCPU's result is in its @status: run_vcpu()'s, or VMM_EXIT_FAILURE
 * if its thread cannot be created (after which the others are stopped
 * with SIGTERM's status).
 */
void loop_run_vcpus(struct vcpu **vcpus, unsigned int n,
		    void (*report)(void *opaque), void *opaque)
{
	struct loop l = {
		.vcpus = vcpus, .n = n, .report = report, .opaque = opaque,
	};
	sigset_t set, old;
	unsigned int i;
	int err;

	l.ml = g_main_loop_new(NULL, FALSE);
	the_loop = &l;
	/* The threads start with everything blocked, then open the kick. */
	sigfillset(&set);
	pthread_sigmask(SIG_SETMASK, &set, &old);
	for (i = 0; i < n; i++) {
		struct vcpu *v = vcpus[i];

		err = pthread_create(&v->thread, NULL, vcpu_thread, v);
		if (err) {
			fprintf(stderr, "%s: %s%scannot create the vCPU thread: %s\n",
				VMM_NAME, v->name ? v->name : "",
				v->name ? ": " : "", g_strerror(err));
			v->status = VMM_EXIT_FAILURE;
			atomic_store(&v->done, true);
			break;
		}
		atomic_store(&v->thread_set, true);
		run_register(v);
		l.running++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (i < n) {
		for (i++; i < n; i++) {
			vcpus[i]->status = VMM_EXIT_FAILURE;
			atomic_store(&vcpus[i]->done, true);
		}
		on_stop_signal(GINT_TO_POINTER(SIGTERM));
	}
	if (l.running)
		g_main_loop_run(l.ml);
	for (i = 0; i < n; i++) {
		if (!atomic_load(&vcpus[i]->thread_set))
			continue;
		pthread_join(vcpus[i]->thread, NULL);
		run_unregister(vcpus[i]);
		atomic_store(&vcpus[i]->thread_set, false);
	}
	the_loop = NULL;
	g_main_loop_unref(l.ml);
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
	struct vcpu v;
	struct vcpu *vp = &v;

	vcpu_init(&v, vm, NULL);
	loop_run_vcpus(&vp, 1, NULL, NULL);
	return v.status;
}
