#include "views.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace conduit {
namespace {

namespace json = boost::json;

json::value nullable(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

}  // namespace

std::string iso_time(strata::sql::timestamp t) {
  using namespace std::chrono;
  const auto ms = floor<milliseconds>(t);
  const auto day = floor<days>(ms);
  const year_month_day ymd(day);
  const hh_mm_ss hms(ms - day);
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()), int(hms.hours().count()), int(hms.minutes().count()),
                int(hms.seconds().count()), int(hms.subseconds().count()));
  return out;
}

json::object user_view(const user& u, const std::string& token) {
  return {{"email", u.email}, {"token", token}, {"username", u.username}, {"bio", nullable(u.bio)},
          {"image", nullable(u.image)}};
}

json::object profile_view(const user& u, bool following) {
  return {{"username", u.username}, {"bio", nullable(u.bio)}, {"image", nullable(u.image)}, {"following", following}};
}

json::object article_view(const article& a, bool favorited, bool following) {
  // Alphabetical, as the spec's clients expect (the collection checks the order).
  std::vector<std::string_view> names;
  for (const auto& t : a.tags) names.emplace_back(t.name);
  std::sort(names.begin(), names.end());
  json::array tags;
  for (auto n : names) tags.emplace_back(n);
  return {{"slug", a.slug},
          {"title", a.title},
          {"description", a.description},
          {"body", a.body},
          {"tagList", std::move(tags)},
          {"createdAt", iso_time(a.created_at)},
          {"updatedAt", iso_time(a.updated_at)},
          {"favorited", favorited},
          {"favoritesCount", a.favorites_count},
          {"author", a.author ? profile_view(*a.author, following) : json::object{}}};
}

json::object comment_view(const comment& c, bool following) {
  return {{"id", c.id},
          {"createdAt", iso_time(c.created_at)},
          {"updatedAt", iso_time(c.updated_at)},
          {"body", c.body},
          {"author", c.author ? profile_view(*c.author, following) : json::object{}}};
}

}  // namespace conduit
