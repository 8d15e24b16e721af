#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write the bundle-snap fixture (README.md): a made-up machine whose kpageflags, kpagecount,
zoneinfo, buddyinfo and pagetypeinfo agree with each other, as a kernel's would if it stood
still while they were read. Run from this directory; the output is the same on every run."""
import gzip
import random
import shutil
import struct

KPF = dict(LRU=5, SLAB=7, BUDDY=10, MMAP=11, ANON=12, NOPAGE=20, RESERVED=32)
PB = 512
MAX_ORDER = 10
TYPES = ["Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate"]
# name, start pfn, end pfn, reserved pfns at the start, a hole [lo, hi) or None
ZONES = [("DMA", 1, 4096, 159, None),
         ("DMA32", 4096, 12288, 0, (7168, 8192)),
         ("Normal", 12288, 16384, 0, None)]
# per zone: the type of each pageblock, from the zone's first pageblock
PB_TYPES = {"DMA": "UMMMMMMM",
            "DMA32": "MMUMRMMMMMMMMMMM",
            "Normal": "URMMMMMM"}
PCP = {"DMA": (0, 0), "DMA32": (5, 3), "Normal": (9, 0)}

# a reserve in proportion to this machine's 64 MiB
SYSCTL = """compaction_proactiveness 20
extfrag_threshold 500
lowmem_reserve_ratio 256 256 32 0 0
min_free_kbytes 256
percpu_pagelist_high_fraction 0
watermark_boost_factor 15000
watermark_scale_factor 10
"""

rnd = random.Random(15)
nr = 16384
flags = [0] * nr
count = [0] * nr
flags[0] = 1 << KPF["RESERVED"]


def bit(*names):
    return sum(1 << KPF[n] for n in names)


def used_flags(t):
    """What a page in use of a pageblock of type t shows"""
    if t == "M":
        return bit("LRU", "ANON", "MMAP"), 1
    if t == "R":
        return bit("SLAB"), 0
    return rnd.choice([bit("SLAB"), 0, 0]), 0


ztype = {}
state = False
for name, start, end, reserved, hole in ZONES:
    for pfn in range(start, end):
        t = PB_TYPES[name][(pfn - (start & ~(PB - 1))) // PB]
        ztype[pfn] = t
        if pfn < start + reserved:
            flags[pfn] = bit("RESERVED")
            continue
        if hole and hole[0] <= pfn < hole[1]:
            flags[pfn] = bit("NOPAGE")
            continue
        # movable pageblocks mostly free in long runs, the others mostly in use
        busy = 0.25 if t == "M" else 0.8
        if pfn % 64 == 0:
            state = rnd.random() < busy
        if rnd.random() < 0.05:
            state = not state
        if state:
            flags[pfn], count[pfn] = used_flags(t)
        else:
            flags[pfn] = bit("BUDDY")
# a whole free order-10 block, so the highest order is there
for pfn in range(13312, 14336):
    flags[pfn], count[pfn] = bit("BUDDY"), 0
# the per-CPU lists' pages: in use to kpageflags, no flag
pcp_pages = []
for name, start, end, reserved, hole in ZONES:
    n = sum(PCP[name])
    for pfn in range(end - 1, start, -1):
        if n and flags[pfn] == bit("LRU", "ANON", "MMAP"):
            flags[pfn], count[pfn] = 0, 0
            n -= 1

# the free blocks: each run of free pages cut into the largest aligned blocks
blocks = {}
for name, start, end, reserved, hole in ZONES:
    zb = blocks[name] = {t: [0] * (MAX_ORDER + 1) for t in TYPES}
    pfn = start
    while pfn < end:
        if not flags[pfn] & bit("BUDDY"):
            pfn += 1
            continue
        run = pfn
        while run < end and flags[run] & bit("BUDDY"):
            run += 1
        while pfn < run:
            order = min((pfn & -pfn).bit_length() - 1, MAX_ORDER)
            while pfn + (1 << order) > run:
                order -= 1
            t = {"U": "Unmovable", "M": "Movable", "R": "Reclaimable"}[ztype[pfn]]
            zb[t][order] += 1
            pfn += 1 << order


def write(fname, text):
    with open(fname, "w") as f:
        f.write(text)


zi = ""
for name, start, end, reserved, hole in ZONES:
    spanned = end - start
    present = spanned - (hole[1] - hole[0] if hole else 0)
    managed = present - reserved
    free = sum(c << o for t in TYPES for o, c in enumerate(blocks[name][t]))
    zi += f"Node 0, zone {name:>8}\n  pages free     {free}\n        boost    0\n"
    zi += "        min      16\n        low      20\n        high     24\n        promo    28\n"
    zi += f"        spanned  {spanned}\n        present  {present}\n        managed  {managed}\n"
    zi += "        cma      0\n        protection: (0, 0, 0, 0, 0)\n"
    zi += f"      nr_free_pages {free}\n  pagesets\n"
    for cpu in range(2):
        zi += f"    cpu: {cpu}\n              count:    {PCP[name][cpu]}\n"
        zi += "              high:     24\n              batch:    1\n"
        zi += "              high_min: 24\n              high_max: 24\n"
        zi += "  vm stats threshold: 4\n"
    zi += f"  node_unreclaimable:  0\n  start_pfn:           {start}\n"
zi += "Node 0, zone  Movable\n  pages free     0\n        boost    0\n        min      0\n"
zi += "        low      0\n        high     0\n        promo    0\n        spanned  0\n"
zi += "        present  0\n        managed  0\n        cma      0\n"
zi += "        protection: (0, 0, 0, 0, 0)\n"

bi = ""
for name, *_ in ZONES:
    per_order = [sum(blocks[name][t][o] for t in TYPES) for o in range(MAX_ORDER + 1)]
    bi += f"Node 0, zone {name:>8} " + "".join(f"{c:6d} " for c in per_order) + "\n"

pti = f"Page block order: 9\nPages per block:  {PB}\n\n"
pti += f"{'Free pages count per migrate type at order':<43} "
pti += "".join(f"{o:6d} " for o in range(MAX_ORDER + 1)) + "\n"
for name, *_ in ZONES:
    for t in TYPES:
        pti += f"Node {0:4d}, zone {name:>8}, type {t:>12} "
        pti += "".join(f"{c:6d} " for c in blocks[name][t]) + "\n"
pti += "\nNumber of blocks type " + "".join(f"{t:>12} " for t in TYPES) + "\n"
for name, start, end, *_ in ZONES:
    n = {t: 0 for t in TYPES}
    for pfn in range(start, end, PB):
        if not flags[pfn] & bit("NOPAGE"):
            n[{"U": "Unmovable", "M": "Movable", "R": "Reclaimable"}[ztype[pfn]]] += 1
    pti += f"Node 0, zone {name:>8} " + "".join(f"{n[t]:12d} " for t in TYPES) + "\n"

for when in ("before", "after"):
    write(f"{when}.zoneinfo", zi)
    write(f"{when}.buddyinfo", bi)
    write(f"{when}.pagetypeinfo", pti)
    write(f"{when}.sysctl", SYSCTL)
    for x in ("vmstat", "slabinfo", "meminfo"):
        shutil.copy(f"../bundle-min/before.{x}", f"{when}.{x}")
for x in ("kmem.trace.gz", "trace.stats", "uname", "manifest"):
    shutil.copy(f"../bundle-min/{x}", x)
for fname, vals in (("before.kpageflags.gz", flags), ("before.kpagecount.gz", count)):
    with gzip.GzipFile(fname, "wb", mtime=0) as f:
        f.write(struct.pack(f"<{nr}Q", *vals))
