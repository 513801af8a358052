// scalars: strict parsers over the trimmed string.
#include <strata/config/scalars.hpp>

#include <cctype>
#include <charconv>
#include <cmath>

namespace strata::config {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

template <class T>
std::optional<T> parse_whole(std::string_view s) {
  s = trim(s);
  const bool plus = !s.empty() && s.front() == '+';
  if (plus) s.remove_prefix(1);
  if (s.empty() || (plus && (s.front() == '+' || s.front() == '-'))) return std::nullopt;
  T value{};
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<bool> parse_bool(std::string_view s) {
  const std::string v = lower(trim(s));
  if (v == "true" || v == "1" || v == "yes" || v == "on") return true;
  if (v == "false" || v == "0" || v == "no" || v == "off") return false;
  return std::nullopt;
}

std::optional<std::int64_t> parse_int64(std::string_view s) { return parse_whole<std::int64_t>(s); }
std::optional<std::uint64_t> parse_uint64(std::string_view s) { return parse_whole<std::uint64_t>(s); }

std::optional<double> parse_number(std::string_view s) {
  s = trim(s);
  // from_chars would take "inf", "nan" and hex floats; a config number is plain decimal.
  for (char c : s)
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'))
      return std::nullopt;
  auto v = parse_whole<double>(s);
  if (v && !std::isfinite(*v)) return std::nullopt;
  return v;
}

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  if (trim(s).empty()) return out;
  while (true) {
    const std::size_t comma = s.find(',');
    out.emplace_back(trim(s.substr(0, comma)));
    if (comma == std::string_view::npos) return out;
    s.remove_prefix(comma + 1);
  }
}

}  // namespace strata::config
