// The connection's write access to a request's private fields.
#pragma once
#include <strata/http/request.hpp>

namespace strata::http {

struct request::access {
  // Starts a new message: everything from the previous request on the connection is dropped.
  static void reset(request& r) {
    r.head_ = nullptr;
    r.path_ = {};
    r.body_ = {};
    r.params_.clear();
    r.decoded_params_.clear();
    r.query_.clear();
    r.query_parsed_ = false;
    r.json_.reset();
    r.locals_.clear();
    r.started_at_ = r.finished_at_ = {};
    r.id_.clear();
    r.route_ = nullptr;
    r.error_ = nullptr;
    r.release_slots();
  }
  static void set_head(request& r, const request_head* head) { r.head_ = head; }
  static std::string_view& path(request& r) { return r.path_; }
  static std::string& path_storage(request& r) { return r.path_storage_; }
  static std::vector<path_param>& params(request& r) { return r.params_; }
  static void set_body(request& r, std::string_view body) { r.body_ = body; }
  static void set_route(request& r, const route* rt) { r.route_ = rt; }
  static void set_error(request& r, std::exception_ptr e) { r.error_ = std::move(e); }
  static std::string& ip(request& r) { return r.ip_; }
};

}  // namespace strata::http
