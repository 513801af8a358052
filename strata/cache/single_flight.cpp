// single_flight: the first caller of a key runs the work inline; later callers park a completion
// handler on the flight, which is posted to the waiter's own executor (with its loop's work count
// held) when the run ends, so a waiter never runs on the leader's thread.
#include <strata/cache/single_flight.hpp>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <stdexcept>
#include <utility>
#include <vector>

namespace strata::cache {

namespace {

struct waiter {
  virtual void complete(std::exception_ptr error, const std::string& value) = 0;
  virtual ~waiter() = default;
};

template <class Handler>
struct waiter_for final : waiter {
  using executor = boost::asio::associated_executor_t<Handler>;
  Handler handler;
  // Tracked: the waiter's loop must not run out of work (and return) while it waits.
  decltype(boost::asio::prefer(std::declval<executor>(), boost::asio::execution::outstanding_work.tracked)) work;

  explicit waiter_for(Handler h)
      : handler(std::move(h)),
        work(boost::asio::prefer(boost::asio::get_associated_executor(handler),
                                 boost::asio::execution::outstanding_work.tracked)) {}

  void complete(std::exception_ptr error, const std::string& value) override {
    boost::asio::post(work, [h = std::move(handler), error, value]() mutable { std::move(h)(error, std::move(value)); });
  }
};

}  // namespace

struct single_flight::flight {
  std::mutex m;
  bool done = false;
  std::exception_ptr error;
  std::string value;
  std::vector<std::unique_ptr<waiter>> waiters;

  void finish(std::exception_ptr e, const std::string& v) {
    std::vector<std::unique_ptr<waiter>> ready;
    {
      std::lock_guard lock(m);
      done = true;
      error = e;
      value = v;
      ready.swap(waiters);
    }
    for (auto& w : ready) w->complete(e, v);
  }
};

namespace {

task<std::string> wait_for(std::shared_ptr<single_flight::flight> f) {
  // Named, not a temporary inside the co_await: GCC 12 destroys such temporaries twice.
  auto initiate = [f](auto handler) {
    auto w = std::make_unique<waiter_for<decltype(handler)>>(std::move(handler));
    std::unique_lock lock(f->m);
    if (!f->done) {
      f->waiters.push_back(std::move(w));
      return;
    }
    // Finished between our lookup and now: answer from the result (still through a post).
    auto error = f->error;
    auto value = f->value;
    lock.unlock();
    w->complete(error, value);
  };
  co_return co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable),
                                                 void(std::exception_ptr, std::string)>(initiate,
                                                                                        boost::asio::use_awaitable);
}

}  // namespace

void single_flight::forget(const std::string& key, const std::shared_ptr<flight>& f) {
  std::lock_guard lock(m_);
  auto it = flights_.find(key);
  if (it != flights_.end() && it->second == f) flights_.erase(it);
}

task<std::string> single_flight::run(std::string key, work fn) {
  std::shared_ptr<flight> f;
  bool leader = false;
  {
    std::lock_guard lock(m_);
    auto& slot = flights_[key];
    if (!slot) {
      slot = std::make_shared<flight>();
      leader = true;
    }
    f = slot;
  }
  if (!leader) co_return co_await wait_for(std::move(f));

  // If this coroutine is destroyed mid-run (its loop stopped), the waiters still get an answer.
  struct abandon_guard {
    single_flight* self;
    const std::string& key;
    std::shared_ptr<flight> f;
    bool finished = false;
    ~abandon_guard() {
      if (finished) return;
      self->forget(key, f);
      f->finish(std::make_exception_ptr(std::runtime_error("single_flight: the running coroutine was abandoned")), {});
    }
  } guard{this, key, f};

  std::string value;
  std::exception_ptr error;
  try {
    value = co_await fn();
  } catch (...) {
    error = std::current_exception();
  }
  guard.finished = true;
  // Forgotten before waiters are told: a caller arriving after this starts afresh (and, in
  // cache::get_or_set, first finds what the run stored).
  forget(key, f);
  f->finish(error, value);
  if (error) std::rethrow_exception(error);
  co_return value;
}

bool single_flight::in_flight(std::string_view key) const {
  std::lock_guard lock(m_);
  return flights_.find(std::string(key)) != flights_.end();
}

std::size_t single_flight::size() const {
  std::lock_guard lock(m_);
  return flights_.size();
}

}  // namespace strata::cache
