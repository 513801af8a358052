// scalars: reading typed values out of strings the way the config layer does for the environment,
// .env and --set: the whole string or nothing, so "80x" is never read as 80. Load-time coercion
// and typed access share them, so both accept the same spellings.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::config {

// true/false, 1/0, yes/no, on/off, in any case.
std::optional<bool> parse_bool(std::string_view s);
// A decimal integer with an optional sign; surrounding whitespace is ignored.
std::optional<std::int64_t> parse_int64(std::string_view s);
std::optional<std::uint64_t> parse_uint64(std::string_view s);
// A decimal number ("1.5", "-2", "1e3"); not inf, nan or hex.
std::optional<double> parse_number(std::string_view s);
// "a, b,c" → {"a", "b", "c"}; "" → {}.
std::vector<std::string> split_list(std::string_view s);

}  // namespace strata::config
