// SPDX-License-Identifier: GPL-2.0
/*
 * Random numbers for kernel code (drivers/char/random.c's interface, lib/random32.c).
 *
 * get_random_*(): one xoshiro256** generator per model CPU, each under its own lock (several
 * threads may run as one CPU), seeded at library load and again at each boot: from KMEM_SEED
 * when it is set, so a run repeats, else from getrandom(). CPU n's generator starts from the
 * seed's n-th splitmix64 expansion, so the streams are independent and do not depend on how
 * many CPUs the model has.
 *
 * prandom_u32_state(): the kernel's LFSR113 on a state its caller owns, bit for bit.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <linux/cpumask.h>
#include <linux/random.h>

#include "kenv.h"

struct cpu_rng {
	pthread_mutex_t lock;
	u64 s[4];
} __attribute__((aligned(128)));

static struct cpu_rng cpu_rngs[NR_CPUS] = {
	[0 ... NR_CPUS - 1] = { .lock = PTHREAD_MUTEX_INITIALIZER },
};

static inline u64 rotl(const u64 x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* the splitmix64 step: a well-mixed 64-bit value from each successive @state */
static u64 splitmix64(u64 *state)
{
	u64 z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void seed_all(u64 seed)
{
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct cpu_rng *rng = &cpu_rngs[cpu];
		u64 sm = seed ^ ((u64)cpu * 0xd1b54a32d192ed03ULL);

		pthread_mutex_lock(&rng->lock);
		for (int i = 0; i < 4; i++)
			rng->s[i] = splitmix64(&sm);
		pthread_mutex_unlock(&rng->lock);
	}
}

/* KMEM_SEED when set (0 after a message when it is no number), else the host's entropy */
static int boot_seed(u64 *seed)
{
	const char *env = getenv("KMEM_SEED");
	char *end;

	if (env && *env) {
		errno = 0;
		*seed = strtoull(env, &end, 0);
		if (errno || *end || *env == '-') {
			fprintf(stderr, "kmem: KMEM_SEED=%s: not a number (decimal, or 0x hex)\n",
				env);
			return -EINVAL;
		}
		return 0;
	}
	if (getrandom(seed, sizeof(*seed), GRND_NONBLOCK) != sizeof(*seed))
		*seed = (u64)time(NULL) ^ ((u64)getpid() << 32);
	return 0;
}

int kenv_random_boot(void)
{
	u64 seed;
	int err = boot_seed(&seed);

	if (err)
		return err;
	seed_all(seed);
	return 0;
}

__attribute__((constructor)) static void random_at_load(void)
{
	u64 seed;

	/* a bad KMEM_SEED is reported by kmem_boot(), which fails */
	if (boot_seed(&seed))
		seed = 0;
	seed_all(seed);
}

/* the next 64 bits of the calling CPU's generator (xoshiro256**) */
static u64 next_u64(void)
{
	struct cpu_rng *rng = &cpu_rngs[kenv_cpu() % NR_CPUS];
	u64 result, t;

	pthread_mutex_lock(&rng->lock);
	result = rotl(rng->s[1] * 5, 7) * 9;
	t = rng->s[1] << 17;
	rng->s[2] ^= rng->s[0];
	rng->s[3] ^= rng->s[1];
	rng->s[1] ^= rng->s[2];
	rng->s[0] ^= rng->s[3];
	rng->s[2] ^= t;
	rng->s[3] = rotl(rng->s[3], 45);
	pthread_mutex_unlock(&rng->lock);
	return result;
}

void get_random_bytes(void *buf, size_t len)
{
	unsigned char *p = buf;

	while (len) {
		u64 r = next_u64();
		size_t n = len < sizeof(r) ? len : sizeof(r);

		memcpy(p, &r, n);
		p += n;
		len -= n;
	}
}

u64 get_random_u64(void)
{
	return next_u64();
}

/* the high bits: xoshiro256**'s best */
u32 get_random_u32(void)
{
	return (u32)(next_u64() >> 32);
}

u16 get_random_u16(void)
{
	return (u16)(next_u64() >> 48);
}

u8 get_random_u8(void)
{
	return (u8)(next_u64() >> 56);
}

u32 __get_random_u32_below(u32 ceil)
{
	u32 rand = get_random_u32();
	u64 mult;

	/* 0: the whole range, so that get_random_u32_inclusive(0, U32_MAX) works */
	if (unlikely(!ceil))
		return rand;
	mult = (u64)ceil * rand;
	if (unlikely((u32)mult < ceil)) {
		/* 2^32 % ceil, the low values that would make some results likelier */
		u32 bound = -ceil % ceil;

		while (unlikely((u32)mult < bound))
			mult = (u64)ceil * get_random_u32();
	}
	return mult >> 32;
}

/*
 * One step of each of LFSR113's four Tausworthe components (L'Ecuyer 1999), whose parameters
 * are the published ones: (shifts q, s, k-s and the mask of the component's k bits)
 */
#define TAUSWORTHE(s, a, b, c, d) ((((s) & (c)) << (d)) ^ ((((s) << (a)) ^ (s)) >> (b)))

u32 prandom_u32_state(struct rnd_state *state)
{
	state->s1 = TAUSWORTHE(state->s1, 6U, 13U, 4294967294U, 18U);
	state->s2 = TAUSWORTHE(state->s2, 2U, 27U, 4294967288U, 2U);
	state->s3 = TAUSWORTHE(state->s3, 13U, 21U, 4294967280U, 7U);
	state->s4 = TAUSWORTHE(state->s4, 3U, 12U, 4294967168U, 13U);
	return state->s1 ^ state->s2 ^ state->s3 ^ state->s4;
}

void prandom_bytes_state(struct rnd_state *state, void *buf, size_t bytes)
{
	u8 *ptr = buf;

	while (bytes >= sizeof(u32)) {
		u32 r = prandom_u32_state(state);

		memcpy(ptr, &r, sizeof(r));
		ptr += sizeof(u32);
		bytes -= sizeof(u32);
	}
	if (bytes > 0) {
		u32 rem = prandom_u32_state(state);

		do {
			*ptr++ = (u8)rem;
			bytes--;
			rem >>= BITS_PER_BYTE;
		} while (bytes > 0);
	}
}
