// Tests for compression: Accept-Encoding negotiation, codec round trips and bounds, and the rules
// compress_response follows (threshold, type, status, Vary).
#include <strata/http/compression.hpp>

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <string>

namespace strata::http {
namespace {

std::string repetitive_text(std::size_t n) {
  std::string s;
  while (s.size() < n) s += "The quick brown fox jumps over the lazy dog. ";
  s.resize(n);
  return s;
}

std::string random_bytes(std::size_t n, unsigned seed = 42) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng());
  return s;
}

struct negotiation_case {
  const char* header;
  content_coding expected;
};

class negotiation : public ::testing::TestWithParam<negotiation_case> {};

TEST_P(negotiation, picks_expected_coding) {
  EXPECT_EQ(negotiate_coding(GetParam().header), GetParam().expected) << "Accept-Encoding: " << GetParam().header;
}

INSTANTIATE_TEST_SUITE_P(
    accept_encoding, negotiation,
    ::testing::Values(
        negotiation_case{"", content_coding::identity},
        negotiation_case{"gzip", content_coding::gzip},
        negotiation_case{"br", content_coding::br},
        negotiation_case{"gzip, deflate, br", content_coding::br},        // equal q: br wins
        negotiation_case{"gzip;q=1.0, br;q=0.8", content_coding::gzip},
        negotiation_case{"br;q=0, gzip", content_coding::gzip},
        negotiation_case{"br;q=0, gzip;q=0", content_coding::identity},
        negotiation_case{"*", content_coding::br},
        negotiation_case{"*;q=0.5, br;q=0.1", content_coding::gzip},    // gzip inherits 0.5 from *
        negotiation_case{"*;q=0", content_coding::identity},
        negotiation_case{"*;q=0, gzip", content_coding::gzip},
        negotiation_case{"GZIP", content_coding::gzip},                   // codings are case-insensitive
        negotiation_case{"Br;Q=0.9, GZip;q=0.9", content_coding::br},
        negotiation_case{"deflate, identity", content_coding::identity},
        negotiation_case{"identity;q=0", content_coding::identity},       // nothing better on offer
        negotiation_case{"x-gzip", content_coding::gzip},
        negotiation_case{" gzip ; q=0.5 ,  br ; q=0.4 ", content_coding::gzip},
        negotiation_case{"br;q=2, gzip", content_coding::gzip},           // malformed q drops br only
        negotiation_case{"br;q=0.001", content_coding::br},
        negotiation_case{"br;q=1.001, gzip;q=0.5", content_coding::gzip}, // 1.001 is not a qvalue
        negotiation_case{"gzip;q=0.", content_coding::identity},          // "0." is a valid zero
        negotiation_case{",,gzip,,", content_coding::gzip},
        negotiation_case{"gzip;level=9;q=0.7, br;q=0.6", content_coding::gzip}),
    [](const auto& info) { return "case_" + std::to_string(info.index); });

TEST(compressible, text_json_js_xml_and_svg_compress) {
  for (const char* t : {"text/html; charset=utf-8", "text/plain", "TEXT/CSS", "application/json",
                        "application/problem+json", "application/javascript", "image/svg+xml", "application/xml",
                        "application/wasm", "application/ld+json; charset=utf-8", " text/csv "})
    EXPECT_TRUE(is_compressible(t)) << t;
}

TEST(compressible, media_and_archives_do_not) {
  for (const char* t : {"image/png", "image/jpeg", "video/mp4", "application/zip", "application/gzip",
                        "application/octet-stream", "font/woff2", "", "application/pdf", "audio/mpeg"})
    EXPECT_FALSE(is_compressible(t)) << t;
}

TEST(gzip, round_trips) {
  for (std::size_t n : {0u, 1u, 100u, 70000u}) {
    auto text = repetitive_text(n);
    EXPECT_EQ(gzip_decompress(gzip_compress(text, 6)), text);
  }
  auto noise = random_bytes(50000);
  EXPECT_EQ(gzip_decompress(gzip_compress(noise, 9)), noise);
}

TEST(gzip, output_is_a_gzip_member) {
  auto packed = gzip_compress("hello", 6);
  ASSERT_GE(packed.size(), 18u);
  EXPECT_EQ(static_cast<unsigned char>(packed[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(packed[1]), 0x8b);
}

TEST(gzip, out_of_range_level_is_clamped) { EXPECT_EQ(gzip_decompress(gzip_compress("abc", 42)), "abc"); }

TEST(gzip, concatenated_members_decode_as_one_body) {
  EXPECT_EQ(gzip_decompress(gzip_compress("hello ", 6) + gzip_compress("world", 6)), "hello world");
}

TEST(gzip, rejects_garbage_truncation_and_trailing_bytes) {
  EXPECT_THROW(gzip_decompress("this is not gzip at all"), std::runtime_error);
  EXPECT_THROW(gzip_decompress(""), std::runtime_error);
  auto packed = gzip_compress(repetitive_text(5000), 6);
  EXPECT_THROW(gzip_decompress(packed.substr(0, packed.size() / 2)), std::runtime_error);
  EXPECT_THROW(gzip_decompress(packed + "junk"), std::runtime_error);
  auto corrupt = packed;
  corrupt[corrupt.size() - 3] ^= 0x55;  // the CRC-32/ISIZE trailer no longer matches
  EXPECT_THROW(gzip_decompress(corrupt), std::runtime_error);
}

TEST(gzip, refuses_to_inflate_beyond_64_mib) {
  auto bomb = gzip_compress(std::string(65 * 1024 * 1024, 'a'), 9);
  EXPECT_LT(bomb.size(), 1024u * 1024u);
  EXPECT_THROW(gzip_decompress(bomb), std::runtime_error);
  auto exactly = gzip_compress(std::string(64 * 1024 * 1024, 'a'), 1);
  EXPECT_EQ(gzip_decompress(exactly).size(), 64u * 1024u * 1024u);
}

TEST(brotli, round_trips) {
  for (std::size_t n : {0u, 1u, 100u, 70000u}) {
    auto text = repetitive_text(n);
    EXPECT_EQ(brotli_decompress(brotli_compress(text, 4)), text);
  }
  auto noise = random_bytes(50000);
  EXPECT_EQ(brotli_decompress(brotli_compress(noise, 11)), noise);
  EXPECT_EQ(brotli_decompress(brotli_compress("abc", -3)), "abc");  // quality clamped
}

TEST(brotli, rejects_garbage_truncation_and_trailing_bytes) {
  EXPECT_THROW(brotli_decompress("this is not brotli, not at all"), std::runtime_error);
  EXPECT_THROW(brotli_decompress(""), std::runtime_error);
  auto packed = brotli_compress(repetitive_text(5000), 4);
  EXPECT_THROW(brotli_decompress(packed.substr(0, packed.size() / 2)), std::runtime_error);
  EXPECT_THROW(brotli_decompress(packed + "junk"), std::runtime_error);
}

TEST(brotli, refuses_to_inflate_beyond_64_mib) {
  auto bomb = brotli_compress(std::string(65 * 1024 * 1024, 'a'), 1);
  EXPECT_LT(bomb.size(), 1024u * 1024u);
  EXPECT_THROW(brotli_decompress(bomb), std::runtime_error);
}

// A response as a handler leaves it: a compressible body above the default threshold.
void fill(response& res, std::size_t size = 4096, std::string_view type = "text/html; charset=utf-8") {
  res.type(type);
  res.send(repetitive_text(size));
}

TEST(compress_response, gzips_when_only_gzip_is_accepted) {
  response res;
  fill(res);
  auto original = res.body();
  compress_response("gzip, deflate", res, {});
  EXPECT_EQ(res.header("Content-Encoding"), "gzip");
  EXPECT_EQ(res.header("Vary"), "Accept-Encoding");
  EXPECT_LT(res.body().size(), original.size());
  EXPECT_EQ(gzip_decompress(res.body()), original);
}

TEST(compress_response, prefers_brotli) {
  response res;
  fill(res);
  auto original = res.body();
  compress_response("gzip, deflate, br", res, {});
  EXPECT_EQ(res.header("Content-Encoding"), "br");
  EXPECT_EQ(brotli_decompress(res.body()), original);
}

TEST(compress_response, compresses_a_json_payload) {
  response res;
  boost::json::array items;
  for (int i = 0; i < 200; ++i) items.push_back(boost::json::object{{"id", i}, {"name", "item"}});
  res.json(std::move(items));
  compress_response("br", res, {});
  EXPECT_EQ(res.header("Content-Encoding"), "br");
  EXPECT_EQ(res.payload(), nullptr);
  EXPECT_EQ(brotli_decompress(res.body()).substr(0, 20), R"([{"id":0,"name":"ite)");
}

TEST(compress_response, leaves_bodies_below_the_threshold) {
  response res;
  fill(res, 1023);
  compress_response("gzip", res, {});
  EXPECT_FALSE(res.header("Content-Encoding"));
  EXPECT_FALSE(res.header("Vary"));
  EXPECT_EQ(res.body().size(), 1023u);

  response at;
  fill(at, 1024);
  compress_response("gzip", at, {});
  EXPECT_EQ(at.header("Content-Encoding"), "gzip");

  response custom;
  fill(custom, 200);
  compression_options small;
  small.threshold = 100;
  compress_response("gzip", custom, small);
  EXPECT_EQ(custom.header("Content-Encoding"), "gzip");
}

TEST(compress_response, leaves_incompressible_or_untyped_bodies) {
  response png;
  fill(png, 4096, "image/png");
  compress_response("gzip", png, {});
  EXPECT_FALSE(png.header("Content-Encoding"));
  EXPECT_FALSE(png.header("Vary"));

  response untyped;
  untyped.send(repetitive_text(4096));
  compress_response("gzip", untyped, {});
  EXPECT_FALSE(untyped.header("Content-Encoding"));
}

TEST(compress_response, identity_still_varies_on_accept_encoding) {
  response res;
  fill(res);
  compress_response("", res, {});
  EXPECT_FALSE(res.header("Content-Encoding"));
  EXPECT_EQ(res.header("Vary"), "Accept-Encoding");
  EXPECT_EQ(res.body(), repetitive_text(4096));
}

TEST(compress_response, skips_when_output_would_not_shrink) {
  response res;
  res.type("text/plain");
  res.send(random_bytes(4096));
  auto original = res.body();
  compress_response("gzip", res, {});
  EXPECT_FALSE(res.header("Content-Encoding"));
  EXPECT_EQ(res.body(), original);
}

TEST(compress_response, respects_disabled_existing_encoding_statuses_and_no_transform) {
  response disabled;
  fill(disabled);
  compression_options off;
  off.enabled = false;
  compress_response("gzip", disabled, off);
  EXPECT_FALSE(disabled.header("Content-Encoding"));

  response encoded;
  fill(encoded);
  encoded.set("Content-Encoding", "br");
  auto body = encoded.body();
  compress_response("gzip", encoded, {});
  EXPECT_EQ(encoded.header("Content-Encoding"), "br");
  EXPECT_EQ(encoded.body(), body);

  for (int status : {204, 206, 304}) {
    response res;
    fill(res);
    res.status(status);
    compress_response("gzip", res, {});
    EXPECT_FALSE(res.header("Content-Encoding")) << status;
  }

  response no_transform;
  fill(no_transform);
  no_transform.set("Cache-Control", "public, no-transform");
  compress_response("gzip", no_transform, {});
  EXPECT_FALSE(no_transform.header("Content-Encoding"));
}

TEST(compress_response, merges_into_an_existing_vary) {
  response res;
  fill(res);
  res.set("Vary", "Origin");
  compress_response("gzip", res, {});
  EXPECT_EQ(res.header("Vary"), "Origin, Accept-Encoding");
  int vary_lines = 0;
  for (const auto& [k, v] : res.headers()) vary_lines += k == "Vary";
  EXPECT_EQ(vary_lines, 1);

  response already;
  fill(already);
  already.set("vary", "accept-encoding, Origin");
  compress_response("gzip", already, {});
  EXPECT_EQ(already.header("Vary"), "accept-encoding, Origin");

  response star;
  fill(star);
  star.set("Vary", "*");
  compress_response("gzip", star, {});
  EXPECT_EQ(star.header("Vary"), "*");
}

TEST(compress_response, fixes_content_length_and_weakens_a_strong_etag) {
  response res;
  fill(res);
  res.set("Content-Length", "4096");
  res.set("ETag", "\"abc\"");
  compress_response("gzip", res, {});
  EXPECT_EQ(res.header("Content-Length"), std::to_string(res.body().size()));
  EXPECT_EQ(res.header("ETag"), "W/\"abc\"");
}

TEST(compress_response, reuses_the_scratch_buffer_across_responses) {
  for (int i = 0; i < 3; ++i) {
    response res;
    fill(res, 5000 + i);
    auto original = res.body();
    compress_response("gzip", res, {});
    EXPECT_EQ(gzip_decompress(res.body()), original);
  }
}

}  // namespace
}  // namespace strata::http
