// duration: the duration strings of config files and the environment ("250ms", "30s", "5m", "1h",
// "1h30m", "1.5s"); a bare number means seconds, as a bare integer does in the files.
#pragma once
#include <chrono>
#include <optional>
#include <string_view>

namespace strata::config {

// nullopt for anything else (negative, unknown unit, not a whole number of milliseconds, overflow).
// Units: ms, s, m, h, d; parts may be separated by spaces ("1h 30m").
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace strata::config
