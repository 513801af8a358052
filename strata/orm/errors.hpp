// orm::not_found: update() of a row that is not there (or is soft-deleted). Escaping a handler
// it becomes a 404 problem+json, like Prisma's "record to update not found".
#pragma once
#include <strata/core/mapped_error.hpp>

#include <string>

namespace strata::orm {

class not_found : public mapped_error {
public:
  explicit not_found(const std::string& table) : mapped_error("no such row in " + table) {}
  int http_status() const noexcept override { return 404; }
  std::string problem_title() const override { return "Not Found"; }
  bool expose_detail() const noexcept override { return false; }  // table names are internals
};

}  // namespace strata::orm
