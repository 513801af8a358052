// coerce: the typed value a string from the environment, .env or --set stands for at its key.
#pragma once
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string_view>

namespace strata::config::detail {

// The type comes from the schema node, else from the value a lower layer set (a default of 8080
// makes PORT=9090 an integer), else the text is read as JSON when it looks like JSON. Text that
// does not fit the type stays a string, so validation can report it as it was given.
boost::json::value coerce(std::string_view text, const boost::json::object* schema_node,
                          const boost::json::value* existing);

// JSON for objects, arrays, true/false/null, and numbers that read back as the same text ("8080"
// yes; "1.10" and "1e3" no, they stay strings so a version number is not rewritten).
boost::json::value parse_if_json(std::string_view text);

}  // namespace strata::config::detail
