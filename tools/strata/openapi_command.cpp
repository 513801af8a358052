// `strata openapi [--yaml|--postman] SERVICE [ARGS...]`: the OpenAPI document (or Postman
// collection) of a Strata service, which knows its routes: the service is run with
// --print-openapi, prints it and exits without serving.
#include "commands.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace strata::cli {

int openapi_command(const std::vector<std::string>& args) {
  std::string format = "json";
  std::size_t i = 0;
  for (; i < args.size() && args[i].starts_with("--"); ++i) {
    if (args[i] == "--yaml") format = "yaml";
    else if (args[i] == "--postman") format = "postman";
    else if (args[i] == "--json") format = "json";
    else {
      std::fprintf(stderr, "strata: unknown option '%s'\n", args[i].c_str());
      i = args.size();
      break;
    }
  }
  if (i >= args.size()) {
    std::fprintf(stderr, "usage: strata openapi [--json|--yaml|--postman] SERVICE [ARGS...]\n");
    return 2;
  }
  std::vector<std::string> argv_text(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
  argv_text.push_back("--print-openapi=" + format);
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  ::execvp(argv[0], argv.data());
  std::fprintf(stderr, "strata: cannot run '%s': %s\n", argv[0], std::strerror(errno));
  return 2;
}

}  // namespace strata::cli
