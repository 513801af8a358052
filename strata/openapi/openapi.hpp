// OpenAPI 3.1 documents generated from a router's routes: paths with their parameters, request
// bodies and responses taken from each route's Fastify-shaped schema, tags, summaries, and the
// components the service names. Routes marked hidden are left out.
//
//   auto doc = strata::openapi::generate(server.router(), {.title = "Orders", .version = "2.1.0"});
#pragma once
#include <strata/http/router.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace strata::openapi {

struct info {
  std::string title = "API";
  std::string version = "1.0.0";
  std::string description;
  std::vector<std::string> servers;     // base URLs, e.g. "https://api.example.com"
  boost::json::object schemas;          // components.schemas, for "$ref": "#/components/schemas/X"
  boost::json::object security_schemes; // components.securitySchemes
  boost::json::array security;          // the document-wide security requirement
  // Every operation also documents Strata's error answers (application/problem+json).
  bool problem_responses = true;
};

boost::json::object generate(const http::router& routes, const info& about);

// "/users/:id/*" as OpenAPI writes it: "/users/{id}/{wildcard}".
std::string openapi_path(std::string_view pattern);

// The document (or any JSON) as YAML.
std::string to_yaml(const boost::json::value& v);

}  // namespace strata::openapi
