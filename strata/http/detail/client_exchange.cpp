// exchange_hop: the request head, connection reuse with one retry, and response decoding.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/beast/http/error.hpp>
#include <strata/http/detail/client_decode.hpp>
#include <strata/http/detail/client_exchange.hpp>
#include <strata/http/detail/client_headers.hpp>

namespace strata::http::detail {
namespace {

bool is_tchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_tchar(c)) return false;
  return true;
}

// A value must not end the header line early (header injection) or carry a NUL.
bool is_field_value(std::string_view v) {
  return v.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

// Framing and connection management are the client's; a caller's copy would contradict them.
bool client_owned(std::string_view name) {
  return header_name_equals(name, "content-length") || header_name_equals(name, "transfer-encoding") ||
         header_name_equals(name, "connection") || header_name_equals(name, "keep-alive") ||
         header_name_equals(name, "upgrade") || header_name_equals(name, "te");
}

bool wants_close(const header_list& headers) {
  for (const auto& [k, v] : headers)
    if (header_name_equals(k, "connection") && v.find("close") != std::string::npos) return true;
  return false;
}

void add(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\r\n");
}

struct head_text {
  std::string text;
  bool asked_encoding = false;  // we offered Accept-Encoding, so we decode what comes
  bool close = false;           // the request says Connection: close
};

head_text make_head(const client_state& state, const request_target& t, const hop& h) {
  const auto& o = state.options;
  const header_list& headers = *h.headers;
  head_text out;
  auto& s = out.text;
  s.reserve(256);
  s.append(h.method).append(" ").append(t.target).append(" HTTP/1.1\r\n");
  for (const auto& [k, v] : headers)
    if (!is_token(k) || !is_field_value(v))
      throw client_error(client_error_kind::usage, h.method, h.url, "invalid header " + (is_token(k) ? k : "name"));
  auto has = [&](std::string_view name) { return find_header(headers, name).has_value(); };
  if (!has("host")) add(s, "Host", t.host_header);
  for (const auto& [k, v] : headers)
    if (!client_owned(k)) add(s, k, v);
  if (!o.user_agent.empty() && !has("user-agent")) add(s, "User-Agent", o.user_agent);
  if (!has("accept")) add(s, "Accept", "*/*");
  if (o.decompress && !has("accept-encoding")) {
    add(s, "Accept-Encoding", "gzip, deflate, br");
    out.asked_encoding = true;
  }
  if (t.credentials && !has("authorization"))
    add(s, "Authorization", basic_credentials(t.credentials->first, t.credentials->second));
  // POST, PUT and PATCH say their length even when empty; servers may want 411 otherwise.
  if (!h.body.empty() || h.method == "POST" || h.method == "PUT" || h.method == "PATCH")
    add(s, "Content-Length", std::to_string(h.body.size()));
  out.close = wants_close(headers) || o.max_idle_per_origin == 0;
  if (out.close) add(s, "Connection", "close");
  s.append("\r\n");
  return out;
}

// The errors of a keep-alive connection the server closed while it sat in the pool.
bool closed_while_idle(boost::system::error_code ec) {
  return ec == boost::beast::http::error::end_of_stream || ec == boost::asio::error::eof ||
         ec == boost::asio::error::connection_reset || ec == boost::asio::error::broken_pipe ||
         ec == boost::asio::ssl::error::stream_truncated;
}

// RFC 9110 9.2.2: a retry of these cannot do twice what was meant once.
bool idempotent(std::string_view m) {
  return m == "GET" || m == "HEAD" || m == "OPTIONS" || m == "TRACE" || m == "PUT" || m == "DELETE";
}

void decode(const client_state& state, const hop& h, client_response& r) {
  auto coding = r.header("content-encoding");
  if (!coding || r.body.empty()) return;
  std::string_view c = *coding;
  while (!c.empty() && (c.front() == ' ' || c.front() == '\t')) c.remove_prefix(1);
  while (!c.empty() && (c.back() == ' ' || c.back() == '\t')) c.remove_suffix(1);
  std::string out;
  const auto max = state.options.max_response_body;
  switch (decode_body(c, r.body, max, out)) {
    case decode_status::ok:
      r.body = std::move(out);
      // As Go's transport does: the headers describe the body as the caller gets it.
      remove_header(r.headers, "content-encoding");
      remove_header(r.headers, "content-length");
      return;
    case decode_status::unknown_coding:
      return;  // left as it came, with its Content-Encoding
    case decode_status::too_large:
      throw client_error(client_error_kind::too_large, h.method, h.url,
                         "decoded response body over " + std::to_string(max) + " bytes");
    case decode_status::invalid:
      throw client_error(client_error_kind::protocol, h.method, h.url, "response body is not valid " + std::string(c));
  }
}

}  // namespace

std::string normalize_method(std::string_view method) {
  if (!is_token(method)) throw client_error(client_error_kind::usage, method, "", "invalid method");
  for (std::string_view m : {"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"})
    if (header_name_equals(method, m)) return std::string(m);
  return std::string(method);
}

task<client_response> exchange_hop(std::shared_ptr<client_state> state, std::shared_ptr<client_pool> pool, const hop& h,
                                   const exchange_info& info) {
  const request_target t = parse_target(h.method, h.url);
  const head_text head = make_head(*state, t, h);
  const bool head_request = h.method == "HEAD";
  auto ex = co_await boost::asio::this_coro::executor;

  bool fresh_only = false;
  for (;;) {
    std::unique_ptr<client_connection> conn = fresh_only ? nullptr : pool->take(t.origin);
    const bool reused = conn != nullptr;
    if (reused) {
      state->reuses.fetch_add(1, std::memory_order_relaxed);
    } else {
      conn = std::make_unique<client_connection>(ex);
      co_await conn->open(t, t.tls ? &state->tls_context() : nullptr, info);
      state->connects.fetch_add(1, std::memory_order_relaxed);
    }
    state->requests.fetch_add(1, std::memory_order_relaxed);

    raw_answer answer;
    const auto ec = co_await conn->exchange(head.text, h.body, head_request, info, answer);
    if (ec) {
      // A pooled connection the server closed in the meantime: once more on a new one.
      if (reused && conn->got_nothing() && closed_while_idle(ec) && idempotent(h.method)) {
        fresh_only = true;
        continue;
      }
      conn->raise(ec, info, false);
    }
    if (conn->reusable() && !head.close) {
      auto idle_for = state->options.idle_timeout;
      // Leave a second's margin before the server's own limit, as undici does.
      if (auto hint = conn->keep_alive_hint())
        idle_for = std::min<std::chrono::milliseconds>(idle_for, *hint - std::chrono::seconds(1));
      pool->put(t.origin, std::move(conn), idle_for, state->options.max_idle_per_origin);
    }

    client_response r;
    r.status = answer.status;
    r.reason = std::move(answer.reason);
    r.headers = std::move(answer.headers);
    r.body = std::move(answer.body);
    r.url = h.url;
    r.method = h.method;
    if (head.asked_encoding && !head_request) decode(*state, h, r);
    co_return r;
  }
}

}  // namespace strata::http::detail
