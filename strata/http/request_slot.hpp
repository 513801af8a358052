// request_slot: a typed pointer that a plugin keeps on each request, for state every request
// carries (the request logger's options, the metrics plugin's in-flight mark). req.set/req.get
// find a value by its string key and check its type on every call; a slot is a fixed index given
// when the slot is made, so reading or writing it is one load or store.
//
//   request_slot<my_state> slot;                 // one per plugin instance, made at set-up
//   s.on_request([&](request& req, response&) { slot.set(req, &state); });
//   s.on_response([&](request& req, response&) { if (auto* st = slot.get(req)) ...; });
//
// A slot is empty at the start of every request. At most request::max_slots slots exist at a time
// in a process (one per plugin instance that uses one); making another throws std::length_error.
// The slot must outlive the requests that use it (a plugin's state, which the server holds).
#pragma once
#include <strata/http/request.hpp>

#include <cstddef>

namespace strata::http {

namespace detail {
// What runs on a value left in a slot when its request ends: call(fn, value).
struct slot_release {
  void (*call)(void (*fn)(), void* value) = nullptr;
  void (*fn)() = nullptr;
};
// A free index, remembering its release; throws std::length_error when all are taken.
std::size_t acquire_request_slot(slot_release release);
void free_request_slot(std::size_t index) noexcept;
}  // namespace detail

template <class T>
class request_slot {
public:
  // `release` runs on a value still in the slot when the request ends without the plugin taking
  // it back (the client went away before on_response ran); none by default.
  explicit request_slot(void (*release)(T*) = nullptr)
      : index_(detail::acquire_request_slot(release ? detail::slot_release{&call_release, reinterpret_cast<void (*)()>(release)}
                                                    : detail::slot_release{})) {}
  ~request_slot() { detail::free_request_slot(index_); }
  request_slot(const request_slot&) = delete;
  request_slot& operator=(const request_slot&) = delete;

  T* get(const request& r) const noexcept { return static_cast<T*>(r.slots_[index_]); }
  // Replaces what the slot holds, without releasing it; nullptr empties the slot.
  void set(request& r, T* value) const noexcept {
    r.slots_[index_] = const_cast<void*>(static_cast<const void*>(value));
    if (value) r.slots_set_ |= bit();
    else r.slots_set_ &= static_cast<request::slot_bits>(~bit());
  }
  // The value, leaving the slot empty; nothing is released.
  T* take(request& r) const noexcept {
    T* value = get(r);
    set(r, nullptr);
    return value;
  }

private:
  static void call_release(void (*fn)(), void* value) { reinterpret_cast<void (*)(T*)>(fn)(static_cast<T*>(value)); }
  request::slot_bits bit() const { return static_cast<request::slot_bits>(1u << index_); }

  std::size_t index_;
};

}  // namespace strata::http
