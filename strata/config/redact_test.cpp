// Tests for secret names and URL password redaction.
#include <strata/config/redact.hpp>

#include <gtest/gtest.h>

namespace {

using namespace strata::config;

TEST(redact, secret_names_by_word) {
  for (auto k : {"db.password", "password", "jwt.secret", "api_key", "apiKey", "APIKEY", "auth.token", "github-token",
                 "aws.credentials", "s3.secret_access_key", "secrets.stripe", "smtp.passwd", "tls.private_key",
                 "tls.privateKey"})
    EXPECT_TRUE(secret_name(k)) << k;
  for (auto k : {"http.port", "monkey", "keyboard_layout", "tokenizer", "passwordless_login_enabled", "database.url",
                 "secretary.name", "log.level"})
    EXPECT_FALSE(secret_name(k)) << k;
}

TEST(redact, url_passwords) {
  EXPECT_EQ(redact_url_passwords("postgres://user:hunter2@host/db"), "postgres://user:[REDACTED]@host/db");
  EXPECT_EQ(redact_url_passwords("redis://:pw@cache:6379/0"), "redis://:[REDACTED]@cache:6379/0");
  EXPECT_EQ(redact_url_passwords("amqp://guest:guest@mq:5672"), "amqp://guest:[REDACTED]@mq:5672");
  EXPECT_EQ(redact_url_passwords("a://u:p@h1/x, b://v:q@h2"), "a://u:[REDACTED]@h1/x, b://v:[REDACTED]@h2");
  // An unencoded '/' or '@' in a password still hides all of it.
  EXPECT_EQ(redact_url_passwords("postgres://u:pa/ss@host/db"), "postgres://u:[REDACTED]@host/db");
  EXPECT_EQ(redact_url_passwords("postgres://u:p@ss@host/db"), "postgres://u:[REDACTED]@host/db");
}

TEST(redact, urls_without_passwords_are_unchanged) {
  for (auto s : {"postgres://user@host/db", "https://example.com:8443/a?b=c", "http://host/x@y", "no url here",
                 "://odd", "sqlite:app.db", "postgres://user:@host/db"})
    EXPECT_EQ(redact_url_passwords(s), s);
}

}  // namespace
