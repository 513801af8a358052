// The logic of static file serving, apart from request objects so it can be tested without a
// server: path safety, validators (ETag, HTTP dates), conditional requests and byte ranges, and
// serve_file(), which makes the whole decision for one request.
#pragma once
#include <strata/http/parser.hpp>
#include <strata/http/response.hpp>
#include <strata/http/static_files.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace strata::http::detail {

// True when `relative` (the decoded wildcard) stays under the root: no "." or ".." segment, no
// backslash or NUL byte, and no segment starting with '.' unless dotfiles are served.
bool is_safe_relative_path(std::string_view relative, bool dotfiles);

// A weak validator from the file's size and modification time: W/"<size hex>-<mtime ns hex>".
std::string format_etag(std::uint64_t size, std::int64_t mtime_ns);
// If-None-Match: "*" or a list of entity tags; weak comparison (RFC 9110 8.8.3.2), so W/ is ignored.
bool etag_list_matches(std::string_view if_none_match, std::string_view etag);

// IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 5.6.7).
std::string format_http_date(std::chrono::sys_seconds t);
// Any of the three forms RFC 9110 5.6.7 requires a recipient to accept (IMF-fixdate, RFC 850,
// asctime); nullopt otherwise.
std::optional<std::chrono::sys_seconds> parse_http_date(std::string_view text);

struct byte_range {
  std::uint64_t first = 0;
  std::uint64_t length = 0;
};
enum class range_kind {
  none,           // no usable Range (absent, malformed, other unit, several ranges): send it all
  partial,        // 206 with `range`
  unsatisfiable,  // 416
};
struct range_result {
  range_kind kind = range_kind::none;
  byte_range range;
};
// A Range header against a representation of `size` bytes; one range only (RFC 9110 14.2).
range_result parse_range(std::string_view header, std::uint64_t size);

struct validators {
  std::string etag;
  std::chrono::sys_seconds last_modified;
};
// RFC 9110 13.2.2 for GET/HEAD: If-None-Match when present, else If-Modified-Since. True: 304.
bool is_not_modified(std::optional<std::string_view> if_none_match, std::optional<std::string_view> if_modified_since,
                     const validators& v);
// If-Range (RFC 9110 13.1.5): the Range applies only when this holds. Entity tags compare exactly,
// an approximation of strong comparison that lets clients resume with our weak tags.
bool if_range_holds(std::string_view if_range, const validators& v);

std::string cache_control(std::chrono::seconds max_age, bool immutable);

// What serve_file needs from a request.
struct static_request {
  http::method method = http::method::get;
  std::string_view path;  // the decoded wildcard, relative to the root
  std::optional<std::string_view> if_none_match;
  std::optional<std::string_view> if_modified_since;
  std::optional<std::string_view> range;
  std::optional<std::string_view> if_range;
};
// Answers one request: 404, 304, 416, 206 or 200 with the file as the body.
void serve_file(const static_options& options, const static_request& req, response& res);

}  // namespace strata::http::detail
