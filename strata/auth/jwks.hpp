// Key sets (JWKS, RFC 7517 §5) and where verification gets them: key_set holds keys and picks
// them by kid and algorithm; key_source is the seam for sets that change (a remote JWKS URL
// fetched and cached), with static_keys as the fixed implementation.
//
//   auto keys = jwt::key_set::from_jwks(R"({"keys": [...]})");
//   auto r = jwt::verify(token, keys, options);
//
//   jwt::static_keys source(keys);              // or a remote fetcher behind the same interface
//   auto r = co_await jwt::verify(token, source, options);
#pragma once
#include <strata/auth/jwk.hpp>
#include <strata/core/task.hpp>

#include <boost/json/object.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace strata::auth::jwt {

class key_set {
public:
  // A member of a JWKS that was left out, and why (unknown kty, a curve JWS does not sign on, an
  // encryption alg, a weak key...). RFC 7517 §5: members that cannot be used are ignored.
  struct skipped_key {
    std::string kid;
    std::string reason;
  };

  key_set() = default;
  explicit key_set(std::vector<key> keys) : keys_(std::move(keys)) {}

  // {"keys": [JWK, ...]}. Members that cannot be used are skipped (see skipped()); key_error only
  // when the document is not a JWKS at all, or holds more than `max_keys` members.
  static key_set from_jwks(const boost::json::object& jwks, std::size_t max_keys = 100);
  static key_set from_jwks(std::string_view json, std::size_t max_keys = 100);

  void add(key k) { keys_.push_back(std::move(k)); }
  const std::vector<key>& keys() const { return keys_; }
  const std::vector<skipped_key>& skipped() const { return skipped_; }
  bool empty() const { return keys_.empty(); }

  // The first key with this kid (any kid when empty) that may verify `alg`; null when none.
  const key* find(std::string_view kid, algorithm alg) const;

  // {"keys": [...]}: the public JWKS to publish (private members only when asked).
  boost::json::object to_jwks(bool include_private = false) const;

private:
  std::vector<key> keys_;
  std::vector<skipped_key> skipped_;
};

// Where verification gets keys from. One method, so a remote JWKS fetcher (with its cache, its
// refresh on an unknown kid, its rate limit) sits behind the same verify() as fixed keys.
class key_source {
public:
  virtual ~key_source() = default;

  // The keys to verify a token with. `kid_hint` is the token's kid (empty when it has none): a
  // caching source may refetch when no key it holds has that kid, as often as it deems safe
  // (the hint comes from an unverified token, so an attacker chooses it). The set returned
  // must not change afterwards (a refresh returns a new one). Throws when no keys can be had
  // (the fetch failed and nothing is cached): verify() reports error::keys_unavailable with
  // the exception's message. Called on the verifying coroutine's executor.
  virtual task<std::shared_ptr<const key_set>> keys(std::string_view kid_hint) = 0;
};

// A fixed key set as a key_source.
class static_keys final : public key_source {
public:
  explicit static_keys(key_set keys) : keys_(std::make_shared<const key_set>(std::move(keys))) {}
  explicit static_keys(std::shared_ptr<const key_set> keys) : keys_(std::move(keys)) {}
  task<std::shared_ptr<const key_set>> keys(std::string_view kid_hint) override;

private:
  std::shared_ptr<const key_set> keys_;
};

}  // namespace strata::auth::jwt
