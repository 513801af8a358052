// RFC 3986 reference resolution, enough for $id/$ref: no normalisation beyond dot segments, so
// identifiers compare as the schema author wrote them.
#include <strata/schema/detail/uri.hpp>

namespace strata::schema::detail {

uri_parts split_uri(std::string_view s) {
  uri_parts u;
  if (auto hash = s.find('#'); hash != std::string_view::npos) {
    u.fragment = s.substr(hash + 1);
    s = s.substr(0, hash);
  }
  if (auto q = s.find('?'); q != std::string_view::npos) {
    u.query = s.substr(q + 1);
    s = s.substr(0, q);
  }
  // A scheme is letters first, then letters, digits, + - . up to ':' before any '/'.
  if (auto colon = s.find(':'); colon != std::string_view::npos && colon > 0) {
    bool ok = (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z');
    for (std::size_t i = 1; ok && i < colon; ++i) {
      char c = s[i];
      ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' ||
           c == '.';
    }
    if (ok) {
      u.scheme = s.substr(0, colon);
      s = s.substr(colon + 1);
    }
  }
  if (s.starts_with("//")) {
    s = s.substr(2);
    auto slash = s.find('/');
    u.authority = s.substr(0, slash);
    s = slash == std::string_view::npos ? std::string_view{} : s.substr(slash);
  }
  u.path = s;
  return u;
}

namespace {

std::string remove_dot_segments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.remove_prefix(3);
    } else if (in.starts_with("./")) {
      in.remove_prefix(2);
    } else if (in.starts_with("/./")) {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../") || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      auto last = out.rfind('/');
      out.erase(last == std::string::npos ? 0 : last);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      auto next = in.find('/', in[0] == '/' ? 1 : 0);
      out += in.substr(0, next);
      in = next == std::string_view::npos ? std::string_view{} : in.substr(next);
    }
  }
  return out;
}

std::string compose(const uri_parts& u, const std::string& path) {
  std::string s;
  if (u.scheme) (s += *u.scheme) += ':';
  if (u.authority) (s += "//") += *u.authority;
  s += path;
  if (u.query) (s += '?') += *u.query;
  if (u.fragment) (s += '#') += *u.fragment;
  return s;
}

}  // namespace

std::string resolve_uri(std::string_view base_text, std::string_view ref_text) {
  const uri_parts r = split_uri(ref_text);
  if (r.scheme) return compose(r, remove_dot_segments(r.path));
  const uri_parts b = split_uri(base_text);
  uri_parts t;
  t.scheme = b.scheme;
  t.fragment = r.fragment;
  std::string path;
  if (r.authority) {
    t.authority = r.authority;
    t.query = r.query;
    path = remove_dot_segments(r.path);
  } else {
    t.authority = b.authority;
    if (r.path.empty()) {
      path = std::string(b.path);
      t.query = r.query ? r.query : b.query;
    } else {
      t.query = r.query;
      if (r.path[0] == '/') {
        path = remove_dot_segments(r.path);
      } else {
        std::string merged;
        if (b.authority && b.path.empty()) {
          merged = "/" + std::string(r.path);
        } else {
          auto slash = b.path.rfind('/');
          merged = slash == std::string_view::npos ? std::string(r.path)
                                                   : std::string(b.path.substr(0, slash + 1)) + std::string(r.path);
        }
        path = remove_dot_segments(merged);
      }
    }
  }
  return compose(t, path);
}

std::string_view strip_fragment(std::string_view uri) {
  return uri.substr(0, uri.find('#'));
}

std::string_view fragment_of(std::string_view uri) {
  auto hash = uri.find('#');
  return hash == std::string_view::npos ? std::string_view{} : uri.substr(hash + 1);
}

std::optional<std::string> percent_decode(std::string_view s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    int hi = hex(s[i + 1]), lo = hex(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

std::string pointer_escape(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

std::optional<std::string> pointer_unescape(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] != '~') {
      out += token[i];
      continue;
    }
    if (i + 1 >= token.size()) return std::nullopt;
    if (token[i + 1] == '0')
      out += '~';
    else if (token[i + 1] == '1')
      out += '/';
    else
      return std::nullopt;
    ++i;
  }
  return out;
}

}  // namespace strata::schema::detail
