// ECMA-262 regular expressions for `pattern`, `patternProperties` and format "regex", on
// Boost.Regex (perl syntax with ECMA's line and dot rules), which is closer to ECMA-262 than
// std::regex and has a bounded, non-recursive matcher.
#pragma once
#include <memory>
#include <string>
#include <string_view>

namespace strata::schema::detail {

class regex {
 public:
  // Throws nothing: an invalid pattern leaves `error` set and the object unusable.
  static std::shared_ptr<const regex> compile(std::string_view pattern, std::string& error);
  // Unanchored search, as ECMA-262's RegExp.test. A pattern too costly to run (Boost's
  // complexity bound) counts as no match.
  bool search(std::string_view text) const;
  ~regex();

 private:
  struct impl;
  explicit regex(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace strata::schema::detail
