// SPDX-License-Identifier: GPL-2.0
/* Integer square roots (lib/math/int_sqrt.c): bit by bit, from the highest even power of 4 */
#include <linux/bitops.h>
#include <linux/math.h>

unsigned long int_sqrt(unsigned long x)
{
	unsigned long b, m, y = 0;

	if (x <= 1)
		return x;
	m = 1UL << (__fls(x) & ~1UL);
	while (m != 0) {
		b = y + m;
		y >>= 1;
		if (x >= b) {
			x -= b;
			y += m;
		}
		m >>= 2;
	}
	return y;
}

u32 int_sqrt64(u64 x)
{
	return (u32)int_sqrt(x);
}
