// Text sanitization: a small UTF-8 decoder so that Unicode spaces and C1 controls are seen as the
// characters they are, and never split.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <strata/schema/sanitize.hpp>

namespace strata::schema {

namespace {

constexpr char32_t invalid = 0xFFFFFFFF;

// The code point at s[i] and its length in bytes; `invalid` (length 1) for a malformed sequence.
char32_t decode(std::string_view s, std::size_t i, std::size_t& len) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  len = 1;
  if (b0 < 0x80) return b0;
  std::size_t n = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0)
    n = 2, cp = b0 & 0x1F;
  else if ((b0 & 0xF0) == 0xE0)
    n = 3, cp = b0 & 0x0F;
  else if ((b0 & 0xF8) == 0xF0)
    n = 4, cp = b0 & 0x07;
  else
    return invalid;
  if (i + n > s.size()) return invalid;
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return invalid;
    cp = (cp << 6) | (b & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return invalid;
  len = n;
  return cp;
}

// JavaScript's WhiteSpace and LineTerminator (what String.prototype.trim removes).
bool is_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

bool is_control(char32_t c) {
  return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F);
}

void walk(boost::json::value& v, const sanitize_options& o) {
  if (auto* s = v.if_string()) {
    std::string text(s->data(), s->size());
    if (o.strip_control) text = strip_control(text, o.keep_line_breaks);
    if (o.collapse_whitespace)
      text = collapse_whitespace(text);
    else if (o.trim)
      text = trim(text);
    *s = text;
  } else if (auto* a = v.if_array()) {
    for (auto& item : *a) walk(item, o);
  } else if (auto* obj = v.if_object()) {
    for (auto& kv : *obj) walk(kv.value(), o);
  }
}

}  // namespace

std::string trim(std::string_view s) {
  std::size_t begin = 0, end = 0, len = 0;
  bool seen = false;
  for (std::size_t i = 0; i < s.size(); i += len) {
    const char32_t c = decode(s, i, len);
    if (c != invalid && is_space(c)) continue;
    if (!seen) begin = i, seen = true;
    end = i + len;
  }
  return seen ? std::string(s.substr(begin, end - begin)) : std::string();
}

std::string collapse_whitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending = false;
  std::size_t len = 0;
  for (std::size_t i = 0; i < s.size(); i += len) {
    const char32_t c = decode(s, i, len);
    if (c != invalid && is_space(c)) {
      pending = !out.empty();
      continue;
    }
    if (pending) out += ' ';
    pending = false;
    out.append(s.substr(i, len));
  }
  return out;
}

std::string strip_control(std::string_view s, bool keep_line_breaks) {
  std::string out;
  out.reserve(s.size());
  std::size_t len = 0;
  for (std::size_t i = 0; i < s.size(); i += len) {
    const char32_t c = decode(s, i, len);
    if (c == invalid) continue;
    if (is_control(c) && !(keep_line_breaks && (c == '\t' || c == '\n' || c == '\r'))) continue;
    out.append(s.substr(i, len));
  }
  return out;
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#x27;";
        break;
      case '/':
        out += "&#x2F;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

void sanitize(boost::json::value& v, const sanitize_options& options) {
  walk(v, options);
}

}  // namespace strata::schema
