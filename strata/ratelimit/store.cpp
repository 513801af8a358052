// What every store shares: which decision a response reports.
#include <strata/ratelimit/store.hpp>

namespace strata::ratelimit {

const decision& binding(std::span<const decision> decisions) {
  const decision* best = &decisions.front();
  for (const auto& d : decisions) {
    if (best->allowed != d.allowed) {
      if (!d.allowed) best = &d;
      continue;
    }
    if (!d.allowed ? d.retry_ms > best->retry_ms
                   : (d.remaining < best->remaining || (d.remaining == best->remaining && d.reset_ms > best->reset_ms)))
      best = &d;
  }
  return *best;
}

}  // namespace strata::ratelimit
