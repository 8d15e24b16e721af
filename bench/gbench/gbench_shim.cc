// SPDX-License-Identifier: GPL-2.0
/*
 * The C API of gbench_shim.h over Google Benchmark (1.7.1, as Debian 12 packages it). Each call
 * is a thin forward to benchmark::State; gbench_keep_running() costs one out-of-line call per
 * iteration on top of State::KeepRunning(), a few nanoseconds that every benchmark pays alike.
 */
#include "gbench_shim.h"

#include <benchmark/benchmark.h>

static benchmark::State &to_state(gbench_state *s)
{
	return *reinterpret_cast<benchmark::State *>(s);
}

bool gbench_keep_running(gbench_state *s)
{
	return to_state(s).KeepRunning();
}

int64_t gbench_iterations(gbench_state *s)
{
	return static_cast<int64_t>(to_state(s).iterations());
}

int64_t gbench_range(gbench_state *s, int i)
{
	return to_state(s).range(static_cast<std::size_t>(i));
}

void gbench_set_label(gbench_state *s, const char *label)
{
	to_state(s).SetLabel(label);
}

void gbench_set_items_processed(gbench_state *s, int64_t items)
{
	to_state(s).SetItemsProcessed(items);
}

void gbench_counter(gbench_state *s, const char *name, double value)
{
	to_state(s).counters[name] = benchmark::Counter(value);
}

void gbench_skip_with_error(gbench_state *s, const char *msg)
{
	to_state(s).SkipWithError(msg);
}

void gbench_register(const char *name, gbench_fn fn, void *arg, const char *arg_name,
		     const int64_t *args, int nargs)
{
	benchmark::internal::Benchmark *b =
		benchmark::RegisterBenchmark(name, [fn, arg](benchmark::State &state) {
			fn(reinterpret_cast<gbench_state *>(&state), arg);
		});

	if (arg_name)
		b->ArgName(arg_name);
	for (int i = 0; args && i < nargs; i++)
		b->Arg(args[i]);
}

int gbench_main(int *argc, char **argv)
{
	benchmark::Initialize(argc, argv);
	if (benchmark::ReportUnrecognizedArguments(*argc, argv))
		return 2;
	benchmark::RunSpecifiedBenchmarks();
	benchmark::Shutdown();
	return 0;
}
