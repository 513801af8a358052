// An executor that forwards to another and records each statement, so tests can prove how many
// round trips an operation took (eager loading: one per relation, never one per row).
#pragma once
#include <strata/sql/database.hpp>

#include <string>
#include <vector>

namespace strata::orm::testing {

class counting_executor final : public sql::executor {
public:
  explicit counting_executor(sql::executor& inner) : inner_(&inner) {}

  sql::dialect kind() const override { return inner_->kind(); }
  task<sql::result> run(sql::statement s) override {
    statements.push_back(s.sql);
    return inner_->run(std::move(s));
  }
  task<std::vector<sql::result>> pipeline(std::vector<sql::statement> batch) override {
    for (const auto& s : batch) statements.push_back(s.sql);
    return inner_->pipeline(std::move(batch));
  }
  task<void> script(std::string sql) override {
    statements.push_back(sql);
    return inner_->script(std::move(sql));
  }

  std::vector<std::string> statements;

private:
  sql::executor* inner_;
};

}  // namespace strata::orm::testing
