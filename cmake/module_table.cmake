# appvault_write_module_table(FILE): writes, at configure time, one line per target the
# project defines (libraries — header-only ones too — and executables):
#
#   target <TAB> kind <TAB> folder <TAB> sources <TAB> links <TAB> interface links
#
# folder is the target's CMakeLists folder relative to the project root; sources are paths
# relative to the project root; links (LINK_LIBRARIES: what the target itself links) and
# interface links (INTERFACE_LINK_LIBRARIES: what it passes on; PRIVATE links of static
# libraries show as $<LINK_ONLY:...>) are the raw CMake lists, ';'-separated.
# tests/support/check_module_includes.py reads it to check every #include against the links.
# Call it at the end of the top-level CMakeLists.txt, when every target exists.

# The targets defined in dir and below, in the order they were defined.
function(_appvault_targets_below dir out)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    _appvault_targets_below(${sub} below)
    list(APPEND targets ${below})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

function(appvault_write_module_table file)
  _appvault_targets_below(${PROJECT_SOURCE_DIR} targets)
  set(table "")
  foreach(target IN LISTS targets)
    get_target_property(kind ${target} TYPE)
    if(NOT kind MATCHES "^(STATIC_LIBRARY|SHARED_LIBRARY|OBJECT_LIBRARY|INTERFACE_LIBRARY|EXECUTABLE)$")
      continue()
    endif()
    get_target_property(dir ${target} SOURCE_DIR)
    file(RELATIVE_PATH folder ${PROJECT_SOURCE_DIR} ${dir})
    get_target_property(sources ${target} SOURCES)
    set(relative_sources "")
    foreach(source IN LISTS sources)
      cmake_path(ABSOLUTE_PATH source BASE_DIRECTORY ${dir} OUTPUT_VARIABLE absolute)
      file(RELATIVE_PATH relative ${PROJECT_SOURCE_DIR} ${absolute})
      list(APPEND relative_sources ${relative})
    endforeach()
    if(kind STREQUAL "INTERFACE_LIBRARY")
      set(links "")  # an interface library links nothing itself; it passes its links on
    else()
      get_target_property(links ${target} LINK_LIBRARIES)
    endif()
    get_target_property(interface ${target} INTERFACE_LINK_LIBRARIES)
    if(NOT links)
      set(links "")
    endif()
    if(NOT interface)
      set(interface "")
    endif()
    string(APPEND table "${target}\t${kind}\t${folder}\t${relative_sources}\t${links}\t${interface}\n")
  endforeach()
  file(WRITE ${file} "${table}")
endfunction()
