// The HTTP/1.1 request parser (RFC 9112), strict on purpose: anything that two servers could read
// two ways (request smuggling) is an error, never a guess. It parses in place: every string_view in
// request_head points into the caller's buffer, nothing is copied or allocated.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace strata::http {

enum class method : std::uint8_t { get, head, post, put, delete_, patch, options, connect, trace, other };
std::string_view to_string(method m);
method method_from(std::string_view text);

struct header_field {
  std::string_view name;
  std::string_view value;
};

struct parse_limits {
  std::size_t max_request_line = 8 * 1024;  // longer: 414
  std::size_t max_head_bytes = 16 * 1024;   // request line + headers; larger: 431
  std::size_t max_headers = 100;            // more: 431
};

enum class body_kind : std::uint8_t { none, length, chunked };

struct request_head {
  std::string_view method_text;
  http::method method = method::other;
  std::string_view target;    // as sent (origin-, absolute-, authority- or asterisk-form)
  std::string_view path;      // raw path of the target, still percent-encoded
  std::string_view query;     // after '?', raw; empty when none
  std::string_view authority; // host of an absolute-form target, else the Host header
  int version_minor = 1;      // HTTP/1.0 or HTTP/1.1
  std::vector<header_field> headers;
  body_kind body = body_kind::none;
  std::uint64_t content_length = 0;
  bool keep_alive = true;
  bool expect_continue = false;
  bool upgrade = false;

  void clear();
};

enum class parse_status : std::uint8_t { complete, incomplete, error };

struct parse_result {
  parse_status status = parse_status::incomplete;
  std::size_t consumed = 0;        // bytes of the head, including the final CRLF, when complete
  int error_status = 0;            // 400, 414, 431, 501 or 505 when status == error
  const char* error_reason = "";   // a short human-readable reason for the problem document
};

// Parses the head of one request at the start of `buf`. Leading empty lines are skipped (RFC 9112
// section 2.2). The head is complete once its empty line has been read; `out` is then filled in.
parse_result parse_head(std::string_view buf, request_head& out, const parse_limits& limits);

// Decodes a chunked body in place: encoded bytes in [pos, end) of the buffer are compacted into the
// decoded body, which grows from body_start. Call decode() again after more bytes arrive; offsets
// (not pointers) are kept, so the buffer may be reallocated between calls.
class chunked_decoder {
public:
  void reset(std::size_t body_start);
  // Returns complete (the message ends at message_end()), incomplete, or error with the status
  // (400 malformed, 413 body larger than max_body).
  parse_result decode(char* buf, std::size_t end, std::uint64_t max_body);
  std::size_t body_start() const { return body_start_; }
  std::size_t body_size() const { return out_ - body_start_; }
  std::size_t message_end() const { return pos_; }

private:
  enum class state : std::uint8_t { size_line, data, data_crlf, trailers, done };
  state state_ = state::size_line;
  std::size_t body_start_ = 0;
  std::size_t pos_ = 0;  // next encoded byte to read
  std::size_t out_ = 0;  // end of the decoded body
  std::uint64_t remaining_ = 0;
  std::size_t trailer_bytes_ = 0;
};

// Percent-decodes `in` into `out`. With plus_as_space, '+' becomes ' ' (query strings). Returns
// false on a malformed escape or a decoded NUL byte.
bool percent_decode(std::string_view in, std::string& out, bool plus_as_space);
bool needs_decoding(std::string_view in, bool plus_as_space);

// ASCII case-insensitive equality, for header names and tokens.
bool iequals(std::string_view a, std::string_view b);

}  // namespace strata::http
