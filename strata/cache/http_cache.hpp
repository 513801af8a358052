// http_cache: HTTP caching as a plugin, srv.use(cache::http_cache({...})): validators and
// Cache-Control on GET/HEAD responses (strong ETag from the body, Last-Modified), 304 answers to
// If-None-Match / If-Modified-Since, and a server-side copy of cacheable responses in a store.
#pragma once
#include <strata/cache/store.hpp>
#include <strata/http/middleware.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace strata::cache {

struct http_cache_rule {
  std::chrono::seconds ttl{60};   // server-side lifetime, and max-age when the handler sets none
  std::vector<std::string> vary;  // request headers that select a variant; sent as Vary
  // The server-side key; empty: method + raw path + query parameters sorted. Returning "" leaves
  // that request uncached.
  std::function<std::string(const http::request&)> key;
  bool store = true;          // false: validators and Cache-Control only, no server-side copy
  std::string cache_control;  // sent when the handler set none; empty: "public, max-age=<ttl>"
};

struct http_cache_options {
  std::shared_ptr<cache::store> store;        // empty: a memory_store of max_bytes
  std::size_t max_bytes = 32 * 1024 * 1024;   // for the memory_store made when `store` is empty
  std::size_t max_entry_bytes = 1024 * 1024;  // larger responses are sent but not kept
  http_cache_rule rule;                       // every GET/HEAD route under the scope
  // Rules by route pattern ("/users/:id", prefixes included), replacing `rule` for that route.
  std::vector<std::pair<std::string, http_cache_rule>> routes;
  bool etag = true;           // strong ETag (SHA-256 of the body) when the handler set none
  bool last_modified = true;  // Last-Modified (when the response was made) when the handler set none
  // Responses to requests carrying Authorization are personal (RFC 9111 3.5): not shared unless set.
  bool cache_authorized = false;
  // A 2xx/3xx answer to POST/PUT/PATCH/DELETE drops the stored responses of that path (RFC 9111 4.4).
  bool invalidate_on_write = true;
  std::string status_header = "X-Cache";  // HIT or MISS on GET/HEAD responses; empty: not sent
  // Stored with the body besides the representation and caching fields (Content-*, Location,
  // ETag, Last-Modified, Cache-Control, Expires, Vary, Link). Fields that hooks add per request
  // are left out on purpose: the hooks add them again to every answer from the store.
  std::vector<std::string> stored_headers;
};

// Apply it to the scopes whose answers are the same for everyone (srv.group("/catalog").use(...)):
// a 200 without Cache-Control gets the rule's public one, and a handler whose answer depends on
// the user must say `private` (or the route must have a rule with store = false).
// The server-side copy is looked up in pre_handler: guards registered on outer scopes, or before
// this plugin on the same scope, run first, so a cached page is never served past an auth check.
// Never stored: statuses other than 200, responses with Set-Cookie, Cache-Control private,
// no-store or no-cache, Vary on a header the rule does not list, files, streams, oversized bodies.
http::plugin_fn http_cache(http_cache_options options = {});

// The server-side key http_cache uses by default: "GET /path?a=1&b=2" (HEAD reads GET's entries).
std::string default_http_key(const http::request& req);

}  // namespace strata::cache
