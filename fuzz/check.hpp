// CHECK(cond) for fuzz targets: an invariant that fails aborts, so libFuzzer keeps the input as a
// crash (assert would vanish under NDEBUG).
#pragma once
#include <cstdio>
#include <cstdlib>

[[noreturn]] inline void fuzz_invariant_violated(const char* what) {
  std::fprintf(stderr, "invariant violated: %s\n", what);
  std::abort();
}

#define CHECK(cond)                                \
  do {                                             \
    if (!(cond)) fuzz_invariant_violated(#cond);   \
  } while (false)
