// session_store: where server-side sessions live (express-session's Store). The session layer
// hands a store opaque text under a key; keys are SHA-256 digests of the session ids, so a store
// (its dump, its logs) never holds an id a cookie could be made of.
#pragma once
#include <strata/core/task.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace strata::auth {

struct stored_session {
  std::string data;           // the session, as text
  std::string user_id;        // whom it is logged in as; "" while anonymous
  std::int64_t expires_ms = 0;  // unix ms after which the store may drop it (the session layer checks too)
};

// Coroutines so networked stores fit; arguments by value, since a coroutine must not keep views
// of its caller's temporaries. A key's user never changes: logging in gives a session a new key.
class session_store {
public:
  virtual ~session_store() = default;
  virtual task<std::optional<stored_session>> load(std::string key) = 0;
  // Creates or replaces; `ttl` is how long from now it should be kept (expires_ms on the session
  // layer's clock, which tests move by hand). Indexes the key under its user when there is one.
  virtual task<void> save(std::string key, stored_session session, std::chrono::milliseconds ttl) = 0;
  // Replaces the session only while it is still there; false when it is gone (ended meanwhile:
  // a request in flight must not bring back a session a logout just destroyed).
  virtual task<bool> update(std::string key, stored_session session, std::chrono::milliseconds ttl) = 0;
  // Removes the session and its entry in its user's index; a missing key is no error.
  virtual task<void> destroy(std::string key, std::string user_id) = 0;
  // Removes every session of the user (logout everywhere); how many were there.
  virtual task<std::size_t> destroy_user(std::string user_id) = 0;
};

}  // namespace strata::auth
