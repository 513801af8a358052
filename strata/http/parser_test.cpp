// Tests for the strict HTTP/1.1 request parser: parse_head, chunked_decoder and percent_decode.
#include <strata/http/parser.hpp>

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace strata::http {
namespace {

// parse_head's outcome as one number, so that every expectation names an exact status.
constexpr int complete = 0;
constexpr int incomplete = -1;

int outcome(std::string_view text, const parse_limits& limits = {}) {
  request_head h;
  const parse_result r = parse_head(text, h, limits);
  switch (r.status) {
    case parse_status::complete: return complete;
    case parse_status::incomplete: return incomplete;
    case parse_status::error: return r.error_status;
  }
  return -2;
}

// A GET of `target` with the given header lines (each ending in CRLF) and the empty line.
std::string get(std::string_view target, std::string_view headers = "Host: example.com\r\n",
                std::string_view version = "HTTP/1.1") {
  return "GET " + std::string(target) + " " + std::string(version) + "\r\n" + std::string(headers) + "\r\n";
}

// Expects `text` to parse completely, consuming all of it, and returns the head.
request_head parse_ok(std::string_view text, const parse_limits& limits = {}) {
  request_head h;
  const parse_result r = parse_head(text, h, limits);
  EXPECT_EQ(r.status, parse_status::complete) << text << "\nerror " << r.error_status << ": " << r.error_reason;
  EXPECT_EQ(r.consumed, text.size()) << text;
  return h;
}

// Every proper prefix of a valid request is incomplete (never an error); the whole is complete.
void expect_prefixes_incomplete(std::string_view text, const parse_limits& limits = {}) {
  for (std::size_t n = 0; n < text.size(); ++n)
    ASSERT_EQ(outcome(text.substr(0, n), limits), incomplete) << "prefix of " << n << " bytes of:\n" << text;
  EXPECT_EQ(outcome(text, limits), complete) << text;
}

// Every prefix of an invalid request is incomplete or the very error of the whole request, however
// the bytes are split into reads.
void expect_prefixes_consistent(std::string_view text, int status, const parse_limits& limits = {}) {
  ASSERT_EQ(outcome(text, limits), status) << text;
  for (std::size_t n = 0; n < text.size(); ++n) {
    const int o = outcome(text.substr(0, n), limits);
    ASSERT_TRUE(o == incomplete || o == status) << "prefix of " << n << " bytes gave " << o;
  }
}

bool points_into(std::string_view view, std::string_view buf) {
  return view.data() >= buf.data() && view.data() + view.size() <= buf.data() + buf.size();
}

// --- request line -------------------------------------------------------------------------------

TEST(ParserTest, SimpleGet) {
  const std::string text = "GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n";
  const request_head h = parse_ok(text);
  EXPECT_EQ(h.method, method::get);
  EXPECT_EQ(h.method_text, "GET");
  EXPECT_EQ(h.target, "/index.html");
  EXPECT_EQ(h.path, "/index.html");
  EXPECT_EQ(h.query, "");
  EXPECT_EQ(h.authority, "example.com");
  EXPECT_EQ(h.version_minor, 1);
  ASSERT_EQ(h.headers.size(), 1u);
  EXPECT_EQ(h.headers[0].name, "Host");
  EXPECT_EQ(h.headers[0].value, "example.com");
  EXPECT_EQ(h.body, body_kind::none);
  EXPECT_EQ(h.content_length, 0u);
  EXPECT_TRUE(h.keep_alive);
  EXPECT_FALSE(h.expect_continue);
  EXPECT_FALSE(h.upgrade);
}

TEST(ParserTest, ViewsPointIntoTheBuffer) {
  const std::string text = "POST /a/b?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nX-Y: z\r\n\r\nabc";
  request_head h;
  const parse_result r = parse_head(text, h, {});
  ASSERT_EQ(r.status, parse_status::complete);
  EXPECT_EQ(r.consumed, text.size() - 3);
  for (std::string_view v : {h.method_text, h.target, h.path, h.query, h.authority}) EXPECT_TRUE(points_into(v, text));
  for (const auto& f : h.headers) EXPECT_TRUE(points_into(f.name, text) && points_into(f.value, text));
}

TEST(ParserTest, AllMethods) {
  const std::vector<std::pair<std::string, method>> methods = {
      {"GET", method::get},         {"HEAD", method::head},       {"POST", method::post},
      {"PUT", method::put},         {"DELETE", method::delete_},  {"PATCH", method::patch},
      {"OPTIONS", method::options}, {"CONNECT", method::connect}, {"TRACE", method::trace}};
  for (const auto& [text, m] : methods) {
    const std::string req = text + " /x HTTP/1.1\r\nHost: h\r\n\r\n";
    const request_head h = parse_ok(req);
    EXPECT_EQ(h.method, m) << text;
    EXPECT_EQ(h.method_text, text);
    EXPECT_EQ(to_string(m), text);
    EXPECT_EQ(method_from(text), m);
  }
  EXPECT_EQ(to_string(method::other), "");
}

TEST(ParserTest, CustomMethod) {
  const std::string text = "PURGE /cache HTTP/1.1\r\nHost: h\r\n\r\n";
  const request_head h = parse_ok(text);
  EXPECT_EQ(h.method, method::other);
  EXPECT_EQ(h.method_text, "PURGE");
  // Methods are case-sensitive: "get" is a method of its own, not GET.
  const std::string lower = "get / HTTP/1.1\r\nHost: h\r\n\r\n";
  EXPECT_EQ(parse_ok(lower).method, method::other);
  const std::string dashed = "M-SEARCH /x HTTP/1.1\r\nHost: h\r\n\r\n";
  EXPECT_EQ(parse_ok(dashed).method_text, "M-SEARCH");
}

TEST(ParserTest, MalformedRequestLine) {
  EXPECT_EQ(outcome("GE(T / HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(outcome(" GET / HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(outcome("GET  / HTTP/1.1\r\nHost: h\r\n\r\n"), 400);   // empty target
  EXPECT_EQ(outcome("GET / HTTP/1.1 \r\nHost: h\r\n\r\n"), 400);   // trailing space
  EXPECT_EQ(outcome("GET /a b HTTP/1.1\r\nHost: h\r\n\r\n"), 400); // space in target
  EXPECT_EQ(outcome("GET /\x01 HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(outcome("GET /\x80 HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(outcome("GET /\r\nHost: h\r\n\r\n"), 400);           // HTTP/0.9 style
  EXPECT_EQ(outcome("GET\r\n\r\n"), 400);
  EXPECT_EQ(outcome("\r\n"), incomplete);
  // Bytes that cannot begin a method fail at once, before the line is complete.
  EXPECT_EQ(outcome("\x16\x03\x01"), 400);  // a TLS ClientHello on the plain port
  EXPECT_EQ(outcome("G\x01"), 400);
  EXPECT_EQ(outcome("\rX"), 400);
  EXPECT_EQ(outcome("GET /\x01"), incomplete);  // only the method is checked early
}

TEST(ParserTest, Http10) {
  const std::string text = "GET / HTTP/1.0\r\n\r\n";
  const request_head h = parse_ok(text);
  EXPECT_EQ(h.version_minor, 0);
  EXPECT_FALSE(h.keep_alive);
  EXPECT_EQ(h.authority, "");

  EXPECT_TRUE(parse_ok(get("/", "Connection: keep-alive\r\n", "HTTP/1.0")).keep_alive);
  EXPECT_TRUE(parse_ok(get("/", "Connection: Keep-Alive\r\n", "HTTP/1.0")).keep_alive);
  EXPECT_FALSE(parse_ok(get("/", "Connection: keep-alive, close\r\n", "HTTP/1.0")).keep_alive);
  EXPECT_FALSE(parse_ok(get("/", "Connection: close\r\n", "HTTP/1.0")).keep_alive);
}

TEST(ParserTest, Http11ConnectionClose) {
  EXPECT_FALSE(parse_ok(get("/", "Host: h\r\nConnection: close\r\n")).keep_alive);
  EXPECT_FALSE(parse_ok(get("/", "Host: h\r\nConnection: Upgrade, CLOSE\r\n")).keep_alive);
  EXPECT_TRUE(parse_ok(get("/", "Host: h\r\nConnection: keep-alive\r\n")).keep_alive);
  EXPECT_TRUE(parse_ok(get("/", "Host: h\r\nConnection: closed\r\n")).keep_alive);
}

TEST(ParserTest, HigherMinorVersionIsAnsweredAs11) {
  const request_head h = parse_ok(get("/", "Host: h\r\n", "HTTP/1.9"));
  EXPECT_EQ(h.version_minor, 1);
  EXPECT_TRUE(h.keep_alive);
}

TEST(ParserTest, UnsupportedVersions) {
  EXPECT_EQ(outcome(get("/", "Host: h\r\n", "HTTP/2.0")), 505);
  EXPECT_EQ(outcome(get("/", "Host: h\r\n", "HTTP/3.0")), 505);
  EXPECT_EQ(outcome(get("/", "Host: h\r\n", "HTTP/0.9")), 505);
  EXPECT_EQ(outcome(get("/", "Host: h\r\n", "http/1.1")), 400);
  EXPECT_EQ(outcome(get("/", "Host: h\r\n", "HTTP/1.1x")), 400);
  EXPECT_EQ(outcome(get("/", "Host: h\r\n", "HTTP/11")), 400);
  EXPECT_EQ(outcome(get("/", "Host: h\r\n", "HTTP/1.")), 400);
  EXPECT_EQ(outcome(get("/", "Host: h\r\n", "HTTP/a.1")), 400);
  EXPECT_EQ(outcome(get("/", "Host: h\r\n", "HTTPS/1.1")), 400);
}

TEST(ParserTest, LeadingCrlfsSkipped) {
  const std::string text = "\r\n\r\nGET /x HTTP/1.1\r\nHost: h\r\n\r\n";
  const request_head h = parse_ok(text);
  EXPECT_EQ(h.method, method::get);
  EXPECT_EQ(h.path, "/x");
  EXPECT_EQ(outcome("\r\n\r\n\r"), incomplete);
  // A bare LF is not an empty line.
  EXPECT_EQ(outcome("\nGET / HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(outcome("\r\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
}

TEST(ParserTest, LeadingCrlfsCountTowardsTheHeadLimit) {
  parse_limits limits;
  limits.max_head_bytes = 64;
  std::string crlfs;
  for (int i = 0; i < 32; ++i) crlfs += "\r\n";
  EXPECT_EQ(outcome(crlfs, limits), incomplete);  // 64 bytes: still within the limit
  EXPECT_EQ(outcome(crlfs + "\r\n", limits), 431);
  EXPECT_EQ(outcome(crlfs + "GET / HTTP/1.1\r\nHost: h\r\n\r\n", limits), 431);
}

TEST(ParserTest, EveryPrefixIsIncomplete) {
  expect_prefixes_incomplete("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n");
  expect_prefixes_incomplete("\r\n\r\nPOST /submit?a=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nX:\r\n\r\n");
  expect_prefixes_incomplete("GET http://example.com/p?q HTTP/1.1\r\nHost: example.com\r\n\r\n");
  expect_prefixes_incomplete("PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n");
  expect_prefixes_incomplete("OPTIONS * HTTP/1.0\r\n\r\n");
  expect_prefixes_incomplete("CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\nUpgrade: x\r\n\r\n");
}

TEST(ParserTest, PipelinedRequestsAreParsedOneAtATime) {
  const std::string first = "GET /a HTTP/1.1\r\nHost: h\r\n\r\n";
  const std::string second = "GET /b HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n";
  const std::string text = first + second;
  request_head h;
  parse_result r = parse_head(text, h, {});
  ASSERT_EQ(r.status, parse_status::complete);
  EXPECT_EQ(r.consumed, first.size());
  EXPECT_EQ(h.path, "/a");
  EXPECT_TRUE(h.keep_alive);
  r = parse_head(std::string_view(text).substr(r.consumed), h, {});
  ASSERT_EQ(r.status, parse_status::complete);
  EXPECT_EQ(r.consumed, second.size());
  EXPECT_EQ(h.path, "/b");
  EXPECT_FALSE(h.keep_alive);
}

TEST(ParserTest, ReusedHeadIsCleared) {
  request_head h;
  const std::string a = "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nExpect: 100-continue\r\n"
                        "Upgrade: websocket\r\nConnection: close\r\n\r\n";
  ASSERT_EQ(parse_head(a, h, {}).status, parse_status::complete);
  EXPECT_EQ(h.headers.size(), 5u);
  const std::string b = "GET /b?q HTTP/1.1\r\nHost: other\r\n\r\n";
  ASSERT_EQ(parse_head(b, h, {}).status, parse_status::complete);
  EXPECT_EQ(h.method, method::get);
  EXPECT_EQ(h.path, "/b");
  EXPECT_EQ(h.query, "q");
  EXPECT_EQ(h.authority, "other");
  EXPECT_EQ(h.headers.size(), 1u);
  EXPECT_EQ(h.body, body_kind::none);
  EXPECT_EQ(h.content_length, 0u);
  EXPECT_TRUE(h.keep_alive);
  EXPECT_FALSE(h.expect_continue);
  EXPECT_FALSE(h.upgrade);
}

TEST(ParserTest, ErrorsCarryAReason) {
  request_head h;
  const parse_result r = parse_head("GET / HTTP/2.0\r\n\r\n", h, {});
  EXPECT_EQ(r.status, parse_status::error);
  EXPECT_EQ(r.error_status, 505);
  EXPECT_EQ(r.consumed, 0u);
  EXPECT_STRNE(r.error_reason, "");
}

// --- request target -----------------------------------------------------------------------------

TEST(ParserTest, AbsoluteForm) {
  const std::string text = get("http://example.com:8080/p/q?x=1&y=2", "Host: example.com:8080\r\n");
  request_head h = parse_ok(text);
  EXPECT_EQ(h.target, "http://example.com:8080/p/q?x=1&y=2");
  EXPECT_EQ(h.authority, "example.com:8080");
  EXPECT_EQ(h.path, "/p/q");
  EXPECT_EQ(h.query, "x=1&y=2");

  // The target's authority wins over the Host header.
  const std::string https = get("https://secure.example/a", "Host: ignored.example\r\n");
  h = parse_ok(https);
  EXPECT_EQ(h.authority, "secure.example");
  EXPECT_EQ(h.path, "/a");
  EXPECT_EQ(h.query, "");

  const std::string upper = get("HTTP://EXAMPLE.COM/Up", "Host: h\r\n");
  h = parse_ok(upper);
  EXPECT_EQ(h.authority, "EXAMPLE.COM");
  EXPECT_EQ(h.path, "/Up");

  const std::string no_path = get("http://example.com", "Host: h\r\n");
  h = parse_ok(no_path);
  EXPECT_EQ(h.authority, "example.com");
  EXPECT_EQ(h.path, "/");
  EXPECT_EQ(h.query, "");

  const std::string query_only = get("http://example.com?k=v", "Host: h\r\n");
  h = parse_ok(query_only);
  EXPECT_EQ(h.path, "/");
  EXPECT_EQ(h.query, "k=v");

  EXPECT_EQ(outcome(get("ftp://example.com/f", "Host: h\r\n")), 400);
  EXPECT_EQ(outcome(get("http:///nohost", "Host: h\r\n")), 400);
  EXPECT_EQ(outcome(get("http://", "Host: h\r\n")), 400);
  EXPECT_EQ(outcome(get("example.com/p", "Host: h\r\n")), 400);
  EXPECT_EQ(outcome(get("a/b://c/d", "Host: h\r\n")), 400);
}

TEST(ParserTest, AsteriskFormOnlyForOptions) {
  const std::string text = "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n";
  const request_head h = parse_ok(text);
  EXPECT_EQ(h.target, "*");
  EXPECT_EQ(h.path, "*");
  EXPECT_EQ(h.query, "");
  EXPECT_EQ(outcome("GET * HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(outcome("POST * HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(outcome("OPTIONS *x HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
}

TEST(ParserTest, AuthorityFormForConnect) {
  const std::string text = "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n";
  const request_head h = parse_ok(text);
  EXPECT_EQ(h.method, method::connect);
  EXPECT_EQ(h.target, "example.com:443");
  EXPECT_EQ(h.authority, "example.com:443");
  EXPECT_EQ(h.path, "");
  EXPECT_EQ(h.query, "");
  EXPECT_EQ(outcome("GET example.com:443 HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
}

TEST(ParserTest, QuerySplit) {
  std::string text = get("/search?q=a+b&lang=en");
  request_head h = parse_ok(text);
  EXPECT_EQ(h.path, "/search");
  EXPECT_EQ(h.query, "q=a+b&lang=en");
  text = get("/p?");
  h = parse_ok(text);
  EXPECT_EQ(h.path, "/p");
  EXPECT_EQ(h.query, "");
  text = get("/p?a?b=/c");
  h = parse_ok(text);
  EXPECT_EQ(h.path, "/p");
  EXPECT_EQ(h.query, "a?b=/c");
  text = get("/a%20b/c%2F");
  h = parse_ok(text);
  EXPECT_EQ(h.path, "/a%20b/c%2F");  // still percent-encoded
  EXPECT_EQ(h.query, "");
}

// --- header fields ------------------------------------------------------------------------------

TEST(ParserTest, HeaderOwsTrimmed) {
  const std::string text = get("/", "Host:   example.com \t\r\nX-Tabs:\t\tv a l\t \r\nX-None:tight\r\nX-Empty:   \r\n"
                                    "x-lower-CASE: Kept As Sent\r\n");
  const request_head h = parse_ok(text);
  ASSERT_EQ(h.headers.size(), 5u);
  EXPECT_EQ(h.headers[0].value, "example.com");
  EXPECT_EQ(h.authority, "example.com");
  EXPECT_EQ(h.headers[1].name, "X-Tabs");
  EXPECT_EQ(h.headers[1].value, "v a l");
  EXPECT_EQ(h.headers[2].value, "tight");
  EXPECT_EQ(h.headers[3].value, "");
  EXPECT_EQ(h.headers[4].name, "x-lower-CASE");
  EXPECT_EQ(h.headers[4].value, "Kept As Sent");
}

TEST(ParserTest, ObsTextAndTabsAreValidValueBytes) {
  const std::string text = get("/", "Host: h\r\nX-Latin: caf\xc3\xa9\tok\r\nX-High: \xff\x80\r\n");
  const request_head h = parse_ok(text);
  ASSERT_EQ(h.headers.size(), 3u);
  EXPECT_EQ(h.headers[1].value, "caf\xc3\xa9\tok");
  EXPECT_EQ(h.headers[2].value, "\xff\x80");
}

TEST(ParserTest, HostRules) {
  EXPECT_EQ(outcome(get("/", "")), 400);
  EXPECT_EQ(outcome(get("/", "X-A: b\r\n")), 400);
  EXPECT_EQ(outcome(get("/", "Host: a\r\nHost: a\r\n")), 400);
  EXPECT_EQ(outcome(get("/", "Host: a\r\nhost: b\r\n")), 400);
  EXPECT_EQ(outcome(get("/", "HOST: a\r\n")), complete);
  // Optional in HTTP/1.0, but still never twice.
  EXPECT_EQ(outcome(get("/", "", "HTTP/1.0")), complete);
  const std::string with_host = get("/", "Host: h10\r\n", "HTTP/1.0");
  EXPECT_EQ(parse_ok(with_host).authority, "h10");
  EXPECT_EQ(outcome(get("/", "Host: a\r\nHost: b\r\n", "HTTP/1.0")), 400);
  // An empty Host is allowed (RFC 9112 section 3.2), the authority is then empty.
  const std::string empty_host = get("/", "Host:\r\n");
  EXPECT_EQ(parse_ok(empty_host).authority, "");
}

TEST(ParserTest, ContentLength) {
  std::string text = get("/", "Host: h\r\nContent-Length: 5\r\n");
  request_head h = parse_ok(text);
  EXPECT_EQ(h.body, body_kind::length);
  EXPECT_EQ(h.content_length, 5u);

  text = get("/", "Host: h\r\nContent-Length: 0\r\n");
  h = parse_ok(text);
  EXPECT_EQ(h.body, body_kind::none);
  EXPECT_EQ(h.content_length, 0u);

  text = get("/", "Host: h\r\ncontent-length:   42  \r\n");
  EXPECT_EQ(parse_ok(text).content_length, 42u);

  // The same value repeated, in one list or in several fields, is one value.
  text = get("/", "Host: h\r\nContent-Length: 5, 5\r\n");
  h = parse_ok(text);
  EXPECT_EQ(h.body, body_kind::length);
  EXPECT_EQ(h.content_length, 5u);
  text = get("/", "Host: h\r\nContent-Length: 7\r\nContent-Length: 7\r\n");
  EXPECT_EQ(parse_ok(text).content_length, 7u);

  text = get("/", "Host: h\r\nContent-Length: 999999999999999999\r\n");  // 18 digits
  EXPECT_EQ(parse_ok(text).content_length, 999999999999999999u);
}

TEST(ParserTest, InvalidContentLength) {
  for (std::string_view value : {"5, 6", "abc", "-1", "+5", "5a", "0x10", "1 2", "5.0", "", "  ", ",",
                                 "9999999999999999999", "18446744073709551616", "99999999999999999999999"}) {
    EXPECT_EQ(outcome(get("/", "Host: h\r\nContent-Length: " + std::string(value) + "\r\n")), 400)
        << "Content-Length: " << value;
  }
  EXPECT_EQ(outcome(get("/", "Host: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n")), 400);
  EXPECT_EQ(outcome(get("/", "Host: h\r\nContent-Length: 5\r\nContent-Length: 5, 6\r\n")), 400);
  // An empty value is invalid in any field, not only the first one.
  EXPECT_EQ(outcome(get("/", "Host: h\r\nContent-Length: 5\r\nContent-Length:\r\n")), 400);
  EXPECT_EQ(outcome(get("/", "Host: h\r\nContent-Length:\r\nContent-Length: 5\r\n")), 400);
}

TEST(ParserTest, TransferEncodingAndContentLength) {
  EXPECT_EQ(outcome(get("/", "Host: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n")), 400);
  EXPECT_EQ(outcome(get("/", "Host: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n")), 400);
  EXPECT_EQ(outcome(get("/", "Host: h\r\nContent-Length: 0\r\nTransfer-Encoding: chunked\r\n")), 400);
}

TEST(ParserTest, TransferEncodingChunked) {
  std::string text = get("/", "Host: h\r\nTransfer-Encoding: chunked\r\n");
  request_head h = parse_ok(text);
  EXPECT_EQ(h.body, body_kind::chunked);
  EXPECT_EQ(h.content_length, 0u);
  text = get("/", "Host: h\r\ntransfer-encoding:  Chunked \r\n");
  EXPECT_EQ(parse_ok(text).body, body_kind::chunked);
}

TEST(ParserTest, TransferEncodingRules) {
  const auto te = [](std::string_view fields) { return outcome(get("/", "Host: h\r\n" + std::string(fields))); };
  EXPECT_EQ(te("Transfer-Encoding: gzip, chunked\r\n"), 501);
  EXPECT_EQ(te("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n"), 501);
  // chunked must be the last coding, across all fields.
  EXPECT_EQ(te("Transfer-Encoding: chunked, gzip\r\n"), 400);
  EXPECT_EQ(te("Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n"), 400);
  EXPECT_EQ(te("Transfer-Encoding: gzip\r\n"), 400);
  EXPECT_EQ(te("Transfer-Encoding: identity\r\n"), 400);
  EXPECT_EQ(te("Transfer-Encoding:\r\n"), 400);
  // and applied only once.
  EXPECT_EQ(te("Transfer-Encoding: chunked, chunked\r\n"), 400);
  EXPECT_EQ(te("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n"), 400);
  EXPECT_EQ(te("Transfer-Encoding: chunked, gzip, chunked\r\n"), 400);
  EXPECT_EQ(te("Transfer-Encoding: gzip, chunked, chunked\r\n"), 400);
  // Empty list elements are allowed.
  EXPECT_EQ(te("Transfer-Encoding: , chunked,\r\n"), complete);
}

TEST(ParserTest, TransferEncodingInHttp10) {
  EXPECT_EQ(outcome(get("/", "Transfer-Encoding: chunked\r\n", "HTTP/1.0")), 400);
  EXPECT_EQ(outcome(get("/", "Host: h\r\nTransfer-Encoding: chunked\r\n", "HTTP/1.0")), 400);
}

TEST(ParserTest, ObsFoldRejected) {
  EXPECT_EQ(outcome(get("/", "Host: h\r\nX-A: one\r\n two\r\n")), 400);
  EXPECT_EQ(outcome(get("/", "Host: h\r\nX-A: one\r\n\ttwo\r\n")), 400);
  EXPECT_EQ(outcome("GET / HTTP/1.1\r\n Host: h\r\n\r\n"), 400);
}

TEST(ParserTest, MalformedFieldNames) {
  EXPECT_EQ(outcome(get("/", "Host : h\r\n")), 400);
  EXPECT_EQ(outcome(get("/", "Host: h\r\nX-A\t: b\r\n")), 400);
  EXPECT_EQ(outcome(get("/", "Host: h\r\n: no-name\r\n")), 400);
  EXPECT_EQ(outcome(get("/", "Host: h\r\nNoColon\r\n")), 400);
  EXPECT_EQ(outcome(get("/", "Host: h\r\nX(A): b\r\n")), 400);
  EXPECT_EQ(outcome(get("/", "Host: h\r\nX\x80: b\r\n")), 400);
}

TEST(ParserTest, BareLfLineEndings) {
  EXPECT_EQ(outcome("GET / HTTP/1.1\nHost: h\n\n"), 400);
  EXPECT_EQ(outcome("GET / HTTP/1.1\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(outcome("GET / HTTP/1.1\r\nHost: h\n\r\n"), 400);
  EXPECT_EQ(outcome("GET / HTTP/1.1\r\nHost: h\r\n\n"), 400);
}

TEST(ParserTest, ControlBytesInValues) {
  EXPECT_EQ(outcome(get("/", "Host: h\r\nX-A: a\rb\r\n")), 400);
  EXPECT_EQ(outcome(get("/", "Host: h\r\nX-A: a\r\r\n")), 400);
  EXPECT_EQ(outcome(get("/", "Host: h\r\nX-A: \rContent-Length: 5\r\n")), 400);
  EXPECT_EQ(outcome(get("/", "Host: h\r\nX-A: a" + std::string(1, '\0') + "b\r\n")), 400);
  EXPECT_EQ(outcome(get("/", "Host: h\r\nX-A: a\x01\r\n")), 400);
  EXPECT_EQ(outcome(get("/", "Host: h\r\nX-A: a\x7f\r\n")), 400);
  EXPECT_EQ(outcome(get("/", "Host: h\x1b\r\n")), 400);
}

TEST(ParserTest, ExpectContinue) {
  EXPECT_TRUE(parse_ok(get("/", "Host: h\r\nExpect: 100-continue\r\n")).expect_continue);
  EXPECT_TRUE(parse_ok(get("/", "Host: h\r\nexpect:  100-Continue \r\n")).expect_continue);
  EXPECT_FALSE(parse_ok(get("/")).expect_continue);
  EXPECT_EQ(outcome(get("/", "Host: h\r\nExpect: something-else\r\n")), 417);
  EXPECT_EQ(outcome(get("/", "Host: h\r\nExpect: 100-continue, x\r\n")), 417);
  EXPECT_EQ(outcome(get("/", "Host: h\r\nExpect:\r\n")), 417);
}

TEST(ParserTest, UpgradeFlag) {
  EXPECT_TRUE(parse_ok(get("/", "Host: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n")).upgrade);
  EXPECT_TRUE(parse_ok(get("/", "Host: h\r\nupgrade: h2c\r\n")).upgrade);
  EXPECT_FALSE(parse_ok(get("/", "Host: h\r\nConnection: Upgrade\r\n")).upgrade);
}

// --- limits -------------------------------------------------------------------------------------

TEST(ParserTest, RequestLineTooLong) {
  parse_limits limits;
  limits.max_request_line = 64;
  // The line is measured up to its LF, its CR included: "GET " + target + " HTTP/1.1\r" is 64 bytes.
  const std::string fits = "/" + std::string(49, 'a');
  ASSERT_EQ(("GET " + fits + " HTTP/1.1\r").size(), 64u);
  EXPECT_EQ(outcome(get(fits, "Host: h\r\n"), limits), complete);
  const std::string too_long = fits + "a";
  EXPECT_EQ(outcome(get(too_long, "Host: h\r\n"), limits), 414);
  // Incomplete: it fails as soon as more than max_request_line bytes lack a LF.
  EXPECT_EQ(outcome("GET /" + std::string(59, 'a'), limits), incomplete);  // 64 bytes
  EXPECT_EQ(outcome("GET /" + std::string(60, 'a'), limits), 414);         // 65 bytes
  EXPECT_EQ(outcome("GET /" + std::string(1000, 'a'), limits), 414);
  // The default limit.
  EXPECT_EQ(outcome(get("/" + std::string(9000, 'x'))), 414);
  EXPECT_EQ(outcome("GET /" + std::string(9000, 'x')), 414);
  // The limit is on the request line itself, leading empty lines aside.
  EXPECT_EQ(outcome("\r\n\r\n" + get(fits, "Host: h\r\n"), limits), complete);
}

TEST(ParserTest, RequestLineErrorDoesNotDependOnTheSplit) {
  parse_limits limits;
  limits.max_request_line = 64;
  // Garbage at the start of a long line: 400, however much of it has arrived.
  expect_prefixes_consistent("G(" + std::string(100, 'T') + " / HTTP/1.1\r\nHost: h\r\n\r\n", 400, limits);
  // Garbage only past the limit: the line is too long first.
  expect_prefixes_consistent(std::string(100, 'G') + "( / HTTP/1.1\r\nHost: h\r\n\r\n", 414, limits);
  expect_prefixes_consistent(get("/" + std::string(100, 'a'), "Host: h\r\n"), 414, limits);
}

// Builds a GET whose head is exactly `size` bytes, padding one header value.
std::string head_of_size(std::size_t size) {
  const std::string base = get("/", "Host: h\r\nX-Pad: \r\n");
  return get("/", "Host: h\r\nX-Pad: " + std::string(size - base.size(), 'p') + "\r\n");
}

TEST(ParserTest, HeadTooLarge) {
  parse_limits limits;
  limits.max_head_bytes = 128;
  const std::string fits = head_of_size(128);
  ASSERT_EQ(fits.size(), 128u);
  EXPECT_EQ(outcome(fits, limits), complete);
  expect_prefixes_incomplete(fits, limits);
  // One or two bytes more (even when only the final CRLF overflows): 431, however it is split.
  expect_prefixes_consistent(head_of_size(129), 431, limits);
  expect_prefixes_consistent(head_of_size(130), 431, limits);
  expect_prefixes_consistent(head_of_size(500), 431, limits);
  // Incomplete: fails once more than max_head_bytes have arrived without the end of the head.
  EXPECT_EQ(outcome(head_of_size(500).substr(0, 128), limits), incomplete);
  EXPECT_EQ(outcome(head_of_size(500).substr(0, 129), limits), 431);
  // A malformed field that crosses the limit is too large before it is malformed, so that a
  // prefix answers the same as the whole.
  expect_prefixes_consistent(get("/", "Host: h\r\nX(" + std::string(200, 'a') + ": b\r\n"), 431, limits);
  // The default limit.
  EXPECT_EQ(outcome(get("/", "Host: h\r\nX-Big: " + std::string(17000, 'b') + "\r\n")), 431);
  EXPECT_EQ(outcome("GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + std::string(17000, 'b')), 431);
}

TEST(ParserTest, TooManyHeaders) {
  parse_limits limits;
  limits.max_headers = 3;
  EXPECT_EQ(outcome(get("/", "Host: h\r\nA: 1\r\nB: 2\r\n"), limits), complete);
  EXPECT_EQ(outcome(get("/", "Host: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n"), limits), 431);

  std::string hundred = "Host: h\r\n";
  for (int i = 1; i < 100; ++i) hundred += "X-" + std::to_string(i) + ": v\r\n";
  EXPECT_EQ(outcome(get("/", hundred)), complete);
  EXPECT_EQ(outcome(get("/", hundred + "X-Last: v\r\n")), 431);
}

// --- chunked_decoder ----------------------------------------------------------------------------

constexpr std::string_view fake_head = "HEAD\r\n\r\n";  // stands in for the bytes before the body

struct decoded {
  parse_result result;
  std::string body;
  std::size_t message_end = 0;
};

// Decodes `encoded`, which follows a fake head in the buffer, in one call.
decoded decode(std::string_view encoded, std::uint64_t max_body = 1 << 20) {
  std::string buf = std::string(fake_head) + std::string(encoded);
  chunked_decoder d;
  d.reset(fake_head.size());
  decoded out;
  out.result = d.decode(buf.data(), buf.size(), max_body);
  EXPECT_EQ(d.body_start(), fake_head.size());
  out.body = buf.substr(d.body_start(), d.body_size());
  out.message_end = d.message_end();
  return out;
}

int decode_status(std::string_view encoded, std::uint64_t max_body = 1 << 20) {
  const parse_result r = decode(encoded, max_body).result;
  switch (r.status) {
    case parse_status::complete: return complete;
    case parse_status::incomplete: return incomplete;
    case parse_status::error: return r.error_status;
  }
  return -2;
}

void expect_decoded(std::string_view encoded, std::string_view body) {
  const decoded d = decode(encoded);
  ASSERT_EQ(d.result.status, parse_status::complete) << d.result.error_status << " " << d.result.error_reason;
  EXPECT_EQ(d.body, body);
  EXPECT_EQ(d.message_end, fake_head.size() + encoded.size());
  EXPECT_EQ(d.result.consumed, d.message_end);
}

TEST(ChunkedTest, SingleChunk) { expect_decoded("5\r\nhello\r\n0\r\n\r\n", "hello"); }

TEST(ChunkedTest, EmptyBody) { expect_decoded("0\r\n\r\n", ""); }

TEST(ChunkedTest, ManyChunks) {
  std::string encoded, body;
  for (int n = 1; n <= 40; ++n) {
    const std::string data(static_cast<std::size_t>(n), static_cast<char>('a' + n % 26));
    char size[8];
    std::snprintf(size, sizeof size, "%x", n);
    encoded += std::string(size) + "\r\n" + data + "\r\n";
    body += data;
  }
  encoded += "0\r\n\r\n";
  expect_decoded(encoded, body);
}

TEST(ChunkedTest, DataMayHoldAnyBytes) {
  const std::string data = "\r\n0\r\n" + std::string(1, '\0');  // looks like framing, but is data
  expect_decoded("6\r\n" + data + "\r\n0\r\n\r\n", data);
}

TEST(ChunkedTest, ChunkExtensions) {
  expect_decoded("5;name=value\r\nhello\r\n6;a;b=\"q s\"\r\n world\r\n0;last\r\n\r\n", "hello world");
  expect_decoded("5 ;ext\r\nhello\r\n0\t;x\r\n\r\n", "hello");
  expect_decoded("5  \r\nhello\r\n0\r\n\r\n", "hello");
  EXPECT_EQ(decode_status("5;a\x01\r\nhello\r\n0\r\n\r\n"), 400);
  EXPECT_EQ(decode_status("5;a\rb\r\nhello\r\n0\r\n\r\n"), 400);
}

TEST(ChunkedTest, Trailers) {
  expect_decoded("5\r\nhello\r\n0\r\nX-Checksum: abc\r\nX-Other:\t1 \r\n\r\n", "hello");
  EXPECT_EQ(decode_status("5\r\nhello\r\n0\r\n folded\r\n\r\n"), 400);
  EXPECT_EQ(decode_status("5\r\nhello\r\n0\r\nno-colon\r\n\r\n"), 400);
  EXPECT_EQ(decode_status("5\r\nhello\r\n0\r\nX : v\r\n\r\n"), 400);
  EXPECT_EQ(decode_status("5\r\nhello\r\n0\r\nX: a\x01\r\n\r\n"), 400);
  EXPECT_EQ(decode_status("5\r\nhello\r\n0\r\nX: v\n\r\n"), 400);
  EXPECT_EQ(decode_status("5\r\nhello\r\n0\r\n\n"), 400);
  EXPECT_EQ(decode_status("5\r\nhello\r\n0\r\nX: v\r\n"), incomplete);
}

TEST(ChunkedTest, HexDigitsEitherCase) {
  const std::string thirty_one(31, 'z');
  expect_decoded("1f\r\n" + thirty_one + "\r\n0\r\n\r\n", thirty_one);
  expect_decoded("1F\r\n" + thirty_one + "\r\n0\r\n\r\n", thirty_one);
  const std::string ten(10, 't');
  expect_decoded("a\r\n" + ten + "\r\nA\r\n" + ten + "\r\n0\r\n\r\n", ten + ten);
  expect_decoded("00000a\r\n" + ten + "\r\n000\r\n\r\n", ten);
  const std::string big(0xfF, 'b');
  expect_decoded("fF\r\n" + big + "\r\n0\r\n\r\n", big);
}

TEST(ChunkedTest, BadSize) {
  for (std::string_view line : {"g\r\n", "\r\n", "-1\r\n", "+5\r\n", " 5\r\n", "0x5\r\n", "5 x\r\n", "5,\r\n", "5\n", "5\r\r\n"})
    EXPECT_EQ(decode_status(std::string(line) + "hello\r\n0\r\n\r\n"), 400) << line;
}

TEST(ChunkedTest, MissingCrlfAfterData) {
  EXPECT_EQ(decode_status("5\r\nhelloX\r\n0\r\n\r\n"), 400);
  EXPECT_EQ(decode_status("5\r\nhello\n0\r\n\r\n"), 400);
  EXPECT_EQ(decode_status("5\r\nhello\rX0\r\n\r\n"), 400);
  EXPECT_EQ(decode_status("5\r\nhello0\r\n\r\n"), 400);
  EXPECT_EQ(decode_status("4\r\nhello\r\n0\r\n\r\n"), 400);  // a size one short
  // A wrong first byte fails before the second arrives.
  EXPECT_EQ(decode_status("5\r\nhelloX"), 400);
  EXPECT_EQ(decode_status("5\r\nhello\r"), incomplete);
}

TEST(ChunkedTest, SizeOverflow) {
  // Sixteen or more hex digits could overflow 64 bits: refused, even with leading zeros.
  EXPECT_EQ(decode_status("ffffffffffffffff\r\n"), 400);
  EXPECT_EQ(decode_status("10000000000000000\r\n"), 400);
  EXPECT_EQ(decode_status("0000000000000005\r\nhello\r\n0\r\n\r\n"), 400);
  EXPECT_EQ(decode_status("fffffffffffffffffffffffffffffffff\r\n"), 400);
  // Fifteen fit, and are then too large for the body limit.
  EXPECT_EQ(decode_status("fffffffffffffff\r\n"), 413);
  expect_decoded("000000000000005\r\nhello\r\n0\r\n\r\n", "hello");
}

TEST(ChunkedTest, BodyOverMax) {
  EXPECT_EQ(decode_status("b\r\nhello world\r\n0\r\n\r\n", 10), 413);
  EXPECT_EQ(decode_status("6\r\nhello \r\n6\r\nworld!\r\n0\r\n\r\n", 10), 413);
  EXPECT_EQ(decode_status("5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n", 10), complete);
  EXPECT_EQ(decode_status("1\r\nx\r\n0\r\n\r\n", 0), 413);
  EXPECT_EQ(decode_status("0\r\n\r\n", 0), complete);
  // Refused from the size line, before the data arrives.
  EXPECT_EQ(decode_status("b\r\n", 10), 413);
}

TEST(ChunkedTest, LongLinesFailHoweverTheyAreSplit) {
  const std::string long_ext = "5;" + std::string(5000, 'e') + "\r\nhello\r\n0\r\n\r\n";
  EXPECT_EQ(decode_status(long_ext), 400);
  EXPECT_EQ(decode_status(long_ext.substr(0, 4500)), 400);
  const std::string long_trailer = "5\r\nhello\r\n0\r\nX: " + std::string(5000, 't') + "\r\n\r\n";
  EXPECT_EQ(decode_status(long_trailer), 431);
  EXPECT_EQ(decode_status(long_trailer.substr(0, 4500)), 431);
  // Many trailer lines, each short, are limited as a whole.
  std::string many = "0\r\n";
  for (int i = 0; i < 20; ++i) many += "X-" + std::to_string(i) + ": " + std::string(1000, 'v') + "\r\n";
  EXPECT_EQ(decode_status(many + "\r\n"), 431);
}

// Feeds the buffer one more byte per call, as reads of one byte would.
TEST(ChunkedTest, FedOneByteAtATime) {
  const std::string encoded = "3;x=y\r\nabc\r\n10\r\n0123456789abcdef\r\n1\r\nZ\r\n0\r\nT: v\r\n\r\n";
  std::string buf = std::string(fake_head) + encoded;
  chunked_decoder d;
  d.reset(fake_head.size());
  parse_result r;
  for (std::size_t end = fake_head.size(); end <= buf.size(); ++end) {
    r = d.decode(buf.data(), end, 1024);
    if (end < buf.size()) {
      ASSERT_EQ(r.status, parse_status::incomplete) << "at " << end;
    }
  }
  ASSERT_EQ(r.status, parse_status::complete);
  EXPECT_EQ(d.message_end(), buf.size());
  EXPECT_EQ(buf.substr(d.body_start(), d.body_size()), "abc0123456789abcdefZ");
  // Once done, it stays done.
  r = d.decode(buf.data(), buf.size(), 1024);
  EXPECT_EQ(r.status, parse_status::complete);
  EXPECT_EQ(d.message_end(), buf.size());
}

// Every split into two reads gives the one-shot result, with the buffer reallocated in between.
TEST(ChunkedTest, AnySplitGivesTheSameResult) {
  const std::string encoded = "4\r\nwiki\r\n5;e\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX: y\r\n\r\n";
  const decoded one_shot = decode(encoded);
  ASSERT_EQ(one_shot.result.status, parse_status::complete);
  EXPECT_EQ(one_shot.body, "wikipedia in\r\n\r\nchunks.");
  for (std::size_t cut = 0; cut <= encoded.size(); ++cut) {
    std::string buf = std::string(fake_head) + encoded.substr(0, cut);
    chunked_decoder d;
    d.reset(fake_head.size());
    parse_result r = d.decode(buf.data(), buf.size(), 1 << 20);
    if (r.status == parse_status::incomplete) {
      buf.append(encoded.substr(cut));
      buf.shrink_to_fit();
      r = d.decode(buf.data(), buf.size(), 1 << 20);
    }
    ASSERT_EQ(r.status, parse_status::complete) << "cut at " << cut;
    EXPECT_EQ(d.message_end(), one_shot.message_end) << "cut at " << cut;
    EXPECT_EQ(buf.substr(d.body_start(), d.body_size()), one_shot.body) << "cut at " << cut;
  }
}

TEST(ChunkedTest, InPlaceResultIsTheConcatenatedData) {
  const std::string encoded = "2\r\nab\r\n3\r\ncde\r\n1\r\nf\r\n0\r\n\r\n";
  std::string buf = std::string(fake_head) + encoded;
  chunked_decoder d;
  d.reset(fake_head.size());
  ASSERT_EQ(d.decode(buf.data(), buf.size(), 100).status, parse_status::complete);
  EXPECT_EQ(d.body_size(), 6u);
  EXPECT_EQ(buf.substr(0, fake_head.size()), fake_head);  // the bytes before the body are untouched
  EXPECT_EQ(buf.substr(fake_head.size(), 6), "abcdef");
}

TEST(ChunkedTest, MessageEndBeforeAPipelinedRequest) {
  const std::string head = "POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::string encoded = "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
  const std::string next = "GET /next HTTP/1.1\r\nHost: h\r\n\r\n";
  std::string buf = head + encoded + next;

  request_head h;
  const parse_result r = parse_head(buf, h, {});
  ASSERT_EQ(r.status, parse_status::complete);
  ASSERT_EQ(h.body, body_kind::chunked);
  ASSERT_EQ(r.consumed, head.size());

  chunked_decoder d;
  d.reset(r.consumed);
  ASSERT_EQ(d.decode(buf.data(), buf.size(), 1024).status, parse_status::complete);
  EXPECT_EQ(d.message_end(), head.size() + encoded.size());
  EXPECT_EQ(buf.substr(d.body_start(), d.body_size()), "hello world");

  // The next request starts at message_end, intact.
  request_head h2;
  const parse_result r2 = parse_head(std::string_view(buf).substr(d.message_end()), h2, {});
  ASSERT_EQ(r2.status, parse_status::complete);
  EXPECT_EQ(r2.consumed, next.size());
  EXPECT_EQ(h2.path, "/next");
}

TEST(ChunkedTest, ResetForTheNextMessage) {
  std::string buf = "1\r\na\r\n0\r\n\r\n2\r\nbc\r\n0\r\n\r\n";
  chunked_decoder d;
  d.reset(0);
  ASSERT_EQ(d.decode(buf.data(), buf.size(), 100).status, parse_status::complete);
  EXPECT_EQ(d.message_end(), 11u);
  EXPECT_EQ(buf.substr(0, d.body_size()), "a");
  d.reset(11);
  ASSERT_EQ(d.decode(buf.data(), buf.size(), 100).status, parse_status::complete);
  EXPECT_EQ(d.message_end(), buf.size());
  EXPECT_EQ(buf.substr(11, d.body_size()), "bc");
}

// --- percent_decode -----------------------------------------------------------------------------

TEST(PercentTest, Valid) {
  std::string out = "stale";
  EXPECT_TRUE(percent_decode("/a%20b%2Fc%2fd", out, false));
  EXPECT_EQ(out, "/a b/c/d");
  EXPECT_TRUE(percent_decode("%C3%A9t%c3%a9", out, false));
  EXPECT_EQ(out, "\xc3\xa9t\xc3\xa9");
  EXPECT_TRUE(percent_decode("plain/path", out, false));
  EXPECT_EQ(out, "plain/path");
  EXPECT_TRUE(percent_decode("", out, false));
  EXPECT_EQ(out, "");
  EXPECT_TRUE(percent_decode("%25%2525", out, false));
  EXPECT_EQ(out, "%%25");
  EXPECT_TRUE(percent_decode("%ff%01", out, false));
  EXPECT_EQ(out, "\xff\x01");
}

TEST(PercentTest, PlusHandling) {
  std::string out;
  EXPECT_TRUE(percent_decode("a+b%2Bc", out, true));
  EXPECT_EQ(out, "a b+c");
  EXPECT_TRUE(percent_decode("a+b%2Bc", out, false));
  EXPECT_EQ(out, "a+b+c");
  EXPECT_TRUE(percent_decode("++", out, true));
  EXPECT_EQ(out, "  ");
  EXPECT_TRUE(needs_decoding("a+b", true));
  EXPECT_FALSE(needs_decoding("a+b", false));
  EXPECT_TRUE(needs_decoding("a%20", false));
  EXPECT_FALSE(needs_decoding("/plain/path", true));
}

TEST(PercentTest, Malformed) {
  std::string out;
  for (std::string_view in : {"%4", "%", "abc%", "abc%4", "%zz", "%4g", "%g4", "%%41", "% 41", "a%-1"}) {
    EXPECT_FALSE(percent_decode(in, out, false)) << in;
    EXPECT_FALSE(percent_decode(in, out, true)) << in;
  }
}

TEST(PercentTest, DecodedNulRefused) {
  std::string out;
  EXPECT_FALSE(percent_decode("%00", out, false));
  EXPECT_FALSE(percent_decode("a%00b", out, true));
  EXPECT_TRUE(percent_decode("%01", out, false));
}

TEST(ParserTest, Iequals) {
  EXPECT_TRUE(iequals("Content-Length", "content-LENGTH"));
  EXPECT_TRUE(iequals("", ""));
  EXPECT_FALSE(iequals("chunked", "chunke"));
  EXPECT_FALSE(iequals("a", "b"));
  EXPECT_FALSE(iequals("[", "{"));  // not folded: only letters are
}

}  // namespace
}  // namespace strata::http
