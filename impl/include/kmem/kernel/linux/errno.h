/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/errno.h>: the uapi error numbers (which the C library's <errno.h> includes), then the
 * kernel-internal ones that never reach user space, with the kernel's values.
 */
#ifndef _KMEM_LINUX_ERRNO_H
#define _KMEM_LINUX_ERRNO_H

#include_next <linux/errno.h>

#define ERESTARTSYS	      512
#define ERESTARTNOINTR	      513
#define ERESTARTNOHAND	      514 /* restart if no handler */
#define ENOIOCTLCMD	      515 /* no ioctl command */
#define ERESTART_RESTARTBLOCK 516 /* restart by calling sys_restart_syscall */
#define EPROBE_DEFER	      517 /* driver requests probe retry */
#define EOPENSTALE	      518 /* open found a stale dentry */
#define ENOPARAM	      519 /* parameter not supported */

/* NFSv3 and beyond */
#define EBADHANDLE	521 /* illegal NFS file handle */
#define ENOTSYNC	522 /* update synchronization mismatch */
#define EBADCOOKIE	523 /* cookie is stale */
#define ENOTSUPP	524 /* operation is not supported */
#define ETOOSMALL	525 /* buffer or request is too small */
#define ESERVERFAULT	526 /* an untranslatable error occurred */
#define EBADTYPE	527 /* type not supported by server */
#define EJUKEBOX	528 /* request initiated, but will not complete before timeout */
#define EIOCBQUEUED	529 /* iocb queued, will get completion event */
#define ERECALLCONFLICT 530 /* conflict with recalled state */
#define ENOGRACE	531 /* NFS file lock reclaim refused */

#endif
