// decode_body: zlib (gzip and zlib-wrapped deflate) and brotli, streaming into a growing string
// that stops at the bound.
#include <brotli/decode.h>
#include <zlib.h>

#include <algorithm>
#include <memory>
#include <strata/http/detail/client_decode.hpp>
#include <strata/http/detail/client_headers.hpp>

namespace strata::http::detail {
namespace {

// Grows `out` for the next write: doubling from 16 KiB, never past max + 1 (one byte more than
// allowed is enough to know the bound was passed).
bool grow(std::string& out, std::size_t used, std::size_t max) {
  if (used > max) return false;
  const std::size_t want = std::min<std::size_t>(std::max<std::size_t>(out.size() * 2, 16 * 1024), max + 1);
  if (want <= used) return false;
  out.resize(want);
  return true;
}

decode_status inflate_body(std::string_view data, std::size_t max, std::string& out) {
  z_stream zs{};
  // 15 + 32: a zlib or a gzip header, detected; what servers send as "deflate" is the zlib form.
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return decode_status::invalid;
  std::unique_ptr<z_stream, int (*)(z_streamp)> guard(&zs, inflateEnd);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());  // bodies are bounded far below 4 GiB
  std::size_t used = 0;
  out.clear();
  for (;;) {
    if (used == out.size() && !grow(out, used, max)) return decode_status::too_large;
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + used);
    zs.avail_out = static_cast<uInt>(out.size() - used);
    const int ret = inflate(&zs, Z_NO_FLUSH);
    used = out.size() - zs.avail_out;
    if (used > max) return decode_status::too_large;
    if (ret == Z_STREAM_END) {
      if (zs.avail_in == 0) break;
      // gzip allows several members back to back (RFC 1952 2.2).
      if (inflateReset(&zs) != Z_OK) return decode_status::invalid;
      continue;
    }
    if (ret == Z_BUF_ERROR && zs.avail_in == 0) return decode_status::invalid;  // truncated
    if (ret != Z_OK && ret != Z_BUF_ERROR) return decode_status::invalid;
  }
  out.resize(used);
  return decode_status::ok;
}

decode_status brotli_body(std::string_view data, std::size_t max, std::string& out) {
  std::unique_ptr<BrotliDecoderState, void (*)(BrotliDecoderState*)> st(
      BrotliDecoderCreateInstance(nullptr, nullptr, nullptr), BrotliDecoderDestroyInstance);
  if (!st) return decode_status::invalid;
  const auto* next_in = reinterpret_cast<const std::uint8_t*>(data.data());
  std::size_t avail_in = data.size(), used = 0;
  out.clear();
  for (;;) {
    if (used == out.size() && !grow(out, used, max)) return decode_status::too_large;
    auto* next_out = reinterpret_cast<std::uint8_t*>(out.data() + used);
    std::size_t avail_out = out.size() - used;
    const auto r = BrotliDecoderDecompressStream(st.get(), &avail_in, &next_in, &avail_out, &next_out, nullptr);
    used = out.size() - avail_out;
    if (used > max) return decode_status::too_large;
    if (r == BROTLI_DECODER_RESULT_SUCCESS) break;
    if (r == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) continue;
    return decode_status::invalid;  // an error, or input ended early
  }
  out.resize(used);
  return decode_status::ok;
}

}  // namespace

decode_status decode_body(std::string_view coding, std::string_view data, std::size_t max, std::string& out) {
  if (header_name_equals(coding, "gzip") || header_name_equals(coding, "x-gzip") ||
      header_name_equals(coding, "deflate"))
    return inflate_body(data, max, out);
  if (header_name_equals(coding, "br")) return brotli_body(data, max, out);
  return decode_status::unknown_coding;
}

}  // namespace strata::http::detail
