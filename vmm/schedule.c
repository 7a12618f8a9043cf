// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm: the scheduling policies of a system file.
 *
 * linux: each guest's vCPU thread gets the guest's nice value
 * (setpriority() on the thread), SCHED_FIFO priority
 * (pthread_setschedparam(), if not 0) and CPU affinity
 * (pthread_setaffinity_np(), if not empty), in the thread itself before
 * its first UMBRA_RUN. A refusal (EPERM without CAP_SYS_NICE, EINVAL for
 * a CPU the host does not have) stops that guest with status 125 and a
 * message naming the setting.
 *
 * cyclic: every vCPU thread is pinned to [schedule] cpu (and gets its
 * guest's nice and priority) and gated (struct vcpu_gate): before each
 * UMBRA_RUN it sleeps (clock_nanosleep(), TIMER_ABSTIME on
 * CLOCK_MONOTONIC) until one of its guest's windows is open, then enters
 * the guest with budget_us = what is left of the window, so the module
 * ends the run at the window's end (UMBRA_EXIT_BUDGET) however the guest
 * behaves. Window k of frame n is [origin + n * major-frame + offset,
 * + duration): absolute deadlines from one origin, so nothing drifts.
 * A window with less than SCHED_MIN_SLOT_NS left is not entered.
 *
 * rr: the same on one CPU with one token: the guest holding it runs for
 * time-slice (budget_us = what is left of its slice), then hands it to
 * the next guest in file order that has not ended.
 *
 * Overruns: a run that returns more than SCHED_OVERRUN_NS after the end
 * of its window or slice is counted (struct vcpu_stats), with the
 * latest lateness; the module's budget makes them the host's latency,
 * never the guest's doing.
 */
#include <errno.h>
#include <pthread.h>
#include <time.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "schedule.h"
#include "vmm.h"

static bool fail(const struct vcpu *v, const char *what, int err)
{
	fprintf(stderr, "%s: %s: %s: %s\n", VMM_NAME, v->name, what,
		g_strerror(err));
	return false;
}

/**
 * sched_linux_setup() - apply a guest's nice, priority and affinity to
 *                       the calling vCPU thread (policy linux)
 * @v:      the vCPU, in its own thread
 * @opaque: the guest's struct sys_guest
 *
 * Return: true; false with a message on stderr if a setting is refused.
 */
bool sched_linux_setup(struct vcpu *v, void *opaque)
{
	const struct sys_guest *g = opaque;
	char what[64];

	if (g->affinity) {
		cpu_set_t set;
		unsigned int cpu;
		int err;

		CPU_ZERO(&set);
		for (cpu = 0; cpu < 64; cpu++)
			if (g->affinity & (1ull << cpu))
				CPU_SET(cpu, &set);
		err = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
		if (err)
			return fail(v, "affinity", err);
	}
	if (g->nice && setpriority(PRIO_PROCESS, syscall(SYS_gettid), g->nice)) {
		snprintf(what, sizeof(what), "nice %d", g->nice);
		return fail(v, what, errno);
	}
	if (g->priority) {
		struct sched_param sp = { .sched_priority = g->priority };
		int err = pthread_setschedparam(pthread_self(), SCHED_FIFO,
						&sp);

		if (err) {
			snprintf(what, sizeof(what),
				 "SCHED_FIFO priority %d", g->priority);
			return fail(v, what, err);
		}
	}
	return true;
}

/**
 * sched_cyclic_window() - the window of a guest open at @now_ns, or its
 *                         next one
 * @sc:        a cyclic schedule (windows sorted by offset, inside the
 *             major frame)
 * @guest:     index of the guest
 * @origin_ns: CLOCK_MONOTONIC time of the first major frame's start, ns
 * @now_ns:    the time, at or after @origin_ns
 * @start_ns:  set to the window's start (before @now_ns if it is open)
 * @end_ns:    set to its end, after @now_ns
 *
 * Return: true; false if @guest has no window.
 */
bool sched_cyclic_window(const struct sys_schedule *sc, guint guest,
			 uint64_t origin_ns, uint64_t now_ns,
			 uint64_t *start_ns, uint64_t *end_ns)
{
	uint64_t frame = sc->major_frame * 1000u;
	uint64_t k = (now_ns - origin_ns) / frame;
	uint64_t base;
	guint i, f;

	for (f = 0; f < 2; f++) {
		base = origin_ns + (k + f) * frame;
		for (i = 0; i < sc->windows->len; i++) {
			const struct sys_window *w =
				&g_array_index(sc->windows, struct sys_window,
					       i);
			uint64_t ws = base + w->offset * 1000u;
			uint64_t we = ws + w->duration * 1000u;

			if (w->guest != guest || we <= now_ns)
				continue;
			*start_ns = ws;
			*end_ns = we;
			return true;
		}
	}
	return false;
}

/**
 * struct sched_vcpu - a gated vCPU
 * @s:        the schedule
 * @index:    its guest's index
 * @guest:    its guest
 * @deadline: end of the current window or slice (ns), 0 if none
 */
struct sched_vcpu {
	struct sched *s;
	guint index;
	const struct sys_guest *guest;
	uint64_t deadline;
};

/**
 * struct sched - a cyclic or round-robin schedule
 * @sc:      the [schedule] group
 * @gate:    the gate every vCPU passes
 * @sv:      one per guest
 * @n:       how many
 * @origin:  CLOCK_MONOTONIC start of the first frame (ns), set by
 *           sched_start()
 * @lock:    protects the rest (rr)
 * @cond:    signalled when the token moves
 * @current: guest holding the token (rr)
 * @ended:   guests that have ended (rr)
 */
struct sched {
	const struct sys_schedule *sc;
	struct vcpu_gate gate;
	struct sched_vcpu *sv;
	unsigned int n;
	atomic_uint_least64_t origin;
	GMutex lock;
	GCond cond;
	unsigned int current;
	bool *ended;
};

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

/* Sleep until @t (CLOCK_MONOTONIC, ns); false if stopping. */
static bool sleep_until(uint64_t t)
{
	struct timespec ts = {
		.tv_sec = t / 1000000000u, .tv_nsec = t % 1000000000u,
	};

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL))
		if (run_stopping())
			return false;
	return !run_stopping();
}

static int64_t cyclic_wait(struct vcpu *v, void *opaque)
{
	struct sched *s = opaque;
	struct sched_vcpu *sv = v->setup_opaque;
	uint64_t now, ws, we;

	for (;;) {
		if (run_stopping())
			return -1;
		now = mono_ns();
		if (!sched_cyclic_window(s->sc, sv->index, s->origin, now,
					 &ws, &we))
			return -1;
		if (now < ws || we - now < SCHED_MIN_SLOT_NS) {
			if (!sleep_until(now < ws ? ws : we))
				return -1;
			continue;
		}
		sv->deadline = we;
		return (int64_t)((we - now) / 1000u);
	}
}

static void account_end(struct vcpu *v, uint64_t deadline)
{
	uint64_t now = mono_ns(), late, max;

	if (!deadline || now <= deadline)
		return;
	late = now - deadline;
	if (late > SCHED_OVERRUN_NS)
		atomic_fetch_add(&v->stats.overruns, 1);
	max = atomic_load(&v->stats.max_late_ns);
	while (late > max &&
	       !atomic_compare_exchange_weak(&v->stats.max_late_ns, &max,
					     late))
		;
}

static void cyclic_ran(struct vcpu *v, void *opaque)
{
	struct sched_vcpu *sv = v->setup_opaque;

	account_end(v, sv->deadline);
	sv->deadline = 0;
}

/* rr: the next guest after @from that has not ended, or @from. */
static unsigned int rr_next(struct sched *s, unsigned int from)
{
	unsigned int i, g;

	for (i = 1; i <= s->n; i++) {
		g = (from + i) % s->n;
		if (!s->ended[g])
			return g;
	}
	return from;
}

static void rr_pass(struct sched *s, struct sched_vcpu *sv)
{
	s->current = rr_next(s, sv->index);
	sv->deadline = 0;
	g_cond_broadcast(&s->cond);
}

static int64_t rr_wait(struct vcpu *v, void *opaque)
{
	struct sched *s = opaque;
	struct sched_vcpu *sv = v->setup_opaque;
	int64_t ret = -1;
	uint64_t now;

	g_mutex_lock(&s->lock);
	for (;;) {
		if (run_stopping())
			break;
		if (s->current != sv->index) {
			/* woken by the token or every 50 ms for a stop */
			g_cond_wait_until(&s->cond, &s->lock,
					  g_get_monotonic_time() +
					  50 * G_TIME_SPAN_MILLISECOND);
			continue;
		}
		now = mono_ns();
		if (!sv->deadline)
			sv->deadline = now + s->sc->time_slice * 1000u;
		if (sv->deadline > now &&
		    sv->deadline - now >= SCHED_MIN_SLOT_NS) {
			ret = (int64_t)((sv->deadline - now) / 1000u);
			break;
		}
		rr_pass(s, sv);
	}
	g_mutex_unlock(&s->lock);
	return ret;
}

static void rr_ran(struct vcpu *v, void *opaque)
{
	struct sched *s = opaque;
	struct sched_vcpu *sv = v->setup_opaque;

	account_end(v, sv->deadline);
	g_mutex_lock(&s->lock);
	if (mono_ns() + SCHED_MIN_SLOT_NS > sv->deadline)
		rr_pass(s, sv);
	g_mutex_unlock(&s->lock);
}

static void rr_done(struct vcpu *v, void *opaque)
{
	struct sched *s = opaque;
	struct sched_vcpu *sv = v->setup_opaque;

	g_mutex_lock(&s->lock);
	s->ended[sv->index] = true;
	if (s->current == sv->index)
		rr_pass(s, sv);
	g_mutex_unlock(&s->lock);
}

/* cyclic, rr: the vCPU thread on [schedule] cpu, nice and priority. */
static bool sched_pinned_setup(struct vcpu *v, void *opaque)
{
	struct sched_vcpu *sv = opaque;
	struct sys_guest g = *sv->guest;

	g.affinity = 1ull << sv->s->sc->cpu;
	return sched_linux_setup(v, &g);
}

/**
 * sched_new() - gate the vCPUs of a cyclic or round-robin system
 * @sys:   the system, policy cyclic or rr
 * @vcpus: the vCPU of each guest, in file order (vcpu_init() done)
 * @n:     how many
 *
 * Sets each vCPU's gate and setup (pinning to [schedule] cpu); the frame
 * starts at sched_start().
 *
 * Return: the schedule, for sched_start() and sched_free().
 */
struct sched *sched_new(const struct system *sys, struct vcpu **vcpus,
			unsigned int n)
{
	struct sched *s = g_new0(struct sched, 1);
	unsigned int i;

	s->sc = &sys->schedule;
	s->n = n;
	s->sv = g_new0(struct sched_vcpu, n);
	s->ended = g_new0(bool, n);
	g_mutex_init(&s->lock);
	g_cond_init(&s->cond);
	if (s->sc->policy == SYS_POLICY_CYCLIC) {
		s->gate.wait = cyclic_wait;
		s->gate.ran = cyclic_ran;
	} else {
		s->gate.wait = rr_wait;
		s->gate.ran = rr_ran;
		s->gate.done = rr_done;
	}
	s->gate.opaque = s;
	for (i = 0; i < n; i++) {
		s->sv[i].s = s;
		s->sv[i].index = i;
		s->sv[i].guest = sys->guests->pdata[i];
		vcpus[i]->gate = &s->gate;
		vcpus[i]->setup = sched_pinned_setup;
		vcpus[i]->setup_opaque = &s->sv[i];
	}
	s->origin = mono_ns();
	return s;
}

/**
 * sched_start() - start the first major frame now
 * @s: the schedule (before the vCPU threads are created)
 */
void sched_start(struct sched *s)
{
	s->origin = mono_ns();
}

/**
 * sched_free() - free the schedule, its vCPU threads joined
 * @s: the schedule, or NULL
 */
void sched_free(struct sched *s)
{
	if (!s)
		return;
	g_mutex_clear(&s->lock);
	g_cond_clear(&s->cond);
	g_free(s->sv);
	g_free(s->ended);
	g_free(s);
}
