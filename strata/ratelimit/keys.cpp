// The key functions.
#include <strata/http/request.hpp>
#include <strata/http/router.hpp>
#include <strata/ratelimit/keys.hpp>

#include <memory>

#include <openssl/evp.h>

namespace strata::ratelimit {

namespace {
std::string ip_key(const std::string& address, unsigned v6_prefix) {
  auto a = parse_address(address);
  if (!a || a->is_v4() || v6_prefix >= 128) return "ip:" + address;
  auto bytes = a->to_v6().to_bytes();
  for (unsigned i = 0; i < 16; ++i) {
    const unsigned keep = v6_prefix > i * 8 ? std::min(8u, v6_prefix - i * 8) : 0;
    bytes[i] &= static_cast<unsigned char>(keep == 0 ? 0 : 0xff << (8 - keep));
  }
  return "ip:" + boost::asio::ip::address_v6(bytes).to_string() + "/" + std::to_string(v6_prefix);
}
}  // namespace

key_fn by_ip(ip_key_options options) {
  auto trusted = std::make_shared<const std::vector<ip_network>>(parse_networks(options.trusted_proxies));
  const unsigned v6 = options.ipv6_prefix;
  return [trusted, v6](http::request& req) { return ip_key(client_ip(req, *trusted), v6); };
}

key_fn by_header(std::string header_name, key_fn fallback) {
  return [name = std::move(header_name), fallback = std::move(fallback)](http::request& req) {
    auto v = req.header(name);
    if (!v || v->empty()) return fallback(req);
    return "key:" + std::string(*v);
  };
}

key_fn by_user(std::function<std::string(http::request&)> user_id, key_fn fallback) {
  return [user_id = std::move(user_id), fallback = std::move(fallback)](http::request& req) {
    auto id = user_id(req);
    if (id.empty()) return fallback(req);
    return "user:" + id;
  };
}

key_fn by_route() {
  return [](http::request& req) {
    auto pattern = req.route_pattern();
    // Unmatched paths share one key: a scanner must not mint a key per path it tries.
    return "route:" + std::string(req.method_text()) + " " +
           (pattern.empty() ? std::string("(unmatched)") : std::string(pattern));
  };
}

key_fn combine(std::vector<key_fn> parts) {
  return [parts = std::move(parts)](http::request& req) {
    std::string out;
    for (const auto& p : parts) {
      if (!out.empty()) out += '|';
      out += p(req);
    }
    return out;
  };
}

std::string bounded_key(std::string key) {
  if (key.size() <= 128) return key;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(key.data(), key.size(), digest, &len, EVP_sha256(), nullptr);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "sha256:";
  for (unsigned i = 0; i < len; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

}  // namespace strata::ratelimit
