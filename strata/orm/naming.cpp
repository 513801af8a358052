// Snake case and plural rules behind default table names.
#include <strata/orm/naming.hpp>

#include <cctype>

namespace strata::orm {
namespace {
bool is_upper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
bool is_lower_or_digit(char c) {
  return std::islower(static_cast<unsigned char>(c)) != 0 || std::isdigit(static_cast<unsigned char>(c)) != 0;
}
bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }
}  // namespace

std::string snake_case(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 4);
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (is_upper(c)) {
      // A word starts at an upper-case letter after a lower one, or before a lower one in an
      // acronym run ("HTTPServer" -> "http_server").
      bool after_lower = i > 0 && is_lower_or_digit(name[i - 1]);
      bool acronym_end = i > 0 && is_upper(name[i - 1]) && i + 1 < name.size() && is_lower_or_digit(name[i + 1]);
      if ((after_lower || acronym_end) && !out.empty() && out.back() != '_') out += '_';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

std::string pluralize(std::string_view name) {
  std::string out(name);
  if (out.empty()) return out;
  auto ends_with = [&](std::string_view suffix) { return out.ends_with(suffix); };
  char last = out.back();
  if (last == 'y' && out.size() > 1 && !is_vowel(out[out.size() - 2])) {
    out.back() = 'i';
    out += "es";
  } else if (ends_with("s") || ends_with("x") || ends_with("z") || ends_with("ch") || ends_with("sh")) {
    out += "es";
  } else {
    out += 's';
  }
  return out;
}

}  // namespace strata::orm
