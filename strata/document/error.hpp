// document::error: what the document store throws for a bad filter, update or document (400), a
// duplicate key (409) or an unreachable server (503); escaping a handler it becomes problem+json.
#pragma once
#include <strata/core/mapped_error.hpp>
#include <string>

namespace strata::document {

enum class errc {
  bad_query,      // a filter, sort or projection outside the supported subset
  bad_update,     // an update document that cannot apply ($inc on a string, an unknown operator)
  bad_document,   // a document that cannot be stored (not an object, "_id" not a string, "$" keys)
  duplicate_key,  // a unique index refused the write
  unavailable,    // the server cannot be reached
  backend,        // anything else the server reported
};

class error : public mapped_error {
 public:
  error(errc code, const std::string& message) : mapped_error(message), code_(code) {}
  errc code() const noexcept { return code_; }
  int http_status() const noexcept override;
  std::string problem_title() const override;
  // The caller's own mistakes are explained to the caller; server messages stay internal.
  bool expose_detail() const noexcept override { return http_status() < 500; }

 private:
  errc code_;
};

}  // namespace strata::document
