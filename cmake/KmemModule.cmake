# SPDX-License-Identifier: GPL-2.0
#
# kmem_add_module(NAME SOURCES file.c ... [COMPILE_OPTIONS ...] [COMPILE_DEFINITIONS ...]
#                 [INCLUDE_DIRECTORIES ...])
#
# Builds a kernel module for kmembench's model as kbuild builds a .ko: NAME.so, a MODULE library
# from SOURCES compiled against the model's kernel headers (before any other include directory,
# so that <linux/...> is never the host's), with -DMODULE and -DKBUILD_MODNAME="NAME" (its '-'
# and ',' made '_', as kbuild does). Its symbols are hidden but for the descriptor the loader
# looks up, so that a module's own functions never collide with the program's. It is not linked
# against libkmem: the program that loads it (kmembench insmod) exports the model, as the kernel
# exports its symbols to a .ko.
#
#   kmem_add_module(hello SOURCES hello.c)      # then: kmembench insmod hello.so
#
# In this source tree, include(cmake/KmemModule.cmake); once installed, find_package(kmem)
# includes it (kmemConfig.cmake sets KMEM_MODULE_INCLUDE_DIRS to the installed headers).

if(NOT DEFINED KMEM_MODULE_INCLUDE_DIRS)
	get_filename_component(_kmem_module_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
	if(EXISTS "${_kmem_module_root}/impl/include/kmem/kmem.h")
		# the kernel headers the model lacks, as #errors, are written into the build tree
		set(KMEM_MODULE_INCLUDE_DIRS "${_kmem_module_root}/impl/include/kmem/kernel"
			"${CMAKE_BINARY_DIR}/include/kmem/kernel-missing"
			"${_kmem_module_root}/impl/include")
	else()
		message(FATAL_ERROR "KmemModule.cmake: the kmem headers are not where this file "
			"expects them: use find_package(kmem), or set KMEM_MODULE_INCLUDE_DIRS")
	endif()
	unset(_kmem_module_root)
endif()
# Flags every module gets, as kbuild forces its own on every file
set(KMEM_MODULE_COMPILE_OPTIONS "" CACHE STRING "Compile options of every kmem_add_module()")

function(kmem_add_module name)
	cmake_parse_arguments(PARSE_ARGV 1 arg ""  ""
		"SOURCES;COMPILE_OPTIONS;COMPILE_DEFINITIONS;INCLUDE_DIRECTORIES")
	if(arg_UNPARSED_ARGUMENTS)
		message(FATAL_ERROR "kmem_add_module(${name}): unexpected ${arg_UNPARSED_ARGUMENTS}")
	endif()
	if(NOT arg_SOURCES)
		message(FATAL_ERROR "kmem_add_module(${name}): no SOURCES")
	endif()
	string(REGEX REPLACE "[-,]" "_" modname "${name}")
	add_library(${name} MODULE ${arg_SOURCES})
	set_target_properties(${name} PROPERTIES PREFIX "" SUFFIX ".so"
		C_STANDARD 11 C_EXTENSIONS ON POSITION_INDEPENDENT_CODE ON
		C_VISIBILITY_PRESET hidden)
	target_include_directories(${name} BEFORE PRIVATE ${KMEM_MODULE_INCLUDE_DIRS}
		${arg_INCLUDE_DIRECTORIES})
	target_compile_definitions(${name} PRIVATE MODULE "KBUILD_MODNAME=\"${modname}\""
		${arg_COMPILE_DEFINITIONS})
	# what kbuild forces on every file: the configuration, before any include of the file's
	if(TARGET kmem_missing_headers)
		add_dependencies(${name} kmem_missing_headers)
	endif()
	target_compile_options(${name} PRIVATE "SHELL:-include kmem/kernel/kconfig.h"
		${KMEM_MODULE_COMPILE_OPTIONS} ${arg_COMPILE_OPTIONS})
endfunction()
