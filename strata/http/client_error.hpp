// client_error: every failure of the outbound HTTP client (strata::http::client). A handler that
// lets one escape answers 502 Bad Gateway, or 504 Gateway Timeout when the upstream was too slow.
#pragma once
#include <strata/core/mapped_error.hpp>
#include <string>
#include <string_view>

namespace strata::http {

enum class client_error_kind {
  connect,    // DNS, refused, reset, or the connection closed before a whole response
  tls,        // handshake failed: certificate not trusted, wrong name, protocol mismatch
  timeout,    // connect_timeout or the total timeout passed
  protocol,   // the upstream sent something that is not HTTP/1.1, or invalid JSON to json()
  too_large,  // the response head or body passed its limit
  redirect,   // more redirects than max_redirects allows, or a Location that cannot be followed
  status,     // client_response::ensure_ok() on a non-2xx answer
  usage,      // a bad URL or request (not the upstream's fault: 500)
};

std::string_view to_string(client_error_kind kind) noexcept;

class client_error : public mapped_error {
 public:
  // `url` is redacted here, so a message never carries a password or a query value.
  client_error(client_error_kind kind, std::string_view method, std::string_view url, std::string_view what);

  client_error_kind kind() const noexcept { return kind_; }
  const std::string& url() const noexcept { return url_; }  // redacted
  // The upstream's status for kind status, 0 otherwise.
  int upstream_status() const noexcept { return upstream_status_; }
  void set_upstream_status(int s) noexcept { upstream_status_ = s; }

  int http_status() const noexcept override;  // 504 timeout, 500 usage, 502 otherwise
  std::string problem_title() const override;
  bool expose_detail() const noexcept override { return false; }  // names upstream hosts

 private:
  client_error_kind kind_;
  std::string url_;
  int upstream_status_ = 0;
};

// The URL fit for logs and errors: a password in the userinfo and every query value become "***"
// (tokens, codes, signatures and API keys travel in queries under too many names to list).
std::string redact_url(std::string_view url);

}  // namespace strata::http
