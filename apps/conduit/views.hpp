// The JSON shapes of the RealWorld spec, built from rows.
#pragma once
#include "models.hpp"

#include <boost/json/object.hpp>

#include <string>

namespace conduit {

// "2026-11-26T09:30:00.123Z": ISO 8601 with milliseconds, as the spec's clients check.
std::string iso_time(strata::sql::timestamp t);

boost::json::object user_view(const user& u, const std::string& token);
boost::json::object profile_view(const user& u, bool following);
// favorited and author.following are for the viewer; false for anonymous readers.
boost::json::object article_view(const article& a, bool favorited, bool following);
boost::json::object comment_view(const comment& c, bool following);

}  // namespace conduit
