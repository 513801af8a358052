// client: the fetch loop (one hop per redirect, all under one deadline) and the default client.
#include <boost/asio/execution/context.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/this_coro.hpp>
#include <strata/http/client.hpp>
#include <strata/http/detail/client_exchange.hpp>
#include <strata/http/detail/client_headers.hpp>
#include <strata/http/detail/client_pool.hpp>
#include <strata/http/detail/client_state.hpp>
#include <strata/http/detail/client_url.hpp>

namespace strata::http {
namespace {

bool is_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// Turns the request into the next hop's for a redirect, as the Fetch standard's "HTTP-redirect
// fetch" does: 303 (and 301/302 after a POST) become a GET without a body; leaving the origin
// drops the credentials meant for it.
void follow(int status, const std::string& from, const std::string& to, std::string& method,
            detail::header_list& headers, std::string& body) {
  if ((status == 303 && method != "GET" && method != "HEAD") ||
      ((status == 301 || status == 302) && method == "POST")) {
    method = "GET";
    body.clear();
    for (std::string_view h :
         {"content-type", "content-length", "content-encoding", "content-language", "content-location"})
      detail::remove_header(headers, h);
  }
  const auto a = detail::parse_target(method, from), b = detail::parse_target(method, to);
  if (a.origin != b.origin)
    for (std::string_view h : {"authorization", "cookie", "proxy-authorization", "host"})
      detail::remove_header(headers, h);
}

task<client_response> run_fetch(std::shared_ptr<detail::client_state> state, client_request req) {
  const auto& o = state->options;
  auto ex = co_await boost::asio::this_coro::executor;
  auto& ctx = boost::asio::query(ex, boost::asio::execution::context);
  auto pool = detail::loop_pool(ctx, ex, state);

  const auto timeout = req.timeout.value_or(o.total_timeout);
  detail::hop h;
  h.method = detail::normalize_method(req.method);
  h.url = std::move(req.url);
  std::string body = std::move(req.body);
  detail::header_list headers = std::move(req.headers);

  detail::exchange_info info;
  info.deadline = detail::client_clock::now() + timeout;
  info.timeout = timeout;
  info.options = &o;

  for (unsigned redirects = 0;; ++redirects) {
    h.headers = &headers;
    h.body = body;
    info.method = h.method;
    info.url = h.url;
    client_response r = co_await detail::exchange_hop(state, pool, h, info);
    r.redirects = redirects;
    if (o.max_redirects == 0 || !is_redirect(r.status)) co_return r;
    const auto location = r.header("location");
    if (!location) co_return r;  // nowhere to go: the 3xx is the answer
    if (redirects == o.max_redirects)
      throw client_error(client_error_kind::redirect, h.method, h.url,
                         "more than " + std::to_string(o.max_redirects) + " redirects");
    auto next = detail::resolve_location(h.url, *location);
    try {
      if (!next) throw client_error(client_error_kind::usage, h.method, h.url, "");
      follow(r.status, h.url, *next, h.method, headers, body);
    } catch (const client_error&) {
      throw client_error(client_error_kind::redirect, h.method, h.url,
                         "redirected to " + redact_url(*location) + ", which cannot be fetched");
    }
    h.url = std::move(*next);
  }
}

}  // namespace

client::client() : client(client_options{}) {}

client::client(client_options options) : state_(std::make_shared<detail::client_state>(std::move(options))) {}

// Not a coroutine itself: the state travels in the task, so the handle may go before the task runs.
task<client_response> client::fetch(client_request request) {
  return run_fetch(state_, std::move(request));
}

task<client_response> client::get(std::string url) {
  client_request r;
  r.url = std::move(url);
  return run_fetch(state_, std::move(r));
}

const client_options& client::options() const {
  return state_->options;
}

client_stats client::stats() const {
  return {state_->requests.load(std::memory_order_relaxed), state_->connects.load(std::memory_order_relaxed),
          state_->reuses.load(std::memory_order_relaxed)};
}

task<client_response> fetch(client_request request) {
  // Never destroyed: its pools live in the loops and end with them.
  static client* const shared = new client();
  return shared->fetch(std::move(request));
}

}  // namespace strata::http
