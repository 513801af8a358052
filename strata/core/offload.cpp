// The process-wide blocking pool behind strata::offload (see offload.hpp).
#include <strata/core/offload.hpp>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

namespace strata {

namespace detail {

unsigned blocking_pool_size(const char* env, unsigned cores) {
  if (env && *env) {
    // Digits only: "4x" or "-1" is a typo to refuse loudly, not a number to half-read.
    const std::string_view text(env);
    unsigned long n = 0;
    bool digits = text.size() <= 5;
    for (char c : text) {
      if (c < '0' || c > '9')
        digits = false;
      else
        n = n * 10 + static_cast<unsigned long>(c - '0');
    }
    if (!digits || n < 1 || n > 1024)
      throw std::invalid_argument("STRATA_BLOCKING_THREADS must be a number from 1 to 1024, not \"" +
                                  std::string(text) + "\"");
    return static_cast<unsigned>(n);
  }
  // At least two: one long job (a large hash) must not hold up every other.
  return std::max(2u, cores);
}

}  // namespace detail

unsigned blocking_pool_size() {
  static const unsigned size =
      detail::blocking_pool_size(std::getenv("STRATA_BLOCKING_THREADS"), std::thread::hardware_concurrency());
  return size;
}

boost::asio::thread_pool& blocking_pool() {
  // Never destroyed: a static's destructor would join threads while other statics (loggers, a
  // loop still finishing) may yet post to it; the OS reclaims the threads at exit.
  static auto* pool = new boost::asio::thread_pool(blocking_pool_size());
  return *pool;
}

}  // namespace strata
