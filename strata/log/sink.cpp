// The sink's public functions, over the process-wide async_sink.
#include <strata/log/detail/async_sink.hpp>
#include <strata/log/sink.hpp>

#include <cstdlib>
#include <string_view>

namespace strata::log {

options options::from_env() { return from_env(options{}); }

options options::from_env(options base) {
  if (const char* l = std::getenv("LOG_LEVEL"); l && *l)
    if (auto parsed = parse_level(l)) base.level = *parsed;
  if (const char* p = std::getenv("LOG_PRETTY"); p && *p) {
    std::string_view v(p);
    base.pretty = v == "1" || v == "true" || v == "yes" || v == "on";
  }
  return base;
}

void configure(const options& o) { detail::async_sink::instance().apply(o); }

void flush() {
  while (!detail::async_sink::instance().flush(std::chrono::hours(1))) {
  }
}

bool flush(std::chrono::milliseconds timeout) { return detail::async_sink::instance().flush(timeout); }

std::uint64_t dropped() { return detail::async_sink::instance().dropped(); }

}  // namespace strata::log
