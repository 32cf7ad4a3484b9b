#include "test_backend.hpp"

#include <fmt/format.h>
#include <pqxx/pqxx>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <stdexcept>

namespace campaign::test {

namespace {

// KEY=VALUE lines of the cluster's state file.
std::map<std::string, std::string> cluster_settings() {
  const char* state = std::getenv("CAMPAIGN_PG_STATE");
  if (state == nullptr || *state == '\0') {
    throw std::runtime_error("CAMPAIGN_TEST_BACKEND=postgresql needs CAMPAIGN_PG_STATE (tests/pg/cluster)");
  }
  std::ifstream in(std::string(state) + "/env");
  if (!in) {
    throw std::runtime_error(fmt::format("no cluster state in {}/env", state));
  }
  std::map<std::string, std::string> settings;
  for (std::string line; std::getline(in, line);) {
    if (const auto eq = line.find('='); eq != std::string::npos) {
      settings[line.substr(0, eq)] = line.substr(eq + 1);
    }
  }
  return settings;
}

} // namespace

std::string test_database() {
  const char* backend = std::getenv("CAMPAIGN_TEST_BACKEND");
  if (backend == nullptr || *backend == '\0' || std::string(backend) == "sqlite") {
    return ":memory:";
  }
  if (std::string(backend) != "postgresql") {
    throw std::runtime_error(fmt::format("CAMPAIGN_TEST_BACKEND={} is neither sqlite nor postgresql", backend));
  }
  static const auto settings = cluster_settings();
  static int serial = 0;
  const std::string server =
    fmt::format("postgresql://campaign_test@{}:{}", settings.at("CAMPAIGN_PG_HOST"), settings.at("CAMPAIGN_PG_PORT"));
  const std::string name = fmt::format("unit_{}_{}", getpid(), ++serial);
  pqxx::connection admin(server + "/postgres");
  pqxx::nontransaction session(admin);
  session.exec("DROP DATABASE IF EXISTS " + name);
  session.exec("CREATE DATABASE " + name);
  return server + "/" + name;
}

} // namespace campaign::test
