// The RESP parser: every type of RESP2 and RESP3, replies split at every byte, and hostile input
// (limits, bad numbers, bad framing) refused with an error.
#include <gtest/gtest.h>

#include <cmath>
#include <strata/redis/resp_parser.hpp>
#include <string>

namespace strata::redis {
namespace {

// Parses one whole reply from `wire`; fails the test unless it is complete and uses every byte.
reply parse_one(std::string_view wire, parser_limits limits = {}) {
  resp_parser p(limits);
  reply r;
  std::size_t consumed = 0;
  const auto st = p.parse(wire, consumed, r);
  EXPECT_EQ(st, resp_parser::status::complete) << p.error_message();
  EXPECT_EQ(consumed, wire.size());
  return r;
}

std::string parse_error(std::string_view wire, parser_limits limits = {}) {
  resp_parser p(limits);
  reply r;
  std::size_t consumed = 0;
  std::string buffer(wire);
  std::size_t used = 0;
  for (;;) {
    const auto st = p.parse(std::string_view(buffer).substr(used), consumed, r);
    used += consumed;
    if (st == resp_parser::status::error) return p.error_message();
    if (st == resp_parser::status::need_more) return "need more";
    if (used == buffer.size()) return "complete";
  }
}

// Feeds `wire` in pieces of `step` bytes, as reads would deliver it, keeping only the unconsumed tail.
std::vector<reply> parse_in_steps(std::string_view wire, std::size_t step) {
  resp_parser p;
  std::vector<reply> out;
  std::string buffer;
  for (std::size_t at = 0; at < wire.size(); at += step) {
    buffer.append(wire.substr(at, step));
    for (;;) {
      reply r;
      std::size_t consumed = 0;
      const auto st = p.parse(buffer, consumed, r);
      EXPECT_NE(st, resp_parser::status::error) << p.error_message();
      buffer.erase(0, consumed);
      if (st != resp_parser::status::complete) break;
      out.push_back(std::move(r));
    }
  }
  EXPECT_TRUE(buffer.empty());
  EXPECT_FALSE(p.in_progress());
  return out;
}

TEST(resp_parser, resp2_types) {
  EXPECT_EQ(parse_one("+OK\r\n").type(), reply_type::simple_string);
  EXPECT_EQ(parse_one("+OK\r\n").str(), "OK");
  const reply e = parse_one("-WRONGTYPE Operation against a key\r\n");
  EXPECT_TRUE(e.is_error());
  EXPECT_EQ(e.str(), "WRONGTYPE Operation against a key");
  EXPECT_EQ(parse_one(":-42\r\n").integer(), -42);
  EXPECT_EQ(parse_one(":9223372036854775807\r\n").integer(), INT64_MAX);
  EXPECT_EQ(parse_one("$5\r\nhe\r\no\r\n").str(), "he\r\no");  // binary-safe
  EXPECT_EQ(parse_one("$0\r\n\r\n").str(), "");
  EXPECT_TRUE(parse_one("$-1\r\n").is_null());
  EXPECT_TRUE(parse_one("*-1\r\n").is_null());
  const reply a = parse_one("*3\r\n:1\r\n$1\r\nx\r\n*1\r\n+y\r\n");
  ASSERT_EQ(a.type(), reply_type::array);
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[0].integer(), 1);
  EXPECT_EQ(a[1].str(), "x");
  EXPECT_EQ(a[2][0].str(), "y");
  EXPECT_EQ(parse_one("*0\r\n").size(), 0u);
}

TEST(resp_parser, resp3_types) {
  EXPECT_TRUE(parse_one("_\r\n").is_null());
  EXPECT_DOUBLE_EQ(parse_one(",3.25\r\n").number(), 3.25);
  EXPECT_TRUE(std::isinf(parse_one(",-inf\r\n").number()));
  EXPECT_TRUE(std::isnan(parse_one(",nan\r\n").number()));
  EXPECT_TRUE(parse_one("#t\r\n").boolean());
  EXPECT_FALSE(parse_one("#f\r\n").boolean());
  const reply big = parse_one("(3492890328409238509324850943850943825024385\r\n");
  EXPECT_EQ(big.type(), reply_type::big_number);
  EXPECT_EQ(big.str(), "3492890328409238509324850943850943825024385");
  const reply blob_error = parse_one("!21\r\nSYNTAX invalid syntax\r\n");
  EXPECT_TRUE(blob_error.is_error());
  EXPECT_EQ(blob_error.str(), "SYNTAX invalid syntax");
  const reply verbatim = parse_one("=15\r\ntxt:Some string\r\n");
  EXPECT_EQ(verbatim.type(), reply_type::verbatim_string);
  EXPECT_EQ(verbatim.format(), "txt");
  EXPECT_EQ(verbatim.str(), "Some string");
  const reply map = parse_one("%2\r\n+first\r\n:1\r\n+second\r\n#t\r\n");
  ASSERT_EQ(map.type(), reply_type::map);
  ASSERT_EQ(map.size(), 4u);
  EXPECT_EQ(map[0].str(), "first");
  EXPECT_EQ(map[1].integer(), 1);
  EXPECT_TRUE(map[3].boolean());
  EXPECT_EQ(parse_one("~2\r\n+a\r\n+b\r\n").type(), reply_type::set);
  const reply push = parse_one(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n");
  EXPECT_EQ(push.type(), reply_type::push);
  EXPECT_EQ(push.as_strings(), (std::vector<std::string>{"message", "ch", "hi"}));
}

TEST(resp_parser, attributes_annotate_the_next_value) {
  const reply r = parse_one("|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n*2\r\n:2039\r\n:9543\r\n");
  ASSERT_EQ(r.type(), reply_type::array);
  EXPECT_EQ(r[0].integer(), 2039);
  ASSERT_EQ(r.attributes().size(), 2u);
  EXPECT_EQ(r.attributes()[0].str(), "key-popularity");
  EXPECT_EQ(r.attributes()[1].type(), reply_type::map);
  // Inside an aggregate, an attribute belongs to the element after it.
  const reply inner = parse_one("*2\r\n|1\r\n+ttl\r\n:3\r\n+a\r\n+b\r\n");
  ASSERT_EQ(inner.size(), 2u);
  EXPECT_EQ(inner[0].attributes().size(), 2u);
  EXPECT_TRUE(inner[1].attributes().empty());
}

TEST(resp_parser, every_split_gives_the_same_replies) {
  const std::string wire =
      "+OK\r\n$11\r\nhello world\r\n*2\r\n%1\r\n+k\r\n=8\r\ntxt:abcd\r\n~1\r\n,1.5\r\n:7\r\n$-1\r\n"
      "|1\r\n+a\r\n+b\r\n#t\r\n>2\r\n+pubsub\r\n(12345678901234567890\r\n";
  const auto whole = parse_in_steps(wire, wire.size());
  ASSERT_EQ(whole.size(), 7u);
  for (std::size_t step = 1; step < 12; ++step) {
    const auto pieces = parse_in_steps(wire, step);
    ASSERT_EQ(pieces.size(), whole.size()) << "step " << step;
    for (std::size_t i = 0; i < whole.size(); ++i) EXPECT_EQ(pieces[i], whole[i]) << "step " << step << " reply " << i;
  }
}

TEST(resp_parser, partial_input_is_not_an_error) {
  EXPECT_EQ(parse_error("$10\r\nabc"), "need more");
  EXPECT_EQ(parse_error("*2\r\n:1\r\n"), "need more");
  EXPECT_EQ(parse_error(":12"), "need more");
  EXPECT_EQ(parse_error(""), "need more");
}

TEST(resp_parser, refuses_malformed_input) {
  EXPECT_NE(parse_error("?what\r\n").find("unknown type"), std::string::npos);
  EXPECT_NE(parse_error(":12a\r\n").find("bad integer"), std::string::npos);
  EXPECT_NE(parse_error(": 12\r\n").find("bad integer"), std::string::npos);
  EXPECT_NE(parse_error(":99999999999999999999\r\n").find("bad integer"), std::string::npos);
  EXPECT_NE(parse_error("$abc\r\n").find("bad string length"), std::string::npos);
  EXPECT_NE(parse_error("$-2\r\n").find("negative"), std::string::npos);
  EXPECT_NE(parse_error("*-5\r\n").find("negative"), std::string::npos);
  EXPECT_NE(parse_error("%-1\r\n").find("negative"), std::string::npos);
  EXPECT_NE(parse_error("$3\r\nabcde\r\n").find("CRLF"), std::string::npos);
  EXPECT_NE(parse_error(",1.5x\r\n").find("bad double"), std::string::npos);
  EXPECT_NE(parse_error(",infinity\r\n").find("bad double"), std::string::npos);
  EXPECT_NE(parse_error("#x\r\n").find("bad boolean"), std::string::npos);
  EXPECT_NE(parse_error("(12a\r\n").find("bad big number"), std::string::npos);
  EXPECT_NE(parse_error("_x\r\n").find("null"), std::string::npos);
  EXPECT_NE(parse_error("=3\r\ntxt\r\n").find("verbatim"), std::string::npos);
  EXPECT_NE(parse_error("=5\r\ntxt-a\r\n").find("verbatim"), std::string::npos);
  EXPECT_NE(parse_error("$?\r\n").find("streamed"), std::string::npos);
  EXPECT_NE(parse_error("*?\r\n").find("streamed"), std::string::npos);
  EXPECT_NE(parse_error("+a\nb\r\n").find("LF"), std::string::npos);
  EXPECT_NE(parse_error("+ab\n").find("LF"), std::string::npos);
  EXPECT_NE(parse_error("\r\n").find("empty line"), std::string::npos);
}

TEST(resp_parser, limits_turn_hostile_sizes_into_errors) {
  parser_limits small;
  small.max_bulk_length = 16;
  small.max_elements = 8;
  small.max_depth = 3;
  small.max_line_length = 32;
  EXPECT_NE(parse_error("$17\r\n", small).find("exceeds the limit"), std::string::npos);
  EXPECT_EQ(parse_one("$16\r\n0123456789abcdef\r\n", small).str().size(), 16u);
  EXPECT_NE(parse_error("*9\r\n", small).find("exceeds the limit"), std::string::npos);
  EXPECT_NE(parse_error("%5\r\n", small).find("exceeds the limit"), std::string::npos);  // 10 elements
  EXPECT_NE(parse_error("*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n", small).find("nested deeper"), std::string::npos);
  EXPECT_EQ(parse_one("*1\r\n*1\r\n*1\r\n:1\r\n", small)[0][0][0].integer(), 1);
  EXPECT_NE(parse_error("+" + std::string(40, 'a'), small).find("longer than"), std::string::npos);
  EXPECT_NE(parse_error("+" + std::string(40, 'a') + "\r\n", small).find("longer than"), std::string::npos);
  // A line of exactly the limit is fine, even while its CR has come and its LF not yet.
  EXPECT_EQ(parse_error("+" + std::string(32, 'a') + "\r", small), "need more");
  EXPECT_EQ(parse_one("+" + std::string(32, 'a') + "\r\n", small).str().size(), 32u);
  // Default limits: a header claiming 2^62 elements or bytes is refused before anything is allocated.
  EXPECT_NE(parse_error("*4611686018427387904\r\n").find("exceeds the limit"), std::string::npos);
  EXPECT_NE(parse_error("$4611686018427387904\r\n").find("exceeds the limit"), std::string::npos);
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "*1\r\n";
  EXPECT_NE(parse_error(deep).find("nested deeper"), std::string::npos);
}

TEST(resp_parser, an_error_sticks_until_reset) {
  resp_parser p;
  reply r;
  std::size_t consumed = 0;
  EXPECT_EQ(p.parse("?\r\n", consumed, r), resp_parser::status::error);
  EXPECT_EQ(p.parse("+OK\r\n", consumed, r), resp_parser::status::error);
  p.reset();
  EXPECT_EQ(p.parse("+OK\r\n", consumed, r), resp_parser::status::complete);
  EXPECT_EQ(r.str(), "OK");
}

}  // namespace
}  // namespace strata::redis
