// redis::error: kinds, the server's error code, and the HTTP status each kind maps to.
#include <strata/redis/error.hpp>

namespace strata::redis {

std::string_view to_string(error_kind kind) noexcept {
  switch (kind) {
    case error_kind::server:
      return "server";
    case error_kind::connection:
      return "connection";
    case error_kind::timeout:
      return "timeout";
    case error_kind::protocol:
      return "protocol";
    case error_kind::usage:
      return "usage";
  }
  return "unknown";
}

std::string_view error::code() const noexcept {
  if (kind_ != error_kind::server) return {};
  std::string_view text = what();
  return text.substr(0, text.find(' '));
}

int error::http_status() const noexcept {
  return is_unavailable() ? 503 : 500;
}

std::string error::problem_title() const {
  return is_unavailable() ? "Service Unavailable" : "Internal Server Error";
}

}  // namespace strata::redis
