// request_logger: pino-http for Strata. srv.use(strata::log::request_logger()) gives each request
// a child logger bound to its id (reqId), which handlers reach with strata::log::of(req), and
// writes one line when the response has gone out:
//   {..., "reqId":"...", "req":{"id","method","url","headers","remoteAddress"},
//    "res":{"statusCode","headers"}, "responseTime":1.234, "route":"/users/:id",
//    "msg":"request completed"}
// at info below 400, warn for 4xx, error for 5xx. Install it first (after request_id, if that is
// used) so its hooks see every request.
#pragma once
#include <strata/http/middleware.hpp>
#include <strata/http/request.hpp>
#include <strata/log/logger.hpp>

#include <functional>
#include <string>
#include <vector>

namespace strata::log {

struct request_logger_options {
  // Header names logged under req.headers and res.headers (lowercased, as Node shows them).
  std::vector<std::string> request_headers = {"host", "user-agent"};
  std::vector<std::string> response_headers = {"content-type", "content-length"};
  std::string message = "request completed";
  std::string error_message = "request errored";  // status >= 500 (pino-http's wording)
  std::string id_key = "reqId";                   // the binding on every line of the request
  // True: no line for this request (health checks); of(req) still gives its child logger.
  std::function<bool(const http::request&)> ignore;
  logger parent;  // the loggers are its children; default: the root logger
};

http::plugin_fn request_logger(request_logger_options options = {});

// The request's logger (bound by request_logger), or the root logger when there is none. The
// reference lives in the request's locals: it is valid until the next req.set(); to keep the
// logger longer, copy it (a logger is one pointer).
logger& of(http::request& req);

}  // namespace strata::log
