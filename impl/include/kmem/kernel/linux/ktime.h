/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ktime_t (include/linux/ktime.h) and the clocks (include/linux/timekeeping.h): nanoseconds.
 * The monotonic clocks (ktime_get(), local_clock(), the boot-time and raw ones, which agree
 * here as a machine that never suspends has them agree) count from the model's boot, as the
 * kernel's count from the machine's; ktime_get_real() is the host's wall clock.
 */
#ifndef _KMEM_LINUX_KTIME_H
#define _KMEM_LINUX_KTIME_H

#include <linux/jiffies.h>
#include <linux/time64.h>
#include <linux/types.h>

typedef s64 ktime_t;

static inline ktime_t ktime_set(const s64 secs, const unsigned long nsecs)
{
	if (secs >= KTIME_SEC_MAX)
		return KTIME_MAX;
	return secs * NSEC_PER_SEC + (s64)nsecs;
}

#define ktime_sub(lhs, rhs)	   ((lhs) - (rhs))
#define ktime_add(lhs, rhs)	   ((lhs) + (rhs))
#define ktime_add_ns(kt, nsval)	   ((kt) + (nsval))
#define ktime_sub_ns(kt, nsval)	   ((kt) - (nsval))
#define ktime_add_unsafe(lhs, rhs) ((u64)(lhs) + (rhs))

static inline ktime_t timespec64_to_ktime(struct timespec64 ts)
{
	return ktime_set(ts.tv_sec, ts.tv_nsec);
}

static inline s64 ktime_to_ns(const ktime_t kt)
{
	return kt;
}

static inline ktime_t ns_to_ktime(u64 ns)
{
	return ns;
}

static inline ktime_t ms_to_ktime(u64 ms)
{
	return ms * NSEC_PER_MSEC;
}

static inline ktime_t us_to_ktime(u64 us)
{
	return us * NSEC_PER_USEC;
}

static inline s64 ktime_to_us(const ktime_t kt)
{
	return kt / NSEC_PER_USEC;
}

static inline s64 ktime_to_ms(const ktime_t kt)
{
	return kt / NSEC_PER_MSEC;
}

static inline struct timespec64 ktime_to_timespec64(const ktime_t kt)
{
	return ns_to_timespec64(kt);
}

static inline s64 ktime_us_delta(const ktime_t later, const ktime_t earlier)
{
	return ktime_to_us(ktime_sub(later, earlier));
}

static inline s64 ktime_ms_delta(const ktime_t later, const ktime_t earlier)
{
	return ktime_to_ms(ktime_sub(later, earlier));
}

static inline ktime_t ktime_add_us(const ktime_t kt, const u64 usec)
{
	return ktime_add_ns(kt, usec * NSEC_PER_USEC);
}

static inline ktime_t ktime_add_ms(const ktime_t kt, const u64 msec)
{
	return ktime_add_ns(kt, msec * NSEC_PER_MSEC);
}

static inline ktime_t ktime_sub_us(const ktime_t kt, const u64 usec)
{
	return ktime_sub_ns(kt, usec * NSEC_PER_USEC);
}

static inline ktime_t ktime_sub_ms(const ktime_t kt, const u64 msec)
{
	return ktime_sub_ns(kt, msec * NSEC_PER_MSEC);
}

/* -1, 0 or 1 as @cmp1 is before, at or after @cmp2 */
static inline int ktime_compare(const ktime_t cmp1, const ktime_t cmp2)
{
	return cmp1 < cmp2 ? -1 : cmp1 > cmp2;
}

static inline bool ktime_after(const ktime_t cmp1, const ktime_t cmp2)
{
	return ktime_compare(cmp1, cmp2) > 0;
}

static inline bool ktime_before(const ktime_t cmp1, const ktime_t cmp2)
{
	return ktime_compare(cmp1, cmp2) < 0;
}

static inline s64 ktime_divns(const ktime_t kt, s64 div)
{
	return kt / div;
}

/* the clocks (kernel/time/timekeeping.c), impl/kernel/time.c */
ktime_t ktime_get(void);
ktime_t ktime_get_real(void);
static inline ktime_t ktime_get_boottime(void)
{
	return ktime_get();
}
static inline ktime_t ktime_get_raw(void)
{
	return ktime_get();
}
static inline ktime_t ktime_get_coarse(void)
{
	return ktime_get();
}
static inline u64 ktime_get_ns(void)
{
	return ktime_get();
}
static inline u64 ktime_get_real_ns(void)
{
	return ktime_get_real();
}
static inline u64 ktime_get_boottime_ns(void)
{
	return ktime_get();
}
static inline u64 ktime_get_raw_ns(void)
{
	return ktime_get();
}
static inline u64 ktime_get_mono_fast_ns(void)
{
	return ktime_get();
}
static inline u64 ktime_get_boot_fast_ns(void)
{
	return ktime_get();
}
static inline u64 ktime_get_real_fast_ns(void)
{
	return ktime_get_real();
}
static inline time64_t ktime_get_seconds(void)
{
	return ktime_get() / NSEC_PER_SEC;
}
static inline time64_t ktime_get_real_seconds(void)
{
	return ktime_get_real() / NSEC_PER_SEC;
}
static inline time64_t ktime_get_boottime_seconds(void)
{
	return ktime_get_seconds();
}
static inline void ktime_get_ts64(struct timespec64 *ts)
{
	*ts = ns_to_timespec64(ktime_get());
}
static inline void ktime_get_real_ts64(struct timespec64 *ts)
{
	*ts = ns_to_timespec64(ktime_get_real());
}
static inline void ktime_get_boottime_ts64(struct timespec64 *ts)
{
	ktime_get_ts64(ts);
}
static inline void ktime_get_raw_ts64(struct timespec64 *ts)
{
	ktime_get_ts64(ts);
}
/* the scheduler's clock: nanoseconds since boot */
static inline u64 local_clock(void)
{
	return ktime_get();
}
static inline u64 sched_clock(void)
{
	return ktime_get();
}
static inline u64 running_clock(void)
{
	return ktime_get();
}

#endif
