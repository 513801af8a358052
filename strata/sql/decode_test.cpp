// decode(): every target type from SQLite's native cells and from PostgreSQL's text format (cells
// built by hand with the column's type OID), and the errors for mismatches and NULL.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <cmath>
#include <strata/sql/detail/pg_oid.hpp>
#include <strata/sql/detail/temporal.hpp>
#include <strata/sql/error.hpp>
#include <strata/sql/result.hpp>

namespace strata::sql {
namespace {

namespace oid = detail::pg_oid;
using namespace std::chrono;

cell integer(std::int64_t v) {
  return {cell::kind::integer, v, 0, {}, 0};
}
cell real(double v) {
  return {cell::kind::real, 0, v, {}, 0};
}
cell text(std::string_view v, std::uint32_t type = 0) {
  return {cell::kind::text, 0, 0, v, type};
}
cell blob(std::string_view v) {
  return {cell::kind::blob, 0, 0, v, 0};
}
cell null() {
  return {};
}

template <class T>
T as(const cell& c) {
  T v{};
  decode(c, v);
  return v;
}

// The SQLSTATE and message of the sql::error decode throws, or "" when it does not throw.
template <class T>
std::pair<std::string, std::string> failure(const cell& c) {
  try {
    (void)as<T>(c);
  } catch (const error& e) {
    return {e.sqlstate(), e.what()};
  }
  return {};
}

TEST(decode, bool_from_both_forms) {
  EXPECT_TRUE(as<bool>(integer(1)));
  EXPECT_FALSE(as<bool>(integer(0)));
  EXPECT_TRUE(as<bool>(text("t", oid::bool_)));
  EXPECT_FALSE(as<bool>(text("f", oid::bool_)));
  EXPECT_EQ(failure<bool>(integer(2)).first, "22000");
  EXPECT_EQ(failure<bool>(text("yes", oid::bool_)).first, "22000");
  EXPECT_EQ(failure<bool>(text("t", oid::int4)).first, "22000");
}

TEST(decode, integers_from_both_forms) {
  EXPECT_EQ(as<std::int64_t>(integer(-42)), -42);
  EXPECT_EQ(as<std::int16_t>(text("-32768", oid::int2)), -32768);
  EXPECT_EQ(as<std::int32_t>(text("2147483647", oid::int4)), 2147483647);
  EXPECT_EQ(as<std::int64_t>(text("9223372036854775807", oid::int8)), INT64_MAX);
  EXPECT_EQ(as<std::uint32_t>(text("4000000000", oid::oid)), 4000000000u);
  EXPECT_EQ(as<std::uint64_t>(integer(7)), 7u);
  EXPECT_EQ(as<int>(real(3.0)), 3);                               // SQLite REAL holding a whole number
  EXPECT_EQ(as<std::int64_t>(text("12.000", oid::numeric)), 12);  // sum(bigint) is numeric
  EXPECT_EQ(failure<std::int64_t>(text("12.5", oid::numeric)).first, "22000");
  EXPECT_EQ(failure<std::int64_t>(real(2.5)).first, "22000");
  EXPECT_EQ(failure<std::int16_t>(integer(40000)).first, "22003");
  EXPECT_EQ(failure<std::int32_t>(text("99999999999", oid::int8)).first, "22003");
  EXPECT_EQ(failure<std::uint32_t>(integer(-1)).first, "22003");
  EXPECT_EQ(failure<std::int64_t>(text("abc")).first, "22000");
  EXPECT_EQ(failure<std::int64_t>(text("1", oid::bool_)).first, "22000");
  EXPECT_EQ(failure<std::int64_t>(blob("1")).first, "22000");
}

TEST(decode, floating_point_from_both_forms) {
  EXPECT_DOUBLE_EQ(as<double>(real(1.25)), 1.25);
  EXPECT_DOUBLE_EQ(as<double>(integer(3)), 3.0);
  EXPECT_FLOAT_EQ(as<float>(text("1.5", oid::float4)), 1.5f);
  EXPECT_DOUBLE_EQ(as<double>(text("-2.5e-3", oid::float8)), -2.5e-3);
  EXPECT_DOUBLE_EQ(as<double>(text("12.50", oid::numeric)), 12.5);
  EXPECT_TRUE(std::isnan(as<double>(text("NaN", oid::float8))));
  EXPECT_EQ(as<double>(text("-Infinity", oid::float8)), -INFINITY);
  EXPECT_EQ(failure<double>(text("1.5x", oid::float8)).first, "22000");
  EXPECT_EQ(failure<double>(text("2024-01-01", oid::date)).first, "22000");
}

TEST(decode, text_and_views) {
  EXPECT_EQ(as<std::string>(text("héllo")), "héllo");
  EXPECT_EQ(as<std::string>(text("x", oid::varchar)), "x");
  EXPECT_EQ(as<std::string>(text("42", oid::int4)), "42");  // any PostgreSQL value's text form
  EXPECT_EQ(as<std::string>(integer(42)), "42");
  EXPECT_EQ(as<std::string_view>(text("abc", oid::text)), "abc");
  EXPECT_EQ(failure<std::string>(blob("\x01")).first, "22000");
  EXPECT_EQ(failure<std::string_view>(integer(1)).first, "22000");
}

TEST(decode, bytes_from_blob_and_bytea_hex) {
  const bytes expected{std::byte{0}, std::byte{0xff}, std::byte{0x10}};
  EXPECT_EQ(as<bytes>(blob(std::string_view("\x00\xff\x10", 3))), expected);
  EXPECT_EQ(as<bytes>(text("\\x00ff10", oid::bytea)), expected);
  EXPECT_EQ(as<bytes>(text("\\x", oid::bytea)), bytes{});
  EXPECT_EQ(failure<bytes>(text("\\x0g", oid::bytea)).first, "22000");
  EXPECT_EQ(failure<bytes>(text("\\x012", oid::bytea)).first, "22000");
  EXPECT_EQ(failure<bytes>(text("12", oid::int4)).first, "22000");
}

TEST(decode, json_from_text_and_jsonb) {
  EXPECT_EQ(as<boost::json::value>(text(R"({"a":[1,2]})")), boost::json::parse(R"({"a":[1,2]})"));
  EXPECT_EQ(as<boost::json::value>(text(R"({"a": 1})", oid::jsonb)), boost::json::parse(R"({"a":1})"));
  EXPECT_EQ(as<boost::json::value>(text("[true]", oid::json)), boost::json::parse("[true]"));
  EXPECT_EQ(as<boost::json::value>(integer(5)), boost::json::value(5));
  EXPECT_EQ(failure<boost::json::value>(text("{oops", oid::jsonb)).first, "22000");
  EXPECT_EQ(failure<boost::json::value>(text("2024-01-01", oid::date)).first, "22000");
}

TEST(decode, timestamps_from_iso_and_postgres_text) {
  const timestamp expected = sys_days(2024y / 1 / 2) + 3h + 4min + 5s + 123456us;
  EXPECT_EQ(as<timestamp>(text("2024-01-02T03:04:05.123456Z")), expected);
  EXPECT_EQ(as<timestamp>(text("2024-01-02 03:04:05.123456+00", oid::timestamptz)), expected);
  EXPECT_EQ(as<timestamp>(text("2024-01-02 08:34:05.123456+05:30", oid::timestamptz)), expected);
  EXPECT_EQ(as<timestamp>(text("2024-01-01 22:04:05.123456-05", oid::timestamptz)), expected);
  EXPECT_EQ(as<timestamp>(text("2024-01-02 03:04:05", oid::timestamp)), expected - 123456us);
  EXPECT_EQ(as<timestamp>(text("2024-01-02 03:04:05")), expected - 123456us);  // SQLite datetime()
  EXPECT_EQ(as<timestamp>(text("2024-01-02T03:04:05.1Z")), expected - 23456us);
  EXPECT_EQ(as<timestamp>(integer(1704164645)), expected - 123456us);  // Unix seconds
  EXPECT_EQ(as<timestamp>(text("infinity", oid::timestamptz)), timestamp::max());
  EXPECT_EQ(failure<timestamp>(text("2024-02-30T00:00:00Z")).first, "22000");
  EXPECT_EQ(failure<timestamp>(text("2024-01-02T25:00:00Z")).first, "22000");
  EXPECT_EQ(failure<timestamp>(text("2024-01-02", oid::date)).first, "22000");
  EXPECT_EQ(failure<timestamp>(real(1.5)).first, "22000");
  EXPECT_EQ(detail::format_timestamp(expected), "2024-01-02T03:04:05.123456Z");
}

TEST(decode, dates) {
  EXPECT_EQ(as<date>(text("2024-02-29")), sys_days(2024y / 2 / 29));
  EXPECT_EQ(as<date>(text("1999-12-31", oid::date)), sys_days(1999y / 12 / 31));
  EXPECT_EQ(failure<date>(text("2023-02-29")).first, "22000");
  EXPECT_EQ(failure<date>(text("2024-01-02T00:00:00Z")).first, "22000");
  EXPECT_EQ(detail::format_date(sys_days(2024y / 3 / 4)), "2024-03-04");
}

TEST(decode, uuids) {
  const auto u = uuid::parse("123E4567-E89B-12D3-A456-426614174000");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->to_string(), "123e4567-e89b-12d3-a456-426614174000");
  EXPECT_EQ(as<uuid>(text("123e4567-e89b-12d3-a456-426614174000", oid::uuid)), *u);
  EXPECT_EQ(as<uuid>(text("123e4567-e89b-12d3-a456-426614174000")), *u);
  EXPECT_EQ(as<uuid>(blob(std::string_view(reinterpret_cast<const char*>(u->octets.data()), 16))), *u);
  EXPECT_FALSE(uuid::parse("123e4567e89b12d3a456426614174000"));
  EXPECT_FALSE(uuid::parse("123e4567-e89b-12d3-a456-42661417400g"));
  EXPECT_EQ(failure<uuid>(text("nope", oid::uuid)).first, "22000");
}

TEST(decode, numerics_keep_their_text) {
  EXPECT_EQ(as<numeric>(text("12.50", oid::numeric)).text, "12.50");
  EXPECT_EQ(as<numeric>(text("-0.001")).text, "-0.001");
  EXPECT_EQ(as<numeric>(integer(12)).text, "12");
  EXPECT_EQ(as<numeric>(real(12.5)).text, "12.5");
  EXPECT_EQ(as<numeric>(text("NaN", oid::numeric)).text, "NaN");
  EXPECT_EQ(failure<numeric>(text("12,5")).first, "22000");
  EXPECT_EQ(failure<numeric>(text("1.2.3", oid::numeric)).first, "22000");
}

TEST(decode, arrays_from_postgres_literals) {
  EXPECT_EQ(as<std::vector<std::int64_t>>(text("{1,2,-3}", oid::int8_array)), (std::vector<std::int64_t>{1, 2, -3}));
  EXPECT_EQ(as<std::vector<std::int64_t>>(text("{}", oid::int4_array)), std::vector<std::int64_t>{});
  EXPECT_EQ(as<std::vector<double>>(text("{1.5,NaN,-2}", oid::float8_array)).size(), 3u);
  EXPECT_EQ(as<std::vector<std::string>>(text(R"({a,"b c","d\"e","f\\g",NULL-ish," NULL"})", oid::text_array)),
            (std::vector<std::string>{"a", "b c", "d\"e", "f\\g", "NULL-ish", " NULL"}));
  EXPECT_EQ(as<std::vector<bool>>(text("{t,f,t}", oid::bool_array)), (std::vector<bool>{true, false, true}));
  EXPECT_EQ(as<std::vector<std::int64_t>>(text("[0:1]={5,6}", oid::int8_array)), (std::vector<std::int64_t>{5, 6}));
  // NULL elements have no place in a vector of values.
  const auto [state, message] = failure<std::vector<std::string>>(text(R"({1,2,"a b",NULL})", oid::text_array));
  EXPECT_EQ(state, "22000");
  EXPECT_NE(message.find("NULL"), std::string::npos) << message;
  EXPECT_EQ(failure<std::vector<std::int64_t>>(text("{{1,2},{3,4}}", oid::int8_array)).first, "22000");
  EXPECT_EQ(failure<std::vector<std::int64_t>>(text("{1,x}", oid::int8_array)).first, "22000");
  EXPECT_EQ(failure<std::vector<std::int64_t>>(text("{1,2", oid::int8_array)).first, "22000");
}

TEST(decode, arrays_from_sqlite_json_text) {
  EXPECT_EQ(as<std::vector<std::int64_t>>(text("[1,2,3]")), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(as<std::vector<double>>(text("[1.5,2]")), (std::vector<double>{1.5, 2.0}));
  EXPECT_EQ(as<std::vector<std::string>>(text(R"(["a b","'; DROP"])")), (std::vector<std::string>{"a b", "'; DROP"}));
  EXPECT_EQ(as<std::vector<bool>>(text("[true,false]")), (std::vector<bool>{true, false}));
  EXPECT_EQ(as<std::vector<std::int64_t>>(text("[4]", oid::jsonb)), (std::vector<std::int64_t>{4}));
  EXPECT_EQ(failure<std::vector<std::string>>(text("[1]")).first, "22000");
  EXPECT_EQ(failure<std::vector<std::int64_t>>(text("[null]")).first, "22000");
  EXPECT_EQ(failure<std::vector<std::int64_t>>(text("{\"a\":1}")).first, "22000");
  EXPECT_EQ(failure<std::vector<std::int64_t>>(integer(1)).first, "22000");
}

TEST(decode, null_needs_optional) {
  const auto [state, message] = failure<std::int64_t>(null());
  EXPECT_EQ(state, "22000");
  EXPECT_NE(message.find("std::optional"), std::string::npos) << message;
  std::optional<std::int64_t> maybe = 5;
  decode(null(), maybe);
  EXPECT_FALSE(maybe);
  decode(integer(7), maybe);
  EXPECT_EQ(maybe, 7);
}

TEST(decode, mismatch_names_column_type_and_target) {
  const auto [state, message] = failure<std::int64_t>(text("abc", oid::text));
  EXPECT_EQ(state, "22000");
  EXPECT_NE(message.find("PostgreSQL text"), std::string::npos) << message;
  EXPECT_NE(message.find("std::int64_t"), std::string::npos) << message;
  const auto sqlite = failure<sql::uuid>(real(1.0)).second;
  EXPECT_NE(sqlite.find("SQLite REAL"), std::string::npos) << sqlite;
  EXPECT_NE(sqlite.find("sql::uuid"), std::string::npos) << sqlite;
}

}  // namespace
}  // namespace strata::sql
