// level: Pino's log levels and their numbers, and the run-time level of each logger name
// (set_level("db", level::debug) takes effect at once in every logger named "db").
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace strata::log {

// The numbers are Pino's, so Node tools (pino-pretty, pino-elasticsearch...) read our lines.
enum class level : std::uint8_t {
  trace = 10,
  debug = 20,
  info = 30,
  warn = 40,
  error = 50,
  fatal = 60,
  silent = 100,  // as a threshold only: nothing is logged at it
};

// "trace" ... "fatal", "silent".
std::string_view to_string(level l);
// The inverse of to_string, case-insensitive; also accepts the numbers ("30"). nullopt otherwise.
std::optional<level> parse_level(std::string_view text);

// The threshold of the loggers named `name` ("" is the root logger). Atomic: safe from any thread
// while others log. A name never set follows the root logger's level.
void set_level(std::string_view name, level threshold);
// Makes `name` follow the root logger's level again.
void reset_level(std::string_view name);
// The threshold in force for `name`.
level effective_level(std::string_view name);

}  // namespace strata::log
