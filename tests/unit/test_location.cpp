#include "store/location.hpp"

#include <catch2/catch.hpp>

using namespace campaign::store;

TEST_CASE("a database location is a PostgreSQL URL or a file", "[location]") {
  CHECK(is_postgresql_url("postgresql://office/campaign"));
  CHECK(is_postgresql_url("postgres://u@h:5433/db?sslmode=require"));
  CHECK_FALSE(is_postgresql_url("campaign.db"));
  CHECK_FALSE(is_postgresql_url("/data/postgresql://x.db"));
  CHECK_FALSE(is_postgresql_url("mysql://h/db"));
}

TEST_CASE("a URL's password is hidden wherever it is", "[location]") {
  CHECK(display_location("postgresql://clerk:s3cret@db.office:5432/campaign") ==
        "postgresql://clerk:****@db.office:5432/campaign");
  CHECK(display_location("postgresql://clerk@db.office/campaign?sslmode=require&password=s3cret") ==
        "postgresql://clerk@db.office/campaign?sslmode=require&password=****");
  CHECK(display_location("postgresql://clerk:a%40b@h/db?password=x&password=y") ==
        "postgresql://clerk:****@h/db?password=****&password=****");
  // An @ in the password, written as it is: the last @ ends the user part.
  CHECK(display_location("postgresql://clerk:p@ss@h/db") == "postgresql://clerk:****@h/db");
  CHECK(display_location("postgresql://clerk@h/db") == "postgresql://clerk@h/db");
  CHECK(display_location("postgresql:///campaign") == "postgresql:///campaign");
  CHECK(display_location("demo.db") == "demo.db");
  CHECK(display_location("user:pw@not-a-url.db") == "user:pw@not-a-url.db");
}

TEST_CASE("a URL with a password is told apart", "[location]") {
  CHECK(url_has_password("postgresql://clerk:s3cret@h/db"));
  CHECK(url_has_password("postgresql://h/db?password=s3cret"));
  CHECK(url_has_password("postgresql://clerk:@h/db")); // empty, but typed on the command line all the same
  CHECK_FALSE(url_has_password("postgresql://clerk@h/db?sslmode=require"));
  CHECK_FALSE(url_has_password("postgresql://h/db?passwordless=1"));
  CHECK_FALSE(url_has_password("clerk:s3cret@file.db"));
}

TEST_CASE("a server's message never repeats the password", "[location]") {
  const std::string url = "postgresql://clerk:p%40ss%2Fw@h/db?password=other";
  CHECK(scrub_password("failed for p%40ss%2Fw and p@ss/w and other", url) == "failed for **** and **** and ****");
  CHECK(scrub_password("nothing secret", "demo.db") == "nothing secret");
}
