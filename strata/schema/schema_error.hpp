// The schema layer's errors. schema_error: a schema that cannot be compiled (malformed keyword,
// unresolvable $ref, bad regex, a $ref cycle that consumes no input), thrown by compile(), never
// by validation. conversion_error: JSON that does not fit a C++ type (from_json).
#pragma once
#include <stdexcept>
#include <string>
#include <utility>

namespace strata::schema {

class schema_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class conversion_error : public std::runtime_error {
 public:
  // `pointer`: where in the JSON ("/author/username", "" for the whole value).
  conversion_error(std::string pointer, const std::string& message)
      : std::runtime_error(message + (pointer.empty() ? "" : " at " + pointer)),
        pointer_(std::move(pointer)),
        message_(message) {}
  const std::string& pointer() const { return pointer_; }
  const std::string& message() const { return message_; }

 private:
  std::string pointer_;
  std::string message_;
};

}  // namespace strata::schema
