// SPDX-License-Identifier: GPL-2.0
/*
 * The keys of meta.csv and what each value says, for SCHEMA.md and for people: the one place
 * that describes the rows run_meta_open(), run_meta_open_append() and run_meta_close() write.
 * tests/unit/test_csv.c holds a written meta.csv to this list, so a key added there without a
 * line here fails the suite.
 */
#include "schema.h"

const struct meta_key meta_keys[] = {
	{ "date", "when the run started, UTC, ISO 8601" },
	{ "host", "the host's name (uname)" },
	{ "kernel", "the host kernel: system, release, version, machine (uname)" },
	{ "cpu_model", "`model name` of /proc/cpuinfo" },
	{ "cpu_mhz", "`cpu MHz` of /proc/cpuinfo (the first CPU, when read)" },
	{ "cores", "online CPUs" },
	{ "memory_bytes", "the host's RAM" },
	{ "numa", "`real` (hwloc found several nodes, memory bound to them) or `simulated`" },
	{ "numa_nodes", "nodes of the model" },
	{ "numa_detail", "where the topology came from" },
	{ "pcp_tune", "`on`: per-CPU lists' high auto-tuned between high_min and high_max "
		      "(Linux 6.7+); `off`: fixed (KMEM_PCP_TUNE=0)" },
	{ "pcp_high_fraction", "percpu_pagelist_high_fraction (KMEM_PCP_HIGH_FRACTION): 0, high "
			       "from the low watermark; N, managed pages / N, fixed" },
	{ "thp", "`on`: the model's transparent hugepages, so min_free_kbytes is raised as "
		 "khugepaged raises it; `off`: not (KMEM_THP=0)" },
	{ "min_free_kbytes", "the model's vm.min_free_kbytes, as /proc/sys/vm/min_free_kbytes "
			     "would show it" },
	{ "nofragment", "`on`: the fast path's first pass does not fall back into other types' "
			"pageblocks (ALLOC_NOFRAGMENT; KMEM_NOFRAGMENT=0 turns it off); `off` also "
			"on back ends without pageblock types" },
	{ "highatomic", "`on`: high-order atomic allocations reserve pageblocks "
			"(MIGRATE_HIGHATOMIC; KMEM_HIGHATOMIC=0 turns it off); `off` also on back "
			"ends without pageblock types" },
	{ "watermark_boost_factor", "vm.watermark_boost_factor of the model (KMEM_BOOST_FACTOR); 0 "
				    "when off or on back ends without pageblock types" },
	{ "compaction", "`on`, `off` (KMEM_COMPACTION=0) or `not supported` (the back end "
			"cannot hand out a given free block)" },
	{ "compaction_proactiveness",
	  "vm.compaction_proactiveness of the model (KMEM_COMPACTION_PROACTIVENESS, default 20): "
	  "how far kcompactd's proactive compaction brings the fragmentation score down; 0 when "
	  "off or when compaction is off or not supported" },
	{ "kcompactd", "`on`: a kcompactd thread per node compacts after high-order wakes; `off`: "
		       "none (KMEM_KCOMPACTD=0), or compaction off or not supported" },
	{ "direct_map_page_kind",
	  "`hugetlb`, `thp` or `4k`: what the direct map got (/proc/self/smaps)" },
	{ "direct_map_page_size", "its page size in bytes" },
	{ "direct_map_note", "why a larger page size was not had, or empty" },
	{ "perf_counters", "`available`, or `not supported (ERRNO)` when perf_event_open of the "
			   "CPU cycle counter fails" },
	{ "timer", "clock of per-call timings: `rdtscp` or `clock_gettime`; `none` when the run "
		   "times no single calls (replay)" },
	{ "timer_overhead_ns", "cost of one timing (two reads), measured at start and subtracted "
			       "from every sample; empty with `none`" },
	{ "timer_resolution_ns",
	  "the smallest step the clock was seen to take between two reads: no per-call figure is "
	  "finer (a hypervisor may advance the TSC in steps of 10 ns or more); empty with `none`" },
	{ "timer_ticks_per_ns", "timer ticks per ns as calibrated against CLOCK_MONOTONIC (1 for "
				"clock_gettime); empty with `none`" },
	{ "compiler", "compiler and version (`__VERSION__`)" },
	{ "compiler_flags", "C flags of the build type, sanitizers included" },
	{ "build_type", "CMake build type" },
	{ "gbench_version",
	  "Google Benchmark version kmembench-gbench was built with (pkg-config), or `not found`" },
	{ "hwloc_version", "hwloc built with, and the API version of the library loaded" },
	{ "git_commit", "the source tree's commit, `-dirty` with local changes, or `unknown`" },
	{ "seed", "the run's seed (0 for a replay, which has none)" },
	{ "command_line", "the command, as typed" },
	{ "replay_command_line", "only when `kmembench replay --out` added its tables to a "
				 "directory that already had a meta.csv: the replay's command" },
	{ "validate_command_line",
	  "only when `kmembench validate BUNDLE --out` added its "
	  "validate.csv to a directory that already had a meta.csv: the validation's command" },
	{ "interrupted",
	  "only when SIGINT or SIGTERM stopped the command: `SIGINT` or `SIGTERM`. The tables hold "
	  "every step (run) or replay finished before it, each row whole" },
};

const unsigned int nr_meta_keys = sizeof(meta_keys) / sizeof(meta_keys[0]);

static const struct result_column meta_columns[] = {
	{ "key", RESULT_STR, "", "what the row describes (below)" },
	{ "value", RESULT_STR, "", "its value, as text" },
};

const struct schema_table meta_table = {
	.file = "meta.csv",
	.help = "What produced the run: the host, the model as booted, the build and the command "
		"line. One row per key.",
	.cols = meta_columns,
	.nr_cols = sizeof(meta_columns) / sizeof(meta_columns[0]),
};
