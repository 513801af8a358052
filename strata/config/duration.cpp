// duration: parse_duration, in integer arithmetic so "0.1s" is exactly 100ms.
#include <strata/config/duration.hpp>

#include <cstdint>

namespace strata::config {
namespace {

std::int64_t unit_ms(std::string_view unit) {
  if (unit == "ms") return 1;
  if (unit == "s") return 1000;
  if (unit == "m") return 60'000;
  if (unit == "h") return 3'600'000;
  if (unit == "d") return 86'400'000;
  return 0;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  std::int64_t total = 0;
  std::size_t i = 0;
  int parts = 0;
  while (i < text.size()) {
    // A number: digits, optionally a fraction; kept as mantissa / 10^decimals.
    std::int64_t mantissa = 0, scale = 1;
    const std::size_t start = i;
    bool fraction = false;
    while (i < text.size() && (is_digit(text[i]) || (text[i] == '.' && !fraction))) {
      if (text[i] == '.') {
        fraction = true;
      } else {
        if (__builtin_mul_overflow(mantissa, 10, &mantissa) ||
            __builtin_add_overflow(mantissa, text[i] - '0', &mantissa))
          return std::nullopt;
        if (fraction && __builtin_mul_overflow(scale, 10, &scale)) return std::nullopt;
      }
      ++i;
    }
    const std::string_view number = text.substr(start, i - start);
    if (number.empty() || number == "." || number.front() == '.' || number.back() == '.') return std::nullopt;
    const std::size_t unit_start = i;
    while (i < text.size() && text[i] >= 'a' && text[i] <= 'z') ++i;
    const std::string_view unit = text.substr(unit_start, i - unit_start);
    std::int64_t ms = 0;
    if (unit.empty()) {
      // Only a lone number may omit its unit: "1h30" is more likely a typo than 1h + 30s.
      if (parts > 0 || i < text.size()) return std::nullopt;
      ms = 1000;
    } else {
      ms = unit_ms(unit);
      if (ms == 0) return std::nullopt;
    }
    std::int64_t value = 0;
    if (__builtin_mul_overflow(mantissa, ms, &value) || value % scale != 0) return std::nullopt;
    if (__builtin_add_overflow(total, value / scale, &total)) return std::nullopt;
    ++parts;
    while (i < text.size() && text[i] == ' ') ++i;
  }
  return std::chrono::milliseconds(total);
}

}  // namespace strata::config
