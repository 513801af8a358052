// Response compression: Accept-Encoding negotiation, gzip (zlib) and brotli codecs, and the
// on-the-way-out step that compresses a finished in-memory response.
#include <strata/http/compression.hpp>
#include <strata/http/detail/vary.hpp>
#include <strata/http/parser.hpp>

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>

namespace strata::http {

namespace {

using detail::list_has_token;
using detail::trim_ows;

// A decompressed body larger than this is treated as hostile (a "zip bomb").
constexpr std::size_t max_decompressed = 64 * 1024 * 1024;

// RFC 9110 12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), in thousandths.
std::optional<int> parse_qvalue(std::string_view s) {
  if (s.empty() || (s[0] != '0' && s[0] != '1')) return std::nullopt;
  int whole = s[0] - '0';
  if (s.size() == 1) return whole * 1000;
  if (s[1] != '.' || s.size() > 5) return std::nullopt;
  int frac = 0, scale = 100;
  for (char c : s.substr(2)) {
    if (c < '0' || c > '9') return std::nullopt;
    frac += (c - '0') * scale;
    scale /= 10;
  }
  if (whole == 1 && frac != 0) return std::nullopt;
  return whole * 1000 + frac;
}

// The weights a client gave: -1 where a coding was not mentioned.
struct coding_weights {
  int br = -1;
  int gzip = -1;
  int x_gzip = -1;
  int star = -1;
};

// Reads "coding;q=0.5" into its coding name and weight; nullopt for a malformed weight, which
// drops that element only (one bad entry should not disable compression for the whole list).
std::optional<std::pair<std::string_view, int>> parse_coding_element(std::string_view element) {
  auto semi = element.find(';');
  auto name = trim_ows(element.substr(0, semi));
  int q = 1000;
  while (semi != std::string_view::npos) {
    element.remove_prefix(semi + 1);
    semi = element.find(';');
    auto param = trim_ows(element.substr(0, semi));
    auto eq = param.find('=');
    if (eq == std::string_view::npos || !iequals(trim_ows(param.substr(0, eq)), "q")) continue;
    auto weight = parse_qvalue(trim_ows(param.substr(eq + 1)));
    if (!weight) return std::nullopt;
    q = *weight;
  }
  if (name.empty()) return std::nullopt;
  return std::pair{name, q};
}

coding_weights parse_accept_encoding(std::string_view header) {
  coding_weights w;
  auto keep_first = [](int& slot, int q) {
    if (slot < 0) slot = q;
  };
  while (!header.empty()) {
    auto comma = header.find(',');
    auto parsed = parse_coding_element(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    if (!parsed) continue;
    auto [name, q] = *parsed;
    if (iequals(name, "br")) keep_first(w.br, q);
    else if (iequals(name, "gzip")) keep_first(w.gzip, q);
    else if (iequals(name, "x-gzip")) keep_first(w.x_gzip, q);  // RFC 9110 8.4.1.3: same as gzip
    else if (name == "*") keep_first(w.star, q);
  }
  return w;
}

// A coding named explicitly takes its own weight; otherwise "*" speaks for it.
int effective_weight(int explicit_q, int star_q) {
  if (explicit_q >= 0) return explicit_q;
  return star_q >= 0 ? star_q : 0;
}

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

uInt clamp_uint(std::size_t n) { return static_cast<uInt>(std::min<std::size_t>(n, UINT_MAX)); }

// Grows `out` for a decoder that has filled it, within max_decompressed + 1 bytes so that one byte
// too many is seen and refused.
void grow_bounded(std::string& out) {
  if (out.size() > max_decompressed) throw std::runtime_error("decompressed body exceeds 64 MiB");
  auto next = std::max<std::size_t>(out.size() * 2, 16 * 1024);
  out.resize(std::min(next, max_decompressed + 1));
}

void gzip_into(std::string_view data, int level, std::string& out) {
  z_stream zs{};
  if (deflateInit2(&zs, std::clamp(level, -1, 9), Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("gzip: deflateInit2 failed");
  std::unique_ptr<z_stream, int (*)(z_streamp)> guard(&zs, deflateEnd);
  out.resize(deflateBound(&zs, data.size()));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  std::size_t in_left = data.size(), produced = 0;
  while (true) {
    // zlib counts in 32-bit units, so inputs over 4 GiB go in slices.
    if (zs.avail_in == 0 && in_left > 0) {
      zs.avail_in = clamp_uint(in_left);
      in_left -= zs.avail_in;
    }
    if (produced == out.size()) out.resize(out.size() * 2);
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    zs.avail_out = clamp_uint(out.size() - produced);
    int ret = deflate(&zs, in_left == 0 ? Z_FINISH : Z_NO_FLUSH);
    produced = reinterpret_cast<char*>(zs.next_out) - out.data();
    if (ret == Z_STREAM_END) break;
    if (ret != Z_OK && ret != Z_BUF_ERROR) throw std::runtime_error("gzip: deflate failed");
  }
  out.resize(produced);
}

void brotli_into(std::string_view data, int quality, std::string& out) {
  std::size_t bound = BrotliEncoderMaxCompressedSize(data.size());
  if (bound == 0) throw std::runtime_error("brotli: input too large");
  out.resize(bound);
  std::size_t size = bound;
  if (!BrotliEncoderCompress(std::clamp(quality, BROTLI_MIN_QUALITY, BROTLI_MAX_QUALITY), BROTLI_DEFAULT_WINDOW,
                             BROTLI_MODE_GENERIC, data.size(), reinterpret_cast<const std::uint8_t*>(data.data()),
                             &size, reinterpret_cast<std::uint8_t*>(out.data())))
    throw std::runtime_error("brotli: compression failed");
  out.resize(size);
}

// A strong validator names exact bytes; once the bytes are re-encoded only a weak one still holds
// (what nginx does to ETags of responses it gzips).
void weaken_etag(response& res) {
  auto etag = res.header("ETag");
  if (!etag || etag->starts_with("W/")) return;
  res.set("ETag", "W/" + std::string(*etag));
}

}  // namespace

content_coding negotiate_coding(std::string_view accept_encoding) {
  auto w = parse_accept_encoding(accept_encoding);
  int br = effective_weight(w.br, w.star);
  int gzip = effective_weight(w.gzip >= 0 ? w.gzip : w.x_gzip, w.star);
  if (br > 0 && br >= gzip) return content_coding::br;
  if (gzip > 0) return content_coding::gzip;
  return content_coding::identity;
}

bool is_compressible(std::string_view content_type) {
  auto type = trim_ows(content_type.substr(0, content_type.find(';')));
  if (starts_with_ci(type, "text/")) return true;
  if (ends_with_ci(type, "+json") || ends_with_ci(type, "+xml")) return true;  // problem+json, svg+xml, atom+xml
  static constexpr std::string_view listed[] = {
      "application/json",       "application/javascript", "application/x-javascript",
      "application/ecmascript", "application/xml",        "application/wasm",
      "application/x-ndjson",   "application/yaml",       "application/x-yaml",
      "application/graphql",    "application/x-www-form-urlencoded",
      "font/ttf",               "font/otf",               "application/vnd.ms-fontobject",
      "image/x-icon",           "image/vnd.microsoft.icon", "image/bmp",
  };
  return std::any_of(std::begin(listed), std::end(listed), [&](std::string_view t) { return iequals(type, t); });
}

std::string gzip_compress(std::string_view data, int level) {
  std::string out;
  gzip_into(data, level, out);
  return out;
}

std::string gzip_decompress(std::string_view data) {
  z_stream zs{};
  if (inflateInit2(&zs, 31) != Z_OK) throw std::runtime_error("gzip: inflateInit2 failed");
  std::unique_ptr<z_stream, int (*)(z_streamp)> guard(&zs, inflateEnd);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  std::size_t in_left = data.size(), produced = 0;
  std::string out;
  while (true) {
    if (zs.avail_in == 0 && in_left > 0) {
      zs.avail_in = clamp_uint(in_left);
      in_left -= zs.avail_in;
    }
    if (produced == out.size()) grow_bounded(out);
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    zs.avail_out = clamp_uint(out.size() - produced);
    int ret = inflate(&zs, Z_NO_FLUSH);
    produced = reinterpret_cast<char*>(zs.next_out) - out.data();
    if (produced > max_decompressed) throw std::runtime_error("decompressed body exceeds 64 MiB");
    if (ret == Z_STREAM_END) {
      if (zs.avail_in == 0 && in_left == 0) break;
      // gzip allows several members back to back (RFC 1952 2.2); each must be well formed.
      if (inflateReset(&zs) != Z_OK) throw std::runtime_error("gzip: inflateReset failed");
      continue;
    }
    if (ret == Z_BUF_ERROR && zs.avail_in == 0 && in_left == 0) throw std::runtime_error("gzip: truncated input");
    if (ret != Z_OK && ret != Z_BUF_ERROR) throw std::runtime_error("gzip: invalid data");
  }
  out.resize(produced);
  return out;
}

std::string brotli_compress(std::string_view data, int quality) {
  std::string out;
  brotli_into(data, quality, out);
  return out;
}

std::string brotli_decompress(std::string_view data) {
  std::unique_ptr<BrotliDecoderState, void (*)(BrotliDecoderState*)> state(
      BrotliDecoderCreateInstance(nullptr, nullptr, nullptr), BrotliDecoderDestroyInstance);
  if (!state) throw std::runtime_error("brotli: out of memory");
  auto next_in = reinterpret_cast<const std::uint8_t*>(data.data());
  std::size_t avail_in = data.size(), produced = 0;
  std::string out;
  while (true) {
    if (produced == out.size()) grow_bounded(out);
    auto next_out = reinterpret_cast<std::uint8_t*>(out.data() + produced);
    std::size_t avail_out = out.size() - produced;
    auto result = BrotliDecoderDecompressStream(state.get(), &avail_in, &next_in, &avail_out, &next_out, nullptr);
    produced = out.size() - avail_out;
    if (produced > max_decompressed) throw std::runtime_error("decompressed body exceeds 64 MiB");
    if (result == BROTLI_DECODER_RESULT_SUCCESS) {
      if (avail_in != 0) throw std::runtime_error("brotli: trailing data after the stream");
      break;
    }
    if (result == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT) throw std::runtime_error("brotli: truncated input");
    if (result == BROTLI_DECODER_RESULT_ERROR)
      throw std::runtime_error(std::string("brotli: ") +
                               BrotliDecoderErrorString(BrotliDecoderGetErrorCode(state.get())));
  }
  out.resize(produced);
  return out;
}

void compress_response(std::string_view accept_encoding, response& res, const compression_options& options) {
  if (!options.enabled || res.file() || res.streaming()) return;
  // 206 bodies are byte ranges of the identity representation; re-encoding them would break the
  // Content-Range arithmetic.
  int status = res.status();
  if (status < 200 || status == 204 || status == 206 || status == 304) return;
  if (res.header("Content-Encoding")) return;
  if (res.payload()) res.serialize_payload();
  if (res.body().empty() || res.body().size() < options.threshold) return;
  auto type = res.header("Content-Type");
  if (!type || !is_compressible(*type)) return;
  if (auto cc = res.header("Cache-Control"); cc && list_has_token(*cc, "no-transform")) return;

  // From here the answer depends on Accept-Encoding, whatever this client sent, so caches must
  // key on it even when this particular response goes out uncompressed.
  detail::add_vary(res, "Accept-Encoding");
  auto coding = negotiate_coding(accept_encoding);
  if (coding == content_coding::identity) return;

  // Compress into a per-thread buffer and swap it in: both buffers keep their capacity, so a
  // warmed-up loop compresses without allocating.
  thread_local std::string scratch;
  if (coding == content_coding::br) brotli_into(res.body(), options.brotli_quality, scratch);
  else gzip_into(res.body(), options.gzip_level, scratch);
  if (scratch.size() >= res.body().size()) return;
  res.body().swap(scratch);
  scratch.clear();
  if (scratch.capacity() > 4 * 1024 * 1024) std::string().swap(scratch);  // don't pin a huge body per thread

  res.set("Content-Encoding", coding == content_coding::br ? "br" : "gzip");
  if (res.header("Content-Length")) res.set("Content-Length", std::to_string(res.body().size()));
  weaken_etag(res);
}

}  // namespace strata::http
