// schema_error: a schema that cannot be compiled (malformed keyword, unresolvable $ref, bad regex,
// a $ref cycle that consumes no input). Thrown by compile(), never by validation.
#pragma once
#include <stdexcept>
#include <string>

namespace strata::schema {

class schema_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace strata::schema
