// Limits on any JSON request body, schema or not: nesting depth, string length (keys too), array
// items and object members. A body past one is refused before the handler (and before schema
// validation) with problem+json: 413 for sizes, 400 for depth or a JSON body that is not JSON.
//
//   srv.use(strata::schema::json_body_limits({.max_string_length = 64 * 1024}));
//
// The check is a SAX pass (Boost.JSON's basic_parser with a counting handler) that builds
// nothing; the handler's req.json() parses afterwards as before. Bodies whose Content-Type is
// JSON (application/json, application/...+json) are checked, and bodies without a Content-Type
// (which a handler may still read as JSON); other types are left alone.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <strata/http/router.hpp>
#include <string>
#include <string_view>

namespace strata::schema {

struct json_limits {
  std::size_t max_depth = 32;               // nested arrays/objects (Boost.JSON's parse default)
  std::size_t max_string_length = 1 << 20;  // bytes, in any string or key
  std::size_t max_array_items = 100'000;    // in any one array
  std::size_t max_object_keys = 1'000;      // in any one object
};

struct limit_violation {
  int status = 413;   // 413 for sizes, 400 for depth and malformed JSON
  std::string limit;  // "max_depth", "max_string_length", ..., or "syntax"
  std::string message;
};

// The first limit `text` crosses (or its syntax error), without building the value.
std::optional<limit_violation> check_json_limits(std::string_view text, const json_limits& limits = {});

// The plugin: a pre_parsing hook refusing bodies past the limits.
std::function<void(http::scope&)> json_body_limits(json_limits limits = {});

}  // namespace strata::schema
