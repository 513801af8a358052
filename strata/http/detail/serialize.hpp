// Writing response heads: the status line, Server and Date, the handler's headers, and the framing
// headers the connection decides (Content-Length or chunked, Connection).
#pragma once
#include <strata/http/response.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace strata::http::detail {

enum class framing : std::uint8_t { length, chunked, none };

struct head_info {
  std::string_view date;    // IMF-fixdate, cached per loop
  std::string_view server;  // empty: no Server header
  framing body = framing::length;
  std::uint64_t content_length = 0;
  bool close = false;       // Connection: close
  bool keep_alive_10 = false;  // HTTP/1.0 client that asked for keep-alive
};

void serialize_head(std::string& out, const response& res, const head_info& info);
// "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 section 5.6.7) into exactly 29 bytes.
void format_http_date(std::int64_t unix_seconds, char* out29);
// Statuses that never carry a body: 1xx, 204, 304.
inline bool status_has_body(int status) { return status >= 200 && status != 204 && status != 304; }
void append_decimal(std::string& out, std::uint64_t n);
void append_hex(std::string& out, std::uint64_t n);

}  // namespace strata::http::detail
