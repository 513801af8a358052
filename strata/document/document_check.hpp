// What a stored document must be: a JSON object with a string "_id" (generated when absent) and
// no member name starting with '$' at any depth (MongoDB refuses them, so every backend does).
#pragma once
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>

namespace strata::document::detail {

inline constexpr std::size_t max_document_depth = 100;  // MongoDB's own nesting limit

// True when no member name inside v starts with '$', v nests at most max_document_depth deep and
// holds no NaN or infinity (JSON has none, but Boost.JSON reads 0e999 as NaN and 1e999 as inf).
bool storable_value(const boost::json::value& v);

// A number JSON can represent: not NaN or infinite.
bool finite_number(const boost::json::value& v) noexcept;

// Checks doc and gives it an "_id" when it has none; returns the id. Throws document::error
// (errc::bad_document).
std::string prepare_document(boost::json::object& doc);

}  // namespace strata::document::detail
