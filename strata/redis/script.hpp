// redis::script: a Lua script run by its SHA1 (EVALSHA), sending the source (EVAL) only when the
// server answers NOSCRIPT: after a restart, a SCRIPT FLUSH or on a server that never saw it.
//
//   static const redis::script limiter(R"lua(
//     local n = redis.call('INCR', KEYS[1])
//     if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
//     return n)lua");
//   auto n = (co_await client.eval(limiter, redis::keys(key), window_ms)).as_integer();
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace strata::redis {

class script {
 public:
  explicit script(std::string source);
  const std::string& source() const noexcept { return *source_; }
  const std::string& sha1() const noexcept { return sha1_; }  // lowercase hex, as SCRIPT LOAD gives it
  // Shared, so a call in flight keeps it without copying it.
  const std::shared_ptr<const std::string>& shared_source() const noexcept { return source_; }

 private:
  std::shared_ptr<const std::string> source_;
  std::string sha1_;
};

// The KEYS of an EVAL, as a named value (GCC 12 mishandles braced lists inside co_await).
struct key_list {
  std::vector<std::string> names;
};
template <class... K>
key_list keys(K&&... k) {
  return key_list{{std::string(std::forward<K>(k))...}};
}

}  // namespace strata::redis
