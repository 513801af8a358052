// A Postman collection (v2.1) from an OpenAPI document: one folder per tag, one request per
// operation with example path, query and body values drawn from the schemas, {{baseUrl}} and
// {{token}} variables, and a test per request that checks the documented success status, so
// `newman run` exercises the service.
#pragma once
#include <boost/json/object.hpp>

#include <string>

namespace strata::openapi {

struct postman_options {
  std::string name;                              // default: the document's info.title
  std::string base_url = "http://localhost:8080";
  std::string token;                             // sent as a bearer token when set
};

boost::json::object to_postman(const boost::json::object& openapi, const postman_options& options = {});

// An example value for a JSON schema: its examples, example, default, const or first enum value,
// else one built from its type (objects from their properties, strings from their format).
// "$ref"s into "#/components/schemas/" are followed in `components`.
boost::json::value example_of(const boost::json::value& schema, const boost::json::object& components = {});

}  // namespace strata::openapi
