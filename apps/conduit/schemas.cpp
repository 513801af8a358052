#include "schemas.hpp"

#include <boost/json/array.hpp>

#include <algorithm>
#include <initializer_list>
#include <string_view>

namespace conduit::schemas {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

object str(std::int64_t min_length = 0) {
  object o{{"type", "string"}};
  if (min_length > 0) o["minLength"] = min_length;
  return o;
}
object nullable_str() { return {{"type", array{"string", "null"}}}; }
object boolean() { return {{"type", "boolean"}}; }
object integer() { return {{"type", "integer"}}; }
object timestamp() { return {{"type", "string"}, {"format", "date-time"}}; }

object obj(object properties, std::initializer_list<std::string_view> required = {}) {
  object o{{"type", "object"}, {"properties", std::move(properties)}};
  if (required.size() > 0) {
    array r;
    for (auto name : required) r.emplace_back(name);
    o["required"] = std::move(r);
  }
  return o;
}
// {"<name>": inner}, required: the spec wraps every body in one named member.
object envelope(std::string_view name, object inner) { return obj(object{{name, std::move(inner)}}, {name}); }

object profile() {
  return obj({{"username", str()}, {"bio", nullable_str()}, {"image", nullable_str()}, {"following", boolean()}},
             {"username", "bio", "image", "following"});
}
object user() {
  return obj({{"email", str()}, {"token", str()}, {"username", str()}, {"bio", nullable_str()}, {"image", nullable_str()}},
             {"email", "token", "username", "bio", "image"});
}
object article() {
  return obj({{"slug", str()},
              {"title", str()},
              {"description", str()},
              {"body", str()},
              {"tagList", object{{"type", "array"}, {"items", str()}}},
              {"createdAt", timestamp()},
              {"updatedAt", timestamp()},
              {"favorited", boolean()},
              {"favoritesCount", integer()},
              {"author", profile()}},
             {"slug", "title", "description", "body", "tagList", "createdAt", "updatedAt", "favorited", "favoritesCount",
              "author"});
}
object comment() {
  return obj({{"id", integer()}, {"createdAt", timestamp()}, {"updatedAt", timestamp()}, {"body", str()}, {"author", profile()}},
             {"id", "createdAt", "updatedAt", "body", "author"});
}
// A list item: the article without its body.
object article_preview() {
  object o = article();
  o["properties"].as_object().erase("body");
  auto& required = o["required"].as_array();
  required.erase(std::remove(required.begin(), required.end(), value("body")), required.end());
  return o;
}
object articles_page() {
  return obj({{"articles", object{{"type", "array"}, {"items", article_preview()}}}, {"articlesCount", integer()}},
             {"articles", "articlesCount"});
}

object slug_params() { return obj({{"slug", str(1)}}, {"slug"}); }
object page_query(object extra = {}) {
  extra["limit"] = object{{"type", "integer"}, {"minimum", 1}, {"maximum", 100}, {"default", 20}};
  extra["offset"] = object{{"type", "integer"}, {"minimum", 0}, {"default", 0}};
  return obj(std::move(extra));
}
object empty_response() { return object{{"204", object{{"description", "Deleted"}}}}; }

}  // namespace

object registration() {
  return {{"body", envelope("user", obj({{"username", str(1)}, {"email", str(1)}, {"password", str(1)}},
                                        {"username", "email", "password"}))},
          {"response", object{{"201", envelope("user", user())}}}};
}
object login() {
  return {{"body", envelope("user", obj({{"email", str(1)}, {"password", str(1)}}, {"email", "password"}))},
          {"response", object{{"200", envelope("user", user())}}}};
}
object user_update() {
  object fields = obj({{"email", str(1)}, {"username", str(1)}, {"password", str(1)}, {"bio", nullable_str()},
                       {"image", nullable_str()}});
  return {{"body", envelope("user", std::move(fields))}, {"response", object{{"200", envelope("user", user())}}}};
}
object user_response() { return {{"response", object{{"200", envelope("user", user())}}}}; }

object profile_response() {
  return {{"params", obj({{"username", str(1)}}, {"username"})}, {"response", object{{"200", envelope("profile", profile())}}}};
}

object article_list() {
  return {{"querystring", page_query({{"tag", str()}, {"author", str()}, {"favorited", str()}})},
          {"response", object{{"200", articles_page()}}}};
}
object feed() { return {{"querystring", page_query()}, {"response", object{{"200", articles_page()}}}}; }
object article_read() {
  return {{"params", slug_params()}, {"response", object{{"200", envelope("article", article())}}}};
}
object article_create() {
  object fields = obj({{"title", str(1)},
                       {"description", str(1)},
                       {"body", str(1)},
                       {"tagList", object{{"type", "array"}, {"items", str(1)}, {"maxItems", 50}}}},
                      {"title", "description", "body"});
  return {{"body", envelope("article", std::move(fields))}, {"response", object{{"201", envelope("article", article())}}}};
}
object article_update() {
  object fields = obj({{"title", str(1)}, {"description", str(1)}, {"body", str(1)}});
  return {{"params", slug_params()},
          {"body", envelope("article", std::move(fields))},
          {"response", object{{"200", envelope("article", article())}}}};
}
object article_delete() { return {{"params", slug_params()}, {"response", empty_response()}}; }

object comment_list() {
  return {{"params", slug_params()},
          {"response", object{{"200", obj({{"comments", object{{"type", "array"}, {"items", comment()}}}}, {"comments"})}}}};
}
object comment_create() {
  return {{"params", slug_params()},
          {"body", envelope("comment", obj({{"body", str(1)}}, {"body"}))},
          {"response", object{{"200", envelope("comment", comment())}}}};
}
object comment_delete() {
  return {{"params", obj({{"slug", str(1)}, {"id", integer()}}, {"slug", "id"})}, {"response", empty_response()}};
}

object tags() {
  return {{"response", object{{"200", obj({{"tags", object{{"type", "array"}, {"items", str()}}}}, {"tags"})}}}};
}

}  // namespace conduit::schemas
