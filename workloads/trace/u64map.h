/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A hash table from 64-bit keys to non-NULL pointers: open addressing with linear probing,
 * doubled when half full, and backward-shift deletion (no tombstones), so a table whose entries
 * come and go stays as small as the most it ever held at once, however many went through it.
 * Not thread-safe: one owner.
 */
#ifndef _KMEM_WORKLOADS_U64MAP_H
#define _KMEM_WORKLOADS_U64MAP_H

#include <stddef.h>
#include <stdint.h>

struct u64map_slot {
	uint64_t key;
	void *val; /* NULL = empty slot */
};

struct u64map {
	struct u64map_slot *slots;
	size_t mask; /* slots - 1; slots is a power of two */
	size_t used;
};

/* 0, or -ENOMEM */
int u64map_init(struct u64map *m, size_t min_slots);
void u64map_destroy(struct u64map *m);

/* The value stored for @key, or NULL */
void *u64map_get(const struct u64map *m, uint64_t key);

/**
 * u64map_put - store @val (not NULL) for @key
 * @old: receives the value @key had (NULL if none), which @val replaces
 * Return: 0, or -ENOMEM (the table is unchanged).
 */
int u64map_put(struct u64map *m, uint64_t key, void *val, void **old);

/* Removes @key; returns its value, or NULL when it had none */
void *u64map_remove(struct u64map *m, uint64_t key);

/*
 * Iteration, in slot order, with no change to the table meanwhile:
 *	for (s = u64map_first(m); s; s = u64map_next(m, s))
 */
struct u64map_slot *u64map_first(const struct u64map *m);
struct u64map_slot *u64map_next(const struct u64map *m, struct u64map_slot *s);

#endif
