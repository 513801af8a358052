// Static files: serve_static() returns a handler for a wildcard route ("/assets/*") that serves
// files under a root folder with ETag/If-None-Match and Last-Modified/If-Modified-Since (304),
// single byte ranges (206/416), a Content-Type by extension, and sendfile(2) for the body.
#pragma once
#include <strata/http/handler.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace strata::http {

struct static_options {
  std::string root;                          // folder served
  std::string index = "index.html";          // served for a folder; empty: 404 for folders
  std::chrono::seconds max_age{0};           // Cache-Control: public, max-age=N
  bool immutable = false;                    // adds "immutable" to Cache-Control
  bool dotfiles = false;                     // serve names starting with '.' (default: 404)
  bool fallthrough = false;                  // unused for now: a miss answers 404
};

handler serve_static(static_options options);

// "text/html; charset=utf-8" for "x.html", "application/octet-stream" when unknown.
std::string_view mime_type(std::string_view path);

}  // namespace strata::http
