// SPDX-License-Identifier: GPL-2.0
/*
 * ___ratelimit() (lib/ratelimit.c): a window of @interval jiffies that lets @burst events
 * through; the first event of a new window reports how many the last one refused.
 */
#include <linux/jiffies.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>

int ___ratelimit(struct ratelimit_state *rs, const char *func)
{
	unsigned long now = jiffies;
	int ret;

	if (!rs->interval)
		return 1;
	pthread_mutex_lock(&rs->lock);
	if (!rs->begin)
		rs->begin = now;
	if (time_is_before_jiffies(rs->begin + rs->interval)) {
		if (rs->missed && !(rs->flags & RATELIMIT_MSG_ON_RELEASE)) {
			printk_deferred(KERN_WARNING "%s: %d callbacks suppressed\n", func,
					rs->missed);
			rs->missed = 0;
		}
		rs->begin = now;
		rs->printed = 0;
	}
	if (rs->burst && rs->burst > rs->printed) {
		rs->printed++;
		ret = 1;
	} else {
		rs->missed++;
		ret = 0;
	}
	pthread_mutex_unlock(&rs->lock);
	return ret;
}
