/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's compiler annotations (include/linux/compiler_types.h and compiler_attributes.h),
 * which kbuild forces into every file (kmem/kernel/kconfig.h includes this). The sparse address
 * spaces (__user, __iomem, __percpu, __rcu) and lock annotations mean nothing to a compiler and
 * expand to nothing, as in a kernel build without sparse; attributes are GCC's and clang's.
 * Each is defined only where no system header has defined it, so the order of includes does
 * not matter.
 */
#ifndef _KMEM_LINUX_COMPILER_TYPES_H
#define _KMEM_LINUX_COMPILER_TYPES_H

/* sparse annotations: nothing to a compiler */
#define __user
#define __kernel
#define __iomem
#define __percpu
#define __rcu
#define __force
#define __nocast
#define __safe
#define __private
#define __bitwise
#define __must_hold(x)
#define __acquires(x)
#define __releases(x)
#define __acquire(x)		  ((void)0)
#define __release(x)		  ((void)0)
#define __cond_lock(x, c)	  (c)
#define __chk_user_ptr(x)	  ((void)0)
#define __chk_io_ptr(x)		  ((void)0)
#define ACCESS_PRIVATE(p, member) ((p)->member)

/* attributes */
/* glibc's sys/cdefs.h and the uapi stddef.h define it too: the last one included wins */
#undef __always_inline
#define __always_inline inline __attribute__((__always_inline__))
#ifndef __attribute_const__
#define __attribute_const__ __attribute__((__const__))
#endif
#define noinline		 __attribute__((__noinline__))
#define __noinline		 __attribute__((__noinline__))
#define __noreturn		 __attribute__((__noreturn__))
#define __cold			 __attribute__((__cold__))
#define __hot			 __attribute__((__hot__))
#define __pure			 __attribute__((__pure__))
#define __weak			 __attribute__((__weak__))
#define __packed		 __attribute__((__packed__))
#define __aligned(x)		 __attribute__((__aligned__(x)))
#define __aligned_largest	 __attribute__((__aligned__))
#define __section(s)		 __attribute__((__section__(s)))
#define __used			 __attribute__((__used__))
#define __always_unused		 __attribute__((__unused__))
#define __malloc		 __attribute__((__malloc__))
#define __flatten		 __attribute__((__flatten__))
#define __visible		 __attribute__((__externally_visible__))
#define __mode(x)		 __attribute__((__mode__(x)))
#define __copy(symbol)		 __attribute__((__copy__(symbol)))
#define __alias(symbol)		 __attribute__((__alias__(#symbol)))
#define __cleanup(func)		 __attribute__((__cleanup__(func)))
#define __gnu_inline		 __attribute__((__gnu_inline__))
#define __no_sanitize_address	 __attribute__((__no_sanitize_address__))
#define __alloc_size(x, ...)	 __attribute__((__alloc_size__(x, ##__VA_ARGS__)))
#define __realloc_size(x, ...)	 __attribute__((__alloc_size__(x, ##__VA_ARGS__)))
#define __assume_aligned(a, ...) __attribute__((__assume_aligned__(a, ##__VA_ARGS__)))
#define __scanf(a, b)		 __attribute__((__format__(scanf, a, b)))
#define __nonstring		 __attribute__((__nonstring__))
#define __counted_by(member)
#define __counted_by_le(member)
#define __counted_by_be(member)
#define __designated_init
#define __randomize_layout
#define __no_randomize_layout
#define __latent_entropy
#define __nocfi
#define __noscs
#define __no_kcsan
#define __no_sanitize_or_inline __always_inline
#define notrace
#define noinstr
#define __fix_address
#define __deprecated
#define __diag_push()
#define __diag_pop()
#define __diag_ignore_all(option, comment)
#if __has_attribute(__fallthrough__)
#define fallthrough __attribute__((__fallthrough__))
#else
#define fallthrough \
	do {        \
	} while (0)
#endif

/* ---- type tricks the kernel's macros are built on ---- */

#define __same_type(a, b) __builtin_types_compatible_p(typeof(a), typeof(b))
/*
 * 1 when @x is an integer constant expression, as an integer constant expression: a null
 * pointer constant (void *)0 makes the conditional's type int *, anything else void *
 */
#define __is_constexpr(x)      (sizeof(int) == sizeof(*(8 ? ((void *)((long)(x)*0l)) : (int *)8)))
#define is_signed_type(type)   (((type)(-1)) < (type)1)
#define is_unsigned_type(type) (!is_signed_type(type))
#define typeof_member(T, m)    typeof(((T *)0)->m)
/* the type of @x without qualifiers, for a local copy of a value (READ_ONCE()'s) */
#define __unqual_scalar_typeof(x)       \
	typeof(({                       \
		__auto_type ___x = (x); \
		___x;                   \
	}))
#define __native_word(t)                                                                        \
	(sizeof(t) == sizeof(char) || sizeof(t) == sizeof(short) || sizeof(t) == sizeof(int) || \
	 sizeof(t) == sizeof(long))

/* a compiler barrier */
#define barrier() __asm__ __volatile__("" : : : "memory")
/* hides @var from the optimizer's reasoning (no value propagation, no bounds warnings) */
#define OPTIMIZER_HIDE_VAR(var) __asm__("" : "=r"(var) : "0"(var))
#define RELOC_HIDE(ptr, off)                          \
	({                                            \
		unsigned long __ptr;                  \
		__asm__("" : "=r"(__ptr) : "0"(ptr)); \
		(typeof(ptr))(__ptr + (off));         \
	})
#define unreachable() __builtin_unreachable()

#endif
