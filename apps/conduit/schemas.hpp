// The routes' schemas (Fastify's shape): they validate requests, serialize responses and
// document the API at /openapi.json. Built from a few shared pieces.
#pragma once
#include <boost/json/object.hpp>

namespace conduit::schemas {

boost::json::object registration();
boost::json::object login();
boost::json::object user_update();
boost::json::object user_response();

boost::json::object profile_response();  // params: username

boost::json::object article_list();  // querystring: tag, author, favorited, limit, offset
boost::json::object feed();          // querystring: limit, offset
boost::json::object article_read();  // params: slug
boost::json::object article_create();
boost::json::object article_update();
boost::json::object article_delete();

boost::json::object comment_list();
boost::json::object comment_create();
boost::json::object comment_delete();  // params: slug, id

boost::json::object tags();

}  // namespace conduit::schemas
