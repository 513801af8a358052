// The pipelined command connection (see connection.hpp).
#include <boost/asio/append.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <strata/redis/detail/connection.hpp>
#include <strata/redis/detail/handshake.hpp>
#include <strata/redis/error.hpp>

namespace strata::redis::detail {
namespace {
constexpr std::size_t min_read = 16 * 1024;
}

connection::connection(std::shared_ptr<const options> opts, std::shared_ptr<boost::asio::ssl::context> tls,
                       boost::asio::any_io_executor ex, std::shared_ptr<loop_counters> counters)
    : options_(std::move(opts)),
      tls_(std::move(tls)),
      ex_(ex),
      counters_(std::move(counters)),
      parser_(parser_limits{options_->max_bulk_length, options_->max_elements, options_->max_depth}),
      watchdog_(ex) {}

connection::~connection() = default;

std::exception_ptr connection::make_error(int kind, const std::string& text) const {
  return std::make_exception_ptr(error(static_cast<error_kind>(kind), text));
}

void connection::complete(one_handler& h, std::exception_ptr e, reply r) {
  // Posted, never called inline: the reader is in the middle of its buffer, and the waiting
  // coroutine may issue the next command at once.
  // (To this loop's executor: any_completion_handler's own executor cannot be posted to in Boost 1.81.)
  boost::asio::post(
      ex_, [h = std::move(h), e = std::move(e), r = std::move(r)]() mutable { std::move(h)(e, std::move(r)); });
}

void connection::complete(many_handler& h, std::exception_ptr e, std::vector<reply> r) {
  boost::asio::post(
      ex_, [h = std::move(h), e = std::move(e), r = std::move(r)]() mutable { std::move(h)(e, std::move(r)); });
}

bool connection::ready_to_queue(std::exception_ptr& refused) {
  if (state_ == state::closed) {
    refused = make_error(int(error_kind::connection), "redis: the client is closed");
    return false;
  }
  if (state_ == state::idle) {
    const auto now = clock::now();
    if (now < retry_at_) {
      const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(retry_at_ - now).count();
      refused = make_error(int(error_kind::connection), "redis: not connected to " + options_->host + ":" +
                                                            std::to_string(options_->port) + " (" + last_error_ +
                                                            "); next attempt in " + std::to_string(wait) + " ms");
      return false;
    }
    start_connect();
  }
  if (out_.size() > options_->max_pending_bytes) {
    refused = make_error(int(error_kind::connection),
                         "redis: more than " + std::to_string(options_->max_pending_bytes) +
                             " bytes of commands are waiting to be written; the server is not reading");
    return false;
  }
  return true;
}

void connection::submit(const command_args& cmd, one_handler handler) {
  std::exception_ptr refused;
  if (!ready_to_queue(refused)) return complete(handler, refused, reply());
  cmd.append_to(out_);
  ++out_commands_;
  pending_.push_back({std::move(handler), nullptr, clock::now() + options_->command_timeout});
  arm_watchdog();
  if (state_ == state::ready) schedule_flush();
}

void connection::submit_many(std::span<const command_args> cmds, many_handler handler) {
  std::exception_ptr refused;
  if (cmds.empty()) return complete(handler, nullptr, {});
  if (!ready_to_queue(refused)) return complete(handler, refused, {});
  auto batch = std::make_shared<group>();
  batch->expected = cmds.size();
  batch->replies.reserve(cmds.size());
  batch->handler.swap(handler);  // not `=`: Boost 1.81's move assignment recurses
  const auto deadline = clock::now() + options_->command_timeout;
  for (const auto& c : cmds) {
    c.append_to(out_);
    pending_.push_back({one_handler(), batch, deadline});
  }
  out_commands_ += cmds.size();
  arm_watchdog();
  if (state_ == state::ready) schedule_flush();
}

void connection::start_connect() {
  state_ = state::connecting;
  const auto epoch = ++epoch_;
  boost::asio::co_spawn(
      ex_, open_session(*options_, tls_.get()), [self = shared_from_this(), epoch](std::exception_ptr e, session s) {
        if (self->epoch_ != epoch || self->state_ != state::connecting) {
          if (s.stream) s.stream->close();
          return;
        }
        if (e) {
          std::string why;
          try {
            std::rethrow_exception(e);
          } catch (const std::exception& x) {
            why = x.what();
          }
          self->last_error_ = why;
          // Back off, doubling, so a server that is down is not hammered; meanwhile commands fail at once.
          self->backoff_ = self->backoff_.count() == 0 ? self->options_->reconnect_min
                                                       : std::min(self->backoff_ * 2, self->options_->reconnect_max);
          self->retry_at_ = clock::now() + self->backoff_;
          self->state_ = state::idle;
          self->out_.clear();
          self->out_commands_ = 0;
          self->fail_all(e);
          return;
        }
        self->backoff_ = std::chrono::milliseconds(0);
        self->stream_ = std::move(s.stream);
        self->state_ = state::ready;
        self->parser_.reset();
        self->in_begin_ = self->in_end_ = 0;
        loop_counters::bump(self->counters_->connections);
        loop_counters::bump(self->counters_->connects);
        self->start_read();
        self->schedule_flush();
      });
}

void connection::schedule_flush() {
  if (flush_scheduled_ || writing_ || out_.empty()) return;
  flush_scheduled_ = true;
  boost::asio::post(ex_, [self = shared_from_this(), epoch = epoch_] {
    self->flush_scheduled_ = false;
    if (self->epoch_ == epoch) self->flush();
  });
}

void connection::flush() {
  if (writing_ || out_.empty() || state_ != state::ready) return;
  writing_ = true;
  sending_.swap(out_);
  out_.clear();
  loop_counters::bump(counters_->commands, out_commands_);
  loop_counters::bump(counters_->writes);
  out_commands_ = 0;
  stream_->async_write(boost::asio::buffer(sending_), [self = shared_from_this(), epoch = epoch_, s = stream_](
                                                          boost::system::error_code ec, std::size_t) {
    if (self->epoch_ != epoch) return;
    self->writing_ = false;
    self->sending_.clear();
    if (ec) return self->lost("write failed: " + ec.message());
    self->flush();
  });
}

void connection::start_read() {
  // Keep the unparsed tail at the front and at least min_read bytes free after it.
  if (in_begin_ == in_end_) {
    in_begin_ = in_end_ = 0;
  } else if (in_begin_ > 0 && (in_.size() - in_end_ < min_read || in_begin_ > in_.size() / 2)) {
    in_.erase(0, in_begin_);
    in_end_ -= in_begin_;
    in_begin_ = 0;
  }
  if (in_.size() - in_end_ < min_read) in_.resize(std::max(in_.size() * 2, in_end_ + min_read));
  stream_->async_read_some(
      boost::asio::buffer(in_.data() + in_end_, in_.size() - in_end_),
      [self = shared_from_this(), epoch = epoch_, s = stream_](boost::system::error_code ec, std::size_t n) {
        if (self->epoch_ != epoch) return;
        if (ec) return self->lost(ec == boost::asio::error::eof ? "the server closed the connection" : ec.message());
        self->on_read(n);
      });
}

void connection::on_read(std::size_t n) {
  in_end_ += n;
  const auto epoch = epoch_;
  for (;;) {
    reply r;
    std::size_t consumed = 0;
    const auto st = parser_.parse(std::string_view(in_).substr(in_begin_, in_end_ - in_begin_), consumed, r);
    in_begin_ += consumed;
    if (st == resp_parser::status::need_more) break;
    if (st == resp_parser::status::error) return lost("protocol error: " + parser_.error_message());
    deliver(std::move(r));
    if (epoch_ != epoch) return;
  }
  // An idle connection gives back a read buffer that a large reply grew.
  if (in_begin_ == in_end_ && in_.size() > 4 * min_read && pending_.empty()) {
    in_.clear();
    in_.shrink_to_fit();
    in_begin_ = in_end_ = 0;
  }
  start_read();
}

void connection::deliver(reply r) {
  // RESP3 out-of-band data (client tracking, pub/sub on this connection) answers no command.
  if (r.type() == reply_type::push) return;
  if (pending_.empty()) return lost("protocol error: a reply that no command waits for");
  pending p = std::move(pending_.front());
  pending_.pop_front();
  if (expired_front_ > 0) --expired_front_;
  if (p.batch) {
    auto& b = *p.batch;
    if (!b.handler) return;
    b.replies.push_back(std::move(r));
    if (b.replies.size() == b.expected) complete(b.handler, nullptr, std::move(b.replies));
  } else if (p.handler) {
    complete(p.handler, nullptr, std::move(r));
  }
}

void connection::arm_watchdog() {
  if (watchdog_armed_ || options_->command_timeout.count() <= 0 || pending_.size() <= expired_front_) return;
  watchdog_armed_ = true;
  watchdog_.expires_at(pending_[expired_front_].deadline);
  watchdog_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    self->watchdog_armed_ = false;
    if (!ec)
      self->on_watchdog();
    else
      self->arm_watchdog();  // cancelled by fail_all(): commands queued since need it again
  });
}

void connection::on_watchdog() {
  // Deadlines grow along the queue, so the expired requests are a prefix. They fail now; their
  // replies, when they come, are dropped, keeping the rest matched in order.
  const auto now = clock::now();
  while (expired_front_ < pending_.size() && pending_[expired_front_].deadline <= now) {
    pending& p = pending_[expired_front_++];
    auto e = make_error(int(error_kind::timeout),
                        "redis: no reply within " + std::to_string(options_->command_timeout.count()) + " ms");
    if (p.batch && p.batch->handler)
      complete(p.batch->handler, e, {});
    else if (p.handler)
      complete(p.handler, e, reply());
  }
  arm_watchdog();
}

void connection::lost(std::string why) {
  if (state_ == state::closed) return;
  ++epoch_;  // callbacks of this socket do nothing from now on
  if (stream_) {
    stream_->close();
    stream_.reset();
    loop_counters::bump(counters_->connections, std::uint64_t(-1));
  }
  state_ = state::idle;
  writing_ = false;
  out_.clear();
  out_commands_ = 0;
  last_error_ = why;
  // The next command reconnects at once; backoff starts only if that fails.
  retry_at_ = {};
  fail_all(make_error(int(error_kind::connection), "redis: connection to " + options_->host + ":" +
                                                       std::to_string(options_->port) +
                                                       " lost with the command in flight (" + why + ")"));
}

void connection::fail_all(const std::exception_ptr& e) {
  auto doomed = std::move(pending_);
  pending_.clear();
  expired_front_ = 0;
  watchdog_.cancel();
  for (auto& p : doomed) {
    if (p.batch && p.batch->handler)
      complete(p.batch->handler, e, {});
    else if (p.handler)
      complete(p.handler, e, reply());
  }
}

void connection::close(bool notify) {
  if (state_ == state::closed) return;
  ++epoch_;
  if (stream_) {
    stream_->close();
    stream_.reset();
    loop_counters::bump(counters_->connections, std::uint64_t(-1));
  }
  state_ = state::closed;
  if (notify) {
    fail_all(make_error(int(error_kind::connection), "redis: the client was closed"));
  } else {
    pending_.clear();  // the waiting coroutines die with the loop
    watchdog_.cancel();
  }
}

}  // namespace strata::redis::detail
