// String escaping and number formatting for json_writer, and writing boost::json values with it.
#include <strata/log/detail/json_writer.hpp>

#include <boost/json/value.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>

namespace strata::log::detail {

namespace {

// 1: the byte needs attention (a control character, '"', '\\', or the start of a multi-byte
// sequence that has to be validated); 0: copied as it is.
constexpr auto special = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = true;
  t['"'] = t['\\'] = true;
  for (int c = 0x80; c < 0x100; ++c) t[c] = true;
  return t;
}();

// The length of the valid UTF-8 sequence at s[i], or 0 when it is not valid (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  auto cont = [&](std::size_t k) { return i + k < s.size() && (b(k) & 0xC0) == 0x80; };
  unsigned char c = b(0);
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;  // overlong
    if (c == 0xED && b(1) > 0x9F) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;  // overlong
    if (c == 0xF4 && b(1) > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

// True when one of the 8 bytes in `x` is special: below 0x20, '"', '\\' or 0x80 and above.
// Plain ASCII text, the common case, is then skipped a word at a time.
inline bool any_special(std::uint64_t x) {
  constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  auto has_zero = [&](std::uint64_t v) { return (v - ones) & ~v & highs; };
  return ((x - ones * 0x20) & ~x & highs) | has_zero(x ^ (ones * '"')) | has_zero(x ^ (ones * '\\')) | (x & highs);
}

// The offset of the first byte of `s` that needs attention, or s.size().
std::size_t first_special(std::string_view s) {
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    if (any_special(word)) break;
  }
  while (i < s.size() && !special[static_cast<unsigned char>(s[i])]) ++i;
  return i;
}

// The escaping path, from the first byte that needs attention on.
void append_escaped(std::string& out, std::string_view s, std::size_t i) {
  static constexpr char hex[] = "0123456789abcdef";
  std::size_t run = 0;  // start of the pending run of bytes copied verbatim
  while (i < s.size()) {
    while (i + 8 <= s.size()) {
      std::uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if (any_special(word)) break;
      i += 8;
    }
    if (i == s.size()) break;
    auto c = static_cast<unsigned char>(s[i]);
    if (!special[c]) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      if (std::size_t n = utf8_sequence(s, i)) {
        i += n;
        continue;
      }
    }
    out.append(s.data() + run, i - run);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 0xf];
        } else {
          out += "\\ufffd";  // a byte that starts no valid UTF-8 sequence
        }
    }
    run = ++i;
  }
  out.append(s.data() + run, s.size() - run);
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  const std::size_t clean = first_special(s);
  if (clean == s.size()) {
    // The common case, plain ASCII: one resize and one copy, quotes included.
    const std::size_t at = out.size();
    out.resize(at + s.size() + 2);
    char* p = out.data() + at;
    p[0] = '"';
    if (!s.empty()) std::memcpy(p + 1, s.data(), s.size());
    p[s.size() + 1] = '"';
    return;
  }
  out += '"';
  out.append(s.data(), clean);
  append_escaped(out, s.substr(clean), 0);
  out += '"';
}

namespace {

// write_json_string from offset `i` on, where the first byte needing attention is; s[0, i) is
// already at p[0, i).
char* write_escaped_rest(char* p, std::string_view s, std::size_t i) {
  // Rare (escapes, non-ASCII): the general path, then copied in; at most 6 bytes per input byte.
  std::string escaped;
  append_escaped(escaped, s.substr(i), 0);
  p += i;
  std::memcpy(p, escaped.data(), escaped.size());
  p += escaped.size();
  *p++ = '"';
  return p;
}

}  // namespace

char* write_json_string(char* p, std::string_view s) {
  // One pass: each 8-byte word is checked and stored as it is (the room for escapes leaves
  // space for whole words), instead of a scan and then a copy of variable length.
  *p++ = '"';
  const char* src = s.data();
  const std::size_t n = s.size();
  if (n < 8) {
    for (std::size_t i = 0; i < n; ++i) {
      const auto c = static_cast<unsigned char>(src[i]);
      if (special[c]) return write_escaped_rest(p, s, i);
      p[i] = static_cast<char>(c);
    }
  } else {
    std::size_t i = 0;
    std::uint64_t word;
    for (; i + 8 <= n; i += 8) {
      std::memcpy(&word, src + i, 8);
      if (any_special(word)) return write_escaped_rest(p, s, i);
      std::memcpy(p + i, &word, 8);
    }
    if (i < n) {
      // The last word ends at n and overlaps checked bytes: a special in it is past i.
      std::memcpy(&word, src + n - 8, 8);
      if (any_special(word)) return write_escaped_rest(p, s, i);
      std::memcpy(p + n - 8, &word, 8);
    }
  }
  p += n;
  *p++ = '"';
  return p;
}

void append_json_number(std::string& out, std::int64_t n) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, r.ptr);
}

void append_json_number(std::string& out, std::uint64_t n) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, r.ptr);
}

void append_json_number(std::string& out, double d) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, d);  // shortest form that reads back the same
  out.append(buf, r.ptr);
}

char* write_millis(char* p, std::chrono::nanoseconds d) {
  const std::int64_t us = (std::max<std::int64_t>(d.count(), 0) + 500) / 1000;
  p = std::to_chars(p, p + 20, us / 1000).ptr;
  const auto frac = static_cast<int>(us % 1000);
  p[0] = '.';
  p[1] = static_cast<char>('0' + frac / 100);
  p[2] = static_cast<char>('0' + frac / 10 % 10);
  p[3] = static_cast<char>('0' + frac % 10);
  return p + 4;
}

void append_json_fixed(std::string& out, double d, int decimals) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed, decimals);
  if (r.ec != std::errc()) return append_json_number(out, d);  // huge: the shortest form fits
  out.append(buf, r.ptr);
}

void json_writer::value(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: null(); return;
    case boost::json::kind::bool_: boolean(v.get_bool()); return;
    case boost::json::kind::int64: number(v.get_int64()); return;
    case boost::json::kind::uint64: number(v.get_uint64()); return;
    case boost::json::kind::double_: number(v.get_double()); return;
    case boost::json::kind::string: string(v.get_string()); return;
    case boost::json::kind::array:
      if (depth_ >= max_depth) return string("[Max depth]");
      begin_array();
      for (const auto& e : v.get_array()) value(e);
      end_array();
      return;
    case boost::json::kind::object:
      if (depth_ >= max_depth) return string("[Max depth]");
      begin_object();
      for (const auto& m : v.get_object()) {
        key(m.key());
        value(m.value());
      }
      end_object();
      return;
  }
}

}  // namespace strata::log::detail
