// Strict HTTP/1.1 request parsing; see parser.hpp. Every branch that returns an error names the
// rule it enforces, because each one closes a request-smuggling or desync hole.
#include <strata/http/parser.hpp>

#include <array>
#include <cstring>

namespace strata::http {
namespace {

constexpr std::array<bool, 256> make_tchar() {
  std::array<bool, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = true;
  for (char c : std::string_view("!#$%&'*+-.^_`|~")) t[static_cast<unsigned char>(c)] = true;
  return t;
}
// field-value bytes: VCHAR, SP, HTAB, obs-text. Never CR, LF, NUL or other controls.
constexpr std::array<bool, 256> make_value_char() {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x7f; ++c) t[c] = true;
  for (int c = 0x80; c < 0x100; ++c) t[c] = true;
  t['\t'] = true;
  return t;
}
// request-target bytes: visible ASCII only.
constexpr std::array<bool, 256> make_target_char() {
  std::array<bool, 256> t{};
  for (int c = 0x21; c < 0x7f; ++c) t[c] = true;
  return t;
}
constexpr auto tchar = make_tchar();
constexpr auto value_char = make_value_char();
constexpr auto target_char = make_target_char();

inline char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

parse_result fail(int status, const char* reason) {
  return {parse_status::error, 0, status, reason};
}

std::string_view trim_ows(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

// Calls f(token) for each element of a comma-separated list, skipping empty elements.
template <class F>
void for_each_token(std::string_view list, F&& f) {
  while (!list.empty()) {
    auto comma = list.find(',');
    auto item = trim_ows(list.substr(0, comma));
    if (!item.empty()) f(item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
}

bool parse_decimal(std::string_view v, std::uint64_t& out) {
  if (v.empty() || v.size() > 18) return false;
  std::uint64_t n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<unsigned>(c - '0');
  }
  out = n;
  return true;
}

// Splits the request-target into path, query and authority by its form (RFC 9112 section 3.2).
bool split_target(request_head& h) {
  std::string_view t = h.target;
  if (t.front() == '/') {
    // origin-form
  } else if (t == "*") {
    if (h.method != method::options) return false;
    h.path = t;
    return true;
  } else if (h.method == method::connect) {
    h.authority = t;  // authority-form
    h.path = {};
    return true;
  } else {
    // absolute-form: http://authority/path?query
    std::size_t colon = t.find("://");
    if (colon == std::string_view::npos) return false;
    auto scheme = t.substr(0, colon);
    if (!iequals(scheme, "http") && !iequals(scheme, "https")) return false;
    t.remove_prefix(colon + 3);
    std::size_t end = t.find_first_of("/?");
    h.authority = t.substr(0, end);
    if (h.authority.empty()) return false;
    t = end == std::string_view::npos ? std::string_view() : t.substr(end);
    if (t.empty() || t.front() == '?') {
      h.path = "/";
      h.query = t.empty() ? t : t.substr(1);
      return true;
    }
  }
  std::size_t q = t.find('?');
  h.path = t.substr(0, q);
  h.query = q == std::string_view::npos ? std::string_view() : t.substr(q + 1);
  return true;
}

}  // namespace

std::string_view to_string(method m) {
  switch (m) {
    case method::get: return "GET";
    case method::head: return "HEAD";
    case method::post: return "POST";
    case method::put: return "PUT";
    case method::delete_: return "DELETE";
    case method::patch: return "PATCH";
    case method::options: return "OPTIONS";
    case method::connect: return "CONNECT";
    case method::trace: return "TRACE";
    case method::other: break;
  }
  return "";
}

method method_from(std::string_view t) {
  switch (t.size()) {
    case 3:
      if (t == "GET") return method::get;
      if (t == "PUT") return method::put;
      break;
    case 4:
      if (t == "POST") return method::post;
      if (t == "HEAD") return method::head;
      break;
    case 5:
      if (t == "PATCH") return method::patch;
      if (t == "TRACE") return method::trace;
      break;
    case 6:
      if (t == "DELETE") return method::delete_;
      break;
    case 7:
      if (t == "OPTIONS") return method::options;
      if (t == "CONNECT") return method::connect;
      break;
  }
  return method::other;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

void request_head::clear() {
  method_text = target = path = query = authority = {};
  method = method::other;
  version_minor = 1;
  headers.clear();
  body = body_kind::none;
  content_length = 0;
  keep_alive = true;
  expect_continue = false;
  upgrade = false;
}

parse_result parse_head(std::string_view buf, request_head& h, const parse_limits& limits) {
  const char* const begin = buf.data();
  const char* p = begin;
  const char* const end = begin + buf.size();

  // Leading empty lines are ignored (RFC 9112 section 2.2); a bare LF is not an empty line.
  while (end - p >= 2 && p[0] == '\r' && p[1] == '\n') p += 2;
  // They count towards the head, so an endless stream of them is refused rather than buffered.
  if (static_cast<std::size_t>(p - begin) > limits.max_head_bytes) return fail(431, "request header fields too large");
  if (p == end) return {};
  if (p[0] == '\r' && end - p == 1) return {};

  // Request line: method SP request-target SP HTTP-version CRLF
  const char* line_start = p;
  const char* lf = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
  // Both checks look at the same bytes whether or not the line is complete yet, so a request gets
  // the same answer however it is split into reads: first bytes that can never start a request
  // (failing early, so garbage is not buffered), within the first max_request_line bytes, then the
  // length.
  const char* const line_stop = lf ? lf : end;
  const std::size_t line_len = static_cast<std::size_t>(line_stop - line_start);
  const char* const scan_end = line_len > limits.max_request_line ? line_start + limits.max_request_line : line_stop;
  for (const char* q = p; q < scan_end && *q != ' '; ++q)
    if (!tchar[static_cast<unsigned char>(*q)]) return fail(400, "malformed request line");
  if (line_len > limits.max_request_line) return fail(414, "request line too long");
  if (!lf) return {};
  if (lf == p || lf[-1] != '\r') return fail(400, "request line must end with CRLF");
  const char* line_end = lf - 1;

  h.clear();
  const char* q = p;
  while (q < line_end && tchar[static_cast<unsigned char>(*q)]) ++q;
  if (q == p || q == line_end || *q != ' ') return fail(400, "malformed method");
  h.method_text = std::string_view(p, static_cast<std::size_t>(q - p));
  h.method = method_from(h.method_text);
  p = q + 1;
  q = p;
  while (q < line_end && target_char[static_cast<unsigned char>(*q)]) ++q;
  if (q == p || q == line_end || *q != ' ') return fail(400, "malformed request target");
  h.target = std::string_view(p, static_cast<std::size_t>(q - p));
  p = q + 1;
  std::string_view version(p, static_cast<std::size_t>(line_end - p));
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || version[6] != '.' || version[5] < '0' ||
      version[5] > '9' || version[7] < '0' || version[7] > '9')
    return fail(400, "malformed HTTP version");
  if (version[5] != '1') return fail(505, "HTTP version not supported");
  h.version_minor = version[7] - '0';
  if (h.version_minor > 1) h.version_minor = 1;  // HTTP/1.x with x > 1 is answered as 1.1
  h.keep_alive = h.version_minor == 1;
  if (!split_target(h)) return fail(400, "malformed request target");

  // Header fields.
  p = lf + 1;
  bool has_length = false, has_te = false, te_other = false;
  bool chunked_seen = false, chunked_last = false, chunked_twice = false;
  int host_count = 0;
  std::string_view host;
  for (;;) {
    // The whole head, its final CRLF included, must fit in max_head_bytes. A line is measured to its
    // LF, or to the end of the buffer while incomplete, before anything else is checked, so an
    // incomplete head fails only where the complete one would fail the same way.
    lf = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    if (static_cast<std::size_t>((lf ? lf + 1 : end) - begin) > limits.max_head_bytes)
      return fail(431, "request header fields too large");
    if (!lf) return {};
    if (lf == p || lf[-1] != '\r') return fail(400, "header line must end with CRLF");
    line_end = lf - 1;
    if (line_end == p) {  // the empty line ends the head
      p = lf + 1;
      break;
    }
    if (*p == ' ' || *p == '\t') return fail(400, "obsolete line folding is not accepted");
    if (h.headers.size() >= limits.max_headers) return fail(431, "too many header fields");
    q = p;
    while (q < line_end && tchar[static_cast<unsigned char>(*q)]) ++q;
    if (q == p || q == line_end || *q != ':') return fail(400, "malformed header field name");
    std::string_view name(p, static_cast<std::size_t>(q - p));
    const char* v = q + 1;
    for (const char* c = v; c < line_end; ++c)
      if (!value_char[static_cast<unsigned char>(*c)]) return fail(400, "invalid byte in header field value");
    std::string_view value = trim_ows(std::string_view(v, static_cast<std::size_t>(line_end - v)));
    h.headers.push_back({name, value});
    p = lf + 1;

    // Headers that frame the message or the connection; compared by length first for speed.
    switch (name.size()) {
      case 4:
        if (iequals(name, "host")) {
          ++host_count;
          host = value;
        }
        break;
      case 6:
        if (iequals(name, "expect")) {
          if (!iequals(value, "100-continue")) return fail(417, "unsupported expectation");
          h.expect_continue = true;
        }
        break;
      case 7:
        if (iequals(name, "upgrade")) h.upgrade = true;
        break;
      case 10:
        if (iequals(name, "connection")) {
          for_each_token(value, [&](std::string_view t) {
            if (iequals(t, "close")) h.keep_alive = false;
            else if (iequals(t, "keep-alive") && h.version_minor == 0) h.keep_alive = true;
          });
        }
        break;
      case 14:
        if (iequals(name, "content-length")) {
          bool ok = true, any = false;
          for_each_token(value, [&](std::string_view t) {
            std::uint64_t n = 0;
            if (!parse_decimal(t, n) || (has_length && n != h.content_length)) ok = false;
            h.content_length = n;
            has_length = any = true;
          });
          if (!ok || !any) return fail(400, "invalid or conflicting Content-Length");
        }
        break;
      case 17:
        if (iequals(name, "transfer-encoding")) {
          has_te = true;
          // Codings are listed in the order applied, across all Transfer-Encoding fields.
          for_each_token(value, [&](std::string_view t) {
            if (iequals(t, "chunked")) {
              if (chunked_seen) chunked_twice = true;  // RFC 9112 section 6.1: never applied twice
              chunked_seen = chunked_last = true;
            } else {
              te_other = true;
              chunked_last = false;
            }
          });
        }
        break;
    }
  }

  if (has_te) {
    // A message with both is how smuggling starts (RFC 9112 section 6.1): refuse, do not pick one.
    if (has_length) return fail(400, "both Transfer-Encoding and Content-Length");
    if (h.version_minor == 0) return fail(400, "Transfer-Encoding in an HTTP/1.0 request");
    if (chunked_twice) return fail(400, "chunked applied more than once");
    if (!chunked_last) return fail(400, "chunked must be the final transfer coding");
    if (te_other) return fail(501, "transfer coding not implemented");
    h.body = body_kind::chunked;
  } else if (has_length && h.content_length > 0) {
    h.body = body_kind::length;
  }
  if (h.version_minor == 1 && host_count != 1) return fail(400, host_count ? "more than one Host" : "missing Host");
  if (host_count > 1) return fail(400, "more than one Host");
  if (h.authority.empty()) h.authority = host;
  return {parse_status::complete, static_cast<std::size_t>(p - begin), 0, ""};
}

void chunked_decoder::reset(std::size_t body_start) {
  state_ = state::size_line;
  body_start_ = pos_ = out_ = body_start;
  remaining_ = 0;
  trailer_bytes_ = 0;
}

parse_result chunked_decoder::decode(char* buf, std::size_t end, std::uint64_t max_body) {
  constexpr std::size_t max_line = 4096;  // chunk-size line with extensions, or one trailer line
  constexpr std::size_t max_trailers = 16 * 1024;
  for (;;) {
    switch (state_) {
      case state::size_line: {
        auto* lf = static_cast<char*>(std::memchr(buf + pos_, '\n', end - pos_));
        if (!lf) {
          if (end - pos_ > max_line) return fail(400, "chunk size line too long");
          return {};
        }
        std::size_t line_end = static_cast<std::size_t>(lf - buf);
        // The same limit as for an incomplete line, so the answer does not depend on how reads split it.
        if (line_end - pos_ > max_line) return fail(400, "chunk size line too long");
        if (line_end == pos_ || buf[line_end - 1] != '\r') return fail(400, "chunk size line must end with CRLF");
        std::uint64_t size = 0;
        std::size_t i = pos_, digits = 0;
        for (; i < line_end - 1; ++i, ++digits) {
          char c = buf[i];
          int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
          if (d < 0) break;
          if (digits >= 15) return fail(400, "chunk size too large");
          size = size * 16 + static_cast<unsigned>(d);
        }
        if (digits == 0) return fail(400, "bad chunk size");
        // What may follow the size: optional whitespace then chunk extensions (';' name[=value]).
        for (; i < line_end - 1; ++i) {
          char c = buf[i];
          if (c == ';') {
            for (std::size_t j = i + 1; j < line_end - 1; ++j)
              if (!value_char[static_cast<unsigned char>(buf[j])]) return fail(400, "bad chunk extension");
            break;
          }
          if (c != ' ' && c != '\t') return fail(400, "bad chunk size");
        }
        pos_ = line_end + 1;
        if (size == 0) {
          state_ = state::trailers;
          break;
        }
        if (body_size() + size > max_body) return fail(413, "request body too large");
        remaining_ = size;
        state_ = state::data;
        break;
      }
      case state::data: {
        std::size_t avail = end - pos_;
        if (avail == 0) return {};
        std::size_t n = avail < remaining_ ? avail : static_cast<std::size_t>(remaining_);
        if (out_ != pos_) std::memmove(buf + out_, buf + pos_, n);
        out_ += n;
        pos_ += n;
        remaining_ -= n;
        if (remaining_ == 0) state_ = state::data_crlf;
        break;
      }
      case state::data_crlf:
        if (end - pos_ < 2) {
          if (end - pos_ == 1 && buf[pos_] != '\r') return fail(400, "chunk data must end with CRLF");
          return {};
        }
        if (buf[pos_] != '\r' || buf[pos_ + 1] != '\n') return fail(400, "chunk data must end with CRLF");
        pos_ += 2;
        state_ = state::size_line;
        break;
      case state::trailers: {
        auto* lf = static_cast<char*>(std::memchr(buf + pos_, '\n', end - pos_));
        if (!lf) {
          if (end - pos_ > max_line) return fail(431, "trailer section too large");
          return {};
        }
        std::size_t line_end = static_cast<std::size_t>(lf - buf);
        if (line_end - pos_ > max_line) return fail(431, "trailer section too large");
        if (line_end == pos_ || buf[line_end - 1] != '\r') return fail(400, "trailer line must end with CRLF");
        std::size_t len = line_end - 1 - pos_;
        trailer_bytes_ += len + 2;
        if (trailer_bytes_ > max_trailers) return fail(431, "trailer section too large");
        if (len == 0) {
          pos_ = line_end + 1;
          state_ = state::done;
          return {parse_status::complete, pos_, 0, ""};
        }
        // Trailer fields are checked like header fields, then ignored: none of them may frame the message.
        std::size_t i = pos_;
        if (buf[i] == ' ' || buf[i] == '\t') return fail(400, "obsolete line folding is not accepted");
        while (i < line_end - 1 && tchar[static_cast<unsigned char>(buf[i])]) ++i;
        if (i == pos_ || i == line_end - 1 || buf[i] != ':') return fail(400, "malformed trailer field");
        for (std::size_t j = i + 1; j < line_end - 1; ++j)
          if (!value_char[static_cast<unsigned char>(buf[j])]) return fail(400, "invalid byte in trailer field");
        pos_ = line_end + 1;
        break;
      }
      case state::done:
        return {parse_status::complete, pos_, 0, ""};
    }
  }
}

bool needs_decoding(std::string_view in, bool plus_as_space) {
  for (char c : in)
    if (c == '%' || (plus_as_space && c == '+')) return true;
  return false;
}

bool percent_decode(std::string_view in, std::string& out, bool plus_as_space) {
  out.clear();
  out.reserve(in.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = hex(in[i + 1]), lo = hex(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      char d = static_cast<char>(hi * 16 + lo);
      if (d == '\0') return false;
      out.push_back(d);
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return true;
}

}  // namespace strata::http
