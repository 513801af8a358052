// redact: secret-name words and URL userinfo passwords.
#include <strata/config/redact.hpp>

#include <array>
#include <cctype>

namespace strata::config {
namespace {

constexpr std::array<std::string_view, 14> secret_words = {
    "password", "passwords", "passwd", "passphrase", "secret",     "secrets",     "token",
    "tokens",   "key",       "keys",   "apikey",     "credential", "credentials", "privatekey"};

bool is_secret_word(std::string_view word) {
  for (auto w : secret_words)
    if (w == word) return true;
  return false;
}

// Splits a segment into words at '_', '-' and lower-to-upper case changes (apiKey → api, key).
bool segment_is_secret(std::string_view segment) {
  std::string word;
  auto flush = [&] {
    const bool hit = is_secret_word(word);
    word.clear();
    return hit;
  };
  for (std::size_t i = 0; i < segment.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(segment[i]);
    if (c == '_' || c == '-') {
      if (flush()) return true;
      continue;
    }
    if (std::isupper(c) && i > 0 && std::islower(static_cast<unsigned char>(segment[i - 1])) && flush()) return true;
    word += static_cast<char>(std::tolower(c));
  }
  return flush();
}

bool is_scheme_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'; }

}  // namespace

bool secret_name(std::string_view key) {
  while (!key.empty()) {
    const auto dot = key.find('.');
    if (segment_is_secret(key.substr(0, dot))) return true;
    if (dot == std::string_view::npos) break;
    key.remove_prefix(dot + 1);
  }
  return false;
}

std::string redact_url_passwords(std::string_view text) {
  std::string out;
  std::size_t from = 0;
  while (true) {
    const std::size_t sep = text.find("://", from);
    if (sep == std::string_view::npos) break;
    const std::size_t authority = sep + 3;
    // A scheme is at least one letter-led run of scheme characters right before "://".
    if (sep == 0 || !is_scheme_char(text[sep - 1])) {
      out.append(text.substr(from, authority - from));
      from = authority;
      continue;
    }
    // The userinfo ends at the last '@' of the URL: an unencoded '/', '#' or '@' in a password then
    // over-redacts a little instead of showing part of the password.
    std::size_t end = authority;
    while (end < text.size() && text[end] != ',' && text[end] != '"' &&
           !std::isspace(static_cast<unsigned char>(text[end])))
      ++end;
    const std::string_view auth = text.substr(authority, end - authority);
    const std::size_t at = auth.rfind('@');
    const std::size_t colon = at == std::string_view::npos ? at : auth.substr(0, at).find(':');
    if (colon == std::string_view::npos || colon + 1 == at) {
      out.append(text.substr(from, end - from));
    } else {
      out.append(text.substr(from, authority + colon + 1 - from));
      out.append(redacted);
      out.append(text.substr(authority + at, end - (authority + at)));
    }
    from = end;
  }
  out.append(text.substr(from));
  return out;
}

}  // namespace strata::config
