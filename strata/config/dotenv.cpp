// dotenv: the .env parser. One pass over the text; each value is unquoted and expanded in a second
// pass over its own characters, so the quote kind decides which escapes and expansions apply.
#include <strata/config/dotenv.hpp>

#include <cstddef>

namespace strata::config {
namespace {

enum class quoting { none, single, double_quote, backtick };

// ${A:-${B:-${C}}} nests; a bound keeps a hostile file from exhausting the stack.
constexpr int max_nesting = 16;
// Each line can reference earlier ones several times (B=$A$A$A$A, C=$B$B$B$B, ...), so expansion
// grows exponentially with the number of lines; these bounds keep a small file from taking gigabytes.
constexpr std::size_t max_value_bytes = std::size_t{1} << 20;
constexpr std::size_t max_total_bytes = std::size_t{8} << 20;

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_key_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}
bool is_name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// dotenv accepts CRLF files; values never see the CR of a line end.
std::string normalize_line_ends(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a UTF-8 byte order mark
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out += text[i];
  }
  return out;
}

class expander {
public:
  expander(const env_map& environment, const env_map& earlier) : environment_(environment), earlier_(earlier) {}

  // Unescapes and expands `raw` into `out`; false with `error` set on a malformed reference.
  bool run(std::string_view raw, quoting q, int depth, std::string& out, std::string& error) const {
    for (std::size_t i = 0; i < raw.size(); ++i) {
      const char c = raw[i];
      if (c == '\\' && q != quoting::single && i + 1 < raw.size()) {
        const char n = raw[i + 1];
        if (n == '$') {
          out += '$';
          ++i;
          continue;
        }
        if (q == quoting::double_quote) {
          const char* decoded = n == 'n'    ? "\n"
                                : n == 'r'  ? "\r"
                                : n == 't'  ? "\t"
                                : n == '"'  ? "\""
                                : n == '\\' ? "\\"
                                            : nullptr;
          if (decoded) {
            out += decoded;
            ++i;
            continue;
          }
        }
        out += c;
        continue;
      }
      if (c != '$' || q == quoting::single || i + 1 >= raw.size()) {
        out += c;
        continue;
      }
      if (raw[i + 1] == '{') {
        const std::size_t close = matching_brace(raw, i + 2, q);
        if (close == std::string_view::npos) {
          error = "unterminated ${ (a literal $ is written \\$)";
          return false;
        }
        if (!braced(raw.substr(i + 2, close - (i + 2)), q, depth, out, error)) return false;
        i = close;
      } else if (is_name_start(raw[i + 1])) {
        std::size_t end = i + 1;
        while (end < raw.size() && is_name_char(raw[end])) ++end;
        if (const std::string* v = lookup(raw.substr(i + 1, end - (i + 1)))) {
          if (!fits(out, v->size(), error)) return false;
          out += *v;
        }
        i = end - 1;
      } else {
        out += c;
      }
    }
    return true;
  }

private:
  const std::string* lookup(std::string_view name) const {
    if (auto it = environment_.find(name); it != environment_.end()) return &it->second;
    if (auto it = earlier_.find(name); it != earlier_.end()) return &it->second;
    return nullptr;
  }

  // The `}` that closes a `${` whose body starts at `from`, skipping nested ${...} and escapes.
  static std::size_t matching_brace(std::string_view raw, std::size_t from, quoting q) {
    int open = 1;
    for (std::size_t i = from; i < raw.size(); ++i) {
      if (raw[i] == '\\' && (q == quoting::double_quote || (i + 1 < raw.size() && raw[i + 1] == '$'))) {
        ++i;
      } else if (raw[i] == '$' && i + 1 < raw.size() && raw[i + 1] == '{') {
        ++open;
        ++i;
      } else if (raw[i] == '}' && --open == 0) {
        return i;
      }
    }
    return std::string_view::npos;
  }

  // NAME, NAME:-default (unset or empty) or NAME-default (unset).
  bool braced(std::string_view body, quoting q, int depth, std::string& out, std::string& error) const {
    std::size_t n = 0;
    if (n < body.size() && is_name_start(body[n]))
      while (n < body.size() && is_name_char(body[n])) ++n;
    const std::string_view name = body.substr(0, n);
    std::string_view rest = body.substr(n);
    if (name.empty() || !(rest.empty() || rest.front() == '-' || rest.substr(0, 2) == ":-")) {
      error =
          "bad variable reference ${" + std::string(body) + "} (expected ${NAME}, ${NAME:-default} or ${NAME-default})";
      return false;
    }
    const std::string* value = lookup(name);
    if (rest.empty()) {
      if (!value) return true;
      if (!fits(out, value->size(), error)) return false;
      out += *value;
      return true;
    }
    const bool empty_counts = rest.front() == ':';
    rest.remove_prefix(empty_counts ? 2 : 1);
    if (depth >= max_nesting) {
      error = "${...} defaults nested more than " + std::to_string(max_nesting) + " deep";
      return false;
    }
    // The default is expanded even when unused, so whether a file is valid never depends on the environment.
    std::string fallback;
    if (!run(rest, q, depth + 1, fallback, error)) return false;
    const std::string& chosen = (!value || (empty_counts && value->empty())) ? fallback : *value;
    if (!fits(out, chosen.size(), error)) return false;
    out += chosen;
    return true;
  }

  static bool fits(const std::string& out, std::size_t more, std::string& error) {
    if (out.size() + more <= max_value_bytes) return true;
    error = "value longer than " + std::to_string(max_value_bytes >> 20) + " MiB after expansion";
    return false;
  }

  const env_map& environment_;
  const env_map& earlier_;
};

class parser {
public:
  parser(std::string text, const env_map& environment) : text_(std::move(text)), expand_(environment, earlier_) {}

  dotenv_parse_result run() {
    while (pos_ < text_.size()) parse_line();
    return std::move(result_);
  }

private:
  char at(std::size_t i) const { return i < text_.size() ? text_[i] : '\n'; }
  void skip_blanks() {
    while (pos_ < text_.size() && is_blank(text_[pos_])) ++pos_;
  }
  // Moves past the end of the current line.
  void next_line() {
    while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
    if (pos_ < text_.size()) ++pos_;
    ++line_;
  }
  void fail(int line, std::string message) {
    dotenv_error& e = result_.errors.emplace_back();
    e.line = line;
    e.message = std::move(message);
  }

  void parse_line() {
    skip_blanks();
    if (at(pos_) == '\n' || at(pos_) == '#') return next_line();
    const int line = line_;
    if (text_.compare(pos_, 6, "export") == 0 && is_blank(at(pos_ + 6))) {
      std::size_t after = pos_ + 6;
      while (is_blank(at(after))) ++after;
      if (is_key_char(at(after))) pos_ = after;  // otherwise `export` is itself the key (`export = 1`)
    }
    const std::size_t key_start = pos_;
    while (pos_ < text_.size() && is_key_char(text_[pos_])) ++pos_;
    const std::string key = text_.substr(key_start, pos_ - key_start);
    skip_blanks();
    if (key.empty()) {
      fail(line, "expected KEY=VALUE (a key is letters, digits, '_', '.' or '-')");
      return next_line();
    }
    if (at(pos_) == '=') {
      ++pos_;
    } else if (at(pos_) == ':' && is_blank(at(pos_ + 1))) {
      ++pos_;  // dotenv also accepts the YAML-like `KEY: value`
    } else {
      fail(line, at(pos_) == '\n' ? "expected '=' after " + key + " (write " + key + "= for an empty value)"
                                  : "expected '=' after " + key);
      return next_line();
    }
    skip_blanks();

    std::string_view raw;
    quoting q = quoting::none;
    const char open = at(pos_);
    if (open == '\'' || open == '"' || open == '`') {
      q = open == '\'' ? quoting::single : open == '"' ? quoting::double_quote : quoting::backtick;
      const std::size_t start = ++pos_;
      while (pos_ < text_.size() && text_[pos_] != open) {
        if (text_[pos_] == '\\' && q == quoting::double_quote && pos_ + 1 < text_.size()) ++pos_;
        if (text_[pos_] == '\n') ++line_;
        ++pos_;
      }
      if (pos_ >= text_.size()) {
        // Everything after an unclosed quote would become this value: refuse rather than guess.
        fail(line, std::string("unterminated ") + open + " quote in the value of " + key);
        return;
      }
      raw = std::string_view(text_).substr(start, pos_ - start);
      ++pos_;
      skip_blanks();
      if (at(pos_) != '\n' && at(pos_) != '#') {
        fail(line_, "unexpected text after the closing quote of " + key);
        return next_line();
      }
    } else {
      const std::size_t start = pos_;
      while (pos_ < text_.size() && text_[pos_] != '\n') {
        // ` #` starts a comment; a # inside a word (`a#b`) is part of the value.
        if (text_[pos_] == '#' && is_blank(text_[pos_ - 1])) break;
        ++pos_;
      }
      raw = trim(std::string_view(text_).substr(start, pos_ - start));
    }
    next_line();

    std::string value, error;
    if (!expand_.run(raw, q, 0, value, error)) {
      fail(line, key + ": " + error);
      return;
    }
    total_bytes_ += value.size();
    if (total_bytes_ > max_total_bytes) {
      fail(line, key + ": values longer than " + std::to_string(max_total_bytes >> 20) + " MiB in all after expansion");
      return;
    }
    earlier_[key] = value;
    result_.entries.push_back({key, std::move(value), line});
  }

  std::string text_;
  std::size_t pos_ = 0;
  int line_ = 1;
  std::size_t total_bytes_ = 0;
  env_map earlier_;
  expander expand_;
  dotenv_parse_result result_;
};

}  // namespace

dotenv_parse_result parse_dotenv(std::string_view text, const env_map& environment) {
  return parser(normalize_line_ends(text), environment).run();
}

std::string quote_dotenv_value(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '$':
        out += "\\$";
        break;
      default:
        out += c;
    }
  }
  return out += '"';
}

}  // namespace strata::config
