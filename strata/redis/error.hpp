// redis::error: every failure of the Redis client. A server error reply keeps the server's text;
// lost connections and timeouts are 503 when a handler lets them escape (retrying later may work).
#pragma once
#include <strata/core/mapped_error.hpp>
#include <string>
#include <string_view>

namespace strata::redis {

enum class error_kind {
  server,      // the server answered with an error reply (-ERR ..., -WRONGTYPE ..., -NOSCRIPT ...)
  connection,  // no connection, or it was lost while the command was in flight
  timeout,     // connect_timeout or command_timeout passed
  protocol,    // the server sent bytes that are not RESP, or past a limit of the parser
  usage,       // a bad URL or option, or a reply of another type than the call expects
};

std::string_view to_string(error_kind kind) noexcept;

class error : public mapped_error {
 public:
  error(error_kind kind, std::string message) : mapped_error(std::move(message)), kind_(kind) {}

  error_kind kind() const noexcept { return kind_; }
  // The first word of a server error ("ERR", "WRONGTYPE", "NOSCRIPT", "NOAUTH"...); empty otherwise.
  std::string_view code() const noexcept;
  bool is_server_error() const noexcept { return kind_ == error_kind::server; }
  // Connection lost or timed out: the command may or may not have run.
  bool is_unavailable() const noexcept { return kind_ == error_kind::connection || kind_ == error_kind::timeout; }

  int http_status() const noexcept override;  // 503 for connection and timeout, 500 otherwise
  std::string problem_title() const override;
  bool expose_detail() const noexcept override { return false; }  // may name hosts and keys

 private:
  error_kind kind_;
};

}  // namespace strata::redis
