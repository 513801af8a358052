// Every parameter type of value.hpp through the server and back: encoded as PostgreSQL reads it,
// returned in text format with the column's type, decoded into the same C++ value.
#include <boost/json/parse.hpp>
#include <cmath>
#include <limits>
#include <strata/sql/postgres/detail/encode_params.hpp>
#include <strata/sql/postgres/testing/support.hpp>

namespace strata::sql::postgres {
namespace {

using namespace testing;
using namespace std::chrono;

// Sends v as $1 cast to `type`; checks the server's text, then decodes it back and compares.
template <class T>
task<void> round_trip(detail::pg_connection& c, std::string type, T v, std::string_view expected_text,
                      std::uint32_t oid) {
  result r = co_await query(c, "SELECT $1::" + type, v);
  sql::field f = r[0][0];
  EXPECT_EQ(f.raw().k, cell::kind::text) << type;
  EXPECT_EQ(f.raw().bytes, expected_text) << type;
  EXPECT_EQ(f.raw().type_oid, oid) << type;
  EXPECT_EQ(f.as<T>(), v) << type;
}

TEST(postgres_types, every_value_type_round_trips) {
  STRATA_REQUIRE_DATABASE();
  run_async([]() -> task<void> {
    auto c = co_await connect();
    co_await round_trip(*c, "bool", true, "t", 16);
    co_await round_trip(*c, "bool", false, "f", 16);
    co_await round_trip(*c, "int8", std::numeric_limits<std::int64_t>::min(), "-9223372036854775808", 20);
    co_await round_trip(*c, "int8", std::numeric_limits<std::int64_t>::max(), "9223372036854775807", 20);
    co_await round_trip(*c, "int4", std::int32_t{-42}, "-42", 23);
    co_await round_trip(*c, "int2", std::int16_t{7}, "7", 21);
    co_await round_trip(*c, "float8", 0.1, "0.1", 701);
    co_await round_trip(*c, "float8", 1e300, "1e+300", 701);
    co_await round_trip(*c, "float8", -2.5e-310, "-2.5e-310", 701);  // subnormal
    co_await round_trip(*c, "float8", std::numeric_limits<double>::infinity(), "Infinity", 701);
    co_await round_trip(*c, "text", std::string("héllo ✓ 'quoted' \"double\" \\ back"),
                        "héllo ✓ 'quoted' \"double\" \\ back", 25);
    co_await round_trip(*c, "text", std::string(), "", 25);
    bytes some{std::byte{0}, std::byte{1}, std::byte{0x5c}, std::byte{0xff}};
    co_await round_trip(*c, "bytea", some, "\\x00015cff", 17);
    co_await round_trip(*c, "bytea", bytes(), "\\x", 17);
    co_await round_trip(*c, "jsonb", boost::json::parse(R"({"a":[1,2.5,"x\"y",null,true],"b":{}})"),
                        R"({"a": [1, 2.5, "x\"y", null, true], "b": {}})", 3802);
    co_await round_trip(*c, "json", boost::json::value("just a string"), R"("just a string")", 114);
    co_await round_trip(*c, "timestamptz", timestamp(sys_days(2024y / February / 29) + 12h + 34min + 56s + 123456us),
                        "2024-02-29 12:34:56.123456+00", 1184);
    co_await round_trip(*c, "timestamptz", timestamp(sys_days(1969y / December / 31) + 23h + 59min + 59s + 999999us),
                        "1969-12-31 23:59:59.999999+00", 1184);
    co_await round_trip(*c, "timestamptz", timestamp(sys_days(2000y / January / 1)), "2000-01-01 00:00:00+00", 1184);
    co_await round_trip(*c, "date", date(2024y / February / 29), "2024-02-29", 1082);
    co_await round_trip(*c, "date", date(1900y / January / 1), "1900-01-01", 1082);
    auto id = *uuid::parse("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11");
    co_await round_trip(*c, "uuid", id, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", 2950);
    // Named, not temporaries: GCC 12 destroys a braced aggregate temporary argument of a
    // coroutine twice.
    numeric big{"12345678901234567890.000000000000000001"}, negative{"-0.50"};
    co_await round_trip(*c, "numeric", big, "12345678901234567890.000000000000000001", 1700);
    co_await round_trip(*c, "numeric", negative, "-0.50", 1700);
    std::vector<std::int64_t> ints{1, -2, std::numeric_limits<std::int64_t>::max()};
    co_await round_trip(*c, "int8[]", ints, "{1,-2,9223372036854775807}", 1016);
    co_await round_trip(*c, "int8[]", std::vector<std::int64_t>(), "{}", 1016);
    std::vector<double> doubles{0.5, -1e-5, std::numeric_limits<double>::infinity()};
    co_await round_trip(*c, "float8[]", doubles, "{0.5,-1e-05,Infinity}", 1022);
    std::vector<std::string> strings{"plain",       "with space", "a,b", "{braces}", "q\"uote",
                                     "back\\slash", "NULL",       "",    "ü"};
    co_await round_trip(*c, "text[]", strings,
                        R"({plain,"with space","a,b","{braces}","q\"uote","back\\slash","NULL","",ü})", 1009);
    std::vector<bool> bools{true, false, true};
    co_await round_trip(*c, "bool[]", bools, "{t,f,t}", 1000);
  });
}

TEST(postgres_types, special_values) {
  STRATA_REQUIRE_DATABASE();
  run_async([]() -> task<void> {
    auto c = co_await connect();
    // NULL, from std::monostate, nullptr and an empty optional.
    auto r = co_await query(*c, "SELECT $1::int, $2::text, $3::bytea", nullptr, std::optional<std::string>{}, param{});
    for (std::size_t i = 0; i < 3; ++i) EXPECT_TRUE(r[0][i].is_null());
    EXPECT_EQ(r[0][0].as<std::optional<std::int64_t>>(), std::nullopt);
    // NaN compares unequal to itself: checked on its own.
    auto nan =
        co_await query(*c, "SELECT $1::float8, ($2::float8[])[1]", std::nan(""), std::vector<double>(1, std::nan("")));
    EXPECT_EQ(text(nan, 0, 0), "NaN");
    EXPECT_EQ(text(nan, 0, 1), "NaN");
    EXPECT_TRUE(std::isnan(nan[0][0].as<double>()));
    // Dates before year 1 are written "... BC".
    auto bc = co_await query(*c, "SELECT $1::date, $2::timestamptz", date(year(-43) / March / 15),
                             timestamp(sys_days(year(0) / January / 1)));
    EXPECT_EQ(text(bc, 0, 0), "0044-03-15 BC");
    EXPECT_EQ(text(bc, 0, 1), "0001-01-01 00:00:00+00 BC");
    // Parameters are typed by the statement: an integer compares with an int4 column, a string
    // with a numeric one.
    numeric one_and_a_half{"1.5"};
    auto inferred =
        co_await query(*c, "SELECT $1 + 1, $2 = 1.50::numeric, $3 = ANY('{1,2}'::int[])", 41, one_and_a_half, 2);
    EXPECT_EQ(text(inferred, 0, 0), "42");
    EXPECT_EQ(text(inferred, 0, 1), "t");
    EXPECT_EQ(text(inferred, 0, 2), "t");
    // The same SQL with bytea, then text, for one parameter: two prepared statements (were the
    // first reused, the text would be read as bytea escapes: 1 byte).
    bytes one(1, std::byte{1});
    auto as_bytes = co_await query(*c, "SELECT octet_length($1)", one);
    auto as_text = co_await query(*c, "SELECT octet_length($1)", "\\x41");
    EXPECT_EQ(text(as_bytes), "1");
    EXPECT_EQ(text(as_text), "4");
  });
}

TEST(postgres_types, encode_text_forms) {
  using detail::encode_text;
  EXPECT_EQ(encode_text(param{true}), "t");
  EXPECT_EQ(encode_text(param{std::int64_t{-5}}), "-5");
  EXPECT_EQ(encode_text(param{-0.0}), "-0");
  EXPECT_EQ(encode_text(param{timestamp(sys_days(1970y / January / 1) - 1us)}), "1969-12-31 23:59:59.999999+00");
  EXPECT_EQ(encode_text(param{std::vector<std::string>{}}), "{}");
  EXPECT_EQ(encode_text(param{std::vector<std::string>{"a\"b\\"}}), R"({"a\"b\\"})");
  EXPECT_EQ(encode_text(param{std::vector<double>{-std::numeric_limits<double>::infinity()}}), R"({"-Infinity"})");
  EXPECT_THROW(encode_text(param{std::vector<std::string>{std::string("\0", 1)}}), sql::error);
  auto p = detail::encode_params(std::vector<param>{param{}, param{bytes{}}, param{std::string("x")}});
  EXPECT_EQ(p.values[0], nullptr);
  EXPECT_NE(p.values[1], nullptr);
  EXPECT_EQ(p.formats[1], 1);
  EXPECT_EQ(p.types[1], detail::bytea_oid);
  EXPECT_EQ(p.type_signature(), "-b-");
}

}  // namespace
}  // namespace strata::sql::postgres
