// sql::error's HTTP mapping: which SQLSTATEs are the client's fault, which mean "try later".
#include <gtest/gtest.h>

#include <strata/sql/error.hpp>

namespace strata::sql {
namespace {

int status(std::string state) {
  return error(std::move(state), "m").http_status();
}

TEST(sql_error, maps_sqlstates_to_http_statuses) {
  EXPECT_EQ(status("23505"), 409);
  EXPECT_EQ(status("23503"), 409);
  EXPECT_EQ(status("23502"), 422);
  EXPECT_EQ(status("23514"), 422);
  EXPECT_EQ(status("22P02"), 422);  // invalid input for a type
  EXPECT_EQ(status("22003"), 422);  // numeric value out of range
  EXPECT_EQ(status("22000"), 500);  // the code decoded into the wrong C++ type
  EXPECT_EQ(status("08006"), 503);
  EXPECT_EQ(status("08P01"), 503);  // pool timeout
  EXPECT_EQ(status("57P01"), 503);
  EXPECT_EQ(status("57P03"), 503);
  EXPECT_EQ(status("40001"), 503);
  EXPECT_EQ(status("40P01"), 503);
  EXPECT_EQ(status("42601"), 500);
  EXPECT_EQ(status("42P01"), 500);
  EXPECT_EQ(status("XX000"), 500);
}

TEST(sql_error, titles_and_exposure_follow_the_status) {
  EXPECT_EQ(error("23505", "m").problem_title(), "Conflict");
  EXPECT_EQ(error("23514", "m").problem_title(), "Unprocessable Content");
  EXPECT_EQ(error("08006", "m").problem_title(), "Service Unavailable");
  EXPECT_EQ(error("42601", "m").problem_title(), "Internal Server Error");
  EXPECT_TRUE(error("23505", "m").expose_detail());
  EXPECT_TRUE(error("22P02", "m").expose_detail());
  EXPECT_FALSE(error("42601", "near \"SELEC\": syntax error").expose_detail());
  EXPECT_FALSE(error("08006", "could not connect to db.internal").expose_detail());
  EXPECT_TRUE(error("40001", "m").is_retryable());
  EXPECT_TRUE(error("08P01", "m").is_connection_error());
}

}  // namespace
}  // namespace strata::sql
