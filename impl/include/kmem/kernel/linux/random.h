/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Random numbers (include/linux/random.h, drivers/char/random.c), from impl/kernel/random.c:
 * one generator per model CPU, seeded at each boot from KMEM_SEED when it is set (so that a
 * run repeats), else from the host's getrandom(). A thread draws from the generator of the CPU
 * it runs as: a thread that entered its CPU (kmem_thread_enter(), a kthread bound to one, the
 * runner's main thread), alone on it, gets the same numbers for the same seed; one that did
 * not runs as the host CPU it happens to be on, and draws from that one's. They are fast
 * pseudo-random numbers (xoshiro256**), not the kernel's ChaCha20 CRNG: nothing in the model is a
 * secret.
 */
#ifndef _KMEM_LINUX_RANDOM_H
#define _KMEM_LINUX_RANDOM_H

#include <linux/build_bug.h>
#include <linux/limits.h>
#include <linux/types.h>

void get_random_bytes(void *buf, size_t len);
u8 get_random_u8(void);
u16 get_random_u16(void);
u32 get_random_u32(void);
u64 get_random_u64(void);
static inline unsigned long get_random_long(void)
{
	return get_random_u64();
}

/*
 * a uniform integer in [0, @ceil): by multiplication and rejection (Lemire's), not by modulo,
 * so every value is equally likely; @ceil 0 gives the whole u32 range (for the inclusive
 * form's full range), as the kernel's does at run time
 */
u32 __get_random_u32_below(u32 ceil);
static inline u32 get_random_u32_below(u32 ceil)
{
	return __get_random_u32_below(ceil);
}

/* a uniform integer in (@floor, U32_MAX] */
static inline u32 get_random_u32_above(u32 floor)
{
	return floor + 1 + get_random_u32_below(U32_MAX - floor);
}

/* a uniform integer in [@floor, @ceil] */
static inline u32 get_random_u32_inclusive(u32 floor, u32 ceil)
{
	return floor + get_random_u32_below(ceil - floor + 1);
}

/* the entropy pool is always ready here */
static inline bool rng_is_initialized(void)
{
	return true;
}

static inline int wait_for_random_bytes(void)
{
	return 0;
}

static inline void add_device_randomness(const void *buf, size_t len)
{
	(void)buf, (void)len;
}

#include <linux/prandom.h>

#endif
