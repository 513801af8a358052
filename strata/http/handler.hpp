// handler: a route handler or a lifecycle hook. Either a coroutine, task<void>(request&, response&),
// or a plain function, void(request&, response&); the plain kind skips the coroutine frame, which
// is worth having on hot routes that never wait.
#pragma once
#include <strata/core/task.hpp>
#include <strata/http/request.hpp>
#include <strata/http/response.hpp>

#include <concepts>
#include <cstdint>
#include <functional>
#include <type_traits>

namespace strata::http {

class handler {
public:
  handler() = default;
  template <class F>
    requires std::is_invocable_r_v<task<void>, F&, request&, response&>
  handler(F f) : async_(std::move(f)) {}  // NOLINT: implicit on purpose, lambdas convert
  template <class F>
    requires(std::is_invocable_r_v<void, F&, request&, response&> &&
             !std::is_invocable_r_v<task<void>, F&, request&, response&>)
  handler(F f) : sync_(std::move(f)) {}  // NOLINT

  explicit operator bool() const { return sync_ || async_; }
  bool is_async() const { return static_cast<bool>(async_); }
  void call_sync(request& req, response& res) const { sync_(req, res); }
  task<void> call_async(request& req, response& res) const { return async_(req, res); }
  task<void> operator()(request& req, response& res) const {
    if (async_) co_await async_(req, res);
    else sync_(req, res);
  }

private:
  std::function<void(request&, response&)> sync_;
  std::function<task<void>(request&, response&)> async_;
};

// The request lifecycle, in order (Fastify's names). on_error runs instead of the remaining stages
// when a handler or hook throws; on_response runs after the response has been written.
enum class hook_kind : std::uint8_t {
  on_request,         // the head is parsed and routed; the body is not read yet
  pre_parsing,        // the body has been read, not yet parsed
  pre_validation,     // the body is parsed; schemas have not run
  pre_handler,        // validated; the handler is next (auth guards go here)
  pre_serialization,  // the handler set a JSON payload; it may still be changed
  on_send,            // the response is final but not written (headers may change)
  on_response,        // queued for writing (pipelined responses go out together); logs, metrics
  on_error,           // a stage threw; req.error() holds the exception
};
inline constexpr std::size_t hook_kind_count = 8;

}  // namespace strata::http
