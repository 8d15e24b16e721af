// SPDX-License-Identifier: GPL-2.0
/*
 * The generic kernel environment (impl/kernel) as kernel code uses it: printk's levels, pr_fmt
 * and continuation lines through the printk hook, and its dmesg-like lines on stderr; the
 * kernel's %p extensions; WARN_ON returning its condition and counting, the _ONCE forms firing
 * once; BUG_ON and panic ending in a handler that longjmps back; error pointers; log2 helpers
 * on their edges; kstrto*, strscpy and hex dumps; kthreads started, stopped and bound to a CPU;
 * completions, wait queues, mutexes and rwsems across threads; random numbers in range,
 * reproducible with KMEM_SEED, and the kernel's LFSR113 bit for bit; jiffies across msleep().
 */
#define pr_fmt(fmt) "kenv: " fmt

#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/bug.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/log2.h>
#include <linux/mutex.h>
#include <linux/prandom.h>
#include <linux/printk.h>
#include <linux/ptr_ring.h>
#include <linux/random.h>
#include <linux/rwsem.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/wait.h>

#include "harness.h"

/* ---- what printk hands its hook ---- */

#define MAX_RECORDS 64

struct record {
	int level;
	char text[256];
};

static struct printk_log {
	pthread_mutex_t lock;
	int n;
	struct record rec[MAX_RECORDS];
} printk_log = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void log_hook(int level, const char *text, void *arg)
{
	struct printk_log *log = arg;

	pthread_mutex_lock(&log->lock);
	if (log->n < MAX_RECORDS) {
		log->rec[log->n].level = level;
		snprintf(log->rec[log->n].text, sizeof(log->rec[0].text), "%s", text);
		log->n++;
	}
	pthread_mutex_unlock(&log->lock);
}

static void log_start(void)
{
	printk_log.n = 0;
	kmem_set_printk_hook(log_hook, &printk_log);
}

static void log_stop(void)
{
	kmem_set_printk_hook(NULL, NULL);
}

/* the index of the first record whose text contains @needle, or -1 */
static int log_find(const char *needle)
{
	for (int i = 0; i < printk_log.n; i++)
		if (strstr(printk_log.rec[i].text, needle))
			return i;
	return -1;
}

static void print_levels(void *arg)
{
	(void)arg;
	pr_emerg("emerg %d\n", 0);
	pr_err("err %s\n", "three");
	pr_warn("warn\n");
	pr_info("info %d\n", 6);
	printk("no level\n");
	printk(KERN_DEBUG "debug through printk\n");
	pr_debug("compiled out: DEBUG is not defined\n");
	pr_info("open line");
	pr_cont(" continued");
	pr_cont(" and ended\n");
	pr_info("two\nlines\n");
}

/*
 * Each level reaches the hook with its number and the pr_fmt() prefix, a message without a
 * level has the default one (4), pr_debug() is compiled out without DEBUG, and a continuation
 * carries the open line's level without the prefix. On stderr each line starts with a dmesg
 * time stamp, a continuation without one.
 */
TEST(printk_levels_and_pr_fmt)
{
	const char *out;
	int i;

	log_start();
	out = harness_capture(print_levels, NULL);
	log_stop();

	ASSERT_EQ(printk_log.n, 10);
	ASSERT_EQ(printk_log.rec[0].level, LOGLEVEL_EMERG);
	ASSERT_STREQ(printk_log.rec[0].text, "kenv: emerg 0\n");
	ASSERT_EQ(printk_log.rec[1].level, LOGLEVEL_ERR);
	ASSERT_STREQ(printk_log.rec[1].text, "kenv: err three\n");
	ASSERT_EQ(printk_log.rec[2].level, LOGLEVEL_WARNING);
	ASSERT_EQ(printk_log.rec[3].level, LOGLEVEL_INFO);
	ASSERT_STREQ(printk_log.rec[3].text, "kenv: info 6\n");
	/* printk() takes no pr_fmt(): the text is as written, at the default level */
	ASSERT_EQ(printk_log.rec[4].level, MESSAGE_LOGLEVEL_DEFAULT);
	ASSERT_STREQ(printk_log.rec[4].text, "no level\n");
	ASSERT_EQ(printk_log.rec[5].level, LOGLEVEL_DEBUG);
	ASSERT_EQ(log_find("compiled out"), -1);
	ASSERT_STREQ(printk_log.rec[6].text, "kenv: open line");
	ASSERT_EQ(printk_log.rec[7].level, LOGLEVEL_INFO);
	ASSERT_STREQ(printk_log.rec[7].text, " continued");
	ASSERT_STREQ(printk_log.rec[8].text, " and ended\n");

	/* stderr: "[    0.001234] kenv: info 6", as dmesg prints it */
	ASSERT_CONTAINS(out, "] kenv: emerg 0\n");
	ASSERT_CONTAINS(out, "] kenv: open line continued and ended\n");
	ASSERT_CONTAINS(out, "] kenv: two\n[");
	ASSERT_NOT_CONTAINS(out, "\001");
	ASSERT_EQ(harness_count_lines(out), 9);
	for (const char *line = out; *line; line = strchr(line, '\n') + 1) {
		unsigned long sec, usec;
		char close;

		/* the kernel's "[%5lu.%06lu] ": seconds since boot, right-aligned in 5 columns */
		ASSERT_EQ(sscanf(line, "[%5lu.%6lu%c", &sec, &usec, &close), 3);
		ASSERT_EQ(close, ']');
		ASSERT_EQ(line[13], ']');
		ASSERT_EQ(line[14], ' ');
		ASSERT_LT(sec, 60);
	}
	i = log_find("two");
	ASSERT_STREQ(printk_log.rec[i].text, "kenv: two\nlines\n");
}

/* A printk from inside the hook is printed but does not reach the hook again */
static void recursive_hook(int level, const char *text, void *arg)
{
	int *calls = arg;

	(void)level, (void)text;
	(*calls)++;
	printk(KERN_INFO "from the hook\n");
}

static void print_once(void *arg)
{
	(void)arg;
	pr_info("outer\n");
}

TEST(printk_hook_does_not_recurse)
{
	const char *out;
	int calls = 0;

	kmem_set_printk_hook(recursive_hook, &calls);
	out = harness_capture(print_once, NULL);
	kmem_set_printk_hook(NULL, NULL);
	ASSERT_EQ(calls, 1);
	ASSERT_CONTAINS(out, "kenv: outer\n");
	ASSERT_CONTAINS(out, "from the hook\n");
}

/* the kernel's vsprintf extensions, through scnprintf()/kasprintf() and printk() */
TEST(vsprintf_pointer_extensions)
{
	unsigned char bytes[] = { 0xde, 0xad, 0xbe, 0xef };
	phys_addr_t phys = 0x1234;
	char *volatile null_string = NULL;
	char buf[128], small[8], expect[128];
	Dl_info info;
	char *s;

	scnprintf(buf, sizeof(buf), "%pe %pe %pe", ERR_PTR(-ENOMEM), ERR_PTR(-EPROBE_DEFER),
		  ERR_PTR(-4000));
	ASSERT_STREQ(buf, "-ENOMEM -EPROBE_DEFER -4000");
	scnprintf(buf, sizeof(buf), "%px|%p|%pK", (void *)0x1234UL, (void *)0xabcUL, NULL);
	ASSERT_STREQ(buf, "0000000000001234|0000000000000abc|0000000000000000");
	scnprintf(buf, sizeof(buf), "%*ph|%*phC|%*phN|%pa", 4, bytes, 2, bytes, 3, bytes, &phys);
	ASSERT_STREQ(buf, "de ad be ef|de:ad|deadbe|0x0000000000001234");
	/*
	 * a function of the C library by its dynamic symbol's name (which a sanitizer's
	 * interceptor may have taken: dladdr() says which), with its offset and size for %pS; an
	 * address nothing names as the kernel prints it
	 */
	ASSERT_NE(dladdr((void *)qsort, &info), 0);
	ASSERT_NOT_NULL(info.dli_sname);
	snprintf(expect, sizeof(expect), "%s 0x10", info.dli_sname);
	scnprintf(buf, sizeof(buf), "%ps %pS", (void *)qsort, (void *)0x10UL);
	ASSERT_STREQ(buf, expect);
	snprintf(expect, sizeof(expect), "%s+0x1/0x", info.dli_sname);
	scnprintf(buf, sizeof(buf), "%pS", (void *)((char *)info.dli_saddr + 1));
	ASSERT_TRUE(!strncmp(buf, expect, strlen(expect)));
	/* the C library's conversions, as it prints them */
	scnprintf(buf, sizeof(buf), "%5d|%-4s|%08.3f|%zu|%lld|%x|%%|%c|%s", 42, "ab", 3.14159,
		  (size_t)7, -5LL, 255U, 'z', null_string);
	ASSERT_STREQ(buf, "   42|ab  |0003.142|7|-5|ff|%|z|(null)");
	ASSERT_EQ(scnprintf(small, sizeof(small), "%s", "0123456789"), 7);
	ASSERT_STREQ(small, "0123456");
	s = kasprintf(GFP_KERNEL, "%s-%d %pe", "name", 3, ERR_PTR(-EINVAL));
	ASSERT_NOT_NULL(s);
	ASSERT_STREQ(s, "name-3 -EINVAL");
	kfree(s);

	log_start();
	pr_info("%pe\n", ERR_PTR(-EAGAIN));
	log_stop();
	ASSERT_STREQ(printk_log.rec[0].text, "kenv: -EAGAIN\n");
}

static int warn_once_site(int v)
{
	return WARN_ON_ONCE(v > 0);
}

static int warn_once_fmt_site(int v)
{
	return WARN_ONCE(v > 0, "v is %d\n", v);
}

static void warn_some(void *arg)
{
	int *line = arg;

	*line = __LINE__ + 1;
	WARN_ON(1);
}

/*
 * WARN_ON() returns its condition and counts only when it holds; WARN() also prints its
 * message, before the WARNING line that names the CPU, the task, the file, line and function
 */
TEST(warn_on_returns_condition_and_counts)
{
	unsigned long before = kmem_warn_count();
	char where[256];
	const char *out;
	int line, i;

	/* the CPU the report names: this thread's, entered so that it cannot change meanwhile */
	ASSERT_EQ(kmem_thread_set_cpu(0), 0);
	log_start();
	ASSERT_EQ(WARN_ON(0), 0);
	ASSERT_EQ(WARN_ON(2 > 3), 0);
	ASSERT_EQ(kmem_warn_count(), before);
	ASSERT_EQ(printk_log.n, 0);

	ASSERT_EQ(WARN_ON(3 > 2), 1);
	ASSERT_EQ(kmem_warn_count(), before + 1);
	ASSERT_EQ(WARN(7, "the value is %d\n", 7), 1);
	ASSERT_EQ(kmem_warn_count(), before + 2);
	log_stop();

	i = log_find("the value is 7");
	ASSERT_GE(i, 0);
	ASSERT_STREQ(printk_log.rec[i - 1].text, "------------[ cut here ]------------\n");
	ASSERT_EQ(printk_log.rec[i].level, MESSAGE_LOGLEVEL_DEFAULT);
	snprintf(where, sizeof(where), "WARNING: CPU: %d PID: %d at %s:", smp_processor_id(),
		 (int)gettid(), __FILE__);
	ASSERT_CONTAINS(printk_log.rec[i + 1].text, where);
	ASSERT_CONTAINS(printk_log.rec[i + 1].text, " test_warn_on_returns_condition_and_counts\n");
	ASSERT_EQ(printk_log.rec[i + 1].level, LOGLEVEL_WARNING);
	ASSERT_GE(log_find("---[ end trace"), 0);

	out = harness_capture(warn_some, &line);
	snprintf(where, sizeof(where), "WARNING: CPU: %d PID: %d at %s:%d warn_some\n",
		 smp_processor_id(), (int)gettid(), __FILE__, line);
	ASSERT_CONTAINS(out, where);
	ASSERT_CONTAINS(out, "] ------------[ cut here ]------------\n");
	ASSERT_EQ(kmem_warn_count(), before + 3);
}

/* the _ONCE forms report the first time at each site, and return the condition every time */
TEST(warn_on_once_fires_once)
{
	unsigned long before = kmem_warn_count();

	log_start();
	ASSERT_EQ(warn_once_site(0), 0);
	ASSERT_EQ(kmem_warn_count(), before);
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(warn_once_site(1), 1);
	ASSERT_EQ(kmem_warn_count(), before + 1);
	for (int i = 1; i <= 3; i++)
		ASSERT_EQ(warn_once_fmt_site(i), 1);
	ASSERT_EQ(warn_once_fmt_site(0), 0);
	ASSERT_EQ(kmem_warn_count(), before + 2);
	log_stop();
	ASSERT_GE(log_find("v is 1"), 0);
	ASSERT_EQ(log_find("v is 2"), -1);
	/* pr_*_once likewise */
	log_start();
	for (int i = 0; i < 3; i++)
		pr_info_once("once %d\n", i);
	log_stop();
	ASSERT_EQ(printk_log.n, 1);
	ASSERT_STREQ(printk_log.rec[0].text, "kenv: once 0\n");
}

/* the count is the boot's: a new boot starts from 0 */
TEST(warn_count_is_per_boot)
{
	struct kmem_config cfg;

	harness_capture_begin();
	WARN_ON(1);
	harness_capture_end();
	ASSERT_GT(kmem_warn_count(), 0);
	harness_config(&cfg);
	harness_reboot(&cfg);
	ASSERT_EQ(kmem_warn_count(), 0);
}

static jmp_buf bug_jump;
static const char *bug_file;
static int bug_line;

static void longjmp_handler(const char *file, int line)
{
	bug_file = file;
	bug_line = line;
	longjmp(bug_jump, 1);
}

static void bug_if(void *arg)
{
	int *line = arg;

	*line = __LINE__ + 1;
	BUG_ON(*line > 0);
}

static void panic_now(void *arg)
{
	(void)arg;
	panic("out of %s\n", "luck");
}

/*
 * BUG_ON(false) does nothing; BUG_ON(true) reports "kernel BUG at FILE:LINE!" and runs the
 * handler, which longjmps back here, as the module loader stops a module; panic() too
 */
TEST(bug_on_runs_the_handler)
{
	static volatile int line; /* set before the jump, read after it */
	static const char *volatile out;
	char expect[256];

	kmem_set_bug_handler(longjmp_handler);
	BUG_ON(0);
	if (!setjmp(bug_jump)) {
		harness_capture_begin();
		bug_if((void *)&line);
		harness_capture_end();
		kmem_set_bug_handler(NULL);
		FAIL("BUG_ON(true) returned");
	}
	out = harness_capture_end();
	ASSERT_STREQ(bug_file, __FILE__);
	ASSERT_EQ(bug_line, line);
	snprintf(expect, sizeof(expect), "] kernel BUG at %s:%d!\n", __FILE__, line);
	ASSERT_CONTAINS(out, expect);
	ASSERT_CONTAINS(out, "] Oops: invalid opcode");

	if (!setjmp(bug_jump)) {
		harness_capture_begin();
		panic_now(NULL);
		harness_capture_end();
		kmem_set_bug_handler(NULL);
		FAIL("panic() returned");
	}
	out = harness_capture_end();
	kmem_set_bug_handler(NULL);
	ASSERT_CONTAINS(out, "] Kernel panic - not syncing: out of luck\n");
	ASSERT_STREQ(bug_file, __FILE__);
}

/* every errno survives the trip through a pointer; nothing else is an error pointer */
TEST(err_ptr_round_trips)
{
	static int object;

	for (long err = -1; err >= -MAX_ERRNO; err--) {
		void *p = ERR_PTR(err);

		ASSERT_TRUE(IS_ERR(p));
		ASSERT_TRUE(IS_ERR_OR_NULL(p));
		ASSERT_EQ(PTR_ERR(p), err);
		ASSERT_EQ(PTR_ERR_OR_ZERO(p), err);
		ASSERT_EQ(PTR_ERR(ERR_CAST(p)), err);
	}
	ASSERT_FALSE(IS_ERR(NULL));
	ASSERT_TRUE(IS_ERR_OR_NULL(NULL));
	ASSERT_EQ(PTR_ERR_OR_ZERO(NULL), 0);
	ASSERT_FALSE(IS_ERR(&object));
	ASSERT_FALSE(IS_ERR_OR_NULL(&object));
	ASSERT_EQ(PTR_ERR_OR_ZERO(&object), 0);
	/* the first address below the error range is a pointer */
	ASSERT_FALSE(IS_ERR((void *)(-MAX_ERRNO - 1L)));
	ASSERT_TRUE(IS_ERR((void *)-1L));
}

/* the values below run through the run-time forms; the literals through the constant ones */
static volatile unsigned long v0 = 0, v1 = 1, v2 = 2, v3 = 3, v5 = 5, v4096 = 4096;
static volatile unsigned long vtop = 1UL << 63, vmax = ~0UL, vbig = (1UL << 62) + 1;
static volatile unsigned int vu32max = ~0U;

TEST(log2_edges)
{
	ASSERT_EQ(ilog2(1), 0);
	ASSERT_EQ(ilog2(v1), 0);
	ASSERT_EQ(ilog2(2), 1);
	ASSERT_EQ(ilog2(v2), 1);
	ASSERT_EQ(ilog2(3), 1);
	ASSERT_EQ(ilog2(v3), 1);
	ASSERT_EQ(ilog2(4096), 12);
	ASSERT_EQ(ilog2(v4096), 12);
	ASSERT_EQ(ilog2(0xffffffffU), 31);
	ASSERT_EQ(ilog2(vu32max), 31);
	ASSERT_EQ(ilog2(~0UL), 63);
	ASSERT_EQ(ilog2(vmax), 63);
	ASSERT_EQ(ilog2(vtop), 63);
	/* undefined in the kernel: -1 at run time there, as here */
	ASSERT_EQ(ilog2(v0), -1);

	ASSERT_EQ(roundup_pow_of_two(1), 1);
	ASSERT_EQ(roundup_pow_of_two(v1), 1);
	ASSERT_EQ(roundup_pow_of_two(v2), 2);
	ASSERT_EQ(roundup_pow_of_two(3), 4);
	ASSERT_EQ(roundup_pow_of_two(v3), 4);
	ASSERT_EQ(roundup_pow_of_two(v5), 8);
	ASSERT_EQ(roundup_pow_of_two(v4096), 4096);
	ASSERT_EQ(roundup_pow_of_two(vbig), 1UL << 63);
	ASSERT_EQ(roundup_pow_of_two(vtop), 1UL << 63);
	ASSERT_EQ(rounddown_pow_of_two(v5), 4);
	ASSERT_EQ(rounddown_pow_of_two(vmax), 1UL << 63);

	ASSERT_FALSE(is_power_of_2(0));
	ASSERT_FALSE(is_power_of_2(v0));
	ASSERT_TRUE(is_power_of_2(v1));
	ASSERT_TRUE(is_power_of_2(v2));
	ASSERT_FALSE(is_power_of_2(v3));
	ASSERT_TRUE(is_power_of_2(vtop));
	ASSERT_FALSE(is_power_of_2(vmax));

	ASSERT_EQ(order_base_2(0), 0);
	ASSERT_EQ(order_base_2(v0), 0);
	ASSERT_EQ(order_base_2(v1), 0);
	ASSERT_EQ(order_base_2(v2), 1);
	ASSERT_EQ(order_base_2(3), 2);
	ASSERT_EQ(order_base_2(v3), 2);
	ASSERT_EQ(order_base_2(v5), 3);
	ASSERT_EQ(order_base_2(v4096), 12);
	ASSERT_EQ(fls(0), 0);
	ASSERT_EQ(fls(1), 1);
	ASSERT_EQ(fls(0x80000000), 32);
	ASSERT_EQ(__ffs(vtop), 63);
	ASSERT_EQ(__fls(v1), 0);
}

TEST(math_helpers)
{
	int a = -7, b = 3;
	unsigned int u = 5;
	long l = -9;

	ASSERT_EQ(min(a, b), -7);
	ASSERT_EQ(max(u, 9U), 9);
	ASSERT_EQ(min_t(long, u, l), -9);
	ASSERT_EQ(clamp(a, -5, 5), -5);
	ASSERT_EQ(clamp(b, -5, 5), 3);
	ASSERT_EQ(abs(a), 7);
	ASSERT_EQ(abs(l), 9);
	ASSERT_EQ(DIV_ROUND_UP(7, 2), 4);
	ASSERT_EQ(round_up(13, 8), 16);
	ASSERT_EQ(round_down(13, 8), 8);
	ASSERT_EQ(ALIGN(4097UL, 4096), 8192);
	ASSERT_EQ(DIV_ROUND_CLOSEST(7, 2), 4);
	ASSERT_EQ(DIV_ROUND_CLOSEST(-7, 2), -4);
	swap(a, b);
	ASSERT_EQ(a, 3);
	ASSERT_EQ(b, -7);
	ASSERT_EQ(int_sqrt(99), 9);
	ASSERT_EQ(int_sqrt(100), 10);
	ASSERT_EQ(SZ_2M, 2 * 1024 * 1024);
	ASSERT_EQ(GENMASK(7, 4), 0xf0);
}

/* kstrto*: whole strings only, the base from the prefix, range checked; the result untouched */
TEST(kstrtox_and_strscpy)
{
	unsigned int ui = 77;
	char dst[4], pad[8];
	u8 byte = 9;
	bool flag;
	int i;

	ASSERT_EQ(kstrtoint("0x10", 0, &i), 0);
	ASSERT_EQ(i, 16);
	ASSERT_EQ(kstrtoint("010", 0, &i), 0);
	ASSERT_EQ(i, 8);
	ASSERT_EQ(kstrtoint("-42\n", 10, &i), 0);
	ASSERT_EQ(i, -42);
	ASSERT_EQ(kstrtoint(" 1", 10, &i), -EINVAL);
	ASSERT_EQ(kstrtoint("12abc", 10, &i), -EINVAL);
	ASSERT_EQ(kstrtoint("", 10, &i), -EINVAL);
	ASSERT_EQ(kstrtouint("4294967296", 10, &ui), -ERANGE);
	ASSERT_EQ(kstrtouint("-1", 10, &ui), -EINVAL);
	ASSERT_EQ(ui, 77);
	ASSERT_EQ(kstrtou8("256", 10, &byte), -ERANGE);
	ASSERT_EQ(byte, 9);
	ASSERT_EQ(kstrtobool("on", &flag), 0);
	ASSERT_TRUE(flag);
	ASSERT_EQ(kstrtobool("N", &flag), 0);
	ASSERT_FALSE(flag);
	ASSERT_EQ(kstrtobool("maybe", &flag), -EINVAL);

	ASSERT_EQ(strscpy(dst, "abcdef"), -E2BIG);
	ASSERT_STREQ(dst, "abc");
	ASSERT_EQ(strscpy(dst, "ab"), 2);
	ASSERT_EQ(strscpy(dst, "xyz", 2), -E2BIG);
	ASSERT_STREQ(dst, "x");
	memset(pad, 'z', sizeof(pad));
	ASSERT_EQ(strscpy_pad(pad, "hi"), 2);
	ASSERT_EQ(memchr_inv(pad + 2, 0, sizeof(pad) - 2), NULL);
	ASSERT_EQ(*(const char *)memchr_inv("aaab", 'a', 4), 'b');
}

/* print_hex_dump()'s lines, as the kernel lays them out */
TEST(hex_dump)
{
	unsigned char bytes[20];
	char line[200];
	int len;

	for (int i = 0; i < 20; i++)
		bytes[i] = 'A' + i;
	len = hex_dump_to_buffer(bytes, 16, 16, 1, line, sizeof(line), true);
	ASSERT_STREQ(line, "41 42 43 44 45 46 47 48 49 4a 4b 4c 4d 4e 4f 50  ABCDEFGHIJKLMNOP");
	ASSERT_EQ(len, (int)strlen(line));
	hex_dump_to_buffer(bytes, 8, 16, 4, line, sizeof(line), false);
	ASSERT_STREQ(line, "44434241 48474645");
	log_start();
	print_hex_dump(KERN_INFO, "dump: ", DUMP_PREFIX_OFFSET, 16, 1, bytes, 20, true);
	log_stop();
	ASSERT_EQ(printk_log.n, 2);
	ASSERT_EQ(printk_log.rec[1].level, LOGLEVEL_INFO);
	/* a short last row keeps the ASCII column where a full row has it */
	snprintf(line, sizeof(line), "dump: 00000010: %-49sQRST\n", "51 52 53 54");
	ASSERT_STREQ(printk_log.rec[1].text, line);
}

/* ---- kthreads ---- */

struct worker {
	int value;
	int loops;
	bool ran;
	int cpu;
	pid_t pid;
	char comm[TASK_COMM_LEN];
	bool is_kthread;
};

static int worker_fn(void *data)
{
	struct worker *w = data;

	w->ran = true;
	w->pid = current->pid;
	w->cpu = smp_processor_id();
	w->is_kthread = current->flags & PF_KTHREAD;
	get_task_comm(w->comm, current);
	while (!kthread_should_stop()) {
		__atomic_fetch_add(&w->loops, 1, __ATOMIC_RELAXED);
		msleep(1);
	}
	return w->value;
}

/*
 * kthread_run() starts the thread at once, as a task of its own with the name asked for;
 * kthread_should_stop() turns true with kthread_stop(), which returns @threadfn's value.
 * kthread_should_stop() is false in a thread that is no kthread.
 */
TEST(kthread_run_and_stop)
{
	struct worker w = { .value = 42 };
	struct task_struct *k;

	ASSERT_FALSE(kthread_should_stop());
	k = kthread_run(worker_fn, &w, "kenv_test/%d", 7);
	ASSERT_FALSE(IS_ERR(k));
	ASSERT_STREQ(k->comm, "kenv_test/7");
	ASSERT_NE(k->pid, (pid_t)gettid());
	while (!READ_ONCE(w.loops))
		msleep(1);
	ASSERT_EQ(kthread_stop(k), 42);
	ASSERT_TRUE(w.ran);
	ASSERT_TRUE(w.is_kthread);
	ASSERT_STREQ(w.comm, "kenv_test/7");
	ASSERT_NE(w.pid, (pid_t)gettid());
	ASSERT_FALSE(current->flags & PF_KTHREAD);
}

/* a thread stopped before it was woken never runs: -EINTR, as in the kernel */
TEST(kthread_stop_before_wake)
{
	struct worker w = { .value = 1 };
	struct task_struct *k = kthread_create(worker_fn, &w, "kenv_idle");

	ASSERT_FALSE(IS_ERR(k));
	msleep(5);
	ASSERT_FALSE(READ_ONCE(w.ran));
	ASSERT_EQ(kthread_stop(k), -EINTR);
	ASSERT_FALSE(w.ran);
}

/* kthread_create_on_cpu(): the thread runs as that model CPU, named after it */
TEST(kthread_on_cpu)
{
	unsigned int cpu = num_online_cpus() - 1;
	struct worker w = { .value = 5, .cpu = -1 };
	struct task_struct *k = kthread_create_on_cpu(worker_fn, &w, cpu, "kenv_cpu/%u");
	char name[TASK_COMM_LEN];

	ASSERT_FALSE(IS_ERR(k));
	snprintf(name, sizeof(name), "kenv_cpu/%u", cpu);
	ASSERT_STREQ(k->comm, name);
	wake_up_process(k);
	/* stopped before it ran, it would never run (-EINTR): the kernel's kthread() too */
	while (!READ_ONCE(w.loops))
		msleep(1);
	ASSERT_EQ(kthread_stop(k), 5);
	ASSERT_EQ(w.cpu, (int)cpu);
}

/* a task sleeping in schedule() wakes at wake_up_process(), and not before */
static int sleeper_fn(void *data)
{
	int *phase = data;

	set_current_state(TASK_INTERRUPTIBLE);
	__atomic_store_n(phase, 1, __ATOMIC_RELEASE);
	schedule();
	__atomic_store_n(phase, 2, __ATOMIC_RELEASE);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

TEST(schedule_and_wake_up_process)
{
	int phase = 0;
	struct task_struct *k = kthread_run(sleeper_fn, &phase, "kenv_sleeper");

	ASSERT_FALSE(IS_ERR(k));
	while (__atomic_load_n(&phase, __ATOMIC_ACQUIRE) != 1)
		msleep(1);
	msleep(10);
	ASSERT_EQ(__atomic_load_n(&phase, __ATOMIC_ACQUIRE), 1);
	wake_up_process(k);
	while (__atomic_load_n(&phase, __ATOMIC_ACQUIRE) != 2)
		msleep(1);
	ASSERT_EQ(kthread_stop(k), 0);
	/* schedule_timeout() of a running task returns at once with its timeout */
	ASSERT_EQ(schedule_timeout(HZ), HZ);
	ASSERT_EQ(schedule_timeout_uninterruptible(1), 0);
}

/* ---- completions, wait queues, locks ---- */

struct ping {
	struct completion ping, pong;
	int value;
};

static int pong_fn(void *data)
{
	struct ping *p = data;

	wait_for_completion(&p->ping);
	p->value *= 2;
	complete(&p->pong);
	return 0;
}

/* a completion waited on in one thread and completed in another carries the work across */
TEST(completion_across_threads)
{
	DECLARE_COMPLETION_ONSTACK(never);
	struct task_struct *k;
	struct ping p;

	init_completion(&p.ping);
	init_completion(&p.pong);
	p.value = 21;
	k = kthread_run(pong_fn, &p, "kenv_pong");
	ASSERT_FALSE(IS_ERR(k));
	get_task_struct(k);
	msleep(5);
	ASSERT_FALSE(completion_done(&p.pong));
	complete(&p.ping);
	ASSERT_GT(wait_for_completion_timeout(&p.pong, 10 * HZ), 0);
	ASSERT_EQ(p.value, 42);
	/* the thread returned by itself: the reference taken above keeps its task for the stop */
	ASSERT_EQ(kthread_stop(k), 0);
	put_task_struct(k);

	ASSERT_EQ(wait_for_completion_timeout(&never, 1), 0);
	ASSERT_FALSE(try_wait_for_completion(&never));
	complete(&never);
	ASSERT_TRUE(try_wait_for_completion(&never));
	ASSERT_FALSE(try_wait_for_completion(&never));
	complete_all(&never);
	wait_for_completion(&never);
	ASSERT_TRUE(completion_done(&never));
	reinit_completion(&never);
	ASSERT_FALSE(completion_done(&never));
}

#define NR_WORKERS 4
#define NR_ROUNDS  2000

static DEFINE_MUTEX(counter_lock);
static DEFINE_SPINLOCK(spin_counter_lock);
static DEFINE_RWLOCK(rw_counter_lock);
static unsigned long spin_counter, rw_counter;
static DECLARE_RWSEM(pair_sem);
static DECLARE_COMPLETION(all_done);
static DECLARE_WAIT_QUEUE_HEAD(go_wq);
static atomic_t nr_running = ATOMIC_INIT(0);
static bool go;
static unsigned long counter;
static unsigned long pair[2];
static atomic_t torn_reads = ATOMIC_INIT(0);

static int locker_fn(void *data)
{
	long id = (long)data;

	wait_event(go_wq, READ_ONCE(go));
	for (int i = 0; i < NR_ROUNDS; i++) {
		mutex_lock(&counter_lock);
		counter++;
		mutex_unlock(&counter_lock);
		spin_lock_bh(&spin_counter_lock);
		spin_counter++;
		spin_unlock_bh(&spin_counter_lock);
		write_lock(&rw_counter_lock);
		rw_counter++;
		write_unlock(&rw_counter_lock);
		read_lock(&rw_counter_lock);
		if (rw_counter == 0)
			atomic_inc(&torn_reads);
		read_unlock(&rw_counter_lock);
		if (id % 2) {
			down_write(&pair_sem);
			pair[0]++;
			/* a window in which a reader let in would see the pair torn */
			ndelay(500);
			pair[1]++;
			downgrade_write(&pair_sem);
			if (pair[0] != pair[1])
				atomic_inc(&torn_reads);
			up_read(&pair_sem);
		} else {
			down_read(&pair_sem);
			if (pair[0] != pair[1])
				atomic_inc(&torn_reads);
			up_read(&pair_sem);
		}
	}
	if (atomic_dec_and_test(&nr_running))
		complete(&all_done);
	while (!kthread_should_stop())
		msleep(1);
	return 0;
}

/*
 * Threads released together by a wait queue add to counters under a mutex, a spinlock and an
 * rwlock, and to a pair under an rwsem (writers downgrading to readers): the counter is exact, no
 * reader ever sees the pair torn, and the last thread's completion wakes the test (and the race
 * detector, in the TSan build, sees every access ordered)
 */
TEST(mutex_rwsem_wait_queue_threads)
{
	struct task_struct *k[NR_WORKERS];

	reinit_completion(&all_done);
	atomic_set(&nr_running, NR_WORKERS);
	for (long i = 0; i < NR_WORKERS; i++) {
		k[i] = kthread_run(locker_fn, (void *)i, "kenv_lock/%ld", i);
		ASSERT_FALSE(IS_ERR(k[i]));
	}
	msleep(2);
	WRITE_ONCE(go, true);
	wake_up_all(&go_wq);
	wait_for_completion(&all_done);
	for (int i = 0; i < NR_WORKERS; i++)
		ASSERT_EQ(kthread_stop(k[i]), 0);
	ASSERT_EQ(counter, NR_WORKERS * NR_ROUNDS);
	ASSERT_EQ(spin_counter, NR_WORKERS * NR_ROUNDS);
	ASSERT_EQ(rw_counter, NR_WORKERS * NR_ROUNDS);
	ASSERT_FALSE(spin_is_locked(&spin_counter_lock));
	ASSERT_EQ(write_trylock(&rw_counter_lock), 1);
	ASSERT_EQ(read_trylock(&rw_counter_lock), 0);
	write_unlock(&rw_counter_lock);
	ASSERT_EQ(pair[0], NR_WORKERS / 2 * NR_ROUNDS);
	ASSERT_EQ(pair[1], pair[0]);
	ASSERT_EQ(atomic_read(&torn_reads), 0);
	ASSERT_FALSE(waitqueue_active(&go_wq));

	ASSERT_FALSE(mutex_is_locked(&counter_lock));
	ASSERT_EQ(mutex_trylock(&counter_lock), 1);
	ASSERT_TRUE(mutex_is_locked(&counter_lock));
	ASSERT_EQ(mutex_trylock(&counter_lock), 0);
	mutex_unlock(&counter_lock);
	ASSERT_EQ(down_write_trylock(&pair_sem), 1);
	ASSERT_EQ(down_read_trylock(&pair_sem), 0);
	ASSERT_TRUE(rwsem_is_locked(&pair_sem));
	up_write(&pair_sem);
	ASSERT_EQ(down_read_trylock(&pair_sem), 1);
	ASSERT_EQ(down_read_trylock(&pair_sem), 1);
	ASSERT_EQ(down_write_trylock(&pair_sem), 0);
	up_read(&pair_sem);
	up_read(&pair_sem);
	ASSERT_FALSE(rwsem_is_locked(&pair_sem));
}

struct sem_user {
	struct rw_semaphore *sem;
	bool write;
	int entered; /* set, atomically, once it holds the semaphore */
};

static int sem_user_fn(void *data)
{
	struct sem_user *u = data;

	if (u->write)
		down_write(u->sem);
	else
		down_read(u->sem);
	__atomic_store_n(&u->entered, 1, __ATOMIC_RELEASE);
	if (u->write)
		up_write(u->sem);
	else
		up_read(u->sem);
	while (!kthread_should_stop())
		msleep(1);
	return 0;
}

static bool sem_entered(struct sem_user *u, int ms)
{
	while (ms-- > 0 && !__atomic_load_n(&u->entered, __ATOMIC_ACQUIRE))
		msleep(1);
	return __atomic_load_n(&u->entered, __ATOMIC_ACQUIRE);
}

/*
 * A reader waits while a writer holds the semaphore; a writer waits while a reader does; and
 * a reader that comes while a writer waits waits behind it (the kernel's writers are not
 * starved by a stream of readers)
 */
TEST(rwsem_excludes)
{
	DECLARE_RWSEM(sem);
	struct sem_user reader = { .sem = &sem }, writer = { .sem = &sem, .write = true };
	struct sem_user late = { .sem = &sem };
	struct task_struct *r, *w, *l;

	down_write(&sem);
	r = kthread_run(sem_user_fn, &reader, "kenv_reader");
	ASSERT_FALSE(IS_ERR(r));
	ASSERT_FALSE(sem_entered(&reader, 20));
	up_write(&sem);
	ASSERT_TRUE(sem_entered(&reader, 5000));

	down_read(&sem);
	w = kthread_run(sem_user_fn, &writer, "kenv_writer");
	ASSERT_FALSE(IS_ERR(w));
	ASSERT_FALSE(sem_entered(&writer, 20));
	ASSERT_TRUE(rwsem_is_contended(&sem));
	l = kthread_run(sem_user_fn, &late, "kenv_late");
	ASSERT_FALSE(IS_ERR(l));
	ASSERT_FALSE(sem_entered(&late, 20));
	up_read(&sem);
	ASSERT_TRUE(sem_entered(&writer, 5000));
	ASSERT_TRUE(sem_entered(&late, 5000));
	ASSERT_EQ(kthread_stop(r), 0);
	ASSERT_EQ(kthread_stop(w), 0);
	ASSERT_EQ(kthread_stop(l), 0);
	ASSERT_FALSE(rwsem_is_locked(&sem));
}

/* wait_event_timeout(): 0 when the condition never holds, at least 1 when it does at once */
TEST(wait_event_timeout_values)
{
	DECLARE_WAIT_QUEUE_HEAD(wq);
	bool never = false;

	ASSERT_EQ(wait_event_timeout(wq, never, 2), 0);
	ASSERT_GE(wait_event_timeout(wq, !never, 0), 1);
	ASSERT_EQ(wait_event_timeout(wq, !never, 10), 10);
}

#define RING_ITEMS 20000

static int ring_consumer_fn(void *data)
{
	struct ptr_ring *ring = data;
	long expect = 1;

	while (expect <= RING_ITEMS) {
		long *item = __ptr_ring_consume(ring);

		if (!item) {
			cond_resched();
			continue;
		}
		/* in order, and the producer's write of the item is seen */
		if (*item != expect)
			return -EINVAL;
		kfree(item);
		expect++;
	}
	return 0;
}

/*
 * A ring takes pointers until it is full (-ENOSPC) and gives them back in order; one producer
 * and one consumer thread, without locks, pass every item across in order (the consumer
 * returns -EINVAL on the first out of order)
 */
TEST(ptr_ring_between_threads)
{
	struct ptr_ring ring;
	struct task_struct *k;
	long values[4] = { 1, 2, 3, 4 };

	ASSERT_EQ(ptr_ring_init(&ring, 3, GFP_KERNEL), 0);
	ASSERT_TRUE(ptr_ring_empty(&ring));
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(ptr_ring_produce(&ring, &values[i]), 0);
	ASSERT_TRUE(ptr_ring_full(&ring));
	ASSERT_EQ(ptr_ring_produce(&ring, &values[3]), -ENOSPC);
	ASSERT_EQ(ptr_ring_consume(&ring), &values[0]);
	ASSERT_EQ(ptr_ring_produce(&ring, &values[3]), 0);
	for (int i = 1; i < 4; i++)
		ASSERT_EQ(ptr_ring_consume(&ring), &values[i]);
	ASSERT_NULL(ptr_ring_consume(&ring));
	ptr_ring_cleanup(&ring, NULL);

	ASSERT_EQ(ptr_ring_init(&ring, 64, GFP_KERNEL), 0);
	k = kthread_run(ring_consumer_fn, &ring, "kenv_ring");
	ASSERT_FALSE(IS_ERR(k));
	get_task_struct(k);
	for (long i = 1; i <= RING_ITEMS; i++) {
		long *item = kmalloc(sizeof(*item), GFP_KERNEL);

		ASSERT_NOT_NULL(item);
		*item = i;
		while (__ptr_ring_produce(&ring, item))
			cond_resched();
	}
	ASSERT_EQ(kthread_stop(k), 0);
	put_task_struct(k);
	ASSERT_TRUE(__ptr_ring_empty(&ring));
	ptr_ring_cleanup(&ring, NULL);
}

/* ---- random numbers ---- */

TEST(random_u32_below_range)
{
	static const u32 ceils[] = { 1, 2, 3, 7, 10, 1000, 1U << 31, (1U << 31) + 1, U32_MAX };
	unsigned int buckets[10] = { 0 };
	const int draws = 100000;

	for (size_t c = 0; c < ARRAY_SIZE(ceils); c++)
		for (int i = 0; i < 2000; i++)
			ASSERT_LT(get_random_u32_below(ceils[c]), ceils[c]);
	for (int i = 0; i < 100; i++)
		ASSERT_EQ(get_random_u32_below(1), 0);
	for (int i = 0; i < draws; i++)
		buckets[get_random_u32_below(10)]++;
	/* uniform: each tenth within 5% of draws / 10 (a 12-sigma margin) */
	for (int b = 0; b < 10; b++) {
		ASSERT_GT(buckets[b], draws / 10 * 95 / 100);
		ASSERT_LT(buckets[b], draws / 10 * 105 / 100);
	}
	for (int i = 0; i < 2000; i++) {
		u32 v = get_random_u32_inclusive(5, 7), above = get_random_u32_above(U32_MAX - 3);

		ASSERT_GE(v, 5);
		ASSERT_LE(v, 7);
		ASSERT_GT(above, U32_MAX - 3);
	}
}

/*
 * the first numbers of CPU 0's generator after a boot (a thread that did not enter a CPU runs
 * as the one the host put it on, whose generator it draws from)
 */
static void draw(u64 *out, int n)
{
	ASSERT_EQ(kmem_thread_enter(0), 0);
	for (int i = 0; i < n; i++)
		out[i] = get_random_u64();
}

/* KMEM_SEED makes a boot's numbers repeat; without it two boots differ */
TEST(random_reproducible_with_seed)
{
	struct kmem_config cfg;
	u64 a[8], b[8], c[8];
	u8 bytes[13] = { 0 };

	harness_config(&cfg);
	harness_setenv("KMEM_SEED", "0x5eed");
	harness_reboot(&cfg);
	draw(a, 8);
	harness_reboot(&cfg);
	draw(b, 8);
	ASSERT_EQ(memcmp(a, b, sizeof(a)), 0);
	harness_setenv("KMEM_SEED", "12345");
	harness_reboot(&cfg);
	draw(c, 8);
	ASSERT_NE(memcmp(a, c, sizeof(a)), 0);
	harness_setenv("KMEM_SEED", NULL);
	harness_reboot(&cfg);
	draw(c, 8);
	ASSERT_NE(memcmp(a, c, sizeof(a)), 0);
	get_random_bytes(bytes, sizeof(bytes));
	ASSERT_NE(memchr_inv(bytes, 0, sizeof(bytes)), NULL);

	/* a bad seed fails the boot, naming the variable */
	harness_setenv("KMEM_SEED", "twelve");
	kmem_shutdown();
	harness_capture_begin();
	ASSERT_EQ(kmem_boot(&cfg), -EINVAL);
	ASSERT_CONTAINS(harness_capture_end(), "KMEM_SEED=twelve");
	harness_setenv("KMEM_SEED", NULL);
	harness_reboot(&cfg);
}

/*
 * prandom_u32_state() is the kernel's LFSR113 bit for bit: lib/random32.c's self-test vectors,
 * whose states are seeded with the self-test's own LCG chain and warmed up by ten draws
 */
static void selftest_seed(struct rnd_state *state, u32 seed)
{
	state->s1 = __seed(seed * 69069U, 2U);
	state->s2 = __seed(state->s1 * 69069U, 8U);
	state->s3 = __seed(state->s2 * 69069U, 16U);
	state->s4 = __seed(state->s3 * 69069U, 128U);
	for (int i = 0; i < 10; i++)
		prandom_u32_state(state);
}

TEST(prandom_state_matches_the_kernel)
{
	static const struct {
		u32 seed, result;
	} first[] = {
		{ 1U, 3484351685U }, { 2U, 2623130059U }, { 3U, 3125133893U }, { 4U, 984847254U }
	};
	struct rnd_state state, again;
	u32 v = 0;
	u8 buf[7];

	for (size_t i = 0; i < ARRAY_SIZE(first); i++) {
		selftest_seed(&state, first[i].seed);
		ASSERT_EQ(prandom_u32_state(&state), first[i].result);
	}
	/* against GSL's taus113: the 959th number after seeding with 931557656 */
	selftest_seed(&state, 931557656U);
	for (int i = 0; i < 959; i++)
		v = prandom_u32_state(&state);
	ASSERT_EQ(v, 2975593782U);

	prandom_seed_state(&state, 42);
	prandom_seed_state(&again, 42);
	ASSERT_GE(state.s4, 128);
	for (int i = 0; i < 100; i++)
		ASSERT_EQ(prandom_u32_state(&state), prandom_u32_state(&again));
	prandom_bytes_state(&state, buf, sizeof(buf));
	v = prandom_u32_state(&again);
	ASSERT_EQ(memcmp(buf, &v, 4), 0);
}

/* ---- time ---- */

/*
 * jiffies follow real time: across msleep(20) they advance by about 20 ms worth (HZ 250: 5
 * jiffies), as ktime_get() measures it; they start near INITIAL_JIFFIES at boot
 */
TEST(jiffies_across_msleep)
{
	unsigned long j0, j1;
	ktime_t t0, t1;
	long jiffies_ms, ktime_ms;

	ASSERT_EQ(HZ, 250);
	ASSERT_EQ(msecs_to_jiffies(20), 5);
	ASSERT_EQ(msecs_to_jiffies(1), 1);
	ASSERT_EQ(msecs_to_jiffies(0), 0);
	ASSERT_EQ(msecs_to_jiffies(-1), MAX_JIFFY_OFFSET);
	ASSERT_EQ(jiffies_to_msecs(5), 20);
	ASSERT_TRUE(time_after(jiffies, INITIAL_JIFFIES - 1));
	ASSERT_TRUE(time_before(jiffies, INITIAL_JIFFIES + 60 * HZ));

	j0 = jiffies;
	t0 = ktime_get();
	msleep(20);
	j1 = jiffies;
	t1 = ktime_get();
	jiffies_ms = jiffies_to_msecs(j1 - j0);
	ktime_ms = ktime_ms_delta(t1, t0);
	ASSERT_GE(ktime_ms, 20);
	ASSERT_TRUE(time_after(j1, j0));
	/* the two clocks agree to a jiffy or two, however long the host made the sleep */
	ASSERT_GE(jiffies_ms, ktime_ms - 8);
	ASSERT_LE(jiffies_ms, ktime_ms + 8);
	ASSERT_GE(jiffies_ms * 10, 20 * 8);
	ASSERT_TRUE(time_is_before_jiffies(j0));
	ASSERT_TRUE(time_is_after_jiffies(j1 + HZ));
}

/* ---- tasks and CPUs ---- */

/* current, in a thread that is no kthread: its name and thread id */
TEST(current_of_a_plain_thread)
{
	char name[TASK_COMM_LEN];

	ASSERT_EQ(current->pid, (pid_t)gettid());
	ASSERT_EQ(current->tgid, (pid_t)getpid());
	pthread_getname_np(pthread_self(), name, sizeof(name));
	ASSERT_STREQ(current->comm, name);
	ASSERT_EQ(current, get_current());
	ASSERT_EQ(get_current_state(), TASK_RUNNING);
	ASSERT_FALSE(signal_pending(current));
}

/* the online CPUs are the model's, each entered in turn */
TEST(cpumask_is_the_models_cpus)
{
	struct kmem_info info;
	unsigned int n = 0;
	int cpu;

	kmem_get_info(&info);
	ASSERT_EQ(num_online_cpus(), (unsigned int)info.nr_cpus);
	ASSERT_EQ(nr_cpu_ids, (unsigned int)info.nr_cpus);
	for_each_online_cpu(cpu)
	{
		ASSERT_EQ(kmem_thread_set_cpu(cpu), 0);
		ASSERT_EQ(smp_processor_id(), cpu);
		ASSERT_TRUE(cpu_online(cpu));
		n++;
	}
	ASSERT_EQ(n, num_online_cpus());
	ASSERT_FALSE(cpu_online(nr_cpu_ids));
	ASSERT_EQ(cpumask_weight(cpu_online_mask), n);
	ASSERT_TRUE(cpumask_test_cpu(0, cpumask_of(0)));
	ASSERT_EQ(cpumask_weight(cpumask_of(0)), 1);
	kmem_thread_set_cpu(0);
}
