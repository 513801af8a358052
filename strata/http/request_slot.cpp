// The process-wide table of request slots: which indices are taken and what releases their values.
#include <strata/http/request_slot.hpp>

#include <bit>
#include <mutex>
#include <stdexcept>
#include <string>

namespace strata::http {

namespace {

struct slot_table {
  std::mutex mutex;  // taken when a slot is made or freed, never per request
  std::uint32_t taken = 0;
  // Written when a slot is made, before any request can hold a value in it; read per release.
  std::array<detail::slot_release, request::max_slots> release{};
};

slot_table& table() {
  static slot_table* t = new slot_table;  // leaked: requests may be released during static destruction
  return *t;
}

}  // namespace

namespace detail {

std::size_t acquire_request_slot(slot_release release) {
  auto& t = table();
  std::lock_guard lock(t.mutex);
  const auto index = static_cast<std::size_t>(std::countr_one(t.taken));
  if (index >= request::max_slots)
    throw std::length_error("strata::http: all " + std::to_string(request::max_slots) +
                            " request slots are in use (one per plugin instance that keeps request state)");
  t.taken |= 1u << index;
  t.release[index] = release;
  return index;
}

void free_request_slot(std::size_t index) noexcept {
  auto& t = table();
  std::lock_guard lock(t.mutex);
  t.release[index] = {};
  t.taken &= ~(1u << index);
}

}  // namespace detail

void request::release_slots_in_use() noexcept {
  auto& t = table();
  for (slot_bits set = slots_set_; set; set &= static_cast<slot_bits>(set - 1)) {
    const auto i = static_cast<std::size_t>(std::countr_zero(set));
    void* value = std::exchange(slots_[i], nullptr);
    const detail::slot_release r = t.release[i];
    if (r.call) r.call(r.fn, value);
  }
  slots_set_ = 0;
}

}  // namespace strata::http
