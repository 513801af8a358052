// subscriber: one pub/sub connection driven by one coroutine (connect, subscribe again to every
// channel and pattern, read until the connection ends, back off, repeat) until close().
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>
#include <list>
#include <set>
#include <strata/redis/command.hpp>
#include <strata/redis/detail/handshake.hpp>
#include <strata/redis/error.hpp>
#include <strata/redis/resp_parser.hpp>
#include <strata/redis/subscriber.hpp>

namespace strata::redis {
namespace detail {

class subscriber_impl : public std::enable_shared_from_this<subscriber_impl> {
 public:
  explicit subscriber_impl(options o) : options_(std::move(o)), tls_(make_tls_context(options_)) {}

  // Adds names (channels, or patterns when `pattern`) and waits until the server confirms them.
  task<void> change(bool pattern, bool add, std::vector<std::string> names) {
    auto self = shared_from_this();
    co_await start();
    auto& wanted = pattern ? patterns_ : channels_;
    auto& confirmed = pattern ? confirmed_patterns_ : confirmed_channels_;
    for (const auto& n : names) {
      if (add)
        wanted.insert(n);
      else
        wanted.erase(n);
    }
    if (stream_) {
      command_args cmd(pattern ? (add ? "PSUBSCRIBE" : "PUNSUBSCRIBE") : (add ? "SUBSCRIBE" : "UNSUBSCRIBE"));
      cmd.args(names);
      send(cmd);
    }
    // Confirmed, or a connect attempt failed after this call began.
    const auto failures = failures_;
    const auto deadline = std::chrono::steady_clock::now() + (options_.command_timeout.count() > 0
                                                                  ? options_.command_timeout + options_.connect_timeout
                                                                  : std::chrono::hours(24 * 365));
    for (;;) {
      if (closed_) throw error(error_kind::connection, "redis: the subscriber is closed");
      bool done = true;
      for (const auto& n : names) done = done && (confirmed.contains(n) == add);
      if (done) co_return;
      if (failures_ != failures) throw error(error_kind::connection, last_error_);
      if (std::chrono::steady_clock::now() >= deadline)
        throw error(error_kind::timeout, "redis: the server did not confirm the subscription in time");
      co_await wait_change(deadline);
    }
  }

  task<std::optional<message>> next(std::chrono::steady_clock::time_point deadline) {
    auto self = shared_from_this();
    if (!executor_) co_await start();
    for (;;) {
      if (!queue_.empty()) {
        message m = std::move(queue_.front());
        queue_.pop_front();
        if (reader_waiting_) reader_space_->cancel();
        co_return m;
      }
      if (closed_ || std::chrono::steady_clock::now() >= deadline) co_return std::nullopt;
      co_await wait_change(deadline);
    }
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    if (stream_) stream_->close();
    if (backoff_timer_) backoff_timer_->cancel();
    if (reader_space_) reader_space_->cancel();
    notify_all();
  }

  std::size_t connects() const { return connects_; }
  std::size_t max_queued = 10000;

 private:
  task<void> start() {
    if (executor_) co_return;
    auto ex = co_await boost::asio::this_coro::executor;
    executor_.emplace(ex);
    backoff_timer_.emplace(ex);
    reader_space_.emplace(ex);
    boost::asio::co_spawn(ex, run(shared_from_this()), boost::asio::detached);
  }

  // Waits until notify_all() or the deadline.
  task<void> wait_change(std::chrono::steady_clock::time_point deadline) {
    boost::asio::steady_timer t(*executor_, deadline);
    auto it = waiters_.insert(waiters_.end(), &t);
    boost::system::error_code ec;
    co_await t.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    waiters_.erase(it);
  }

  void notify_all() {
    for (auto* t : waiters_) t->cancel();
  }

  void send(const command_args& cmd) {
    cmd.append_to(out_);
    if (writing_) return;
    writing_ = true;
    boost::asio::co_spawn(*executor_, write_all(shared_from_this(), stream_), boost::asio::detached);
  }

  static task<void> write_all(std::shared_ptr<subscriber_impl> self, std::shared_ptr<stream> s) {
    std::string sending;
    while (!self->out_.empty() && self->stream_ == s) {
      sending.swap(self->out_);
      self->out_.clear();
      auto [ec, n] =
          co_await s->async_write(boost::asio::buffer(sending), boost::asio::as_tuple(boost::asio::use_awaitable));
      if (ec) {
        s->close();  // the reader sees it and reconnects
        break;
      }
    }
    self->writing_ = false;
  }

  static task<void> run(std::shared_ptr<subscriber_impl> self) {
    auto backoff = std::chrono::milliseconds(0);
    while (!self->closed_) {
      std::exception_ptr failure;
      session s;
      try {
        s = co_await open_session(self->options_, self->tls_.get());
      } catch (const std::exception& e) {
        self->last_error_ = e.what();
        failure = std::current_exception();
      }
      if (failure) {
        ++self->failures_;
        self->notify_all();
        backoff =
            backoff.count() == 0 ? self->options_.reconnect_min : std::min(backoff * 2, self->options_.reconnect_max);
        self->backoff_timer_->expires_after(backoff);
        boost::system::error_code ec;
        co_await self->backoff_timer_->async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
        continue;
      }
      if (self->closed_) {
        s.stream->close();
        break;
      }
      backoff = std::chrono::milliseconds(0);
      ++self->connects_;
      self->stream_ = std::shared_ptr<stream>(std::move(s.stream));
      self->out_.clear();
      self->writing_ = false;
      // Everything wanted is subscribed again on the new connection.
      if (!self->channels_.empty()) {
        command_args cmd("SUBSCRIBE");
        cmd.args(self->channels_);
        self->send(cmd);
      }
      if (!self->patterns_.empty()) {
        command_args cmd("PSUBSCRIBE");
        cmd.args(self->patterns_);
        self->send(cmd);
      }
      co_await self->read(self->stream_);
      self->stream_->close();
      self->stream_.reset();
      self->confirmed_channels_.clear();
      self->confirmed_patterns_.clear();
      self->notify_all();
    }
    self->notify_all();
  }

  task<void> read(std::shared_ptr<stream> s) {
    resp_parser parser(parser_limits{options_.max_bulk_length, options_.max_elements, options_.max_depth});
    std::string buffer(16 * 1024, '\0');
    std::size_t begin = 0, end = 0;
    for (;;) {
      // Backpressure: with max_queued messages waiting, stop reading until next() takes one.
      while (queue_.size() >= max_queued && !closed_) {
        reader_waiting_ = true;
        reader_space_->expires_at(std::chrono::steady_clock::time_point::max());
        boost::system::error_code ec;
        co_await reader_space_->async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
        reader_waiting_ = false;
      }
      if (closed_) co_return;
      if (begin == end) begin = end = 0;
      if (buffer.size() - end < 4096) {
        buffer.erase(0, begin);
        end -= begin;
        begin = 0;
        if (buffer.size() - end < 4096) buffer.resize(buffer.size() * 2);
      }
      auto [ec, n] = co_await s->async_read_some(boost::asio::buffer(buffer.data() + end, buffer.size() - end),
                                                 boost::asio::as_tuple(boost::asio::use_awaitable));
      if (ec) {
        last_error_ = "redis: pub/sub connection lost (" + ec.message() + ")";
        co_return;
      }
      end += n;
      bool changed = false;
      for (;;) {
        reply r;
        std::size_t consumed = 0;
        const auto st = parser.parse(std::string_view(buffer).substr(begin, end - begin), consumed, r);
        begin += consumed;
        if (st == resp_parser::status::need_more) break;
        if (st == resp_parser::status::error) {
          last_error_ = "redis: protocol error on the pub/sub connection: " + parser.error_message();
          co_return;
        }
        changed = handle(std::move(r)) || changed;
      }
      if (changed) notify_all();
    }
  }

  // One reply of the pub/sub connection; true when it is something a caller may wait for.
  bool handle(reply r) {
    if ((r.type() != reply_type::push && r.type() != reply_type::array) || r.size() < 2 || !r[0].is_string())
      return false;
    const std::string& kind = r[0].str();
    auto name = [&](std::size_t i) { return r.size() > i && r[i].is_string() ? r[i].str() : std::string(); };
    if (kind == "message" && r.size() >= 3) {
      queue_.push_back(message{name(1), {}, name(2)});
    } else if (kind == "pmessage" && r.size() >= 4) {
      queue_.push_back(message{name(2), name(1), name(3)});
    } else if (kind == "subscribe") {
      confirmed_channels_.insert(name(1));
    } else if (kind == "psubscribe") {
      confirmed_patterns_.insert(name(1));
    } else if (kind == "unsubscribe") {
      confirmed_channels_.erase(name(1));
    } else if (kind == "punsubscribe") {
      confirmed_patterns_.erase(name(1));
    } else {
      return false;
    }
    return true;
  }

  options options_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  std::optional<boost::asio::any_io_executor> executor_;
  std::optional<boost::asio::steady_timer> backoff_timer_, reader_space_;
  bool reader_waiting_ = false;
  std::shared_ptr<stream> stream_;
  std::string out_;
  bool writing_ = false;
  bool closed_ = false;
  std::set<std::string> channels_, patterns_;  // wanted: subscribed again after a reconnect
  std::set<std::string> confirmed_channels_, confirmed_patterns_;
  std::deque<message> queue_;
  std::list<boost::asio::steady_timer*> waiters_;
  std::size_t connects_ = 0, failures_ = 0;
  std::string last_error_ = "redis: not connected";
};

}  // namespace detail

namespace {
std::vector<std::string> one(std::string_view name) {
  return {std::string(name)};
}
}  // namespace

subscriber::subscriber(options opts) : impl_(std::make_shared<detail::subscriber_impl>(std::move(opts))) {}

subscriber& subscriber::operator=(subscriber&& other) noexcept {
  if (this != &other) {
    close();
    impl_ = std::move(other.impl_);
    max_queued = other.max_queued;
  }
  return *this;
}

subscriber::~subscriber() {
  if (impl_) impl_->close();
}

task<void> subscriber::subscribe(std::string_view channel) {
  return subscribe(one(channel));
}
task<void> subscriber::subscribe(std::vector<std::string> channels) {
  return impl_->change(false, true, std::move(channels));
}
task<void> subscriber::psubscribe(std::string_view pattern) {
  return psubscribe(one(pattern));
}
task<void> subscriber::psubscribe(std::vector<std::string> patterns) {
  return impl_->change(true, true, std::move(patterns));
}
task<void> subscriber::unsubscribe(std::string_view channel) {
  return impl_->change(false, false, one(channel));
}
task<void> subscriber::punsubscribe(std::string_view pattern) {
  return impl_->change(true, false, one(pattern));
}

task<std::optional<message>> subscriber::next() {
  impl_->max_queued = max_queued;
  return impl_->next(std::chrono::steady_clock::time_point::max());
}

task<std::optional<message>> subscriber::next(std::chrono::milliseconds timeout) {
  impl_->max_queued = max_queued;
  return impl_->next(std::chrono::steady_clock::now() + timeout);
}

void subscriber::close() {
  if (impl_) impl_->close();
}

std::size_t subscriber::connects() const {
  return impl_ ? impl_->connects() : 0;
}

}  // namespace strata::redis
