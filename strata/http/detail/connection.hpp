// connection<Stream>: one HTTP/1.1 connection, plain TCP or TLS, as one coroutine on its loop.
// Requests are handled one after another; responses to pipelined requests are gathered in one
// output buffer and written together when the connection next needs input, so a batch of 16
// pipelined requests costs one read and one write.
#pragma once
#include <strata/http/compression.hpp>
#include <strata/http/detail/loop_state.hpp>
#include <strata/http/detail/read_buffer.hpp>
#include <strata/http/detail/request_access.hpp>
#include <strata/http/detail/serialize.hpp>
#include <strata/core/mapped_error.hpp>
#include <strata/http/error.hpp>
#include <strata/http/parser.hpp>
#include <strata/http/router.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <cerrno>
#include <cstdio>
#include <memory>
#include <string>
#include <sys/sendfile.h>
#include <type_traits>
#include <unistd.h>

namespace strata::http::detail {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
inline constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// Thrown inside the connection when the peer is gone; never reaches user code's catch-all
// handlers as a problem response, since nothing can be sent.
struct connection_lost {};

template <class Stream>
constexpr bool is_tls = !std::is_same_v<Stream, tcp::socket>;

template <class Stream>
class connection final : public connection_base, public response_stream {
public:
  connection(loop_state& loop, Stream stream, std::string ip) : loop_(loop), stream_(std::move(stream)) {
    request::access::ip(req_) = std::move(ip);
    loop_.link(this);
    ++loop_.shared.connections;
  }
  ~connection() override {
    if (!prev) return;  // orphaned by its loop_state: the server is being destroyed
    loop_.unlink(this);
    --loop_.shared.connections;
    loop_.assigned.fetch_sub(1, std::memory_order_relaxed);
  }

  static task<void> serve(std::unique_ptr<connection> self) {
    try {
      co_await self->run();
    } catch (const connection_lost&) {
    } catch (const std::exception& e) {
      std::fprintf(stderr, "strata: connection error: %s\n", e.what());
    }
    boost::system::error_code ec;
    self->socket().shutdown(tcp::socket::shutdown_both, ec);
    self->socket().close(ec);
  }

  void abort() override {
    boost::system::error_code ec;
    socket().close(ec);
  }

private:
  tcp::socket& socket() {
    if constexpr (is_tls<Stream>) return stream_.next_layer();
    else return stream_;
  }
  const server_options& opts() const { return loop_.shared.options; }
  const server_limits& limits() const { return loop_.shared.options.limits; }

  task<void> run() {
    if constexpr (is_tls<Stream>) {
      deadline = loop_.after(limits().header_timeout);
      auto [ec] = co_await stream_.async_handshake(asio::ssl::stream_base::server, use_tuple);
      if (ec) co_return;
    }
    for (;;) {
      idle = buf_.size() == 0;
      if (idle && loop_.draining) break;
      deadline = loop_.after(idle ? limits().idle_timeout : limits().header_timeout);
      parse_result head;
      for (;;) {
        head = parse_head(buf_.view(), head_, limits().head);
        if (head.status != parse_status::incomplete) break;
        if (!co_await read_more(limits().head.max_head_bytes + 1024)) co_return;
        if (idle) {
          idle = false;
          deadline = loop_.after(limits().header_timeout);
        }
      }
      idle = false;
      if (head.status == parse_status::error) {
        co_await send_early_error(head.error_status, head.error_reason);
        co_return;
      }
      if (!co_await handle(head.consumed)) break;
    }
    co_await flush();
  }

  // Reads more input after writing out whatever responses are pending. False at end of stream.
  task<bool> read_more(std::size_t max_capacity) {
    co_await flush();
    if (!buf_.prepare(max_capacity)) co_return false;  // callers check limits before this happens
    auto [ec, n] = co_await stream_.async_read_some(asio::buffer(buf_.tail(), buf_.room()), use_tuple);
    if (ec || n == 0) co_return false;
    buf_.commit(n);
    co_return true;
  }

  task<void> flush() {
    if (out_.empty()) co_return;
    std::size_t done = 0;
    if constexpr (!is_tls<Stream>) {
      // Most responses fit the socket buffer: write them now rather than through the scheduler.
      boost::system::error_code wec;
      if (!stream_.non_blocking()) stream_.non_blocking(true, wec);
      done = stream_.write_some(asio::buffer(out_), wec);
      if (wec && wec != asio::error::would_block) throw connection_lost{};
    }
    boost::system::error_code ec;
    if (done < out_.size()) {
      auto saved = deadline;
      deadline = loop_.after(limits().write_timeout);
      auto [wec, n] = co_await asio::async_write(stream_, asio::buffer(out_.data() + done, out_.size() - done), use_tuple);
      ec = wec;
      deadline = saved;
    }
    out_.clear();
    pipelined_ = 0;
    if (out_.capacity() > (1u << 20)) out_.shrink_to_fit();
    if (ec) throw connection_lost{};
  }

  // A request that cannot be parsed: answer with a problem document and close, since the stream
  // can no longer be trusted to be in sync.
  task<void> send_early_error(int status, std::string_view reason) {
    head_.clear();
    request::access::reset(req_);
    res_.reset(this);
    res_.problem(status, reason_phrase(status), reason);
    append_response(/*is_head=*/false, /*close=*/true);
    co_await flush();
  }

  // Binds the request to the parsed head: decoded path and route. Runs again whenever the buffer
  // moved while reading a body, because every view points into it.
  void bind(bool first) {
    request::access::set_head(req_, &head_);
    auto& path = request::access::path(req_);
    if (needs_decoding(head_.path, false)) {
      auto& storage = request::access::path_storage(req_);
      if (!percent_decode(head_.path, storage, false)) throw http_error(400, "Bad Request", "malformed percent-encoding in path");
      path = storage;
    } else {
      path = head_.path;
    }
    match_ = loop_.shared.router->find(head_.method, head_.method_text, head_.path, request::access::params(req_));
    route_ = match_.status == 200 ? &loop_.shared.router->at(match_.route_index) : nullptr;
    request::access::set_route(req_, route_);
    if (first) hooks_ = route_ ? &route_->hooks : &loop_.shared.router->root_hooks();
  }

  void rebind() {
    head_.clear();
    parse_head(buf_.view(), head_, limits().head);  // same bytes, same result: refreshes the views
    bind(false);
  }

  task<void> run_hooks(hook_kind kind) {
    for (const auto& h : (*hooks_)[static_cast<std::size_t>(kind)]) {
      if (h.is_async()) co_await h.call_async(req_, res_);
      else h.call_sync(req_, res_);
      if (res_.sent() && kind < hook_kind::pre_serialization) break;
    }
  }
  bool has_hooks(hook_kind kind) const { return !(*hooks_)[static_cast<std::size_t>(kind)].empty(); }
  // Runs the hooks of `kind` inline when none of them is async (the common plugins, logger and
  // metrics, are sync: no coroutine frame per hook kind per request). True when the caller must
  // `co_await run_hooks(kind)` instead, with nothing run yet.
  bool hooks_pending(hook_kind kind) {
    const auto& list = (*hooks_)[static_cast<std::size_t>(kind)];
    if (list.empty()) return false;
    for (const auto& h : list)
      if (h.is_async()) return true;
    for (const auto& h : list) {
      h.call_sync(req_, res_);
      if (res_.sent() && kind < hook_kind::pre_serialization) break;
    }
    return false;
  }

  // Reads the body into the buffer; returns the message's total length from the buffer's start.
  task<std::size_t> read_body(std::size_t head_len, std::uint64_t limit) {
    if (head_.body == body_kind::none) co_return head_len;
    deadline = loop_.after(limits().body_timeout);
    const std::size_t max_cap = limits().head.max_head_bytes + limit + 65536;
    if (head_.body == body_kind::length) {
      if (head_.content_length > limit) {
        must_close_ = true;
        deadline = 0;
        throw http_error(413, "Content Too Large", "request body exceeds " + std::to_string(limit) + " bytes");
      }
      const std::size_t need = head_len + head_.content_length;
      if (buf_.size() < need && head_.expect_continue) co_await send_continue();
      while (buf_.size() < need) {
        if (!co_await read_more(max_cap)) throw connection_lost{};
        rebind();
      }
      request::access::set_body(req_, std::string_view(buf_.base() + head_len, head_.content_length));
      deadline = 0;  // body_timeout bounds the upload, not the handler that follows
      co_return need;
    }
    if (buf_.size() == head_len && head_.expect_continue) co_await send_continue();
    chunked_.reset(head_len);
    for (;;) {
      auto r = chunked_.decode(buf_.base(), buf_.size(), limit);
      if (r.status == parse_status::complete) break;
      if (r.status == parse_status::error) {
        must_close_ = true;
        deadline = 0;
        throw http_error(r.error_status, std::string(reason_phrase(r.error_status)), r.error_reason);
      }
      if (!co_await read_more(max_cap)) throw connection_lost{};
      rebind();
    }
    request::access::set_body(req_, std::string_view(buf_.base() + head_len, chunked_.body_size()));
    deadline = 0;
    co_return chunked_.message_end();
  }

  task<void> send_continue() {
    out_.append("HTTP/1.1 100 Continue\r\n\r\n");
    co_await flush();
  }

  // One request through the lifecycle. Returns false when the connection must close.
  task<bool> handle(std::size_t head_len) {
    deadline = 0;
    request::access::reset(req_);
    res_.reset(this);
    must_close_ = false;
    stream_done_ = false;
    hooks_ = &loop_.shared.router->root_hooks();
    const bool is_head = head_.method == method::head;
    std::size_t consumed = head_len;
    bool body_read = head_.body == body_kind::none;
    std::exception_ptr error;
    try {
      bind(true);
      if (hooks_pending(hook_kind::on_request)) co_await run_hooks(hook_kind::on_request);
      if (!res_.sent()) {
        auto limit = route_ && route_->options.body_limit ? route_->options.body_limit : limits().max_body;
        if (head_.body != body_kind::none) consumed = co_await read_body(head_len, limit);
        body_read = true;
        if (hooks_pending(hook_kind::pre_parsing)) co_await run_hooks(hook_kind::pre_parsing);
      }
      if (!res_.sent() && hooks_pending(hook_kind::pre_validation)) co_await run_hooks(hook_kind::pre_validation);
      if (!res_.sent() && hooks_pending(hook_kind::pre_handler)) co_await run_hooks(hook_kind::pre_handler);
      if (!res_.sent()) {
        if (route_ && !route_->fn.is_async()) route_->fn.call_sync(req_, res_);  // no coroutine frame
        else co_await dispatch();
      }
      if (res_.payload() && !res_.head_sent()) {
        if (hooks_pending(hook_kind::pre_serialization)) co_await run_hooks(hook_kind::pre_serialization);
        res_.serialize_payload();
      }
    } catch (const connection_lost&) {
      throw;
    } catch (...) {
      error = std::current_exception();
    }
    if (error) co_await handle_error(error);

    if (res_.head_sent()) {
      if (!stream_done_) co_await stream_end(res_);
    } else {
      try {
        if (hooks_pending(hook_kind::on_send)) co_await run_hooks(hook_kind::on_send);
      } catch (const connection_lost&) {
        throw;
      } catch (...) {
        res_.reset(this);
        res_.problem(500, "Internal Server Error");
      }
      if (!body_read) {
        // A hook answered before the body was read: skip the body if it is all here, else close.
        if (head_.body == body_kind::length && buf_.size() >= head_len + head_.content_length)
          consumed = head_len + head_.content_length;
        else
          must_close_ = true;
      }
      if (opts().compression.enabled && res_.body().size() >= opts().compression.threshold)
        compress_response(req_.header("Accept-Encoding").value_or(""), res_, opts().compression);
      bool close = closing();
      append_response(is_head, close);
      if (const file_body* f = res_.file(); f && !is_head && status_has_body(res_.status())) co_await send_file(*f);
      else if (out_.size() > 65536 || ++pipelined_ >= limits().max_pipelined) co_await flush();
    }
    buf_.consume(consumed);
    if (buf_.size() == 0) buf_.shrink_if_idle();
    if (has_hooks(hook_kind::on_response)) {
      try {
        if (hooks_pending(hook_kind::on_response)) co_await run_hooks(hook_kind::on_response);
      } catch (...) {
      }
    }
    res_.close_file();
    co_return !closing();
  }

  bool closing() {
    if (must_close_ || !head_.keep_alive || loop_.draining) return true;
    auto c = res_.header("Connection");
    return c && iequals(*c, "close");
  }

  task<void> dispatch() {
    if (route_) {
      if (route_->fn.is_async()) co_await route_->fn.call_async(req_, res_);
      else route_->fn.call_sync(req_, res_);
      co_return;
    }
    if (match_.status == 404) {
      res_.problem(404, "Not Found", "no route for " + std::string(head_.method_text) + " " + std::string(req_.path()));
    } else if (head_.method == method::options) {
      res_.set("Allow", match_.allow);
      res_.no_content();
    } else {
      res_.set("Allow", match_.allow);
      res_.problem(405, "Method Not Allowed");
    }
  }

  task<void> handle_error(std::exception_ptr error) {
    if (res_.head_sent()) {  // a stream broke half-way: nothing sensible can follow on this connection
      must_close_ = true;
      stream_done_ = true;
      co_return;
    }
    res_.reset(this);
    request::access::set_error(req_, error);
    if (has_hooks(hook_kind::on_error)) {
      bool hook_failed = false;
      try {
        if (hooks_pending(hook_kind::on_error)) co_await run_hooks(hook_kind::on_error);
      } catch (...) {
        hook_failed = true;
      }
      if (hook_failed) res_.reset(this);
    }
    if (res_.sent()) {  // an on_error hook answered: a JSON payload of its still needs serializing
      res_.serialize_payload();
      co_return;
    }
    try {
      std::rethrow_exception(error);
    } catch (const http_error& e) {
      res_.problem(e.status(), e.title(), e.detail(), e.extra());
    } catch (const mapped_error& e) {
      // A lower layer's error (a unique violation is 409): its status; internals only in development.
      const int status = e.http_status();
      if (status >= 500)
        std::fprintf(stderr, "strata: error in %.*s %.*s: %s\n", int(head_.method_text.size()), head_.method_text.data(),
                     int(head_.target.size()), head_.target.data(), e.what());
      const bool show = e.expose_detail() || opts().development;
      res_.problem(status, e.problem_title(), show ? std::string_view(e.what()) : std::string_view());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "strata: error in %.*s %.*s: %s\n", int(head_.method_text.size()), head_.method_text.data(),
                   int(head_.target.size()), head_.target.data(), e.what());
      res_.problem(500, "Internal Server Error", opts().development ? std::string_view(e.what()) : std::string_view());
    } catch (...) {
      res_.problem(500, "Internal Server Error");
    }
    res_.serialize_payload();
  }

  head_info make_head_info(bool close) const {
    head_info info;
    info.date = loop_.date_view();
    info.server = opts().server_header;
    info.close = close;
    info.keep_alive_10 = !close && head_.version_minor == 0;
    return info;
  }

  void append_response(bool is_head, bool close) {
    head_info info = make_head_info(close);
    const file_body* f = res_.file();
    info.content_length = f ? f->length : res_.body().size();
    if (is_head && !f && res_.body().empty()) {
      // A HEAD handler may state the length of the representation it describes.
      if (auto cl = res_.header("Content-Length")) info.content_length = std::strtoull(std::string(*cl).c_str(), nullptr, 10);
    }
    serialize_head(out_, res_, info);
    if (!is_head && !f && status_has_body(res_.status())) out_.append(res_.body());
  }

  task<void> send_file(const file_body& f) {
    co_await flush();
    std::uint64_t offset = f.offset, left = f.length;
    deadline = loop_.after(limits().write_timeout);
    if constexpr (!is_tls<Stream>) {
      auto& sock = socket();
      sock.non_blocking(true);
      while (left > 0) {
        off_t off = static_cast<off_t>(offset);
        ssize_t n = ::sendfile(sock.native_handle(), f.fd, &off, left > (1u << 30) ? (1u << 30) : left);
        if (n > 0) {
          offset += static_cast<std::uint64_t>(n);
          left -= static_cast<std::uint64_t>(n);
          deadline = loop_.after(limits().write_timeout);
        } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
          auto [ec] = co_await sock.async_wait(tcp::socket::wait_write, use_tuple);
          if (ec) throw connection_lost{};
        } else {
          throw connection_lost{};  // the file shrank or the peer left: the length promised is wrong
        }
      }
    } else {
      std::string chunk(64 * 1024, '\0');
      while (left > 0) {
        ssize_t n = ::pread(f.fd, chunk.data(), left < chunk.size() ? left : chunk.size(), static_cast<off_t>(offset));
        if (n <= 0) throw connection_lost{};
        auto [ec, w] = co_await asio::async_write(stream_, asio::buffer(chunk.data(), static_cast<std::size_t>(n)), use_tuple);
        if (ec) throw connection_lost{};
        offset += static_cast<std::uint64_t>(n);
        left -= static_cast<std::uint64_t>(n);
      }
    }
    deadline = 0;
  }

  // response_stream: chunked (or, for HTTP/1.0, close-delimited) streaming of a response.
  task<void> start_stream(response& res) {
    if (hooks_pending(hook_kind::on_send)) co_await run_hooks(hook_kind::on_send);
    stream_chunked_ = head_.version_minor == 1 && !res.header("Content-Length");
    if (head_.version_minor == 0 && !res.header("Content-Length")) must_close_ = true;
    head_info info = make_head_info(closing());
    info.body = stream_chunked_ ? framing::chunked : framing::none;
    if (auto cl = res.header("Content-Length")) {
      info.body = framing::length;
      info.content_length = std::strtoull(std::string(*cl).c_str(), nullptr, 10);
    }
    serialize_head(out_, res, info);
    res.set_head_sent();
  }

  task<void> stream_write(response& res, std::string_view chunk) override {
    if (!res.head_sent()) co_await start_stream(res);
    if (head_.method != method::head && !chunk.empty() && status_has_body(res.status())) {
      if (stream_chunked_) {
        append_hex(out_, chunk.size());
        out_.append("\r\n").append(chunk).append("\r\n");
      } else {
        out_.append(chunk);
      }
    }
    co_await flush();
  }

  task<void> stream_end(response& res) override {
    if (stream_done_) co_return;
    if (!res.head_sent()) co_await start_stream(res);
    if (stream_chunked_ && head_.method != method::head && status_has_body(res.status())) out_.append("0\r\n\r\n");
    stream_done_ = true;
    co_await flush();
  }

  loop_state& loop_;
  Stream stream_;
  read_buffer buf_;
  std::string out_;
  request_head head_;
  request req_;
  response res_;
  chunked_decoder chunked_;
  route_table::match match_;
  const route* route_ = nullptr;
  const hook_lists* hooks_ = nullptr;
  std::size_t pipelined_ = 0;
  bool must_close_ = false;
  bool stream_chunked_ = false;
  bool stream_done_ = false;
};

}  // namespace strata::http::detail
