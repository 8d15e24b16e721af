# The kernel headers kmembench does not provide, as compile errors that name them.
#
# Kernel code includes <linux/X.h>, <asm/X.h>, <asm-generic/X.h>. The model provides many of
# them (impl/include/kmem/kernel/); for any other, the compiler would fall through to the host's
# user-space header of that name (/usr/include/linux/X.h), which has the same name and nothing
# of the kernel's: code would build against it and fail, or worse, not fail. This script writes
# one header of one line for each such name,
#
#	#error "kmembench: <linux/X.h> is not provided (kernel code may not use the host's ...)"
#
# into OUT_DIR, which comes right after the model's kernel headers on the include path, so the
# model's win and the host's are never reached.
#
# Some host headers must stay reachable: those the C library's own headers include (glibc's
# <errno.h> includes <linux/errno.h>, <sys/ioctl.h> <asm/ioctls.h>, <sys/sysinfo.h>
# <linux/kernel.h>...), those that any other installed header includes, and those the model's
# headers reach with #include_next (its <linux/types.h> builds on the uapi one). They and every
# header they include in turn get no stub. The model provides its own version of the ones
# kernel code uses (errno.h, kernel.h, types.h, limits.h, stddef.h, const.h, param.h), which
# includes the host's with #include_next; the others (ioctl.h, posix_types.h, ...) are the
# uapi headers the kernel's own versions wrap.
#
# Run as: cmake -DOUT_DIR=... -DPROVIDED_DIR=... -DINCLUDE_DIRS="a|b" -DSTAMP=... -P this
# (the compiler's include directories separated by '|', which survives a custom command)
cmake_minimum_required(VERSION 3.18)
foreach(var OUT_DIR PROVIDED_DIR INCLUDE_DIRS STAMP)
	if(NOT DEFINED ${var})
		message(FATAL_ERROR "kmem_missing_headers.cmake: ${var} not set")
	endif()
endforeach()
string(REPLACE "|" ";" INCLUDE_DIRS "${INCLUDE_DIRS}")
set(kinds linux asm asm-generic)

# The host's headers, name -> file, the first include directory that has the name winning
set(host_names "")
foreach(dir IN LISTS INCLUDE_DIRS)
	foreach(kind IN LISTS kinds)
		if(NOT IS_DIRECTORY ${dir}/${kind})
			continue()
		endif()
		file(GLOB_RECURSE found RELATIVE ${dir} ${dir}/${kind}/*.h)
		foreach(name IN LISTS found)
			if(NOT DEFINED host_file_${name})
				set(host_file_${name} ${dir}/${name})
				list(APPEND host_names ${name})
			endif()
		endforeach()
	endforeach()
endforeach()

# The kernel headers the model provides
set(provided "")
foreach(kind IN LISTS kinds)
	file(GLOB_RECURSE found RELATIVE ${PROVIDED_DIR} ${PROVIDED_DIR}/${kind}/*.h)
	list(APPEND provided ${found})
endforeach()

# The names an #include or #include_next in @text names, into @var
# (glibc includes some as "linux/stat.h", quoted, behind __has_include)
set(include_re "#[ \t]*include(_next)?[ \t]*[<\"]((linux|asm|asm-generic)/[^>\"]+)[>\"]")
function(included_names var text)
	string(REGEX MATCHALL "${include_re}" lines "${text}")
	set(names "")
	foreach(line IN LISTS lines)
		string(REGEX REPLACE "${include_re}" "\\2" name "${line}")
		list(APPEND names ${name})
	endforeach()
	set(${var} ${names} PARENT_SCOPE)
endfunction()

# Seeds: what the installed headers outside the kernel's own directories include (grep reads
# the few thousand of them in a blink), and what the model's headers include_next
set(keep "")
find_program(GREP grep)
foreach(dir IN LISTS INCLUDE_DIRS)
	if(NOT IS_DIRECTORY ${dir})
		continue()
	endif()
	execute_process(COMMAND ${GREP} -rhoE --include=*.h --exclude-dir=linux --exclude-dir=asm
			--exclude-dir=asm-generic "${include_re}" ${dir}
		OUTPUT_VARIABLE text ERROR_QUIET)
	included_names(names "${text}")
	list(APPEND keep ${names})
endforeach()
foreach(name IN LISTS provided)
	file(STRINGS ${PROVIDED_DIR}/${name} lines REGEX "#[ \t]*include_next")
	included_names(names "${lines}")
	list(APPEND keep ${names})
endforeach()
list(REMOVE_DUPLICATES keep)

# ... and every host header they include, in turn
set(work ${keep})
while(work)
	list(POP_FRONT work name)
	if(NOT DEFINED host_file_${name})
		continue()
	endif()
	file(STRINGS ${host_file_${name}} lines REGEX "#[ \t]*include")
	included_names(names "${lines}")
	foreach(n IN LISTS names)
		if(NOT n IN_LIST keep)
			list(APPEND keep ${n})
			list(APPEND work ${n})
		endif()
	endforeach()
endwhile()

file(REMOVE_RECURSE ${OUT_DIR})
set(count 0)
foreach(name IN LISTS host_names)
	if(name IN_LIST provided OR name IN_LIST keep)
		continue()
	endif()
	file(WRITE ${OUT_DIR}/${name} "#error \"kmembench: <${name}> is not provided (kernel code may not use the host's user-space header)\"\n")
	math(EXPR count "${count} + 1")
endforeach()
list(LENGTH keep nkeep)
file(WRITE ${STAMP} "${count} headers not provided; ${nkeep} host headers the system's own headers need left reachable\n")
