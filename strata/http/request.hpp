// request: what a handler reads. Views point into the connection's read buffer and are valid until
// the handler (and the response hooks) finish; copy what must outlive the request.
#pragma once
#include <strata/http/parser.hpp>
#include <strata/http/route_table.hpp>

#include <boost/json/value.hpp>

#include <any>
#include <array>
#include <chrono>
#include <cstdint>
#include <exception>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace strata::http {

struct route;
template <class T>
class request_slot;

// Name/value pairs of a query string or an application/x-www-form-urlencoded body, decoded
// ('+' as space); a malformed escape keeps its raw text, as Node's querystring does.
std::vector<std::pair<std::string, std::string>> parse_urlencoded(std::string_view text);

class request {
public:
  http::method method() const { return head_->method; }
  std::string_view method_text() const { return head_->method_text; }
  std::string_view target() const { return head_->target; }
  // The percent-decoded path ("/a%20b" reads "/a b"). raw_path() is as sent.
  std::string_view path() const { return path_; }
  std::string_view raw_path() const { return head_->path; }
  std::string_view query_string() const { return head_->query; }
  // The first value of a query parameter, decoded ("+" is a space), or nullopt.
  std::optional<std::string_view> query(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& query_params() const;
  // A route parameter (":id" in the pattern, "*" for a wildcard), percent-decoded; empty if absent.
  std::string_view param(std::string_view name) const;
  const std::vector<path_param>& params() const { return params_; }

  // The first header of that name (case-insensitive), or nullopt.
  std::optional<std::string_view> header(std::string_view name) const;
  std::span<const header_field> headers() const { return head_->headers; }
  std::string_view host() const { return head_->authority; }
  int version_minor() const { return head_->version_minor; }
  bool keep_alive() const { return head_->keep_alive; }

  std::string_view body() const { return body_; }
  // The body parsed as JSON; throws http_error 400 (problem+json) when it is not valid JSON.
  const boost::json::value& json() const;

  // The value of a cookie from the Cookie header, or nullopt.
  std::optional<std::string_view> cookie(std::string_view name) const;

  const std::string& ip() const { return ip_; }  // the peer address (see middleware for proxies)
  std::string_view route_pattern() const;        // "/users/:id", empty when no route matched
  const http::route* matched_route() const { return route_; }  // null when no route matched
  std::string_view id() const { return id_; }    // request id (request_id middleware sets it)

  // Timing shared by every hook that measures the request (the request logger, metrics, tracing),
  // so they report the same duration and the clock is read twice per request, not twice per hook.
  // started_at(): read from the clock on the first call (an on_request hook), the same after.
  std::chrono::steady_clock::time_point started_at() {
    if (started_at_ == std::chrono::steady_clock::time_point{}) started_at_ = std::chrono::steady_clock::now();
    return started_at_;
  }
  // The time the response was done, read on the first call (the first on_response hook that asks).
  std::chrono::steady_clock::time_point finished_at() {
    if (finished_at_ == std::chrono::steady_clock::time_point{}) finished_at_ = std::chrono::steady_clock::now();
    return finished_at_;
  }
  // finished_at() - started_at(); nullopt when nothing asked for started_at().
  std::optional<std::chrono::steady_clock::duration> elapsed() {
    if (started_at_ == std::chrono::steady_clock::time_point{}) return std::nullopt;
    return finished_at() - started_at_;
  }
  // Copied into storage the connection keeps from request to request: no allocation per id.
  void set_id(std::string_view id) { id_.assign(id.data(), id.size()); }

  // Per-request state shared by hooks and the handler (Fastify's decorateRequest, Express's
  // res.locals): req.set("user", user) then req.get<user_t>("user").
  template <class T>
  void set(std::string_view key, T value) {
    for (auto& [k, v] : locals_)
      if (k == key) {
        v = std::move(value);
        return;
      }
    locals_.emplace_back(std::string(key), std::any(std::move(value)));
  }
  template <class T>
  T* get(std::string_view key) {
    for (auto& [k, v] : locals_)
      if (k == key) return std::any_cast<T>(&v);
    return nullptr;
  }

  // The error being handled, inside on_error hooks; null elsewhere.
  std::exception_ptr error() const { return error_; }

  // Internal: the connection fills a request in place for each message.
  struct access;

  // How many request_slot objects may exist at a time in the process.
  static constexpr std::size_t max_slots = 8;

  request() = default;
  // A request is the connection's, filled in place: never copied, so a slot's value is released once.
  request(const request&) = delete;
  request& operator=(const request&) = delete;
  ~request() { release_slots(); }

private:
  friend struct access;
  template <class T>
  friend class request_slot;
  using slot_bits = std::uint8_t;
  static_assert(max_slots <= 8 * sizeof(slot_bits));
  // Empties every slot, running the release of each one that holds a value.
  void release_slots() noexcept {
    if (slots_set_) release_slots_in_use();
  }
  void release_slots_in_use() noexcept;

  const request_head* head_ = nullptr;
  std::string_view path_;
  std::string path_storage_;
  std::string_view body_;
  std::vector<path_param> params_;
  mutable std::vector<std::string> decoded_params_;
  mutable std::vector<std::pair<std::string, std::string>> query_;
  mutable bool query_parsed_ = false;
  mutable std::optional<boost::json::value> json_;
  std::vector<std::pair<std::string, std::any>> locals_;
  std::chrono::steady_clock::time_point started_at_{}, finished_at_{};
  std::string ip_;
  std::string id_;
  const route* route_ = nullptr;
  std::exception_ptr error_;
  std::array<void*, max_slots> slots_{};  // request_slot values
  slot_bits slots_set_ = 0;               // bit i: slots_[i] holds a value
};

}  // namespace strata::http
