// stored_response encoding: a magic tag, then little-endian fixed-width lengths before each
// field. Lengths are checked against what is left, so a damaged value cannot read past its end.
#include <strata/cache/detail/stored_response.hpp>

#include <openssl/evp.h>

#include <cstring>

namespace strata::cache::detail {

namespace {

constexpr std::string_view magic = "SR1\n";
constexpr std::uint32_t max_headers = 1000;

void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put_bytes(std::string& out, std::string_view s) {
  put_u64(out, s.size());
  out.append(s);
}

struct reader {
  std::string_view in;
  bool ok = true;

  std::uint64_t u(int bytes) {
    if (in.size() < static_cast<std::size_t>(bytes)) {
      ok = false;
      return 0;
    }
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= std::uint64_t(static_cast<unsigned char>(in[i])) << (8 * i);
    in.remove_prefix(bytes);
    return v;
  }
  std::string bytes() {
    auto n = u(8);
    if (!ok || n > in.size()) {
      ok = false;
      return {};
    }
    std::string s(in.substr(0, n));
    in.remove_prefix(n);
    return s;
  }
};

}  // namespace

std::string encode(const stored_response& r) {
  std::string out;
  std::size_t size = magic.size() + 16 + r.body.size() + 8;
  for (const auto& [k, v] : r.headers) size += k.size() + v.size() + 16;
  out.reserve(size);
  out.append(magic);
  put_u32(out, static_cast<std::uint32_t>(r.status));
  put_u64(out, static_cast<std::uint64_t>(r.stored_at));
  put_u32(out, static_cast<std::uint32_t>(r.headers.size()));
  for (const auto& [k, v] : r.headers) {
    put_bytes(out, k);
    put_bytes(out, v);
  }
  put_bytes(out, r.body);
  return out;
}

std::optional<stored_response> decode(std::string_view bytes) {
  if (!bytes.starts_with(magic)) return std::nullopt;
  reader rd{bytes.substr(magic.size())};
  stored_response r;
  r.status = static_cast<int>(rd.u(4));
  r.stored_at = static_cast<std::int64_t>(rd.u(8));
  auto n = rd.u(4);
  if (!rd.ok || n > max_headers || r.status < 100 || r.status > 999) return std::nullopt;
  r.headers.reserve(n);
  for (std::uint64_t i = 0; i < n && rd.ok; ++i) {
    auto k = rd.bytes();
    auto v = rd.bytes();
    r.headers.emplace_back(std::move(k), std::move(v));
  }
  r.body = rd.bytes();
  if (!rd.ok || !rd.in.empty()) return std::nullopt;
  return r;
}

std::string strong_etag(std::string_view body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(body.data(), body.size(), digest, &len, EVP_sha256(), nullptr);
  static constexpr char hex[] = "0123456789abcdef";
  std::string tag = "\"";
  for (unsigned i = 0; i < 16 && i < len; ++i) {
    tag.push_back(hex[digest[i] >> 4]);
    tag.push_back(hex[digest[i] & 15]);
  }
  tag.push_back('"');
  return tag;
}

}  // namespace strata::cache::detail
