// A service binary (the demo, conduit) run as a separate process for one test, on a port of its
// own, configured with --set; stopped with SIGTERM when the object goes.
#pragma once
#include <strata/core/testing/free_port.hpp>
#include <strata/core/testing/process.hpp>
#include <strata/http/testing/raw_client.hpp>

#include <signal.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace strata::http::testing {

class service_process {
public:
  // Starts `binary` with http.host, http.port and log.level=warn set, then `settings` (each one
  // "key=value", later ones win), and waits up to 10 s for `ready_path` to answer 200.
  service_process(const std::string& binary, std::vector<std::string> settings,
                  std::string ready_path = "/health/live")
      : port_(strata::testing::free_port()), ready_path_(std::move(ready_path)) {
    std::vector<std::string> args;
    settings.insert(settings.begin(), {"http.host=127.0.0.1", "http.port=" + std::to_string(port_), "log.level=warn"});
    for (auto& s : settings) {
      args.push_back("--set");
      args.push_back(std::move(s));
    }
    pid_ = strata::testing::spawn(binary, std::move(args));
    for (int i = 0; i < 400 && !ready(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ~service_process() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      strata::testing::wait_exit(pid_);
    }
  }
  service_process(const service_process&) = delete;
  service_process& operator=(const service_process&) = delete;

  bool ready() const {
    if (pid_ <= 0) return false;
    try {
      auto r = fetch(port_, get_request(ready_path_), false, std::chrono::milliseconds(300));
      return r && r->status == 200;
    } catch (const std::exception&) {
      return false;  // not listening yet
    }
  }
  std::uint16_t port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
  std::uint16_t port_;
  std::string ready_path_;
  pid_t pid_ = -1;
};

}  // namespace strata::http::testing
