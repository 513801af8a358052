// The HTTP status of each document::error kind.
#include <strata/document/error.hpp>

namespace strata::document {

int error::http_status() const noexcept {
  switch (code_) {
    case errc::bad_query:
    case errc::bad_update:
    case errc::bad_document:
      return 400;
    case errc::duplicate_key:
      return 409;
    case errc::unavailable:
      return 503;
    case errc::backend:
      return 500;
  }
  return 500;
}

std::string error::problem_title() const {
  switch (http_status()) {
    case 400:
      return "Bad Request";
    case 409:
      return "Conflict";
    case 503:
      return "Service Unavailable";
    default:
      return "Internal Server Error";
  }
}

}  // namespace strata::document
