#pragma once

// Where the store's tests keep their database: in memory on SQLite, or, when
// CAMPAIGN_TEST_BACKEND=postgresql, in a new database on the test run's
// cluster (CAMPAIGN_PG_STATE names tests/pg/cluster's state folder). The
// test cases tagged [backend] take their database from here; ctest runs
// them once on each engine.

#include <string>

namespace campaign::test {

// ":memory:", or the URL of a new, empty database on the cluster.
std::string test_database();

} // namespace campaign::test
