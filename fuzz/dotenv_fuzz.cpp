// libFuzzer target for the .env parser (strata/config/dotenv.cpp): any bytes parse without a crash,
// and the results keep the properties the config loader relies on.
#include <strata/config/dotenv.hpp>

#include "check.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using namespace strata::config;


bool is_key_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

bool same(const dotenv_parse_result& a, const dotenv_parse_result& b) {
  if (a.entries.size() != b.entries.size() || a.errors.size() != b.errors.size()) return false;
  for (std::size_t i = 0; i < a.entries.size(); ++i)
    if (a.entries[i].key != b.entries[i].key || a.entries[i].value != b.entries[i].value ||
        a.entries[i].line != b.entries[i].line)
      return false;
  for (std::size_t i = 0; i < a.errors.size(); ++i)
    if (a.errors[i].line != b.errors[i].line || a.errors[i].message != b.errors[i].message) return false;
  return true;
}

// Which lines are entries and which are errors, leaving values aside.
bool same_shape(const dotenv_parse_result& a, const dotenv_parse_result& b) {
  if (a.entries.size() != b.entries.size() || a.errors.size() != b.errors.size()) return false;
  for (std::size_t i = 0; i < a.entries.size(); ++i)
    if (a.entries[i].key != b.entries[i].key || a.entries[i].line != b.entries[i].line) return false;
  for (std::size_t i = 0; i < a.errors.size(); ++i)
    if (a.errors[i].line != b.errors[i].line) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  // Names the dictionary uses, so ${VAR} and $VAR hit set, empty and unset variables.
  const env_map env = {{"HOME", "/home/u"}, {"EMPTY", ""}, {"SET", "x y"}, {"PORT", "8080"}};
  const dotenv_parse_result r = parse_dotenv(input, env);

  int lines = 1;
  for (char c : input) lines += c == '\n';
  int previous_line = 0;
  for (const auto& e : r.entries) {
    CHECK(!e.key.empty());
    for (char c : e.key) CHECK(is_key_char(c));
    CHECK(e.line >= 1 && e.line <= lines);
    CHECK(e.line > previous_line);  // one entry per line at most, in file order
    previous_line = e.line;
    CHECK(e.value.size() <= (std::size_t{1} << 20));
  }
  for (const auto& e : r.errors) {
    CHECK(e.line >= 1 && e.line <= lines);
    CHECK(!e.message.empty());
  }

  // Deterministic.
  CHECK(same(r, parse_dotenv(input, env)));

  // Whether a line is valid never depends on the environment, only what its value expands to
  // (except for the size bounds, which the expanded values decide).
  const dotenv_parse_result bare = parse_dotenv(input, {});
  auto size_error = [](const dotenv_parse_result& p) {
    for (const auto& e : p.errors)
      if (e.message.find(" MiB ") != std::string::npos) return true;
    return false;
  };
  if (!size_error(r) && !size_error(bare)) CHECK(same_shape(r, bare));

  // CRLF line ends parse exactly as LF ones.
  if (input.find('\r') == std::string_view::npos && size <= 2048) {
    std::string crlf;
    for (char c : input) {
      if (c == '\n') crlf += '\r';
      crlf += c;
    }
    CHECK(same(r, parse_dotenv(crlf, env)));
  }

  // Every value written back with quote_dotenv_value reads back unchanged, whatever bytes it holds.
  std::string written;
  for (const auto& e : r.entries) written += e.key + "=" + quote_dotenv_value(e.value) + "\n";
  const dotenv_parse_result back = parse_dotenv(written, {});
  CHECK(back.errors.empty());
  CHECK(back.entries.size() == r.entries.size());
  for (std::size_t i = 0; i < r.entries.size(); ++i) {
    CHECK(back.entries[i].key == r.entries[i].key);
    CHECK(back.entries[i].value == r.entries[i].value);
  }
  return 0;
}
