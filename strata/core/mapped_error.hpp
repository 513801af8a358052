// mapped_error: an error of a lower layer (a database, a cache, a queue) that knows which HTTP
// status it means, so the HTTP layer answers with problem+json without depending on that layer.
#pragma once
#include <stdexcept>
#include <string>

namespace strata {

class mapped_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
  // The status an HTTP response should carry when a handler lets this error escape.
  virtual int http_status() const noexcept { return 500; }
  // The problem document's title; the detail is what() unless expose_detail() is false.
  virtual std::string problem_title() const { return "Internal Server Error"; }
  // False when what() may hold internals (SQL text, host names) that only development mode shows.
  virtual bool expose_detail() const noexcept { return false; }
};

}  // namespace strata
