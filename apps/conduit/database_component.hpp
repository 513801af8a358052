// The database as a strata::app component: migrations run before the server answers (the tables
// exist on the first request), and /health/ready checks a round trip.
#pragma once
#include <strata/app/app.hpp>
#include <strata/log/logger.hpp>
#include <strata/sql/database.hpp>

#include <filesystem>

namespace conduit {

class database_component final : public strata::component {
public:
  // `migrations` holds one folder per dialect: sqlite/ and postgres/.
  database_component(strata::sql::database db, std::filesystem::path migrations, strata::log::logger& log)
      : db_(std::move(db)), migrations_(std::move(migrations)), log_(&log) {}

  std::string name() const override { return "database"; }
  void start() override;
  strata::health_check health() override;

private:
  strata::sql::database db_;
  std::filesystem::path migrations_;
  strata::log::logger* log_;
};

}  // namespace conduit
