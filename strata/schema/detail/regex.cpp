// Boost.Regex behind detail::regex. ECMA-262 patterns are translated to Boost's perl syntax and
// run on code points (std::wstring is UTF-32 here), so `.`, classes and quantifiers see whole
// characters as ECMA-262's unicode mode does. ASCII text against an ASCII pattern takes a narrow
// regex instead and skips the conversion.
#include <boost/regex.hpp>
#include <locale>
#include <optional>
#include <strata/schema/detail/regex.hpp>
#include <strata/schema/detail/simple_pattern.hpp>

namespace strata::schema::detail {

static_assert(sizeof(wchar_t) == 4, "the wide regex works on UTF-32 code points");

struct regex::impl {
  std::optional<simple_pattern> simple;  // for ASCII text, when the pattern is in its subset
  std::optional<boost::regex> narrow;    // for ASCII text, when the pattern is ASCII
  boost::wregex wide;
};

regex::regex(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
regex::~regex() = default;

namespace {

// UTF-8 to code points; a malformed sequence becomes U+FFFD. Returns false when it had to.
bool decode_utf8(std::string_view s, std::u32string& out) {
  bool clean = true;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    char32_t cp = len == 1 ? c : len == 2 ? c & 0x1f : len == 3 ? c & 0x0f : c & 0x07;
    bool ok = len > 0 && i + len <= s.size();
    for (int k = 1; ok && k < len; ++k) {
      auto b = static_cast<unsigned char>(s[i + k]);
      ok = (b & 0xC0) == 0x80;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (!ok || cp > 0x10FFFF) {
      out += U'\uFFFD';
      clean = false;
      ++i;
      continue;
    }
    out += cp;
    i += static_cast<std::size_t>(len);
  }
  return clean;
}

std::wstring to_wide(std::string_view s) {
  std::u32string u;
  decode_utf8(s, u);
  return {u.begin(), u.end()};
}

bool ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

struct translation {
  std::u32string text;
  bool needs_locale = false;  // \p{Letter}: letters beyond ASCII come from the UTF-8 locale
};

void append(std::u32string& out, std::string_view ascii_text) {
  out.append(ascii_text.begin(), ascii_text.end());
}

// ECMA-262 (unicode mode) to Boost perl syntax. Returns an error message, or empty.
std::string translate(const std::u32string& p, bool wide, translation& t) {
  auto& out = t.text;
  // ECMA-262's \s: WhiteSpace and LineTerminator.
  const std::string_view ws = wide ? "\\t\\n\\v\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}"
                                     "\\x{205f}\\x{3000}\\x{feff}"
                                   : "\\t\\n\\v\\f\\r ";
  const std::string_view dot = wide ? "[^\\n\\r\\x{2028}\\x{2029}]" : "[^\\n\\r]";
  bool in_class = false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    char32_t c = p[i];
    if (c == '\\') {
      if (i + 1 >= p.size()) return "a pattern may not end with a backslash";
      char32_t n = p[++i];
      auto wrap = [&](std::string_view inner, bool negate) {
        if (in_class) {
          append(out, inner);
        } else {
          append(out, negate ? "[^" : "[");
          append(out, inner);
          out += ']';
        }
      };
      switch (n) {
        case 'd':
          wrap("0-9", false);
          break;
        case 'D':
          if (in_class) return "\\D inside a character class is not supported";
          wrap("0-9", true);
          break;
        case 'w':
          wrap("A-Za-z0-9_", false);
          break;
        case 'W':
          if (in_class) return "\\W inside a character class is not supported";
          wrap("A-Za-z0-9_", true);
          break;
        case 's':
          wrap(ws, false);
          break;
        case 'S':
          if (in_class) return "\\S inside a character class is not supported";
          wrap(ws, true);
          break;
        case 'p':
        case 'P': {
          if (i + 1 >= p.size() || p[i + 1] != '{') return "\\p needs a {property}";
          auto close = p.find('}', i);
          if (close == std::u32string::npos) return "unterminated \\p{...}";
          std::u32string name = p.substr(i + 2, close - i - 2);
          std::string_view cls;
          if (name == U"L" || name == U"Letter")
            cls = "[:alpha:]";
          else if (name == U"Nd" || name == U"digit" || name == U"Decimal_Number")
            cls = "[:digit:]";
          else if (name == U"Lu" || name == U"Uppercase_Letter")
            cls = "[:upper:]";
          else if (name == U"Ll" || name == U"Lowercase_Letter")
            cls = "[:lower:]";
          else
            return "unsupported Unicode property";
          if (n == 'P' && in_class) return "\\P inside a character class is not supported";
          wrap(cls, n == 'P');
          t.needs_locale = true;
          i = close;
          break;
        }
        case 'u': {
          std::u32string hex;
          if (i + 1 < p.size() && p[i + 1] == '{') {
            auto close = p.find('}', i);
            if (close == std::u32string::npos) return "unterminated \\u{...}";
            hex = p.substr(i + 2, close - i - 2);
            i = close;
          } else {
            if (i + 4 >= p.size()) return "\\u needs four hex digits";
            hex = p.substr(i + 1, 4);
            i += 4;
          }
          if (hex.empty() || hex.size() > 6) return "malformed \\u escape";
          for (char32_t h : hex)
            if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F')))
              return "malformed \\u escape";
          append(out, "\\x{");
          out += hex;
          out += '}';
          break;
        }
        default: {
          // ECMA-262's letter escapes; any other letter escape is an error in unicode mode (and
          // would mean something else to Boost: \A, \Z, \Q, \h, ...).
          bool letter = (n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z');
          if (letter && std::u32string_view(U"bBfnrtvcxk").find(n) == std::u32string_view::npos)
            return "invalid escape in an ECMA-262 pattern";
          out += '\\';
          out += n;
        }
      }
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      if (c == '[') {
        out += U"\\[";
        continue;
      }
      out += c;
      continue;
    }
    if (c == '[') {
      // [] matches nothing and [^] anything in ECMA-262; Boost reads a leading ] as a literal.
      if (p.compare(i, 2, U"[]") == 0) {
        append(out, "(?!)");
        ++i;
        continue;
      }
      if (p.compare(i, 3, U"[^]") == 0) {
        append(out, wide ? "[\\x{0}-\\x{10ffff}]" : "[\\x{0}-\\x{7f}]");  // narrow: ASCII text only
        i += 2;
        continue;
      }
      in_class = true;
      out += c;
      if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
      if (i + 1 < p.size() && p[i + 1] == ']') return "a literal ] must be escaped in a class";
      continue;
    }
    if (c == '(' && i + 1 < p.size() && p[i + 1] == '?') {
      // Only (?: (?= (?! (?<= (?<! and (?<name> exist in ECMA-262; no inline flags or comments.
      char32_t k = i + 2 < p.size() ? p[i + 2] : 0;
      bool ok = k == ':' || k == '=' || k == '!' || k == '<';
      if (!ok) return "unsupported group syntax (?" + std::string(1, static_cast<char>(k < 128 ? k : '?'));
    }
    if (c == '.') {
      append(out, dot);
      continue;
    }
    out += c;
  }
  if (in_class) return "unterminated character class";
  return {};
}

const std::locale* utf8_locale() {
  static const std::locale* loc = []() -> const std::locale* {
    for (const char* name : {"C.UTF-8", "C.utf8", "en_US.UTF-8"}) {
      try {
        return new std::locale(name);
      } catch (const std::exception&) {
      }
    }
    return nullptr;
  }();
  return loc;
}

}  // namespace

std::shared_ptr<const regex> regex::compile(std::string_view pattern, std::string& error) {
  std::u32string p;
  if (!decode_utf8(pattern, p)) {
    error = "the pattern is not valid UTF-8";
    return nullptr;
  }
  auto r = std::make_unique<impl>();
  try {
    translation wide;
    if (error = translate(p, true, wide); !error.empty()) return nullptr;
    if (wide.needs_locale)
      if (const auto* loc = utf8_locale()) r->wide.imbue(*loc);
    r->wide.assign(std::wstring(wide.text.begin(), wide.text.end()), boost::regex::ECMAScript | boost::regex::no_mod_m);
    if (ascii(pattern)) {
      translation narrow;
      if (error = translate(p, false, narrow); !error.empty()) return nullptr;
      std::string text(narrow.text.begin(), narrow.text.end());
      r->narrow.emplace(text, boost::regex::ECMAScript | boost::regex::no_mod_m);
      r->simple = simple_pattern::parse(pattern);
    }
  } catch (const std::exception& e) {
    error = e.what();
    return nullptr;
  }
  return std::shared_ptr<const regex>(new regex(std::move(r)));
}

bool regex::search(std::string_view text) const {
  try {
    // Reused match state: regex_search without one builds and frees a new one per call.
    const auto flags = boost::match_not_dot_newline | boost::match_any;
    const bool plain = ascii(text);
    if (impl_->simple && plain)
      if (auto found = impl_->simple->search(text)) return *found;
    if (impl_->narrow && plain) {
      thread_local boost::match_results<std::string_view::const_iterator> m;
      return boost::regex_search(text.begin(), text.end(), m, *impl_->narrow, flags);
    }
    thread_local boost::match_results<std::wstring::const_iterator> wm;
    const std::wstring w = to_wide(text);
    return boost::regex_search(w.begin(), w.end(), wm, impl_->wide, flags);
  } catch (const std::exception&) {
    return false;  // Boost's complexity bound: treated as no match
  }
}

}  // namespace strata::schema::detail
