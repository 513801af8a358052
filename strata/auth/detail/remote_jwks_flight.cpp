// jwks_flight: parked completion handlers, posted to their own executors when the fetch ends.
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <strata/auth/detail/remote_jwks_flight.hpp>

namespace strata::auth::detail {
namespace {

template <class Handler>
struct waiter_for final : jwks_flight::waiter {
  using executor = boost::asio::associated_executor_t<Handler>;
  Handler handler;
  // Tracked: the waiter's loop must not run out of work (and return) while it waits.
  decltype(boost::asio::prefer(std::declval<executor>(), boost::asio::execution::outstanding_work.tracked)) work;

  explicit waiter_for(Handler h)
      : handler(std::move(h)),
        work(boost::asio::prefer(boost::asio::get_associated_executor(handler),
                                 boost::asio::execution::outstanding_work.tracked)) {}

  void complete(std::exception_ptr error, jwks_flight::result keys) override {
    boost::asio::post(work, [h = std::move(handler), error, keys = std::move(keys)]() mutable {
      std::move(h)(error, std::move(keys));
    });
  }
};

}  // namespace

task<jwks_flight::result> jwks_flight::wait() {
  // Named, not a temporary inside the co_await: GCC 12 destroys such temporaries twice.
  auto initiate = [self = shared_from_this()](auto handler) {
    auto w = std::make_unique<waiter_for<decltype(handler)>>(std::move(handler));
    std::unique_lock lock(self->m_);
    if (!self->done_) {
      self->waiters_.push_back(std::move(w));
      return;
    }
    auto error = self->error_;
    auto keys = self->keys_;
    lock.unlock();
    w->complete(error, std::move(keys));  // finished meanwhile: still answered through a post
  };
  co_return co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable),
                                                 void(std::exception_ptr, result)>(initiate,
                                                                                   boost::asio::use_awaitable);
}

void jwks_flight::finish(std::exception_ptr error, result keys) {
  std::vector<std::unique_ptr<waiter>> ready;
  {
    std::lock_guard lock(m_);
    done_ = true;
    error_ = error;
    keys_ = keys;
    ready.swap(waiters_);
  }
  for (auto& w : ready) w->complete(error, keys);
}

}  // namespace strata::auth::detail
