// Parsing redaction paths into the trie, and writing JSON values through it.
#include <strata/log/detail/json_writer.hpp>
#include <strata/log/detail/redact.hpp>

#include <boost/json/value.hpp>

#include <charconv>
#include <stdexcept>

namespace strata::log::detail {

std::vector<std::string> redactor::split(std::string_view path) {
  auto bad = [&](const char* why) {
    return std::invalid_argument("strata::log: bad redact path '" + std::string(path) + "': " + why);
  };
  std::vector<std::string> out;
  std::size_t i = 0;
  bool expect_segment = true;  // at the start or after '.'
  while (i < path.size()) {
    char c = path[i];
    if (c == '[') {
      std::size_t close;
      if (i + 1 < path.size() && (path[i + 1] == '"' || path[i + 1] == '\'')) {
        char q = path[i + 1];
        auto end = path.find(q, i + 2);
        if (end == std::string_view::npos || end + 1 >= path.size() || path[end + 1] != ']') throw bad("unclosed quote");
        out.emplace_back(path.substr(i + 2, end - i - 2));
        close = end + 1;
      } else {
        close = path.find(']', i);
        if (close == std::string_view::npos || close == i + 1) throw bad("unclosed or empty []");
        auto inner = path.substr(i + 1, close - i - 1);
        if (inner != "*")
          for (char d : inner)
            if (d < '0' || d > '9') throw bad("only *, an index or a quoted key go in []");
        out.emplace_back(inner);
      }
      i = close + 1;
      expect_segment = false;
      if (i < path.size() && path[i] == '.') {
        ++i;
        expect_segment = true;
        if (i == path.size()) throw bad("ends with '.'");
      }
      continue;
    }
    if (!expect_segment) throw bad("'.' or '[' expected");
    auto end = path.find_first_of(".[", i);
    if (end == std::string_view::npos) end = path.size();
    if (end == i) throw bad("empty segment");
    if (path.substr(i, end - i).find(']') != std::string_view::npos) throw bad("']' without '['");
    out.emplace_back(path.substr(i, end - i));
    i = end;
    expect_segment = false;
    if (i < path.size() && path[i] == '.') {
      ++i;
      expect_segment = true;
      if (i == path.size()) throw bad("ends with '.'");
    }
  }
  if (out.empty()) throw bad("empty");
  return out;
}

redactor::redactor(const std::vector<std::string>& paths, std::string censor) : censor_(std::move(censor)) {
  for (const auto& p : paths) {
    node* n = &root_;
    for (const auto& seg : split(p)) {
      if (seg == "*") {
        if (!n->any) n->any = std::make_unique<node>();
        n = n->any.get();
      } else {
        n = &n->children[seg];
      }
    }
    n->censor = true;
    empty_ = false;
  }
}

void write_redacted(json_writer& w, const boost::json::value& v, const path_cursor& at, std::string_view censor) {
  if (at.idle()) return w.value(v);
  if (w.depth() >= json_writer::max_depth) return w.string("[Max depth]");
  if (const auto* o = v.if_object()) {
    w.begin_object();
    for (const auto& m : *o) {
      w.key(m.key());
      auto next = at.step(m.key());
      if (next.censored()) w.string(censor);
      else write_redacted(w, m.value(), next, censor);
    }
    w.end_object();
  } else if (const auto* a = v.if_array()) {
    w.begin_array();
    char digits[24];
    std::size_t index = 0;
    for (const auto& e : *a) {
      auto r = std::to_chars(digits, digits + sizeof digits, index++);
      auto next = at.step(std::string_view(digits, r.ptr - digits));
      if (next.censored()) w.string(censor);
      else write_redacted(w, e, next, censor);
    }
    w.end_array();
  } else {
    w.value(v);
  }
}

}  // namespace strata::log::detail
