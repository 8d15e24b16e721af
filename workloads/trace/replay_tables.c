// SPDX-License-Identifier: GPL-2.0
/*
 * The trace replay as a source of result tables (`kmembench replay`, trace_replay.h): the
 * descriptor that the schema, the report and `kmembench compare` read for the replay's tables,
 * as they read a workload's. The replay itself is run by its command, not by the runner.
 */
#include "workloads/workload.h"

const struct workload replay_workload = {
	.name = "replay",
	.help = "replay a kernel allocation trace (kmembench replay TRACE)",
};
