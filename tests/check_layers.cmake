# The layers of DESIGN.md section 2, checked at every build: each top-level folder is one layer,
# and an include may only point to its own layer or one below it:
#
#	tests -> bench -> plots -> workloads -> results -> impl
#
# A quoted include is either a file of the including file's own folder ("cli.h") or a path from
# the source root whose first part names the layer ("results/csv.h"); "../" is refused, so that
# the layer of every include can be read off its text. impl/ reaches its private headers through
# its own include directories (impl/mem, impl/backends, ...): there a bare name may also be a file
# of another impl/ folder. Angle-bracket includes are the model's public API (<kmem/...>,
# <linux/...>, below everything) or the system's.
#
# Run as: cmake -DSOURCE_DIR=... -DSTAMP=... -P check_layers.cmake
set(layers impl results workloads plots bench tests)

file(GLOB_RECURSE sources RELATIVE ${SOURCE_DIR}
	${SOURCE_DIR}/bench/*.c ${SOURCE_DIR}/bench/*.cc ${SOURCE_DIR}/bench/*.h
	${SOURCE_DIR}/plots/*.c ${SOURCE_DIR}/plots/*.h
	${SOURCE_DIR}/workloads/*.c ${SOURCE_DIR}/workloads/*.h
	${SOURCE_DIR}/results/*.c ${SOURCE_DIR}/results/*.h
	${SOURCE_DIR}/impl/*.c ${SOURCE_DIR}/impl/*.h
	${SOURCE_DIR}/tests/*.c ${SOURCE_DIR}/tests/*.h)

set(problems "")
foreach(src IN LISTS sources)
	string(REGEX MATCH "^[^/]+" layer "${src}")
	list(FIND layers ${layer} rank)
	get_filename_component(dir ${src} DIRECTORY)
	file(STRINGS ${SOURCE_DIR}/${src} includes REGEX "^[ \t]*#[ \t]*include[ \t]+\"")
	foreach(line IN LISTS includes)
		string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]+\"([^\"]+)\".*" "\\1" inc "${line}")
		if(inc MATCHES "\\.\\./")
			string(APPEND problems "  ${src}: #include \"${inc}\": no ../ (name the layer)\n")
		elseif(inc MATCHES "/")
			string(REGEX MATCH "^[^/]+" target "${inc}")
			list(FIND layers ${target} target_rank)
			if(target_rank LESS 0)
				string(APPEND problems
					"  ${src}: #include \"${inc}\": not a layer's path from the root\n")
			elseif(target_rank GREATER rank)
				string(APPEND problems
					"  ${src}: #include \"${inc}\": ${layer}/ may not include ${target}/, a layer above it\n")
			elseif(NOT EXISTS ${SOURCE_DIR}/${inc})
				string(APPEND problems "  ${src}: #include \"${inc}\": no such file\n")
			endif()
		elseif(NOT EXISTS ${SOURCE_DIR}/${dir}/${inc})
			if(layer STREQUAL "impl")
				file(GLOB_RECURSE found ${SOURCE_DIR}/impl/${inc})
				if(NOT found)
					string(APPEND problems "  ${src}: #include \"${inc}\": not in impl/\n")
				endif()
			elseif(NOT (layer STREQUAL "tests" AND EXISTS ${SOURCE_DIR}/tests/${inc}))
				string(APPEND problems
					"  ${src}: #include \"${inc}\": not in ${dir}/ (name its layer: \"LAYER/.../${inc}\")\n")
			endif()
		endif()
	endforeach()
endforeach()

if(problems)
	message(FATAL_ERROR "Includes that do not point down the layers "
		"(bench -> plots -> workloads -> results -> impl; DESIGN.md section 2):\n${problems}")
endif()
file(WRITE ${STAMP} "layers checked\n")
