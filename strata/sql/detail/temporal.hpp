// Text forms of timestamps and dates shared by the backends: SQLite stores them as ISO-8601 text
// ('2024-01-02T03:04:05.123456Z', '2024-01-02'); PostgreSQL's text format writes
// '2024-01-02 03:04:05.123456+00'. Parsing accepts both; formatting writes the SQLite form.
#pragma once
#include <optional>
#include <strata/sql/value.hpp>
#include <string>
#include <string_view>

namespace strata::sql::detail {

// 'YYYY-MM-DD[T| ]HH:MM[:SS[.f...]][Z|+HH[:MM[:SS]]|-HH...]'; no zone means UTC. PostgreSQL's
// 'infinity' / '-infinity' become timestamp::max() / min().
std::optional<timestamp> parse_timestamp(std::string_view text);
std::optional<date> parse_date(std::string_view text);  // 'YYYY-MM-DD'

// Always six fraction digits and 'Z', so text order is time order (ORDER BY works on SQLite).
std::string format_timestamp(timestamp t);
std::string format_date(date d);

}  // namespace strata::sql::detail
