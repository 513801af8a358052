// Health checks, Kubernetes style: /health/live answers while the process runs; /health/ready
// runs every registered check (database, redis, ...) with a timeout each, 503 naming what failed.
#pragma once
#include <strata/core/task.hpp>
#include <strata/http/router.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace strata {

struct health_result {
  bool ok = true;
  std::string detail;  // why it failed, or a short status ("3 connections")
};

using health_check = std::function<task<health_result>()>;

class health_registry {
public:
  void add(std::string name, health_check check, std::chrono::milliseconds timeout = std::chrono::seconds(2));
  std::size_t size() const { return checks_->size(); }

  // Runs every check (concurrently, each bounded by its timeout) and reports
  // {"status":"ok"|"fail","checks":{name:{"status":..,"detail":..,"duration_ms":..}}}.
  task<boost::json::object> run(bool& all_ok) const;

  // Registers GET /health/live and GET /health/ready on a scope.
  std::function<void(http::scope&)> routes() const;

private:
  struct entry {
    std::string name;
    health_check check;
    std::chrono::milliseconds timeout;
  };
  std::shared_ptr<std::vector<entry>> checks_ = std::make_shared<std::vector<entry>>();
};

}  // namespace strata
