// rediss://: TLS to a private redis-server with a certificate of the test's own CA, commands,
// pipelining and pub/sub over it, and a clear connection error when the certificate is not trusted.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <strata/core/testing/temp_dir.hpp>
#include <strata/redis/client.hpp>
#include <strata/redis/testing/support.hpp>

namespace strata::redis {
namespace {

using namespace std::chrono_literals;
using testing::run_async;

TEST(tls, rediss_with_the_test_ca) {
  STRATA_REQUIRE_REDIS_SERVER_BINARY();
  const auto openssl = testing::find_program("openssl");
  if (openssl.empty()) GTEST_SKIP() << "openssl is not on PATH";
  strata::testing::temp_dir dir;
  const auto cert = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
  const pid_t gen =
      strata::testing::spawn(openssl, {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                                       "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost",
                                       "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"});
  ASSERT_EQ(strata::testing::wait_exit(gen), 0);

  testing::private_server server;
  const auto port = std::to_string(server.port());
  server.extra_args() = {"--port",         "0", "--tls-port",         port, "--tls-cert-file",    cert,
                         "--tls-key-file", key, "--tls-ca-cert-file", cert, "--tls-auth-clients", "no"};
  ASSERT_TRUE(server.start());

  run_async([&]() -> task<void> {
    auto o = options::from_url("rediss://127.0.0.1:" + port);
    o.ca_file = cert;
    client c(o);
    co_await c.set("k", "over tls");
    EXPECT_EQ(co_await c.get("k"), "over tls");
    // Pipelined over TLS: concurrent commands, one connection.
    const auto ex = co_await boost::asio::this_coro::executor;
    int done = 0;
    for (int i = 0; i < 200; ++i)
      boost::asio::co_spawn(ex, c.incr("n"), [&](std::exception_ptr e, std::int64_t) {
        EXPECT_FALSE(e);
        ++done;
      });
    while (done < 200) co_await testing::sleep_for(5ms);
    EXPECT_EQ(co_await c.get("n"), "200");
    EXPECT_EQ(c.stats().connects, 1u);

    auto sub = c.subscriber();
    co_await sub.subscribe("secure");
    co_await c.publish("secure", "hello");
    auto m = co_await sub.next(2000ms);
    CO_ASSERT_TRUE_MSG(m.has_value());
    EXPECT_EQ(m->payload, "hello");

    // Not trusted (the system's CAs do not know the test's): the connect fails, clearly.
    client untrusted(options::from_url("rediss://127.0.0.1:" + port));
    bool refused = false;
    try {
      co_await untrusted.ping();
    } catch (const error& e) {
      refused = e.kind() == error_kind::connection;
      EXPECT_NE(std::string(e.what()).find("TLS"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(refused);
    // With verification off (tls_verify=0), it connects.
    client unchecked(options::from_url("rediss://127.0.0.1:" + port + "/?tls_verify=0"));
    co_await unchecked.ping();
  });
}

}  // namespace
}  // namespace strata::redis
