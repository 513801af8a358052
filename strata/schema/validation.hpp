// Schema-first routes: the validation plugin checks each request against its route's schema
// (Fastify's shape: "params", "querystring", "headers", "body") before the handler runs, and
// answers 400 problem+json listing every error, each with its `instancePath` ("/body/email").
// Params, query and headers are coerced as ajv's coerceTypes does ("42" becomes 42 for an
// integer); defaults are filled in. The handler reads the checked, typed values:
//
//   srv.use(strata::schema::validation());
//   srv.get("/items", list, {.schema = {{"querystring", {{"type", "object"}, {"properties",
//           {{"limit", {{"type", "integer"}, {"default", 20}}}}}}}}});
//   ... in list: strata::schema::query(req).at("limit").as_int64()
//
// strata::app installs it. Schemas are compiled once per route, at its first request; a route
// whose schema cannot be compiled answers 500 (a server bug, not the client's).
//
// A route's `response` schemas also serialize its res.json() payloads (serializer.hpp): only the
// declared properties, in declared order; the status's schema, else its range ("2xx"), else
// "default". Schemas from described structs and typed access are in typed.hpp.
#pragma once
#include <strata/http/router.hpp>
#include <strata/schema/validator.hpp>

#include <boost/json/value.hpp>

#include <functional>

namespace strata::schema {

struct validation_options {
  options compile;            // all_errors and formats; coerce_types/use_defaults are set per part
  bool coerce = true;         // params, querystring, headers: strings become the types asked for
  bool use_defaults = true;   // missing properties with a default get it (all parts)
  // Payloads of routes with a response schema for the status are written by it (unknown fields
  // dropped). A handler or hook opts one response out with res.set_payload_writer(nullptr).
  bool serialize_responses = true;
};

std::function<void(http::scope&)> validation(validation_options options = {});

// The checked values of the current request; null when the route has no schema for that part.
const boost::json::value& params(http::request& req);
const boost::json::value& query(http::request& req);
const boost::json::value& headers(http::request& req);
const boost::json::value& body(http::request& req);

}  // namespace strata::schema
