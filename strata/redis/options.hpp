// redis::options: where the server is and how the client talks to it, usually parsed from a URL:
//   redis://[[user]:password@]host[:port][/db]      rediss://... for TLS
// Query parameters: ?protocol=2|3, connect_timeout=MS, command_timeout=MS, connections=N,
// tls_verify=0|1, ca_file=PATH, client_name=NAME.
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace strata::redis {

struct options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 6379;
  std::string user;         // ACL user (AUTH user password); empty means the default user
  std::string password;     // empty means no AUTH
  int db = 0;               // SELECT db after connecting when not 0
  bool tls = false;         // rediss://
  bool tls_verify = true;   // check the server's certificate and host name
  std::string ca_file;      // trusted CAs for TLS; empty means the system's
  std::string client_name;  // CLIENT SETNAME, shown by CLIENT LIST
  // 3: HELLO 3 first and RESP2 if the server refuses it (Redis < 6); 2: RESP2 only.
  int protocol = 3;

  // Connections each loop keeps for commands (pub/sub has its own). Commands issued by the
  // coroutines of one loop are pipelined over these; one is enough for most services.
  std::size_t connections_per_loop = 1;
  std::chrono::milliseconds connect_timeout{5000};
  // A command without a reply after this fails with a timeout error; 0 means no limit (blocking
  // commands such as BLPOP with long waits need that, or a client of their own).
  std::chrono::milliseconds command_timeout{5000};
  // Backoff between failed connects, doubling from min to max. While it lasts, commands fail at
  // once with a connection error instead of queueing; the first command after it reconnects.
  std::chrono::milliseconds reconnect_min{100};
  std::chrono::milliseconds reconnect_max{5000};
  // Bytes of unsent commands per connection; past it commands fail (the server is not reading).
  std::size_t max_pending_bytes = 64u << 20;

  // Parser limits: a reply past any of them is a protocol error and the connection is closed.
  std::size_t max_bulk_length = 512u << 20;  // Redis' own proto-max-bulk-len default
  std::size_t max_elements = 64u << 20;      // elements in one aggregate
  std::size_t max_depth = 64;                // nesting of aggregates

  // Parses a redis:// or rediss:// URL into options (defaults for what it leaves out);
  // throws redis::error (usage) for anything else.
  static options from_url(std::string_view url);
  // The URL with the password replaced by ***, for logs.
  std::string redacted() const;
};

}  // namespace strata::redis
