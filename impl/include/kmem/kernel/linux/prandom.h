/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's pseudo-random generator with explicit state (include/linux/prandom.h,
 * lib/random32.c): L'Ecuyer's maximally equidistributed combined Tausworthe generator
 * (LFSR113), with the kernel's seeding, so that a state seeded with a value gives the numbers
 * it gives in the kernel. For reproducible sequences: the caller owns and locks the state.
 */
#ifndef _KMEM_LINUX_PRANDOM_H
#define _KMEM_LINUX_PRANDOM_H

#include <linux/types.h>

struct rnd_state {
	__u32 s1, s2, s3, s4;
};

u32 prandom_u32_state(struct rnd_state *state);
void prandom_bytes_state(struct rnd_state *state, void *buf, size_t nbytes);

/* a component of the state at least @m, as each component needs some low bits set */
static inline u32 __seed(u32 x, u32 m)
{
	return (x < m) ? x + m : x;
}

/* seeds @state from @seed (the first numbers after it are not well mixed: the kernel's own
 * users, and its self-test, draw ten before using them) */
static inline void prandom_seed_state(struct rnd_state *state, u64 seed)
{
	u32 i = ((seed >> 32) ^ (seed << 10) ^ seed) & 0xffffffffUL;

	state->s1 = __seed(i, 2U);
	state->s2 = __seed(i, 8U);
	state->s3 = __seed(i, 16U);
	state->s4 = __seed(i, 128U);
}

#endif
