// SPDX-License-Identifier: GPL-2.0
/*
 * The u64map hash table. See u64map.h.
 *
 * Keys are spread by a multiplicative (Fibonacci) hash, which scatters both the kernel's hashed
 * pointers (random in their low 32 bits) and pfns (dense runs) over the table. Lookup walks
 * from the home slot to the key or to an empty slot. Removal keeps every remaining key
 * reachable without tombstones: after emptying a slot, the entries that follow it in the probe
 * run are moved back into the hole whenever their home slot does not lie cyclically between the
 * hole and their current place.
 */
#include <errno.h>
#include <stdlib.h>

#include "u64map.h"

static inline size_t home(const struct u64map *m, uint64_t key)
{
	return (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 32) & m->mask;
}

int u64map_init(struct u64map *m, size_t min_slots)
{
	size_t n = 16;

	while (n < min_slots)
		n <<= 1;
	m->slots = calloc(n, sizeof(*m->slots));
	if (!m->slots)
		return -ENOMEM;
	m->mask = n - 1;
	m->used = 0;
	return 0;
}

void u64map_destroy(struct u64map *m)
{
	free(m->slots);
	m->slots = NULL;
	m->mask = 0;
	m->used = 0;
}

static struct u64map_slot *lookup(const struct u64map *m, uint64_t key)
{
	size_t i = home(m, key);

	for (;;) {
		struct u64map_slot *s = &m->slots[i];

		if (!s->val || s->key == key)
			return s;
		i = (i + 1) & m->mask;
	}
}

void *u64map_get(const struct u64map *m, uint64_t key)
{
	return lookup(m, key)->val;
}

static int grow(struct u64map *m)
{
	struct u64map old = *m;

	if (u64map_init(m, (old.mask + 1) * 2)) {
		*m = old;
		return -ENOMEM;
	}
	for (size_t i = 0; i <= old.mask; i++) {
		if (old.slots[i].val) {
			*lookup(m, old.slots[i].key) = old.slots[i];
			m->used++;
		}
	}
	free(old.slots);
	return 0;
}

int u64map_put(struct u64map *m, uint64_t key, void *val, void **old)
{
	struct u64map_slot *s = lookup(m, key);

	if (!s->val && (m->used + 1) * 2 > m->mask + 1) {
		if (grow(m))
			return -ENOMEM;
		s = lookup(m, key);
	}
	*old = s->val;
	if (!s->val)
		m->used++;
	s->key = key;
	s->val = val;
	return 0;
}

void *u64map_remove(struct u64map *m, uint64_t key)
{
	struct u64map_slot *s = lookup(m, key);
	size_t hole, i;
	void *val = s->val;

	if (!val)
		return NULL;
	m->used--;
	hole = (size_t)(s - m->slots);
	i = hole;
	for (;;) {
		size_t h;

		i = (i + 1) & m->mask;
		if (!m->slots[i].val)
			break;
		h = home(m, m->slots[i].key);
		/* stays if its home is in (hole, i], cyclically: moving it would lose it */
		if (((i - h) & m->mask) < ((i - hole) & m->mask))
			continue;
		m->slots[hole] = m->slots[i];
		hole = i;
	}
	m->slots[hole].val = NULL;
	return val;
}

/* The first used slot after @s (from the start when @s is NULL), or NULL */
struct u64map_slot *u64map_next(const struct u64map *m, struct u64map_slot *s)
{
	if (!m->slots)
		return NULL;
	for (s = s ? s + 1 : m->slots; s <= m->slots + m->mask; s++)
		if (s->val)
			return s;
	return NULL;
}

struct u64map_slot *u64map_first(const struct u64map *m)
{
	return u64map_next(m, NULL);
}
