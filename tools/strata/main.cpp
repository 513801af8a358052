// strata: the command-line tool of a Strata project: database migrations, schema validation,
// a service's OpenAPI document.
//   strata migrate up [--to VERSION] | down [--steps N] | status | create NAME
//          [--dir migrations] [--url URL]        (URL default: $DATABASE_URL, else sqlite:app.db)
#include "commands.hpp"

#include <strata/core/block_on.hpp>
#include <strata/sql/migrate.hpp>


#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <vector>

namespace {

using strata::sql::migrator;

int usage(const char* why = nullptr) {
  if (why) std::fprintf(stderr, "strata: %s\n", why);
  std::fprintf(stderr,
               "usage: strata migrate up [--to VERSION]     apply pending migrations\n"
               "       strata migrate down [--steps N]      revert the last N applied (default 1)\n"
               "       strata migrate status                list migrations and their state\n"
               "       strata migrate create NAME           write NNNN_NAME.up.sql and .down.sql\n"
               "options: --dir DIR (default migrations)  --url URL (default $DATABASE_URL, else sqlite:app.db)\n"
               "       strata schema validate SCHEMA.json INSTANCE.json   exit 0 valid, 1 invalid, 2 bad schema\n"
               "       strata openapi [--json|--yaml|--postman] SERVICE [ARGS...]   a service's API document\n"
               "       strata jwt keygen|public|sign|verify ...   JWT keys and tokens (strata jwt --help)\n");
  return 2;
}

std::optional<long long> number(const std::string& s) {
  char* end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || v < 0) return std::nullopt;
  return v;
}

int migrate(std::vector<std::string> args) {
  if (args.empty()) return usage("migrate needs a command: up, down, status or create");
  const std::string command = args[0];
  std::string dir = "migrations";
  const char* env_url = std::getenv("DATABASE_URL");
  std::string url = env_url && *env_url ? env_url : "sqlite:app.db";
  std::optional<long long> to, steps;
  std::string name;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const auto& a = args[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    if (a == "--dir") {
      auto v = value();
      if (!v) return usage("--dir needs a folder");
      dir = *v;
    } else if (a == "--url") {
      auto v = value();
      if (!v) return usage("--url needs a database URL");
      url = *v;
    } else if (a == "--to" && command == "up") {
      auto v = value();
      if (!v || !(to = number(*v))) return usage("--to needs a version number");
    } else if (a == "--steps" && command == "down") {
      auto v = value();
      if (!v || !(steps = number(*v))) return usage("--steps needs a number");
    } else if (command == "create" && name.empty() && !a.starts_with("--")) {
      name = a;
    } else {
      return usage(("unknown argument '" + a + "'").c_str());
    }
  }

  if (command == "create") {
    if (name.empty()) return usage("create needs a NAME");
    auto up = migrator::create(dir, name);
    std::printf("created %s and its .down.sql\n", up.string().c_str());
    return 0;
  }
  if (command != "up" && command != "down" && command != "status")
    return usage(("unknown migrate command '" + command + "'").c_str());

  auto db = strata::sql::database::open(url);
  migrator m(db, dir);
  strata::block_on([&]() -> strata::task<void> {
    if (command == "up") {
      auto applied = co_await m.up(to ? std::optional<std::int64_t>(*to) : std::nullopt);
      if (applied.empty()) std::printf("up to date: nothing to apply\n");
      for (auto v : applied) std::printf("applied %lld\n", static_cast<long long>(v));
    } else if (command == "down") {
      auto reverted = co_await m.down(steps ? static_cast<std::size_t>(*steps) : 1);
      if (reverted.empty()) std::printf("nothing to revert\n");
      for (auto v : reverted) std::printf("reverted %lld\n", static_cast<long long>(v));
    } else {
      for (const auto& s : co_await m.status())
        std::printf("%-8s %04lld_%s%s%s\n", std::string(to_string(s.st)).c_str(), static_cast<long long>(s.version),
                    s.name.c_str(), s.applied_at.empty() ? "" : "  applied ", s.applied_at.c_str());
    }
  });
  db.close();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") return usage();
  try {
    if (args[0] == "migrate") return migrate({args.begin() + 1, args.end()});
    if (args[0] == "schema") return strata::cli::schema_command({args.begin() + 1, args.end()});
    if (args[0] == "openapi") return strata::cli::openapi_command({args.begin() + 1, args.end()});
    if (args[0] == "jwt") return strata::cli::jwt_command({args.begin() + 1, args.end()});
    return usage(("unknown command '" + args[0] + "'").c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "strata: %s\n", e.what());
    return 1;
  }
}
