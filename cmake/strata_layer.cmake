# strata_layer(NAME SOURCES... [DEPS ...]): one static library per layer, exported as strata::NAME.
# Tests are not listed here: every *_test.cpp beside the sources goes into that layer's test binary.
function(strata_layer name)
  cmake_parse_arguments(L "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(strata_${name} STATIC ${L_SOURCES})
  add_library(strata::${name} ALIAS strata_${name})
  set_target_properties(strata_${name} PROPERTIES EXPORT_NAME ${name} POSITION_INDEPENDENT_CODE ON)
  target_include_directories(strata_${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}> $<INSTALL_INTERFACE:include>)
  target_link_libraries(strata_${name} PUBLIC ${L_DEPS} PRIVATE ${L_PRIVATE_DEPS})
  target_precompile_headers(strata_${name} PRIVATE ${PROJECT_SOURCE_DIR}/cmake/pch.hpp)
  install(TARGETS strata_${name} EXPORT strata-targets ARCHIVE DESTINATION lib)
endfunction()

# strata_layer_tests(NAME): all *_test.cpp files of strata/NAME in one binary, NAME_test, run by ctest.
function(strata_layer_tests name)
  file(GLOB tests CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/strata/${name}/*_test.cpp)
  if(NOT tests)
    return()
  endif()
  add_executable(${name}_test ${tests})
  target_link_libraries(${name}_test PRIVATE strata::${name} ${ARGN} GTest::gtest_main)
  target_precompile_headers(${name}_test PRIVATE ${PROJECT_SOURCE_DIR}/cmake/pch.hpp)
  gtest_discover_tests(${name}_test DISCOVERY_TIMEOUT 60 PROPERTIES LABELS ${name})
endfunction()

# strata_server_tests(NAME LABELS a b SOURCES ... [DEPS ...]): a test binary of its own for tests
# that need a real server (PostgreSQL, Redis); they skip, saying so, when its URL is not set.
# The root enables testing before it adds the layers; a function cannot do it for its folder.
function(strata_server_tests name)
  cmake_parse_arguments(T "" "" "LABELS;SOURCES;DEPS" ${ARGN})
  if(NOT STRATA_TESTS OR NOT T_SOURCES)
    return()
  endif()
  include(GoogleTest)
  find_package(GTest REQUIRED)
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_DEPS} GTest::gtest_main)
  target_precompile_headers(${name} PRIVATE ${PROJECT_SOURCE_DIR}/cmake/pch.hpp)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60)
  # Labels set after discovery: a list given through gtest_discover_tests' PROPERTIES loses its
  # escaping on the way and only the first label would stick.
  list(JOIN T_LABELS ";" labels)
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/${name}_labels.cmake
    "set_tests_properties(\${${name}_TESTS} PROPERTIES LABELS \"${labels}\")\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${CMAKE_CURRENT_BINARY_DIR}/${name}_labels.cmake)
endfunction()
