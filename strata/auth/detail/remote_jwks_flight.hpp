// jwks_flight: one fetch of a remote JWKS that callers from any loop wait for. The caller that
// started it finishes it; each waiter is resumed on its own executor (with its loop's work held
// meanwhile), never on the fetching loop's thread. The cache layer's single_flight, for a key set.
#pragma once
#include <exception>
#include <memory>
#include <mutex>
#include <strata/auth/jwks.hpp>
#include <strata/core/task.hpp>
#include <vector>

namespace strata::auth::detail {

class jwks_flight : public std::enable_shared_from_this<jwks_flight> {
 public:
  using result = std::shared_ptr<const jwt::key_set>;

  // The fetch's key set, or its exception rethrown.
  task<result> wait();
  void finish(std::exception_ptr error, result keys);

  struct waiter {
    virtual void complete(std::exception_ptr error, result keys) = 0;
    virtual ~waiter() = default;
  };

 private:
  std::mutex m_;
  bool done_ = false;
  std::exception_ptr error_;
  result keys_;
  std::vector<std::unique_ptr<waiter>> waiters_;
};

}  // namespace strata::auth::detail
