// The docs plugin: serves the generated OpenAPI document and what reads it.
//   GET /openapi.json, /openapi.yaml   the OpenAPI 3.1 document of the server's routes
//   GET /postman.json                  a Postman v2.1 collection of them
//   GET /docs                          Swagger UI, from swagger-ui-dist (npm) installed in the
//                                      build folder at build time and served locally, no CDN
//
//   server.use(strata::openapi::docs({.about = {.title = "Orders", .version = "2.1.0"}}));
#pragma once
#include <strata/http/router.hpp>
#include <strata/openapi/openapi.hpp>
#include <strata/openapi/postman.hpp>

#include <functional>
#include <string>

namespace strata::openapi {

struct docs_options {
  info about;
  std::string prefix;              // mount point of all the docs routes, e.g. "/api"
  // Folder holding swagger-ui-dist's files; empty: $STRATA_SWAGGER_UI_DIR, else the copy the
  // build installed. /docs answers 503 problem+json when neither exists.
  std::string swagger_ui_dir;
  postman_options postman;
};

// The decoration under which docs() leaves its options on the scope it is used on.
inline constexpr std::string_view decoration_name = "strata.openapi.docs";

// What `--print-openapi[=json|yaml|postman]` prints for a server's routes (strata::app handles
// the flag: it prints this and exits instead of serving). `about` comes from the docs plugin's
// options when it was used on the server, else `fallback`.
// Throws std::invalid_argument for another format.
std::string print_document(http::scope& root, std::string_view format, const info& fallback);

// A plugin for server.use(): registers the routes above (hidden from the document itself). The
// document is generated at the first request, when every route is known, and kept.
std::function<void(http::scope&)> docs(docs_options options = {});

}  // namespace strata::openapi
