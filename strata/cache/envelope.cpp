// envelope encoding: a magic tag, two little-endian 64-bit deadlines, the tags with 16-bit
// lengths, then the value as the rest of the bytes (no length: it cannot disagree with the size).
#include <strata/cache/envelope.hpp>

namespace strata::cache {

namespace {

constexpr std::string_view magic = "CE1\n";

void put(std::string& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

bool take(std::string_view& in, int bytes, std::uint64_t& v) {
  if (in.size() < static_cast<std::size_t>(bytes)) return false;
  v = 0;
  for (int i = 0; i < bytes; ++i) v |= std::uint64_t(static_cast<unsigned char>(in[i])) << (8 * i);
  in.remove_prefix(bytes);
  return true;
}

}  // namespace

std::string encode_envelope(const envelope& e) {
  std::string out;
  std::size_t size = magic.size() + 18 + e.value.size();
  for (const auto& t : e.tags) size += 2 + t.size();
  out.reserve(size);
  out.append(magic);
  put(out, static_cast<std::uint64_t>(e.fresh_until_ms), 8);
  put(out, static_cast<std::uint64_t>(e.expires_at_ms), 8);
  put(out, e.tags.size(), 2);
  for (const auto& t : e.tags) {
    put(out, t.size(), 2);
    out.append(t);
  }
  out.append(e.value);
  return out;
}

std::optional<envelope> decode_envelope(std::string_view in) {
  if (!in.starts_with(magic)) return std::nullopt;
  in.remove_prefix(magic.size());
  envelope e;
  std::uint64_t fresh, expires, count;
  if (!take(in, 8, fresh) || !take(in, 8, expires) || !take(in, 2, count)) return std::nullopt;
  e.fresh_until_ms = static_cast<std::int64_t>(fresh);
  e.expires_at_ms = static_cast<std::int64_t>(expires);
  for (std::uint64_t i = 0; i < count; ++i) {
    std::uint64_t n;
    if (!take(in, 2, n) || in.size() < n) return std::nullopt;
    e.tags.emplace_back(in.substr(0, n));
    in.remove_prefix(n);
  }
  e.value.assign(in);
  return e;
}

std::int64_t unix_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace strata::cache
