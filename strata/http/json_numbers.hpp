// Boost.JSON reads a number too large for a double ("1e999") as infinity and writes infinity
// back as `Infinity`, which no JSON parser reads. Input is checked with this so such a number is
// refused where it comes in (a 400 for a request body) instead of breaking JSON written later.
#pragma once
#include <boost/json/value.hpp>

#include <cmath>

namespace strata::http {

// True when no number in `v` is infinite or NaN.
inline bool numbers_are_finite(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::double_:
      return std::isfinite(v.get_double());
    case boost::json::kind::array:
      for (const auto& item : v.get_array())
        if (!numbers_are_finite(item)) return false;
      return true;
    case boost::json::kind::object:
      for (const auto& member : v.get_object())
        if (!numbers_are_finite(member.value())) return false;
      return true;
    default:
      return true;
  }
}

}  // namespace strata::http
