// The metaschemas built into the validator, looked up by URI when a $ref or $schema names one.
#pragma once
#include <span>
#include <string_view>

namespace strata::schema::detail {

struct builtin_schema {
  std::string_view uri;  // without the empty fragment
  std::string_view text;
};

std::span<const builtin_schema> builtin_schemas();

}  // namespace strata::schema::detail
