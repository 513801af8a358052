// coerce_types: turns an instance value into one of the types a `type` keyword wants, as ajv's
// coerceTypes: "array" does, for values that arrive as text (query strings, headers).
#pragma once
#include <boost/json/value.hpp>
#include <cstdint>

namespace strata::schema::detail {

// `types` is a set of detail::type_bits. Changes `v` and returns true when some conversion fits.
bool coerce(boost::json::value& v, std::uint8_t types);

}  // namespace strata::schema::detail
