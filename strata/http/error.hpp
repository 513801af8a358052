// http_error: throw it from a handler or hook to answer with that status as RFC 9457
// application/problem+json. Any other exception becomes a 500 without internals (outside dev mode).
#pragma once
#include <boost/json/object.hpp>

#include <stdexcept>
#include <string>

namespace strata::http {

class http_error : public std::runtime_error {
public:
  http_error(int status, std::string title, std::string detail = {}, boost::json::object extra = {})
      : std::runtime_error(title), status_(status), title_(std::move(title)), detail_(std::move(detail)),
        extra_(std::move(extra)) {}
  int status() const { return status_; }
  const std::string& title() const { return title_; }
  const std::string& detail() const { return detail_; }
  // Extension members merged into the problem document (e.g. "errors": [...]).
  const boost::json::object& extra() const { return extra_; }

private:
  int status_;
  std::string title_;
  std::string detail_;
  boost::json::object extra_;
};

// The standard reason phrase of a status code ("Not Found"), or "Unknown".
std::string_view reason_phrase(int status);

}  // namespace strata::http
